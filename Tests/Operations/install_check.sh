#!/usr/bin/env bash
# `make install` as a packager and an operator use it (issue 13, "Install"):
#  1. into a staging root (PREFIX=/usr/local DESTDIR=<temp>): the binary, the default config and the unit land where
#     they should, and the unit names the installed paths;
#  2. with PREFIX=<temp> and no DESTDIR, so every path the unit names exists on this machine: `systemd-analyze
#     verify` must print nothing (a warning fails the check, like an error), and `systemd-analyze security` must rate
#     the unit's exposure below 2.0 ("OK");
#  3. the installed binary, run from / with the installed config and no other flag but a free port and a data
#     directory, serves the seeds, /openapi.json and /readyz, names its version and commit, and drains on SIGTERM.
# Uses the debug build with the unit tests' flags, so it needs no release build; fails on the first problem.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d /tmp/agora-install-XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "install_check: FAIL: $*" >&2; exit 1; }

# 1. A staging root.
stage="$work/stage"
make -s install PREFIX=/usr/local DESTDIR="$stage" CONFIGURATION=debug BUILD_FLAGS="-Xswiftc -warnings-as-errors"
test -x "$stage/usr/local/bin/agora" || fail "no binary at \$DESTDIR/usr/local/bin/agora"
test -f "$stage/usr/local/etc/agora/agora.json" || fail "no default config at \$DESTDIR/usr/local/etc/agora/agora.json"
unit="$stage/usr/local/lib/systemd/system/agora.service"
test -f "$unit" || fail "no unit at \$DESTDIR/usr/local/lib/systemd/system/agora.service"
grep -qx 'ExecStart=/usr/local/bin/agora serve --config /usr/local/etc/agora/agora.json --data-dir /var/lib/agora' "$unit" \
    || fail "ExecStart does not name the installed paths: $(grep ExecStart= "$unit")"
! grep -q '@[A-Z]*@' "$unit" || fail "unfilled placeholder in the unit: $(grep '@[A-Z]*@' "$unit")"
for directive in 'DynamicUser=yes' 'StateDirectory=agora' 'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' \
                 'NoNewPrivileges=yes' 'LimitNOFILE=65536' 'Restart=on-failure' 'ExecReload=/bin/kill -HUP $MAINPID'; do
    grep -qxF "$directive" "$unit" || fail "the unit lacks $directive"
done
# A second install keeps an edited config.
echo '{"port": 9999}' > "$stage/usr/local/etc/agora/agora.json"
make -s install PREFIX=/usr/local DESTDIR="$stage" CONFIGURATION=debug BUILD_FLAGS="-Xswiftc -warnings-as-errors"
grep -q 9999 "$stage/usr/local/etc/agora/agora.json" || fail "make install overwrote an existing config"

# 2. systemd-analyze on a unit whose paths exist here.
prefix="$work/prefix"
make -s install PREFIX="$prefix" CONFIGURATION=debug BUILD_FLAGS="-Xswiftc -warnings-as-errors"
verified=$(systemd-analyze verify "$prefix/lib/systemd/system/agora.service" 2>&1) \
    || fail "systemd-analyze verify failed: $verified"
[ -z "$verified" ] || fail "systemd-analyze verify warned: $verified"
# The check itself can fail: a unit naming a missing binary must not pass.
sed 's|^ExecStart=[^ ]*|ExecStart=/nonexistent/agora|' "$prefix/lib/systemd/system/agora.service" > "$work/broken.service"
! systemd-analyze verify "$work/broken.service" >/dev/null 2>&1 || fail "verify passed a unit with a missing ExecStart"
exposure=$(systemd-analyze security --offline=yes "$prefix/lib/systemd/system/agora.service" 2>&1 \
    | sed -n 's/.*Overall exposure level for agora.service: \([0-9.]*\).*/\1/p')
[ -n "$exposure" ] || fail "systemd-analyze security gave no exposure level"
awk -v e="$exposure" 'BEGIN { exit !(e < 2.0) }' || fail "exposure level $exposure is not below 2.0"
echo "install_check: unit verified, exposure $exposure"

# 3. The installed binary, far from the source tree.
binary="$prefix/bin/agora"
version=$(cd / && "$binary" --version)
[[ "$version" =~ ^agora\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ ([0-9a-f]{40}|unknown)\)$ ]] || fail "--version: $version"
(cd / && exec "$binary" serve --config "$prefix/etc/agora/agora.json" --port 0 --data-dir "$work/data") \
    > "$work/agora.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 500); do
    port=$(sed -n 's/.*"msg":"listening".*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/agora.log" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$server" 2>/dev/null || fail "the installed binary exited: $(cat "$work/agora.log")"
    sleep 0.02
done
[ -n "$port" ] || fail "the installed binary did not listen: $(cat "$work/agora.log")"
curl -sSf "http://127.0.0.1:$port/readyz" | grep -q '"ready"' || fail "/readyz is not ready"
curl -sSf "http://127.0.0.1:$port/events?past=true" | grep -q '"id":"assises-sociales-2025"' || fail "the seeds are not served"
curl -sSf -o "$work/openapi.json" "http://127.0.0.1:$port/openapi.json" || fail "/openapi.json is not served"
cmp -s "$work/openapi.json" Docs/openapi.json || fail "/openapi.json differs from Docs/openapi.json"
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=""
[ "$status" -eq 0 ] || fail "exit status $status after SIGTERM: $(tail -n 5 "$work/agora.log")"
echo "install_check: OK (installed binary on port $port served seeds and /openapi.json, drained on SIGTERM)"
