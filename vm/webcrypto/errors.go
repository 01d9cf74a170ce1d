package webcrypto

import (
	"errors"

	"github.com/dop251/goja"
	"github.com/tyk-ve/tyk-ve/webcrypto"
)

// thrown is a JavaScript exception raised while converting arguments (a
// getter that threw, a Symbol where a string was needed).
type thrown struct{ val goja.Value }

func (t thrown) Error() string { return t.val.String() }

// installDOMException defines DOMException(message, name) unless the
// runtime already has one; errors are made with whichever exists now.
func (b *binding) installDOMException() error {
	if ctor, ok := goja.AssertConstructor(b.rt.Get("DOMException")); ok {
		b.domCtor = ctor
		return nil
	}
	rt := b.rt
	proto := rt.NewObject()
	if err := proto.SetPrototype(b.errorProt); err != nil {
		return err
	}
	ctorVal := rt.ToValue(func(call goja.ConstructorCall) *goja.Object {
		msg, name := "", "Error"
		if a := call.Argument(0); !goja.IsUndefined(a) {
			msg = a.String()
		}
		if a := call.Argument(1); !goja.IsUndefined(a) {
			name = a.String()
		}
		o := call.This
		for k, v := range map[string]any{"name": name, "message": msg, "code": webcrypto.LegacyCode(name)} {
			_ = o.DefineDataProperty(k, rt.ToValue(v), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		}
		return nil
	}).(*goja.Object)
	if err := ctorVal.DefineDataProperty("prototype", proto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
		return err
	}
	if err := proto.DefineDataProperty("constructor", ctorVal, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return err
	}
	if err := rt.Set("DOMException", ctorVal); err != nil {
		return err
	}
	b.domCtor, _ = goja.AssertConstructor(ctorVal)
	return nil
}

// jsError is the value a promise rejects with for err.
func (b *binding) jsError(err error) goja.Value {
	var t thrown
	if errors.As(err, &t) {
		return t.val
	}
	var e *webcrypto.Error
	if !errors.As(err, &e) {
		e = &webcrypto.Error{Name: webcrypto.OperationError, Message: err.Error()}
	}
	if e.Name == webcrypto.TypeError {
		return b.rt.NewTypeError(e.Message)
	}
	obj, cerr := b.domCtor(nil, b.rt.ToValue(e.Message), b.rt.ToValue(e.Name))
	if cerr != nil {
		return b.rt.NewTypeError(e.Name + ": " + e.Message)
	}
	return obj
}

// throwDOM throws a DOMException from a synchronous method.
func (b *binding) throwDOM(name, msg string) {
	panic(b.jsError(&webcrypto.Error{Name: name, Message: msg}))
}

// typeErr is a TypeError for the promise-returning methods.
func typeErr(msg string) error { return &webcrypto.Error{Name: webcrypto.TypeError, Message: msg} }

// promise runs fn and returns a promise settled with its result. A this
// that is not crypto.subtle (WebIDL's "illegal invocation"), and JavaScript
// exceptions raised while fn converts arguments, reject it too; anything
// else (an interrupt) propagates.
func (b *binding) promise(this goja.Value, fn func() (goja.Value, error)) goja.Value {
	p, resolve, reject := b.rt.NewPromise()
	var v goja.Value
	var err error
	if !b.isSubtle(this) {
		err = typeErr("Illegal invocation: this is not crypto.subtle")
	} else {
		v, err = b.catch(fn)
	}
	if err != nil {
		_ = reject(b.jsError(err))
	} else {
		_ = resolve(v)
	}
	return b.rt.ToValue(p)
}

// catch calls fn, turning a JavaScript exception it panics with into an
// error.
func (b *binding) catch(fn func() (goja.Value, error)) (v goja.Value, err error) {
	defer func() {
		switch r := recover().(type) {
		case nil:
		case *goja.Exception:
			v, err = nil, thrown{r.Value()}
		case *goja.Object:
			v, err = nil, thrown{r}
		default:
			panic(r)
		}
	}()
	return fn()
}

// jsFailure is the error for a failed call into script code: its exception
// rejects the promise; an interrupt keeps unwinding the script.
func (b *binding) jsFailure(err error) error {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return thrown{ex.Value()}
	}
	panic(err)
}

// isSubtle reports whether v is this runtime's SubtleCrypto object.
func (b *binding) isSubtle(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	return ok && o == b.subtle
}

// checkCrypto throws WebIDL's "illegal invocation" TypeError unless v is
// this runtime's Crypto object.
func (b *binding) checkCrypto(v goja.Value) {
	if o, ok := v.(*goja.Object); !ok || o != b.crypto {
		panic(b.rt.NewTypeError("Illegal invocation: this is not crypto"))
	}
}
