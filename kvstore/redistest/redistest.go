// Package redistest starts a real redis-server for tests: on a free loopback
// port, without persistence, stopped with the test. A test that needs one and
// finds no redis-server installed is skipped with a message saying how to get
// one; TYKVE_REDIS_ADDR points the tests at a running server instead. Only
// tests import it.
package redistest

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// EnvAddr names a running Redis ("host:port") to use instead of starting one.
// The tests write keys under a unique prefix but do not flush it.
const EnvAddr = "TYKVE_REDIS_ADDR"

// Start returns the address of a Redis for t: TYKVE_REDIS_ADDR, else a
// redis-server started for the test (stopped by t.Cleanup). Without either, t
// is skipped.
func Start(t testing.TB) string {
	t.Helper()
	if addr := os.Getenv(EnvAddr); addr != "" {
		return addr
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not installed: the Redis half of the storage tests is skipped " +
			"(install it with `apt-get install redis-server`, or set " + EnvAddr + "=host:port)")
	}
	// A port found free may be taken before redis-server binds it: then
	// the server exits at once and another port is tried.
	for attempt := 1; ; attempt++ {
		if addr, ok := start(t, bin); ok {
			return addr
		}
		if attempt == 3 {
			t.Fatalf("redis-server did not start on %d free ports", attempt)
		}
	}
}

// start runs redis-server on a free port and waits until it answers PING
// (ok) or exits (not ok).
func start(t testing.TB, bin string) (string, bool) {
	t.Helper()
	port := freePort(t)
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning")
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting redis-server: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	up := false
	testutil.WaitUntil(t, "redis-server to answer PING on "+addr, func() bool {
		select {
		case <-exited:
			return true
		default:
		}
		up = ping(addr)
		return up
	})
	if !up {
		return "", false
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	return addr, true
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// ping speaks just enough RESP to see the server answer.
func ping(addr string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && strings.HasPrefix(line, "+PONG")
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }
