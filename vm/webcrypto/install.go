package webcrypto

import (
	"fmt"
	"io"

	"github.com/dop251/goja"
)

// Options configure Install.
type Options struct {
	// Rand is the source of randomUUID and getRandomValues; nil means
	// crypto/rand.
	Rand io.Reader
}

// Validate checks the options (every combination is valid today).
func (o Options) Validate() error { return nil }

// binding is the state of one runtime's crypto global.
type binding struct {
	rt         *goja.Runtime
	rand       io.Reader
	keyProto   *goja.Object
	keySym     *goja.Symbol
	domCtor    goja.Constructor
	dataView   dataViewGetters
	errorProt  *goja.Object
	uint8Array *goja.Object
	crypto     *goja.Object // the Crypto object (WebIDL this checks)
	subtle     *goja.Object // the SubtleCrypto object
}

// Install defines crypto, CryptoKey and (if absent) DOMException on rt's
// global object. Call it once per runtime, before any script runs.
func Install(rt *goja.Runtime, opts Options) error {
	if err := opts.Validate(); err != nil {
		return fmt.Errorf("webcrypto options: %w", err)
	}
	b := &binding{rt: rt, rand: opts.Rand, keySym: goja.NewSymbol("CryptoKey.handle")}
	steps := []func() error{b.captureBuiltins, b.installDOMException, b.installCryptoKey, b.installCrypto}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("installing web crypto: %w", err)
		}
	}
	return nil
}

// installCrypto defines the crypto global and crypto.subtle.
//
// subtle is a data property, not a getter as on Crypto.prototype in
// browsers: the isolation census (vm/isolation) assumes built-in getters
// return primitives or objects of their receiver, and walks data
// properties to find every built-in object a script could change. A getter
// returning the shared SubtleCrypto object would hide it (and a script's
// changes to it) from that analysis.
func (b *binding) installCrypto() error {
	rt := b.rt
	subtle := rt.NewObject()
	for _, m := range []struct {
		name string
		fn   func(goja.FunctionCall) goja.Value
	}{{"digest", b.digest}, {"exportKey", b.exportKey}, {"importKey", b.importKey}, {"sign", b.sign}, {"verify", b.verify}} {
		if err := subtle.Set(m.name, m.fn); err != nil {
			return err
		}
	}
	if err := tag(subtle, rt, "SubtleCrypto"); err != nil {
		return err
	}
	c := rt.NewObject()
	b.crypto, b.subtle = c, subtle
	if err := tag(c, rt, "Crypto"); err != nil {
		return err
	}
	if err := c.Set("getRandomValues", b.getRandomValues); err != nil {
		return err
	}
	if err := c.Set("randomUUID", b.randomUUID); err != nil {
		return err
	}
	if err := c.DefineDataProperty("subtle", subtle, goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
		return err
	}
	return rt.Set("crypto", c)
}

// tag sets an object's Symbol.toStringTag, as a platform object has.
func tag(o *goja.Object, rt *goja.Runtime, name string) error {
	return o.DefineDataPropertySymbol(goja.SymToStringTag, rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}
