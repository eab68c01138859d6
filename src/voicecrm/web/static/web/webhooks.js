// The webhooks page: add, delete, show the secret, send a test, and each webhook's delivery log (refreshed
// every few seconds while a delivery is on its way). Everything goes through /api/webhooks.

import { api, el, toast } from "./util.js";

const texts = JSON.parse(document.getElementById("webhook-texts").textContent);
const REFRESH_MS = 2000;

function tr(key, values = {}) {
  return (texts[key] || key).replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(document.documentElement.lang) : "—";
}

/** The badge of a delivery: delivered, failed, retrying (a failed attempt, another to come), sending, pending. */
function badge(delivery) {
  let state = delivery.status;
  if (state === "pending" && delivery.attempts > 0) state = "retrying";
  const css = { delivered: "completed", failed: "failed", retrying: "retrying", sending: "processing" }[state] || "";
  return el("span", `badge ${css}`, tr(`status.${state}`));
}

function logTable(deliveries) {
  const table = el("table", "deliveries");
  const head = table.createTHead().insertRow();
  for (const key of ["col.event", "col.status", "col.attempts", "col.code", "col.error", "col.next", "col.delivered"]) {
    head.append(el("th", "", tr(key)));
  }
  const body = table.createTBody();
  for (const d of deliveries) {
    const row = body.insertRow();
    row.dataset.deliveryId = d.id;
    row.dataset.status = d.status;
    row.insertCell().append(el("code", "", d.event));
    row.insertCell().append(badge(d));
    row.insertCell().textContent = String(d.attempts);
    row.insertCell().textContent = d.status_code === null ? "—" : String(d.status_code);
    row.insertCell().textContent = d.last_error || "—";
    row.insertCell().textContent = d.status === "pending" ? when(d.next_attempt_at) : "—";
    row.insertCell().textContent = when(d.delivered_at);
  }
  return table;
}

async function refreshLog(item, id) {
  const answer = await api(`/api/webhooks/${id}/deliveries?limit=20`);
  if (!answer.ok) return false;
  const box = item.querySelector("[data-log]");
  const { results } = answer.body;
  box.replaceChildren(results.length ? logTable(results) : el("p", "muted", tr("no_deliveries")));
  return results.some((d) => d.status === "pending" || d.status === "sending");
}

function webhookItem(hook, reload) {
  const item = el("li", "card webhook");
  item.dataset.webhookId = hook.id;
  const title = el("h3", "webhook-url", hook.url);
  const meta = el("p", "muted small", hook.events.join(", ") + (hook.all_users ? ` · ${tr("all_users")}` : ""));
  const actions = el("div", "webhook-actions");
  const test = el("button", "small", tr("test"));
  test.type = "button";
  test.dataset.action = "test";
  const show = el("button", "small", tr("show_secret"));
  show.type = "button";
  show.dataset.action = "secret";
  const remove = el("button", "small danger", tr("delete"));
  remove.type = "button";
  remove.dataset.action = "delete";
  actions.append(test, show, remove);
  const secret = el("code", "webhook-secret-value");
  secret.hidden = true;
  const log = el("div", "webhook-log");
  log.dataset.log = "";
  log.setAttribute("aria-live", "polite");
  const logTitle = el("h4", "", tr("log"));
  item.append(title, meta, actions, secret, logTitle, log);

  test.addEventListener("click", async () => {
    const answer = await api(`/api/webhooks/${hook.id}/test`, { method: "POST" });
    if (!answer.ok) return toast(tr("failed", { error: answer.body.detail }), "error");
    toast(tr("test_sent"));
    await refreshLog(item, hook.id);
  });
  show.addEventListener("click", async () => {
    if (!secret.hidden) {
      secret.hidden = true;
      show.textContent = tr("show_secret");
      return;
    }
    const answer = await api(`/api/webhooks/${hook.id}/secret`);
    if (!answer.ok) return toast(tr("failed", { error: answer.body.detail }), "error");
    secret.textContent = answer.body.secret;
    secret.hidden = false;
    show.textContent = tr("hide_secret");
  });
  remove.addEventListener("click", async () => {
    if (!window.confirm(tr("confirm_delete", { url: hook.url }))) return;
    const answer = await api(`/api/webhooks/${hook.id}`, { method: "DELETE" });
    if (!answer.ok && answer.status !== 204) return toast(tr("failed", { error: answer.body.detail }), "error");
    toast(tr("deleted"));
    await reload();
  });
  return item;
}

function webhooksPage(root) {
  const list = root.querySelector("[data-webhooks-list]");
  const empty = root.querySelector("[data-webhooks-empty]");
  const form = root.querySelector("[data-webhook-add]");
  const error = root.querySelector("[data-webhook-error]");
  const newSecret = root.querySelector("[data-new-secret]");

  async function reload() {
    const answer = await api("/api/webhooks");
    list.setAttribute("aria-busy", "false");
    if (!answer.ok) return;
    list.replaceChildren(...answer.body.map((hook) => webhookItem(hook, reload)));
    empty.hidden = answer.body.length > 0;
    await refreshAll();
  }

  async function refreshAll() {
    const busy = await Promise.all([...list.querySelectorAll("[data-webhook-id]")].map(
      (item) => refreshLog(item, item.dataset.webhookId)));
    return busy.some(Boolean);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const data = new FormData(form);
    const payload = { url: data.get("url") || "", events: data.getAll("events"), all_users: data.get("all_users") === "on" };
    const answer = await api("/api/webhooks", { method: "POST", json: payload });
    if (!answer.ok) {
      error.textContent = tr("failed", { error: answer.body.detail });
      error.hidden = false;
      return;
    }
    form.reset();
    newSecret.querySelector("[data-secret-value]").textContent = answer.body.secret;
    newSecret.hidden = false;
    toast(tr("added"));
    await reload();
  });

  // The log follows deliveries on their way (retries come seconds to an hour apart): a light poll.
  setInterval(() => {
    if (!document.hidden) refreshAll();
  }, REFRESH_MS);
  reload();
}

for (const root of document.querySelectorAll("[data-webhooks]")) webhooksPage(root);
