package migrate

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/migrate")

const fixtures = "../../testdata/migrate"

func runReport(t *testing.T, opts Options) *Report {
	t.Helper()
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rep, err := Run(ctx, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

func loadSamples(t *testing.T, name string) []Sample {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseSamples(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestReportGolden compares the report's text with the golden files: the
// fixtures' Classic and OAS endpoints exercise each known difference, and
// some answer the same.
func TestReportGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, samples, golden string
	}{
		{"generated samples", "", "report.golden"},
		{"samples file", "samples.json", "report-samples.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := Options{AppsDir: filepath.Join(fixtures, "apps")}
			if tc.samples != "" {
				opts.Samples = loadSamples(t, tc.samples)
			}
			var got bytes.Buffer
			if err := runReport(t, opts).WriteText(&got); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(fixtures, tc.golden)
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("report differs from %s (run with -update after checking):\n--- got\n%s\n--- want\n%s", tc.golden, got.Bytes(), want)
			}
		})
	}
}

// TestReportVerdicts checks each fixture endpoint's verdict and causes
// through the structured report, independently of the text layout.
func TestReportVerdicts(t *testing.T) {
	t.Parallel()
	rep := runReport(t, Options{AppsDir: filepath.Join(fixtures, "apps")})
	got := map[string]EndpointReport{}
	for _, a := range rep.APIs {
		for _, e := range a.Endpoints {
			got[a.APIID+" "+e.Label] = e
		}
	}
	tests := []struct {
		endpoint, verdict, cause string
	}{
		{"classic-api extended_paths.virtual[0]", VerdictSame, ""},
		{"classic-api extended_paths.virtual[1]", VerdictSame, ""},
		{"classic-api extended_paths.virtual[2]", VerdictDifferent, CauseKeyOrder},
		{"classic-api extended_paths.virtual[3]", VerdictDifferent, CauseEscaping},
		{"classic-api extended_paths.virtual[4]", VerdictDifferent, CauseSurrogates},
		{"classic-api extended_paths.virtual[5]", VerdictDifferent, CauseES5Parse},
		{"classic-api extended_paths.virtual[6]", VerdictDifferent, CauseLoop},
		{"classic-api extended_paths.virtual[7]", VerdictSame, ""}, // fails on both
		{"classic-api extended_paths.virtual[8]", VerdictSame, ""}, // proxy_on_error on both
		{"classic-api extended_paths.virtual[9]", VerdictDifferent, CauseChunked},
		{"classic-api extended_paths.virtual[10]", VerdictSame, ""},     // TykMakeHttpRequest to the stub
		{"classic-api extended_paths.virtual[11]", VerdictSame, ""},     // regex path, blob source
		{"classic-api extended_paths.virtual[12]", VerdictUntested, ""}, // /same matches it first
		{"classic-api extended_paths.virtual[13]", VerdictDifferent, CauseES2015},
		{"classic-api extended_paths.virtual[14]", VerdictDifferent, CauseGoPanic},
		{"oas-api virtualEndpoint[0]", VerdictDifferent, CauseEscaping},
		{"oas-api virtualEndpoint[1]", VerdictDifferent, CauseES5Parse},
		{"oas-api virtualEndpoint[2]", VerdictDifferent, CauseStatus},
		{"oas-api virtualEndpoint[3]", VerdictDifferent, CauseUnderscore},
		{"oas-api virtualEndpoint[4]", VerdictSame, ""},
		// Fetched at load: Tyk keeps the value; tyk-ve runs the top level in a new
		// runtime for each call and fetches it again, with the same answer.
		{"state-api tyk_ve.endpoints[0]", VerdictSame, ""},
		{"state-api extended_paths.virtual[0]", VerdictSame, ""},
		{"shared-api extended_paths.virtual[0]", VerdictDifferent, CauseTopLevel},
		{"shared-api extended_paths.virtual[1]", VerdictDifferent, CauseConfigKey},
	}
	for _, tc := range tests {
		t.Run(tc.endpoint, func(t *testing.T) {
			e, ok := got[tc.endpoint]
			if !ok {
				t.Fatalf("endpoint missing from the report")
			}
			if e.Verdict != tc.verdict {
				t.Fatalf("verdict %q, want %q (first difference %+v)", e.Verdict, tc.verdict, e.First)
			}
			if tc.verdict == VerdictUntested {
				if e.Requests != 0 || !strings.Contains(e.Note, "extended_paths.virtual[0] first") {
					t.Errorf("untested endpoint: %d requests, note %q", e.Requests, e.Note)
				}
				return
			}
			want := 4 // two samples, each sent twice
			if tc.endpoint == "classic-api extended_paths.virtual[0]" {
				want = 8 // and /same-again's two
			}
			if e.Requests != want {
				t.Errorf("requests %d, want %d", e.Requests, want)
			}
			if tc.cause != "" && !contains(e.Causes, tc.cause) {
				t.Errorf("causes %q, want %q among them", e.Causes, tc.cause)
			}
			if tc.verdict == VerdictSame && e.First != nil {
				t.Errorf("same endpoint with a difference: %+v", e.First)
			}
		})
	}
	if n := len(got); n != len(tests) {
		t.Errorf("report has %d endpoints, the table %d (the disabled endpoint must be left out)", n, len(tests))
	}
	if !rep.Changes() || rep.Summary.Different != 14 || rep.Summary.Same != 9 || rep.Summary.Untested != 1 {
		t.Errorf("summary %+v", rep.Summary)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].File != "notes.json" {
		t.Errorf("skipped %+v, want notes.json", rep.Skipped)
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	if _, err := Run(context.Background(), Options{AppsDir: filepath.Join(fixtures, "missing")}); err == nil {
		t.Error("a missing folder must fail")
	}
	_, err := Run(context.Background(), Options{AppsDir: t.TempDir()})
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte(ErrNoDefinitions.Error())) {
		t.Errorf("an empty folder: %v, want %v", err, ErrNoDefinitions)
	}
}
