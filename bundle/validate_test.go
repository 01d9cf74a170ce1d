package bundle

import (
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	withPost := func(m Manifest, defs ...MiddlewareDefinition) Manifest {
		m.CustomMiddleware.Post = defs
		return m
	}
	tests := []struct {
		name     string
		manifest Manifest
		wantErrs []string // every one must appear
	}{
		{name: "valid exact .so", manifest: goodManifest("tyk-ve.so")},
		{name: "valid versioned .so only", manifest: goodManifest("tyk-ve_v5.9.2_linux_amd64.so", "tyk-ve_v5.14.0_linux_arm64.so", "examples/hello.js")},
		{
			name: "valid auth_check only",
			manifest: Manifest{FileList: []string{"a.so"}, CustomMiddleware: MiddlewareSection{
				Driver: DriverGoPlugin, AuthCheck: MiddlewareDefinition{Name: "Auth", Path: "a.so"},
			}},
		},
		{
			name:     "valid otto paths are not checked against file_list",
			manifest: Manifest{CustomMiddleware: MiddlewareSection{Driver: DriverOtto, Pre: []MiddlewareDefinition{{Name: "f", Path: "x.js"}}}},
		},
		{
			name:     "no driver and no hooks",
			manifest: Manifest{FileList: []string{"a.so"}},
			wantErrs: []string{"custom_middleware.driver: no driver specified", "custom_middleware: no hooks defined"},
		},
		{
			name:     "unknown driver",
			manifest: func() Manifest { m := goodManifest("tyk-ve.so"); m.CustomMiddleware.Driver = "rust"; return m }(),
			wantErrs: []string{`custom_middleware.driver: unknown driver "rust"`},
		},
		{
			name: "every bad file_list entry reported",
			manifest: goodManifest("tyk-ve.so", "/etc/passwd", "../up.js", "a/../b.js", "./c.js", `x\y.js`,
				"", "dir/", "manifest.json", "tyk-ve.so", "C:/win.so"),
			wantErrs: []string{
				`file_list[1]: unsafe entry path: "/etc/passwd" is absolute`,
				`file_list[2]: unsafe entry path: "../up.js" escapes the bundle`,
				`file_list[3]: unsafe entry path: "a/../b.js" escapes the bundle`,
				`file_list[4]: unsafe entry path: "./c.js" is not clean`,
				`file_list[5]: unsafe entry path: "x\\y.js" contains a backslash`,
				"file_list[6]: unsafe entry path: empty path",
				`file_list[7]: "dir/" names a directory`,
				`file_list[8]: "manifest.json" is reserved`,
				`file_list[9]: "tyk-ve.so" duplicates file_list[0]`,
				`file_list[10]: unsafe entry path: "C:/win.so" is absolute`,
			},
		},
		{
			name: "goplugin hooks checked",
			manifest: withPost(goodManifest("tyk-ve.so"),
				MiddlewareDefinition{Name: "", Path: "tyk-ve.so"},
				MiddlewareDefinition{Name: "A", Path: ""},
				MiddlewareDefinition{Name: "B", Path: "other.so"},
				MiddlewareDefinition{Name: "C", Path: "../tyk-ve.so"},
			),
			wantErrs: []string{
				"custom_middleware.post[0].name: required",
				"custom_middleware.post[1].path: required for the goplugin driver",
				`custom_middleware.post[2].path: "other.so" is not in file_list (nor a versioned build such as "other_v5.9.2_linux_amd64.so")`,
				`custom_middleware.post[3].path: unsafe entry path: "../tyk-ve.so" escapes the bundle`,
			},
		},
		{
			name:     "versioned build of another plugin does not count",
			manifest: goodManifest("other_v5.9.2_linux_amd64.so"),
			wantErrs: []string{`custom_middleware.post[0].path: "tyk-ve.so" is not in file_list`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.manifest.Validate()
			if len(tt.wantErrs) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrInvalidManifest) {
				t.Errorf("error is not ErrInvalidManifest: %v", err)
			}
			for _, want := range tt.wantErrs {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not mention %q:\n%v", want, err)
				}
			}
			if got, want := strings.Count(err.Error(), "\n")+1, len(tt.wantErrs); got != want {
				t.Errorf("%d problems reported, want %d:\n%v", got, want, err)
			}
		})
	}
}
