package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrateReportExitStatus(t *testing.T) {
	t.Parallel()
	apps := filepath.Join("..", "..", "testdata", "migrate", "apps")
	js, err := filepath.Abs(filepath.Join(apps, "js", "classic.js"))
	if err != nil {
		t.Fatal(err)
	}
	sameDir := t.TempDir()
	def := `{"api_id": "same", "org_id": "o", "proxy": {"listen_path": "/s/", "target_url": "${UPSTREAM}"},
	  "version_data": {"not_versioned": true, "versions": {"Default": {"name": "Default", "extended_paths": {"virtual": [
	    {"path": "/same", "method": "GET", "response_function_name": "same", "function_source_type": "file", "function_source_uri": ` +
		migrateQuote(js) + `}]}}}}}`
	migrateWriteFile(t, filepath.Join(sameDir, "same.json"), def)
	badSamples := filepath.Join(t.TempDir(), "samples.json")
	migrateWriteFile(t, badSamples, `[{"method": "get", "path": "nope"}]`)

	tests := []struct {
		name       string
		args       []string
		want       int
		wantStdout string
		wantStderr string
	}{
		{"help", []string{"-h"}, 0, "", "--apps DIR"},
		{"no --apps", nil, 2, "", "usage: tyk-ve migrate-report"},
		{"unknown flag", []string{"--nope"}, 2, "", "flag provided but not defined"},
		{"extra argument", []string{"--apps", apps, "extra"}, 2, "", "usage"},
		{"missing folder", []string{"--apps", filepath.Join(apps, "missing")}, 2, "", "not a directory"},
		{"no definitions", []string{"--apps", t.TempDir()}, 2, "", "no API definitions found"},
		{"missing samples file", []string{"--apps", apps, "--samples", filepath.Join(apps, "none.json")}, 2, "", "none.json"},
		{"invalid samples file", []string{"--apps", apps, "--samples", badSamples}, 2, "", "samples[0].method"},
		{"bad --set", []string{"--apps", apps, "--set", "novalue"}, 2, "", "NAME=VALUE"},
		{"endpoints change", []string{"--apps", apps}, 1, "different GET    /keys", ""},
		{"samples file", []string{"--apps", apps, "--samples", filepath.Join(apps, "..", "samples.json")}, 1, "samples from the samples file", ""},
		{"all the same", []string{"--apps", sameDir}, 0, "same   GET    /same", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			got := run(append([]string{"migrate-report"}, tc.args...), &stdout, &stderr)
			if got != tc.want {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", got, tc.want, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.wantStdout) || !strings.Contains(stderr.String(), tc.wantStderr) {
				t.Fatalf("stdout %q\nstderr %q\nwant %q / %q", stdout.String(), stderr.String(), tc.wantStdout, tc.wantStderr)
			}
		})
	}
}

func TestMigrateReportJSON(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	apps := filepath.Join("..", "..", "testdata", "migrate", "apps")
	if got := run([]string{"migrate-report", "--apps", apps, "--json"}, &stdout, &stderr); got != 1 {
		t.Fatalf("exit %d: %s", got, stderr.String())
	}
	var rep struct {
		APIs []struct {
			APIID     string `json:"api_id"`
			Endpoints []struct {
				Label   string   `json:"label"`
				Verdict string   `json:"verdict"`
				Causes  []string `json:"causes"`
			} `json:"endpoints"`
		} `json:"apis"`
		Summary struct {
			Endpoints, Same, Different, Untested int
			Causes                               map[string]int
		} `json:"summary"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout.String())
	}
	if len(rep.APIs) != 4 || rep.Summary.Different == 0 || rep.Summary.Same == 0 ||
		rep.Summary.Same+rep.Summary.Different+rep.Summary.Untested != rep.Summary.Endpoints || rep.Summary.Causes["key order of JSON.stringify"] == 0 {
		t.Fatalf("unexpected report: %+v", rep.Summary)
	}
}

func migrateWriteFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func migrateQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
