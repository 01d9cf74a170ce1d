package doctest

import (
	"reflect"
	"strings"
	"testing"
)

func TestBlocks(t *testing.T) {
	md := "# T\n\n<!-- doctest: skip (fragment) -->\n```json\n{...}\n```\ntext\n  ```sh\n  echo hi\n    two\n  ```\n```\nplain\n```\n```js\nunclosed"
	got := Blocks(md)
	want := []Block{
		{Line: 4, Lang: "json", Text: "{...}", Directive: "skip (fragment)"},
		{Line: 8, Lang: "sh", Text: "echo hi\n  two"},
		{Line: 12, Lang: "", Text: "plain"},
		{Line: 15, Lang: "js", Text: "unclosed"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Blocks:\n got %#v\nwant %#v", got, want)
	}
}

func TestLinksSkipCode(t *testing.T) {
	md := "see [a](a.md) and `[b](b.md)`\n```\n[c](c.md)\n```\n![img](x.png#top)"
	got := Links(md)
	want := []Link{{Line: 1, Target: "a.md"}, {Line: 5, Target: "x.png#top"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Links: got %v, want %v", got, want)
	}
}

func TestAnchors(t *testing.T) {
	md := "# Title\n## `tyk_ve` reference\n## Soak and load\n## Soak and load\n```\n# not a heading\n```\n## Migrating from Tyk's built-in virtual endpoints"
	got := Anchors(md)
	for _, want := range []string{"title", "tyk_ve-reference", "soak-and-load", "soak-and-load-1", "migrating-from-tyks-built-in-virtual-endpoints"} {
		if !got[want] {
			t.Errorf("missing anchor %q in %v", want, got)
		}
	}
	if got["not-a-heading"] {
		t.Error("a line inside a fence became an anchor")
	}
}

// FuzzBlocks: any text parses, blocks are in order and inside the text, and
// every block's text lines come from the input.
func FuzzBlocks(f *testing.F) {
	for _, s := range []string{"```\nx\n```", "  ```sh\n  a\n```", "<!-- doctest: skip -->\n```json\n{}\n```", "```", "# h\n[a](b)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		lines := strings.Split(md, "\n")
		last := 0
		for _, b := range Blocks(md) {
			if b.Line <= last || b.Line > len(lines) {
				t.Fatalf("block line %d after %d (of %d)", b.Line, last, len(lines))
			}
			last = b.Line
			for _, l := range strings.Split(b.Text, "\n") {
				if l != "" && !strings.Contains(md, l) {
					t.Fatalf("block text line %q not in input", l)
				}
			}
		}
		for _, l := range Links(md) {
			if l.Line < 1 || l.Line > len(lines) || !strings.Contains(lines[l.Line-1], l.Target) {
				t.Fatalf("link %+v not on its line", l)
			}
		}
		_ = Anchors(md)
	})
}
