#!/usr/bin/env python3
"""Issue 12, confirmation e-mails: the real debug binary submits to a real SMTP server this script runs (aiosmtpd,
STARTTLS required with a certificate from a CA made here with the openssl CLI, trusted by agora through
mailCaFile; AUTH required after TLS). Every message is parsed with Python's `email` package and its invite with
`icalendar`, never with our code.

  smtp_check.py --agora .build/debug/agora

Checks: the relay's certificate refused without mailCaFile (the message kept, sent once the CA is trusted); with no relay configured nothing is queued or sent (and turning mail on later sends nothing for what
happened while it was off); a registration's message in German and in French (headers, RFC 2047 subject, the
cancellation link with the token in its fragment, the .ics part); the waiting list's message and the promotion's
after a cancellation; the cancellation's message; after SIGKILL of the server while the relay answers 451, the
owed message sent exactly once after the restart, and nothing acknowledged sent again after a second SIGKILL; an
erasure removes the person's queued message from the outbox file and it is never sent.
"""
import argparse
import email
import email.policy
import email.utils
import json
import logging
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

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
import icalendar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Support"))
from agora_server import AgoraServer, free_port  # noqa: E402
# aiosmtpd logs the refused handshake of the untrusted-certificate case as a traceback: expected, not a failure.
logging.getLogger("mail.log").setLevel(logging.CRITICAL)
TOKEN = "mail-check-admin-token-0123456789abcdef"
PUBLIC = "https://front.example.test"
USER, PASSWORD = "agora", "relay-pässword-1"
failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)
    return condition


def make_certificate(work):
    """A private CA and a relay certificate for IP 127.0.0.1 it signed."""
    def run(*arguments):
        subprocess.run(["openssl", *arguments], check=True, capture_output=True, cwd=work)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Mail Check CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "relay.key", "-out", "relay.csr", "-subj", "/CN=relay")
    Path(work, "relay.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    run("x509", "-req", "-in", "relay.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "relay.pem", "-days", "2", "-extfile", "relay.ext")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(work, "relay.pem"), os.path.join(work, "relay.key"))
    return os.path.join(work, "ca.pem"), context


class Relay:
    """What the relay received (after the final dot, accepted) and refused, by Message-ID."""
    def __init__(self):
        self.lock = threading.Condition()
        self.accepted = []   # (envelope recipients, parsed message, session was TLS, authenticated)
        self.refused = {}    # Message-ID -> count of 451s
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            if self.refuse:
                self.refused[message["Message-ID"]] = self.refused.get(message["Message-ID"], 0) + 1
                self.lock.notify_all()
                return "451 4.3.0 try again later"
            self.accepted.append((list(envelope.rcpt_tos), message, session.ssl is not None,
                                  session.authenticated))
            self.lock.notify_all()
        return "250 2.0.0 queued"

    def wait(self, condition, what, timeout=30):
        with self.lock:
            done = self.lock.wait_for(lambda: condition(self), timeout=timeout)
        return check(bool(done), what)

    def to(self, address):
        with self.lock:
            return [message for recipients, message, *_ in self.accepted if address in recipients]


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok)


class Server(AgoraServer):
    def __init__(self, agora, work, relay_port, ca_file):
        super().__init__(agora, work, TOKEN)
        self.relay_port, self.ca_file = relay_port, ca_file

    def start(self, mail=True, trust_ca=True):
        arguments = ["--public-url", PUBLIC]
        if mail:
            arguments += ["--mail-smtp-host", "127.0.0.1", "--mail-smtp-port", str(self.relay_port),
                          "--mail-smtp-user", USER, "--mail-from", "programme@agora.example",
                          "--mail-from-name", "Agora Lëtzebuerg", "--mail-first-retry", "0.05", "--mail-timeout", "10"]
            if trust_ca:
                arguments += ["--mail-ca-file", self.ca_file]
        self.launch(arguments, {"AGORA_SMTP_PASSWORD": PASSWORD})

    def etag(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return response.headers["ETag"]

    def request(self, method, path, body=None, token=TOKEN, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json", **(headers or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def wait_log(self, text, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in Path(self.work, "server.log").read_text(errors="replace"):
                return True
            time.sleep(0.02)  # polling the log: the condition itself
        return False

    def wait_done(self, registration, timeout=30):
        """Until the outbox file holds a `done` record for the registration (its only evidence of the relay's 250)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in Path(self.data_dir, "mail.jsonl").read_text().splitlines():
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if record.get("op") == "done" and record.get("registration") == registration:
                    return True
            time.sleep(0.02)  # polling the file: the condition itself
        return False

    def register(self, event, name, address, language, slot=None):
        body = {"name": name, "email": address, "consent": True, "language": language}
        if slot:
            body["slotId"] = slot
        status, answer = self.request("POST", f"/events/{event}/registrations", body, token=None)
        check(status == 201, f"registered {address} ({status} {answer[:200]!r})")
        return json.loads(answer) if status == 201 else {}


EVENT = {
    "id": "journee-2030", "title": {"fr": "Journée sociale 2030", "de": "Sozialtag 2030"},
    "startsAt": "2030-06-15T09:00:00+02:00", "endsAt": "2030-06-15T17:00:00+02:00",
    "timeZone": "Europe/Luxembourg", "defaultLanguage": "fr",
    "registration": {"kind": "required", "capacity": 100},
    "programme": [
        {"id": "groupe-wohnen", "startsAt": "2030-06-15T10:00:00+02:00", "endsAt": "2030-06-15T12:00:00+02:00",
         "kind": "workingGroup", "title": {"fr": "Logement", "de": "Wohnen"}},
    ],
}
SMALL = {"id": "atelier-2030", "title": {"de": "Atelier 2030", "fr": "Atelier 2030"},
         "startsAt": "2030-07-01T14:00:00+02:00", "endsAt": "2030-07-01T16:00:00+02:00",
         "timeZone": "Europe/Luxembourg", "defaultLanguage": "de", "registration": {"kind": "required", "capacity": 1, "waitingList": {}}}


def text_and_invite(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    invites = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    return text, invites


def check_confirmation(message, receipt, language, subject, event_name, slot_name):
    check(message["Subject"] == subject, f"{language}: the subject decodes to {subject!r} ({message['Subject']!r})")
    check(message["Content-Language"] == language, f"{language}: Content-Language {language}")
    check(email.utils.parsedate_to_datetime(message["Date"]) is not None, f"{language}: a Date (RFC 5322 §3.3)")
    check(message["Message-ID"].startswith(f"<registration-{receipt['id']}-"),
          f"{language}: a Message-ID naming the registration")
    check(message["From"].addresses[0].display_name == "Agora Lëtzebuerg", f"{language}: the From name decodes")
    text, invites = text_and_invite(message)
    link = f"{PUBLIC}/cancel/{receipt['id']}#token={receipt['cancellationToken']}"
    check(link in text, f"{language}: the cancellation link with the token in the fragment")
    check("?token=" not in text, f"{language}: the token is in no query")
    check(event_name in text and slot_name in text, f"{language}: the event and the slot named")
    check(len(invites) == 1, f"{language}: one text/calendar part")
    if invites:
        part = invites[0]
        check(part.get_param("method") == "PUBLISH", f"{language}: its method parameter")
        calendar = icalendar.Calendar.from_ical(part.get_content())
        events = [component for component in calendar.walk("VEVENT")]
        check(str(calendar.get("METHOD")) == "PUBLISH" and len(events) >= 1, f"{language}: the invite parses with icalendar")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora", required=True)
    arguments = parser.parse_args()
    work = tempfile.mkdtemp(prefix="agora-mail-")
    ca_file, tls = make_certificate(work)
    relay = Relay()
    relay_port = free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=relay_port, tls_context=tls, require_starttls=True,
                            authenticator=authenticate, auth_require_tls=True, auth_exclude_mechanism=["CRAM-MD5"])
    controller.start()
    server = Server(arguments.agora, work, relay_port, ca_file)
    try:
        # Off by default: nothing queued, nothing sent, and nothing later for what happened while off.
        server.start(mail=False)
        check(server.request("POST", "/events", EVENT)[0] == 201, "created the event")
        check(server.request("POST", "/events", SMALL)[0] == 201, "created the small event")
        server.register("journee-2030", "Off Person", "off@example.lu", "de")
        check(not os.path.exists(os.path.join(server.data_dir, "mail.jsonl")), "no relay: no mail outbox at all")
        server.stop()

        # Without mailCaFile the test CA is not in the system store: the relay's certificate is refused, nothing is
        # submitted, and the message waits; trusted through mailCaFile after a restart, it goes once.
        server.start(trust_ca=False)
        de = server.register("journee-2030", "Jean Müller", "jean@example.lu", "de", slot="groupe-wohnen")
        check(server.wait_log("certificate not trusted"), "an untrusted relay certificate is refused (logged)")
        server.stop()
        check(not relay.accepted, "nothing submitted to a relay whose certificate was not verified")
        server.start()
        relay.wait(lambda r: r.to("jean@example.lu"), "the German registration's message arrived")
        check(not relay.to("off@example.lu"), "nothing sent for the registration made while mail was off")
        with relay.lock:
            recipients, message, was_tls, authenticated = relay.accepted[0]
        check(was_tls and authenticated, "submitted after STARTTLS and AUTH")
        check(len(relay.accepted) == 1, "one message for one registration")
        check_confirmation(message, de, "de", "Anmeldung bestätigt: Sozialtag 2030", "Sozialtag 2030", "Wohnen")
        check("=?utf-8?" in message.as_string().split("\n\n")[0], "the non-ASCII subject is an RFC 2047 encoded-word")

        fr = server.register("journee-2030", "Zoé Lefèvre", "zoe@example.lu", "fr", slot="groupe-wohnen")
        relay.wait(lambda r: r.to("zoe@example.lu"), "the French registration's message arrived")
        if relay.to("zoe@example.lu"):
            check_confirmation(relay.to("zoe@example.lu")[0], fr, "fr", "Inscription confirmée : Journée sociale 2030",
                               "Journée sociale 2030", "Logement")

        # Cancellation, and the waiting list's promotion.
        status, _ = server.request("DELETE", f"/registrations/{fr['id']}", token=fr["cancellationToken"])
        check(status == 204, f"cancelled ({status})")
        relay.wait(lambda r: len(r.to("zoe@example.lu")) == 2, "the cancellation's message arrived")
        if len(relay.to("zoe@example.lu")) == 2:
            check(relay.to("zoe@example.lu")[1]["Subject"] == "Désinscription confirmée : Journée sociale 2030",
                  "the cancellation's subject, in French")
        first = server.register("atelier-2030", "Anna First", "anna@example.lu", "de")
        server.register("atelier-2030", "Ben Second", "ben@example.lu", "en")
        relay.wait(lambda r: r.to("ben@example.lu"), "the waiting list's message arrived")
        check(relay.to("ben@example.lu") and relay.to("ben@example.lu")[0]["Subject"] == "Waiting list: Atelier 2030",
              "the waiting list's subject, in English")
        server.request("DELETE", f"/registrations/{first['id']}", token=first["cancellationToken"])
        relay.wait(lambda r: len(r.to("ben@example.lu")) == 2, "the promotion's message arrived")
        check(len(relay.to("ben@example.lu")) == 2 and relay.to("ben@example.lu")[1]["Subject"] == "A place is free: Atelier 2030",
              "the promotion's subject")
        # A raised capacity promotes too.
        server.register("atelier-2030", "Hana Waiting", "hana@example.lu", "lb")
        relay.wait(lambda r: r.to("hana@example.lu"), "Hana's waiting-list message arrived")
        check(relay.to("hana@example.lu") and relay.to("hana@example.lu")[0]["Subject"] == "Waardelëscht: Atelier 2030",
              "the waiting list's subject, in Luxembourgish")
        status, raised = server.request("PATCH", "/events/atelier-2030", {"registration": {"kind": "required", "capacity": 2, "waitingList": {}}},
                                        headers={"If-Match": server.etag("/events/atelier-2030"),
                                                 "Content-Type": "application/merge-patch+json"})
        check(status == 200, f"raised the capacity ({status} {raised[:200]!r})")
        relay.wait(lambda r: len(r.to("hana@example.lu")) == 2, "the raised capacity's promotion message arrived")

        # SIGKILL with a message owed (the relay answering 451), then a restart: sent exactly once.
        with relay.lock:
            relay.refuse = True
        owed = server.register("journee-2030", "Carla Owed", "carla@example.lu", "fr")
        relay.wait(lambda r: len(r.refused) >= 1, "the relay refused the message with 451 (queued)")
        server.kill()
        with relay.lock:
            relay.refuse = False
        server.start()
        dora = server.register("journee-2030", "Dora After", "dora@example.lu", "de")
        relay.wait(lambda r: r.to("dora@example.lu"), "a message after the restart arrived")
        check(len(relay.to("carla@example.lu")) == 1, "the message owed at SIGKILL was sent exactly once after the restart")
        if relay.to("carla@example.lu"):
            text, _ = text_and_invite(relay.to("carla@example.lu")[0])
            check(f"#token={owed['cancellationToken']}" in text, "the owed message kept its cancellation link")
        # Acknowledged mail is not sent again after another SIGKILL: once the outbox file has its `done` records (the
        # relay's 250 is written after the relay counted the message, so a kill before it may resend: at least once).
        check(server.wait_done(dora["id"]), "the outbox recorded the delivery as done")
        server.kill()
        server.start()
        server.register("journee-2030", "Emil Later", "emil@example.lu", "de")
        relay.wait(lambda r: r.to("emil@example.lu"), "a message after the second restart arrived")
        counts = {address: len(relay.to(address)) for address in ["carla@example.lu", "dora@example.lu", "jean@example.lu"]}
        check(set(counts.values()) == {1}, f"nothing acknowledged was sent again {counts}")

        # An erasure removes the person's queued mail.
        with relay.lock:
            relay.refuse = True
            relay.refused.clear()
        erased = server.register("journee-2030", "Fritz Erased", "fritz@example.lu", "de")
        relay.wait(lambda r: len(r.refused) >= 1, "the relay refused Fritz's message (queued)")
        status, _ = server.request("DELETE", f"/registrations/{erased['id']}/personal-data")
        check(status in (200, 204), f"erased the registration's personal data ({status})")
        outbox = Path(server.data_dir, "mail.jsonl").read_text()
        check("fritz@example.lu" not in outbox and "Fritz" not in outbox, "the erased person's mail is gone from the outbox file")
        with relay.lock:
            relay.refuse = False
        server.register("journee-2030", "Gina Last", "gina@example.lu", "de")
        relay.wait(lambda r: r.to("gina@example.lu"), "the next message arrived")
        check(not relay.to("fritz@example.lu"), "the erased person's message was never sent")
    finally:
        server.stop()
        controller.stop()
    print(f"{len(failures)} failed" if failures else "all mail checks passed", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
