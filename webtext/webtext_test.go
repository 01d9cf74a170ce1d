package webtext

import (
	"bytes"
	"encoding/base64"
	"errors"
	"testing"
	"unicode/utf8"
)

func TestDecoder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        string
		ignoreBOM bool
		want      string
		fatalErr  bool
	}{
		{"ascii", "abc", false, "abc", false},
		{"multi-byte", "h\u00e9\u20ac\U0001F4A9", false, "h\u00e9\u20ac\U0001F4A9", false},
		{"BOM stripped", "\xEF\xBB\xBFx", false, "x", false},
		{"BOM kept", "\xEF\xBB\xBFx", true, "\uFEFFx", false},
		{"lone continuation", "a\x80b", false, "a\uFFFDb", true},
		{"truncated 4-byte sequence is one replacement", "\xF0\x9F\x98", false, "\uFFFD", true},
		{"truncated then ascii", "\xF0\x9F\x98a", false, "\uFFFDa", true},
		{"overlong", "\xC0\xAF", false, "\uFFFD\uFFFD", true},
		{"surrogate", "\xED\xA0\x80", false, "\uFFFD\uFFFD\uFFFD", true},
		{"above U+10FFFF", "\xF4\x90\x80\x80", false, "\uFFFD\uFFFD\uFFFD\uFFFD", true},
		{"E0 lower bound", "\xE0\x80\x80", false, "\uFFFD\uFFFD\uFFFD", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decoder{IgnoreBOM: tt.ignoreBOM}
			got, err := d.Decode([]byte(tt.in), false)
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
			fatal := Decoder{Fatal: true, IgnoreBOM: tt.ignoreBOM}
			_, err = fatal.Decode([]byte(tt.in), false)
			if tt.fatalErr != errors.Is(err, ErrInvalidUTF8) {
				t.Fatalf("fatal: err %v, want error %v", err, tt.fatalErr)
			}
		})
	}
}

func TestDecoderStreams(t *testing.T) {
	t.Parallel()
	var d Decoder
	var out string
	for _, chunk := range []string{"\xEF\xBB", "\xBFa\xE2\x82", "\xAC", "\xF0\x9F"} {
		s, err := d.Decode([]byte(chunk), true)
		if err != nil {
			t.Fatal(err)
		}
		out += s
	}
	s, _ := d.Decode(nil, false)
	out += s
	if out != "a\u20ac\uFFFD" {
		t.Fatalf("got %q", out)
	}
}

// FuzzDecoder checks the decoder against itself in chunks and against Go
// for valid input.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte("h\u00e9\xF0\x9F\x98a\x80"), 3)
	f.Fuzz(func(t *testing.T, b []byte, split int) {
		whole := Decoder{IgnoreBOM: true}
		want, _ := whole.Decode(b, false)
		if utf8.Valid(b) && want != string(b) {
			t.Fatalf("valid %q decoded to %q", b, want)
		}
		if !utf8.ValidString(want) {
			t.Fatalf("output %q is not valid UTF-8", want)
		}
		if split < 0 {
			split = -split
		}
		split %= len(b) + 1
		chunked := Decoder{IgnoreBOM: true}
		a, _ := chunked.Decode(b[:split], true)
		c, _ := chunked.Decode(b[split:], false)
		if a+c != want {
			t.Fatalf("%q split at %d: %q, whole %q", b, split, a+c, want)
		}
	})
}

func TestForgivingBase64(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		bad      bool
	}{
		{"", "", false},
		{"YQ", "a", false},
		{"YQ==", "a", false},
		{"YQ=", "", true},
		{" Y Q = = ", "a", false},
		{"YWJj\nZGVm", "abcdef", false},
		{"YR", "a", false}, // non-zero leftover bits are discarded
		{"Y", "", true},
		{"YQ==a", "", true},
		{"Y-Q=", "", true},
		{"YQ\u00a0", "", true},
	}
	for _, tt := range tests {
		got, err := ForgivingBase64Decode(tt.in)
		if tt.bad != (err != nil) || string(got) != tt.want {
			t.Errorf("%q: got %q, %v", tt.in, got, err)
		}
	}
}

// FuzzForgivingBase64 checks decoding against encoding/base64 on what the
// standard library encodes.
func FuzzForgivingBase64(f *testing.F) {
	f.Add([]byte("hello"), "YWJj ZA==")
	f.Fuzz(func(t *testing.T, b []byte, s string) {
		got, err := ForgivingBase64Decode(base64.StdEncoding.EncodeToString(b))
		if err != nil || !bytes.Equal(got, b) {
			t.Fatalf("%q: got %q, %v", b, got, err)
		}
		_, _ = ForgivingBase64Decode(s)
	})
}
