module github.com/TykTechnologies/tyk

go 1.23.10

require (
	github.com/dlclark/regexp2 v1.11.4
	github.com/dop251/goja v0.0.0-20241024094426-79f3a7efcdbd
	github.com/go-sourcemap/sourcemap v2.1.4+incompatible // indirect
	github.com/google/pprof v0.0.0-20241101162523-b92577c0c142 // indirect
	github.com/sirupsen/logrus v1.9.3
	golang.org/x/sys v0.33.0 // indirect
	golang.org/x/text v0.25.0
	github.com/getkin/kin-openapi v0.133.0
	github.com/example/everything v1.0.0
)

replace github.com/getkin/kin-openapi v0.133.0 => github.com/TykTechnologies/kin-openapi v0.92.1-0.20260211103127-0004a8367058

replace github.com/example/everything => ../everything
