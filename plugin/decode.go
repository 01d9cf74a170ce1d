package plugin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// decodeStrict unmarshals raw into v (a pointer to a struct) and reports
// unknown fields and type errors by their path below name, e.g.
// "tyk_ve.endpoints[1].use_sesion: unknown field".
func decodeStrict(raw json.RawMessage, v interface{}, name string) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return fmt.Errorf("%s: missing", name)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return fmt.Errorf("%s.%s: must be %s, got %s", name, typeErr.Field, typeErr.Type, typeErr.Value)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	return errors.Join(unknownFields(raw, reflect.TypeOf(v).Elem(), name)...)
}

// unknownFields walks raw alongside the struct type t and names every key
// that no json tag accepts.
func unknownFields(raw json.RawMessage, t reflect.Type, path string) []error {
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if t == reflect.TypeOf(Duration(0)) {
			return nil
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return nil
		}
		fields := jsonFields(t)
		var errs []error
		for _, k := range sortedKeys(obj) {
			ft, ok := fields[k]
			if !ok {
				errs = append(errs, fmt.Errorf("%s.%s: unknown field", path, k))
				continue
			}
			errs = append(errs, unknownFields(obj[k], ft, path+"."+k)...)
		}
		return errs
	case reflect.Slice:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil
		}
		var errs []error
		for i, item := range items {
			errs = append(errs, unknownFields(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return errs
	}
	return nil
}

func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := make(map[string]reflect.Type, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "" || name == "-" {
			continue
		}
		out[name] = f.Type
	}
	return out
}
