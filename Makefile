# Agora — build, run, test, benchmark. See README.md.
SWIFT ?= swift
PORT ?= $(or $(AGORA_PORT),8080)
# CI fuzzes the parser for 60 s; a developer's `make test` for 15 s (override: make test FUZZ_SECONDS=300).
FUZZ_SECONDS ?= $(if $(CI),60,15)

.PHONY: build release run test unit-tests fuzz bench bench-tools clean
build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# Serves the seed data on 127.0.0.1:8080 (or AGORA_PORT) from the embedded default data dir .data/.
run: release
	.build/release/agora serve --host 127.0.0.1 --port $(PORT) --data-dir .data --config Config/agora.json

test: unit-tests fuzz

unit-tests:
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors
	$(SWIFT) test --skip-build

# libFuzzer on the request parser, from the seed corpus in Tests/Fuzz/corpus; any crash fails.
fuzz:
	bash Tests/Fuzz/run.sh $(FUZZ_SECONDS)

bench-tools:
	@command -v wrk >/dev/null && (command -v nginx >/dev/null || test -x /usr/sbin/nginx) || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light)

# Benchmarks (release build): engine vs nginx, then HTTPS vs nginx with the same certificate and TLS policy; figures go to Docs/benchmarks.md by hand, with the machine named.
bench: bench-tools release
	python3 Tests/Benchmarks/engine_bench.py
	python3 Tests/Benchmarks/tls_bench.py
	python3 Tests/Benchmarks/api_bench.py
	@dir=$$(mktemp -d) && .build/release/agora store-bench --data-dir $$dir/group --writers 1,16,64 --commands 4000 && \
		.build/release/agora store-recovery-bench --data-dir $$dir/recovery --records 1000000; rm -rf $$dir

clean:
	rm -rf .build .data
