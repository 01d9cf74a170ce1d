package vm

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestScratchExperiment(t *testing.T) {
	src := os.Getenv("EXP_SRC")
	if src == "" {
		t.Skip()
	}
	p := newTestPool(t, nil, `function run(){ `+src+` ; return TykJsResponse({Body: "done", Code: 200}) }`)
	ctx, cancel := context.WithTimeout(context.Background(), expTimeout())
	defer cancel()
	start := time.Now()
	resp, err := p.Call(ctx, &Call{Function: "run", Request: &Request{URL: "/"}, Session: []byte("null")})
	t.Logf("elapsed %v resp %+v err %v", time.Since(start), resp, err)
}

func expTimeout() time.Duration {
	d, err := time.ParseDuration(os.Getenv("EXP_TIMEOUT"))
	if err != nil {
		return 100 * time.Millisecond
	}
	return d
}
