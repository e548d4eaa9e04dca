#!/usr/bin/env python3
"""Runs the recipes of Docs/admin.md, in order, against a live server, so the operator docs stay true.

Every fenced `sh` block runs in bash with `set -euo pipefail` (any failing command, also inside a pipeline, and any
unset variable fails the recipe), in one scratch directory. A block sees what a reader following the doc has, and
nothing else: a minimal environment (PATH, HOME, LANG, TMPDIR) plus exactly the variables the doc tells the reader
to set — `$AGORA` (the server), `$TOKEN` (an admin token: here the server's `AGORA_ADMIN_TOKEN`), and for the token
rotation `$AGORA_BIN` (the agora binary) and `$AGORA_CONFIG` (the server's config file, a temp copy of
Config/agora.json). The `agora` binary is NOT put on PATH. Variables a block sets carry over to the next. Each
`<!-- expect: REGEX -->` comment after a block must match (re.search, multiline) what the block printed. A block
fenced as `sh restart` shows the operator's restart command; here the server is stopped with SIGTERM (it must exit
0) and started again on the same port, data dir and config; `sh restart unset=NAME` starts it again without NAME
in its environment, as the doc tells the operator to do.

`--self-test` checks the runner itself (no server): blocks that fail in each way must fail, a good one must pass,
and a block's environment must hold only what the doc names. `make contract-test` runs it before the recipes.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contract  # noqa: E402

DOC = contract.ROOT / "Docs" / "admin.md"
FENCE = re.compile(r"^```sh( restart(?: unset=([A-Z_][A-Z0-9_]*))?)?\n(.*?)^```\n((?:<!-- expect: .*? -->\n)*)",
                   re.S | re.M)
EXPECT = re.compile(r"<!-- expect: (.*?) -->")
# What a reader's shell has whatever they do; everything else a block sees must come from the doc.
BASE_ENVIRONMENT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def recipes(text):
    blocks = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        blocks.append({"line": line, "restart": bool(match.group(1)), "unset": match.group(2),
                       "script": match.group(3), "expect": EXPECT.findall(match.group(4))})
    return blocks


def write_state(path, variables):
    with open(path, "w", encoding="utf-8") as handle:
        for name, value in variables.items():
            handle.write(f"export {name}='{value}'\n")


def run_block(script, state, cwd):
    """Runs one block as the recipes run (strict mode, the state of the blocks before it); returns the result."""
    wrapped = (f"set -euo pipefail\nset -a\nsource '{state}'\n{script}\n"
               f"export -p | grep -v -E '^declare -x (PWD|OLDPWD|SHLVL|_)=' > '{state}'\n")
    environment = {name: os.environ[name] for name in BASE_ENVIRONMENT if name in os.environ}
    return subprocess.run(["bash", "-c", wrapped], cwd=cwd, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120, env=environment)


def self_test():
    """The runner must fail a block on any failing command, also where plain `sh` would carry on."""
    failing = {
        "a failing command before a good one": "false\necho after",
        "a failing command inside a pipeline": "false | cat\necho after",
        "an unset variable": 'echo "$AGORA_SELF_TEST_UNSET"\necho after',
        "a failing command substitution": "x=$(false)\necho after",
        "a failing command in a file a jq would read": 'jq . "/nonexistent/agora.json" > out.json\necho after',
    }
    with tempfile.TemporaryDirectory(prefix="agora-recipes-self-test-") as work:
        state = os.path.join(work, "state.sh")
        problems = []
        for name, script in failing.items():
            write_state(state, {"AGORA": "http://127.0.0.1:9"})
            result = run_block(script, state, work)
            if result.returncode == 0 or "after" in result.stdout:
                problems.append(f"a block with {name} passed (exit {result.returncode}): {result.stdout!r}")
        os.environ["AGORA_SELF_TEST_LEAK"] = "leaked"
        try:
            write_state(state, {"AGORA": "http://127.0.0.1:9"})
            good = run_block('echo "ok $AGORA"\nNEXT=1', state, work)
            if good.returncode != 0 or good.stdout.strip() != "ok http://127.0.0.1:9":
                problems.append(f"a good block failed (exit {good.returncode}): {good.stdout!r} {good.stderr!r}")
            carried = run_block('echo "next=$NEXT leak=${AGORA_SELF_TEST_LEAK:-none}"', state, work)
            if carried.stdout.strip() != "next=1 leak=none":
                problems.append(f"a block's environment is not the doc's: {carried.stdout!r} {carried.stderr!r}")
        finally:
            del os.environ["AGORA_SELF_TEST_LEAK"]
        if problems:
            contract.fail("admin recipes self-test:\n" + "\n".join(problems))
    print(f"admin recipes: self-test passed ({len(failing)} failing blocks failed, the environment is the doc's)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora")
    parser.add_argument("--self-test", action="store_true")
    arguments = parser.parse_args()
    self_test()
    if arguments.self_test:
        return
    if not arguments.agora:
        contract.fail("--agora is required")
    agora = os.path.abspath(arguments.agora)

    blocks = recipes(DOC.read_text(encoding="utf-8"))
    if len(blocks) < 10 or not any(block["restart"] for block in blocks):
        contract.fail(f"Docs/admin.md: found {len(blocks)} sh blocks; expected every admin task's recipe")
    pending = contract.pending_routes()
    if pending:
        print(f"admin recipes: NOT RUN: {len(pending)} documented operations are not registered yet "
              f"(Tests/Contract/{contract.PENDING.name}); {len(blocks)} recipes parsed", flush=True)
        return
    if shutil.which("jq") is None or shutil.which("curl") is None:
        contract.fail("the recipes need curl and jq (make contract-test installs them)")

    with tempfile.TemporaryDirectory(prefix="agora-recipes-") as work:
        config = os.path.join(work, "agora.json")
        shutil.copyfile(contract.ROOT / "Config" / "agora.json", config)
        scratch = os.path.join(work, "scratch")
        os.mkdir(scratch)
        server = contract.Server(agora, work, config=config)
        server.start()
        state = os.path.join(work, "state.sh")
        # Only what Docs/admin.md tells the reader to set (the intro's two, the token rotation's two).
        write_state(state, {"AGORA": server.base, "TOKEN": contract.TEST_TOKEN, "AGORA_BIN": agora,
                            "AGORA_CONFIG": config})
        try:
            for number, block in enumerate(blocks, 1):
                where = f"Docs/admin.md:{block['line']} (recipe {number})"
                if block["restart"]:
                    status = server.stop()
                    if status != 0:
                        contract.fail(f"{where}: the server exited {status} on SIGTERM:\n{server.tail()}")
                    if block["unset"]:
                        server.environment.pop(block["unset"], None)
                    server.start()
                    without = f" without {block['unset']}" if block["unset"] else ""
                    print(f"admin recipes: {where}: restarted the server{without}", flush=True)
                    continue
                result = run_block(block["script"], state, scratch)
                output = result.stdout + ("\n" if result.stdout and not result.stdout.endswith("\n") else "") + result.stderr
                print(f"admin recipes: {where}:\n" + "".join("    " + line + "\n" for line in output.splitlines()),
                      end="", flush=True)
                if result.returncode != 0:
                    contract.fail(f"{where} exited {result.returncode}")
                for pattern in block["expect"]:
                    if not re.search(pattern, result.stdout, re.M):
                        contract.fail(f"{where}: output does not match /{pattern}/")
        finally:
            status = server.stop()
        if status != 0:
            contract.fail(f"the server exited {status} on SIGTERM:\n{server.tail()}")
    print(f"admin recipes: all {len(blocks)} recipes of Docs/admin.md passed")


if __name__ == "__main__":
    main()
