package migrate

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

func (r *Report) summarise() {
	s := Summary{APIs: len(r.APIs), Causes: map[string]int{}}
	for _, a := range r.APIs {
		for _, e := range a.Endpoints {
			s.Endpoints++
			s.Requests += e.Requests
			switch e.Verdict {
			case VerdictSame:
				s.Same++
			case VerdictDifferent:
				s.Different++
			default:
				s.Untested++
			}
			for _, c := range e.Causes {
				s.Causes[c]++
			}
		}
	}
	if len(s.Causes) == 0 {
		s.Causes = nil
	}
	r.Summary = s
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report as a table per API and a summary line.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	samples := "samples from the samples file"
	if r.Generated {
		samples = "samples generated from the path patterns"
	}
	fmt.Fprintf(&b, "tyk-ve migrate-report: Tyk ≤ 5.14 (otto) vs tyk-ve; %s, each sent twice\n", samples)
	for _, a := range r.APIs {
		fmt.Fprintf(&b, "\nAPI %s %q (%s, %s)\n", a.APIID, a.Name, a.File, a.Format)
		if len(a.Endpoints) == 0 {
			b.WriteString("  no virtual endpoints\n")
			continue
		}
		rows := [][]string{{"RESULT", "METHOD", "PATH", "FUNCTION", "ENDPOINT"}}
		for _, e := range a.Endpoints {
			rows = append(rows, []string{e.Verdict, e.Method, e.Path, e.Function, e.Label})
		}
		widths := make([]int, len(rows[0]))
		for _, row := range rows {
			for i, c := range row {
				if n := len([]rune(c)); n > widths[i] {
					widths[i] = n
				}
			}
		}
		for ri, row := range rows {
			b.WriteString(" ")
			for i, c := range row {
				if i == len(row)-1 {
					b.WriteString(" " + c)
					continue
				}
				fmt.Fprintf(&b, " %s%s", c, strings.Repeat(" ", widths[i]-len([]rune(c))))
			}
			b.WriteString("\n")
			if ri == 0 {
				continue
			}
			writeDetail(&b, a.Endpoints[ri-1])
		}
	}
	if len(r.Skipped) > 0 {
		b.WriteString("\nSkipped files (not API definitions):\n")
		for _, s := range r.Skipped {
			fmt.Fprintf(&b, "  %s: %s\n", s.File, s.Reason)
		}
	}
	if len(r.Unmatched) > 0 {
		b.WriteString("\nSamples no endpoint matched (not compared):\n")
		for _, u := range r.Unmatched {
			fmt.Fprintf(&b, "  %s\n", u)
		}
	}
	s := r.Summary
	fmt.Fprintf(&b, "\nSummary: %d APIs, %d endpoints: %d same, %d different, %d untested; %d requests",
		s.APIs, s.Endpoints, s.Same, s.Different, s.Untested, s.Requests)
	if len(s.Causes) > 0 {
		names := make([]string, 0, len(s.Causes))
		for c := range s.Causes {
			names = append(names, c)
		}
		sort.Strings(names)
		parts := make([]string, len(names))
		for i, c := range names {
			parts[i] = fmt.Sprintf("%s %d", c, s.Causes[c])
		}
		fmt.Fprintf(&b, "; causes: %s", strings.Join(parts, ", "))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeDetail(b *strings.Builder, e EndpointReport) {
	const indent = "      "
	if e.OttoLoadError != "" {
		fmt.Fprintf(b, "%sTyk could not load the script: %s\n", indent, e.OttoLoadError)
	}
	if e.Verdict != VerdictDifferent {
		if e.Note != "" {
			fmt.Fprintf(b, "%s%s\n", indent, e.Note)
		}
		return
	}
	d := e.First
	where := d.Where
	switch d.Where {
	case "header":
		where = "header " + d.Header
	case "body":
		where = fmt.Sprintf("body at byte %d", d.Offset)
	}
	fmt.Fprintf(b, "%s%s (run %d): %s\n", indent, d.Request, d.Run, where)
	fmt.Fprintf(b, "%s  Tyk     %s\n", indent, d.Tyk)
	fmt.Fprintf(b, "%s  tyk-ve  %s\n", indent, d.TykVE)
	if len(e.Causes) == 0 {
		fmt.Fprintf(b, "%scause: not recognised\n", indent)
		return
	}
	fmt.Fprintf(b, "%scause: %s\n", indent, strings.Join(e.Causes, "; "))
}
