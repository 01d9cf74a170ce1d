package depcheck

import (
	"fmt"
	"sort"
)

// Violation is a requirement of ours that would change what the gateway is
// built with.
type Violation struct {
	// Module is the module path, or "go" for the go directive.
	Module string
	// Ours and Theirs are the two versions.
	Ours, Theirs string
	// Reason explains the consequence.
	Reason string
}

// String renders the violation on one line.
func (v Violation) String() string {
	return fmt.Sprintf("%s: ours %s, gateway %s: %s", v.Module, describe(v.Ours), describe(v.Theirs), v.Reason)
}

// Report is the result of checking our build list against one gateway.
type Report struct {
	// Gateway names the gateway release checked.
	Gateway string
	// Shared counts the modules both sides require.
	Shared int
	// Violations lists every problem, sorted by module.
	Violations []Violation
}

// OK reports whether no violation was found.
func (r Report) OK() bool { return len(r.Violations) == 0 }

// Check compares our build list with a gateway's requirements. A module
// violates when we require it at a newer version than the gateway, when we
// replace a module the gateway requires, or when our go directive is newer
// than the gateway's.
func Check(ours *BuildList, gw *Requirements) Report {
	rep := Report{Gateway: gw.Name}
	if ours.Go != "" && gw.Go != "" && CompareGo(ours.Go, gw.Go) > 0 {
		rep.Violations = append(rep.Violations, Violation{
			Module: "go", Ours: ours.Go, Theirs: gw.Go,
			Reason: "our go directive is newer than the gateway's; the compiler's toolchain may refuse the workspace",
		})
	}
	for _, m := range ours.Modules {
		theirs, ok := gw.Modules[m.Path]
		if !ok {
			continue
		}
		rep.Shared++
		if v, bad := checkModule(m, theirs); bad {
			rep.Violations = append(rep.Violations, v)
		}
	}
	sort.SliceStable(rep.Violations, func(i, j int) bool { return rep.Violations[i].Module < rep.Violations[j].Module })
	return rep
}

// checkModule compares one shared module.
func checkModule(m BuildModule, theirs Requirement) (Violation, bool) {
	v := Violation{Module: m.Path, Ours: m.Version, Theirs: theirs.Version}
	switch {
	case m.Replace != nil:
		v.Reason = fmt.Sprintf("we replace it with %s; in the compiler's workspace our replacement would apply to the gateway too, or conflict with its own", formatModule(*m.Replace))
		return v, true
	case theirs.AllVersions:
		return v, false // the gateway's replacement applies to every version
	case !IsValid(m.Version) || !IsValid(theirs.Version):
		v.Reason = "cannot compare: invalid version"
		return v, true
	case Compare(m.Version, theirs.Version) <= 0:
		return v, false
	}
	v.Reason = "newer than the gateway's; the workspace would upgrade it and plugin.Open would fail with \"plugin was built with a different version of package\""
	if theirs.Replace != nil {
		v.Reason += fmt.Sprintf(" (the gateway replaces %s with %s, which a newer requirement bypasses)", theirs.Version, formatModule(*theirs.Replace))
	}
	return v, true
}

// formatModule renders "path version" or just "path" for a directory.
func formatModule(m Module) string {
	if m.Version == "" {
		return m.Path
	}
	return m.Path + " " + m.Version
}
