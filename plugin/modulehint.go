package plugin

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/tyk-ve/tyk-ve/vm"
)

// esModuleSyntax matches a line that starts an import or export
// declaration: what an ES module or TypeScript source has and a classic
// script cannot.
var esModuleSyntax = regexp.MustCompile(`(?m)^[ \t]*(import[ \t]*[\w{*"'$]|export[ \t]+(default|function|async|const|let|var|class|type|interface|\{|\*))`)

// hintModuleSyntax adds to a script's compile error, when the script looks
// like an ES module, that the plugin runs built scripts only: goja alone
// would say "Unexpected reserved word".
func hintModuleSyntax(err error, scripts []vm.Script, name string) error {
	var compile *vm.CompileError
	if !errors.As(err, &compile) {
		return err
	}
	for _, s := range scripts {
		if s.Name == name && esModuleSyntax.MatchString(s.Source) {
			return fmt.Errorf("%w (the script uses ES module syntax, import/export: the plugin runs classic scripts only; "+
				"build the module with `tyk-ve build` and point the endpoint at the built script)", err)
		}
	}
	return err
}
