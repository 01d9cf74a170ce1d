package doctest

import (
	"regexp"
	"strings"
	"unicode"
)

// Block is one fenced code block.
type Block struct {
	// Line is the 1-based line of the opening fence.
	Line int
	// Lang is the info string's first word ("sh", "json", "" for none).
	Lang string
	// Text is the content, without the fences, dedented by the fence's
	// indentation.
	Text string
	// Directive is the text of a "<!-- doctest: ... -->" comment on one of
	// the two lines before the fence, trimmed ("" when there is none).
	Directive string
}

// Link is one inline link or image target outside code.
type Link struct {
	Line   int
	Target string
}

var directiveRE = regexp.MustCompile(`^\s*<!--\s*doctest:\s*(.*?)\s*-->\s*$`)

// fence reports whether line opens or closes a fence: its indentation and
// the info string.
func fence(line string) (indent int, info string, ok bool) {
	trimmed := strings.TrimLeft(line, " ")
	indent = len(line) - len(trimmed)
	if indent > 3 && !strings.HasPrefix(trimmed, "```") {
		return 0, "", false
	}
	if !strings.HasPrefix(trimmed, "```") {
		return 0, "", false
	}
	return indent, strings.TrimSpace(strings.TrimLeft(trimmed, "`")), true
}

// Blocks returns the fenced code blocks of md in order. An unclosed fence
// runs to the end of the text, as in CommonMark.
func Blocks(md string) []Block {
	lines := strings.Split(md, "\n")
	var out []Block
	for i := 0; i < len(lines); i++ {
		indent, info, ok := fence(lines[i])
		if !ok {
			continue
		}
		b := Block{Line: i + 1, Lang: firstWord(info), Directive: directiveBefore(lines, i)}
		var body []string
		j := i + 1
		for ; j < len(lines); j++ {
			if _, inf, ok := fence(lines[j]); ok && inf == "" {
				break
			}
			body = append(body, dedent(lines[j], indent))
		}
		b.Text = strings.Join(body, "\n")
		out = append(out, b)
		i = j
	}
	return out
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

func directiveBefore(lines []string, i int) string {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		if m := directiveRE.FindStringSubmatch(lines[k]); m != nil {
			return m[1]
		}
	}
	return ""
}

func dedent(line string, n int) string {
	for k := 0; k < n && strings.HasPrefix(line, " "); k++ {
		line = line[1:]
	}
	return line
}

var linkRE = regexp.MustCompile(`\]\(([^()\s]+)\)`)

// Links returns the inline link targets of md outside fenced blocks and
// inline code spans.
func Links(md string) []Link {
	var out []Link
	inFence := false
	for i, line := range strings.Split(md, "\n") {
		if _, info, ok := fence(line); ok {
			if !inFence || info == "" {
				inFence = !inFence
			}
			continue
		}
		if inFence {
			continue
		}
		for _, m := range linkRE.FindAllStringSubmatch(stripCodeSpans(line), -1) {
			out = append(out, Link{Line: i + 1, Target: m[1]})
		}
	}
	return out
}

var codeSpanRE = regexp.MustCompile("`[^`]*`")

func stripCodeSpans(s string) string { return codeSpanRE.ReplaceAllString(s, "") }

// Anchors returns the anchors GitHub gives md's headings: lower case,
// punctuation other than '-' and '_' dropped, spaces as '-', and "-1", "-2"
// … for repeats.
func Anchors(md string) map[string]bool {
	out := make(map[string]bool)
	seen := make(map[string]int)
	inFence := false
	for _, line := range strings.Split(md, "\n") {
		if _, info, ok := fence(line); ok {
			if !inFence || info == "" {
				inFence = !inFence
			}
			continue
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		text := strings.TrimSpace(strings.TrimLeft(line, "#"))
		slug := Slug(text)
		if n := seen[slug]; n > 0 {
			out[slug+"-"+itoa(n)] = true
		} else {
			out[slug] = true
		}
		seen[slug]++
	}
	return out
}

// Slug is GitHub's anchor for a heading's text.
func Slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}
