package oas

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/TykTechnologies/tyk/apidef"
)

// Main is the name of the single version an OAS API extracts to.
const Main = ""

// ExtractTo fills api with the Classic equivalent of the settings the double
// models: identity and state, upstream and listen path, plugin config
// (driver, bundle, config data), API-level plugin hooks, and per-operation
// virtual endpoints and post plugins with path and method resolved from the
// OpenAPI `paths` section. As in Tyk, a missing pluginConfig.data leaves
// config data disabled and nil, and a document without `security` is
// keyless.
func (s *OAS) ExtractTo(api *apidef.APIDefinition) {
	api.IsOAS = true
	api.UseKeylessAccess = !s.hasMember("security")
	api.ConfigDataDisabled = true
	api.ConfigData = nil
	api.CustomMiddlewareBundleDisabled = true
	api.VersionData.NotVersioned = true
	api.VersionData.DefaultVersion = ""
	version := apidef.VersionInfo{UseExtendedPaths: true}

	if x := s.ext; x != nil {
		api.APIID = x.Info.ID
		api.OrgID = x.Info.OrgID
		api.Name = x.Info.Name
		api.Active = x.Info.State.Active
		api.Internal = x.Info.State.Internal
		api.Proxy.TargetURL = x.Upstream.URL
		api.Proxy.ListenPath = x.Server.ListenPath.Value
		api.Proxy.StripListenPath = x.Server.ListenPath.Strip
		api.Slug = x.Server.Slug
		if m := x.Middleware; m != nil {
			extractGlobal(m.Global, api)
			version.ExtendedPaths = s.extractOperations(m.Operations)
		}
	}
	api.VersionData.Versions = map[string]apidef.VersionInfo{Main: version}
}

func extractGlobal(g *Global, api *apidef.APIDefinition) {
	if g == nil {
		return
	}
	if pc := g.PluginConfig; pc != nil {
		api.CustomMiddleware.Driver = pc.Driver
		if pc.Bundle != nil {
			api.CustomMiddlewareBundle = pc.Bundle.Path
			api.CustomMiddlewareBundleDisabled = !pc.Bundle.Enabled
		}
		if pc.Data != nil {
			api.ConfigData = pc.Data.Value
			api.ConfigDataDisabled = !pc.Data.Enabled
		}
	}
	api.CustomMiddleware.Pre = g.PrePlugins.toClassic()
	api.CustomMiddleware.PostKeyAuth = g.PostAuthenticationPlugins.toClassic()
	api.CustomMiddleware.Post = g.PostPlugins.toClassic()
	api.CustomMiddleware.Response = g.ResponsePlugins.toClassic()
}

func (ps CustomPlugins) toClassic() []apidef.MiddlewareDefinition {
	if ps == nil {
		return nil
	}
	out := make([]apidef.MiddlewareDefinition, len(ps))
	for i, p := range ps {
		out[i] = apidef.MiddlewareDefinition{
			Disabled:       !p.Enabled,
			Name:           p.FunctionName,
			Path:           p.Path,
			RequireSession: p.RequireSession,
			RawBodyOnly:    p.RawBodyOnly,
		}
	}
	return out
}

// extractOperations resolves each operation's path and method and converts
// its virtual endpoint and first post plugin, in document order.
func (s *OAS) extractOperations(ops Operations) apidef.ExtendedPathsSet {
	var set apidef.ExtendedPathsSet
	if len(ops) == 0 {
		return set
	}
	for _, r := range s.routes() {
		op := ops[r.operationID]
		if op == nil {
			continue
		}
		if ve := op.VirtualEndpoint; ve != nil {
			meta := apidef.VirtualMeta{
				Disabled:             !ve.Enabled,
				ResponseFunctionName: ve.FunctionName,
				Path:                 r.path,
				Method:               r.method,
				UseSession:           ve.RequireSession,
				ProxyOnError:         ve.ProxyOnError,
				FunctionSourceType:   apidef.UseFile,
				FunctionSourceURI:    ve.Path,
			}
			if meta.ResponseFunctionName == "" {
				meta.ResponseFunctionName = ve.Name
			}
			if ve.Body != "" {
				meta.FunctionSourceType = apidef.UseBlob
				meta.FunctionSourceURI = ve.Body
			}
			set.Virtual = append(set.Virtual, meta)
		}
		if len(op.PostPlugins) > 0 {
			p := op.PostPlugins[0]
			name := p.FunctionName
			if name == "" {
				name = p.Name
			}
			set.GoPlugin = append(set.GoPlugin, apidef.GoPluginMeta{
				Disabled: !p.Enabled, Path: r.path, Method: r.method,
				PluginPath: p.Path, SymbolName: name,
			})
		}
	}
	return set
}

// route is one operation of the OpenAPI `paths` section.
type route struct {
	path, method, operationID string
}

// routes lists the operations of the document's `paths`, in order.
func (s *OAS) routes() []route {
	var out []route
	for _, m := range s.members {
		if m.Key != "paths" {
			continue
		}
		paths, err := decodeMembers(m.Value)
		if err != nil {
			return nil
		}
		for _, p := range paths {
			methods, err := decodeMembers(p.Value)
			if err != nil {
				continue
			}
			for _, mm := range methods {
				method := strings.ToUpper(mm.Key)
				if !isHTTPMethod(method) {
					continue
				}
				var op struct {
					OperationID string `json:"operationId"`
				}
				if json.Unmarshal(mm.Value, &op) != nil || op.OperationID == "" {
					continue
				}
				out = append(out, route{path: p.Key, method: method, operationID: op.OperationID})
			}
		}
	}
	return out
}

func (s *OAS) hasMember(key string) bool {
	for _, m := range s.members {
		if m.Key == key {
			return true
		}
	}
	return false
}

func isHTTPMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}
