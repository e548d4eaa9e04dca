// Every byte of data the page shows comes from the public API through these functions, exactly as a page on another
// origin would read it (CORS answers any origin on public reads): `?lang=` for the texts, `If-None-Match` with the
// ETag of what we hold (a 304 costs the server no rendering), problems as application/problem+json.

/// Where the API is: this server by default; <meta name="agora-api" content="https://agora.example.lu"> in a copy of
/// the page served elsewhere points it at another origin.
export const API = (document.querySelector('meta[name="agora-api"]')?.content || "").replace(/\/$/, "");

const held = new Map(); // URL → { etag, body }: what we last read, revalidated with If-None-Match.

export class Problem extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

/// The URL of `path` with `params` (undefined and "" left out).
export function url(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.append(name, value);
  }
  const text = query.toString();
  return API + path + (text ? `?${text}` : "");
}

/// GET JSON. Resolves to the body; a problem rejects with a Problem.
export async function getJSON(path, params = {}, language) {
  const address = url(path, params);
  const headers = { Accept: "application/json" };
  if (language) headers["Accept-Language"] = language; // for problems; ?lang= decides the texts
  const cached = held.get(address);
  if (cached) headers["If-None-Match"] = cached.etag;
  const response = await fetch(address, { headers, cache: "no-cache" });
  if (response.status === 304 && cached) return cached.body;
  const body = await readBody(response);
  if (!response.ok) throw new Problem(response.status, body);
  const etag = response.headers.get("ETag");
  if (etag) held.set(address, { etag, body });
  return body;
}

/// A request with a JSON body (registrations) or none (cancellation). Resolves to {status, headers, body}.
export async function send(method, path, { body, headers = {}, language } = {}) {
  const all = { Accept: "application/json", ...headers };
  if (language) all["Accept-Language"] = language;
  if (body !== undefined) all["Content-Type"] = "application/json";
  const response = await fetch(url(path), { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: await readBody(response) };
}

async function readBody(response) {
  const type = response.headers.get("Content-Type") || "";
  if (response.status === 204 || response.status === 304) return null;
  if (type.includes("json")) return response.json();
  return response.text();
}
