module github.com/tyk-ve/tyk-ve

go 1.23

require (
	github.com/dop251/goja v0.0.0-20241024094426-79f3a7efcdbd
	github.com/robertkrimen/otto v0.5.1
	github.com/sirupsen/logrus v1.9.3
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/dlclark/regexp2 v1.11.4 // indirect
	github.com/go-sourcemap/sourcemap v2.1.3+incompatible // indirect
	github.com/google/pprof v0.0.0-20230207041349-798e818bf904 // indirect
	golang.org/x/sys v0.0.0-20220722155257-8c9f86f7a55f // indirect
	golang.org/x/text v0.4.0
	gopkg.in/sourcemap.v1 v1.0.5 // indirect
)
