package testrunner

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// WriteResult writes a test's line (and, for a failure, its reasons and the
// plugin's log lines) as tyk-ve test prints them.
func WriteResult(w io.Writer, r Result) {
	if r.Passed {
		fmt.Fprintf(w, "ok    %s: %s (%s)\n", r.File, r.Name, r.Duration.Round(time.Millisecond))
		return
	}
	fmt.Fprintf(w, "FAIL  %s: %s (%s)\n", r.File, r.Name, r.Duration.Round(time.Millisecond))
	for _, f := range r.Failures {
		fmt.Fprintf(w, "      %s\n", f)
	}
	for _, l := range r.Logs {
		fmt.Fprintf(w, "      log: %s\n", l)
	}
}

// WriteSummary writes the final line: "N passed, N failed".
func WriteSummary(w io.Writer, s *Summary) {
	fmt.Fprintf(w, "%d passed, %d failed\n", s.Passed, s.Failed)
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Tests   int          `xml:"tests,attr"`
	Fails   int          `xml:"failures,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name  string      `xml:"name,attr"`
	Tests int         `xml:"tests,attr"`
	Fails int         `xml:"failures,attr"`
	Time  string      `xml:"time,attr"`
	Cases []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the results as JUnit XML (one testsuite per file), the
// format CI systems read.
func WriteJUnit(w io.Writer, s *Summary) error {
	out := junitSuites{Tests: s.Passed + s.Failed, Fails: s.Failed}
	index := map[string]int{}
	for _, r := range s.Results {
		i, ok := index[r.File]
		if !ok {
			i = len(out.Suites)
			index[r.File] = i
			out.Suites = append(out.Suites, junitSuite{Name: r.File})
		}
		suite := &out.Suites[i]
		c := junitCase{Name: r.Name, ClassName: r.File, Time: seconds(r.Duration), SystemOut: strings.Join(r.Logs, "\n")}
		if !r.Passed {
			c.Failure = &junitFailure{Message: first(r.Failures), Text: strings.Join(r.Failures, "\n")}
			suite.Fails++
		}
		suite.Tests++
		suite.Cases = append(suite.Cases, c)
	}
	for i := range out.Suites {
		var total time.Duration
		for _, r := range s.Results {
			if r.File == out.Suites[i].Name {
				total += r.Duration
			}
		}
		out.Suites[i].Time = seconds(total)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// WriteJUnitFile writes WriteJUnit's output to a file.
func WriteJUnitFile(path string, s *Summary) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WriteJUnit(f, s); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
