package migrate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/tyk-ve/tyk-ve/internal/ottoengine"
)

// endpointResult gathers one endpoint's requests.
type endpointResult struct {
	requests int
	first    *Difference
	causes   []string
	notes    []string
	// sameRun1 remembers whether the current sample's first run matched;
	// tyk1 and tv1 are its first answers.
	sameRun1  bool
	tyk1, tv1 *capture
	// unstable is set when one engine answered a repeated request
	// differently and the other did not.
	unstable bool
}

func (res *endpointResult) add(run *apiRun, label string, smp Sample, runNo int, tyk, tv *capture) {
	res.requests++
	d, note := compare(tyk, tv)
	if runNo == 1 {
		res.sameRun1, res.tyk1, res.tv1 = d == nil, tyk, tv
	} else {
		tykSame, _ := compare(res.tyk1, tyk)
		tvSame, _ := compare(res.tv1, tv)
		if (tykSame == nil) != (tvSame == nil) {
			res.unstable = true
		}
	}
	if note != "" && !contains(res.notes, note) {
		res.notes = append(res.notes, note)
	}
	if d == nil {
		return
	}
	d.Request, d.Run = smp.Method+" "+smp.Target(), runNo
	if res.first == nil {
		res.first = d
	}
	for _, c := range run.causes(label, d, tyk, tv, runNo == 2 && (res.sameRun1 || res.unstable)) {
		if !contains(res.causes, c) {
			res.causes = append(res.causes, c)
		}
	}
}

func (res *endpointResult) report(e endpoint) EndpointReport {
	method, path, _ := strings.Cut(e.describe(), " ")
	er := EndpointReport{Label: e.label, Method: method, Path: path, Function: e.conf.ResponseFunctionName}
	switch {
	case res == nil:
		er.Verdict, er.Note = VerdictUntested, errNoSample.Error()
		return er
	case res.first != nil:
		er.Verdict, er.First, er.Causes = VerdictDifferent, res.first, res.causes
	default:
		er.Verdict = VerdictSame
		er.Note = strings.Join(res.notes, "; ")
	}
	er.Requests = res.requests
	return er
}

// compare returns the first difference between Tyk's and tyk-ve's answers,
// or nil with a note on what both did when they did not respond.
func compare(tyk, tv *capture) (*Difference, string) {
	if tyk.kind != tv.kind || tyk.kind == ottoengine.Looped {
		return &Difference{Where: "outcome", Tyk: describe(tyk, true), TykVE: describe(tv, false)}, ""
	}
	switch tyk.kind {
	case ottoengine.Failed:
		return nil, "fails on both engines: both answer 500, tyk-ve's error body differs by design"
	case ottoengine.Proxied:
		return nil, "goes on to the upstream on both engines"
	case ottoengine.Dropped:
		return nil, "connection dropped on both engines"
	}
	if tyk.status != tv.status {
		return &Difference{Where: "status", Tyk: fmt.Sprint(tyk.status), TykVE: fmt.Sprint(tv.status)}, ""
	}
	// The body before Content-Length: a longer body is the difference, not
	// its length.
	if name, a, b, ok := headerDiff(tyk.header, tv.header, "Content-Length"); ok {
		return &Difference{Where: "header", Header: name, Tyk: a, TykVE: b}, ""
	}
	if !bytes.Equal(tyk.body, tv.body) {
		off := firstDiff(tyk.body, tv.body)
		return &Difference{Where: "body", Offset: off, Tyk: excerpt(tyk.body, off), TykVE: excerpt(tv.body, off)}, ""
	}
	if name, a, b, ok := headerDiff(tyk.header, tv.header, ""); ok {
		return &Difference{Where: "header", Header: name, Tyk: a, TykVE: b}, ""
	}
	return nil, ""
}

func describe(c *capture, tyk bool) string {
	switch c.kind {
	case ottoengine.Responded:
		return fmt.Sprintf("status %d", c.status)
	case ottoengine.Failed:
		return "500 error: " + c.err
	case ottoengine.Proxied:
		if c.err != "" {
			return "proxied to the upstream after an error: " + c.err
		}
		return "proxied to the upstream (no endpoint answered)"
	case ottoengine.Looped:
		if tyk {
			return "empty 200 (the loop to " + c.loop + " is never followed)"
		}
		return "follows the loop to " + c.loop
	case ottoengine.Dropped:
		return "connection dropped (" + c.err + ")"
	}
	return c.kind.String()
}

// headerDiff returns the first header (by canonical name) whose values
// differ, leaving out skip.
func headerDiff(a, b http.Header, skip string) (name, va, vb string, differ bool) {
	names := map[string]bool{}
	for k := range a {
		names[k] = true
	}
	for k := range b {
		names[k] = true
	}
	sorted := make([]string, 0, len(names))
	for k := range names {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	val := func(h http.Header, k string) string {
		vs, ok := h[k]
		if !ok {
			return "(absent)"
		}
		return fmt.Sprintf("%q", strings.Join(vs, ", "))
	}
	for _, k := range sorted {
		if k == skip {
			continue
		}
		if x, y := val(a, k), val(b, k); x != y {
			return k, x, y, true
		}
	}
	return "", "", "", false
}

func firstDiff(a, b []byte) int {
	n := len(a)
	if len(b) < n {
		n = len(b)
	}
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// excerpt quotes the bytes around off.
func excerpt(b []byte, off int) string {
	start, end := off-12, off+28
	if start < 0 {
		start = 0
	}
	if end > len(b) {
		end = len(b)
	}
	if start > len(b) {
		start = len(b)
	}
	s := fmt.Sprintf("%q", b[start:end])
	if start > 0 {
		s = "…" + s
	}
	if end < len(b) {
		s += "…"
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// canonicalJSON re-encodes JSON text as Go's encoding/json (and so otto's
// JSON.stringify) writes it: keys sorted, <, >, & and U+2028/2029 escaped,
// lone surrogate escapes turned into U+FFFD.
func canonicalJSON(b []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v interface{}
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, false
	}
	out, err := json.Marshal(v)
	return out, err == nil
}

// keySequence lists the object keys of JSON text in the order written,
// depth first.
func keySequence(b []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(b))
	var keys []string
	var walk func() error
	walk = func() error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		d, ok := tok.(json.Delim)
		if !ok {
			return nil
		}
		for dec.More() {
			if d == '{' {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				keys = append(keys, fmt.Sprint(k))
			}
			if err := walk(); err != nil {
				return err
			}
		}
		_, err = dec.Token() // the closing delimiter
		return err
	}
	_ = walk()
	return keys
}
