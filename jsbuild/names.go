package jsbuild

import "unicode"

// reserved are the words no global variable can be named (ES2022 reserved
// words and the strict-mode ones), plus the names the built script uses.
var reserved = map[string]bool{
	"await": true, "break": true, "case": true, "catch": true, "class": true, "const": true,
	"continue": true, "debugger": true, "default": true, "delete": true, "do": true, "else": true,
	"enum": true, "export": true, "extends": true, "false": true, "finally": true, "for": true,
	"function": true, "if": true, "import": true, "in": true, "instanceof": true, "new": true,
	"null": true, "return": true, "super": true, "switch": true, "this": true, "throw": true,
	"true": true, "try": true, "typeof": true, "var": true, "void": true, "while": true,
	"with": true, "yield": true, "let": true, "static": true, "implements": true,
	"interface": true, "package": true, "private": true, "protected": true, "public": true,
	"arguments": true, "eval": true, "undefined": true, "NaN": true, "Infinity": true,
	moduleGlobal: true, DefaultExportGlobal: true,
}

// isGlobalName reports whether name can be declared with `var name`.
func isGlobalName(name string) bool {
	if name == "" || reserved[name] {
		return false
	}
	for i, c := range name {
		ok := c == '$' || c == '_' || unicode.IsLetter(c) || (i > 0 && (unicode.IsDigit(c) || unicode.In(c, unicode.Mn, unicode.Mc, unicode.Pc)))
		if !ok {
			return false
		}
	}
	return true
}
