// The programme page (issue 14): plain JavaScript modules, no framework, no build step. Which view shows follows the
// address: / the event list, /events/{id} one event (the server's HTML page, enhanced), /cancel/{id} a cancellation.
// The language switch changes the page's words and every API request's ?lang=.
import { h } from "./dom.js";
import { ENDONYMS, LANGUAGES, pageLanguage, remember, t } from "./i18n.js";
import { showList } from "./list.js";
import { showEvent } from "./event.js";
import { showCancellation } from "./cancel.js";

const language = pageLanguage();
document.documentElement.lang = language;

// One polite live region for every notice (programme changes, reconnection): announced without moving focus.
const notices = h("div", { class: "notice", id: "notice", role: "status", "aria-live": "polite", "aria-atomic": "true" });
let clearing = null;
function notice(text) {
  notices.textContent = text;
  notices.classList.add("shown");
  clearTimeout(clearing);
  clearing = setTimeout(() => notices.classList.remove("shown"), 15000);
}

function languageSwitch() {
  return h("nav", { class: "languages", "aria-label": t(language, "language") },
    h("ul", {}, LANGUAGES.map((tag) => {
      const target = new URL(location.href);
      target.searchParams.set("lang", tag);
      return h("li", {}, h("a", { href: target.pathname + target.search + target.hash, lang: tag, hreflang: tag,
        "aria-current": tag === language ? "true" : null, onclick: () => remember(tag) }, ENDONYMS[tag]));
    })));
}

async function main() {
  let header = document.querySelector("header.site");
  if (!header) {
    header = h("header", { class: "site" });
    document.body.prepend(header);
  }
  header.replaceChildren(h("a", { href: `/?lang=${language}`, class: "home" }, "Agora"), languageSwitch());
  const skip = document.querySelector("a.skip");
  if (skip) skip.textContent = t(language, skip.getAttribute("href") === "#programme" ? "skip" : "skipContent");
  document.body.append(notices);
  const main = document.getElementById("main");
  main.setAttribute("aria-busy", "true");
  const path = location.pathname;
  const event = path.match(/^\/events\/([^/]+?)(?:\.html)?$/);
  const cancel = path.match(/^\/cancel\/([^/]+)$/);
  try {
    if (event) await showEvent(main, decodeURIComponent(event[1]), language, notice);
    else if (cancel) showCancellation(main, decodeURIComponent(cancel[1]), language);
    else await showList(main, language);
  } finally {
    main.removeAttribute("aria-busy");
    document.body.dataset.ready = "true"; // for tests: the view is drawn
    performance.mark("agora-rendered"); // for Tests/Page/page_bench.py: time to a rendered programme
  }
}

main();
