"""The real `agora serve` for the Python checks (Tests/Exports, Tests/Webhooks, Tests/Mail): a free loopback port, a
data directory in the check's temporary folder, the default configuration file, ready once `/readyz` answers 200
(polled: that is the condition itself, not a sleep), stopped with SIGTERM or killed with SIGKILL. Each check
subclasses it with the arguments and requests it needs."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AgoraServer:
    def __init__(self, agora, work, token):
        self.agora, self.work, self.token = agora, work, token
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data_dir = os.path.join(work, "data")
        self.process = None
        self.log = None

    def launch(self, arguments=(), environment=None):
        """Starts the server with `arguments` after the common ones and waits until it is ready (60 s at most)."""
        self.log = open(os.path.join(self.work, "server.log"), "ab")
        command = [self.agora, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--data-dir", self.data_dir,
                   "--config", str(ROOT / "Config" / "agora.json"), "--log-level", "warning", *arguments]
        env = dict(os.environ, AGORA_ADMIN_TOKEN=self.token, **(environment or {}))
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"the server exited {self.process.returncode} while starting (see {self.work}/server.log)")
            try:
                with urllib.request.urlopen(f"{self.base}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)  # polling /readyz: the condition itself
        self.process.kill()
        sys.exit("the server was not ready within 60 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        if self.log:
            self.log.close()

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()
