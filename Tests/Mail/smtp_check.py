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
erasure removes the person's queued message from the outbox file and it is never sent; the promotion's message
carries the waiting-list message's cancellation link, and that link cancels the registration through the API; the
cancellation's message says it is cancelled in de, fr, lb and en, its invite STATUS:CANCELLED; mail queued for a
deleted event is dropped (off the disk at once) and never sent; mail queued for a cancelled event is replaced by the
event's cancellation notice. Then other relays and programs: AUTH PLAIN (the main relay) and AUTH LOGIN (a relay
offering only LOGIN); `mailSmtpStartTls=false` against a relay without TLS (and refused at start with a user); and
`mailSendmail` with a program this script writes that keeps each message in a file (parsed with `email`), answering
EX_TEMPFAIL (75) once first: retried, delivered once.
"""
import argparse
import email
import email.policy
import email.utils
import json
import logging
import os
import re
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
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
        self.refused_subjects = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            if self.refuse:
                self.refused[message["Message-ID"]] = self.refused.get(message["Message-ID"], 0) + 1
                self.refused_subjects.append(str(message["Subject"]))
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


mechanisms = []  # the AUTH mechanism of every successful login, in order


def authenticate(server, session, envelope, mechanism, auth_data):
    mechanisms.append(mechanism)
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok)


class Server(AgoraServer):
    def __init__(self, agora, work, relay_port, ca_file):
        super().__init__(agora, work, TOKEN)
        self.relay_port, self.ca_file = relay_port, ca_file

    def start(self, mail=True, trust_ca=True):
        arguments = ["--public-url", PUBLIC, "--registration-rate-per-minute", "0"]
        if mail:
            arguments += ["--mail-smtp-host", "127.0.0.1", "--mail-smtp-port", str(self.relay_port),
                          "--mail-smtp-user", USER, "--mail-from", "programme@agora.example",
                          "--mail-from-name", "Agora Lëtzebuerg", "--mail-first-retry", "0.05", "--mail-timeout", "10"]
            if trust_ca:
                arguments += ["--mail-ca-file", self.ca_file]
        self.launch(arguments, {"AGORA_SMTP_PASSWORD": PASSWORD})

    def start_with(self, arguments, environment=None):
        """Mail through another relay or program: `arguments` after the common ones."""
        self.launch(["--public-url", PUBLIC, "--registration-rate-per-minute", "0", "--mail-from", "programme@agora.example",
                     "--mail-from-name", "Agora Lëtzebuerg", "--mail-first-retry", "0.05", "--mail-timeout", "10", *arguments], environment)

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


DOOMED = {"id": "doomed-2030", "title": {"de": "Gestrichen 2030"}, "startsAt": "2030-08-01T14:00:00+02:00",
          "endsAt": "2030-08-01T16:00:00+02:00", "timeZone": "Europe/Luxembourg", "defaultLanguage": "de",
          "registration": {"kind": "required", "capacity": 10}}
CALLED_OFF = {"id": "called-off-2030", "title": {"fr": "Atelier annulé", "en": "Atelier annulé"},
              "startsAt": "2030-09-01T14:00:00+02:00", "endsAt": "2030-09-01T16:00:00+02:00", "timeZone": "Europe/Luxembourg",
              "defaultLanguage": "fr", "registration": {"kind": "required", "capacity": 1, "waitingList": {}}}
# Acts as `sendmail -i -t`: the first run answers EX_TEMPFAIL (sysexits.h) and leaves a mark; later runs keep the
# message from standard input in a file of its own (written aside, then renamed: a reader sees it whole).
SENDMAIL = """#!/bin/sh
if [ ! -e OUT/tempfail ]; then : > OUT/tempfail; cat > /dev/null; exit 75; fi
out=OUT/message-$$.eml
cat > "$out.part" && echo "$*" > "$out.args" && mv "$out.part" "$out"
"""


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


CANCELLED_TEXT = {"de": "ist storniert", "fr": "est annulée", "lb": "ass annuléiert", "en": "is cancelled"}


def cancellation_link(message, registration):
    """The link to `registration`'s cancellation page in the message's text, and the token in its fragment."""
    text, _ = text_and_invite(message)
    found = re.search(re.escape(f"{PUBLIC}/cancel/{registration}#") + r"\S+", text)
    if not found:
        return None, None
    fragment = urllib.parse.urlsplit(found.group(0)).fragment
    return found.group(0), urllib.parse.parse_qs(fragment).get("token", [None])[0]


def invite_statuses(message):
    _, invites = text_and_invite(message)
    if len(invites) != 1:
        return []
    calendar = icalendar.Calendar.from_ical(invites[0].get_content())
    return [str(component.get("STATUS")) for component in calendar.walk("VEVENT")]


def check_cancellation(message, language):
    text, _ = text_and_invite(message)
    check(CANCELLED_TEXT[language] in text, f"{language}: the cancellation's message says it is cancelled "
                                            f"({CANCELLED_TEXT[language]!r})")
    check("/cancel/" not in text, f"{language}: the cancellation's message carries no link")
    statuses = invite_statuses(message)
    check(statuses and set(statuses) == {"CANCELLED"}, f"{language}: its invite's VEVENTs are CANCELLED ({statuses})")


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
        ben = server.register("atelier-2030", "Ben Second", "ben@example.lu", "en")
        relay.wait(lambda r: r.to("ben@example.lu"), "the waiting list's message arrived")
        check(relay.to("ben@example.lu") and relay.to("ben@example.lu")[0]["Subject"] == "Waiting list: Atelier 2030",
              "the waiting list's subject, in English")
        server.request("DELETE", f"/registrations/{first['id']}", token=first["cancellationToken"])
        relay.wait(lambda r: len(r.to("ben@example.lu")) == 2, "the promotion's message arrived")
        check(len(relay.to("ben@example.lu")) == 2 and relay.to("ben@example.lu")[1]["Subject"] == "A place is free: Atelier 2030",
              "the promotion's subject")
        relay.wait(lambda r: len(r.to("anna@example.lu")) == 2, "Anna's cancellation's message arrived")
        if len(relay.to("anna@example.lu")) == 2:
            check(relay.to("anna@example.lu")[1]["Subject"] == "Abmeldung bestätigt: Atelier 2030", "the cancellation's subject, in German")
            check_cancellation(relay.to("anna@example.lu")[1], "de")
        if len(relay.to("zoe@example.lu")) == 2:
            check_cancellation(relay.to("zoe@example.lu")[1], "fr")
        # A raised capacity promotes too.
        hana = server.register("atelier-2030", "Hana Waiting", "hana@example.lu", "lb")
        relay.wait(lambda r: r.to("hana@example.lu"), "Hana's waiting-list message arrived")
        check(relay.to("hana@example.lu") and relay.to("hana@example.lu")[0]["Subject"] == "Waardelëscht: Atelier 2030",
              "the waiting list's subject, in Luxembourgish")
        status, raised = server.request("PATCH", "/events/atelier-2030", {"registration": {"kind": "required", "capacity": 2, "waitingList": {}}},
                                        headers={"If-Match": server.etag("/events/atelier-2030"),
                                                 "Content-Type": "application/merge-patch+json"})
        check(status == 200, f"raised the capacity ({status} {raised[:200]!r})")
        relay.wait(lambda r: len(r.to("hana@example.lu")) == 2, "the raised capacity's promotion message arrived")

        # The promotion's message carries the waiting-list message's link, and that link cancels the registration
        # through the API as the front-end's page does (the token from the fragment, as a bearer token).
        for receipt, address, language in [(ben, "ben@example.lu", "en"), (hana, "hana@example.lu", "lb")]:
            messages = relay.to(address)
            if len(messages) != 2:
                continue
            waiting_link, _ = cancellation_link(messages[0], receipt["id"])
            link, token = cancellation_link(messages[1], receipt["id"])
            check(link is not None and link == waiting_link,
                  f"{language}: the promotion carries the waiting-list message's cancellation link ({link})")
            check(token == receipt.get("cancellationToken"), f"{language}: its token is the one the 201 showed")
            status, answer = server.request("DELETE", f"/registrations/{receipt['id']}", token=token)
            check(status == 204, f"{language}: the promotion's link cancelled the registration ({status} {answer[:200]!r})")
            status, answer = server.request("GET", f"/registrations/{receipt['id']}")
            check(status == 200 and json.loads(answer).get("status") == "cancelled",
                  f"{language}: the registration reads back cancelled ({status})")
            relay.wait(lambda r, address=address: len(r.to(address)) == 3, f"{language}: the cancellation's message arrived")
            if len(relay.to(address)) == 3:
                check_cancellation(relay.to(address)[2], language)

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

        # Mail owed for the registrations of an event that is deleted, or cancelled, before it went out.
        for event in (DOOMED, CALLED_OFF):
            check(server.request("POST", "/events", event)[0] == 201, f"created {event['id']}")
        with relay.lock:
            relay.refuse = True
            relay.refused.clear()
        karl = server.register("doomed-2030", "Karl Deleted", "karl@example.lu", "de")
        server.register("called-off-2030", "Léa Annulée", "lea@example.lu", "fr")
        server.register("called-off-2030", "Max Waiting", "max@example.lu", "en")
        relay.wait(lambda r: len(r.refused) >= 1, "the relay refused the first of them (all queued)")
        status, answer = server.request("DELETE", "/events/doomed-2030", headers={"If-Match": server.etag("/events/doomed-2030")})
        check(status == 204, f"deleted the event ({status} {answer[:200]!r})")
        outbox = Path(server.data_dir, "mail.jsonl").read_text()
        check("karl@example.lu" not in outbox and karl.get("cancellationToken", "?") not in outbox,
              "the deleted event's registrations' mail is gone from the outbox file")
        status, answer = server.request("PATCH", "/events/called-off-2030", {"status": "cancelled"},
                                        headers={"If-Match": server.etag("/events/called-off-2030"),
                                                 "Content-Type": "application/merge-patch+json"})
        check(status == 200, f"cancelled the event ({status} {answer[:200]!r})")
        # Deliveries are one at a time: once a notice was refused, no attempt of an older message is still on its
        # way (one the relay took before it was dropped could not be recalled: the relay has it).
        relay.wait(lambda r: any(subject.startswith(("Annulé", "Cancelled:")) for subject in r.refused_subjects),
                   "the relay refused a notice (no older attempt in flight)")
        with relay.lock:
            relay.refuse = False
        server.register("journee-2030", "Nora Final", "nora@example.lu", "de")
        relay.wait(lambda r: r.to("nora@example.lu") and r.to("lea@example.lu") and r.to("max@example.lu"),
                   "the next message and the cancelled event's notices arrived")
        check(not relay.to("karl@example.lu"), "nothing was sent for the deleted event")
        for address, subject, text in [("lea@example.lu", "Annulé : Atelier annulé", "est annulé"),
                                       ("max@example.lu", "Cancelled: Atelier annulé", "has been cancelled")]:
            messages = relay.to(address)
            check(len(messages) == 1, f"{address}: one message, the notice instead of the confirmation ({len(messages)})")
            if messages:
                body, _ = text_and_invite(messages[0])
                check(messages[0]["Subject"] == subject and text in body, f"{address}: the event's cancellation notice "
                      f"({messages[0]['Subject']!r})")
                statuses = invite_statuses(messages[0])
                check(statuses and set(statuses) == {"CANCELLED"}, f"{address}: its invite is CANCELLED ({statuses})")
        server.stop()

        # AUTH PLAIN is what the main relay (offering PLAIN and LOGIN) got; a relay offering only LOGIN gets LOGIN.
        check(mechanisms and set(mechanisms) == {"PLAIN"}, f"AUTH PLAIN at the relay offering PLAIN and LOGIN ({set(mechanisms)})")
        mechanisms.clear()
        login_relay, login_port = Relay(), free_port()
        login = Controller(login_relay, hostname="127.0.0.1", port=login_port, tls_context=tls, require_starttls=True,
                           authenticator=authenticate, auth_require_tls=True, auth_exclude_mechanism=["CRAM-MD5", "PLAIN"])
        login.start()
        try:
            server.start_with(["--mail-smtp-host", "127.0.0.1", "--mail-smtp-port", str(login_port), "--mail-smtp-user", USER,
                               "--mail-ca-file", ca_file], {"AGORA_SMTP_PASSWORD": PASSWORD})
            server.register("journee-2030", "Olga Login", "olga@example.lu", "de")
            login_relay.wait(lambda r: r.to("olga@example.lu"), "AUTH LOGIN: the message arrived")
            with login_relay.lock:
                accepted = list(login_relay.accepted)
            check(accepted and accepted[0][2] and accepted[0][3], "AUTH LOGIN: after STARTTLS, authenticated")
            check(mechanisms == ["LOGIN"], f"AUTH LOGIN: the mechanism ({mechanisms})")
            server.stop()
        finally:
            login.stop()

        # mailSmtpStartTls=false: a relay on this machine without TLS, no AUTH; with a user it does not start.
        plain_relay, plain_port = Relay(), free_port()
        plain = Controller(plain_relay, hostname="127.0.0.1", port=plain_port)
        plain.start()
        try:
            server.start_with(["--mail-smtp-host", "127.0.0.1", "--mail-smtp-port", str(plain_port), "--no-mail-smtp-start-tls"])
            server.register("journee-2030", "Paul Plain", "paul@example.lu", "fr")
            plain_relay.wait(lambda r: r.to("paul@example.lu"), "no STARTTLS: the message arrived")
            with plain_relay.lock:
                accepted = list(plain_relay.accepted)
            check(accepted and not accepted[0][2] and not accepted[0][3], "no STARTTLS: in clear, without AUTH")
            check(accepted and accepted[0][1]["Subject"] == "Inscription confirmée : Journée sociale 2030",
                  "no STARTTLS: the French subject")
            server.stop()
        finally:
            plain.stop()
        refused = subprocess.run([arguments.agora, "serve", "--port", "0", "--data-dir", os.path.join(work, "refused"),
                                  "--config", str(Path(__file__).resolve().parents[2] / "Config" / "agora.json"),
                                  "--mail-smtp-host", "127.0.0.1", "--no-mail-smtp-start-tls", "--mail-smtp-user", USER],
                                 env=dict(os.environ, AGORA_SMTP_PASSWORD=PASSWORD, AGORA_ADMIN_TOKEN=TOKEN),
                                 capture_output=True, text=True, timeout=60)
        check(refused.returncode == 2 and "mailSmtpStartTls" in refused.stdout + refused.stderr,
              f"a user without STARTTLS stops the server at start (status {refused.returncode})")

        # mailSendmail: a program run as `PROGRAM -i -t` that keeps each message in a file; its first run answers
        # EX_TEMPFAIL (75), so the message is retried, then delivered once.
        outgoing = Path(work, "sendmail-out")
        outgoing.mkdir()
        program = Path(work, "sendmail")
        program.write_text(SENDMAIL.replace("OUT", str(outgoing)))
        program.chmod(0o755)
        server.start_with(["--mail-sendmail", str(program)])
        quinn = server.register("journee-2030", "Quinn Sendmail", "quinn@example.lu", "en")
        deadline = time.monotonic() + 30
        while not list(outgoing.glob("*.eml")) and time.monotonic() < deadline:
            time.sleep(0.02)  # polling the program's output directory: the condition itself
        check(server.wait_done(quinn.get("id", "?")), "sendmail: the outbox recorded the delivery as done")
        server.stop()
        kept = sorted(outgoing.glob("*.eml"))
        check(Path(outgoing, "tempfail").exists(), "sendmail: the first run answered EX_TEMPFAIL")
        check(len(kept) == 1, f"sendmail: one message after the retry ({len(kept)})")
        if kept:
            check(Path(str(kept[0]) + ".args").read_text().split() == ["-i", "-t"], "sendmail: run as PROGRAM -i -t")
            raw = kept[0].read_bytes()
            check(b"\r\n" not in raw, "sendmail: LF line ends on its standard input")
            message = email.message_from_bytes(raw, policy=email.policy.default)
            check(message["To"].addresses[0].addr_spec == "quinn@example.lu", "sendmail: To (recipients from the headers, -t)")
            check_confirmation(message, quinn, "en", "Registration confirmed: Journée sociale 2030", "Journée sociale 2030", "")
    finally:
        server.stop()
        controller.stop()
    print(f"{len(failures)} failed" if failures else "all mail checks passed", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
