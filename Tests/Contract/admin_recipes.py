#!/usr/bin/env python3
"""Runs the recipes of Docs/admin.md, in order, against a live server, so the operator docs stay true.

Every fenced `sh` block runs in bash with `set -euo pipefail` (a failing command fails the recipe), in one scratch
directory, with `$AGORA` (the server), `$TOKEN` (a test admin token), `$AGORA_CONFIG` (the server's config file, a
temp copy of Config/agora.json) and the `agora` binary on PATH. Variables a block sets carry over to the next. Each
`<!-- expect: REGEX -->` comment after a block must match (re.search, multiline) what the block printed. A block
fenced as `sh restart` shows the operator's restart command; here the server is stopped with SIGTERM (it must exit
0) and started again on the same port, data dir and config.
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
FENCE = re.compile(r"^```sh( restart)?\n(.*?)^```\n((?:<!-- expect: .*? -->\n)*)", re.S | re.M)
EXPECT = re.compile(r"<!-- expect: (.*?) -->")


def recipes(text):
    blocks = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        blocks.append({"line": line, "restart": bool(match.group(1)), "script": match.group(2),
                       "expect": EXPECT.findall(match.group(3))})
    return blocks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora", required=True)
    arguments = parser.parse_args()
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
        with open(state, "w", encoding="utf-8") as handle:
            handle.write(f"export AGORA='{server.base}' TOKEN='{contract.TEST_TOKEN}' AGORA_CONFIG='{config}'\n"
                         f"export PATH='{os.path.dirname(agora)}':\"$PATH\"\n")
        try:
            for number, block in enumerate(blocks, 1):
                where = f"Docs/admin.md:{block['line']} (recipe {number})"
                if block["restart"]:
                    status = server.stop()
                    if status != 0:
                        contract.fail(f"{where}: the server exited {status} on SIGTERM:\n{server.tail()}")
                    server.start()
                    print(f"admin recipes: {where}: restarted the server", flush=True)
                    continue
                script = (f"set -euo pipefail\nset -a\nsource '{state}'\n{block['script']}\n"
                          f"export -p | grep -v -E '^declare -x (PWD|OLDPWD|SHLVL|_)=' > '{state}'\n")
                result = subprocess.run(["bash", "-c", script], cwd=scratch, capture_output=True, text=True,
                                        stdin=subprocess.DEVNULL, timeout=120)
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
