package webapi

import (
	"strconv"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/webtext"
	"github.com/tyk-ve/tyk-ve/weburl"
)

// natives returns the Go functions webapi.js builds its classes on. They
// trust their arguments' types (webapi.js is their only caller) but never
// panic on a wrong one: a handle that is not one becomes a TypeError.
func (a *API) natives() *goja.Object {
	o := a.rt.NewObject()
	for name, fn := range map[string]func(goja.FunctionCall) goja.Value{
		"urlParse":       a.urlParse,
		"urlGet":         a.urlGet,
		"urlSet":         a.urlSet,
		"urlSetQuery":    a.urlSetQuery,
		"formParse":      a.formParse,
		"formSerialize":  a.formSerialize,
		"utf8Encode":     a.utf8Encode,
		"utf8EncodeInto": a.utf8EncodeInto,
		"utf8Decoder":    a.utf8Decoder,
		"utf8Decode":     a.utf8Decode,
		"logEnabled":     a.logEnabled,
		"log":            a.log,
	} {
		_ = o.Set(name, fn)
	}
	return o
}

func (a *API) urlHandle(v goja.Value) *weburl.URL {
	u, ok := v.Export().(*weburl.URL)
	if !ok {
		panic(a.rt.NewTypeError("not a URL"))
	}
	return u
}

func (a *API) urlParse(c goja.FunctionCall) goja.Value {
	var base *weburl.URL
	if b := c.Argument(1); !goja.IsUndefined(b) {
		var err error
		if base, err = weburl.Parse(b.String(), nil); err != nil {
			return goja.Null()
		}
	}
	u, err := weburl.Parse(c.Argument(0).String(), base)
	if err != nil {
		return goja.Null()
	}
	return a.rt.ToValue(u)
}

func (a *API) urlGet(c goja.FunctionCall) goja.Value {
	u := a.urlHandle(c.Argument(0))
	var s string
	switch c.Argument(1).String() {
	case "href":
		s = u.String()
	case "origin":
		s = u.Origin()
	case "protocol":
		s = u.Scheme + ":"
	case "username":
		s = u.Username
	case "password":
		s = u.Password
	case "host":
		s = u.HostPort()
	case "hostname":
		s = u.Host
	case "port":
		s = u.PortString()
	case "pathname":
		s = u.Pathname()
	case "search":
		s = u.Search()
	case "hash":
		s = u.Hash()
	case "query":
		if u.Query != nil {
			s = *u.Query
		}
	}
	return a.rt.ToValue(s)
}

func (a *API) urlSet(c goja.FunctionCall) goja.Value {
	u := a.urlHandle(c.Argument(0))
	v := c.Argument(2).String()
	// false: an href that does not parse (the class throws the TypeError);
	// the other setters ignore what they cannot use, as the standard says
	return a.rt.ToValue(u.Set(c.Argument(1).String(), v) == nil)
}

func (a *API) urlSetQuery(c goja.FunctionCall) goja.Value {
	a.urlHandle(c.Argument(0)).SetQuery(c.Argument(1).String())
	return goja.Undefined()
}

func (a *API) formParse(c goja.FunctionCall) goja.Value {
	pairs := weburl.ParseForm(c.Argument(0).String())
	items := make([]interface{}, len(pairs))
	for i, p := range pairs {
		items[i] = a.rt.NewArray(p.Name, p.Value)
	}
	return a.rt.NewArray(items...)
}

func (a *API) formSerialize(c goja.FunctionCall) goja.Value {
	list := c.Argument(0).ToObject(a.rt)
	n := int(list.Get("length").ToInteger())
	pairs := make([]weburl.Pair, n)
	for i := range pairs {
		p := list.Get(strconv.Itoa(i)).ToObject(a.rt)
		pairs[i] = weburl.Pair{Name: p.Get("0").String(), Value: p.Get("1").String()}
	}
	return a.rt.ToValue(weburl.SerializeForm(pairs))
}

// utf8Encode returns the UTF-8 of a string (lone surrogates as U+FFFD) as
// an ArrayBuffer.
func (a *API) utf8Encode(c goja.FunctionCall) goja.Value {
	return a.rt.ToValue(a.rt.NewArrayBuffer([]byte(c.Argument(0).String())))
}

// utf8EncodeInto encodes as many whole code points as fit in avail bytes:
// {read: UTF-16 code units consumed, bytes: ArrayBuffer}.
func (a *API) utf8EncodeInto(c goja.FunctionCall) goja.Value {
	s := c.Argument(0).String()
	avail := int(c.Argument(1).ToInteger())
	read, written := 0, 0
	for _, r := range s {
		n := utf8.RuneLen(r)
		if n < 0 {
			n = 3 // U+FFFD
		}
		if written+n > avail {
			break
		}
		written += n
		read++
		if r >= 0x10000 {
			read++
		}
	}
	o := a.rt.NewObject()
	_ = o.Set("read", read)
	_ = o.Set("bytes", a.rt.NewArrayBuffer([]byte(s[:written])))
	return o
}

func (a *API) utf8Decoder(c goja.FunctionCall) goja.Value {
	return a.rt.ToValue(&webtext.Decoder{Fatal: c.Argument(0).ToBoolean(), IgnoreBOM: c.Argument(1).ToBoolean()})
}

// utf8Decode decodes buffer[off:off+n] with the decoder; null when a fatal
// decoder met invalid data.
func (a *API) utf8Decode(c goja.FunctionCall) goja.Value {
	d, ok := c.Argument(0).Export().(*webtext.Decoder)
	if !ok {
		panic(a.rt.NewTypeError("not a TextDecoder"))
	}
	var b []byte
	if buf, ok := c.Argument(1).Export().(goja.ArrayBuffer); ok {
		all := buf.Bytes()
		off, n := int(c.Argument(2).ToInteger()), int(c.Argument(3).ToInteger())
		if off >= 0 && n >= 0 && off+n <= len(all) {
			b = all[off : off+n]
		}
	}
	s, err := d.Decode(b, c.Argument(4).ToBoolean())
	if err != nil {
		return goja.Null()
	}
	return a.rt.ToValue(s)
}

func (a *API) logger() *logrus.Entry {
	if a.opts.Logger == nil {
		return nil
	}
	return a.opts.Logger()
}

func (a *API) logEnabled(goja.FunctionCall) goja.Value { return a.rt.ToValue(a.logger() != nil) }

// log writes one console line at the given level with the call's fields,
// cut at MaxLogBytes.
func (a *API) log(c goja.FunctionCall) goja.Value {
	l := a.logger()
	if l == nil {
		return goja.Undefined()
	}
	msg := c.Argument(1).String()
	if len(msg) > a.opts.MaxLogBytes {
		cut := a.opts.MaxLogBytes
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "… (" + strconv.Itoa(len(msg)-cut) + " more bytes)"
	}
	e := l.WithField("prefix", "jsvm").WithField("type", "console")
	switch c.Argument(0).String() {
	case "debug":
		e.Debug(msg)
	case "warn":
		e.Warn(msg)
	case "error":
		e.Error(msg)
	default:
		e.Info(msg)
	}
	return goja.Undefined()
}
