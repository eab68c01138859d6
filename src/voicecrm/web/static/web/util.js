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

/** Call the JSON API with the session cookie; resolves to {ok, status, body, headers} and never throws on HTTP
 * errors. */
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
  return { ok: response.ok, status: response.status, body: data, headers: response.headers };
}

/** An element with a class and a text (never HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The error of a failed API answer, as a sentence for the user. */
export function failure(answer) {
  return t("save_failed", { error: answer.body.detail || `HTTP ${answer.status}` });
}

/**
 * Show a short message in the toast area (an aria-live region) for a few seconds; `link` ({href, text}) adds
 * a link after it, and the toast then stays longer (whatever it links to is also reachable from the page).
 */
export function toast(message, kind = "success", link = null) {
  const area = document.getElementById("toasts");
  if (!area) return;
  const item = el("div", `toast ${kind}`, message);
  if (link) {
    const anchor = el("a", "", link.text);
    anchor.href = link.href;
    item.append(" ", anchor);
  }
  area.append(item);
  const stay = link ? 12000 : 6000;
  setTimeout(() => item.classList.add("leaving"), stay);
  setTimeout(() => item.remove(), stay + 600);
}

/** Set a count in the header (tasks due, Inbox): the number shown, and a sentence for screen readers. */
export function setNavCount(selector, n, key) {
  const node = document.querySelector(selector);
  if (!node) return;
  node.classList.toggle("zero", !n);
  node.firstElementChild.textContent = String(n);
  node.lastElementChild.textContent = ` (${t(key, { n })})`;
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

/**
 * The form that corrects a recording's transcript (or takes a typed note) and applies it again:
 * POST /api/audio/{id}/reprocess with the text. `onQueued()` runs after 202; `onRefused(answer)` otherwise.
 * `textClass` names the textarea (the recording card's is "transcript").
 */
export function correctionForm(recordId, text, { onQueued, onRefused, textClass = "correction-text" }) {
  const form = el("form", "correction");
  const label = el("label", "", t("correct_transcript"));
  const area = el("textarea", textClass);
  area.value = text || "";
  area.rows = 3;
  label.append(area);
  const apply = el("button", "primary small", t("apply_text"));
  apply.type = "submit";
  form.append(label, apply);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    apply.disabled = true;
    const answer = await api(`/api/audio/${recordId}/reprocess`, { method: "POST", json: { text: area.value } });
    apply.disabled = false;
    if (answer.status !== 202) onRefused(answer);
    else onQueued();
  });
  return form;
}
