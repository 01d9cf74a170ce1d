package oas_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/TykTechnologies/tyk/apidef"
	"github.com/TykTechnologies/tyk/apidef/oas"
)

const doc = `{
 "openapi": "3.0.3",
 "info": {"title": "t", "version": "1"},
 "paths": {"/items/{id}": {"get": {"operationId": "getItem", "responses": {}}}},
 "x-tyk-api-gateway": {
  "info": {"id": "api1", "orgId": "org", "name": "Items", "state": {"active": true}},
  "upstream": {"url": "http://up"},
  "server": {"listenPath": {"value": "/items/", "strip": true}, "authentication": {"enabled": false}},
  "middleware": {
   "global": {"pluginConfig": {"driver": "goplugin", "data": {"enabled": true, "value": {"a": 1}}}},
   "operations": {"getItem": {"virtualEndpoint": {"enabled": true, "name": "old", "body": "Zg=="}}}
  }
 }
}`

func TestRoundTripKeepsUnmodelledMembers(t *testing.T) {
	var d oas.OAS
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatal(err)
	}
	d.GetTykExtension().Upstream.URL = "http://changed"
	out, err := json.Marshal(&d)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]interface{}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	x := got[oas.ExtensionTykAPIGateway].(map[string]interface{})
	if u := x["upstream"].(map[string]interface{})["url"]; u != "http://changed" {
		t.Errorf("typed change lost: upstream.url = %v", u)
	}
	if _, ok := x["server"].(map[string]interface{})["authentication"]; !ok {
		t.Error("unmodelled server.authentication was dropped")
	}
	ve := x["middleware"].(map[string]interface{})["operations"].(map[string]interface{})["getItem"].(map[string]interface{})["virtualEndpoint"].(map[string]interface{})
	if ve["functionName"] != "old" {
		t.Errorf("deprecated name not moved to functionName: %v", ve)
	}
	if got["paths"] == nil || got["openapi"] != "3.0.3" {
		t.Errorf("OpenAPI members lost: %v", got)
	}
}

func TestExtractTo(t *testing.T) {
	var d oas.OAS
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatal(err)
	}
	var api apidef.APIDefinition
	d.ExtractTo(&api)
	want := []apidef.VirtualMeta{{
		ResponseFunctionName: "old", FunctionSourceType: apidef.UseBlob, FunctionSourceURI: "Zg==",
		Path: "/items/{id}", Method: "GET",
	}}
	if got := api.VersionData.Versions[oas.Main].ExtendedPaths.Virtual; !reflect.DeepEqual(got, want) {
		t.Errorf("virtual = %+v, want %+v", got, want)
	}
	if api.APIID != "api1" || api.Proxy.ListenPath != "/items/" || !api.UseKeylessAccess || api.ConfigDataDisabled {
		t.Errorf("unexpected extraction: %+v", api)
	}
}
