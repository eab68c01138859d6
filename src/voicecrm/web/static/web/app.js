// Entry point: wires each page's parts; every page loads only this module.

import { clientActions } from "./clients.js";
import { importPage } from "./import.js";
import { inboxPage, refreshInboxCount } from "./inbox.js";
import { Recorder } from "./recorder.js";
import { followBrowserTimeZone, settingsSection } from "./settings.js";
import { clientTasks, refreshDueCount, tasksPage } from "./tasks.js";
import { Timeline } from "./timeline.js";
import { api, failure, refreshRegions, t, toast } from "./util.js";

const user = document.body.dataset.user;
if (user) {
  followBrowserTimeZone(user);
  refreshInboxCount();
}

// The language menu submits itself (a <noscript> button covers browsers without scripts).
for (const select of document.querySelectorAll("select[data-autosubmit]")) {
  select.addEventListener("change", () => select.form.submit());
}

function highlight(selector) {
  const node = document.querySelector(selector);
  if (!node) return;
  node.classList.add("fresh");
  setTimeout(() => node.classList.remove("fresh"), 4000);
}

const CLIENT_REGIONS = ["client-head", "client-fields", "history", "recordings", "suggestions"];

for (const root of document.querySelectorAll("[data-recorder]")) {
  new Recorder(root, {
    onCompleted: async (state) => {
      document.dispatchEvent(new CustomEvent("recording:completed", { detail: state }));
      if (state.tasks && state.tasks.length) refreshDueCount();
      if (state.inbox) refreshInboxCount();
      if (root.dataset.clientId) {
        await refreshRegions(CLIENT_REGIONS);
        for (const field of Object.keys(state.fields || {})) highlight(`#client-fields [data-field="${CSS.escape(field)}"]`);
      } else {
        await refreshRegions(["clients"]);
        if (state.client_id) highlight(`#clients tr[data-client-id="${state.client_id}"]`);
      }
    },
  });
}

// --- Client page: open tasks and the timeline; tasks page; Inbox -------------------------------------

for (const root of document.querySelectorAll("[data-client-tasks]")) clientTasks(root);
for (const root of document.querySelectorAll(".client-timeline")) new Timeline(root);
for (const root of document.querySelectorAll("[data-tasks-page]")) tasksPage(root);
for (const root of document.querySelectorAll("[data-settings]")) settingsSection(root, user);
for (const root of document.querySelectorAll("[data-inbox]")) inboxPage(root);
for (const root of document.querySelectorAll("[data-import]")) importPage(root);
if (document.querySelector("[data-client-delete]")) clientActions(document.getElementById("main"));

// --- Client page: inline edit, validated by the API's PATCH ------------------------------------------

function fieldInput(form) {
  return form.querySelector("input, textarea");
}

function setDirty(form, dirty) {
  form.querySelector(".field-actions").hidden = !dirty;
  form.classList.toggle("dirty", dirty);
}

document.addEventListener("input", (event) => {
  const form = event.target.closest("form[data-field]");
  if (form) setDirty(form, fieldInput(form).value !== fieldInput(form).dataset.initial);
});

document.addEventListener("keydown", (event) => {
  const form = event.target.closest("form[data-field]");
  if (form && event.key === "Escape") {
    const input = fieldInput(form);
    input.value = input.dataset.initial;
    setDirty(form, false);
  }
});

document.addEventListener("click", (event) => {
  const cancel = event.target.closest("form[data-field] [data-cancel]");
  if (!cancel) return;
  const form = cancel.closest("form");
  const input = fieldInput(form);
  input.value = input.dataset.initial;
  setDirty(form, false);
  input.focus();
});

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-field]");
  if (!form) return;
  event.preventDefault();
  const region = form.closest("[data-client-id]");
  const input = fieldInput(form);
  const name = form.dataset.field;
  const message = form.querySelector(".field-msg");
  message.className = "field-msg";
  const answer = await api(`/api/clients/${region.dataset.clientId}`, { method: "PATCH", json: { [name]: input.value } });
  if (!answer.ok) {
    message.textContent = failure(answer);
    message.classList.add("error");
    input.setAttribute("aria-invalid", "true");
    return;
  }
  const stored = answer.body[name];
  input.value = stored === null ? "" : String(stored);
  input.dataset.initial = input.value;
  input.removeAttribute("aria-invalid");
  setDirty(form, false);
  message.textContent = t("saved");
  document.dispatchEvent(new CustomEvent("crm:changed"));
  // A phone number is stored in E.164; the page shows it as the user reads it (national or international).
  await refreshRegions(["client-head", "history"]);
  if (name === "phone") {
    const hadFocus = form.contains(document.activeElement);
    await refreshRegions([form.id], { keepFocused: false });
    const fresh = document.getElementById(form.id);
    fresh.querySelector(".field-msg").textContent = t("saved");
    if (hadFocus) fieldInput(fresh).focus();
  }
});

// --- Client page: suggestions --------------------------------------------------------------------

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-suggestion-action]");
  if (!button) return;
  button.disabled = true;
  const { record, field, suggestionAction } = button.dataset;
  const answer = await api(`/api/audio/${record}/suggestions/${encodeURIComponent(field)}/${suggestionAction}`, { method: "POST" });
  if (!answer.ok) {
    button.disabled = false;
    toast(failure(answer), "error");
  }
  await refreshRegions(CLIENT_REGIONS, { keepFocused: false });
  document.dispatchEvent(new CustomEvent("crm:changed"));
  document.getElementById("suggestions-title")?.focus();
});

// --- Jobs page: retry one or all, and a quiet refresh ----------------------------------------------
// The counters and the lists are one region drawn from one response: they are always redrawn together
// (never one part kept because it holds the focus); the focus is put back on the same control, or the heading.

const JOB_BOARD = "jobs-board";

async function refreshJobs(fallbackFocus) {
  const focused = document.activeElement;
  const board = document.getElementById(JOB_BOARD);
  const focusId = board && board.contains(focused) ? focused.id : "";
  await refreshRegions([JOB_BOARD], { keepFocused: false });
  const again = focusId && document.getElementById(focusId);
  if (again) again.focus();
  else if (fallbackFocus || (board && board.contains(focused))) document.getElementById(fallbackFocus || "failed-title")?.focus();
}

document.addEventListener("click", async (event) => {
  const one = event.target.closest("[data-retry]");
  const all = event.target.closest("[data-retry-all]");
  if (!one && !all) return;
  (one || all).disabled = true;
  const answer = one
    ? await api(`/api/audio/${one.dataset.retry}/retry`, { method: "POST" })
    : await api(`/api/audio/retry-failed${all.hasAttribute("data-all-users") ? "?all_users=true" : ""}`, { method: "POST" });
  if (answer.ok) toast(one ? t("retried") : t("retried_n", { n: answer.body.retried }));
  else toast(failure(answer), "error");
  await refreshJobs("failed-title");
});

if (document.querySelector("[data-autorefresh]")) {
  setInterval(() => {
    if (!document.hidden) refreshJobs();
  }, 5000);
}
