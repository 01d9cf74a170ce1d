package tykapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"
)

// batchRequest mirrors Tyk's BatchRequestStructure.
type batchRequest struct {
	Requests                  []batchItem `json:"requests"`
	SuppressParallelExecution bool        `json:"suppress_parallel_execution"`
}

// batchItem mirrors Tyk's RequestDefinition.
type batchItem struct {
	Method      string            `json:"method"`
	Headers     map[string]string `json:"headers"`
	Body        string            `json:"body"`
	RelativeURL string            `json:"relative_url"`
}

// batchReply mirrors Tyk's BatchReplyUnit; its zero value is what a failed
// sub-request produces.
type batchReply struct {
	RelativeURL string      `json:"relative_url"`
	Code        int         `json:"code"`
	Headers     http.Header `json:"headers"`
	Body        string      `json:"body"`
}

// installBatch defines TykBatchRequest(jsonString), Tyk's "unsafe" batch:
// every relative_url is used as an absolute URL. It returns the JSON array
// of replies, or undefined (with the error logged) when the batch cannot be
// decoded or one of its requests cannot be built. Each item counts toward
// Limits.MaxOutboundRequests; a batch that would exceed it throws before
// anything is sent.
func installBatch(rt *goja.Runtime, env *State) error {
	return rt.Set("TykBatchRequest", func(call goja.FunctionCall) goja.Value {
		if env.loading {
			return goja.Undefined()
		}
		start := time.Now()
		out, err := batchRequests(env, call.Argument(0).String())
		env.waitedSince(start)
		return outboundResult(rt, env, out, err)
	})
}

func batchRequests(env *State, input string) (string, error) {
	log := jsvmLog(env)
	var batch batchRequest
	if err := json.Unmarshal([]byte(input), &batch); err != nil {
		err = fmt.Errorf("decoding batch request: %w", err)
		log.WithError(err).Error("Batch request error")
		return "", err
	}
	reqs := make([]*http.Request, len(batch.Requests))
	for i, item := range batch.Requests {
		req, err := http.NewRequestWithContext(env.ctx, item.Method, item.RelativeURL, strings.NewReader(item.Body))
		if err != nil {
			err = fmt.Errorf("building batch request requests[%d]: %w", i, err)
			log.WithError(err).Error("Batch request error")
			return "", err
		}
		for k, v := range item.Headers {
			req.Header.Set(k, v) // Tyk canonicalises batch headers in every mode
		}
		reqs[i] = req
	}
	if err := countOutbound(env, len(reqs), "TykBatchRequest"); err != nil {
		return "", err
	}
	client, err := env.host.httpClient()
	if err != nil {
		log.WithError(err).Error("JSVM: outbound client unavailable")
		return "", err
	}
	replies := runBatch(client, reqs, batch, env.limits.MaxOutboundResponseBody, log)
	if err := env.ctx.Err(); err != nil {
		log.WithError(err).Error("Batch request error")
		return "", err
	}
	out, err := json.Marshal(replies)
	if err != nil {
		log.WithError(err).Error("Batch request error")
		return "", err
	}
	return string(out), nil
}

// runBatch sends the requests one after another when the batch suppresses
// parallel execution, and otherwise all at once.
//
// In parallel mode the replies are in completion order, not request order:
// that is what Tyk returns, and scripts that match replies by relative_url
// keep working; a script that relied on positions was already racy on Tyk.
// Every goroutine sends exactly one reply on a buffered channel and all are
// received before runBatch returns, so none outlives the call. Each request
// carries the call's context, so a deadline cancels them all.
func runBatch(client *http.Client, reqs []*http.Request, batch batchRequest, maxBody int64, log *logrus.Entry) []batchReply {
	replies := make([]batchReply, 0, len(reqs))
	if batch.SuppressParallelExecution {
		for i, req := range reqs {
			replies = append(replies, doBatchItem(client, req, batch.Requests[i].RelativeURL, i, maxBody, log))
		}
		return replies
	}
	done := make(chan batchReply, len(reqs))
	for i, req := range reqs {
		go func(i int, req *http.Request) {
			done <- doBatchItem(client, req, batch.Requests[i].RelativeURL, i, maxBody, log)
		}(i, req)
	}
	for range reqs {
		replies = append(replies, <-done)
	}
	return replies
}

// doBatchItem sends one sub-request; a failure is logged and gives the zero
// reply, as in Tyk.
func doBatchItem(client *http.Client, req *http.Request, relURL string, i int, maxBody int64, log *logrus.Entry) batchReply {
	code, header, body, err := doOutbound(client, req, maxBody)
	if err != nil {
		logOutboundError(log.WithField("batch_index", i), req, err)
		return batchReply{}
	}
	return batchReply{RelativeURL: relURL, Code: code, Headers: header, Body: body}
}
