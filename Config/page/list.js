// The event list at /: what is still ahead first (GET /events), past events on request (?past=true), each a card
// linking to the event's page.
import { getJSON } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { range } from "./format.js";

export async function showList(main, language) {
  const upcoming = h("ul", { class: "cards", id: "upcoming" });
  const past = h("ul", { class: "cards", id: "past" });
  const pastSection = h("section", { class: "past", hidden: true, "aria-labelledby": "past-heading" },
    h("h2", { id: "past-heading" }, t(language, "pastEvents")), past);
  const toggle = h("button", { type: "button", class: "toggle-past", "aria-expanded": "false", "aria-controls": "past-section" },
    t(language, "showPast"));
  pastSection.id = "past-section";
  document.title = `${t(language, "events")} – Agora`;
  main.replaceChildren(h("h1", {}, t(language, "events")),
    h("section", { "aria-labelledby": "upcoming-heading" }, h("h2", { id: "upcoming-heading" }, t(language, "upcoming")), upcoming),
    toggle, pastSection);

  const items = await all("/events", { lang: language }, language);
  upcoming.replaceChildren(...(items.length ? items.map((event) => card(event, language))
    : [h("li", { class: "empty" }, t(language, "noUpcoming"))]));

  toggle.addEventListener("click", async () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    toggle.textContent = t(language, open ? "showPast" : "hidePast");
    pastSection.hidden = open;
    if (!open && !past.children.length) {
      const over = (await all("/events", { lang: language, past: "true" }, language)).filter((event) => event.phase === "past");
      // Most recent first.
      past.replaceChildren(...over.reverse().map((event) => card(event, language)));
    }
  });
}

/// Every page of a list (the API pages with `next`).
async function all(path, params, language) {
  const items = [];
  let page = await getJSON(path, { ...params, limit: 100 }, language);
  items.push(...page.items);
  while (page.next) {
    const next = new URL(page.next, location.href);
    page = await getJSON(next.pathname, Object.fromEntries(next.searchParams), language);
    items.push(...page.items);
  }
  return items;
}

function card(event, language) {
  const href = `/events/${encodeURIComponent(event.id)}?lang=${language}`;
  return h("li", { class: `card phase-${event.phase}`, "data-event": event.id },
    h("h3", {}, h("a", { href }, event.title)),
    event.theme ? h("p", { class: "theme" }, event.theme) : null,
    h("p", { class: "when" }, range(event.startsAt, event.endsAt, event.timeZone, language)),
    event.venue ? h("p", { class: "where" }, [event.venue.name, event.venue.city].filter(Boolean).join(", ")) : null,
    event.status !== "scheduled" ? h("p", { class: `status status-${event.status}` }, t(language, event.status)) : null);
}
