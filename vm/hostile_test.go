package vm

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Hostile scripts run in a child process whose Go stack is capped at 32 MiB
// (debug.SetMaxStack), so that recursion that would need a few hundred MB
// of the gateway's 1 GiB stack — a long endpoint timeout allows that much —
// shows up within a CI run: a fatal "stack exceeds limit" there is what a
// gateway would die of. The child runs the corpus under testdata/hostile/
// and TYKVE_HOSTILE_N generated scripts (default hostileDefaultN; seed
// TYKVE_HOSTILE_SEED, default 1; TYKVE_HOSTILE_N=100000 for a long run),
// each on a fresh pool, and checks that the pool serves the next call.
// The parent fails if the child dies, printing the script that killed it.
const (
	hostileDefaultN = 100
	hostileStack    = 32 << 20
	hostileBegin    = "hostile: begin "
	hostileDone     = "hostile: done"
	// hostileOverrun is how long past its deadline a call may run: a
	// single long built-in overshoots (documented), a runaway does not end.
	hostileOverrun = 20 * time.Second
)

// TestHostileScripts: no script can take the process down.
func TestHostileScripts(t *testing.T) {
	if os.Getenv("TYKVE_HOSTILE_CHILD") == "1" {
		runHostileChild(t)
		return
	}
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs a child process")
	}
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostileScripts$", "-test.count=1", "-test.timeout=0", "-test.v")
	cmd.Env = append(os.Environ(), "TYKVE_HOSTILE_CHILD=1")
	out, err := cmd.CombinedOutput()
	text := string(out)
	if err == nil && strings.Contains(text, hostileDone) {
		if i := strings.LastIndex(text, "hostile: summary"); i >= 0 {
			t.Log(strings.SplitN(text[i:], "\n", 2)[0])
		}
		return
	}
	script, rest := lastHostileScript(text)
	t.Fatalf("the child process died (%v) running this script:\n%s\n--- child output from there on (first lines):\n%s", err, script, firstLines(rest, 12))
}

// lastHostileScript returns the last script the child began and the
// output that followed it.
func lastHostileScript(out string) (string, string) {
	i := strings.LastIndex(out, hostileBegin)
	if i < 0 {
		return "(none began)", out
	}
	block := out[i:]
	end := strings.Index(block, "\nhostile: run\n")
	if end < 0 {
		return block, ""
	}
	return block[:end], block[end:]
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

type hostileScript struct{ name, body string }

func hostileScripts(t *testing.T) []hostileScript {
	var scripts []hostileScript
	files, err := filepath.Glob(filepath.Join("testdata", "hostile", os.Getenv("TYKVE_HOSTILE_CORPUS")+"*.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus under testdata/hostile: %v", err)
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		scripts = append(scripts, hostileScript{filepath.Base(f), string(b)})
	}
	def := hostileDefaultN
	if raceEnabled { // goja runs several times slower: the corpus and a few
		def = hostileDefaultN / 10
	}
	n, seed := envInt(t, "TYKVE_HOSTILE_N", def), envInt(t, "TYKVE_HOSTILE_SEED", 1)
	g := newHostileGen(int64(seed))
	for i := 0; i < n; i++ {
		family, body := g.script()
		scripts = append(scripts, hostileScript{fmt.Sprintf("generated %d (seed %d, %s)", i, seed, family), body})
	}
	return scripts
}

func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

// runHostileChild runs every script with the small stack, printing each
// before it runs so that the parent can name the one that killed it.
func runHostileChild(t *testing.T) {
	debug.SetMaxStack(hostileStack)
	guardsOff := os.Getenv("TYKVE_HOSTILE_GUARDS_OFF") == "1"
	if guardsOff {
		apiAreas = areasWithout("guards")
	}
	timeout := time.Second
	if raceEnabled {
		timeout = 3 * time.Second
	}
	if guardsOff {
		// Without the guards a crasher must get as far as the crash, however
		// slowly a busy machine builds its data.
		timeout = time.Minute
	}
	counts := map[string]int{}
	start := time.Now()
	for i, s := range hostileScripts(t) {
		fmt.Printf("%s%d %s\n%s\nhostile: run\n", hostileBegin, i, s.name, s.body)
		p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes, c.Prewarm = 1, 1 }, veSource(s.body),
			`function ok() { return TykJsResponse({Body: "ok", Code: 200}) }`)
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		began := time.Now()
		// a call that outlives its deadline by far holds a runtime and a
		// CPU: that fails the run too (the parent names the script)
		watchdog := time.AfterFunc(timeout+hostileOverrun, func() {
			fmt.Printf("hostile: overrun: still running %v after its %v deadline\n", hostileOverrun, timeout)
			os.Exit(3)
		})
		resp, err := p.Call(ctx, &Call{Function: "run", Request: &Request{URL: "/"}})
		watchdog.Stop()
		cancel()
		took := time.Since(began)
		outcome := "ok"
		switch {
		case errors.Is(err, ErrTimeout):
			outcome = "timeout"
		case errors.Is(err, ErrStackOverflow):
			outcome = "stack overflow"
		case err != nil:
			outcome = "error"
		}
		counts[outcome]++
		fmt.Printf("hostile: end %d %s after %v: %v %s\n", i, outcome, took.Round(time.Millisecond), err, firstLines(respBody(resp), 1))
		if r, err := call(t, p, "ok", nil); err != nil || r.Body != "ok" {
			t.Fatalf("script %d (%s): the pool does not serve the next call: %v", i, s.name, err)
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Printf("hostile: summary %v in %v\n%s\n", counts, time.Since(start).Round(time.Millisecond), hostileDone)
}

func respBody(r *Response) string {
	if r == nil {
		return ""
	}
	if len(r.Body) > 200 {
		return r.Body[:200]
	}
	return r.Body
}

// hostileCrashers are the corpus scripts that kill a process without the
// guards (each alone, 32 MiB stack): TestHostileCorpusNeedsTheGuards keeps
// that true, so that TestHostileScripts is known to catch a lost guard.
var hostileCrashers = []string{
	"issue11_flat_nesting_in_second_element", "issue11_proxy_chain", "array_pop_length_chain",
	"error_tostring_chain", "eval_nested_parentheses", "flags_getter_self", "flat_cycle",
	"function_arrow_chain", "function_nested_arrays", "join_is_tostring", "join_nesting_last",
	"object_tolocalestring_self", "promise_catch_is_then", "proxy_chain_caught", "proxy_handler_chain",
	"string_bound_chain", "string_nested_arrays", "trim_as_tostring", "to_primitive_is_apply",
	"tostringtag_getter_is_map_size",
}

// TestHostileCorpusNeedsTheGuards runs each crasher of the corpus in a
// child process with the recursion guards left out and expects it to die of
// a Go stack overflow.
func TestHostileCorpusNeedsTheGuards(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs a child process")
	}
	t.Parallel()
	for _, name := range hostileCrashers {
		name := name
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHostileScripts$", "-test.count=1", "-test.timeout=0")
			cmd.Env = append(os.Environ(), "TYKVE_HOSTILE_CHILD=1", "TYKVE_HOSTILE_N=0",
				"TYKVE_HOSTILE_GUARDS_OFF=1", "TYKVE_HOSTILE_CORPUS="+name)
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), "stack overflow") || !strings.Contains(string(out), hostileBegin+"0 "+name+".js") {
				t.Fatalf("without the guards %s.js did not crash the child (%v):\n%s", name, err, firstLines(string(out), 20))
			}
		})
	}
}
