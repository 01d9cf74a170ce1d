package testrunner

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"
)

// check compares an answer with the test's expectations and returns every
// difference.
func (e Expect) check(status int, header http.Header, body []byte, meta map[string]interface{}, metaWritten bool) []string {
	var fails []string
	if e.Status != 0 && status != e.Status {
		fails = append(fails, fmt.Sprintf("status %d, want %d", status, e.Status))
	}
	names := make([]string, 0, len(e.Headers))
	for k := range e.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if got := header.Get(k); got != e.Headers[k] {
			fails = append(fails, fmt.Sprintf("header %s: %q, want %q", k, got, e.Headers[k]))
		}
	}
	switch {
	case e.Body != nil && string(body) != *e.Body:
		fails = append(fails, fmt.Sprintf("body %s, want %s", abbreviate(body), abbreviate([]byte(*e.Body))))
	case len(e.JSON) > 0:
		fails = append(fails, jsonDiff(body, e.JSON, false)...)
	case len(e.JSONSubset) > 0:
		fails = append(fails, jsonDiff(body, e.JSONSubset, true)...)
	}
	if len(e.SessionMeta) > 0 {
		var want map[string]interface{}
		if err := json.Unmarshal(e.SessionMeta, &want); err != nil {
			fails = append(fails, fmt.Sprintf("expect.session_meta: %v", err))
		} else if !metaWritten {
			fails = append(fails, "session meta_data: not written back (does the endpoint set use_session, and did the test give a session?)")
		} else if !reflect.DeepEqual(normalise(meta), normalise(want)) {
			got, _ := json.Marshal(meta)
			fails = append(fails, fmt.Sprintf("session meta_data %s, want %s", got, e.SessionMeta))
		}
	}
	return fails
}

// jsonDiff compares body with want as JSON: equal, or (subset) containing it.
func jsonDiff(body []byte, want json.RawMessage, subset bool) []string {
	var got, w interface{}
	if err := json.Unmarshal(body, &got); err != nil {
		return []string{fmt.Sprintf("body is not JSON (%v): %s", err, abbreviate(body))}
	}
	if err := json.Unmarshal(want, &w); err != nil {
		return []string{fmt.Sprintf("the expected JSON is invalid: %v", err)}
	}
	var diffs []string
	compareJSON("$", got, w, subset, &diffs)
	return diffs
}

func compareJSON(path string, got, want interface{}, subset bool, diffs *[]string) {
	switch w := want.(type) {
	case map[string]interface{}:
		g, ok := got.(map[string]interface{})
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: %s, want an object", path, short(got)))
			return
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				*diffs = append(*diffs, fmt.Sprintf("%s.%s: missing, want %s", path, k, short(w[k])))
				continue
			}
			compareJSON(path+"."+k, gv, w[k], subset, diffs)
		}
		if !subset {
			for k := range g {
				if _, ok := w[k]; !ok {
					*diffs = append(*diffs, fmt.Sprintf("%s.%s: unexpected %s", path, k, short(g[k])))
				}
			}
		}
	case []interface{}:
		g, ok := got.([]interface{})
		if !ok || len(g) != len(w) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %s, want %s", path, short(got), short(want)))
			return
		}
		for i := range w {
			compareJSON(fmt.Sprintf("%s[%d]", path, i), g[i], w[i], subset, diffs)
		}
	default:
		if !reflect.DeepEqual(got, want) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %s, want %s", path, short(got), short(want)))
		}
	}
}

func normalise(m map[string]interface{}) interface{} {
	b, _ := json.Marshal(m)
	var v interface{}
	_ = json.Unmarshal(b, &v)
	return v
}

func short(v interface{}) string {
	b, _ := json.Marshal(v)
	return abbreviate(b)
}

func abbreviate(b []byte) string {
	const max = 200
	if len(b) <= max {
		return string(b)
	}
	return string(b[:max]) + fmt.Sprintf("… (%d bytes)", len(b))
}
