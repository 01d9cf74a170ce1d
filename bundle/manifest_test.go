package bundle

import (
	"reflect"
	"strings"
	"testing"
)

// tykBundlerJSON is what `tyk bundle build` (json.Marshal of
// apidef.BundleManifest on v5.x) writes for goodManifest("tyk-ve.so") with a
// checksum: every field present, in apidef's order, nil slices as null.
const tykBundlerJSON = `{"file_list":["tyk-ve.so"],"custom_middleware":{"pre":null,"post":[{"disabled":false,"name":"VirtualEndpoint","path":"tyk-ve.so","require_session":false,"raw_body_only":false}],"post_key_auth":null,"auth_check":{"disabled":false,"name":"","path":"","require_session":false,"raw_body_only":false},"response":null,"driver":"goplugin","id_extractor":{"disabled":false,"extract_from":"","extract_with":"","extractor_config":null}},"checksum":"abc","signature":""}`

func TestMarshalMatchesTykBundler(t *testing.T) {
	t.Parallel()
	m := goodManifest("tyk-ve.so")
	m.Checksum = "abc"
	got, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != tykBundlerJSON {
		t.Errorf("manifest JSON differs from the Tyk bundler's\n got %s\nwant %s", got, tykBundlerJSON)
	}
}

func TestReadManifest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    Manifest
		wantErr string
	}{
		{
			name: "minimal",
			in:   `{"file_list":["a.so"],"custom_middleware":{"driver":"goplugin","post":[{"name":"F","path":"a.so"}]}}`,
			want: Manifest{FileList: []string{"a.so"}, CustomMiddleware: MiddlewareSection{Driver: "goplugin", Post: []MiddlewareDefinition{{Name: "F", Path: "a.so"}}}},
		},
		{
			name: "unknown fields and trailing data ignored like the gateway",
			in:   `{"file_list":[],"extra":1,"checksum":"x"} trailing`,
			want: Manifest{FileList: []string{}, Checksum: "x"},
		},
		{
			name: "traffic_logs and id_extractor config",
			in:   `{"custom_middleware":{"driver":"goplugin","traffic_logs":[{"name":"T","path":"t.so"}],"id_extractor":{"extract_from":"header","extractor_config":{"header_name":"Authorization"}}}}`,
			want: Manifest{CustomMiddleware: MiddlewareSection{
				Driver:      "goplugin",
				TrafficLogs: []MiddlewareDefinition{{Name: "T", Path: "t.so"}},
				IDExtractor: IDExtractor{ExtractFrom: "header", ExtractorConfig: map[string]any{"header_name": "Authorization"}},
			}},
		},
		{name: "not json", in: `nope`, wantErr: "decoding manifest"},
		{name: "wrong type", in: `{"file_list":"a.so"}`, wantErr: "decoding manifest"},
		{name: "empty", in: ``, wantErr: "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ReadManifest(strings.NewReader(tt.in))
			checkErr(t, err, tt.wantErr)
			if tt.wantErr == "" && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestPluginBuilds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want PluginBuild
		ok   bool
	}{
		{file: "tyk-ve_v5.9.2_linux_amd64.so", ok: true, want: PluginBuild{Base: "tyk-ve.so", Version: "v5.9.2", GOOS: "linux", GOARCH: "amd64"}},
		{file: "tyk-ve_5.14.0_linux_arm64.so", ok: true, want: PluginBuild{Base: "tyk-ve.so", Version: "v5.14.0", GOOS: "linux", GOARCH: "arm64"}},
		{file: "lib/my_plugin_v5.3.0_linux_s390x.so", ok: true, want: PluginBuild{Base: "lib/my_plugin.so", Version: "v5.3.0", GOOS: "linux", GOARCH: "s390x"}},
		{file: "tyk-ve.so"},
		{file: "tyk-ve_v5.9.2-rc1_linux_amd64.so"}, // the gateway strips suffixes, so it never asks for this
		{file: "tyk-ve_v5.9_linux_amd64.so"},
		{file: "tyk-ve_v5.9.2_linux_amd64.js"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			got, ok := ParsePluginBuild(tt.file)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if ok {
				tt.want.File = tt.file
				if got != tt.want {
					t.Errorf("got %+v, want %+v", got, tt.want)
				}
			}
		})
	}
}
