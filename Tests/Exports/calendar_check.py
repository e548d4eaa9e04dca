#!/usr/bin/env python3
"""Issue 11: every iCalendar feed the real debug binary serves, parsed by two independent parsers (Python's
`icalendar` and `vobject`), never by our own code.

  calendar_check.py --agora .build/debug/agora

Starts `agora serve` on a free port with a seeded temp data dir and a test admin token, then checks: the feeds parse
with both parsers, have CRLF line ends and lines of at most 75 octets that are each valid UTF-8; times and zones (the
09:15 Luxembourg talk is 08:15Z on 2025-11-20, the 10:00 QuattroPole opening in Metz 09:00Z on 2017-11-22); every
speaker, role and organisation; accents; breaks, meals and receptions; filtered feeds (track=, lang=) hold only what
they should; Accept: text/calendar gives the .ics bytes; ETag, 304, HEAD, Cache-Control, CORS; a slot moved through the
admin API changes its SEQUENCE, LAST-MODIFIED and the ETag and no other slot's SEQUENCE; a restart changes nothing; a
cancelled event keeps its UIDs with STATUS:CANCELLED; a registration's .ics needs its token.
"""
import argparse
import datetime
import json
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import icalendar
import vobject

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Support"))
from agora_server import ROOT, AgoraServer  # noqa: E402

TOKEN = "calendar-check-admin-token-0123456789abcdef"
UTC = datetime.timezone.utc
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL {message}", flush=True)
    return condition


class Server(AgoraServer):
    def __init__(self, agora, work):
        super().__init__(agora, work, TOKEN)

    def start(self):
        self.launch()

    def request(self, method, path, headers=None, body=None):
        data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers.items()), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers.items()), error.read()

    def get(self, path, headers=None):
        return self.request("GET", path, headers)

    def admin(self, method, path, body, headers=None, content_type="application/json"):
        all_headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": content_type}
        all_headers.update(headers or {})
        return self.request(method, path, all_headers, body)


def lines_are_well_formed(name, data):
    """RFC 5545 §3.1: CRLF after every line, at most 75 octets each, a fold never inside a UTF-8 sequence."""
    check(data.endswith(b"\r\n"), f"{name}: ends with CRLF")
    physical = data.split(b"\r\n")[:-1]
    check(b"\n" not in data.replace(b"\r\n", b""), f"{name}: no bare LF")
    for number, line in enumerate(physical, 1):
        if not check(len(line) <= 75, f"{name}: line {number} has {len(line)} octets"):
            break
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            check(False, f"{name}: line {number} is not UTF-8 on its own (a fold split a sequence)")
            break


def parse(name, data):
    """Both parsers; returns {uid: icalendar VEVENT} after checking vobject agrees on the UIDs and start times."""
    lines_are_well_formed(name, data)
    calendar = icalendar.Calendar.from_ical(data)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    check(len(events) == len(calendar.walk("VEVENT")), f"{name}: UIDs are unique")
    # vobject keeps every VTIMEZONE it read in one process-wide table by TZID and prefers the first: a feed of 2025
    # would then lend its Europe/Luxembourg (with 2025's changes only) to a feed of 2030. Each feed is a document of
    # its own, as a calendar app reads it, so the table is emptied before each.
    vars(vobject.icalendar)["__tzidMap"].clear()
    parsed = vobject.readOne(data.decode("utf-8"))
    other = {component.uid.value: component for component in parsed.vevent_list} if hasattr(parsed, "vevent_list") else {}
    check(set(other) == set(events), f"{name}: vobject finds the same UIDs as icalendar")
    for uid, event in events.items():
        start = event.decoded("DTSTART").astimezone(UTC)
        if uid in other:
            check(other[uid].dtstart.value.astimezone(UTC) == start, f"{name}: {uid}: both parsers read one start")
            check(other[uid].dtend.value.astimezone(UTC) == event.decoded("DTEND").astimezone(UTC),
                  f"{name}: {uid}: both parsers read one end")
        check(event.decoded("DTEND") > event.decoded("DTSTART"), f"{name}: {uid}: ends after it starts")
    check(str(calendar.get("VERSION")) == "2.0", f"{name}: VERSION:2.0")
    for member in ["PRODID", "NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"]:
        check(member in calendar, f"{name}: has {member}")
    return calendar, events


def text(event, name):
    value = event.get(name)
    return str(value) if value is not None else ""


def slot_uid(slot, event_id):
    return f"{slot}.{event_id}@agora"


def check_public_feed_mechanics(server, path, cors_origin="https://example.org"):
    status, headers, body = server.get(path)
    check(status == 200, f"{path}: 200 (got {status})")
    check(headers.get("Content-Type") == "text/calendar; charset=utf-8", f"{path}: Content-Type")
    etag = headers.get("ETag", "")
    check(etag.startswith('"') and not etag.startswith("W/"), f"{path}: a strong ETag")
    check(headers.get("Cache-Control", "").startswith("public, max-age="), f"{path}: Cache-Control")
    again, _, nothing = server.get(path, {"If-None-Match": etag})
    check(again == 304 and nothing == b"", f"{path}: 304 on If-None-Match")
    head_status, head_headers, head_body = server.request("HEAD", path)
    check(head_status == 200 and head_body == b"" and head_headers.get("ETag") == etag, f"{path}: HEAD")
    _, cors, _ = server.get(path, {"Origin": cors_origin})
    _, json_cors, _ = server.get("/events?past=true", {"Origin": cors_origin})
    check(cors.get("Access-Control-Allow-Origin") == json_cors.get("Access-Control-Allow-Origin") is not None,
          f"{path}: CORS like every public GET")
    return body, etag


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora", default=str(ROOT / ".build" / "debug" / "agora"))
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="agora-calendar-check-") as work:
        server = Server(arguments.agora, work)
        server.start()
        try:
            run(server)
        finally:
            server.stop()
    if failures:
        sys.exit(f"calendar check: {len(failures)} failure(s)")
    print("calendar check: every feed parsed by icalendar and vobject, all checks passed")


def run(server):
    assises_path = "/events/assises-sociales-2025/calendar.ics"
    quattro_path = "/events/quattropole-2017/calendar.ics"
    assises_body, assises_etag = check_public_feed_mechanics(server, assises_path)
    quattro_body, _ = check_public_feed_mechanics(server, quattro_path)
    check_public_feed_mechanics(server, "/programme.ics?past=true")
    _, assises = parse(assises_path, assises_body)
    quattro_calendar, quattro = parse(quattro_path, quattro_body)

    # Times and zones, through the VTIMEZONE the feed carries (both parsers agreed above).
    talk = assises[slot_uid("criminalite-economique-et-financiere", "assises-sociales-2025")]
    check(talk.decoded("DTSTART").astimezone(UTC) == datetime.datetime(2025, 11, 20, 8, 15, tzinfo=UTC),
          "the 09:15 Luxembourg talk is 08:15Z on 2025-11-20")
    check(talk["DTSTART"].params.get("TZID") == "Europe/Luxembourg", "DTSTART;TZID=Europe/Luxembourg")
    opening = quattro[slot_uid("eroeffnung", "quattropole-2017")]
    check(opening.decoded("DTSTART").astimezone(UTC) == datetime.datetime(2017, 11, 22, 9, 0, tzinfo=UTC),
          "the QuattroPole 10:00 opening in Metz is 09:00Z on 2017-11-22")
    zones = {str(zone["TZID"]) for zone in quattro_calendar.walk("VTIMEZONE")}
    check(zones == {"Europe/Paris"}, f"a VTIMEZONE for Europe/Paris (got {zones})")
    check(assises_body.count(b"BEGIN:VTIMEZONE") == 1 and b"TZID:Europe/Luxembourg" in assises_body,
          "a VTIMEZONE for Europe/Luxembourg")

    # Every slot, speaker, role and organisation as the JSON publishes them; accents intact.
    for event_id, events in [("assises-sociales-2025", assises), ("quattropole-2017", quattro)]:
        _, _, raw = server.get(f"/events/{event_id}")
        detail = json.loads(raw)
        default = detail["defaultLanguage"]
        check(f"{event_id}@agora" in events, f"{event_id}: the event itself is a VEVENT")
        for slot in detail["programme"]:
            uid = slot_uid(slot["id"], event_id)
            if not check(uid in events, f"{event_id}: slot {slot['id']} is a VEVENT"):
                continue
            entry = events[uid]
            check(slot["kind"] in [str(c) for c in entry.get("CATEGORIES").cats], f"{uid}: CATEGORIES has {slot['kind']}")
            title = slot["title"].get(default) or next(iter(slot["title"].values()))
            check(text(entry, "SUMMARY") == title, f"{uid}: SUMMARY is the title")
            for speaker in slot["speakers"]:
                description = text(entry, "DESCRIPTION")
                check(speaker["name"] in description, f"{uid}: speaker {speaker['name']}")
                if "organisation" in speaker:
                    check(speaker["organisation"] in description, f"{uid}: organisation {speaker['organisation']}")
                if "role" in speaker:
                    role = speaker["role"].get(default) or next(iter(speaker["role"].values()))
                    check(role in description, f"{uid}: role {role}")
            if "endsAt" not in slot:
                check("DTEND" in entry, f"{uid}: a slot without an end gets the default one")
        check("LOCATION" in events[f"{event_id}@agora"], f"{event_id}: LOCATION")
    everything = (assises_body + quattro_body).decode("utf-8")
    unfolded = everything.replace("\r\n ", "")
    for accented in ["Nündel-Petsch", "Städte", "Œuvre"]:
        check(accented in unfolded, f"accents intact: {accented}")
    kinds = [str(c) for feed in (assises, quattro) for event in feed.values() for c in event.get("CATEGORIES").cats]
    for kind in ["meal", "reception", "registration"]:
        check(kind in kinds, f"breaks present: {kind}")
    check("2, rue des Ardennes" in str(assises["assises-sociales-2025@agora"].get("LOCATION")), "LOCATION has the address")
    organiser = quattro[slot_uid("eroeffnung", "quattropole-2017")].get("ORGANIZER")
    check(organiser is not None and str(organiser) == "mailto:jade.porcherot@granderegion.net", "ORGANIZER of QuattroPole")
    lunch = assises[slot_uid("walking-lunch", "assises-sociales-2025")]
    check(lunch.decoded("DTEND") - lunch.decoded("DTSTART") == datetime.timedelta(hours=2),
          "the walking lunch runs until the 14:00 talk (the two-hour cap)")
    closing = assises[slot_uid("abschlussempfang", "assises-sociales-2025")]
    check(closing.decoded("DTEND") - closing.decoded("DTSTART") == datetime.timedelta(minutes=15),
          "the last reception gets 15 minutes")

    # Negotiation: Accept: text/calendar is the .ics byte for byte.
    status, headers, negotiated = server.get("/events/assises-sociales-2025", {"Accept": "text/calendar"})
    check(status == 200 and negotiated == assises_body and headers.get("ETag") == assises_etag,
          "Accept: text/calendar on /events/{id} answers the .ics bytes")
    _, _, feed = server.get("/programme.ics?past=true&lang=fr")
    _, _, via_accept = server.get("/programme?past=true&lang=fr", {"Accept": "text/calendar"})
    check(via_accept == feed, "Accept: text/calendar on /programme answers the .ics bytes")
    status, _, problem = server.get("/events/assises-sociales-2025", {"Accept": "image/png"})
    # An event is also served as schema.org JSON-LD (schedule_check.py checks that representation) and as its HTML
    # page (issue 14, Tests/Page/page_check.py).
    available = json.loads(problem).get("available") if status == 406 else None
    check(available is not None and available[:3] == ["application/json", "text/calendar", "application/ld+json"]
          and set(available) == {"application/json", "text/calendar", "application/ld+json", "text/html"},
          "406 lists the types we serve")

    # Filtered feeds hold only what they should.
    _, _, only_bildung = server.get("/programme.ics?past=true&track=bildung")
    _, bildung = parse("track=bildung", only_bildung)
    check(list(bildung) == [slot_uid("arbeitsgruppe-bildung", "quattropole-2017")], f"track=bildung: one slot ({list(bildung)})")
    check("Bildung" in [str(c) for c in bildung[slot_uid("arbeitsgruppe-bildung", "quattropole-2017")].get("CATEGORIES").cats],
          "track=bildung: the track's name as a category")
    _, _, quattro_groups = server.get("/programme.ics?event=quattropole-2017&date=2017-11-22&track=stadtteilintegration")
    _, groups = parse("event&track", quattro_groups)
    check(list(groups) == [slot_uid("arbeitsgruppe-stadtteilintegration", "quattropole-2017")], "event= and track= combine")
    # "Only the working groups" and "only French sessions": kind= and inLanguage= on the same feed.
    _, _, groups_only = server.get("/programme.ics?past=true&kind=workingGroup")
    _, working = parse("kind=workingGroup", groups_only)
    check(sorted(working) == sorted(slot_uid(s, "quattropole-2017") for s in (
        "arbeitsgruppe-beschaeftigung", "arbeitsgruppe-bildung", "arbeitsgruppe-stadtteilintegration")),
        f"kind=workingGroup: the three working groups ({sorted(working)})")
    _, _, spoken_fr = server.get("/programme.ics?past=true&inLanguage=fr")
    _, in_french = parse("inLanguage=fr", spoken_fr)
    _, _, quattro_raw = server.get("/programme?event=quattropole-2017&limit=100")
    quattro_uids = {slot_uid(item["id"], item["eventId"]) for item in json.loads(quattro_raw)["items"]}
    # QuattroPole was interpreted between de and fr; the Assises page names no language, so none of its slots is.
    check(set(in_french) == quattro_uids and quattro_uids, f"inLanguage=fr: the QuattroPole slots only ({len(in_french)})")
    for bad in ("kind=nap", "kind=", "inLanguage=", "inLanguage=f"):
        status, _, _ = server.get(f"/programme.ics?{bad}")
        check(status == 400, f"{bad} is a 400")
    _, french = parse("lang=fr", feed)
    _, _, raw = server.get("/programme?past=true&lang=fr&limit=100")
    titles = {slot_uid(item["id"], item["eventId"]): item["title"] for item in json.loads(raw)["items"]}
    check(set(french) == set(titles), "lang=fr: the same slots as /programme?lang=fr")
    for uid, entry in french.items():
        check(text(entry, "SUMMARY") == titles.get(uid), f"lang=fr: {uid} titled as the JSON in French")
    walking = french[slot_uid("walking-lunch", "assises-sociales-2025")]
    check(walking["SUMMARY"].params.get("LANGUAGE") in ("en", "fr"), "SUMMARY carries its LANGUAGE")
    _, _, german = server.get("/programme.ics?past=true&lang=de")
    _, german_events = parse("lang=de", german)
    check(text(german_events[slot_uid("gestion-des-risques-financement", "assises-sociales-2025")], "DESCRIPTION").find(
        "Direktorin für Finanzen") >= 0, "lang=de: a German role")

    moved_and_cancelled(server, assises_body, assises_etag)
    registration_calendar(server)


def stamps(events):
    return {uid: (int(event.get("SEQUENCE", 0)), event.decoded("LAST-MODIFIED") if "LAST-MODIFIED" in event else None)
            for uid, event in events.items()}


def moved_and_cancelled(server, before_body, before_etag):
    path = "/events/assises-sociales-2025/calendar.ics"
    _, before = parse("before the move", before_body)
    before_stamps = stamps(before)
    # LAST-MODIFIED has whole seconds: wait until the clock has left the second the seed was written in.
    seeded = max(stamp for _, stamp in before_stamps.values() if stamp)
    while datetime.datetime.now(UTC) < seeded + datetime.timedelta(seconds=1):
        time.sleep(0.05)
    _, headers, _ = server.get("/events/assises-sociales-2025/programme")
    moved_uid = slot_uid("loi-du-7-aout-2023", "assises-sociales-2025")
    status, _, answer = server.admin("PATCH", "/events/assises-sociales-2025/programme/loi-du-7-aout-2023",
                                     {"startsAt": "2025-11-20T10:45:00+01:00", "endsAt": "2025-11-20T11:30:00+01:00"},
                                     {"If-Match": headers["ETag"]}, "application/merge-patch+json")
    check(status == 200, f"the admin API moved the slot ({status} {answer[:200]!r})")
    _, after_headers, after_body = server.get(path)
    _, after = parse("after the move", after_body)
    after_stamps = stamps(after)
    check(after_headers.get("ETag") != before_etag, "a moved slot changes the ETag")
    check(after_stamps[moved_uid][0] == before_stamps[moved_uid][0] + 1, "a moved slot's SEQUENCE goes up by one")
    check(after_stamps[moved_uid][1] > before_stamps[moved_uid][1], "a moved slot's LAST-MODIFIED moves")
    check(after[moved_uid].decoded("DTSTART").astimezone(UTC) == datetime.datetime(2025, 11, 20, 9, 45, tzinfo=UTC),
          "the moved slot's new time")
    for uid in before_stamps:
        if uid != moved_uid:
            check(after_stamps[uid] == before_stamps[uid], f"{uid}: SEQUENCE and LAST-MODIFIED stay when another slot moves")
    status, _, _ = server.get(path, {"If-None-Match": before_etag})
    check(status == 200, "the old ETag no longer matches")

    # A restart changes nothing: the revisions are stored, not counted in memory.
    server.stop()
    server.start()
    _, restarted_headers, restarted = server.get(path)
    check(restarted == after_body and restarted_headers.get("ETag") == after_headers.get("ETag"),
          "after a restart: the same bytes and ETag")

    # A cancelled event keeps its UIDs, every entry CANCELLED with a higher SEQUENCE.
    _, headers, _ = server.get("/events/assises-sociales-2025")
    status, _, _ = server.admin("PATCH", "/events/assises-sociales-2025", {"status": "cancelled"},
                                {"If-Match": headers["ETag"]}, "application/merge-patch+json")
    check(status == 200, "the admin API cancelled the event")
    _, _, cancelled_body = server.get(path)
    _, cancelled = parse("cancelled", cancelled_body)
    check(set(cancelled) == set(after), "a cancelled event keeps its UIDs")
    for uid, event in cancelled.items():
        check(str(event.get("STATUS")) == "CANCELLED", f"{uid}: STATUS:CANCELLED")
        check(int(event.get("SEQUENCE")) == after_stamps[uid][0] + 1, f"{uid}: SEQUENCE up with the cancellation")


def registration_calendar(server):
    """A person's own calendar: a future event with working groups, registered for one of them."""
    event = {
        "id": "journee-2030", "title": {"fr": "Journée sociale 2030", "de": "Sozialtag 2030"},
        "startsAt": "2030-06-15T09:00:00+02:00", "endsAt": "2030-06-15T17:00:00+02:00",
        "timeZone": "Europe/Luxembourg", "defaultLanguage": "fr",
        "venue": {"name": "Centre culturel", "city": "Luxembourg", "country": "LU", "geo": {"latitude": 49.6003, "longitude": 6.1336}},
        "registration": {"kind": "required", "capacity": 10},
        "rooms": [{"id": "salle-a", "name": {"fr": "Salle A"}}],
        "tracks": [{"id": "wohnen", "name": {"de": "Wohnen", "fr": "Logement"}, "room": "salle-a"},
                   {"id": "jugend", "name": {"de": "Jugend", "fr": "Jeunesse"}}],
        "programme": [
            {"id": "ouverture", "startsAt": "2030-06-15T09:00:00+02:00", "kind": "opening", "title": {"fr": "Ouverture"}},
            {"id": "groupe-wohnen", "startsAt": "2030-06-15T10:00:00+02:00", "endsAt": "2030-06-15T12:00:00+02:00",
             "kind": "workingGroup", "title": {"fr": "Logement", "de": "Wohnen"}, "track": "wohnen"},
            {"id": "groupe-jugend", "startsAt": "2030-06-15T10:00:00+02:00", "endsAt": "2030-06-15T12:00:00+02:00",
             "kind": "workingGroup", "title": {"fr": "Jeunesse"}, "track": "jugend"},
        ],
    }
    status, _, answer = server.admin("POST", "/events", event)
    check(status == 201, f"created the 2030 event ({status} {answer[:300]!r})")
    status, _, receipt_bytes = server.request("POST", "/events/journee-2030/registrations", {"Content-Type": "application/json"},
                                              {"name": "Zoé Müller", "email": "zoe@example.lu", "consent": True,
                                               "slotId": "groupe-wohnen", "language": "fr"})
    check(status == 201, f"registered ({status} {receipt_bytes[:300]!r})")
    receipt = json.loads(receipt_bytes)
    link = receipt.get("links", {}).get("calendar", "")
    check(link == f"/registrations/{receipt['id']}/calendar.ics?token={receipt['cancellationToken']}",
          "the receipt links the registration's calendar")
    bare = f"/registrations/{receipt['id']}/calendar.ics"
    check(server.get(bare)[0] == 401, "the registration .ics needs the token")
    check(server.get(bare + "?token=wrong")[0] == 401, "a wrong token is refused")
    check(server.get(bare, {"Authorization": f"Bearer {TOKEN}x"})[0] == 401, "a wrong bearer is refused")
    status, headers, body = server.get(link)
    check(status == 200, f"the linked calendar ({status})")
    check(headers.get("Cache-Control") == "no-store", "no-store")
    check(headers.get("Content-Type") == "text/calendar; charset=utf-8", "its Content-Type")
    _, events = parse("registration", body)
    check(set(events) == {"journee-2030@agora", slot_uid("groupe-wohnen", "journee-2030")},
          f"exactly what the person signed up for ({sorted(events)})")
    group = events.get(slot_uid("groupe-wohnen", "journee-2030"))
    if group is not None:
        check("Logement" in [str(c) for c in group.get("CATEGORIES").cats], "their working group's track, in their language")
        check("Salle A" in str(group.get("LOCATION")), "the track's room")
        check(text(group, "SUMMARY") == "Logement", "in the language they registered in")
    whole = events.get("journee-2030@agora")
    if whole is not None:
        geo = whole.decoded("GEO") if "GEO" in whole else None
        latitude, longitude = (geo.latitude, geo.longitude) if hasattr(geo, "latitude") else (geo or (None, None))
        check(geo is not None and abs(latitude - 49.6003) < 1e-6 and abs(longitude - 6.1336) < 1e-6, f"GEO ({geo})")
    status, _, by_bearer = server.get(bare, {"Authorization": f"Bearer {receipt['cancellationToken']}"})
    check(status == 200 and by_bearer == body, "the token as a bearer works too")
    server.request("DELETE", bare.replace("/calendar.ics", ""), {"Authorization": f"Bearer {receipt['cancellationToken']}"})
    _, _, after_cancel = server.get(link)
    _, cancelled = parse("cancelled registration", after_cancel)
    check(all(str(event.get("STATUS")) == "CANCELLED" for event in cancelled.values()),
          "a cancelled registration's calendar cancels its entries")


if __name__ == "__main__":
    main()
