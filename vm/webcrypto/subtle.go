package webcrypto

import (
	"github.com/dop251/goja"
	"github.com/tyk-ve/tyk-ve/webcrypto"
)

// bytesArg reads a BufferSource argument (TypeError otherwise).
func (b *binding) bytesArg(what string, v goja.Value) ([]byte, error) {
	data, ok := b.bufferSource(v)
	if !ok {
		return nil, typeErr(what + " must be an ArrayBuffer, a typed array or a DataView")
	}
	return data, nil
}

// keyArg reads a CryptoKey argument (TypeError otherwise).
func (b *binding) keyArg(v goja.Value) (*webcrypto.Key, error) {
	h := b.handleOf(v)
	if h == nil {
		return nil, typeErr("the key must be a CryptoKey")
	}
	return h.key, nil
}

// digest is crypto.subtle.digest(algorithm, data).
func (b *binding) digest(call goja.FunctionCall) goja.Value {
	return b.promise(call.This, func() (goja.Value, error) {
		data, err := b.bytesArg("data", call.Argument(1))
		if err != nil {
			return nil, err
		}
		alg, err := b.algorithm(webcrypto.OpDigest, call.Argument(0))
		if err != nil {
			return nil, err
		}
		sum, err := webcrypto.Digest(alg, data)
		if err != nil {
			return nil, err
		}
		return b.rt.ToValue(b.rt.NewArrayBuffer(sum)), nil
	})
}

// importKey is crypto.subtle.importKey(format, keyData, algorithm,
// extractable, keyUsages).
func (b *binding) importKey(call goja.FunctionCall) goja.Value {
	return b.promise(call.This, func() (goja.Value, error) {
		format := toString(call.Argument(0))
		if err := webcrypto.CheckFormat(format); err != nil {
			return nil, err
		}
		var data webcrypto.KeyData
		kd := call.Argument(1)
		if bytes, ok := b.bufferSource(kd); ok {
			data.Bytes = bytes
		} else {
			j, err := b.jwk(kd)
			if err != nil {
				return nil, err
			}
			data.JWK = j
		}
		extractable := call.Argument(3).ToBoolean()
		usages, err := b.stringSequence("keyUsages", call.Argument(4))
		if err != nil {
			return nil, err
		}
		if err := webcrypto.CheckUsages(usages); err != nil {
			return nil, err
		}
		alg, err := b.algorithm(webcrypto.OpImportKey, call.Argument(2))
		if err != nil {
			return nil, err
		}
		k, err := webcrypto.ImportKey(format, data, alg, extractable, usages)
		if err != nil {
			return nil, err
		}
		return b.keyObject(k), nil
	})
}

// exportKey is crypto.subtle.exportKey(format, key).
func (b *binding) exportKey(call goja.FunctionCall) goja.Value {
	return b.promise(call.This, func() (goja.Value, error) {
		format := toString(call.Argument(0))
		k, err := b.keyArg(call.Argument(1))
		if err != nil {
			return nil, err
		}
		out, err := webcrypto.ExportKey(format, k)
		if err != nil {
			return nil, err
		}
		if out.JWK != nil {
			return b.jwkValue(out.JWK), nil
		}
		return b.rt.ToValue(b.rt.NewArrayBuffer(out.Bytes)), nil
	})
}

// sign is crypto.subtle.sign(algorithm, key, data).
func (b *binding) sign(call goja.FunctionCall) goja.Value {
	return b.promise(call.This, func() (goja.Value, error) {
		k, err := b.keyArg(call.Argument(1))
		if err != nil {
			return nil, err
		}
		data, err := b.bytesArg("data", call.Argument(2))
		if err != nil {
			return nil, err
		}
		alg, err := b.algorithm(webcrypto.OpSign, call.Argument(0))
		if err != nil {
			return nil, err
		}
		sig, err := webcrypto.Sign(alg, k, data)
		if err != nil {
			return nil, err
		}
		return b.rt.ToValue(b.rt.NewArrayBuffer(sig)), nil
	})
}

// verify is crypto.subtle.verify(algorithm, key, signature, data).
func (b *binding) verify(call goja.FunctionCall) goja.Value {
	return b.promise(call.This, func() (goja.Value, error) {
		k, err := b.keyArg(call.Argument(1))
		if err != nil {
			return nil, err
		}
		sig, err := b.bytesArg("signature", call.Argument(2))
		if err != nil {
			return nil, err
		}
		data, err := b.bytesArg("data", call.Argument(3))
		if err != nil {
			return nil, err
		}
		alg, err := b.algorithm(webcrypto.OpVerify, call.Argument(0))
		if err != nil {
			return nil, err
		}
		ok, err := webcrypto.Verify(alg, k, sig, data)
		if err != nil {
			return nil, err
		}
		return b.rt.ToValue(ok), nil
	})
}
