// Command tyk-ve is the Tyk Go plugin that serves JavaScript virtual
// endpoints on pooled goja runtimes.
//
// The Tyk plugin compiler builds this root package with
// `go build -buildmode=plugin -trimpath -tags=goplugin`. The exported hook,
// VirtualEndpoint, lives in gateway_goplugin.go behind the goplugin build tag
// because it imports the gateway's packages; everything it does is in the
// plugin and vm packages. Put it in an API definition as a post hook:
//
//	"custom_middleware": {"driver": "goplugin",
//	  "post": [{"name": "VirtualEndpoint", "path": "tyk-ve.so"}]}
package main

// main is required by Go for package main; a plugin's main never runs.
func main() {}
