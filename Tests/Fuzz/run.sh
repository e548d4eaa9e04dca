#!/usr/bin/env bash
# Builds the request-parser fuzz target (libFuzzer, from the Swift toolchain) and runs it for SECONDS on a
# copy of the seed corpus, so the committed corpus never grows. Exits non-zero if the build fails or the
# fuzzer finds a crash; the crashing input is kept in .build/fuzz-artifacts/.
#
#   Tests/Fuzz/run.sh 60
set -euo pipefail

seconds="${1:-60}"
case "$seconds" in
    '' | *[!0-9]*) echo "usage: $0 SECONDS" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mkdir -p .build .build/fuzz-artifacts

sources=(Sources/HTTPServer/Parsing/*.swift Tests/Fuzz/ParserFuzz.swift)
common=(-parse-as-library -O -swift-version 6 -module-name ParserFuzz "${sources[@]}" -o .build/fuzz-parser)

# lld (shipped with the toolchain) links the sanitizer runtimes without gold's warnings; AddressSanitizer
# is dropped only if this machine cannot link it.
if swiftc -sanitize=fuzzer,address -use-ld=lld "${common[@]}" 2>/dev/null; then
    echo "fuzz-parser: built with -sanitize=fuzzer,address (lld)"
elif swiftc -sanitize=fuzzer,address "${common[@]}"; then
    echo "fuzz-parser: built with -sanitize=fuzzer,address"
else
    echo "fuzz-parser: AddressSanitizer did not link, building with -sanitize=fuzzer only" >&2
    swiftc -sanitize=fuzzer "${common[@]}"
fi

corpus="$(mktemp -d "${TMPDIR:-/tmp}/agora-fuzz-corpus.XXXXXX")"
trap 'rm -rf "$corpus"' EXIT
cp Tests/Fuzz/corpus/* "$corpus/"

# Swift's own crash handler would race libFuzzer's (and trip AddressSanitizer); libFuzzer reports traps.
export SWIFT_BACKTRACE=enable=no
# -timeout: a single input taking seconds means quadratic behaviour, which counts as a failure too.
.build/fuzz-parser \
    -max_total_time="$seconds" \
    -timeout=5 \
    -rss_limit_mb=2048 \
    -max_len=65536 \
    -print_final_stats=1 \
    -dict=Tests/Fuzz/http.dict \
    -artifact_prefix=.build/fuzz-artifacts/ \
    "$corpus"
