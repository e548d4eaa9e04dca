"""The generated-client step of `make contract-test` (issue 10): front-end teams consume the API through a client
generated from the served `GET /openapi.json`, so the contract test does the same. openapi-python-client (pinned in
requirements.txt) generates a client into a temp dir, unchanged (no hand-fixing of generated code), and this drives
the flows a front end uses through it against the real server: list, filter, get (both JSON shapes), programme, a
page of partners, problems (404 and 422 parsed as problems), one admin write, register, replay (same
`Idempotency-Key`), cancel. Every model it parses must have no `additional_properties`: a member the server sends that
the spec does not declare is a finding (issue 10 item 6).

It also replays after a restart of the server (the receipt then has no `cancellationToken`: the token is never stored
in clear) and after the cancellation (the replay reports the current status), and reads a 422 in German.
"""
import importlib
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

PACKAGE = "agora_client"


def fail(message):
    print(f"contract: FAIL: generated client: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def generate(base, work, venv_bin):
    """Generates the client from what the server serves (not from the file), so the step tests the served bytes."""
    with urllib.request.urlopen(f"{base}/openapi.json", timeout=10) as response:
        document = response.read()
    json.loads(document)  # the served document is JSON
    spec_path = os.path.join(work, "served-openapi.json")
    with open(spec_path, "wb") as handle:
        handle.write(document)
    target = os.path.join(work, "client", PACKAGE)
    # PATH: the generator formats what it writes with ruff, installed beside it in the venv.
    environment = dict(os.environ, PATH=f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run([str(Path(venv_bin) / "openapi-python-client"), "generate", "--path", spec_path,
                             "--meta", "none", "--output-path", target],
                            capture_output=True, text=True, timeout=300, env=environment, cwd=work,
                            stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        fail(f"openapi-python-client exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    # The warnings we expect: media types a JSON client has no use for — the YAML document's, and the XML spelling of
    # the conference schedule (its JSON spelling, schedule.json, is in the client).
    expected = ("application/yaml", "application/vnd.c3voc.schedule+xml")
    warnings = [line for line in (result.stdout + result.stderr).splitlines()
                if line.startswith("Cannot parse") and not any(media_type in line for media_type in expected)]
    if warnings:
        fail("the generator could not use parts of the spec:\n  " + "\n  ".join(warnings))
    sys.path.insert(0, os.path.join(work, "client"))
    return importlib.import_module(PACKAGE)


def undeclared_members(value, where="body"):
    """Every member a parsed model holds in `additional_properties` that its schema does not declare. Maps (a
    `LocalizedText`: language → text) are all additional properties by design, so a model without declared fields is
    one and is skipped."""
    import attrs

    found = []
    if isinstance(value, list):
        for index, item in enumerate(value):
            found += undeclared_members(item, f"{where}[{index}]")
    elif attrs.has(type(value)):
        declared = [field.name for field in attrs.fields(type(value)) if field.name != "additional_properties"]
        extra = getattr(value, "additional_properties", {})
        if declared and extra:
            found.append(f"{where} ({type(value).__name__}): {sorted(extra)}")
        for name in declared:
            found += undeclared_members(getattr(value, name), f"{where}.{name}")
    return found


def parsed(response, status, kind, what):
    check(response.status_code == status,
          f"{what}: status {response.status_code}, expected {status}: {response.content[:300]!r}")
    check(isinstance(response.parsed, kind),
          f"{what}: parsed as {type(response.parsed).__name__}, expected {kind.__name__}: {response.content[:300]!r}")
    extra = undeclared_members(response.parsed)
    check(not extra, f"{what}: members the server sends that the spec does not declare:\n  " + "\n  ".join(extra))
    return response.parsed


def run(base, token, work, venv_bin, restart):
    client_module = generate(base, work, venv_bin)
    api = importlib.import_module(f"{PACKAGE}.api")
    models = importlib.import_module(f"{PACKAGE}.models")
    events = importlib.import_module(f"{PACKAGE}.api.events")
    programme = importlib.import_module(f"{PACKAGE}.api.programme")
    partners = importlib.import_module(f"{PACKAGE}.api.partners")
    registrations = importlib.import_module(f"{PACKAGE}.api.registrations")
    admin = importlib.import_module(f"{PACKAGE}.api.admin")
    for name in ("list_events", "get_event", "get_event_programme"):
        importlib.import_module(f"{events.__name__}.{name}")
    importlib.import_module(f"{programme.__name__}.list_programme")
    importlib.import_module(f"{partners.__name__}.list_partners")
    importlib.import_module(f"{registrations.__name__}.register")
    importlib.import_module(f"{registrations.__name__}.cancel_registration")
    for name in ("create_partner", "create_event", "get_registration"):
        importlib.import_module(f"{admin.__name__}.{name}")
    del api

    public = client_module.Client(base_url=base, raise_on_unexpected_status=True)
    editor = client_module.AuthenticatedClient(base_url=base, token=token, raise_on_unexpected_status=True)

    # List and filter. Item 2: a generated client sends a parameter's default on every call, so `past` has none;
    # a range with `past` absent includes past events.
    listed = parsed(events.list_events.sync_detailed(client=public, past=True), 200, models.EventList, "list")
    check([event.id for event in listed.items] == ["quattropole-2017", "assises-sociales-2025"], f"list: {listed.items}")
    ranged = parsed(events.list_events.sync_detailed(client=public, from_="2017-01-01", to="2025-12-31"), 200,
                    models.EventList, "list_events(from=2017-01-01, to=2025-12-31)")
    check(len(ranged.items) == 2, f"a range includes past events (issue 10 item 2): {ranged.items}")
    found = parsed(events.list_events.sync_detailed(client=public, q="Zuwanderung", past=True), 200,
                   models.EventList, "filter q")
    check([event.id for event in found.items] == ["quattropole-2017"], f"filter: {found.items}")

    # Get, in both shapes (item 5): a browser's Accept-Language does not change the shape; ?lang does.
    browser = events.get_event.sync_detailed("assises-sociales-2025", client=public, accept_language="fr, de;q=0.8")
    event = parsed(browser, 200, models.Event, "get (Accept-Language, no lang)")
    check(isinstance(event.title, models.LocalizedText) and event.title["fr"] == "Assises sociales",
          f"get without lang: title {event.title!r}")
    check("accept-language" not in browser.headers.get("vary", "").lower(), f"Vary: {browser.headers.get('vary')}")
    french = events.get_event.sync_detailed("assises-sociales-2025", client=public, lang="fr")
    event = parsed(french, 200, models.EventInLanguage, "get lang=fr")
    check(event.title == "Assises sociales" and french.headers.get("content-language", "").startswith("fr"),
          f"get lang=fr: {event.title!r}, Content-Language {french.headers.get('content-language')}")
    negotiated = events.get_event.sync_detailed("assises-sociales-2025", client=public, lang="auto",
                                                accept_language="de")
    event = parsed(negotiated, 200, models.EventInLanguage, "get lang=auto")
    check(event.theme == "Sozialer Sektor: Finanzen und Sicherheit", f"get lang=auto: theme {event.theme!r}")
    check("accept-language" in negotiated.headers.get("vary", "").lower(), f"Vary: {negotiated.headers.get('vary')}")

    # Programme: the event's, across events, in the organiser's order.
    slots = parsed(events.get_event_programme.sync_detailed("quattropole-2017", client=public), 200,
                   models.EventProgramme, "programme")
    check([track.track for track in slots.tracks][1:] == ["beschaeftigung", "bildung", "stadtteilintegration"],
          f"programme tracks: {[track.track for track in slots.tracks]}")
    across = parsed(programme.list_programme.sync_detailed(client=public, event="quattropole-2017", track="bildung",
                                                           lang="fr"),
                    200, models.ProgrammeListInLanguage, "programme across events")
    check([slot.id for slot in across.items] == ["arbeitsgruppe-bildung"], f"programme filter: {across.items}")

    # A page of partners (item 7), followed through its next link's cursor.
    page = parsed(partners.list_partners.sync_detailed(client=public, limit=5), 200, models.PartnerList, "partners")
    check(len(page.items) == 5 and isinstance(page.next_, str), f"partners page: {len(page.items)}, {page.next_!r}")
    cursor = page.next_.split("cursor=")[-1]
    second = parsed(partners.list_partners.sync_detailed(client=public, limit=5, cursor=cursor), 200,
                    models.PartnerList, "partners page 2")
    check(not {p.id for p in page.items} & {p.id for p in second.items}, "pages overlap")

    # Problems.
    missing = parsed(events.get_event.sync_detailed("no-such-event", client=public), 404, models.Problem, "404")
    check(missing.status == 404 and "no-such-event" in (missing.detail or ""), f"404: {missing}")

    # One admin write: a partner; then the event the registration needs (registration required, in the future).
    partner = parsed(admin.create_partner.sync_detailed(client=editor, body=models.PartnerInput(
        name="Contract Client Association", kind=models.PartnerInputKindType0.ASSOCIATION)), 201, models.PartnerDetail,
        "create partner")
    check(partner.id == "contract-client-association", f"created partner id {partner.id}")
    import datetime
    zone = datetime.timezone(datetime.timedelta(hours=2))
    created = parsed(admin.create_event.sync_detailed(client=editor, body=models.NewEvent(
        id="contract-client-2030", title=models.LocalizedTextInput.from_dict({"de": "Vertragstest"}),
        starts_at=datetime.datetime(2030, 6, 1, 9, 0, tzinfo=zone),
        ends_at=datetime.datetime(2030, 6, 1, 17, 0, tzinfo=zone), time_zone="Europe/Luxembourg",
        default_language="de", registration=models.RegistrationPolicy(kind=models.RegistrationPolicyKind.REQUIRED,
                                                                      capacity=10),
        partner_ids=[partner.id])), 201, models.Event, "create event")
    check(created.id == "contract-client-2030", f"created event {created.id}")

    # Register, replay with the same Idempotency-Key, a 422, cancel.
    request = models.RegistrationRequest(name="Marie Schmit", email="marie.schmit@example.lu", consent=True,
                                         language="fr")
    key = "contract-client-registration-1"
    first = registrations.register.sync_detailed("contract-client-2030", client=public, body=request,
                                                 idempotency_key=key)
    receipt = parsed(first, 201, models.RegistrationReceipt, "register")
    check(str(receipt.status) == "confirmed" and receipt.cancellation_token, f"register: {receipt}")
    replay = registrations.register.sync_detailed("contract-client-2030", client=public, body=request,
                                                  idempotency_key=key)
    replayed = parsed(replay, 201, models.RegistrationReceipt, "replay")
    check(replay.headers.get("idempotent-replayed") == "true" and replayed.id == receipt.id,
          f"replay: {replay.headers.get('idempotent-replayed')}, {replayed.id} vs {receipt.id}")
    invalid = registrations.register.sync_detailed("contract-client-2030", client=public, body=models.RegistrationRequest(
        name="Marie Schmit", email="not-an-address", consent=True))
    problem = parsed(invalid, 422, models.Problem, "422")
    check([error.pointer for error in problem.errors] == ["/email"], f"422 pointers: {problem.errors}")
    german = public.with_headers({"Accept-Language": "de"})
    localized = registrations.register.sync_detailed("contract-client-2030", client=german, body=models.RegistrationRequest(
        name="Marie Schmit", email="not-an-address", consent=True))
    localized_problem = parsed(localized, 422, models.Problem, "422 in German")
    check(localized.headers.get("content-language") == "de" and localized_problem.title != problem.title,
          f"422 with Accept-Language: de: {localized.headers.get('content-language')}, {localized_problem.title!r}")

    # After a restart the in-memory answer is gone: the replay still parses, without the token.
    restart()
    after_restart = registrations.register.sync_detailed("contract-client-2030", client=public, body=request,
                                                         idempotency_key=key)
    restarted = parsed(after_restart, 201, models.RegistrationReceipt, "replay after a restart")
    unset = importlib.import_module(f"{PACKAGE}.types").Unset
    check(restarted.id == receipt.id and str(restarted.status) == "confirmed"
          and isinstance(restarted.cancellation_token, unset),
          f"replay after a restart: {restarted}")

    holder = client_module.AuthenticatedClient(base_url=base, token=receipt.cancellation_token,
                                               raise_on_unexpected_status=True)
    cancelled = registrations.cancel_registration.sync_detailed(receipt.id, client=holder)
    check(cancelled.status_code == 204, f"cancel: {cancelled.status_code} {cancelled.content[:200]!r}")
    record = parsed(admin.get_registration.sync_detailed(receipt.id, client=editor), 200, models.Registration,
                    "get registration")
    check(str(record.status) == "cancelled", f"after cancel: {record.status}")
    # A replay never contradicts the current state.
    late = registrations.register.sync_detailed("contract-client-2030", client=public, body=request, idempotency_key=key)
    late_receipt = parsed(late, 201, models.RegistrationReceipt, "replay after the cancellation")
    check(str(late_receipt.status) == "cancelled" and late.headers.get("idempotent-replayed") == "true",
          f"replay after the cancellation: {late_receipt.status}")
    print("contract: the generated client (openapi-python-client) drove list, filter, get in both shapes, programme, "
          "partner pages, 404/422 problems (one in German), an admin write, register, replay, a replay after a restart, "
          "cancel and a replay after it")
