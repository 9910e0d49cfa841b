# wsim: `make` lists the rules. `make sim` and `make test` work on a fresh machine of this kind.
SHELL := /bin/bash
# A recipe line that pipes into tee fails when its command does (make bench must not hide a failed benchmark).
.SHELLFLAGS := -o pipefail -c
SWIFT ?= swift
RELEASE_SCRATCH := .build-release
# The benchmarks' release build links the Swift runtime statically: `wsim serve` then answers its first request
# about 10 ms sooner (no dynamic loading of the runtime's libraries).
RELEASE_FLAGS := -c release --static-swift-stdlib
WSIM_DEBUG := .build/debug/wsim

.DEFAULT_GOAL := help

.PHONY: help deps build test lint digests sim serve live runbook wire-env swarm swarm-ci bench readme clean

help: ## List the rules
	@echo "wsim make rules:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-8s %s\n", $$1, $$2}'

deps: ## Install what a fresh machine lacks (libgit2-dev; xmllint for the JUnit schema test); as non-root, print the command and stop
	@command -v $(SWIFT) >/dev/null || { echo "error: swift is not on PATH (wsim needs Swift 6.1 or newer)"; exit 1; }
	@command -v pkg-config >/dev/null && pkg-config --exists libgit2 && command -v xmllint >/dev/null && exit 0; \
	if [ "$$(id -u)" = "0" ]; then \
	  echo "deps: installing libgit2-dev, pkg-config and libxml2-utils with apt-get"; \
	  apt-get update && apt-get install -y libgit2-dev pkg-config libxml2-utils; \
	else \
	  echo "error: libgit2-dev or xmllint is missing. Install them with:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y libgit2-dev pkg-config libxml2-utils"; \
	  exit 1; \
	fi

build: deps ## Build everything (debug)
	$(SWIFT) build

test: deps ## Build and run every test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

lint: ## Check DESIGN's rules the build can check: import edges, determinism in the core, config-key switches, tracked build output
	python3 Scripts/lint.py

digests: ## Rewrite Simulator/digests.txt (every scenario's trace digest) from the debug build; the scenario tests compare with it
	$(SWIFT) build --product wsim
	python3 Scripts/digests.py

sim: deps ## Build wsim, run every scenario, write .wsim/runs/all-<seed>/report.md (SEED=n for another seed)
	$(SWIFT) build --product wsim
	@$(WSIM_DEBUG) --version
	$(WSIM_DEBUG) run --all $(if $(SEED),--seed $(SEED),)

serve: deps ## Build wsim and serve the amelia world on http://127.0.0.1:4566 for any AWS SDK or the aws CLI (Ctrl-C stops)
	$(SWIFT) build --product wsim
	$(WSIM_DEBUG) serve --seed-set amelia

live: deps ## Build wsim and run the amelia pipeline live: AWS on :4566, the load balancer on :8080 (SPEED=10 runs it ten times faster)
	$(SWIFT) build --product wsim
	$(WSIM_DEBUG) serve --live --seed-set amelia $(if $(SPEED),--speed $(SPEED),)

runbook: ## Run the README's live runbook command by command against its own server (needs make wire-env and a debug build)
	.venv-wire/bin/python Scripts/runbook.py --check

wire-env: ## Make .venv-wire: Python with the pinned boto3, awscli and moto the wire tests and the wire benchmark use
	@test -x .venv-wire/bin/python || python3 -m venv .venv-wire
	.venv-wire/bin/pip install --quiet --disable-pip-version-check -r Tests/wire/requirements.txt

swarm: deps ## Build wsim, search seeds 1-2000 (SEEDS=a-b for others) with generated cases and fault plans
	$(SWIFT) build --product wsim
	$(WSIM_DEBUG) swarm --seeds $(or $(SEEDS),1-2000)

swarm-ci: ## The bounded swarm CI runs after make test (uses the debug build make test made)
	$(WSIM_DEBUG) swarm --seeds 1-600 -j 2 --out .wsim/swarm/ci

bench: deps ## Release build, then the benchmarks (ops/s next to raw SQLite, swarm runs/min, wsim serve next to moto_server); kept in bench-results/latest.txt
	$(SWIFT) build $(RELEASE_FLAGS) --product wsim-bench --scratch-path $(RELEASE_SCRATCH)
	$(SWIFT) build $(RELEASE_FLAGS) --product wsim --scratch-path $(RELEASE_SCRATCH)
	@mkdir -p bench-results
	$(RELEASE_SCRATCH)/release/wsim-bench | tee bench-results/latest.txt
	Scripts/bench-swarm.sh $(RELEASE_SCRATCH)/release/wsim | tee -a bench-results/latest.txt
	@test -x .venv-wire/bin/python || $(MAKE) wire-env
	.venv-wire/bin/python Scripts/bench-wire.py --wsim $(RELEASE_SCRATCH)/release/wsim --moto .venv-wire/bin/moto_server | tee -a bench-results/latest.txt

readme: deps ## Regenerate the README's example runs, reports and benchmark figures from the current build
	$(SWIFT) build --product wsim
	python3 Scripts/readme.py

clean: ## Remove build output and run folders
	rm -rf .build $(RELEASE_SCRATCH) .wsim
