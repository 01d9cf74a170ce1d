package migrate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/tyk-ve/tyk-ve/internal/ottoengine"
	"github.com/tyk-ve/tyk-ve/plugin"
)

// apiRun is one API on both engines.
type apiRun struct {
	a      *apiFile
	otto   *ottoengine.VM
	router *plugin.Router
	// loadErrs are the scripts otto could not load, by endpoint label.
	loadErrs map[string]error
	// topLevel marks endpoints whose script runs code at its top level.
	topLevel map[string]bool
	// byLabel finds an endpoint by label.
	byLabel map[string]endpoint
}

func runAPI(ctx context.Context, a *apiFile, all []*apiFile, opts Options, h *plugin.Handler, logs *errorHook) (APIReport, []string, error) {
	ar := APIReport{File: a.file, APIID: a.def.APIID, Name: a.def.Name, Format: "Classic"}
	if a.def.IsOAS {
		ar.Format = "OAS"
	}
	run, err := newAPIRun(a, opts)
	if err != nil {
		return ar, nil, err
	}
	tvRaw, err := forTykVE(a)
	if err != nil {
		return ar, nil, err
	}
	src := plugin.Source{Key: a, Load: func() ([]byte, error) { return tvRaw, nil }}
	session := emptySessionJSON()
	ottoSide := newSide(func(w http.ResponseWriter, r *http.Request, c *capture) {
		route := run.router.Match(r)
		if route == nil {
			c.kind = ottoengine.Proxied
			return
		}
		e := route.Endpoint
		out := run.otto.Serve(w, r, ottoengine.Endpoint{Function: e.ResponseFunctionName, UseSession: e.UseSession, ProxyOnError: e.ProxyOnError}, session)
		c.kind, c.loop = out.Kind, out.LoopURL
		if out.Err != nil {
			c.err = out.Err.Error()
		}
	})
	defer ottoSide.srv.Close()
	tvSide := newSide(func(w http.ResponseWriter, r *http.Request, c *capture) {
		logs.take()
		written := h.Serve(w, r, src, keySession{json: session})
		failure := logs.take()
		switch {
		case !written && r.URL.Scheme == "tyk":
			c.kind, c.loop = ottoengine.Looped, r.URL.String()
		case !written:
			c.kind, c.err = ottoengine.Proxied, failure
		case failure != "":
			c.kind, c.err = ottoengine.Failed, failure
		default:
			c.kind = ottoengine.Responded
		}
	})
	defer tvSide.srv.Close()

	samples, intended := samplesFor(a, all, opts.Samples)
	results := map[string]*endpointResult{}
	shadowed := map[string]string{}
	var unmatched []string
	for i, smp := range samples {
		label := run.match(smp)
		if intended[i] != "" && label != intended[i] {
			shadowed[intended[i]] = label
		}
		if label == "" {
			unmatched = append(unmatched, fmt.Sprintf("%s: %s %s", a.def.APIID, smp.Method, smp.Target()))
			continue
		}
		res := results[label]
		if res == nil {
			res = &endpointResult{}
			results[label] = res
		}
		for runNo := 1; runNo <= 2; runNo++ {
			tyk, err := ottoSide.send(ctx, smp)
			if err != nil {
				return ar, nil, err
			}
			tv, err := tvSide.send(ctx, smp)
			if err != nil {
				return ar, nil, err
			}
			res.add(run, label, smp, runNo, tyk, tv)
		}
	}
	for _, e := range a.endpoints {
		if e.conf.Disabled {
			continue
		}
		er := results[e.label].report(e)
		if by, ok := shadowed[e.label]; ok && er.Verdict == VerdictUntested && by != "" {
			er.Note = "its generated samples reach " + by + " first (Tyk's patterns are unanchored; the first match wins)"
		}
		if err := run.loadErrs[e.label]; err != nil {
			er.OttoLoadError = err.Error()
		}
		ar.Endpoints = append(ar.Endpoints, er)
	}
	return ar, unmatched, nil
}

func newAPIRun(a *apiFile, opts Options) (*apiRun, error) {
	d := a.def
	vm, err := ottoengine.New(ottoengine.Options{
		APIID: d.APIID, OrgID: d.OrgID, ConfigData: d.ConfigData, ConfigDataDisabled: d.ConfigDataDisabled,
		Timeout: opts.Timeout, SSLMaxVersion: d.TLS.MaxVersion, SSLInsecureSkipVerify: d.TLS.InsecureSkipVerify,
		ProxyURL: d.TLS.ProxyURL,
	})
	if err != nil {
		return nil, fmt.Errorf("starting otto: %w", err)
	}
	run := &apiRun{a: a, otto: vm, loadErrs: map[string]error{}, topLevel: map[string]bool{}, byLabel: map[string]endpoint{}}
	resolver := plugin.SourceResolver{WorkDir: opts.AppsDir}
	var routes []plugin.Route
	for i, e := range a.endpoints {
		run.byLabel[e.label] = e
		routes = append(routes, plugin.Route{Index: i, Label: e.label, Endpoint: e.conf})
		if e.conf.Disabled {
			continue
		}
		conf := e.conf
		name, src, err := resolver.Load(&conf, d, e.label)
		if err != nil {
			run.loadErrs[e.label] = fmt.Errorf("script not found: %w", err)
			continue
		}
		if rel, err := filepath.Rel(opts.AppsDir, name); err == nil && !strings.HasPrefix(rel, "..") {
			name = rel
		}
		// Like the gateway, each endpoint's source is run into the API's VM
		// in turn, even when several endpoints share it.
		if err := vm.Load(name, src); err != nil {
			run.loadErrs[e.label] = err
		}
		run.topLevel[e.label] = hasTopLevelCode(src)
	}
	f := false
	router, err := plugin.NewRouter(d.ListenPath, routes, plugin.PathMatching{Prefix: &f, Suffix: &f, IgnoreCase: &f})
	if err != nil {
		return nil, fmt.Errorf("routing: %w", err)
	}
	run.router = router
	return run, nil
}

// match returns the label of the endpoint a sample hits, or "".
func (run *apiRun) match(smp Sample) string {
	r, err := http.NewRequest(smp.Method, smp.Target(), http.NoBody)
	if err != nil {
		return ""
	}
	if route := run.router.Match(r); route != nil {
		return route.Label
	}
	return ""
}

// samplesFor returns the API's samples: the given ones that name it (or
// name no API and fall under its listen path, the longest listen path
// winning), else generated ones for every enabled endpoint, with the label
// of the endpoint each was generated for ("" for given samples).
func samplesFor(a *apiFile, all []*apiFile, given []Sample) ([]Sample, []string) {
	var out []Sample
	var intended []string
	if given == nil {
		for _, e := range a.endpoints {
			if e.conf.Disabled {
				continue
			}
			for _, s := range GenerateSamples(a.def.APIID, a.def.ListenPath, e.conf) {
				out, intended = append(out, s), append(intended, e.label)
			}
		}
		return out, intended
	}
	for _, s := range given {
		if s.APIID == a.def.APIID || (s.APIID == "" && owner(s.Path, all) == a) {
			out, intended = append(out, s), append(intended, "")
		}
	}
	return out, intended
}

// owner returns the API whose listen path is the longest prefix of path.
func owner(path string, all []*apiFile) *apiFile {
	var best *apiFile
	bestLen := -1
	for _, a := range all {
		lp := strings.TrimSuffix(a.def.ListenPath, "/")
		if strings.HasPrefix(path, lp) && len(lp) > bestLen {
			best, bestLen = a, len(lp)
		}
	}
	return best
}

// orphans lists the samples that no API takes.
func orphans(all []*apiFile, given []Sample) []string {
	var out []string
	for _, s := range given {
		found := false
		for _, a := range all {
			if s.APIID == a.def.APIID || (s.APIID == "" && owner(s.Path, all) == a) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, fmt.Sprintf("%s: %s %s (no such API)", s.APIID, s.Method, s.Target()))
		}
	}
	return out
}

var errNoSample = errors.New("no sample reached this endpoint")
