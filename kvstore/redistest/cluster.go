package redistest

import (
	"bufio"
	"context"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// StartCluster starts a Redis Cluster of three masters on free loopback
// ports (redis-server and redis-cli) and returns their addresses once the
// cluster answers "cluster_state:ok". It skips t without them.
func StartCluster(t testing.TB) []string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not installed: the cluster storage test is skipped")
	}
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		t.Skip("redis-cli not installed: the cluster storage test is skipped")
	}
	dir := t.TempDir()
	var addrs []string
	for i := 0; i < 3; i++ {
		port := freePort(t)
		node := filepath.Join(dir, strconv.Itoa(i))
		cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--protected-mode", "no",
			"--cluster-enabled", "yes", "--cluster-config-file", node+".conf", "--dir", dir,
			"--save", "", "--appendonly", "no", "--loglevel", "warning")
		dieWithParent(cmd)
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting redis-server: %v", err)
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		t.Cleanup(func() { _ = cmd.Process.Kill(); <-exited })
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		testutil.WaitUntil(t, "cluster node "+addr+" to answer PING", func() bool { return ping(addr) })
		addrs = append(addrs, addr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := append([]string{"--cluster", "create"}, addrs...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := exec.CommandContext(ctx, cli, args...).CombinedOutput(); err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	testutil.WaitUntil(t, "the cluster to be ok on every node", func() bool {
		for _, a := range addrs {
			if !clusterOK(a) {
				return false
			}
		}
		return true
	})
	return addrs
}

// clusterOK reports whether the node at addr answers cluster_state:ok.
func clusterOK(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("CLUSTER INFO\r\n")); err != nil {
		return false
	}
	rd := bufio.NewReader(c)
	head, err := rd.ReadString('\n') // $<len>
	if err != nil || !strings.HasPrefix(head, "$") {
		return false
	}
	line, err := rd.ReadString('\n')
	return err == nil && strings.HasPrefix(line, "cluster_state:ok")
}

// StartSentinel starts a Redis and a sentinel watching it as master
// "mymaster", and returns the sentinel's address once it knows the master.
// It skips t without redis-server.
func StartSentinel(t testing.TB) (sentinel, master string) {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not installed: the sentinel storage test is skipped")
	}
	master = Start(t)
	_, mport, _ := net.SplitHostPort(master)
	dir := t.TempDir()
	conf := filepath.Join(dir, "sentinel.conf")
	port := freePort(t)
	text := "port " + strconv.Itoa(port) + "\nbind 127.0.0.1\nprotected-mode no\ndir " + dir + "\n" +
		"sentinel monitor mymaster 127.0.0.1 " + mport + " 1\n"
	if err := writeFile(conf, text); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, conf, "--sentinel")
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting redis-server --sentinel: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-exited })
	sentinel = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	testutil.WaitUntil(t, "the sentinel to know mymaster", func() bool { return sentinelKnows(sentinel, mport) })
	return sentinel, master
}

// sentinelKnows reports whether the sentinel answers mymaster's address.
func sentinelKnows(addr, port string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("SENTINEL get-master-addr-by-name mymaster\r\n")); err != nil {
		return false
	}
	buf := make([]byte, 256)
	n, _ := c.Read(buf)
	return strings.Contains(string(buf[:n]), port)
}
