// The client's timeline, newest first, from /api/clients/{id}/timeline: notes (spoken or typed) with their
// recording, transcript, field changes and tasks; fields changed by hand; tasks created and done.

import { formatDue, formatMoment, userTimeZone } from "./dates.js";
import { announceChange } from "./tasks.js";
import { api, correctionForm, el, failure, t, toast } from "./util.js";

const PAGE = 20;

function heading(icon, text, at, zone) {
  const head = el("h3", "entry-head");
  head.append(el("span", "entry-icon", icon), el("span", "entry-kind", text));
  head.firstChild.setAttribute("aria-hidden", "true");
  if (at) {
    const time = el("time", "muted small", formatMoment(at, zone));
    time.dateTime = at;
    head.append(" ", time);
  }
  return head;
}

function fieldLabel(name) {
  return t(`field.${name}`) === `field.${name}` ? name : t(`field.${name}`);
}

function change(field, oldValue, newValue) {
  const line = el("span", "change");
  line.append(el("span", "field-name", fieldLabel(field)), " ",
    el("span", oldValue ? "old" : "muted", oldValue || t("empty_value")), " → ",
    el("span", newValue ? "new" : "muted", newValue || t("empty_value")));
  return line;
}

function taskLine(task) {
  const li = el("li", task.done ? "done" : "");
  li.append(el("span", "task-title", task.title));
  if (task.due) {
    const due = el("time", "muted", ` — ${formatDue(task.due)}`);
    due.dateTime = task.due;
    li.append(due);
  }
  if (task.done) li.append(el("span", "badge completed", "✓"));
  return li;
}

/** Correct what was heard (or what was typed instead) and apply it again: POST /api/audio/{id}/reprocess, then the
 * page's recorder follows the job and the timeline reloads when it is done. */
function correction(recordId, text) {
  const details = el("details", "correct-toggle");
  const form = correctionForm(recordId, text, {
    onRefused: (answer) => toast(failure(answer), "error"),
    onQueued: () => {
      details.open = false;
      toast(t("retried"));
      document.dispatchEvent(new CustomEvent("recording:queued", { detail: { id: recordId } }));
    },
  });
  details.append(el("summary", "", t("correct_action")), form);
  return details;
}

/** A recording's player and its transcript behind a disclosure (the corrected text first, when there is one). */
function recordingParts(recordId, transcription, editedText) {
  const parts = [];
  if (recordId) {
    const audio = el("audio");
    Object.assign(audio, { controls: true, preload: "none", src: `/api/audio/${recordId}/file` });
    audio.setAttribute("aria-label", t("play_recording", { id: recordId }));
    parts.push(audio);
  }
  if (editedText) {
    const details = el("details", "transcript-toggle");
    details.append(el("summary", "", t("transcript_corrected")), el("blockquote", "transcript", editedText));
    if (transcription) details.append(el("p", "muted small", t("transcript_heard", { text: transcription })));
    parts.push(details);
  } else if (transcription) {
    const details = el("details", "transcript-toggle");
    details.append(el("summary", "", t("transcript")), el("blockquote", "transcript", transcription));
    parts.push(details);
  }
  if (recordId) parts.push(correction(recordId, editedText || transcription));
  return parts;
}

/** The note, the recording and the tasks of an interaction (the timeline's and the Inbox's). */
export function interactionBody(item) {
  const parts = [];
  parts.push(item.note ? el("p", "note", item.note) : el("p", "note empty", t("no_note")));
  if (item.tasks && item.tasks.length) {
    const tasks = el("div", "entry-tasks");
    const list = el("ul");
    list.append(...item.tasks.map(taskLine));
    tasks.append(el("strong", "", t("tasks_of_note")), list);
    parts.push(tasks);
  }
  parts.push(...recordingParts(item.audio_record_id, item.transcription, item.edited_text));
  return parts;
}

function entry(item, zone) {
  const li = el("li", `entry entry-${item.kind}`);
  li.dataset.kind = item.kind;
  if (item.kind === "interaction") {
    li.dataset.interactionId = item.id;
    // The anchor a search result links to (/clients/{id}/#interaction-{id}).
    li.id = `interaction-${item.id}`;
    const voice = item.source === "voice";
    li.append(heading(voice ? "🎙️" : "✍️", t(voice ? "voice_note" : "typed_note"), item.at, zone));
    if (item.audio_record_id) li.querySelector("h3").append(el("span", "muted small", ` · ${t("recording_link", { id: item.audio_record_id })}`));
    const body = interactionBody(item);
    li.append(...body);
    if (item.changes && item.changes.length) {
      const changes = el("div", "entry-changes");
      const list = el("ul");
      for (const c of item.changes) {
        const row = el("li");
        row.dataset.changeField = c.field;
        row.append(change(c.field, c.old_value, c.new_value));
        list.append(row);
      }
      changes.append(el("strong", "", t("fields_changed")), list);
      // The changes go before the player, after the note and its tasks.
      li.insertBefore(changes, li.querySelector("audio, details") || null);
    }
  } else if (item.kind === "change") {
    // One row per change (a phone shows many of them): the field, old → new, when, and by whom.
    li.dataset.changeField = item.field;
    li.classList.add("entry-compact");
    const head = heading("✏️", t("field_changed", { field: fieldLabel(item.field) }), item.at, zone);
    head.querySelector(".entry-kind").classList.add("visually-hidden");
    head.insertBefore(change(item.field, item.old_value, item.new_value), head.querySelector("time"));
    const by = item.audio_record_id ? t("recording_link", { id: item.audio_record_id })
      : item.changed_by ? t("by_user", { name: item.changed_by }) : "";
    if (by) head.append(el("span", "muted small", ` · ${by}`));
    li.append(head);
  } else if (item.kind === "task") {
    const done = item.event === "done";
    li.dataset.event = item.event;
    li.append(heading(done ? "✅" : "📅", t(done ? "task_event_done" : "task_event_created"), item.at, zone));
    const p = el("p");
    p.append(el("span", "task-title", item.task.title));
    if (item.task.due) p.append(el("span", "muted", ` — ${t("due_on", { due: formatDue(item.task.due) })}`));
    li.append(p);
  }
  return li;
}

/** The timeline of one client, paged by PAGE; a typed note goes on top of it. */
export class Timeline {
  constructor(root) {
    this.list = root.querySelector("[data-timeline]");
    this.clientId = this.list.dataset.clientId;
    this.more = root.querySelector("[data-timeline-more]");
    this.shown = 0;
    this.more.addEventListener("click", () => this.load({ append: true }));
    const form = root.querySelector("[data-note-add]");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.addNote(form);
    });
    // Tasks ticked or added, recordings processed: the newest entries change.
    document.addEventListener("crm:changed", () => this.load());
    document.addEventListener("recording:completed", () => this.load());
    this.load().then(() => this.reveal());
  }

  /** Scroll to the entry the address names (#interaction-{id}, from a search result), loading older pages
   * until it is shown (at most 10). */
  async reveal() {
    const target = window.location.hash.match(/^#interaction-\d+$/) ? window.location.hash.slice(1) : null;
    if (!target) return;
    for (let page = 0; !document.getElementById(target) && !this.more.hidden && page < 10; page++) {
      await this.load({ append: true });
    }
    const node = document.getElementById(target);
    if (!node) return;
    node.classList.add("target");
    node.tabIndex = -1;
    node.scrollIntoView({ block: "center" });
    node.focus({ preventScroll: true });
  }

  /** The first page again, or (`append`) the next one; after "show older", focus goes to the first new entry. */
  async load({ append = false } = {}) {
    const offset = append ? this.shown : 0;
    const limit = append ? PAGE : Math.max(PAGE, this.shown);
    this.list.setAttribute("aria-busy", "true");
    const [answer, zone] = await Promise.all([
      api(`/api/clients/${this.clientId}/timeline?limit=${limit}&offset=${offset}`), userTimeZone()]);
    this.list.removeAttribute("aria-busy");
    if (!answer.ok) {
      this.list.replaceChildren(el("li", "error", t("load_failed", { error: answer.body.detail || answer.status })));
      return;
    }
    const entries = answer.body.results.map((item) => entry(item, zone));
    if (append) this.list.append(...entries);
    else this.list.replaceChildren(...entries);
    this.shown = offset + answer.body.results.length;
    if (!this.shown) this.list.append(el("li", "empty", t("no_timeline")));
    this.more.hidden = this.shown >= answer.body.count;
    if (append && entries.length) {
      entries[0].tabIndex = -1;
      entries[0].focus();
    }
  }

  async addNote(form) {
    const text = form.elements.note.value.trim();
    if (!text) {
      toast(t("note_empty"), "error");
      form.elements.note.focus();
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const answer = await api(`/api/clients/${this.clientId}/interactions`, { method: "POST", json: { note: text } });
    button.disabled = false;
    if (!answer.ok) {
      toast(failure(answer), "error");
      return;
    }
    form.reset();
    toast(t("note_added"));
    // A typed note may hold follow-ups too: the tasks card listens for it.
    document.dispatchEvent(new CustomEvent("note:added"));
    announceChange();
  }
}
