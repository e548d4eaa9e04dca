#!/usr/bin/env python3
"""The conference-app and search-engine exports (issue 11) checked by independent parsers against the real server.

  schedule_check.py --agora .build/debug/agora

Starts `agora serve` on a free port with the seeded temp data dir (Tests/Contract/contract.py's Server), then for both
seed events:
  - GET /events/{id}/schedule.json validates against ../shared/schemas/c3voc-schedule.schema.json (check-jsonschema)
  - GET /events/{id}/schedule.xml validates against ../shared/schemas/c3voc-schedule.xml.xsd (xmllint --schema)
  - GET /events/{id}.jsonld and GET /events/{id} with Accept: application/ld+json give the same bytes, which pyld
    EXPANDS (JSON-LD 1.1 expansion) into schema.org terms
  - what a user would see: times in the event's zone with offsets (the 09:15 Luxembourg talk is 08:15Z on 2025-11-20,
    the 10:00 QuattroPole opening in Metz 09:00Z on 2017-11-22), every speaker, role and organisation, accents intact,
    the parallel working groups as parallel rooms, breaks/meals/receptions present, day@end present
  - every export: strong ETag, 304 on If-None-Match, Cache-Control, HEAD without a body, CORS for an Origin
Then moves a slot through the admin API and checks that the schedule's version and every export's ETag change.
Any failure exits 1 naming what is wrong.
"""
import argparse
import json
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

from pyld import jsonld

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Contract"))
import contract  # noqa: E402

ROOT = contract.ROOT
SCHEMAS = ROOT.parent / "shared" / "schemas"
VENV_BIN = Path(sys.executable).parent
SCHEMA = "http://schema.org/"
EVENTS = ("assises-sociales-2025", "quattropole-2017")
EXPORTS = {
    "schedule.json": "application/json",
    "schedule.xml": "application/vnd.c3voc.schedule+xml",
    "jsonld": "application/ld+json",
}
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def request(base, path, method="GET", headers=None, body=None):
    req = urllib.request.Request(base + path, method=method, headers=headers or {}, data=body)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def export_path(event_id, export):
    return f"/events/{event_id}.jsonld" if export == "jsonld" else f"/events/{event_id}/{export}"


def check_http(base, path, media_type):
    """The caching and CORS behaviour every public GET has; returns the body and the ETag."""
    status, headers, body = request(base, path, headers={"Origin": "https://example.org"})
    if not check(status == 200, f"{path}: status {status}: {body[:300]!r}"):
        return b"", None
    check(headers.get("Content-Type", "").split(";")[0].strip() == media_type,
          f"{path}: Content-Type {headers.get('Content-Type')!r}, expected {media_type}")
    etag = headers.get("ETag", "")
    check(etag.startswith('"') and not etag.startswith("W/"), f"{path}: ETag {etag!r} is not a strong tag")
    check("max-age=" in headers.get("Cache-Control", ""), f"{path}: Cache-Control {headers.get('Cache-Control')!r}")
    check(headers.get("Access-Control-Allow-Origin") in ("*", "https://example.org"),
          f"{path}: no CORS header for an Origin")
    status, _, _ = request(base, path, headers={"If-None-Match": etag})
    check(status == 304, f"{path}: If-None-Match with the current ETag gave {status}, not 304")
    status, head_headers, head_body = request(base, path, method="HEAD")
    check(status == 200 and head_body == b"" and head_headers.get("ETag") == etag,
          f"{path}: HEAD gave {status}, {len(head_body)} body bytes, ETag {head_headers.get('ETag')!r}")
    return body, etag


def validate_json(path, body, work):
    target = Path(work) / "schedule.json"
    target.write_bytes(body)
    run = subprocess.run([str(VENV_BIN / "check-jsonschema"), "--schemafile",
                          str(SCHEMAS / "c3voc-schedule.schema.json"), str(target)], capture_output=True, text=True)
    check(run.returncode == 0, f"{path}: check-jsonschema failed:\n{run.stdout}{run.stderr}")


def validate_xml(path, body, work):
    target = Path(work) / "schedule.xml"
    target.write_bytes(body)
    run = subprocess.run(["xmllint", "--noout", "--schema", str(SCHEMAS / "c3voc-schedule.xml.xsd"), str(target)],
                         capture_output=True, text=True)
    check(run.returncode == 0, f"{path}: xmllint --schema failed:\n{run.stdout}{run.stderr}")


def utc(text):
    return datetime.fromisoformat(text).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def seed_event(event_id):
    for seed in (ROOT / "Config" / "seed").glob("*.json"):
        for event in json.loads(seed.read_text(encoding="utf-8"))["events"]:
            if event["id"] == event_id:
                return event
    raise SystemExit(f"no seed event {event_id}")


def speakers(event):
    for slot in event["programme"]:
        for speaker in slot.get("speakers", []):
            yield slot, speaker


def check_schedule_json(event_id, body):
    path = f"/events/{event_id}/schedule.json"
    document = json.loads(body)
    schedule = document["schedule"]
    conference = schedule["conference"]
    check(conference["acronym"] == event_id.replace("-", "_"), f"{path}: acronym {conference['acronym']!r}")
    talks = [talk for day in conference["days"] for room in day["rooms"].values() for talk in room]
    seed = seed_event(event_id)
    check(len(talks) == len(seed["programme"]), f"{path}: {len(talks)} talks for {len(seed['programme'])} slots")
    check(len({talk["guid"] for talk in talks}) == len(talks), f"{path}: guids are not unique")
    for talk in talks:
        check(talk["guid"][14] == "5", f"{path}: guid {talk['guid']} is not a UUIDv5")
        for key in ("url",):
            parsed = urlparse(talk[key])
            check(parsed.scheme in ("http", "https") and parsed.netloc, f"{path}: {key} {talk[key]!r} is not absolute")
        check(talk["language"], f"{path}: {talk['title']} has no language")
    for day in conference["days"]:
        check(day.get("day_end"), f"{path}: day {day['date']} has no day_end")
    persons = {person["name"] for talk in talks for person in talk["persons"]}
    descriptions = "\n".join(talk["description"] or "" for talk in talks)
    for _, speaker in speakers(seed):
        check(speaker["name"] in persons, f"{path}: speaker {speaker['name']} missing from persons")
        if speaker.get("organisation"):
            check(speaker["organisation"] in descriptions, f"{path}: organisation {speaker['organisation']} missing")
        for role in (speaker.get("role") or {}).values():
            check(role in descriptions, f"{path}: role {role!r} missing")
    return conference, talks


def check_assises_json(conference, talks):
    talk = next(talk for talk in talks if talk["title"].startswith("La criminalité économique"))
    check(utc(talk["date"]) == "2025-11-20T08:15:00Z", f"schedule.json: the 09:15 talk is at {talk['date']}")
    check(talk["start"] == "09:15" and talk["duration"] == "00:45", f"schedule.json: 09:15 talk {talk}")
    check(any(person["name"] == "Jennyfer Nündel-Petsch" for t in talks for person in t["persons"]),
          "schedule.json: Nündel-Petsch lost her accent")
    kinds = {talk["type"] for talk in talks}
    check({"meal", "reception", "registration"} <= kinds, f"schedule.json: breaks missing, types {sorted(kinds)}")
    check(conference.get("time_zone_name") == "Europe/Luxembourg", "schedule.json: time_zone_name")


def check_quattropole_json(conference, talks):
    opening = next(talk for talk in talks if talk["type"] == "opening")
    check(utc(opening["date"]) == "2017-11-22T09:00:00Z", f"schedule.json: the opening is at {opening['date']}")
    check("Städte" in conference.get("description", ""), "schedule.json: 'Städte' missing from the description")
    groups = [talk for talk in talks if talk["type"] == "working-group"]
    check(len(groups) == 3 and len({talk["room"] for talk in groups}) == 3 and len({t["date"] for t in groups}) == 1,
          f"schedule.json: the working groups are not three parallel rooms: {[(t['room'], t['date']) for t in groups]}")
    rooms_of_day = conference["days"][0]["rooms"]
    for group in groups:
        check(group in rooms_of_day.get(group["room"], []), f"schedule.json: {group['title']} not in its room")
    check(any("Beschäftigung" in talk["title"] for talk in groups), "schedule.json: working group titles")
    track_names = {track["name"]["de"] for track in seed_event("quattropole-2017").get("tracks", [])}
    check(track_names and {talk["room"] for talk in groups} == track_names,
          f"schedule.json: the working groups' rooms {sorted({t['room'] for t in groups})} are not the tracks' names")
    check([track["name"] for track in conference["tracks"]] == [track["name"]["de"] for track in
                                                                 seed_event("quattropole-2017")["tracks"]],
          f"schedule.json: tracks {conference['tracks']} are not the event's, in its order")
    check("meal" in {talk["type"] for talk in talks}, "schedule.json: the lunch is missing")


def check_schedule_xml(event_id, body):
    path = f"/events/{event_id}/schedule.xml"
    root = ElementTree.fromstring(body)
    days = root.findall("day")
    check(days and all(day.get("end") for day in days), f"{path}: a day without @end")
    events = root.findall("day/room/event")
    seed = seed_event(event_id)
    check(len(events) == len(seed["programme"]), f"{path}: {len(events)} events for {len(seed['programme'])} slots")
    persons = {person.text for person in root.iter("person")}
    for _, speaker in speakers(seed):
        check(speaker["name"] in persons, f"{path}: speaker {speaker['name']} missing")
    for event in events:
        check(event.findtext("room") == event_room(root, event), f"{path}: an event's <room> is not its room")
    if event_id == "quattropole-2017":
        groups = [event for event in events if event.findtext("type") == "working-group"]
        check(len({event.findtext("room") for event in groups}) == 3, f"{path}: working groups not in three rooms")
        opening = next(event for event in events if event.findtext("type") == "opening")
        check(utc(opening.findtext("date")) == "2017-11-22T09:00:00Z", f"{path}: opening at {opening.findtext('date')}")
    else:
        talk = next(event for event in events if event.findtext("title").startswith("La criminalité"))
        check(utc(talk.findtext("date")) == "2025-11-20T08:15:00Z", f"{path}: the 09:15 talk at {talk.findtext('date')}")
        check("Jennyfer Nündel-Petsch" in persons, f"{path}: Nündel-Petsch lost her accent")
    return root.findtext("version")


def event_room(root, wanted):
    for room in root.iter("room"):
        if wanted in list(room):
            return room.get("name")
    return None


def schema_org_loader(url, options=None):
    """JSON-LD needs the schema.org context; it is not fetched (CI has no network): this is its vocabulary mapping,
    `@vocab` http://schema.org/, the part expansion of these documents depends on."""
    if urlparse(url).netloc.removeprefix("www.") != "schema.org":
        raise jsonld.JsonLdError(f"unexpected remote document {url}", "loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}


def values(node, term):
    return node.get(SCHEMA + term, [])


def literal(node, term):
    found = values(node, term)
    return found[0].get("@value") if found else None


def check_jsonld(base, event_id, body):
    path = f"/events/{event_id}.jsonld"
    status, headers, negotiated = request(base, f"/events/{event_id}", headers={"Accept": "application/ld+json"})
    check(status == 200 and negotiated == body, f"/events/{event_id} with Accept: application/ld+json "
                                                f"({status}) is not the bytes of {path}")
    check(headers.get("Content-Type", "").startswith("application/ld+json"),
          f"/events/{event_id} negotiated Content-Type {headers.get('Content-Type')!r}")
    check("accept" in headers.get("Vary", "").lower(), f"/events/{event_id} negotiated without Vary: Accept")
    check(headers.get("ETag") == request(base, path, method="HEAD")[1].get("ETag"),
          f"/events/{event_id} as JSON-LD has another ETag than {path}")
    expanded = jsonld.expand(json.loads(body), {"documentLoader": schema_org_loader})
    check(len(expanded) == 1, f"{path}: expands to {len(expanded)} nodes")
    event = expanded[0]
    check(SCHEMA + "Event" in event.get("@type", []), f"{path}: not a schema.org Event: {event.get('@type')}")
    for term in ("name", "startDate", "endDate", "eventStatus", "eventAttendanceMode", "location", "organizer",
                 "inLanguage", "description", "subEvent"):
        check(values(event, term), f"{path}: schema:{term} missing after expansion")
    place = values(event, "location")[0]
    check(SCHEMA + "Place" in place.get("@type", []), f"{path}: location is not a Place")
    address = values(place, "address")[0]
    check(SCHEMA + "PostalAddress" in address.get("@type", []), f"{path}: address is not a PostalAddress")
    performers = [performer for sub in values(event, "subEvent") for performer in values(sub, "performer")]
    seed = seed_event(event_id)
    names = {literal(performer, "name") for performer in performers}
    affiliations = {literal(values(performer, "affiliation")[0], "name")
                    for performer in performers if values(performer, "affiliation")}
    jobs = {literal(performer, "jobTitle") for performer in performers}
    for _, speaker in speakers(seed):
        check(speaker["name"] in names, f"{path}: performer {speaker['name']} missing")
        if speaker.get("organisation"):
            check(speaker["organisation"] in affiliations, f"{path}: affiliation {speaker['organisation']} missing")
        if speaker.get("role"):
            check(bool(set(speaker["role"].values()) & jobs), f"{path}: jobTitle of {speaker['name']} missing")
    start = literal(event, "startDate")
    if event_id == "assises-sociales-2025":
        check(start == "2025-11-20T09:00:00+01:00", f"{path}: startDate {start}")
        check(literal(event, "isAccessibleForFree") is True, f"{path}: an open event is not isAccessibleForFree")
        check(not values(event, "offers"), f"{path}: an event without registration has offers")
        talk = next(sub for sub in values(event, "subEvent") if literal(sub, "name").startswith("La criminalité"))
        check(utc(literal(talk, "startDate")) == "2025-11-20T08:15:00Z", f"{path}: the 09:15 talk")
        contributors = {literal(node, "name") for node in values(event, "contributor")}
        check("Œuvre Nationale de Secours Grande-Duchesse Charlotte" in contributors, f"{path}: Œuvre lost its Œ")
        check("Jennyfer Nündel-Petsch" in names, f"{path}: Nündel-Petsch lost her accent")
    else:
        check(start == "2017-11-22T09:30:00+01:00", f"{path}: startDate {start}")
        offer = values(event, "offers")
        check(offer and literal(offer[0], "url") == seed["registration"]["externalURL"], f"{path}: offer url")
        check(offer and utc(literal(offer[0], "availabilityEnds")) == "2017-11-15T22:59:59Z", f"{path}: offer window")
        check("Städte" in (literal(event, "description") or ""), f"{path}: 'Städte' missing from the description")
        opening = next(sub for sub in values(event, "subEvent") if literal(sub, "name") == "Eröffnung")
        check(utc(literal(opening, "startDate")) == "2017-11-22T09:00:00Z", f"{path}: the opening")
    # ?lang= localizes like the JSON: the French variant says it is French and is another representation.
    status, headers, french = request(base, f"{path}?lang=fr")
    check(status == 200 and headers.get("Content-Language", "").startswith(("fr", "de")),
          f"{path}?lang=fr: {status}, Content-Language {headers.get('Content-Language')!r}")


def move_a_slot(base):
    """A slot moved through the admin API: a new schedule version and new ETags on every export."""
    event_id, slot_id = "assises-sociales-2025", "walking-lunch"
    before = {export: request(base, export_path(event_id, export))[1].get("ETag") for export in EXPORTS}
    version = json.loads(request(base, f"/events/{event_id}/schedule.json")[2])["schedule"]["version"]
    etag = request(base, f"/events/{event_id}/programme")[1].get("ETag")
    status, _, body = request(base, f"/events/{event_id}/programme/{slot_id}", method="PATCH", headers={
        "Authorization": f"Bearer {contract.TEST_TOKEN}", "Content-Type": "application/merge-patch+json",
        "If-Match": etag}, body=json.dumps({"startsAt": "2025-11-20T12:15:00+01:00"}).encode())
    if not check(status == 200, f"moving {slot_id}: {status} {body[:300]!r}"):
        return
    after = {export: request(base, export_path(event_id, export))[1].get("ETag") for export in EXPORTS}
    for export in EXPORTS:
        check(after[export] != before[export], f"{export}: the ETag did not change when a slot moved")
    schedule = json.loads(request(base, f"/events/{event_id}/schedule.json")[2])["schedule"]
    check(schedule["version"] != version, "schedule.json: the version did not change when a slot moved")
    xml_version = ElementTree.fromstring(request(base, f"/events/{event_id}/schedule.xml")[2]).findtext("version")
    check(xml_version == schedule["version"], "schedule.xml and schedule.json disagree on the version")
    lunch = next(talk for day in schedule["conference"]["days"] for room in day["rooms"].values() for talk in room
                 if talk["slug"].endswith(slot_id))
    check(lunch["start"] == "12:15", f"the moved slot starts at {lunch['start']}")
    status, _, _ = request(base, f"/events/{event_id}/schedule.xml", headers={"If-None-Match": before["schedule.xml"]})
    check(status == 200, f"schedule.xml: the old ETag still gets {status}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agora", default=str(ROOT / ".build" / "debug" / "agora"))
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="agora-exports-") as work:
        server = contract.Server(arguments.agora, work)
        server.start()
        try:
            for event_id in EVENTS:
                bodies = {export: check_http(server.base, export_path(event_id, export), media_type)[0]
                          for export, media_type in EXPORTS.items()}
                validate_json(f"/events/{event_id}/schedule.json", bodies["schedule.json"], work)
                validate_xml(f"/events/{event_id}/schedule.xml", bodies["schedule.xml"], work)
                conference, talks = check_schedule_json(event_id, bodies["schedule.json"])
                (check_assises_json if event_id == "assises-sociales-2025" else check_quattropole_json)(conference, talks)
                xml_version = check_schedule_xml(event_id, bodies["schedule.xml"])
                check(xml_version == json.loads(bodies["schedule.json"])["schedule"]["version"],
                      f"{event_id}: schedule.xml and schedule.json disagree on the version")
                check_jsonld(server.base, event_id, bodies["jsonld"])
            move_a_slot(server.base)
        finally:
            status = server.stop()
            check(status == 0, f"the server exited {status} on SIGTERM:\n{server.tail()}")
    if failures:
        print(f"schedule-test: {len(failures)} failure(s):", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        sys.exit(1)
    print("schedule-test: schedule.json, schedule.xml and JSON-LD of both seed events pass the independent checks")


if __name__ == "__main__":
    main()
