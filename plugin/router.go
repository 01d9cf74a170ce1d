package plugin

import (
	"fmt"

	"net/http"
	"regexp"
	"strings"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/metrics"
)

// Route is one endpoint compiled for matching.
type Route struct {
	// Index is the endpoint's position (for logs: "endpoints[2]").
	Index int
	// Label names the endpoint in logs and errors.
	Label    string
	Endpoint EndpointConfig
	pattern  *regexp.Regexp
	// gate bounds the endpoint's calls in flight (nil: the pool alone).
	gate *gate
	// cpu follows how long its calls keep a CPU busy.
	cpu *cpuMeter
	// log carries the API's fields and the endpoint's (endpoint,
	// function), prepared once instead of on every request.
	log *logrus.Entry
	// metrics are the endpoint's series, resolved once (nil: none);
	// spanName names its trace spans.
	metrics  *metrics.Endpoint
	spanName string
}

// Router finds the endpoint a request hits with Tyk's semantics: the path
// pattern becomes a regular expression ({name} → ([^/]+), /* → /.*), it is
// tried against the path with the listen path stripped and then against the
// raw path, the method must be equal, and the first match in declaration
// order wins.
type Router struct {
	listenPath string
	routes     []Route
}

// NewRouter compiles the routes. Disabled endpoints are skipped.
func NewRouter(listenPath string, routes []Route, m PathMatching) (*Router, error) {
	out := &Router{listenPath: listenPath}
	for _, rt := range routes {
		if rt.Endpoint.Disabled {
			continue
		}
		re, err := compilePathPattern(rt.Endpoint.Path, m)
		if err != nil {
			return nil, fmt.Errorf("%s.path: %w", rt.Label, err)
		}
		rt.pattern = re
		out.routes = append(out.routes, rt)
	}
	return out, nil
}

// Match returns the route for the request, or nil.
func (rt *Router) Match(r *http.Request) *Route {
	if len(rt.routes) == 0 {
		return nil
	}
	raw := r.URL.Path
	stripped := stripListenPath(raw, rt.listenPath)
	for i := range rt.routes {
		route := &rt.routes[i]
		if route.Endpoint.Method != r.Method {
			continue
		}
		if route.pattern.MatchString(stripped) || (stripped != raw && route.pattern.MatchString(raw)) {
			return route
		}
	}
	return nil
}

// Routes returns the compiled routes in match order.
func (rt *Router) Routes() []Route { return rt.routes }

// stripListenPath removes the API's listen path the way Tyk's
// StripListenPath does for a plain (non-templated) listen path, keeping a
// leading slash.
func stripListenPath(path, listenPath string) string {
	if listenPath == "" || listenPath == "/" {
		return path
	}
	lp := strings.TrimSuffix(listenPath, "/")
	if !strings.HasPrefix(path, lp) {
		return path
	}
	rest := strings.TrimPrefix(path, lp)
	if rest != "" && !strings.HasPrefix(rest, "/") {
		return path // "/api" must not strip "/apis/x"
	}
	if rest == "" {
		return "/"
	}
	return rest
}

var paramSegment = regexp.MustCompile(`\{[^/{}]*\}`)

// compilePathPattern turns an endpoint path into Tyk's regular expression.
func compilePathPattern(path string, m PathMatching) (*regexp.Regexp, error) {
	expr := paramSegment.ReplaceAllString(path, `([^/]+)`)
	expr = strings.ReplaceAll(expr, "/*", "/.*")
	if isTrue(m.Prefix) && !strings.HasPrefix(expr, "^") {
		expr = "^" + expr
	}
	if isTrue(m.Suffix) && !strings.HasSuffix(expr, "$") {
		expr += "$"
	}
	if isTrue(m.IgnoreCase) {
		expr = "(?i)" + expr
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("not a valid path pattern: %v", err)
	}
	return re, nil
}

func isTrue(b *bool) bool { return b != nil && *b }
