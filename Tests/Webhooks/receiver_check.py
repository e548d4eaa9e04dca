#!/usr/bin/env python3
"""Issue 12, webhooks: the real debug binary delivers to a receiver this script runs, which verifies every
signature with the Standard Webhooks algorithm written here from the specification (standardwebhooks.com,
"Verifying webhooks"), never with our code. Python's standard library only.

  receiver_check.py --agora .build/debug/agora

Checks: the admin CRUD (a secret shown once, 422 on bad input, 401 without a token); a change delivered, signed and
thin; redirects not followed; over https with the certificate checked against a CA (webhookCaFile, made here with the openssl CLI) and the
URL's host, a misnamed certificate refused; retried after 500s with one webhook-id; disabled on 410; Retry-After honoured on 429; a loopback host not in
webhookAllowedHosts refused after resolution (SSRF); replay from a sequence; and after SIGKILL of the server — with
a backlog owed to a failing receiver, and right after acknowledged writes — every change delivered after the
restart, in order, duplicates only with the same webhook-id.
"""
import argparse
import base64
import hashlib
import hmac
import http.server
import json
import os
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Support"))
from agora_server import AgoraServer  # noqa: E402
TOKEN = "webhook-check-admin-token-0123456789abcdef"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL {message}", flush=True)
    else:
        print(f"ok   {message}", flush=True)
    return condition


def verify(secret, headers, body, tolerance=300):
    """Standard Webhooks: the signed content is "{webhook-id}.{webhook-timestamp}.{body}"; the key is the base64
    decoding of the secret after "whsec_"; the signature is base64(HMAC-SHA256(key, content)); the header is a
    space-separated list of "v1,<signature>"; the timestamp must be within the tolerance of now."""
    msg_id, timestamp, signatures = headers.get("webhook-id"), headers.get("webhook-timestamp"), headers.get("webhook-signature")
    if not (msg_id and timestamp and signatures):
        return False
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret[len("whsec_"):])
    content = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    for entry in signatures.split(" "):
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return True
    return False


class Receiver:
    """Records every delivery per path; `plan[path]` is a list of (status, headers) answers to give first."""

    def __init__(self, tls=None):
        self.lock = threading.Condition()
        self.deliveries = {}
        self.plan = {}
        self.default = {}
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {name.lower(): value for name, value in self.headers.items()}
                with receiver.lock:
                    planned = receiver.plan.get(self.path) or []
                    status, extra = planned.pop(0) if planned else receiver.default.get(self.path, (200, {}))
                    receiver.deliveries.setdefault(self.path, []).append(
                        {"headers": headers, "body": body, "status": status, "at": time.monotonic()})
                    receiver.lock.notify_all()
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if tls:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path, host="127.0.0.1"):
        return f"{self.scheme}://{host}:{self.port}{path}"

    def wait(self, path, condition, timeout=20):
        deadline = time.monotonic() + timeout
        with self.lock:
            while not condition(self.deliveries.get(path, [])):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.lock.wait(remaining)
            return True

    def got(self, path):
        with self.lock:
            return list(self.deliveries.get(path, []))


def make_certificates(work):
    """A private CA, a receiver certificate for IP 127.0.0.1 it signed, and one for another name (openssl CLI)."""
    def run(*arguments):
        subprocess.run(["openssl", *arguments], check=True, capture_output=True, cwd=work)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Webhook Check CA")
    for name, san in [("receiver", "IP:127.0.0.1"), ("misnamed", "DNS:other.example")]:
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}")
        with open(os.path.join(work, f"{name}.ext"), "w") as handle:
            handle.write(f"subjectAltName={san}\n")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext")
    contexts = {}
    for name in ["receiver", "misnamed"]:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.path.join(work, f"{name}.pem"), os.path.join(work, f"{name}.key"))
        contexts[name] = context
    return os.path.join(work, "ca.pem"), contexts


class Server(AgoraServer):
    ca_file = None

    def __init__(self, agora, work):
        super().__init__(agora, work, TOKEN)

    def start(self):
        arguments = ["--webhook-allowed-hosts", "127.0.0.1", "--webhook-first-retry", "0.05",
                     "--webhook-max-retry-interval", "0.2", "--webhook-timeout", "5"]
        if Server.ca_file:
            arguments += ["--webhook-ca-file", Server.ca_file]
        self.launch(arguments)

    def request(self, method, path, body=None, token=TOKEN, content_type="application/json"):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": content_type}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                return response.status, dict(response.headers.items()), json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, dict(error.headers.items()), json.loads(raw) if raw else None

    def subscribe(self, url, types=("partner.created",), **extra):
        status, headers, body = self.request("POST", "/webhooks", dict({"url": url, "types": list(types)}, **extra))
        assert status == 201, (status, body)
        return body

    def partner(self, name):
        status, _, body = self.request("POST", "/partners", {"name": name})
        assert status == 201, (status, body)
        return body

    def sequence(self):
        return self.request("GET", "/changes", token=None)[2]["latest"]


def state_when(server, subscription_id, condition, timeout=10):
    """The subscription's state once `condition` holds of it (the server records an outcome after the receiver has
    answered, so the receiver seeing a delivery does not mean the state shows it yet)."""
    deadline = time.monotonic() + timeout
    while True:
        shown = server.request("GET", f"/webhooks/{subscription_id}")[2]
        if condition(shown) or time.monotonic() > deadline:
            return shown
        time.sleep(0.05)  # polling the state the admin sees: the condition itself


def crud(server, receiver):
    created = server.subscribe(receiver.url("/crud"), types=["partner.created", "partner.deleted"])
    secret = created.get("secret", "")
    check(secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) >= 24,
          "the creation shows a whsec_ secret of 24+ random bytes")
    status, _, shown = server.request("GET", f"/webhooks/{created['id']}")
    check(status == 200 and "secret" not in shown and shown["enabled"] is True and shown["backlog"] == 0,
          "GET shows the subscription's state, never its secret")
    status, _, listed = server.request("GET", "/webhooks")
    check(status == 200 and created["id"] in [entry["id"] for entry in listed], "GET /webhooks lists it")
    status, _, patched = server.request("PATCH", f"/webhooks/{created['id']}", {"enabled": False},
                                        content_type="application/merge-patch+json")
    check(status == 200 and patched["enabled"] is False and patched["types"] == ["partner.created", "partner.deleted"],
          "PATCH changes only what it names")
    check(server.request("DELETE", f"/webhooks/{created['id']}")[0] == 204, "DELETE answers 204")
    check(server.request("GET", f"/webhooks/{created['id']}")[0] == 404, "a deleted subscription is 404")
    status, headers, problem = server.request("POST", "/webhooks", {"url": "http://example.org/hook", "types": ["partner.created"]})
    check(status == 422 and headers.get("Content-Type") == "application/problem+json"
          and problem["errors"][0]["pointer"] == "/url", "plain http to a host not allowed is 422 naming /url")
    status, _, problem = server.request("POST", "/webhooks", {"url": receiver.url("/x"), "types": ["nothing.happened"]})
    check(status == 422 and problem["errors"][0]["pointer"] == "/types", "an unknown type is 422 naming /types")
    check(server.request("GET", "/webhooks", token=None)[0] == 401, "without a token: 401")


def delivered_and_signed(server, receiver):
    subscription = server.subscribe(receiver.url("/signed"))
    partner = server.partner("Webhook Signed")
    check(receiver.wait("/signed", lambda got: len(got) >= 1), "a new partner is delivered")
    delivery = receiver.got("/signed")[0]
    check(verify(subscription["secret"], delivery["headers"], delivery["body"]),
          "the signature verifies with the Standard Webhooks algorithm")
    check(not verify("whsec_" + base64.b64encode(b"x" * 24).decode(), delivery["headers"], delivery["body"]),
          "and does not with another secret")
    payload = json.loads(delivery["body"])
    check(payload["type"] == "partner.created" and payload["entity"] == {"type": "partner", "id": partner["id"]}
          and payload["path"] == f"/partners/{partner['id']}" and isinstance(payload["sequence"], int),
          f"the payload is thin: type, sequence, entity, path ({payload})")
    check(delivery["headers"].get("content-type") == "application/json", "Content-Type: application/json")
    check(receiver.wait("/signed", lambda got: True) and len(receiver.got("/signed")) == 1, "delivered once")
    shown = state_when(server, subscription["id"], lambda shown: shown["lastSuccess"] is not None)
    check(shown["lastSuccess"] is not None and shown["backlog"] == 0, "GET shows the last success")
    # Replay from the sequence before it: the same message (same webhook-id) again.
    status, _, replay = server.request("POST", f"/webhooks/{subscription['id']}/replay", {"since": payload["sequence"] - 1})
    check(status == 202 and replay["queued"] == 1, f"replay queues the retained change ({status} {replay})")
    check(receiver.wait("/signed", lambda got: len(got) >= 2), "the replayed change is delivered")
    again = receiver.got("/signed")[1]
    check(again["headers"]["webhook-id"] == delivery["headers"]["webhook-id"] and again["body"] == delivery["body"],
          "a replay sends the same message with the same webhook-id")
    status, _, problem = server.request("POST", f"/webhooks/{subscription['id']}/replay", {"since": 10**9})
    check(status == 410 and "oldestSince" in problem, "a replay from a sequence not retained is 410")


def retried_after_500s(server, receiver):
    receiver.plan["/flaky"] = [(500, {}), (500, {}), (502, {})]
    subscription = server.subscribe(receiver.url("/flaky"))
    server.partner("Webhook Flaky")
    check(receiver.wait("/flaky", lambda got: len(got) >= 4), "three failures, then a fourth attempt")
    got = receiver.got("/flaky")
    check([d["status"] for d in got] == [500, 500, 502, 200], f"attempts answered {[d['status'] for d in got]}")
    check(len({d["headers"]["webhook-id"] for d in got}) == 1, "every attempt carries the same webhook-id")
    check(all(verify(subscription["secret"], d["headers"], d["body"]) for d in got), "every attempt is signed")
    gaps = [b["at"] - a["at"] for a, b in zip(got, got[1:])]
    check(gaps[1] > gaps[0] * 1.2 or gaps[2] > gaps[0] * 1.2, f"the waits grow ({[round(g, 3) for g in gaps]})")
    shown = state_when(server, subscription["id"], lambda shown: shown["backlog"] == 0)
    check(shown["backlog"] == 0 and shown["lastSuccess"] and shown["lastFailure"]["status"] == 502,
          f"GET shows the last failure and its status ({shown['lastFailure']})")


def redirects_not_followed(server, receiver):
    receiver.plan["/moved"] = [(302, {"Location": receiver.url("/elsewhere")})]
    subscription = server.subscribe(receiver.url("/moved"))
    server.partner("Webhook Moved")
    check(receiver.wait("/moved", lambda got: len(got) >= 2), "a 302 is a failure, retried at the same URL")
    check(receiver.got("/elsewhere") == [], "the redirect is not followed")
    shown = state_when(server, subscription["id"], lambda shown: shown["backlog"] == 0)
    check(shown["lastFailure"]["status"] == 302, f"the 302 is the last failure ({shown['lastFailure']})")


def disabled_on_410(server, receiver):
    receiver.default["/gone"] = (410, {})
    subscription = server.subscribe(receiver.url("/gone"))
    server.partner("Webhook Gone")
    check(receiver.wait("/gone", lambda got: len(got) >= 1), "the 410 receiver got one attempt")
    shown = state_when(server, subscription["id"], lambda shown: not shown["enabled"])
    check(not shown["enabled"] and shown["lastFailure"]["status"] == 410, "410 disables the subscription")
    later = server.partner("Webhook Gone 2")
    # Disabled: nothing is sent, and every change is still queued (the one answered 410 and the next).
    shown = state_when(server, subscription["id"], lambda shown: shown["backlog"] == 2)
    check(not shown["enabled"] and shown["backlog"] == 2, f"a disabled subscription still queues its changes ({shown['backlog']})")
    time.sleep(0.5)  # a negative: nothing may arrive; there is no event to await
    check(len(receiver.got("/gone")) == 1, "a disabled subscription gets nothing more")
    # Enabled again (the receiver is back): it resumes from its cursor, the change the 410 answered, then the one
    # committed while it was disabled — in order, nothing lost.
    receiver.default["/gone"] = (204, {})
    first = json.loads(receiver.got("/gone")[0]["body"])
    status, _, enabled = server.request("PATCH", f"/webhooks/{subscription['id']}", {"enabled": True},
                                        content_type="application/merge-patch+json")
    check(status == 200 and enabled["enabled"] and enabled["backlog"] == 2 and enabled["nextSequence"] == first["sequence"],
          f"the PATCH that enables it shows where it resumes ({status} backlog {enabled.get('backlog')} "
          f"nextSequence {enabled.get('nextSequence')})")
    check(receiver.wait("/gone", lambda got: len(got) >= 3), "enabled again: both owed changes delivered")
    got = receiver.got("/gone")
    check(len(got) == 3 and got[1]["headers"]["webhook-id"] == got[0]["headers"]["webhook-id"]
          and json.loads(got[2]["body"])["entity"]["id"] == later["id"],
          "resumed at the change answered 410 (same webhook-id), then the one committed while disabled")
    server.request("DELETE", f"/webhooks/{subscription['id']}")


def retry_after_honoured(server, receiver):
    # 429 (RFC 6585 §4) and 503 (RFC 9110 §15.6.4) may say when to come back; both waits run at once.
    for path, status in (("/busy", 429), ("/unavailable", 503)):
        receiver.plan[path] = [(status, {"Retry-After": "1"})]
        server.subscribe(receiver.url(path))
    server.partner("Webhook Busy")
    for path, status in (("/busy", 429), ("/unavailable", 503)):
        check(receiver.wait(path, lambda got: len(got) >= 2), f"a {status} is retried")
        got = receiver.got(path)
        check(len(got) >= 2 and got[1]["at"] - got[0]["at"] >= 0.9,
              f"a {status}: after its Retry-After: 1 ({got[1]['at'] - got[0]['at']:.2f} s)" if len(got) >= 2 else f"a {status}: retried")


def refused_after_resolution(server, receiver):
    # localhost is loopback (plain http is accepted), but not in webhookAllowedHosts: refused once resolved.
    subscription = server.subscribe(receiver.url("/ssrf", host="localhost"))
    server.partner("Webhook SSRF")
    shown = state_when(server, subscription["id"], lambda shown: shown.get("lastFailure"))
    check(shown.get("lastFailure") and "refused" in (shown["lastFailure"]["error"] or ""),
          f"a host resolving to loopback and not allowed is refused ({shown.get('lastFailure')})")
    check(receiver.got("/ssrf") == [], "and nothing reached the receiver")
    server.request("DELETE", f"/webhooks/{subscription['id']}")


def delivered_over_tls(server, receivers):
    """https: the certificate verified against the configured CA and the URL's host; a misnamed one refused."""
    good, misnamed = receivers
    subscription = server.subscribe(good.url("/tls"))
    wrong = server.subscribe(misnamed.url("/tls-misnamed"))
    server.partner("Webhook TLS")
    check(good.wait("/tls", lambda got: len(got) >= 1), "delivered over https to a receiver the CA vouches for")
    delivery = good.got("/tls")[0]
    check(verify(subscription["secret"], delivery["headers"], delivery["body"]), "and signed")
    shown = state_when(server, wrong["id"], lambda shown: shown.get("lastFailure"))
    check(shown.get("lastFailure") and "certificate" in (shown["lastFailure"]["error"] or ""),
          f"a certificate for another name is refused ({shown.get('lastFailure')})")
    check(misnamed.got("/tls-misnamed") == [], "and nothing was sent to it")
    server.request("DELETE", f"/webhooks/{wrong['id']}")


def resumed_after_sigkill(agora, work, receiver):
    server = Server(agora, work)
    server.start()
    # A receiver that fails: the backlog grows in the outbox; then SIGKILL.
    receiver.default["/kill"] = (500, {})
    backlog = server.subscribe(receiver.url("/kill"))
    steady = server.subscribe(receiver.url("/steady"))
    expected = [server.partner(f"Webhook Kill {n}")["id"] for n in range(10)]
    check(receiver.wait("/kill", lambda got: len(got) >= 2), "the failing receiver is being retried")
    server.kill()
    receiver.default["/kill"] = (200, {})
    server = Server(agora, work)
    server.data_dir = os.path.join(work, "data")
    server.start()
    for path, subscription in [("/kill", backlog), ("/steady", steady)]:
        check(receiver.wait(path, lambda got: len({json.loads(d["body"])["entity"]["id"] for d in got if d["status"] == 200}
                                                  & set(expected)) == len(expected), timeout=30),
              f"{path}: after SIGKILL and restart every acknowledged change is delivered")
        got = receiver.got(path)
        ids = {}
        for delivery in got:
            payload = json.loads(delivery["body"])
            ids.setdefault(payload["sequence"], set()).add(delivery["headers"]["webhook-id"])
        check(all(len(names) == 1 for names in ids.values()), f"{path}: a duplicate only ever with the same webhook-id")
        check(all(verify(subscription["secret"], d["headers"], d["body"]) for d in got), f"{path}: every delivery is signed")
        succeeded = [json.loads(d["body"])["sequence"] for d in got if d["status"] == 200]
        firsts = list(dict.fromkeys(succeeded))
        check(firsts == sorted(firsts), f"{path}: delivered in sequence order")
    # SIGKILL right after the last write is acknowledged, with a receiver that answers: nothing is lost.
    burst = server.subscribe(receiver.url("/burst"))
    names = [server.partner(f"Webhook Burst {n}")["id"] for n in range(15)]
    server.kill()
    server = Server(agora, work)
    server.start()
    check(receiver.wait("/burst", lambda got: {json.loads(d["body"])["entity"]["id"] for d in got} >= set(names), timeout=30),
          "killed right after acknowledged writes: every one is delivered after the restart")
    got = receiver.got("/burst")
    per_sequence = {}
    for delivery in got:
        per_sequence.setdefault(json.loads(delivery["body"])["sequence"], set()).add(delivery["headers"]["webhook-id"])
    check(all(len(v) == 1 for v in per_sequence.values()), "duplicates only with the same webhook-id")
    check(all(verify(burst["secret"], d["headers"], d["body"]) for d in got), "every burst delivery is signed")
    server.stop()


def rotated_secret(server, receiver):
    """After a rotation, during the grace (webhookSecretGrace, 24 h by default): a receiver holding only the old
    secret and one holding only the new one both verify every message — across a restart of the server too."""
    subscription = server.subscribe(receiver.url("/rotated"))
    old = subscription["secret"]
    status, headers, rotated = server.request("POST", f"/webhooks/{subscription['id']}/rotate-secret")
    new = (rotated or {}).get("secret", "")
    check(status == 200 and new.startswith("whsec_") and new != old and "previousSecretValidUntil" in rotated
          and headers.get("Cache-Control") == "no-store", f"rotate-secret shows a new secret once ({status})")
    check("secret" not in server.request("GET", f"/webhooks/{subscription['id']}")[2], "GET never shows it")
    server.partner("Webhook Rotated")
    check(receiver.wait("/rotated", lambda got: len(got) >= 1), "a change after the rotation is delivered")
    server.stop()
    server.start()
    server.partner("Webhook Rotated After Restart")
    check(receiver.wait("/rotated", lambda got: len(got) >= 2), "and one after a restart")
    for delivery in receiver.got("/rotated")[:2]:
        signatures = delivery["headers"]["webhook-signature"].split(" ")
        check(len(signatures) == 2, f"the header carries two signatures ({delivery['headers']['webhook-id']})")
        check(verify(old, delivery["headers"], delivery["body"]), "a receiver with only the OLD secret verifies it")
        check(verify(new, delivery["headers"], delivery["body"]), "a receiver with only the NEW secret verifies it")
    check(server.request("POST", "/webhooks/wh_none/rotate-secret")[0] == 404, "rotating an unknown one is 404")
    check(server.request("POST", f"/webhooks/{subscription['id']}/rotate-secret", token=None)[0] == 401,
          "without a token: 401")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora", required=True)
    arguments = parser.parse_args()
    agora = os.path.abspath(arguments.agora)
    receiver = Receiver()
    with tempfile.TemporaryDirectory(prefix="agora-webhooks-") as work:
        Server.ca_file, contexts = make_certificates(work)
        tls_receivers = (Receiver(contexts["receiver"]), Receiver(contexts["misnamed"]))
        server = Server(agora, work)
        server.start()
        try:
            crud(server, receiver)
            delivered_and_signed(server, receiver)
            retried_after_500s(server, receiver)
            redirects_not_followed(server, receiver)
            disabled_on_410(server, receiver)
            retry_after_honoured(server, receiver)
            refused_after_resolution(server, receiver)
            delivered_over_tls(server, tls_receivers)
            rotated_secret(server, receiver)
        finally:
            server.stop()
        with tempfile.TemporaryDirectory(prefix="agora-webhooks-kill-") as kill_work:
            resumed_after_sigkill(agora, kill_work, receiver)
    if failures:
        print(f"{len(failures)} webhook check(s) failed", flush=True)
        sys.exit(1)
    print("webhook checks passed", flush=True)


if __name__ == "__main__":
    main()
