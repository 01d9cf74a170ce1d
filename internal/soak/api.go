package soak

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// representativeJS is the representative endpoint: parse a JSON
// body, read a header, a query parameter and config_data, build a ~10-field
// object with a 10-item array, answer with TykJsResponse.
const representativeJS = `function order(request, session, config) {
  var body = JSON.parse(request.Body);
  var items = [];
  for (var i = 0; i < 10; i++) { items.push({id: i, sku: body.prefix + "-" + i, qty: body.qty * i}); }
  var out = {order: body.order, customer: body.customer, trace: request.Headers["X-Trace-Id"][0],
    region: request.Params["region"][0], currency: config.config_data.currency, api: config.APIID,
    org: config.OrgID, total: body.qty * 45, express: body.express === true, items: items};
  return TykJsResponse({Body: JSON.stringify(out), Code: 200, Headers: {"Content-Type": "application/json"}}, session.meta_data);
}`

// writeAPI writes the soak API definition into dir.
func writeAPI(dir, upstream string) error {
	endpoint := func(path, method, fn, src, timeout string) map[string]interface{} {
		e := map[string]interface{}{"path": path, "method": method, "response_function_name": fn,
			"function_source_type": "inline", "function_source": src}
		if timeout != "" {
			e["timeout"] = timeout
		}
		return e
	}
	def := map[string]interface{}{
		"name": "soak", "api_id": "soak", "org_id": "soak-org", "use_keyless": true,
		"proxy": map[string]interface{}{"listen_path": "/soak/", "target_url": upstream, "strip_listen_path": true},
		"config_data": map[string]interface{}{
			"currency": "EUR",
			"tyk_ve": map[string]interface{}{
				"timeout": "2s",
				"pool":    map[string]interface{}{"acquire_timeout": "2s"},
				"endpoints": []interface{}{
					endpoint("^/order$", "POST", "order", representativeJS, ""),
					endpoint("^/fail$", "GET", "fail", `function fail() { throw new Error("soak failure") }`, ""),
					endpoint("^/spin$", "GET", "spin", `function spin() { for (;;) {} }`, "20ms"),
				},
			},
		},
	}
	b, err := json.MarshalIndent(def, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding soak API: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, "soak.json"), b, 0o600)
}
