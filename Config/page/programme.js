// The programme by time: a day heading, then one row per start time; the slots that start together sit side by side
// (`.parallel`: three working groups in three columns on a wide screen, one under the other on a phone). Breaks and
// meals are marked as such, speakers carry role and organisation, and on the day the running slot is "now" and the
// following one "next".
import { h, paragraphs } from "./dom.js";
import { t } from "./i18n.js";
import { day, dayKey, time } from "./format.js";

const PAUSES = ["break", "meal", "reception", "registration"];

/// When a slot without a published end ends, as the calendar feeds have it (calendars-and-apps.md): the next later
/// start in the same track, or any later start for the main programme, at most two hours on; else 15 minutes.
export function effectiveEnd(slot, items) {
  if (slot.endsAt) return Date.parse(slot.endsAt);
  const start = Date.parse(slot.startsAt);
  const later = items.filter((other) => Date.parse(other.startsAt) > start
    && (!slot.track || !other.track || other.track === slot.track))
    .map((other) => Date.parse(other.startsAt));
  if (later.length === 0) return start + 15 * 60_000;
  return Math.min(Math.min(...later), start + 2 * 3600_000);
}

/// The slot running at `now` and the next to start, by id (either may be null).
export function nowAndNext(items, now) {
  let current = null, next = null;
  for (const slot of [...items].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))) {
    const start = Date.parse(slot.startsAt);
    if (start <= now && now < effectiveEnd(slot, items) && !current) current = slot.id;
    if (start > now && !next) next = slot.id;
  }
  return { current, next };
}

/// The programme's sections for `items` (already filtered), in `language`, the times in `zone`.
export function renderProgramme(items, { zone, language, now = Date.now(), all = items }) {
  const sorted = [...items].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id.localeCompare(b.id));
  const { current, next } = nowAndNext(all, now);
  const days = [];
  let dayRows = null, key = null, row = null, start = null;
  for (const slot of sorted) {
    const slotDay = dayKey(slot.startsAt, zone);
    if (slotDay !== key) {
      key = slotDay;
      dayRows = h("div", { class: "rows" });
      days.push(h("section", { class: "day" }, h("h3", {}, day(slot.startsAt, zone, language)), dayRows));
      start = null;
    }
    if (slot.startsAt !== start) {
      start = slot.startsAt;
      row = h("div", { class: "slots" });
      dayRows.append(h("div", { class: "row" },
        h("p", { class: "at" }, h("time", { datetime: slot.startsAt }, time(slot.startsAt, zone, language))), row));
    }
    row.append(renderSlot(slot, { zone, language, all, current, next }));
    if (row.children.length > 1) row.classList.add("parallel", `columns-${Math.min(row.children.length, 4)}`);
  }
  return days;
}

function renderSlot(slot, { zone, language, all, current, next }) {
  const end = effectiveEnd(slot, all);
  const meta = [`${time(slot.startsAt, zone, language)}–${time(new Date(end).toISOString(), zone, language)}`];
  const classes = ["slot", `kind-${slot.kind}`];
  let badge = null;
  if (slot.id === current) { classes.push("now"); badge = h("strong", { class: "badge" }, t(language, "now")); }
  if (slot.id === next) { classes.push("next"); badge = h("strong", { class: "badge" }, t(language, "next")); }
  const parts = [h("span", { class: "times" }, meta[0])];
  if (PAUSES.includes(slot.kind)) parts.push(" · ", h("span", { class: "kind" }, t(language, `kind.${slot.kind}`)));
  if (slot.trackName) parts.push(" · ", h("span", { class: "track" }, slot.trackName));
  if (slot.roomName) parts.push(" · ", h("span", { class: "room" }, slot.roomName));
  return h("article", { class: classes.join(" "), id: `slot-${slot.id}`, "data-slot": slot.id, "data-track": slot.track },
    h("p", { class: "meta" }, badge, badge ? " " : null, parts),
    h("h4", {}, slot.title || slot.id),
    paragraphs(slot.description, "slot-description"),
    slot.speakers?.length ? h("ul", { class: "speakers" }, slot.speakers.map((speaker) =>
      h("li", {}, h("span", { class: "name" }, speaker.name),
        speaker.role ? `, ${speaker.role}` : null,
        speaker.organisation ? `, ${speaker.organisation}` : null))) : null);
}
