package hostobj

import "strings"

// maxSimpleParams bounds the pairs of a query scanned lazily: url.ParseQuery
// refuses queries past a limit of its own (in newer Go), which the scan
// leaves to it.
const maxSimpleParams = 1000

// simpleQuery reports queries scanQuery reads exactly as url.ParseQuery
// does: ASCII without escapes (so every key and value is itself, with +
// as a space), and not too many pairs.
func simpleQuery(q string) bool {
	if strings.Count(q, "&") >= maxSimpleParams {
		return false
	}
	for i := 0; i < len(q); i++ {
		if c := q[i]; c == '%' || c >= 0x80 {
			return false
		}
	}
	return true
}

// scanQuery returns the values url.ParseQuery(q) gives key, in order, or
// nil when it gives none; q must be simple (simpleQuery). Pairs are split
// on &, a pair holding a semicolon is skipped, as is an empty one, and a
// pair's key and value are split at its first =.
func scanQuery(q, key string) []string {
	var vals []string
	for q != "" {
		var pair string
		pair, q, _ = strings.Cut(q, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if plusToSpace(k) != key {
			continue
		}
		vals = append(vals, plusToSpace(v))
	}
	return vals
}

// plusToSpace is url.QueryUnescape of text without escapes.
func plusToSpace(s string) string {
	if !strings.Contains(s, "+") {
		return s
	}
	return strings.ReplaceAll(s, "+", " ")
}
