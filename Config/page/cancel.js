// The cancellation page, /cancel/{id}#token=…: the token is read from the fragment, which the browser never sends
// (RFC 3986 §3.5), so it reaches no server log; it goes to the API only as the DELETE's bearer credential.
import { send } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

export function showCancellation(main, id, language) {
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  const status = h("p", { class: "form-status", role: "status" });
  const heading = h("h1", {}, t(language, "cancelTitle"));
  if (!token) {
    main.replaceChildren(heading, h("p", { class: "problem" }, t(language, "cancelNoToken")));
    return;
  }
  const button = h("button", { type: "submit" }, t(language, "cancelButton"));
  const form = h("form", { class: "cancellation" }, h("p", {}, t(language, "cancelExplain")), button, status);
  form.addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    button.disabled = true;
    let answer;
    try {
      answer = await send("DELETE", `/registrations/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${token}` }, language });
    } catch {
      status.textContent = t(language, "networkError");
      button.disabled = false;
      return;
    }
    if (answer.status === 204) {
      form.replaceChildren(h("p", { class: "receipt-status" }, t(language, "cancelDone")));
      // The token has done its work: take it out of the address bar and the history.
      history.replaceState(null, "", location.pathname + location.search);
    } else {
      status.textContent = answer.body?.detail || answer.body?.title || `HTTP ${answer.status}`;
      button.disabled = false;
    }
  });
  main.replaceChildren(heading, form);
}
