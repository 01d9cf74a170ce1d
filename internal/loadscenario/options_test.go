package loadscenario

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		modify func(*Options)
		want   []string // substrings of the error; none: valid
	}{
		{"defaults", func(*Options) {}, nil},
		{"plugin target", func(o *Options) { o.PluginSO, o.HostBin = "x.so", "loadhost" }, nil},
		{"no alloc phase needs no alloc clients", func(o *Options) { o.Alloc, o.AllocClients = false, 0 }, nil},
		{"zero", func(o *Options) { *o = Options{} }, []string{"defs_dir:", "phase:", "rounds:", "rep_clients:", "slow_clients:",
			"spin_clients:", "slow_delay:", "spin_timeout:", "alloc_timeout:", "request_timeout:"}},
		{"alloc phase without clients", func(o *Options) { o.AllocClients = 0 }, []string{"alloc_clients: must be >= 1"}},
		{"too many clients", func(o *Options) { o.RepClients = 1000 }, []string{"rep_clients: must be between 1 and 256, got 1000"}},
		{"negative", func(o *Options) { o.Warmup, o.MaxConcurrent = -1, -1 }, []string{"warmup:", "max_concurrent:"}},
		{"heap limit", func(o *Options) { o.HeapLimit = "lots" }, []string{"heap_limit:", `"lots"`}},
		{"request timeout shorter than the upstream", func(o *Options) { o.RequestTimeout = time.Second }, []string{"request_timeout:"}},
		{"half a plugin target", func(o *Options) { o.PluginSO = "x.so" }, []string{"plugin_so, host_bin:"}},
		{"no target", func(o *Options) { o.SkipDev = true }, []string{"skip_dev:"}},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := DefaultOptions()
			tc.modify(&o)
			err := o.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    uint64
		wantErr bool
	}{
		{"256MiB", 256 << 20, false},
		{" 1 GiB ", 1 << 30, false},
		{"512KiB", 512 << 10, false},
		{"2GB", 2e9, false},
		{"3MB", 3e6, false},
		{"4KB", 4000, false},
		{"100B", 100, false},
		{"1048576", 1 << 20, false},
		{"", 0, true},
		{"0MiB", 0, true},
		{"-1MiB", 0, true},
		{"1.5GiB", 0, true},
		{"MiB", 0, true},
		{"10TiB", 0, true},
		{"20000000000GiB", 0, true},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseBytes(tc.in)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Fatalf("ParseBytes(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.wantErr)
			}
		})
	}
}

// FuzzParseBytes: any accepted size is positive and formats back to the
// same number of bytes.
func FuzzParseBytes(f *testing.F) {
	for _, s := range []string{"256MiB", "1GB", "100", "0", "-1KiB", "18446744073709551615", "17179869184GiB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseBytes(s)
		if err != nil {
			if n != 0 {
				t.Fatalf("ParseBytes(%q) = %d with error %v", s, n, err)
			}
			return
		}
		if n == 0 {
			t.Fatalf("ParseBytes(%q) = 0 without error", s)
		}
		back, err := ParseBytes(strconv.FormatUint(n, 10) + "B")
		if err != nil || back != n {
			t.Fatalf("ParseBytes(%q) = %d, which reads back as %d, %v", s, n, back, err)
		}
	})
}
