package webtext

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// ErrInvalidUTF8 is a fatal decoder's failure.
var ErrInvalidUTF8 = errors.New("the encoded data was not valid UTF-8")

// Decoder is the Encoding Standard's UTF-8 decoder with its state kept
// between streamed chunks. The zero value is a replacing decoder that
// strips a leading BOM.
type Decoder struct {
	// Fatal makes invalid input an error instead of U+FFFD.
	Fatal bool
	// IgnoreBOM keeps a leading U+FEFF in the output.
	IgnoreBOM bool

	cp, needed, seen int
	lower, upper     byte
	pending          []byte // bytes of the incomplete sequence
	bomSeen          bool   // the BOM check is done for this stream
}

// DecodeUTF8 decodes b replacing errors, BOM kept: the "UTF-8 decode
// without BOM" of the URL standard.
func DecodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	d := Decoder{IgnoreBOM: true}
	s, _ := d.Decode(b, false)
	return s
}

// Decode decodes the next chunk; stream false ends the stream (an
// incomplete sequence then is an error) and resets the decoder.
func (d *Decoder) Decode(b []byte, stream bool) (string, error) {
	var out strings.Builder
	out.Grow(len(b))
	in := b
	if len(d.pending) > 0 {
		in = append(append([]byte(nil), d.pending...), b...)
		d.pending = d.pending[:0]
		d.cp, d.needed, d.seen = 0, 0, 0
	}
	if err := d.run(&out, in); err != nil {
		d.reset()
		return "", err
	}
	if !stream {
		incomplete := d.needed != 0
		d.reset()
		if incomplete {
			if d.Fatal {
				return "", ErrInvalidUTF8
			}
			out.WriteRune(utf8.RuneError)
		}
	}
	s := out.String()
	if !d.IgnoreBOM && !d.bomSeen && len(s) > 0 {
		d.bomSeen = true
		s = strings.TrimPrefix(s, "\uFEFF")
	}
	if !stream {
		d.bomSeen = false
	}
	return s, nil
}

func (d *Decoder) reset() {
	d.cp, d.needed, d.seen, d.lower, d.upper = 0, 0, 0, 0x80, 0xBF
	d.pending = d.pending[:0]
}

// run decodes in, keeping an incomplete trailing sequence in pending.
func (d *Decoder) run(out *strings.Builder, in []byte) error {
	start := 0 // first byte of the current sequence
	for i := 0; i < len(in); i++ {
		c := in[i]
		if d.needed == 0 {
			start = i
			if c < 0x80 {
				out.WriteByte(c)
				continue
			}
			if !d.lead(c) {
				if err := d.invalid(out); err != nil {
					return err
				}
			}
			continue
		}
		if c < d.lower || c > d.upper {
			d.cp, d.needed, d.seen, d.lower, d.upper = 0, 0, 0, 0x80, 0xBF
			if err := d.invalid(out); err != nil {
				return err
			}
			i-- // the byte is processed again
			continue
		}
		d.lower, d.upper = 0x80, 0xBF
		d.cp = d.cp<<6 | int(c&0x3F)
		d.seen++
		if d.seen == d.needed {
			out.WriteRune(rune(d.cp))
			d.cp, d.needed, d.seen = 0, 0, 0
		}
	}
	if d.needed != 0 {
		d.pending = append(d.pending[:0], in[start:]...)
	}
	return nil
}

// lead starts a multi-byte sequence; false for a byte that cannot.
func (d *Decoder) lead(c byte) bool {
	d.lower, d.upper = 0x80, 0xBF
	switch {
	case c >= 0xC2 && c <= 0xDF:
		d.needed, d.cp = 1, int(c&0x1F)
	case c >= 0xE0 && c <= 0xEF:
		if c == 0xE0 {
			d.lower = 0xA0
		} else if c == 0xED {
			d.upper = 0x9F
		}
		d.needed, d.cp = 2, int(c&0xF)
	case c >= 0xF0 && c <= 0xF4:
		if c == 0xF0 {
			d.lower = 0x90
		} else if c == 0xF4 {
			d.upper = 0x8F
		}
		d.needed, d.cp = 3, int(c&0x7)
	default:
		return false
	}
	return true
}

func (d *Decoder) invalid(out *strings.Builder) error {
	if d.Fatal {
		return ErrInvalidUTF8
	}
	out.WriteRune(utf8.RuneError)
	return nil
}
