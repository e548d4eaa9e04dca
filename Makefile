# Agora — build, run, test, benchmark. See README.md.
SWIFT ?= swift
PORT ?= $(or $(AGORA_PORT),8080)
# CI fuzzes the parser for 60 s; a developer's `make test` for 15 s (override: make test FUZZ_SECONDS=300).
FUZZ_SECONDS ?= $(if $(CI),60,15)
# The one debug build every test step uses: the same flags each time, so no step rebuilds what another built.
# Package.swift's CLibPQ (issue #15) needs libpq's headers for every build: installed when missing (CI is a fresh machine).
LIBPQ = (pkg-config --exists libpq 2>/dev/null || (apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpq-dev pkg-config))
# The PostgreSQL server (initdb, pg_ctl) the PostgreSQL tests start clusters of their own with.
POSTGRES = (ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v psql >/dev/null || (apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql))
# Debian's nginx and HAProxy, in front of two instances for the rolling restarts of PostgresRollingRestartTests.
PROXIES = (test -x /usr/sbin/nginx && test -x /usr/sbin/haproxy || (apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light haproxy))
BUILD_TESTS = $(LIBPQ) && $(SWIFT) build --build-tests -Xswiftc -warnings-as-errors

.PHONY: build release run test unit-tests pg-test fuzz bench bench-tools clean contract-test openapi-json venv proxy-test metrics-test install install-test calendar-test schedule-test webhook-test mail-test page-test
build:
	@$(LIBPQ)
	$(SWIFT) build

# Every product: the shipped agora and agora-bench (make bench).
release:
	@$(LIBPQ)
	$(SWIFT) build -c release

# Serves the seed data on 127.0.0.1:8080 (or AGORA_PORT) from the embedded default data dir .data/.
run: release
	.build/release/agora serve --host 127.0.0.1 --port $(PORT) --data-dir .data --config Config/agora.json

test: unit-tests pg-test contract-test fuzz calendar-test schedule-test proxy-test metrics-test install-test webhook-test mail-test page-test

unit-tests:
	$(BUILD_TESTS)
	@$(POSTGRES)
	@$(PROXIES)
	$(SWIFT) test --skip-build

# Issue 15: PostgreSQL as the shared command log, on clusters the tests start themselves (initdb + pg_ctl in temp
# directories on free ports): the store's contract tests against it, several instances on one database (capacity,
# following by LISTEN/NOTIFY and polling, faults: PostgreSQL down, a commit whose outcome is unknown, a restart under
# load), three real binaries behind one database (Tests/AgoraTests/PostgresBinaryTests), a rolling restart of two
# behind nginx and behind HAProxy under load with no failed request (PostgresRollingRestartTests) and `agora migrate` both ways.
pg-test:
	@$(POSTGRES)
	@$(PROXIES)
	$(BUILD_TESTS)
	$(SWIFT) test --skip-build --filter 'Postgres|CommandLogContractTests'

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
	$(BUILD_TESTS)
	$(VENV)/bin/python Tests/Contract/contract.py all --agora $(CONTRACT_AGORA)

# Issue 11: every iCalendar feed of the real debug binary (seeded), parsed by Python's icalendar and vobject: times and
# zones, speakers, accents, filters, negotiation, ETag/304/HEAD/CORS, a moved slot's SEQUENCE, a cancelled event's UIDs,
# the registration .ics and its token (Tests/Exports/calendar_check.py).
calendar-test: $(VENV)/.installed
	$(BUILD_TESTS)
	$(VENV)/bin/python Tests/Exports/calendar_check.py --agora $(CONTRACT_AGORA)

# The conference-app and search-engine exports (issue 11) against the real debug binary with the seed data:
# check-jsonschema and xmllint --schema on the c3voc schedules (../shared/schemas), pyld expanding the JSON-LD.
schedule-test: $(VENV)/.installed
	@command -v xmllint >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils)
	$(BUILD_TESTS)
	$(VENV)/bin/python Tests/Exports/schedule_check.py --agora $(CONTRACT_AGORA)

# Docs/openapi.json (served as GET /openapi.json) is generated from Docs/openapi.yaml; commit both.
openapi-json: $(VENV)/.installed
	$(VENV)/bin/python Tests/Contract/contract.py openapi-json

# The front configurations of Docs/operations.md ("Behind a proxy"), extracted from the page and run as written with
# Debian's nginx and HAProxy in front of two real debug binaries (Tests/Operations/proxy_check.py, Python's standard
# library only): health check, forwarded client in the log and the rate limiter, 304 through the proxy, and a drain
# under steady load with 0 failed requests (the figures are printed).
proxy-test:
	@(command -v nginx >/dev/null || test -x /usr/sbin/nginx) && (command -v haproxy >/dev/null || test -x /usr/sbin/haproxy) || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light haproxy)
	$(BUILD_TESTS)
	python3 Tests/Operations/proxy_check.py --agora .build/debug/agora

# Scraped for real (Tests/Operations/prometheus_check.py): `promtool check metrics` on the debug binary's /metrics, then
# Debian's prometheus (own temp config and storage, free port, 1 s scrapes, a test admin token) reads a counter back
# through its query API.
metrics-test:
	@command -v prometheus >/dev/null && command -v promtool >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus)
	$(BUILD_TESTS)
	python3 Tests/Operations/prometheus_check.py --agora .build/debug/agora

# Issue 12, webhooks: the real debug binary delivers to a receiver the script runs (Tests/Webhooks/receiver_check.py,
# Python's standard library only), which verifies each signature with the Standard Webhooks algorithm written from the
# spec: CRUD, signed thin payloads, retries after 500s with one webhook-id, 410 disables (still queued; enabled again it
# resumes from its cursor), Retry-After, SSRF refusal, replay, and after SIGKILL every acknowledged change delivered, in
# order, duplicates only with the same webhook-id.
webhook-test:
	$(BUILD_TESTS)
	python3 Tests/Webhooks/receiver_check.py --agora .build/debug/agora

# Issue 12, confirmation e-mails: the real debug binary submits to an aiosmtpd server the script runs
# (Tests/Mail/smtp_check.py), STARTTLS with a CA it makes (openssl CLI) and trusts through mailCaFile, AUTH: messages
# in de/fr/lb/en parsed with Python's email package, the .ics with icalendar, the cancellation link's token in the
# fragment (the promotion's too, and it cancels), exactly once after SIGKILL with mail owed, erasure and a deleted
# event drop queued mail, a cancelled event's notice; AUTH PLAIN and LOGIN, no STARTTLS, sendmail; off without a relay.
mail-test: $(VENV)/.installed
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors
	command -v openssl >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl)
	$(VENV)/bin/python Tests/Mail/smtp_check.py --agora .build/debug/agora

# Issue 14, the programme page in a browser (Tests/Page/page_check.py): Debian's headless chromium driven by Selenium
# through chromium-driver against the real debug binary (seeded, plus one open event): the list and both programmes,
# parallel tracks side by side and stacked at 320 px, now/next, times in the event's zone, the language switch and its
# requests, field errors from problem+json, one registration for a double click, cancellation by the link, a moved slot
# on the open page within 2 s, no console errors, axe-core, the no-JS page with its JSON-LD. Screenshots go to
# PAGE_ARTIFACTS (default: a temporary directory, printed); PAGE_DOCS_IMAGES=Docs/images also rewrites the docs' four.
PAGE_ARTIFACTS ?=
PAGE_DOCS_IMAGES ?=
page-test: $(VENV)/.installed
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver)
	$(BUILD_TESTS)
	$(VENV)/bin/python Tests/Page/page_check.py --agora $(CONTRACT_AGORA) $(if $(PAGE_ARTIFACTS),--artifacts $(PAGE_ARTIFACTS)) \
		$(if $(PAGE_DOCS_IMAGES),--docs-images $(PAGE_DOCS_IMAGES))

# libFuzzer on the request parser, from the seed corpus in Tests/Fuzz/corpus; any crash fails.
fuzz:
	bash Tests/Fuzz/run.sh $(FUZZ_SECONDS)

bench-tools:
	@command -v wrk >/dev/null && (command -v nginx >/dev/null || test -x /usr/sbin/nginx) || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light)
	@command -v valgrind >/dev/null && command -v strace >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind strace)

# Benchmarks (release build of agora and agora-bench, the benchmark executable in Tests/Benchmarks/AgoraBench): engine
# vs nginx and a Hummingbird 2 peer (built on first use in .build/hummingbird-peer), then HTTPS vs nginx with the same
# certificate and TLS policy, then the API, then the store, then the exports (render, served uncached, served cached;
# issue 11), then instructions and system calls per request (callgrind, strace; issue 16); figures go to
# Docs/benchmarks.md by hand, with the machine named.
bench: bench-tools release $(VENV)/.installed
	python3 Tests/Benchmarks/engine_bench.py --compare-shared
	python3 Tests/Benchmarks/tls_bench.py
	python3 Tests/Benchmarks/api_bench.py
	python3 Tests/Benchmarks/webhook_bench.py
	python3 Tests/Benchmarks/mail_bench.py
	@$(POSTGRES)
	python3 Tests/Benchmarks/pg_bench.py
	python3 Tests/Benchmarks/api_bench.py --metrics-compare
	python3 Tests/Benchmarks/api_bench.py --reads-during-registrations
	python3 Tests/Benchmarks/snapshot_policy_bench.py
	python3 Tests/Benchmarks/memory_bench.py --rounds 3
	@dir=$$(mktemp -d) && mkdir -p $$dir/group && .build/release/agora-bench store-bench --data-dir $$dir/group --writers 1,16,64 --commands 20000 && \
		mkdir -p $$dir/recovery && .build/release/agora-bench store-recovery-bench --data-dir $$dir/recovery --records 1000000; rm -rf $$dir
	.build/release/agora-bench feed-bench --streams 10000 --writes 200 --readers 8
	@dir=$$(mktemp -d) && .build/release/agora-bench export-bench --data-dir $$dir --iterations 500; rm -rf $$dir
	$(MAKE) venv && $(VENV)/bin/python Tests/Page/page_bench.py --agora .build/release/agora
	@dir=$$(mktemp -d) && .build/release/agora-bench render-bench --data-dir $$dir --iterations 2000 --rounds 5; rm -rf $$dir
	python3 Tests/Benchmarks/engine_profile.py

# Installs the binary (seed and OpenAPI documents compiled in), a default config and a hardened systemd unit:
#   make install PREFIX=/usr/local DESTDIR=/tmp/pkg   (DESTDIR: a staging root for packaging; empty by default)
# Files: $(PREFIX)/bin/agora, $(SYSCONFDIR)/agora/agora.json (kept when it exists), $(UNITDIR)/agora.service.
# CONFIGURATION=debug installs the debug build instead (the install test uses it, with the unit tests' flags in
# BUILD_FLAGS, so it reuses their build instead of a release build).
PREFIX ?= /usr/local
SYSCONFDIR ?= $(PREFIX)/etc
UNITDIR ?= $(PREFIX)/lib/systemd/system
CONFIGURATION ?= release
BUILD_FLAGS ?=
install:
	$(SWIFT) build -c $(CONFIGURATION) --product agora $(BUILD_FLAGS)
	install -D -m 0755 .build/$(CONFIGURATION)/agora $(DESTDIR)$(PREFIX)/bin/agora
	test -e $(DESTDIR)$(SYSCONFDIR)/agora/agora.json || \
		install -D -m 0644 Config/agora.json $(DESTDIR)$(SYSCONFDIR)/agora/agora.json
	install -d $(DESTDIR)$(UNITDIR)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' Config/systemd/agora.service.in \
		> $(DESTDIR)$(UNITDIR)/agora.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/agora.service

# make install into temp roots, systemd-analyze verify (no output allowed) and security on the unit, then the
# installed binary started from there (Tests/Operations/install_check.sh).
install-test:
	@command -v systemd-analyze >/dev/null && command -v curl >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd curl)
	bash Tests/Operations/install_check.sh

clean:
	rm -rf .build .data
