package vm

import (
	"fmt"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"

	"github.com/tyk-ve/tyk-ve/vm/isolation"
	"github.com/tyk-ve/tyk-ve/vm/tykapi"
)

// Script is one JavaScript source run into every runtime of a pool.
type Script struct {
	// Name is the file name shown in stack traces, e.g. "orders.js" or
	// "api-1/endpoints[2]".
	Name string
	// Source is the JavaScript text.
	Source string
}

// program is a compiled script, shared read-only by every runtime.
type program struct {
	name    string
	prg     *goja.Program
	globals isolation.Script
	plan    *isolation.Plan // the pool-wide verdict, shared by its programs
	areas   areaSet         // the pool's optional areas (areasFor)
	// responseUnobserved: the pool's scripts cannot see TykJsResponse's
	// strings (isolation.ResponseUnobserved).
	responseUnobserved bool
}

// compileScripts parses each script, analyses all of them together
// (package isolation) and compiles each once. In isolated mode, when runtimes
// are reset by replaying the top level, the top-level let/const/class
// declarations are compiled as var bindings so the script can be run again
// into the same runtime (a second run of a lexical declaration would throw
// "Identifier has already been declared"). The rewrite happens on the
// syntax tree, so file positions and stack traces are unchanged. The
// pool's runtimes get the optional areas of the API its scripts can reach
// (areasFor), and the isolation analysis sees a runtime with those.
func compileScripts(scripts []Script, state State) ([]program, error) {
	trees := make([]*ast.Program, len(scripts))
	infos := make([]isolation.Script, len(scripts))
	for i, s := range scripts {
		tree, err := goja.Parse(s.Name, s.Source, parser.WithDisableSourceMaps)
		if err == nil {
			err = attachSourceMap(tree, s.Name, s.Source)
		}
		if err != nil {
			return nil, &CompileError{Script: s.Name, Err: err}
		}
		trees[i], infos[i] = tree, isolation.Analyze(tree)
	}
	reach := isolation.FindReach(trees)
	areas := areasFor(reach)
	unobserved := isolation.ResponseUnobserved(trees, reach)
	plan := isolation.Decide(trees, infos, platformFor(areas))
	out := make([]program, 0, len(scripts))
	for i, s := range scripts {
		if state == StateIsolated && plan.Mode == isolation.Replay {
			isolation.HoistLexicalDeclarations(trees[i])
		}
		prg, err := goja.CompileAST(trees[i], false)
		if err != nil {
			return nil, &CompileError{Script: s.Name, Err: err}
		}
		out = append(out, program{name: s.Name, prg: prg, globals: infos[i], plan: plan, areas: areas, responseUnobserved: unobserved})
	}
	return out, nil
}

// compileScript compiles one script as a pool of its own would.
func compileScript(s Script, state State) (program, error) {
	p, err := compileScripts([]Script{s}, state)
	if err != nil {
		return program{}, err
	}
	return p[0], nil
}

// poolGlobals is what all of a pool's scripts together can do to the global
// object, the pool's isolation plan, the optional areas its runtimes
// install and the API globals they hold (globalsOf).
type poolGlobals struct {
	declared, assigned []string
	plan               *isolation.Plan
	areas              areaSet
	api                []string
	responseUnobserved bool
}

// mergeGlobals combines the analyses of all of a pool's scripts.
func mergeGlobals(programs []program) poolGlobals {
	out := poolGlobals{plan: &isolation.Plan{Mode: isolation.Restore}}
	for i, p := range programs {
		out.declared = append(out.declared, p.globals.Declared...)
		out.assigned = append(out.assigned, p.globals.Assigned...)
		if i == 0 && p.plan != nil {
			out.plan = p.plan
		}
		if i == 0 {
			out.areas, out.responseUnobserved = p.areas, p.responseUnobserved
		}
	}
	out.api = globalsOf(out.areas)
	return out
}

// platformFor is what the isolation analysis must know of a runtime before
// any script runs: the JavaScript API this package installs, with the
// optional areas in set.
func platformFor(set areaSet) isolation.Platform {
	return isolation.Platform{Key: set.String(), APIGlobals: globalsOf(set), New: func() (*goja.Runtime, error) {
		rt := goja.New()
		_, plat, err := installAPI(rt, tykapi.Env{Host: &Host{}, Limits: Limits{}.WithDefaults()}, set)
		if err != nil {
			return nil, fmt.Errorf("installing the JavaScript API: %w", err)
		}
		if plat.fetch != nil { // the census must see fetch's classes, built on first use
			if err := plat.fetch.Load(); err != nil {
				return nil, fmt.Errorf("loading fetch: %w", err)
			}
		}
		return rt, nil
	}}
}
