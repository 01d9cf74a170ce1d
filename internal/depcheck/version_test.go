package depcheck

import "testing"

func TestCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		v, w string
		want int
	}{
		{name: "equal", v: "v1.9.3", w: "v1.9.3", want: 0},
		{name: "patch", v: "v1.9.4", w: "v1.9.3", want: 1},
		{name: "numeric not lexical", v: "v0.10.0", w: "v0.9.0", want: 1},
		{name: "x/text style", v: "v0.3.8", w: "v0.25.0", want: -1},
		{name: "huge numbers", v: "v1.99999999999999999999.0", w: "v1.100000000000000000000.0", want: -1},
		{name: "shorthand major", v: "v1", w: "v1.0.0", want: 0},
		{name: "shorthand minor", v: "v1.2", w: "v1.2.0", want: 0},
		{name: "prerelease before release", v: "v1.0.0-rc.1", w: "v1.0.0", want: -1},
		{name: "prerelease numeric ids", v: "v1.0.0-rc.2", w: "v1.0.0-rc.10", want: -1},
		{name: "numeric before alphanumeric", v: "v1.0.0-1", w: "v1.0.0-alpha", want: -1},
		{name: "shorter prerelease first", v: "v1.0.0-alpha", w: "v1.0.0-alpha.1", want: -1},
		{name: "semver spec chain", v: "v1.0.0-beta.11", w: "v1.0.0-rc.1", want: -1},
		{name: "incompatible ignored", v: "v2.1.4+incompatible", w: "v2.1.4", want: 0},
		{name: "incompatible ordered", v: "v2.1.3+incompatible", w: "v2.1.4+incompatible", want: -1},
		{name: "pseudo vs pseudo by time", v: "v0.0.0-20241024094426-79f3a7efcdbd", w: "v0.0.0-20230207041349-798e818bf904", want: 1},
		{name: "pseudo before any tag", v: "v0.0.0-20991231235959-aaaaaaaaaaaa", w: "v0.1.0", want: -1},
		{name: "pseudo after its base tag", v: "v1.6.2-0.20260818151404-c416c52a2dd3", w: "v1.6.1", want: 1},
		{name: "pseudo before the next tag", v: "v1.6.2-0.20260818151404-c416c52a2dd3", w: "v1.6.2", want: -1},
		{name: "pseudo on a prerelease", v: "v0.6.0-dev.0.20220419223038-86c51ed26bb4", w: "v0.6.0-dev", want: 1},
		{name: "pseudo on a prerelease before release", v: "v0.6.0-dev.0.20220419223038-86c51ed26bb4", w: "v0.6.0", want: -1},
		{name: "replacement fork version", v: "v0.92.1-0.20260211103127-0004a8367058", w: "v0.133.0", want: -1},
		{name: "invalid sorts first", v: "1.2.3", w: "v0.0.1", want: -1},
		{name: "both invalid", v: "latest", w: "master", want: 0},
		{name: "leading zero invalid", v: "v01.2.3", w: "v0.0.0", want: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Compare(tt.v, tt.w); got != tt.want {
				t.Errorf("Compare(%q, %q) = %d, want %d", tt.v, tt.w, got, tt.want)
			}
			if got := Compare(tt.w, tt.v); got != -tt.want {
				t.Errorf("Compare(%q, %q) = %d, want %d", tt.w, tt.v, got, -tt.want)
			}
		})
	}
}

func TestIsValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    string
		want bool
	}{
		{"v1.2.3", true}, {"v0.0.0-20241024094426-79f3a7efcdbd", true}, {"v2.1.4+incompatible", true},
		{"v1.0.0-rc.1+build.5", true}, {"v1", true}, {"v1.2", true},
		{"1.2.3", false}, {"v1.2.3.4", false}, {"v1.2-pre", false}, {"v1.2.3-", false},
		{"v1.2.3-01", false}, {"v1.2.3-a..b", false}, {"v1.2.3+", false}, {"v1.2.3-a_b", false}, {"", false}, {"v", false},
	}
	for _, tt := range tests {
		t.Run(tt.v, func(t *testing.T) {
			t.Parallel()
			if got := IsValid(tt.v); got != tt.want {
				t.Errorf("IsValid(%q) = %v, want %v", tt.v, got, tt.want)
			}
		})
	}
}

func TestParsePseudo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    string
		want Pseudo
		ok   bool
	}{
		{v: "v0.0.0-20241024094426-79f3a7efcdbd", ok: true, want: Pseudo{Time: "20241024094426", Rev: "79f3a7efcdbd"}},
		{v: "v1.6.2-0.20260818151404-c416c52a2dd3", ok: true, want: Pseudo{Time: "20260818151404", Rev: "c416c52a2dd3"}},
		{v: "v0.6.0-dev.0.20220419223038-86c51ed26bb4", ok: true, want: Pseudo{Time: "20220419223038", Rev: "86c51ed26bb4"}},
		{v: "v2.0.0-20190101000000-abcdefabcdef+incompatible", ok: true, want: Pseudo{Time: "20190101000000", Rev: "abcdefabcdef"}},
		{v: "v1.9.3"},
		{v: "v1.0.0-rc.1"},
		{v: "v1.2.3-20241024094426-79f3a7efcdbd"}, // not a pseudo-version form
	}
	for _, tt := range tests {
		t.Run(tt.v, func(t *testing.T) {
			t.Parallel()
			got, ok := ParsePseudo(tt.v)
			if ok != tt.ok || got != tt.want {
				t.Errorf("ParsePseudo(%q) = %+v, %v; want %+v, %v", tt.v, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCompareGo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v, w string
		want int
	}{
		{"1.23", "1.23.10", -1},
		{"1.23", "1.23rc1", -1},
		{"1.23rc1", "1.23.0", -1},
		{"1.23beta1", "1.23rc1", -1},
		{"1.23.10", "1.23.9", 1},
		{"1.24.0", "1.23.10", 1},
		{"1.23.10", "1.23.10", 0},
		{"2.0", "1.99.99", 1},
		{"bogus", "1.21", -1},
	}
	for _, tt := range tests {
		t.Run(tt.v+"_"+tt.w, func(t *testing.T) {
			t.Parallel()
			if got := CompareGo(tt.v, tt.w); got != tt.want {
				t.Errorf("CompareGo(%q, %q) = %d, want %d", tt.v, tt.w, got, tt.want)
			}
		})
	}
}
