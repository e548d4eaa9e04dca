#!/usr/bin/env python3
"""Issue 14: the programme page in a real browser. Debian's headless Chromium, driven by Selenium through
chromium-driver, against the real debug binary on a free port with the seed data and one open event this script
creates through the admin API (registration open, a slot running now, three parallel working groups).

  page_check.py --agora .build/debug/agora [--artifacts DIR] [--docs-images Docs/images]

Checks: the list and both seed programmes render with accents intact, times in the event's zone while the browser
is in New York; QuattroPole's three working groups sit side by side (wide) and stacked (320 px); now and next; the
language switch changes the page's text and its API requests (?lang=); a field error shows next to its field in the
page's language (the server's problem+json text); a registration succeeds, a double click registers once, the
page's Idempotency-Key replays to the same registration; the receipt's .ics; cancellation through the link (token
in the fragment, never in a URL sent); a slot moved through the admin API updates the open page within 2 s with a
polite notice; after a server restart the page reconnects and the next change still arrives; no console errors; axe-core finds no serious or critical violation; without JavaScript the
server-rendered page shows the programme and carries JSON-LD that parses. Screenshots go to --artifacts (a temp
directory by default); --docs-images also writes the four for Docs/frontend.md (de and fr, desktop and phone).
"""
import argparse
import datetime
import json
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Support"))
from agora_server import AgoraServer  # noqa: E402

TOKEN = "page-check-admin-token-0123456789abcdef"
OPEN = "sozialforum-sued-2026"
VISITOR_ZONE = "America/New_York"  # not the events' zones: the page must show the hall's clock
failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)
    return condition


class Server(AgoraServer):
    def request(self, method, path, headers=None, body=None, content_type="application/json"):
        data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
        all_headers = dict(headers or {})
        if data is not None:
            all_headers.setdefault("Content-Type", content_type)
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers.items()), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers.items()), error.read()

    def admin(self, method, path, body=None, headers=None, content_type="application/json"):
        return self.request(method, path, {"Authorization": f"Bearer {TOKEN}", **(headers or {})}, body, content_type)


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def open_event(now):
    """An event on today's date with a slot running now, the next one after it, three parallel working groups
    (one named only in Luxembourgish) and registration open."""
    base = now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=now.minute % 5)
    at = lambda minutes: iso(base + datetime.timedelta(minutes=minutes))  # noqa: E731
    return {
        "id": OPEN, "series": "Sozialforum",
        "title": {"de": "Sozialforum Süd 2026", "fr": "Forum social Sud 2026"},
        "theme": {"de": "Wohnen für alle: Wege aus der Obdachlosigkeit", "fr": "Un logement pour tous : sortir du sans-abrisme"},
        "description": {"de": "Ein Tag mit Arbeitsgruppen.", "fr": "Une journée de groupes de travail."},
        "startsAt": at(-120), "endsAt": at(360), "timeZone": "Europe/Luxembourg", "defaultLanguage": "de",
        "languages": ["de", "fr"], "interpretation": [{"mode": "simultaneous", "languages": ["de", "fr"]}],
        "accessibility": {"de": "Rollstuhlgerecht, Induktionsschleife im Saal.", "fr": "Accessible en fauteuil roulant, boucle magnétique."},
        "venue": {"name": "Centre culturel Bonnevoie", "street": "2, rue des Ardennes", "postalCode": "1133",
                  "city": "Luxembourg", "country": "LU"},
        "organisers": [{"name": {"de": "Stadt Luxemburg, Sozialamt", "fr": "Ville de Luxembourg, Office social"}}],
        "contacts": [{"name": "Chloé Müller", "role": {"de": "Koordination", "fr": "Coordination"},
                      "email": "forum@example.lu", "phone": "+352 4796 0000"}],
        "status": "scheduled",
        "registration": {"kind": "required", "opensAt": at(-2880), "deadline": at(1440), "capacity": 50,
                         "waitingList": {"capacity": 10}},
        "tracks": [{"id": "wohnen", "name": {"de": "Wohnen", "fr": "Logement"}},
                   {"id": "arbeit", "name": {"de": "Arbeit", "fr": "Emploi"}},
                   {"id": "quartier", "name": {"lb": "Quartiersliewen"}}],
        "programme": [
            {"id": "empfang", "startsAt": at(-120), "endsAt": at(-90), "kind": "registration",
             "title": {"de": "Empfang", "fr": "Accueil"}},
            {"id": "keynote", "startsAt": at(-30), "endsAt": at(30), "kind": "keynote",
             "title": {"de": "Wohnungslosigkeit in Zahlen", "fr": "Le sans-abrisme en chiffres"},
             "speakers": [{"name": "Jérôme Weis", "role": {"de": "Direktor", "fr": "Directeur"}, "organisation": "Caritas Luxembourg"}]},
            {"id": "pause", "startsAt": at(30), "endsAt": at(45), "kind": "break", "title": {"de": "Kaffeepause", "fr": "Pause café"}},
            {"id": "ag-wohnen", "startsAt": at(60), "endsAt": at(150), "kind": "workingGroup", "track": "wohnen",
             "title": {"de": "AG Wohnen", "fr": "GT Logement"}},
            {"id": "ag-arbeit", "startsAt": at(60), "endsAt": at(150), "kind": "workingGroup", "track": "arbeit",
             "title": {"de": "AG Arbeit", "fr": "GT Emploi"}},
            {"id": "ag-quartier", "startsAt": at(60), "endsAt": at(150), "kind": "workingGroup", "track": "quartier",
             "title": {"lb": "Quartiersliewen"}},
            {"id": "mittagessen", "startsAt": at(180), "endsAt": at(240), "kind": "meal",
             "title": {"de": "Mittagessen", "fr": "Déjeuner"}},
        ],
    }


class Browser:
    """One Chromium with its console and network logs read after each step."""

    def __init__(self, base, javascript=True):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,900", "--lang=de-DE", "--disable-extensions"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        if not javascript:
            options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        service = Service(executable_path="/usr/bin/chromedriver", env={**os.environ, "TZ": VISITOR_ZONE})
        self.driver = webdriver.Chrome(options=options, service=service)
        self.base = base
        self.console_errors = []
        self.requests = []  # (method, url, headers, postData) of every request the page sent

    def get(self, path, ready=True):
        self.driver.get(self.base + path)
        if ready:
            self.wait_ready()

    def wait_ready(self, timeout=15):
        WebDriverWait(self.driver, timeout).until(
            lambda d: d.execute_script("return document.readyState === 'complete' && document.body.dataset.ready === 'true'"))

    def js(self, script, *arguments):
        return self.driver.execute_script(script, *arguments)

    def drain(self, expected_errors=()):
        """Reads the logs: the requests sent, and console errors (except network ones matching `expected_errors`)."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                request = message["params"]["request"]
                self.requests.append((request["method"], request["url"], request.get("headers", {}), request.get("postData")))
        for entry in self.driver.get_log("browser"):
            if entry["level"] != "SEVERE":
                continue
            if entry.get("source") == "network" and any(pattern in entry["message"] for pattern in expected_errors):
                continue
            self.console_errors.append(entry["message"])

    def emulate(self, width, height, mobile):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def screenshot(self, directories, name):
        for directory in directories:
            self.driver.save_screenshot(str(Path(directory) / name))

    def axe(self, label):
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        serious = [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"] if v["impact"] in ("serious", "critical")]
        check(not serious, f"axe-core on {label}: no serious or critical violation {serious}")

    def quit(self):
        self.driver.quit()


def rects(browser, selector):
    return browser.js("return [...document.querySelectorAll(arguments[0])].map(e => { const r = e.getBoundingClientRect(); "
                      "return {x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width)}; })", selector)


def check_list_and_seed_programmes(browser, server, shots):
    browser.get("/?lang=de")
    titles = browser.js("return [...document.querySelectorAll('#upcoming .card h3')].map(e => e.textContent)")
    check("Sozialforum Süd 2026" in titles, f"the list shows the open event first, with its accents ({titles})")
    browser.driver.find_element(By.CSS_SELECTOR, "button.toggle-past").click()
    WebDriverWait(browser.driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#past .card")) >= 2)
    past = browser.js("return [...document.querySelectorAll('#past .card')].map(e => e.textContent)")
    check(any("QuattroPole-Konferenz - kommunale Sozialpolitik" in card and "Zuwanderung als Chance für unsere vier Städte" in card for card in past),
          "past events on request: QuattroPole with its theme's umlauts")
    check(any("Assises sociales" in card for card in past), "past events on request: the Assises sociales")
    browser.drain()
    browser.axe("the event list")

    check(browser.js("return Intl.DateTimeFormat().resolvedOptions().timeZone") == VISITOR_ZONE,
          f"the browser runs in {VISITOR_ZONE}")
    for event, lang, expect in (("quattropole-2017", "de", ["Eröffnung", "Mittagessen \"Cuisine du monde\"", "Großregion"]),
                                ("assises-sociales-2025", "fr", ["Jennyfer Nündel-Petsch", "Œuvre"])):
        browser.get(f"/events/{event}?lang={lang}")
        _, _, body = server.request("GET", f"/events/{event}/programme")
        count = len(json.loads(body)["items"])
        shown = browser.js("return document.querySelectorAll('#programme article.slot').length")
        check(shown == count, f"{event}: the programme shows its {count} slots ({shown})")
        text = browser.js("return document.querySelector('main').innerText")
        for word in expect:
            check(word in text, f"{event}: {word!r} shown with its accents")
        browser.drain()
    # Metz's hall clock, not New York's: the working groups start at 11:00 in Europe/Paris.
    browser.get("/events/quattropole-2017?lang=de")
    times = browser.js("return [...document.querySelectorAll('#programme .row .at')].map(e => e.textContent)")
    check("11:00" in times and "09:30" in times, f"times in the event's zone whatever the visitor's ({times})")
    meal = browser.js("return document.querySelector('#slot-mittagessen .kind')?.textContent")
    check(meal == "Mahlzeit", f"the lunch is shown as a meal ({meal})")
    groups = rects(browser, "#programme .slots.parallel article.kind-workingGroup")
    check(len(groups) == 3 and len({g["y"] for g in groups}) == 1 and len({g["x"] for g in groups}) == 3,
          f"QuattroPole's three working groups side by side on a wide screen ({groups})")
    browser.js("document.querySelector('.slots.parallel').scrollIntoView({block: 'center'})")
    browser.screenshot(shots["all"] + shots["docs"], "event-de-desktop.png")
    browser.axe("the QuattroPole page")

    browser.emulate(320, 740, True)
    browser.get("/events/quattropole-2017?lang=de")
    groups = rects(browser, "#programme .slots.parallel article.kind-workingGroup")
    check(len(groups) == 3 and len({g["x"] for g in groups}) == 1 and groups[0]["y"] < groups[1]["y"] < groups[2]["y"]
          and all(g["w"] <= 320 for g in groups), f"at 320 px the working groups are stacked ({groups})")
    width = browser.js("return document.documentElement.scrollWidth")
    check(width <= 320, f"at 320 px nothing is wider than the screen (scrollWidth {width})")
    browser.screenshot(shots["all"] + shots["docs"], "event-de-phone.png")
    browser.get("/events/assises-sociales-2025?lang=fr")
    check(browser.js("return document.documentElement.scrollWidth") <= 320, "the Assises at 320 px fit the screen")
    browser.screenshot(shots["all"] + shots["docs"], "event-fr-phone.png")
    browser.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.get("/events/assises-sociales-2025?lang=fr")
    browser.screenshot(shots["all"] + shots["docs"], "event-fr-desktop.png")
    browser.drain()


def check_language_switch(browser):
    browser.get(f"/events/{OPEN}?lang=de")
    browser.drain()
    browser.requests.clear()
    check(browser.js("return document.querySelector('h1').textContent") == "Sozialforum Süd 2026", "German title in German")
    link = browser.driver.find_element(By.CSS_SELECTOR, "nav.languages a[lang='fr']")
    link.click()
    WebDriverWait(browser.driver, 10).until(lambda d: d.execute_script(
        "return document.documentElement.lang === 'fr' && document.body.dataset.ready === 'true'"))
    check(browser.js("return document.querySelector('h1').textContent") == "Forum social Sud 2026", "the switch changes the event's texts")
    check(browser.js("return document.getElementById('programme-heading').textContent") == "Programme"
          and "Langues" in browser.js("return document.querySelector('.facts').innerText"), "the switch changes the page's words")
    check("Quartiersliewen" in browser.js("return document.getElementById('programme').innerText"),
          "a Luxembourgish name is kept in the French page")
    browser.drain()
    api = [url for method, url, _, _ in browser.requests if "/events/" in url and "/assets/" not in url and url.find("?") > 0
           and method == "GET" and "lang=" in url and ".ics" not in url and "schedule" not in url]
    check(api and all("lang=fr" in url for url in api) and any(url.endswith(f"/events/{OPEN}?lang=fr") for url in api)
          and any(f"/events/{OPEN}/programme?lang=fr" in url for url in api), f"the switch changes the API requests ({api})")
    accept = [headers.get("Accept-Language") for method, url, headers, _ in browser.requests
              if url.endswith(f"/events/{OPEN}?lang=fr") and headers.get("Accept") == "application/json"]
    check(accept and accept[0] == "fr", f"problems are asked for in the page's language ({accept})")
    browser.axe("the open event in French")


def check_now_and_next(browser):
    browser.get(f"/events/{OPEN}?lang=de")
    classes = browser.js("return ['keynote', 'pause'].map(id => document.getElementById('slot-' + id).className)")
    check("now" in classes[0].split() and "next" in classes[1].split(), f"now and next are highlighted ({classes})")
    badge = browser.js("return document.querySelector('#slot-keynote .badge')?.textContent")
    check(badge == "Jetzt", f"the running slot says so ({badge})")
    browser.drain()


def fill(browser, values):
    for name, value in values.items():
        element = browser.driver.find_element(By.ID, f"registration-{name}")
        if element.get_attribute("type") == "checkbox":
            if element.is_selected() != value:
                element.click()
        elif element.tag_name == "select":
            browser.js("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)


def check_field_errors(browser, server, language):
    browser.get(f"/events/{OPEN}?lang={language}")
    fill(browser, {"name": "Marie Schmit", "email": "marie-at-example", "consent": False})
    browser.driver.find_element(By.CSS_SELECTOR, "form.registration button[type=submit]").click()
    WebDriverWait(browser.driver, 10).until(lambda d: d.find_element(By.ID, "registration-email-error").is_displayed())
    shown = {name: browser.js(f"return document.querySelector('[data-field={name}] .error').textContent") for name in ("email", "consent")}
    status, _, body = server.request("POST", f"/events/{OPEN}/registrations", {"Accept-Language": language},
                                     {"name": "Marie Schmit", "email": "marie-at-example", "consent": False, "language": language})
    expected = {issue["pointer"].strip("/"): issue["detail"] for issue in json.loads(body).get("errors", [])}
    check(status == 422 and shown.get("email") == expected.get("email") and shown.get("consent") == expected.get("consent"),
          f"{language}: the server's problems sit next to their fields, in the page's language ({shown} vs {expected})")
    check(browser.js("return document.getElementById('registration-email').getAttribute('aria-invalid')") == "true",
          f"{language}: the field is marked invalid")
    browser.drain(expected_errors=("422",))


def registrations(server, email):
    _, _, body = server.admin("GET", f"/events/{OPEN}/registrations")
    return [item for item in json.loads(body)["items"] if item.get("email") == email]


def check_registration_and_cancellation(browser, server, shots):
    email = "luc.hoffmann@example.lu"
    browser.get(f"/events/{OPEN}?lang=de")
    browser.drain()
    browser.requests.clear()
    fill(browser, {"name": "Luc Hoffmann", "email": email, "organisation": "Inter-Actions", "slotId": "ag-wohnen", "consent": True})
    button = browser.driver.find_element(By.CSS_SELECTOR, "form.registration button[type=submit]")
    ActionChains(browser.driver).double_click(button).perform()
    WebDriverWait(browser.driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".receipt").is_displayed())
    receipt = browser.js("return document.querySelector('.receipt').innerText")
    check("Sie sind angemeldet." in receipt, f"the receipt says the registration is confirmed ({receipt[:80]!r})")
    browser.screenshot(shots["all"], "receipt-de.png")
    browser.drain()
    found = registrations(server, email)
    check(len(found) == 1 and found[0]["slotId"] == "ag-wohnen", f"a double click registers once ({len(found)})")
    posts = [(headers, body) for method, url, headers, body in browser.requests if method == "POST" and url.endswith("/registrations")]
    keys = {headers.get("Idempotency-Key") for headers, _ in posts}
    check(posts and None not in keys and len(keys) == 1, f"the submission carries one Idempotency-Key ({keys})")
    if posts:
        headers, body = posts[0]
        status, answer_headers, _ = server.request("POST", f"/events/{OPEN}/registrations",
                                                   {"Idempotency-Key": headers.get("Idempotency-Key")}, body.encode())
        check(status == 201 and answer_headers.get("Idempotent-Replayed") == "true" and len(registrations(server, email)) == 1,
              f"a retry with the page's key is the same registration ({status}, {answer_headers.get('Idempotent-Replayed')})")
    ics = browser.js("return document.querySelector('.receipt a.ics').getAttribute('href')")
    status, headers, body = server.request("GET", ics)
    check(status == 200 and headers.get("Content-Type", "").startswith("text/calendar") and b"Sozialforum S\xc3\xbcd 2026" in body,
          "add to my calendar: the person's .ics")
    cancel = browser.js("return document.querySelector('.receipt a.cancel-link').href")
    match = re.fullmatch(re.escape(server.base) + r"/cancel/([^/?#]+)\?lang=de#token=([A-Za-z0-9_%-]+)", cancel)
    check(match is not None, f"the cancellation link carries its token in the fragment ({cancel[:60]}…)")
    if not match:
        return
    registration, token = match.group(1), urllib.request.unquote(match.group(2))
    browser.axe("the receipt")
    browser.requests.clear()
    browser.driver.get(cancel)
    browser.wait_ready()
    browser.driver.find_element(By.CSS_SELECTOR, "form.cancellation button").click()
    WebDriverWait(browser.driver, 10).until(lambda d: "storniert" in d.find_element(By.CSS_SELECTOR, "main").text)
    browser.drain()
    status, _, body = server.admin("GET", f"/registrations/{registration}")
    check(status == 200 and json.loads(body)["status"] == "cancelled", "cancellation through the link works")
    check(not any(token in url for _, url, _, _ in browser.requests), "the token never appears in a URL sent")
    deletes = [headers for method, url, headers, _ in browser.requests if method == "DELETE"]
    check(deletes and deletes[0].get("Authorization") == f"Bearer {token}", "the token goes as the DELETE's bearer credential")
    check("#token" not in browser.driver.current_url, "the token leaves the address bar once used")
    browser.axe("the cancellation page")


def check_places_left(browser, server):
    """The facts show the places left from /events/{id}/availability, and someone else's registration updates them
    live (an `availability` change on the stream) without an aria-live announcement."""
    def places():
        _, _, body = server.request("GET", f"/events/{OPEN}/availability")
        return json.loads(body)["remaining"]
    browser.get(f"/events/{OPEN}?lang=de")
    facts = lambda d: d.execute_script("return document.querySelector('.facts').textContent")
    left = places()
    check(f"Noch {left} Plätze frei" in facts(browser.driver), f"the facts show the {left} places left")
    notice = browser.js("return document.getElementById('notice').textContent")
    status, _, answer = server.request("POST", f"/events/{OPEN}/registrations", {},
                                       {"name": "Mady Schmit", "email": "mady.schmit@example.lu", "consent": True})
    check(status == 201, f"someone else registers ({status} {answer[:120]!r})")
    try:
        WebDriverWait(browser.driver, 2, poll_frequency=0.05).until(lambda d: f"Noch {left - 1} Plätze frei" in facts(d))
        check(True, "the places left follow someone else's registration within 2 s")
    except TimeoutException:
        check(False, f"the places left follow someone else's registration within 2 s ({facts(browser.driver)[-160:]!r})")
    check(browser.js("return document.getElementById('notice').textContent") == notice,
          "a change of the places left is not announced")
    browser.drain()


def check_live_update(browser, server):
    browser.get(f"/events/{OPEN}?lang=de")
    before = browser.js("return document.querySelector('#slot-mittagessen .times').textContent")
    _, headers, body = server.request("GET", f"/events/{OPEN}/programme")
    slot = next(item for item in json.loads(body)["items"] if item["id"] == "mittagessen")
    start = datetime.datetime.fromisoformat(slot["startsAt"]) + datetime.timedelta(minutes=20)
    end = datetime.datetime.fromisoformat(slot["endsAt"]) + datetime.timedelta(minutes=20)
    status, _, answer = server.admin("PATCH", f"/events/{OPEN}/programme/mittagessen",
                                     {"startsAt": start.isoformat(), "endsAt": end.isoformat()},
                                     {"If-Match": headers["ETag"]}, "application/merge-patch+json")
    moved = time.monotonic()
    check(status == 200, f"the admin API moved the lunch ({status} {answer[:120]!r})")
    try:
        WebDriverWait(browser.driver, 2, poll_frequency=0.05).until(lambda d: d.execute_script(
            "return document.querySelector('#slot-mittagessen .times')?.textContent") != before)
        latency = time.monotonic() - moved
        check(True, f"the open page shows the moved slot within 2 s ({latency:.2f} s)")
    except TimeoutException:
        check(False, "the open page shows the moved slot within 2 s")
    notice = browser.js("const n = document.getElementById('notice'); return [n.getAttribute('aria-live'), n.textContent, "
                        "getComputedStyle(n).visibility]")
    check(notice[0] == "polite" and "Mittagessen" in notice[1] and notice[2] == "visible",
          f"a visible, polite notice names the change ({notice})")
    browser.drain()


def check_resume_after_drop(browser, server):
    """The server restarts under the open page: the EventSource reconnects (Last-Event-ID) and the next change still
    arrives, with a notice that the page is connected again."""
    browser.get(f"/events/{OPEN}?lang=de")
    before = browser.js("return document.querySelector('#slot-pause .times').textContent")
    server.stop()
    server.launch()
    try:
        WebDriverWait(browser.driver, 15, poll_frequency=0.1).until(lambda d: d.execute_script(
            "return document.getElementById('notice').textContent") == "Wieder verbunden.")
        check(True, "after a drop the page reconnects by itself and says so")
    except TimeoutException:
        check(False, "after a drop the page reconnects by itself and says so")
    _, headers, body = server.request("GET", f"/events/{OPEN}/programme")
    slot = next(item for item in json.loads(body)["items"] if item["id"] == "pause")
    end = datetime.datetime.fromisoformat(slot["endsAt"]) + datetime.timedelta(minutes=5)
    status, _, _ = server.admin("PATCH", f"/events/{OPEN}/programme/pause", {"endsAt": end.isoformat()},
                                {"If-Match": headers["ETag"]}, "application/merge-patch+json")
    try:
        WebDriverWait(browser.driver, 2, poll_frequency=0.05).until(lambda d: d.execute_script(
            "return document.querySelector('#slot-pause .times')?.textContent") != before)
        check(status == 200, "a change after the reconnection reaches the page within 2 s")
    except TimeoutException:
        check(False, "a change after the reconnection reaches the page within 2 s")
    # The refused reconnection attempts while the server was down are network errors of /changes, as expected.
    browser.drain(expected_errors=("/changes",))


def check_without_javascript(server, artifacts):
    browser = Browser(server.base, javascript=False)
    try:
        browser.get("/events/quattropole-2017", ready=False)
        WebDriverWait(browser.driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#programme article.slot"))
        slots = browser.driver.find_elements(By.CSS_SELECTOR, "#programme article.slot")
        check(len(slots) == 11, f"without JavaScript the server's page shows the programme ({len(slots)} slots)")
        check(browser.driver.find_element(By.CSS_SELECTOR, "p.nojs").is_displayed(), "and says what needs JavaScript")
        source = browser.driver.page_source
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', source, re.S)
        document = json.loads(block.group(1)) if block else {}
        check(document.get("@context") == "https://schema.org" and document.get("@type") == "Event"
              and len(document.get("subEvent", [])) == 11, "it carries the schema.org JSON-LD, which parses")
        browser.screenshot([artifacts], "event-de-nojs.png")
    finally:
        browser.quit()
    status, headers, body = server.request("GET", "/events/quattropole-2017", {"Accept": "text/html"})
    policy = headers.get("Content-Security-Policy", "")
    check(status == 200 and "script-src 'self'" in policy and "unsafe-inline" not in policy
          and headers.get("X-Content-Type-Options") == "nosniff", f"the HTML carries the strict policy ({policy[:60]}…)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora", required=True)
    parser.add_argument("--artifacts", help="where the screenshots go (default: a temporary directory)")
    parser.add_argument("--docs-images", help="also write the four screenshots of Docs/frontend.md here")
    arguments = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="agora-page-") as work:
        artifacts = arguments.artifacts or tempfile.mkdtemp(prefix="agora-page-shots-")
        os.makedirs(artifacts, exist_ok=True)
        shots = {"all": [artifacts], "docs": [arguments.docs_images] if arguments.docs_images else []}
        server = Server(os.path.abspath(arguments.agora), work, TOKEN)
        server.launch()
        browser = None
        try:
            status, _, body = server.admin("POST", "/events", open_event(datetime.datetime.now(datetime.timezone.utc)))
            if not check(status == 201, f"the open event is created ({status} {body[:200]!r})"):
                return 1
            browser = Browser(server.base)
            check_list_and_seed_programmes(browser, server, shots)
            check_language_switch(browser)
            check_now_and_next(browser)
            check_field_errors(browser, server, "de")
            check_field_errors(browser, server, "fr")
            check_registration_and_cancellation(browser, server, shots)
            check_live_update(browser, server)
            check_places_left(browser, server)
            check_resume_after_drop(browser, server)
            browser.drain()
            check(not browser.console_errors, f"no console errors {browser.console_errors}")
            browser.quit()
            browser = None
            check_without_javascript(server, artifacts)
        finally:
            if browser:
                browser.quit()
            server.stop()
        print(f"screenshots in {artifacts}; {time.monotonic() - started:.1f} s", flush=True)
    if failures:
        print(f"{len(failures)} check(s) failed", flush=True)
        return 1
    print("page check passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
