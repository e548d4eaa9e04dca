// The registration form. Every problem the server finds is shown next to its field, from the problem+json
// `errors[].pointer` (RFC 9457, RFC 6901), in the page's language (the request's Accept-Language). Each submission
// carries an Idempotency-Key: the same form sent again (a double click, a retry after a dropped connection) reuses
// it, so the server registers once and answers the retry with the same registration; a changed form gets a new key.
import { send } from "./api.js";
import { h } from "./dom.js";
import { t, languageName } from "./i18n.js";

const FIELDS = ["name", "email", "organisation", "language", "slotId", "consent"];

export function registrationForm(event, programme, language) {
  const groups = programme.items.filter((slot) => slot.kind === "workingGroup");
  const field = (name, label, input) => h("div", { class: "field", "data-field": name },
    h("label", { for: `registration-${name}` }, label), input,
    h("p", { class: "error", id: `registration-${name}-error`, hidden: true }));
  const input = (name, type, autocomplete) => h("input", { id: `registration-${name}`, name, type, autocomplete,
    "aria-describedby": `registration-${name}-error` });
  const status = h("p", { class: "form-status", role: "status" });
  const receipt = h("div", { class: "receipt", hidden: true, tabindex: "-1" });
  const button = h("button", { type: "submit" }, t(language, "register"));
  const consent = h("div", { class: "field consent", "data-field": "consent" },
    h("input", { id: "registration-consent", name: "consent", type: "checkbox", "aria-describedby": "registration-consent-error" }),
    h("label", { for: "registration-consent" }, t(language, "consent")),
    h("p", { class: "error", id: "registration-consent-error", hidden: true }));
  const form = h("form", { class: "registration", novalidate: true, "aria-labelledby": "registration-heading" },
    field("name", t(language, "name"), input("name", "text", "name")),
    field("email", t(language, "email"), input("email", "email", "email")),
    field("organisation", t(language, "organisation"), input("organisation", "text", "organization")),
    field("language", t(language, "preferredLanguage"), h("select", { id: "registration-language", name: "language",
      "aria-describedby": "registration-language-error" },
      (event.languages.length ? event.languages : [language]).map((tag) =>
        h("option", { value: tag, selected: tag === language ? true : null }, languageName(language, tag))))),
    groups.length ? field("slotId", t(language, "workingGroup"), h("select", { id: "registration-slotId", name: "slotId",
      "aria-describedby": "registration-slotId-error" },
      h("option", { value: "" }, t(language, "noWorkingGroup")),
      groups.map((slot) => h("option", { value: slot.id }, slot.trackName ? `${slot.trackName}: ${slot.title}` : slot.title)))) : null,
    consent, button, status);

  let pending = null; // { body (as text), key, promise }: the submission under way or last refused for the network.
  form.addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    const body = read(form);
    const text = JSON.stringify(body);
    // A second click while the first is under way waits for the same answer instead of sending again.
    if (pending?.promise && pending.body === text) return pending.promise;
    const key = pending && pending.body === text ? pending.key : crypto.randomUUID();
    pending = { body: text, key };
    button.disabled = true;
    status.textContent = t(language, "sending");
    pending.promise = submit(event, body, key, language, { form, status, receipt, button })
      .then((outcome) => { if (outcome !== "network") pending = outcome === "done" ? { body: text, key } : null; else pending.promise = null; })
      .finally(() => { button.disabled = false; });
    return pending.promise;
  });
  return h("section", { class: "register", id: "register" },
    h("h2", { id: "registration-heading" }, t(language, "registerTitle")), form, receipt);
}

function read(form) {
  const data = new FormData(form);
  const body = { name: data.get("name")?.trim() ?? "", email: data.get("email")?.trim() ?? "", consent: data.get("consent") === "on" };
  const organisation = data.get("organisation")?.trim();
  if (organisation) body.organisation = organisation;
  if (data.get("language")) body.language = data.get("language");
  if (data.get("slotId")) body.slotId = data.get("slotId");
  return body;
}

async function submit(event, body, key, language, { form, status, receipt }) {
  clearErrors(form);
  let answer;
  try {
    answer = await send("POST", `/events/${encodeURIComponent(event.id)}/registrations`,
      { body, headers: { "Idempotency-Key": key }, language });
  } catch {
    status.textContent = t(language, "networkError");
    return "network";
  }
  if (answer.status === 201) {
    showReceipt(answer.body, event, language, { form, status, receipt });
    return "done";
  }
  const problem = answer.body || {};
  const unplaced = [];
  for (const issue of problem.errors || []) {
    const name = (issue.pointer || "").split("/")[1];
    if (FIELDS.includes(name) && form.querySelector(`[data-field="${name}"]`)) showError(form, name, issue.detail);
    else unplaced.push(issue.detail);
  }
  status.textContent = problem.errors?.length && !unplaced.length ? t(language, "fixFields")
    : [problem.detail || problem.title, ...unplaced].filter(Boolean).join(" ");
  form.querySelector('[aria-invalid="true"]')?.focus();
  return "refused";
}

function showError(form, name, detail) {
  const error = form.querySelector(`#registration-${name}-error`);
  error.textContent = detail;
  error.hidden = false;
  form.querySelector(`#registration-${name}`)?.setAttribute("aria-invalid", "true");
}

function clearErrors(form) {
  for (const error of form.querySelectorAll(".error")) { error.hidden = true; error.textContent = ""; }
  for (const invalid of form.querySelectorAll("[aria-invalid]")) invalid.removeAttribute("aria-invalid");
}

/// The receipt: the status, the person's .ics and the cancellation link, whose token is in the fragment (never sent
/// to a server, so never in an access log).
function showReceipt(registration, event, language, { form, status, receipt }) {
  form.hidden = true;
  status.textContent = "";
  const token = registration.cancellationToken;
  const id = encodeURIComponent(registration.id);
  const cancel = token ? new URL(`/cancel/${id}?lang=${language}#token=${encodeURIComponent(token)}`, location.href).href : null;
  receipt.replaceChildren(
    h("p", { class: "receipt-status" }, t(language, registration.status === "waitlisted" ? "waitlisted" : "confirmed")),
    token ? h("p", {}, h("a", { href: `/registrations/${id}/calendar.ics?token=${encodeURIComponent(token)}`, class: "ics" },
      t(language, "addToCalendar"))) : null,
    cancel ? h("p", {}, t(language, "cancelLink"), h("br"), h("a", { href: cancel, class: "cancel-link" }, cancel)) : null);
  receipt.hidden = false;
  receipt.focus();
}
