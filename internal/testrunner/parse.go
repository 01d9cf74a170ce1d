package testrunner

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// dataExtensions and codeExtensions end the names of test files: data
// (JSON, YAML) and code (JavaScript, TypeScript).
var (
	dataExtensions = []string{".test.json", ".test.yaml", ".test.yml"}
	codeExtensions = []string{".test.js", ".test.ts"}
)

// IsTestFile reports whether name is a test file: *.test.json,
// *.test.yaml, *.test.yml, *.test.js or *.test.ts.
func IsTestFile(name string) bool {
	return hasSuffix(name, dataExtensions) != "" || IsCodeTestFile(name)
}

// IsCodeTestFile reports whether name is a test file written as code:
// *.test.js or *.test.ts.
func IsCodeTestFile(name string) bool { return hasSuffix(name, codeExtensions) != "" }

// hasSuffix returns the one of exts name ends with, or "".
func hasSuffix(name string, exts []string) string {
	for _, ext := range exts {
		if strings.HasSuffix(name, ext) {
			return ext
		}
	}
	return ""
}

// ReadFile reads and validates a test file.
func ReadFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := Parse(data, strings.HasSuffix(path, ".json"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f.path = path
	return f, nil
}

// Parse decodes a test file, JSON or YAML, rejecting unknown fields, and
// validates it.
func Parse(data []byte, isJSON bool) (*File, error) {
	if !isJSON {
		var err error
		if data, err = yamlToJSON(data); err != nil {
			return nil, err
		}
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("decoding: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("decoding: text after the test file's object")
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return &f, nil
}

// yamlToJSON converts YAML to the same data as JSON (string keys only).
func yamlToJSON(data []byte) ([]byte, error) {
	var v interface{}
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("yaml: %w", err)
	}
	v, err := jsonable(v, "")
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

func jsonable(v interface{}, path string) (interface{}, error) {
	switch x := v.(type) {
	case map[string]interface{}:
		for k, e := range x {
			j, err := jsonable(e, path+"."+k)
			if err != nil {
				return nil, err
			}
			x[k] = j
		}
		return x, nil
	case map[interface{}]interface{}:
		return nil, fmt.Errorf("yaml: %s: keys must be strings", strings.TrimPrefix(path, "."))
	case []interface{}:
		for i, e := range x {
			j, err := jsonable(e, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			x[i] = j
		}
		return x, nil
	}
	return v, nil
}

// Find returns the test files under each path (a file or a folder, walked
// recursively, skipping node_modules and hidden folders), sorted.
func Find(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(q string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && q != p && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if !d.IsDir() && IsTestFile(d.Name()) {
				out = append(out, q)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
