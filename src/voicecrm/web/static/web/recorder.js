// The recorder: microphone (MediaRecorder) or dropped files → upload → follow each job (long polling of its
// status, every 2 s where the server does not hold the request).

import { formatDue, localIso } from "./dates.js";
import { api, correctionForm, el, t, toast } from "./util.js";

const POLL_MS = 2000;
const MAX_RECORDING_MS = 10 * 60 * 1000;
// Chromium and Firefox record webm/opus; Safari only mp4 (AAC).
const MIME_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/mp4;codecs=mp4a.40.2", "audio/mp4", "audio/ogg;codecs=opus"];

function extensionFor(type) {
  if (type.includes("mp4")) return "m4a";
  if (type.includes("ogg")) return "ogg";
  return "webm";
}

/** One recording's card: its title, the messages it went through, the current one, its error and actions. */
class JobCard {
  constructor(list, title) {
    this.node = el("li", "job-card");
    this.title = el("strong", "job-title", title);
    this.status = el("p", "job-status");
    this.steps = el("ol", "job-steps");
    this.steps.setAttribute("aria-hidden", "true");
    this.error = el("p", "error");
    this.error.hidden = true;
    this.actions = el("div", "job-actions");
    this.node.append(this.title, this.status, this.steps, this.error, this.actions);
    list.prepend(this.node);
    this.started = performance.now();
    this.last = null;
    this.shown = new Set();
  }

  /** Show a status message; each new one is also kept in the list of steps, with the time it appeared. */
  show(key, values = {}) {
    const message = t(key, values);
    if (message === this.last) return;
    this.last = message;
    this.shown.add(key);
    this.node.dataset.state = key;
    this.status.textContent = message;
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    const step = el("li", "", message);
    step.append(el("span", "muted small", ` ${t("seconds", { n: seconds })}`));
    this.steps.append(step);
  }

  fail(message) {
    this.error.textContent = message;
    this.error.hidden = false;
  }
}

function link(href, text) {
  const anchor = el("a", "", text);
  anchor.href = href;
  return anchor;
}

/** When a chosen file was recorded, as far as the browser knows: its modification time, unless it is unset or
 * in the future (then: now). */
function fileMoment(file) {
  const now = Date.now();
  return new Date(file.lastModified > 0 && file.lastModified <= now ? file.lastModified : now);
}

export class Recorder {
  constructor(root, { onCompleted } = {}) {
    this.root = root;
    this.clientId = root.dataset.clientId || "";
    this.onCompleted = onCompleted || (() => {});
    this.button = root.querySelector("[data-record]");
    this.label = root.querySelector("[data-record-label]");
    this.live = root.querySelector("[data-live]");
    this.timer = root.querySelector("[data-timer]");
    this.level = root.querySelector("[data-level]");
    this.micMessage = root.querySelector("[data-mic-message]");
    this.language = root.querySelector("[data-language]");
    this.jobs = root.querySelector("[data-jobs]");
    this.button.addEventListener("click", () => (this.mediaRecorder ? this.stop() : this.start()));
    this.setUpDrop(root.querySelector("[data-drop]"), root.querySelector("[data-file]"));
    for (const id of (root.dataset.active || "").split(",").filter(Boolean)) {
      const card = new JobCard(this.jobs, t("recording_n", { id }));
      card.show("pending");
      this.follow(Number(id), card, 0);
    }
    // A recording queued again elsewhere on the page (a transcript corrected on the timeline): follow it here.
    document.addEventListener("recording:queued", (event) => {
      const card = new JobCard(this.jobs, t("recording_n", { id: event.detail.id }));
      card.show("pending");
      this.follow(Number(event.detail.id), card, 0);
    });
  }

  micProblem(key, values) {
    this.micMessage.textContent = t(key, values);
    this.micMessage.hidden = false;
  }

  async start() {
    this.micMessage.hidden = true;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
      this.micProblem("mic_unsupported");
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      if (error.name === "NotAllowedError" || error.name === "SecurityError") this.micProblem("mic_denied");
      else if (error.name === "NotFoundError" || error.name === "OverconstrainedError") this.micProblem("mic_missing");
      else this.micProblem("mic_error", { error: error.message || error.name });
      return;
    }
    const mimeType = MIME_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    const startedAt = new Date();
    const chunks = [];
    recorder.addEventListener("dataavailable", (event) => event.data.size && chunks.push(event.data));
    recorder.addEventListener("stop", () => {
      const type = recorder.mimeType || mimeType || "audio/webm";
      const blob = new Blob(chunks, { type });
      stream.getTracks().forEach((track) => track.stop());
      if (blob.size) this.submit(blob, `recording.${extensionFor(type)}`, startedAt);
    });
    recorder.start(1000);
    this.mediaRecorder = recorder;
    this.startMeter(stream);
    this.startedAt = performance.now();
    this.tick = setInterval(() => this.updateTimer(), 250);
    this.updateTimer();
    this.live.hidden = false;
    this.button.classList.add("recording");
    this.button.setAttribute("aria-pressed", "true");
    this.label.textContent = t("stop");
    this.limit = setTimeout(() => this.stop(), MAX_RECORDING_MS);
  }

  stop() {
    const recorder = this.mediaRecorder;
    if (!recorder) return;
    this.mediaRecorder = null;
    clearInterval(this.tick);
    clearTimeout(this.limit);
    cancelAnimationFrame(this.frame);
    if (this.audioContext) this.audioContext.close();
    this.audioContext = null;
    recorder.stop();
    this.live.hidden = true;
    this.level.value = 0;
    this.button.classList.remove("recording");
    this.button.setAttribute("aria-pressed", "false");
    this.label.textContent = t("start");
  }

  updateTimer() {
    const seconds = Math.floor((performance.now() - this.startedAt) / 1000);
    this.timer.textContent = `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
  }

  /** The live level: root mean square of the input, drawn on a <meter> once per frame. */
  startMeter(stream) {
    try {
      this.audioContext = new AudioContext();
      const analyser = this.audioContext.createAnalyser();
      analyser.fftSize = 1024;
      this.audioContext.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      const draw = () => {
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const s of samples) sum += s * s;
        this.level.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
        this.frame = requestAnimationFrame(draw);
      };
      draw();
    } catch {
      // No Web Audio: recording still works, only the meter stays still.
    }
  }

  setUpDrop(zone, input) {
    input.addEventListener("change", () => {
      for (const file of input.files) this.submit(file, file.name, fileMoment(file));
      input.value = "";
    });
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.classList.add("over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("over");
      for (const file of event.dataTransfer.files) this.submit(file, file.name, fileMoment(file));
    });
  }

  /**
   * Upload one recording and follow its job; each upload has its own card, so several run side by side.
   * `recordedAt` goes with it in local time and offset: the worker reads "tomorrow at ten" from that moment.
   */
  async submit(blob, name, recordedAt) {
    const card = new JobCard(this.jobs, t("file_n", { name }));
    card.show("uploading");
    const form = new FormData();
    form.append("audio", blob, name);
    form.append("recorded_at", localIso(recordedAt));
    if (this.clientId) form.append("client_id", this.clientId);
    if (this.language && this.language.value) form.append("language", this.language.value);
    let answer;
    try {
      answer = await api("/api/audio/upload", { method: "POST", form });
    } catch (error) {
      card.fail(t("upload_failed", { error: error.message }));
      return;
    }
    if (answer.status !== 202) {
      card.fail(t("upload_failed", { error: answer.body.detail || `HTTP ${answer.status}` }));
      return;
    }
    const id = answer.body.audio_record_id;
    card.node.dataset.recordId = id;
    card.title.textContent = t("recording_n", { id });
    card.show("pending");
    this.follow(id, card, 0);
  }

  follow(id, card, delay = POLL_MS) {
    setTimeout(() => this.poll(id, card), delay);
  }

  async poll(id, card) {
    let answer;
    // Long polling: the server answers once the state differs from what this card last saw, or after ~20 s.
    const wait = card.seen ? `?wait=${encodeURIComponent(card.seen)}` : "";
    try {
      answer = await api(`/api/audio/status/${id}${wait}`);
    } catch {
      card.status.textContent = t("network");
      this.follow(id, card);
      return;
    }
    if (!answer.ok) {
      if (answer.status >= 500) {
        this.follow(id, card);
        return;
      }
      card.fail(answer.body.detail || `HTTP ${answer.status}`);
      return;
    }
    const state = answer.body;
    const seen = `${state.status}/${state.stage}`;
    const unchanged = seen === card.seen;
    const held = answer.headers.get("X-Long-Poll") === "held";
    card.seen = seen;
    if (state.status === "pending") card.show("pending");
    else if (state.status === "processing") card.show("processing");
    if (state.status === "completed") {
      // A short job can finish between two polls; it still went through processing, so the log says so.
      if (!card.shown.has("processing")) card.show("processing");
      // Only a recording that changed something is a success; the others say what became of them.
      card.show(state.review ? "review" : state.applied || state.inbox ? "completed" : state.note ? "note_only" : "nothing_new");
      this.completed(state, card);
    } else if (state.status === "failed") {
      card.show("failed");
      card.fail(state.error || "");
      // Retry only where a new attempt can change something (no speech, not audio… cannot): otherwise what
      // was heard, to correct or type and apply, and the Inbox.
      if (state.retryable) this.offerRetry(id, card);
      else {
        this.offerCorrection(state, card);
        card.actions.append(link("/inbox/", t("open_inbox")));
      }
    } else {
      // Ask again at once after an answer the server held (long polling) or a change; an unchanged answer it did
      // not hold (a server without long polling, or too many pages waiting): every POLL_MS, as before.
      this.follow(id, card, unchanged && !held ? POLL_MS : 0);
    }
  }

  /** The job is done: say what became of the note (a client created or updated, or the Inbox) and its tasks. */
  completed(state, card) {
    if (state.review && state.review.reason === "review_requested") {
      // The owner reviews every recording (settings): a proposal to accept, edit or reject; nothing saved yet.
      if (state.review.decision === "rejected") card.status.textContent = t("proposal_rejected_before");
      else this.offerProposal(state, card);
      this.offerCorrection(state, card);
      this.onCompleted(state);
      return;
    }
    if (state.review) {
      // Barely understood (issue 13): nothing was applied; show what was heard, never a success.
      card.error.textContent = t(`review_${state.review.reason}`);
      card.error.hidden = false;
      this.offerCorrection(state, card);
      this.offerDismiss(state, card);
      toast(t("review"), "error");
      this.onCompleted(state);
      return;
    }
    if (!state.applied && !state.inbox) {
      // Nothing new for the client card: no "updated" toast; a note kept on the timeline says so, and what was
      // heard is shown to check.
      toast(t(state.note ? "note_only" : "nothing_new"), "info");
      card.actions.append(el("blockquote", "transcript-heard", state.edited_text || state.transcription || ""));
      if (state.client_id && !this.clientId) card.actions.append(link(`/clients/${state.client_id}/`, t("open_client")));
    } else if (state.inbox) {
      toast(t("inbox_added"), "success", { href: "/inbox/", text: t("open_inbox") });
      card.actions.append(link("/inbox/", t("open_inbox")));
    } else {
      toast(t(state.client_action === "created" ? "created" : "updated", { name: state.client_name || "" }));
      if (state.client_id && !this.clientId) card.actions.append(link(`/clients/${state.client_id}/`, t("open_client")));
    }
    for (const task of state.tasks || []) toast(t("task_created", { title: task.title, due: formatDue(task.due) }));
    if (state.possible_duplicate) {
      toast(t("possible_duplicate", { name: state.client_name || "" }), "info",
        { href: `/clients/${state.client_id}/#possible-duplicates`, text: t("check_duplicate") });
    }
    this.onCompleted(state);
  }

  /** A recording held for review: each field heard (with its evidence and confidence), its tasks and note,
   * editable; "Save" applies them as edited (POST /api/audio/{id}/proposal), "Reject" saves nothing. */
  offerProposal(state, card) {
    const proposal = state.review.proposal || {};
    const form = el("form", "proposal");
    form.dataset.proposal = state.id;
    form.append(el("p", "muted", proposal.client ? t("proposal_for", { name: proposal.client.name }) : t("proposal_new")));
    const fields = el("div", "proposal-fields");
    for (const [name, heard] of Object.entries(state.fields || {})) {
      const row = el("div", "proposal-field");
      const input = el("input");
      input.name = name;
      input.id = `proposal-${state.id}-${name}`;
      input.value = heard.value ?? "";
      const label = el("label", "field-name", t(`field.${name}`) === `field.${name}` ? name : t(`field.${name}`));
      label.htmlFor = input.id;
      const evidence = el("span", "muted small",
        t("proposal_heard", { evidence: heard.evidence, percent: Math.round(heard.confidence * 100) }));
      evidence.id = `${input.id}-heard`;
      input.setAttribute("aria-describedby", evidence.id);
      row.append(label, input, evidence);
      fields.append(row);
    }
    form.append(fields, el("p", "muted small", t("proposal_empty_hint")));
    const tasks = [];
    if ((proposal.tasks || []).length) {
      const list = el("fieldset", "proposal-tasks");
      list.append(el("legend", "", t("proposal_tasks")));
      for (const task of proposal.tasks) {
        const keep = el("input");
        keep.type = "checkbox";
        keep.checked = true;
        keep.setAttribute("aria-label", t("proposal_task_keep"));
        const title = el("input");
        title.value = task.title;
        title.setAttribute("aria-label", t("proposal_tasks"));
        const date = el("input");
        date.type = "date";
        date.value = task.due.slice(0, 10);
        date.setAttribute("aria-label", t("date"));
        const time = el("input");
        time.type = "time";
        time.value = task.due.length > 10 ? task.due.slice(11, 16) : "";
        time.setAttribute("aria-label", t("time_optional"));
        const row = el("div", "proposal-task");
        row.append(keep, title, date, time);
        list.append(row);
        tasks.push({ keep, title, date, time });
      }
      form.append(list);
    }
    const noteLabel = el("label", "", t("proposal_note"));
    const note = el("textarea");
    note.rows = 2;
    note.value = proposal.note || "";
    noteLabel.append(note);
    const accept = el("button", "primary small", t("proposal_accept"));
    accept.type = "submit";
    const reject = el("button", "small", t("proposal_reject"));
    reject.type = "button";
    form.append(noteLabel, accept, reject);
    const decide = async (json) => {
      accept.disabled = reject.disabled = true;
      const answer = await api(`/api/audio/${state.id}/proposal`, { method: "POST", json });
      if (!answer.ok) {
        accept.disabled = reject.disabled = false;
        card.fail(answer.body.detail || `HTTP ${answer.status}`);
        return;
      }
      card.actions.replaceChildren();
      card.error.hidden = true;
      if (json.decision === "reject") {
        card.status.textContent = t("proposal_rejected");
        toast(t("proposal_rejected"), "info");
        return;
      }
      const after = await api(`/api/audio/status/${state.id}`);
      if (!after.ok) return;
      card.show(after.body.applied || after.body.inbox ? "completed" : "nothing_new");
      this.completed(after.body, card);
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const values = {};
      for (const input of fields.querySelectorAll("input")) if (input.value.trim()) values[input.name] = input.value.trim();
      const kept = tasks.filter((task) => task.keep.checked).map((task) => ({
        title: task.title.value, due: task.time.value ? `${task.date.value}T${task.time.value}` : task.date.value }));
      decide({ decision: "accept", fields: values, tasks: kept, note: note.value });
    });
    reject.addEventListener("click", () => decide({ decision: "reject" }));
    card.actions.append(form);
  }

  /** What the model heard, editable: applying it runs the same job on the corrected text (reprocess). */
  offerCorrection(state, card) {
    const form = correctionForm(state.id, state.transcription, {
      textClass: "transcript",
      onRefused: (answer) => card.fail(answer.body.detail || `HTTP ${answer.status}`),
      onQueued: () => {
        form.remove();
        card.error.hidden = true;
        card.shown.clear();
        card.show("pending");
        this.follow(state.id, card, 0);
      },
    });
    card.actions.append(form);
  }

  /** A flagged recording the user does not want to correct: dismissed, it stops coming back on the page. */
  offerDismiss(state, card) {
    const button = el("button", "small", t("dismiss"));
    button.type = "button";
    button.addEventListener("click", async () => {
      button.disabled = true;
      const answer = await api(`/api/audio/${state.id}/proposal`, { method: "POST", json: { decision: "reject" } });
      if (!answer.ok) {
        button.disabled = false;
        card.fail(answer.body.detail || `HTTP ${answer.status}`);
        return;
      }
      card.actions.replaceChildren();
      card.error.hidden = true;
      card.status.textContent = t("dismissed");
    });
    card.actions.append(button);
  }

  offerRetry(id, card) {
    const button = el("button", "primary small", t("retry"));
    button.type = "button";
    button.dataset.retryRecord = id;
    button.addEventListener("click", async () => {
      button.disabled = true;
      const answer = await api(`/api/audio/${id}/retry`, { method: "POST" });
      if (!answer.ok) {
        button.disabled = false;
        card.fail(answer.body.detail || `HTTP ${answer.status}`);
        return;
      }
      button.remove();
      card.error.hidden = true;
      card.shown.clear();
      card.show("pending");
      this.follow(id, card, 0);
    });
    card.actions.append(button);
  }
}
