// The Inbox: notes that named no client, from /api/inbox. Each can be attached to a client (the most recent ones
// are offered at once, a search finds the others) or turned into a new client prefilled with what was heard.

import { formatMoment, userTimeZone } from "./dates.js";
import { interactionBody } from "./timeline.js";
import { api, el, failure, setNavCount, t, toast } from "./util.js";

const NEW_CLIENT_FIELDS = ["first_name", "last_name", "company", "job_title", "city", "phone", "email", "age", "budget"];
const SUGGESTED = 5;
const SEARCH_DELAY_MS = 250;

/** The header's Inbox count. */
export async function refreshInboxCount() {
  const answer = await api("/api/inbox?limit=1");
  if (answer.ok) setNavCount("[data-inbox-count]", answer.body.count, "inbox_count");
}

function clientName(client) {
  return [client.first_name, client.last_name].filter(Boolean).join(" ") || `#${client.id}`;
}

/** What was heard, as {field: value}: the API gives a value, or {value, confidence, evidence}. */
function heardValues(fields) {
  const values = {};
  for (const [name, heard] of Object.entries(fields || {})) {
    const value = heard !== null && typeof heard === "object" ? heard.value : heard;
    if (value !== null && value !== undefined && value !== "") values[name] = String(value);
  }
  return values;
}

let recentClients;

function recent() {
  recentClients ??= api(`/api/clients?limit=${SUGGESTED}`).then((answer) => (answer.ok ? answer.body.results : []));
  return recentClients;
}

let uid = 0;

class InboxItem {
  constructor(item, zone, onDone) {
    this.item = item;
    this.onDone = onDone;
    this.id = ++uid;
    this.node = el("li", "card inbox-item");
    this.node.dataset.interactionId = item.id;
    const head = el("h2", "entry-head");
    head.append(el("span", "entry-icon", item.source === "typed" ? "✍️" : "🎙️"),
      el("span", "entry-kind", t(item.source === "typed" ? "typed_note" : "voice_note")), " ");
    head.firstChild.setAttribute("aria-hidden", "true");
    const time = el("time", "muted small", formatMoment(item.at, zone));
    time.dateTime = item.at;
    head.append(time);
    if (item.audio_record_id) head.append(el("span", "muted small", ` · ${t("recording_link", { id: item.audio_record_id })}`));
    this.node.append(head, ...interactionBody(item));
    const heard = heardValues(item.fields);
    if (Object.keys(heard).length) {
      const text = Object.entries(heard).map(([name, value]) => `${t(`field.${name}`)} ${value}`).join(" · ");
      this.node.append(el("p", "muted small heard", t("heard", { fields: text })));
    }
    this.node.append(this.picker(), this.newClientForm(heard));
  }

  /** "Attach to …" buttons: recent clients at once, search results as one types. */
  picker() {
    const box = el("div", "picker");
    const id = `picker-${this.id}`;
    const label = el("label", "", t("find_client"));
    label.htmlFor = id;
    const input = el("input");
    Object.assign(input, { type: "search", id, autocomplete: "off" });
    const results = el("ul", "picker-results");
    results.setAttribute("aria-live", "polite");
    results.setAttribute("aria-label", t("clients_found"));
    box.append(label, input, results);
    const show = (clients, search) => {
      results.replaceChildren(...clients.map((client) => {
        const li = el("li");
        const button = el("button", "small", t("attach_to", { name: clientName(client) }));
        button.type = "button";
        button.dataset.attach = client.id;
        const more = [client.company, client.city].filter(Boolean).join(", ");
        if (more) button.append(el("span", "muted small", ` (${more})`));
        button.addEventListener("click", () => this.assign({ client_id: client.id }, button));
        li.append(button);
        return li;
      }));
      if (!clients.length && search) results.append(el("li", "muted", t("no_match", { search })));
    };
    recent().then((clients) => show(clients, ""));
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const search = input.value.trim();
        if (!search) {
          show(await recent(), "");
          return;
        }
        const answer = await api(`/api/clients?limit=8&search=${encodeURIComponent(search)}`);
        if (answer.ok && input.value.trim() === search) show(answer.body.results, search);
      }, SEARCH_DELAY_MS);
    });
    return box;
  }

  /** A new client from the note: the fields heard, editable, then one button. */
  newClientForm(heard) {
    const details = el("details", "new-client");
    details.append(el("summary", "", t("new_client_from_note")));
    const form = el("form", "new-client-form");
    const names = [...new Set([...NEW_CLIENT_FIELDS.filter((name) => name in heard || ["first_name", "last_name"].includes(name)),
      ...Object.keys(heard).filter((name) => name !== "notes")])];
    for (const name of names) {
      const id = `new-${this.id}-${name}`;
      const label = el("label", "", t(`field.${name}`));
      label.htmlFor = id;
      const input = el("input");
      Object.assign(input, { id, name, value: heard[name] || "" });
      form.append(label, input);
    }
    const button = el("button", "primary", t("create_client"));
    button.type = "submit";
    form.append(button);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const fields = {};
      for (const input of form.querySelectorAll("input")) if (input.value.trim()) fields[input.name] = input.value.trim();
      this.assign({ new_client: true, fields }, button);
    });
    details.append(form);
    return details;
  }

  async assign(json, button) {
    button.disabled = true;
    const answer = await api(`/api/interactions/${this.item.id}/assign`, { method: "POST", json });
    if (!answer.ok) {
      button.disabled = false;
      toast(failure(answer), "error");
      return;
    }
    const name = answer.body.client_name || `#${answer.body.client_id}`;
    const message = t(json.new_client ? "new_client_made" : "attached", { name });
    toast(message);
    // The item becomes a line saying where the note went, focused so that keyboard users keep their place.
    const line = el("p", "assigned", `${message} `);
    line.tabIndex = -1;
    const link = el("a", "", t("open_client"));
    link.href = `/clients/${answer.body.client_id}/`;
    line.append(link);
    this.node.classList.add("assigned");
    this.node.replaceChildren(line);
    line.focus();
    recentClients = undefined;
    this.onDone();
  }
}

export async function inboxPage(root) {
  const list = root.querySelector("[data-inbox-list]");
  const [answer, zone] = await Promise.all([api("/api/inbox"), userTimeZone()]);
  list.removeAttribute("aria-busy");
  if (!answer.ok) {
    list.replaceChildren(el("li", "error", t("load_failed", { error: answer.body.detail || answer.status })));
    return;
  }
  const items = answer.body.results.map((item) => new InboxItem(item, zone, refreshInboxCount));
  list.replaceChildren(...items.map((item) => item.node));
  if (!items.length) list.append(el("li", "empty", t("inbox_empty")));
}
