# Agora — build, run, test, benchmark. See README.md.
SWIFT ?= swift
PORT ?= $(or $(AGORA_PORT),8080)
# CI fuzzes the parser for 60 s; a developer's `make test` for 15 s (override: make test FUZZ_SECONDS=300).
FUZZ_SECONDS ?= $(if $(CI),60,15)

.PHONY: build release run test unit-tests fuzz bench bench-tools clean contract-test openapi-json venv calendar-test schedule-test
build:
	$(SWIFT) build

# Every product: the shipped agora and agora-bench (make bench).
release:
	$(SWIFT) build -c release

# Serves the seed data on 127.0.0.1:8080 (or AGORA_PORT) from the embedded default data dir .data/.
run: release
	.build/release/agora serve --host 127.0.0.1 --port $(PORT) --data-dir .data --config Config/agora.json

test: unit-tests contract-test fuzz calendar-test schedule-test

unit-tests:
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors
	$(SWIFT) test --skip-build

# The REST API's contract (Tests/Contract/contract.py): the spec is valid OpenAPI 3.1 and Docs/openapi.json matches it;
# its paths and methods are exactly the server's routes; schemathesis (every check) against the real debug binary on a
# free port with a seeded temp data dir and a test admin token; the recipes of Docs/admin.md run against it; then a client
# generated from the served /openapi.json with openapi-python-client (pinned) drives the front-end flows against a fresh
# server (Tests/Contract/generated_client.py).
VENV := .venv
CONTRACT_AGORA := .build/debug/agora

$(VENV)/.installed: Tests/Contract/requirements.txt Tests/Contract/constraints.txt
	rm -rf $(VENV)
	python3 -m venv $(VENV) 2>/dev/null || (rm -rf $(VENV) && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv && python3 -m venv $(VENV))
	$(VENV)/bin/pip install -q --disable-pip-version-check -r Tests/Contract/requirements.txt -c Tests/Contract/constraints.txt
	touch $@

venv: $(VENV)/.installed

contract-test: $(VENV)/.installed
	@command -v jq >/dev/null && command -v curl >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq curl)
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors
	$(VENV)/bin/python Tests/Contract/contract.py all --agora $(CONTRACT_AGORA)

# Issue 11: every iCalendar feed of the real debug binary (seeded), parsed by Python's icalendar and vobject: times and
# zones, speakers, accents, filters, negotiation, ETag/304/HEAD/CORS, a moved slot's SEQUENCE, a cancelled event's UIDs,
# the registration .ics and its token (Tests/Exports/calendar_check.py).
calendar-test: $(VENV)/.installed
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors
	$(VENV)/bin/python Tests/Exports/calendar_check.py --agora $(CONTRACT_AGORA)

# The conference-app and search-engine exports (issue 11) against the real debug binary with the seed data:
# check-jsonschema and xmllint --schema on the c3voc schedules (../shared/schemas), pyld expanding the JSON-LD.
schedule-test: $(VENV)/.installed
	@command -v xmllint >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils)
	$(SWIFT) build
	$(VENV)/bin/python Tests/Exports/schedule_check.py --agora $(CONTRACT_AGORA)

# Docs/openapi.json (served as GET /openapi.json) is generated from Docs/openapi.yaml; commit both.
openapi-json: $(VENV)/.installed
	$(VENV)/bin/python Tests/Contract/contract.py openapi-json

# libFuzzer on the request parser, from the seed corpus in Tests/Fuzz/corpus; any crash fails.
fuzz:
	bash Tests/Fuzz/run.sh $(FUZZ_SECONDS)

bench-tools:
	@command -v wrk >/dev/null && (command -v nginx >/dev/null || test -x /usr/sbin/nginx) || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light)

# Benchmarks (release build of agora and agora-bench, the benchmark executable in Tests/Benchmarks/AgoraBench): engine
# vs nginx, then HTTPS vs nginx with the same certificate and TLS policy, then the API, then the store, then the exports
# (render, served uncached, served cached; issue 11); figures go to
# Docs/benchmarks.md by hand, with the machine named.
bench: bench-tools release
	python3 Tests/Benchmarks/engine_bench.py
	python3 Tests/Benchmarks/tls_bench.py
	python3 Tests/Benchmarks/api_bench.py
	@dir=$$(mktemp -d) && mkdir -p $$dir/group && .build/release/agora-bench store-bench --data-dir $$dir/group --writers 1,16,64 --commands 20000 && \
		mkdir -p $$dir/recovery && .build/release/agora-bench store-recovery-bench --data-dir $$dir/recovery --records 1000000; rm -rf $$dir
	@dir=$$(mktemp -d) && .build/release/agora-bench export-bench --data-dir $$dir --iterations 500; rm -rf $$dir

clean:
	rm -rf .build .data
