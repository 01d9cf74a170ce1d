package host

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/TykTechnologies/tyk/apidef"
	"github.com/TykTechnologies/tyk/apidef/oas"
)

// API is a loaded API definition: exactly one of Classic and OAS is set,
// like a gateway APISpec injects only one of them into the request context.
type API struct {
	// Classic is the Tyk Classic definition (nil for OAS APIs).
	Classic *apidef.APIDefinition
	// OAS is the Tyk OAS definition (nil for Classic APIs).
	OAS *oas.OAS

	// ID, Name, ListenPath, Strip, Target and Keyless are the routing
	// settings, read from whichever definition is set.
	ID, Name   string
	ListenPath string
	Strip      bool
	Target     *url.URL
	Keyless    bool
}

// ParseAPI reads a Classic or OAS API definition. A document with an
// `openapi` or `x-tyk-api-gateway` member is OAS.
func ParseAPI(data []byte) (*API, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("decoding API definition: %w", err)
	}
	_, isOAS := probe["openapi"]
	if _, ok := probe[oas.ExtensionTykAPIGateway]; ok {
		isOAS = true
	}

	var (
		a       API
		routing apidef.APIDefinition
	)
	if isOAS {
		a.OAS = &oas.OAS{}
		if err := json.Unmarshal(data, a.OAS); err != nil {
			return nil, fmt.Errorf("decoding OAS API definition: %w", err)
		}
		if a.OAS.GetTykExtension() == nil {
			return nil, fmt.Errorf("OAS API definition: %w", apidef.ErrPayloadWithoutTykExtension)
		}
		a.OAS.ExtractTo(&routing)
	} else {
		a.Classic = &apidef.APIDefinition{}
		if err := json.Unmarshal(data, a.Classic); err != nil {
			return nil, fmt.Errorf("decoding Classic API definition: %w", err)
		}
		routing = *a.Classic
	}

	a.ID, a.Name = routing.APIID, routing.Name
	a.ListenPath, a.Strip = routing.Proxy.ListenPath, routing.Proxy.StripListenPath
	a.Keyless = routing.UseKeylessAccess
	var errs []error
	if a.ID == "" {
		errs = append(errs, errors.New("api id: must not be empty"))
	}
	if !strings.HasPrefix(a.ListenPath, "/") {
		errs = append(errs, fmt.Errorf("listen path: must start with \"/\", got %q", a.ListenPath))
	}
	if routing.Proxy.TargetURL != "" {
		u, err := url.Parse(routing.Proxy.TargetURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			errs = append(errs, fmt.Errorf("target url: %q is not an absolute URL", routing.Proxy.TargetURL))
		}
		a.Target = u
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("API definition %q: %w", a.ID, err)
	}
	return &a, nil
}

// upstreamPath is the path the upstream receives for an inbound path.
func (a *API) upstreamPath(in string) string {
	p := in
	if a.Strip {
		p = strings.TrimPrefix(p, strings.TrimSuffix(a.ListenPath, "/"))
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
	}
	return strings.TrimSuffix(a.Target.Path, "/") + p
}
