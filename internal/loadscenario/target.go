package loadscenario

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/internal/devserver"
	"github.com/tyk-ve/tyk-ve/internal/loadscenario/heappeak"
	"github.com/tyk-ve/tyk-ve/plugin"
)

// Target names.
const (
	TargetDev    = "dev server"
	TargetPlugin = "plugin in the test host"
)

// EnvHeapLimit is the node heap guard's environment variable (the pool
// rework's setting; ignored by builds without it).
const EnvHeapLimit = "TYKVE_HEAP_LIMIT"

// target is a server of the scenario API.
type target interface {
	// base is the server's URL.
	base() string
	// resetPeaks starts new heap and RSS peaks.
	resetPeaks() error
	// peaks returns the Go heap and RSS peaks since resetPeaks, in bytes
	// (RSS 0 when the kernel would not reset its peak).
	peaks() (heap uint64, rss int64, err error)
	// close stops the server.
	close() error
}

// devTarget is the dev server in this process.
type devTarget struct {
	srv     *devserver.Server
	http    *http.Server
	url     string
	sampler *heappeak.Sampler
	rssOK   bool // the last RSS peak reset worked
}

// startDev serves apiDir with the dev server on a loopback port. The node
// settings come from the environment as the gateway plugin reads them, so
// TYKVE_* variables (the heap limit among them, in builds that have it)
// apply.
func startDev(apiDir string) (*devTarget, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("dev server: listening: %w", err)
	}
	base := "http://" + ln.Addr().String()
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	settings := plugin.SettingsFromGateway(plugin.GatewayConfig{}, os.LookupEnv)
	srv, err := devserver.New(devserver.Options{AppsDir: apiDir, Logger: logger, Settings: settings}, base)
	if err != nil {
		_ = ln.Close()
		return nil, fmt.Errorf("dev server: %w", err)
	}
	if n := len(srv.APIs()); n != 1 {
		_ = ln.Close()
		_ = srv.Close()
		return nil, fmt.Errorf("dev server: %d APIs loaded from %s, want 1 (see the definition and scripts)", n, apiDir)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return &devTarget{srv: srv, http: hs, url: base, sampler: heappeak.Start(5 * time.Millisecond)}, nil
}

func (d *devTarget) base() string { return d.url }

func (d *devTarget) resetPeaks() error {
	d.sampler.Reset()
	d.rssOK = resetRSSPeak(os.Getpid()) == nil
	return nil
}

func (d *devTarget) peaks() (uint64, int64, error) {
	return d.sampler.Peak(), rssPeak(os.Getpid(), d.rssOK), nil
}

func (d *devTarget) close() error {
	d.sampler.Close()
	err := d.http.Close()
	return errors.Join(err, d.srv.Close())
}

// hostTarget is the test host program serving the plugin, as a child
// process.
type hostTarget struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	url   string
	log   string // the child's stderr file
	done  chan struct{}
	err   error // cmd.Wait's result, set before done is closed
	rssOK bool  // the last RSS peak reset worked
}

// hostStatsPath is the test host's heap endpoint (loadhost's
// -stats-path).
const hostStatsPath = "/__loadhost/heap"

// startHost runs hostBin with the plugin on apiDir and waits for the
// address it prints. extraEnv is added to the child's environment.
func startHost(ctx context.Context, hostBin, so, apiDir, logDir string, extraEnv []string, args ...string) (*hostTarget, error) {
	bin, err := filepath.Abs(hostBin)
	if err != nil {
		return nil, err
	}
	so, err = filepath.Abs(so)
	if err != nil {
		return nil, err
	}
	logf, err := os.CreateTemp(logDir, "loadhost-*.log")
	if err != nil {
		return nil, fmt.Errorf("test host: log file: %w", err)
	}
	defer logf.Close()
	cmd := exec.Command(bin, append([]string{"-so", so, "-apps", apiDir, "-stats-path", hostStatsPath}, args...)...)
	cmd.Dir = apiDir // relative script paths resolve against the gateway's working directory
	cmd.Env = append(os.Environ(), extraEnv...)
	cmd.Stderr = logf
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("test host: starting %s: %w", bin, err)
	}
	h := &hostTarget{cmd: cmd, stdin: stdin, log: logf.Name(), done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); !sent && len(f) == 3 && f[0] == "loadhost" && f[1] == "listening" {
				addr <- f[2]
				sent = true
			}
		}
		close(addr)
		h.err = cmd.Wait()
		close(h.done)
	}()
	select {
	case u, ok := <-addr:
		if ok {
			h.url = u
			return h, nil
		}
		<-h.done
		err = fmt.Errorf("test host exited before listening: %v (log %s: %s)", h.err, h.log, tail(h.log))
	case <-time.After(2 * time.Minute):
		err = fmt.Errorf("test host: no address after 2m (log %s)", h.log)
	case <-ctx.Done():
		err = ctx.Err()
	}
	_ = h.close()
	return nil, err
}

func (h *hostTarget) base() string { return h.url }

func (h *hostTarget) resetPeaks() error {
	if _, err := h.heap("reset=1"); err != nil {
		return err
	}
	h.rssOK = resetRSSPeak(h.cmd.Process.Pid) == nil
	return nil
}

func (h *hostTarget) peaks() (uint64, int64, error) {
	v, err := h.heap("")
	return v.Peak, rssPeak(h.cmd.Process.Pid, h.rssOK), err
}

// hostHeap is the test host's heap endpoint's answer.
type hostHeap struct {
	Now  uint64 `json:"heap_now"`
	Peak uint64 `json:"heap_peak"`
}

// heap asks the host for its heap figures, with query parameters such as
// "reset=1" (start a new peak) and "gc=1" (collect first).
func (h *hostTarget) heap(query string) (hostHeap, error) {
	var v hostHeap
	u := h.url + hostStatsPath
	if query != "" {
		u += "?" + query
	}
	resp, err := http.Get(u)
	if err != nil {
		return v, fmt.Errorf("test host heap: %w", err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return v, fmt.Errorf("test host heap: %w", err)
	}
	return v, nil
}

// close closes the host's stdin (its signal to stop) and waits for it,
// killing it after 10 s.
func (h *hostTarget) close() error {
	_ = h.stdin.Close()
	select {
	case <-h.done:
		return h.err
	case <-time.After(10 * time.Second):
		_ = h.cmd.Process.Kill()
		<-h.done
		return fmt.Errorf("test host did not stop on stdin close: killed (%v)", h.err)
	}
}

// tail returns the last lines of a log file.
func tail(path string) string {
	b, _ := os.ReadFile(path)
	s := strings.TrimSpace(string(b))
	if len(s) > 2000 {
		s = "…" + s[len(s)-2000:]
	}
	return s
}
