package capacity

import (
	"errors"
	"testing"
)

func TestParseSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"0", 0, false},
		{"1048576", 1 << 20, false},
		{"64MiB", 64 << 20, false},
		{"64mib", 64 << 20, false},
		{" 1.5 GiB ", 3 << 29, false},
		{"256KiB", 256 << 10, false},
		{"512k", 512 << 10, false},
		{"2G", 2 << 30, false},
		{"1GB", 1e9, false},
		{"10MB", 10e6, false},
		{"100B", 100, false},
		{"", 0, true},
		{"MiB", 0, true},
		{"-1", 0, true},
		{"-5MiB", 0, true},
		{"ten", 0, true},
		{"NaN", 0, true},
		{"Inf", 0, true},
		{"1e30", 0, true},
		{"9223372036854775807", 0, true},
		{"64 MiBs", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSize(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseSize(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
			}
			if err != nil && !errors.Is(err, ErrSize) {
				t.Errorf("error %v does not wrap ErrSize", err)
			}
			if got != tc.want {
				t.Errorf("ParseSize(%q) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
}

func TestFormatSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0B"}, {300, "300B"}, {1 << 10, "1KiB"}, {64 << 20, "64MiB"},
		{3 << 29, "1.5GiB"}, {256 << 10, "256KiB"}, {1<<30 + 1, "1GiB"},
	}
	for _, tc := range tests {
		if got := FormatSize(tc.in); got != tc.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzParseSize checks that every accepted size is in range and that
// formatting a size and parsing it back stays within the rounding of two
// decimals.
func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"0", "64MiB", "1.5GiB", "512k", "1GB", "-1", "", "1e30", "0x10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err != nil {
			if !errors.Is(err, ErrSize) {
				t.Fatalf("error %v does not wrap ErrSize", err)
			}
			return
		}
		if n < 0 {
			t.Fatalf("ParseSize(%q) = %d < 0", s, n)
		}
		back, err := ParseSize(FormatSize(n))
		if err != nil {
			t.Fatalf("FormatSize(%d) = %q does not parse: %v", n, FormatSize(n), err)
		}
		if diff := back - n; diff > n/100+1 || -diff > n/100+1 {
			t.Fatalf("FormatSize(%d) = %q reads back as %d", n, FormatSize(n), back)
		}
	})
}
