# goimage-operator. Quick start: `make demo` (a real build in local mode), `make test` (all tests).
# Every target installs what it needs through hack/ (pinned, cached outside the repo).

MVN ?= mvn
MVN_ARGS ?= -B -ntp
export GOIMAGE_CACHE ?= $(HOME)/.cache/goimage-operator

.PHONY: all build test unit tools crds docs fmt demo clean

all: build

## build: compile every module and write bin/goimage (runs the CLI from the checkout)
build:
	$(MVN) $(MVN_ARGS) -DskipTests -Dspotless.check.skip=true package
	@hack/write-bin-goimage.sh

## tools: everything the test tiers need (kube-apiserver, etcd, kubectl, buildkitd, registry, ...)
tools:
	hack/install-kube-bins.sh >/dev/null
	hack/install-helm.sh >/dev/null
	hack/install-buildkit.sh >/dev/null
	hack/images.sh --build-only >/dev/null

## test: formatting, unit tests (*Test) and integration tests (*IT) against real components
test: tools
	$(MVN) $(MVN_ARGS) -Dgoimage.cache=$(GOIMAGE_CACHE) spotless:check verify
	@hack/write-bin-goimage.sh

## unit: unit tests only, no tools needed
unit:
	$(MVN) $(MVN_ARGS) -DskipITs test

## crds: regenerate the CRD from the Java API into crds/ and the chart
crds:
	$(MVN) $(MVN_ARGS) -pl api -am -DskipTests process-classes || \
	  $(MVN) $(MVN_ARGS) -pl api -am -DskipTests process-classes

## docs: regenerate docs/api.md from the CRD
docs: crds
	python3 hack/gen-api-docs.py

## fmt: apply google-java-format
fmt:
	$(MVN) $(MVN_ARGS) spotless:apply

## demo: build examples/hello in local mode, run the image, show its health endpoint answering
demo:
	hack/demo.sh

clean:
	$(MVN) $(MVN_ARGS) clean
	rm -rf bin

## images: the cluster images (BuildKit, operator/runner) and the golang builder images, pushed to
## the local registry (REGISTRY, default 127.0.0.1:5000; hack/registry.sh start runs one)
REGISTRY ?= 127.0.0.1:5000
.PHONY: images e2e
images: build
	hack/images.sh --registry $(REGISTRY)
	hack/images-cluster.sh --registry $(REGISTRY)

## e2e: a real single-node cluster, images, the chart, the *E2E tests, cluster down (e2e/README.md)
e2e: build
	e2e/run.sh

## bench-build: the build benchmark: native go build vs goimage local mode vs a naive Dockerfile for
## examples/hello and examples/bench; prints seconds, ratios and the target verdict (docs/benchmarks.md)
.PHONY: bench-build
bench-build:
	hack/bench-build.sh
