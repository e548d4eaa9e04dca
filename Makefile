# Agora — build, run, test, benchmark. See README.md.
SWIFT ?= swift
PORT ?= $(or $(AGORA_PORT),8080)

.PHONY: build release run test clean
build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

run: release
	.build/release/agora serve --host 127.0.0.1 --port $(PORT) --data-dir .data

test:
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors
	$(SWIFT) test --skip-build

clean:
	rm -rf .build .data
