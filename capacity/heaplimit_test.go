package capacity

import "testing"

func TestParseHeapLimit(t *testing.T) {
	t.Parallel()
	all := MemoryLimits{GoMemLimit: 1 << 30, Cgroup: 2 << 30, Physical: 8 << 30}
	tests := []struct {
		name    string
		setting string
		limits  MemoryLimits
		want    int64
		from    string
		wantErr bool
	}{
		{"default takes GOMEMLIMIT first", "", all, 858993459, "80% of GOMEMLIMIT (1GiB)", false},
		{"then the cgroup", "50%", MemoryLimits{Cgroup: 2 << 30, Physical: 8 << 30}, 1 << 30, "50% of the cgroup memory limit (2GiB)", false},
		{"then physical memory", "25%", MemoryLimits{Physical: 8 << 30}, 2 << 30, "25% of physical memory (8GiB)", false},
		{"nothing known turns it off", "80%", MemoryLimits{}, 0, "off (no memory limit known)", false},
		{"absolute", "512MiB", all, 512 << 20, "512MiB", false},
		{"off", "off", all, 0, "off", false},
		{"zero is off", "0", all, 0, "off", false},
		{"percent over 100", "120%", all, 0, "", true},
		{"percent zero", "0%", all, 0, "", true},
		{"not a number", "lots", all, 0, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseHeapLimit(tc.setting, tc.limits)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error = %v, want error %v", err, tc.wantErr)
			}
			if got.Bytes != tc.want || got.From != tc.from {
				t.Errorf("ParseHeapLimit(%q) = %+v, want {%d %q}", tc.setting, got, tc.want, tc.from)
			}
		})
	}
}

func TestParseCgroupAndMeminfo(t *testing.T) {
	t.Parallel()
	cg := []struct {
		in   string
		want int64
	}{{"max\n", 0}, {"1073741824\n", 1 << 30}, {"9223372036854771712\n", 0}, {"", 0}, {"-1", 0}}
	for _, tc := range cg {
		if got := parseCgroupLimit([]byte(tc.in)); got != tc.want {
			t.Errorf("parseCgroupLimit(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
	info := "MemFree:  100 kB\nMemTotal:       24576000 kB\n"
	if got := parseMeminfoTotal([]byte(info)); got != 24576000<<10 {
		t.Errorf("parseMeminfoTotal = %d", got)
	}
	if got := parseMeminfoTotal([]byte("nothing")); got != 0 {
		t.Errorf("parseMeminfoTotal(nothing) = %d", got)
	}
	if l := SystemMemoryLimits(); l.Physical <= 0 {
		t.Errorf("SystemMemoryLimits().Physical = %d on Linux, want > 0", l.Physical)
	}
}
