// Package loadscenario measures how one API's virtual endpoints hold up when
// a neighbour misbehaves (issue 10): in one run and on two targets — the dev
// server in process, and the compiled plugin inside the test host program
// (testdata/host/cmd/loadhost) as a child process — it drives the
// representative endpoint alone, then beside clients of an endpoint whose
// upstream takes 1 s, beside clients of an endpoint that spins until its
// 100 ms timeout, and beside clients of an endpoint that allocates until its
// deadline. It reports each endpoint's throughput, latency percentiles and
// statuses, the heap and RSS peaks, the ratios to the unloaded baseline, and
// checks the thresholds.
//
// The load is closed-loop (each client sends its next request when the
// previous answer is in) over keep-alive loopback connections, and bounded:
// a phase stops issuing requests after its duration and ends when the last
// answer is in (each request is bounded by a client timeout).
package loadscenario
