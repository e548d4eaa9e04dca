// One event's page: every fact a visitor looks for, the programme (filterable by working group, which also filters
// the subscribe link), the registration form when registration is open here, and live updates from /changes.
import { getJSON, url, Problem } from "./api.js";
import { h, paragraphs } from "./dom.js";
import { t, languageName } from "./i18n.js";
import { range, dateTime } from "./format.js";
import { renderProgramme } from "./programme.js";
import { registrationForm } from "./register.js";
import { follow } from "./live.js";

export async function showEvent(main, id, language, notice) {
  const view = new EventView(main, id, language, notice);
  await view.start();
  return view;
}

class EventView {
  constructor(main, id, language, notice) {
    Object.assign(this, { main, id, language, notice, track: "" });
  }

  async start() {
    // The feed's position first, then the data: a change committed in between is then not missed (changes.md).
    const feed = await getJSON("/changes", {}).catch(() => null);
    try {
      await this.load();
    } catch (error) {
      if (error instanceof Problem && error.status === 404) {
        this.main.replaceChildren(h("h1", {}, t(this.language, "notFound")));
        return;
      }
      throw error;
    }
    this.render();
    this.stream = follow({
      since: feed?.latest, event: this.id, language: this.language, notice: this.notice,
      changed: (changes) => this.refresh(changes),
    });
  }

  async load() {
    const lang = this.language;
    [this.event, this.programme, this.partners, this.availability] = await Promise.all([
      getJSON(`/events/${encodeURIComponent(this.id)}`, { lang }, lang),
      getJSON(`/events/${encodeURIComponent(this.id)}/programme`, { lang }, lang),
      getJSON(`/events/${encodeURIComponent(this.id)}/partners`, { lang }, lang),
      // Places left (counts only, never who holds them); the page works without them.
      getJSON(`/events/${encodeURIComponent(this.id)}/availability`, { lang }, lang).catch(() => null),
    ]);
  }

  /// After a change named this event (or one of its slots): refetch (a 304 when nothing we show changed) and redraw
  /// the programme in place, keeping the form and what was typed into it.
  async refresh(changes) {
    await this.load();
    document.title = `${this.event.title} – Agora`;
    this.renderFacts();
    this.renderProgramme();
    if (!changes.length) return; // a resumption after a refusal: redrawn, nothing to announce
    // Someone else registering changes only the places left: shown, but not announced to screen readers each time.
    if (changes.every((change) => change.entity.type === "availability")) return;
    const slots = changes.filter((change) => change.entity.type === "slot");
    const moved = slots.map((change) => this.programme.items.find((slot) => slot.id === change.entity.id)).filter(Boolean);
    const text = moved.length
      ? t(this.language, "liveUpdated", moved.map((slot) => `${slot.title} (${dateTime(slot.startsAt, this.event.timeZone, this.language)})`).join("; "))
      : t(this.language, slots.length ? "liveChanged" : "liveEventChanged");
    this.notice(text);
  }

  render() {
    const e = this.event, lang = this.language;
    document.title = `${e.title} – Agora`;
    this.facts = h("div", { class: "facts-block" });
    this.programmeBody = h("div", { class: "programme-body" });
    const tracks = this.programme.tracks?.length ? this.programme.tracks : [];
    const filter = tracks.length ? h("form", { class: "filter", onsubmit: (event) => event.preventDefault() },
      h("label", { for: "track-filter" }, t(lang, "track")),
      h("select", { id: "track-filter", onchange: (event) => { this.track = event.target.value; this.renderProgramme(); } },
        h("option", { value: "" }, t(lang, "allTracks")),
        tracks.map((track) => h("option", { value: track.track || track.id }, track.name || track.track || track.id)))) : null;
    this.subscribe = h("ul", {});
    this.main.replaceChildren(h("article", { class: "event", "data-event": e.id },
      h("p", { class: "back" }, h("a", { href: `/?lang=${lang}` }, `← ${t(lang, "allEvents")}`)),
      h("h1", {}, e.title),
      e.theme ? h("p", { class: "theme" }, e.theme) : null,
      e.status !== "scheduled" ? h("p", { class: `status status-${e.status}` }, t(lang, e.status)) : null,
      this.facts,
      paragraphs(e.description, "description"),
      h("section", { id: "programme", class: "programme", "aria-labelledby": "programme-heading" },
        h("h2", { id: "programme-heading" }, t(lang, "programme")),
        paragraphs(e.programmeNote, "programme-note"), filter, this.programmeBody),
      e.registrationPolicy?.kind === "required" && e.registrationPolicy.open && !e.registrationPolicy.externalURL
        ? registrationForm(e, this.programme, lang) : null,
      this.partnersSection(),
      this.contactsSection(),
      h("section", { class: "subscribe" }, h("h2", {}, t(lang, "subscribe")), this.subscribe)));
    this.renderFacts();
    this.renderProgramme();
  }

  renderFacts() {
    const e = this.event, lang = this.language, v = e.venue;
    const rows = [[t(lang, "when"), range(e.startsAt, e.endsAt, e.timeZone, lang)]];
    if (v) {
      const locality = [v.postalCode, v.city].filter(Boolean).join(" ");
      rows.push([t(lang, "venue"), [v.name, v.street, locality].filter(Boolean).flatMap((line, i) => i ? [h("br"), line] : [line])]);
    }
    const spoken = [(e.languages.length ? e.languages : [e.defaultLanguage]).map((tag) => languageName(lang, tag)).join(", ")];
    for (const interpretation of e.interpretation || []) {
      const key = interpretation.mode === "simultaneous" ? "interpretation" : `interpretation.${interpretation.mode}`;
      spoken.push(h("br"), `${t(lang, key)}: ${interpretation.languages.map((tag) => languageName(lang, tag)).join(" ⇄ ")}`);
    }
    rows.push([t(lang, "languages"), spoken]);
    if (e.accessibility) rows.push([t(lang, "accessibility"), e.accessibility]);
    rows.push([t(lang, "registration"), this.registrationText()]);
    this.facts.replaceChildren(h("dl", { class: "facts" }, rows.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])));
  }

  registrationText() {
    const e = this.event, lang = this.language, policy = e.registrationPolicy || { kind: e.registration };
    if (policy.kind !== "required") return t(lang, e.openToPublic ? "openNoRegistration" : "noRegistration");
    const lines = [];
    if (policy.opensAt) lines.push(`${t(lang, "registrationOpens")} ${dateTime(policy.opensAt, e.timeZone, lang)}`);
    if (policy.deadline) lines.push(`${t(lang, "registrationUntil")} ${dateTime(policy.deadline, e.timeZone, lang)}`);
    if (policy.capacity) lines.push(t(lang, "capacity", policy.capacity) + (policy.waitingList ? `, ${t(lang, "waitingList")}` : ""));
    const places = this.availabilityText();
    if (places) lines.push(places);
    lines.push(t(lang, policy.open ? "registrationOpen" : "registrationClosed"));
    const parts = lines.flatMap((line, i) => i ? [h("br"), line] : [line]);
    if (policy.externalURL) parts.push(h("br"), `${t(lang, "registrationAt")} `, h("a", { href: policy.externalURL }, policy.externalURL));
    return parts;
  }

  /// From `GET /events/{id}/availability`: places left, or where a new registration would land when none are.
  availabilityText() {
    const a = this.availability, lang = this.language;
    if (!a || a.status === "noRegistration" || a.status === "closed" || a.status === "notYetOpen") return null;
    if (a.status === "full") return t(lang, "placesFull");
    if (a.status === "waitingList") return t(lang, "placesWaitingList");
    return typeof a.remaining === "number" ? t(lang, "placesLeft", a.remaining) : null;
  }

  renderProgramme() {
    const items = this.programme.items.filter((slot) => !this.track || !slot.track || slot.track === this.track);
    this.programmeBody.replaceChildren(...renderProgramme(items, { zone: this.event.timeZone, language: this.language, all: this.programme.items }));
    const id = encodeURIComponent(this.id), lang = this.language;
    const filtered = url("/programme.ics", { event: this.id, track: this.track, lang });
    const absolute = new URL(filtered, location.href);
    this.subscribe.replaceChildren(
      h("li", {}, h("a", { href: url(`/events/${id}/calendar.ics`, { lang }) }, t(lang, "calendar"))),
      h("li", {}, h("a", { href: filtered, class: "filtered-ics" }, t(lang, "filteredCalendar"))),
      h("li", {}, h("a", { href: `webcal://${absolute.host}${absolute.pathname}${absolute.search}` }, t(lang, "webcal"))),
      h("li", {}, h("a", { href: url(`/events/${id}/schedule.json`, { lang }) }, t(lang, "scheduleApps")), " ",
        h("a", { href: url(`/events/${id}/schedule.xml`, { lang }), "aria-label": `${t(lang, "scheduleApps")} XML` }, "XML")));
  }

  partnersSection() {
    const items = this.partners?.items || [];
    if (!items.length) return null;
    return h("section", { class: "partners" }, h("h2", {}, t(this.language, "partners")),
      h("ul", {}, items.map((partner) => h("li", {},
        partner.website ? h("a", { href: partner.website }, partner.name) : partner.name,
        partner.subUnits?.length ? h("ul", { class: "units" }, partner.subUnits.map((unit) => h("li", {}, unit))) : null))));
  }

  contactsSection() {
    const e = this.event, lang = this.language;
    if (!e.contacts?.length && !e.organisers?.length) return null;
    const organisers = (e.organisers || []).map((organiser) => organiser.name).filter(Boolean);
    const services = e.participatingServices || [];
    return h("section", { class: "contacts" }, h("h2", {}, t(lang, "contacts")),
      organisers.length ? h("p", {}, `${t(lang, "organisers")}: ${organisers.join(", ")}`) : null,
      services.length ? h("p", {}, `${t(lang, "services")}: ${services.join(", ")}`) : null,
      h("ul", {}, (e.contacts || []).map((contact) => h("li", {},
        [contact.name, contact.role, contact.organisation].filter(Boolean).join(", "),
        contact.phone ? [" · ", h("a", { href: `tel:${contact.phone.replace(/\s/g, "")}` }, contact.phone)] : null,
        contact.email ? [" · ", h("a", { href: `mailto:${contact.email}` }, contact.email)] : null))));
  }
}
