# tyk-ve — common tasks. `make help` lists them.
GOWORK_TEST := $(CURDIR)/testdata/go.work

.PHONY: help dev test check lint plugin e2e fuzz bench load plugin-load check-deps bundle

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-11s %s\n", $$1, $$2}'

dev: ## run the dev server with the built-in example API
	go run ./cmd/tyk-ve dev

test: ## unit tests with the race detector
	go test -race ./...

check: ## the whole suite, as CI runs it
	scripts/test.sh

lint: ## gofmt and go vet (plain and goplugin builds)
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	go vet ./...
	GOWORK=$(GOWORK_TEST) go vet -tags=goplugin .

plugin: ## build tyk-ve.so against the contract double, the compiler's way
	GOWORK=$(GOWORK_TEST) CGO_ENABLED=1 go build -buildmode=plugin -trimpath -tags=goplugin -o tyk-ve.so .

e2e: ## build the plugin and run the host harness
	scripts/plugin-e2e.sh

fuzz: ## run every fuzz target (FUZZTIME=30s by default)
	FUZZTIME=$${FUZZTIME:-30s} scripts/fuzz.sh

bench: ## benchmarks of the pool against a fresh runtime per request
	go test -run '^$$' -bench . -benchmem ./vm

load: ## the load scenario of issue 10 on the dev server and the plugin (LOAD_FLAGS="-check" to fail on a threshold)
	scripts/load-scenario.sh $(LOAD_FLAGS)

plugin-load: ## issue 12's benchmark: tyk-ve vs a static Go plugin in the test host with a gateway-like heap
	scripts/plugin-load.sh $(LOAD_FLAGS)

check-deps: ## our module versions against every supported gateway
	scripts/check-deps.sh

bundle: ## build a bundle from tyk-ve.so and the examples
	scripts/build-bundle.sh
