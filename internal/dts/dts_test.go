package dts

import (
	"strings"
	"testing"
)

func TestRequiredParams(t *testing.T) {
	for in, want := range map[string]int{
		"response: TykResponseObject, session_meta: Record<string, unknown> | null | undefined): string;": 2,
		"fn: (...args: any[]) => void, ms?: number, ...args: any[]): number;":                             1,
		"): void;": 0,
		"input: string | URL | Request, init?: RequestInit): Promise<Response>;": 1,
		"value: T): T;": 1,
		"key: string, sessionJSON: string, suppressReset?: string): void;": 2,
	} {
		if got := requiredParams(in); got != want {
			t.Errorf("requiredParams(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	src := `// comment
declare function f(a: string, b?: number): void;
declare const NS: { x: number };
declare class C {
  constructor(input: string, init?: unknown);
}
declare class P {
  private constructor();
}
interface NotAGlobal { y: string }
`
	got := Parse("x.d.ts", src)
	want := []Decl{{"x.d.ts", "function", "f", 1}, {"x.d.ts", "const", "NS", 0}, {"x.d.ts", "class", "C", 1}, {"x.d.ts", "class", "P", 0}}
	if len(got) != len(want) {
		t.Fatalf("Parse = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("decl %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestReadDirTypes(t *testing.T) {
	decls, err := ReadDir("../../types")
	if err != nil || len(decls) < 20 {
		t.Fatalf("ReadDir(types) = %d declarations, %v", len(decls), err)
	}
	for _, d := range decls {
		if d.Name == "TykJsResponse" && d.Arity != 2 {
			t.Errorf("TykJsResponse arity %d, want 2", d.Arity)
		}
	}
}

// FuzzParse: any text parses without panicking, each declaration's name
// is in the text, and no arity is negative.
func FuzzParse(f *testing.F) {
	f.Add("declare function f(a: (x: number) => void, b?: T<U>): void;")
	f.Add("declare class C {\n  constructor(a: [string, number], ...rest: any[]);\n}")
	f.Add("declare function g(")
	f.Fuzz(func(t *testing.T, src string) {
		for _, d := range Parse("f.d.ts", src) {
			if d.Arity < 0 || !strings.Contains(src, d.Name) {
				t.Fatalf("bad declaration %+v", d)
			}
		}
	})
}
