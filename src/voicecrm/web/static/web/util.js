// Shared helpers: translated texts, API calls with the CSRF token, toasts, and region refresh.

const textsNode = document.getElementById("texts");
export const texts = textsNode ? JSON.parse(textsNode.textContent) : {};

/** A translated text with {placeholders} filled in; values are inserted as text, never as HTML. */
export function t(key, values = {}) {
  return (texts[key] || key).replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

/** Call the JSON API with the session cookie; resolves to {ok, status, body} and never throws on HTTP errors. */
export async function api(path, { method = "GET", json, form } = {}) {
  const headers = { Accept: "application/json" };
  let body;
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  const response = await fetch(path, { method, headers, body, credentials: "same-origin" });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = { detail: `HTTP ${response.status}` };
  }
  return { ok: response.ok, status: response.status, body: data };
}

/** Show a short message in the toast area (an aria-live region) for a few seconds. */
export function toast(message, kind = "success") {
  const area = document.getElementById("toasts");
  if (!area) return;
  const item = document.createElement("div");
  item.className = `toast ${kind}`;
  item.textContent = message;
  area.append(item);
  setTimeout(() => item.classList.add("leaving"), 6000);
  setTimeout(() => item.remove(), 6600);
}

/**
 * Re-render parts of the page from the server: fetch the current URL and swap the elements with the
 * given ids. The server escapes every value, so no text from the API is ever written as HTML here.
 * A region holding the keyboard focus is left alone so nobody loses their place.
 */
export async function refreshRegions(ids, { keepFocused = true } = {}) {
  const response = await fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const id of ids) {
    const current = document.getElementById(id);
    const next = fresh.getElementById(id);
    if (!current || !next) continue;
    if (keepFocused && current.contains(document.activeElement) && document.activeElement !== document.body) continue;
    current.replaceWith(document.adoptNode(next));
  }
  document.dispatchEvent(new CustomEvent("regions:refreshed", { detail: { ids } }));
}
