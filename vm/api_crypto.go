package vm

import (
	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/tykapi"
	"github.com/tyk-ve/tyk-ve/vm/webcrypto"
)

// cryptoArea is Web Crypto (package vm/webcrypto): the crypto global,
// CryptoKey and DOMException, registered as platform globals so isolation
// resets put them back when a call reassigns them.
var cryptoArea = tykapi.Area{
	Name:    "crypto",
	Globals: []string{"crypto", "CryptoKey", "DOMException"},
	Install: func(rt *goja.Runtime, _ *tykapi.State) error { return webcrypto.Install(rt, webcrypto.Options{}) },
}
