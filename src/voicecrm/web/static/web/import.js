// The import page: upload → preview and column mapping → start → progress → report (POST /api/imports/preview,
// POST /api/imports, GET /api/imports/{id}).

import { api, el } from "./util.js";

const POLL_MS = 1000;

function texts() {
  const node = document.getElementById("import-texts");
  return node ? JSON.parse(node.textContent) : {};
}

export function importPage(root) {
  const T = texts();
  const say = (key, values = {}) => (T[key] || key).replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
  const fileInput = root.querySelector("#import-file");
  const delimiter = root.querySelector("#import-delimiter");
  const error = root.querySelector("[data-import-error]");
  const previewCard = root.querySelector("[data-import-preview]");
  const progressCard = root.querySelector("[data-import-progress]");
  const start = root.querySelector("[data-import-start]");
  let preview = null;
  let following = 0; // the newest follow() loop; an older one stops

  function showError(message) {
    error.textContent = message;
    error.hidden = !message;
  }

  function upload() {
    const form = new FormData();
    form.append("file", fileInput.files[0]);
    if (delimiter.value) form.append("delimiter", delimiter.value);
    return form;
  }

  function fieldSelect(index, chosen) {
    const select = el("select");
    select.dataset.column = index;
    select.setAttribute("aria-label", say("column_field", { column: preview.columns[index] || index + 1 }));
    select.append(new Option(say("ignore"), ""));
    for (const name of preview.fields) select.append(new Option(T[`field.${name}`] || name, name));
    select.value = chosen;
    return select;
  }

  function drawPreview() {
    const detected = preview.format === "vcard"
      ? say("detected_vcard", { encoding: preview.encoding, n: preview.rows_total })
      : say("detected_csv", { encoding: preview.encoding, n: preview.rows_total,
        delimiter: preview.delimiter === "\t" ? say("tab") : preview.delimiter });
    root.querySelector("[data-import-detected]").textContent = detected;
    const head = root.querySelector("[data-import-head]");
    const titles = el("tr");
    titles.append(el("th", "", say("line")));
    const mapping = el("tr");
    mapping.append(el("th", "muted small", say("field")));
    preview.columns.forEach((column, index) => {
      titles.append(el("th", "", column || "—"));
      const cell = el("td");
      cell.append(fieldSelect(index, preview.mapping[index] || ""));
      mapping.append(cell);
    });
    head.replaceChildren(titles, mapping);
    const rows = root.querySelector("[data-import-rows]");
    rows.replaceChildren(...preview.rows.map((row) => {
      const tr = el("tr");
      tr.append(el("td", "muted", String(row.line)));
      if (row.error) {
        const cell = el("td", "error-text", row.error);
        cell.colSpan = preview.columns.length;
        tr.append(cell);
      } else {
        preview.columns.forEach((_, index) => tr.append(el("td", "", row.cells[index] || "")));
      }
      return tr;
    }));
    previewCard.hidden = false;
    start.disabled = false;
    progressCard.hidden = true;
    previewCard.querySelector("h2").focus();
  }

  async function loadPreview() {
    showError("");
    previewCard.hidden = true;
    if (!fileInput.files.length) return;
    const answer = await api("/api/imports/preview", { method: "POST", form: upload() });
    if (!answer.ok) {
      showError(say("unreadable", { error: answer.body.detail || `HTTP ${answer.status}` }));
      return;
    }
    preview = answer.body;
    drawPreview();
  }

  function drawReport(job) {
    const counts = root.querySelector("[data-import-counts]");
    const items = [["created", job.rows_created], ["updated", job.rows_updated], ["unchanged", job.rows_unchanged],
      ["skipped", job.rows_skipped], ["failed", job.rows_failed]];
    counts.replaceChildren(...items.filter(([, n]) => n).map(([key, n]) => {
      const li = el("li", "", say(`count_${key}`, { n }));
      li.dataset.count = key;
      return li;
    }));
    const table = root.querySelector("[data-import-errors]");
    table.tBodies[0].replaceChildren(...job.errors.map((e) => {
      const tr = el("tr");
      tr.dataset.line = e.line;
      const line = el("td", "", String(e.line));
      line.dataset.label = say("line");
      const reason = el("td", "error-text", e.reason);
      reason.dataset.label = say("reason");
      tr.append(line, reason);
      return tr;
    }));
    table.hidden = !job.errors.length;
    root.querySelector("[data-import-report]").hidden = false;
  }

  async function follow(url) {
    const bar = root.querySelector("[data-import-bar]");
    const status = root.querySelector("[data-import-status]");
    const me = ++following;
    for (;;) {
      const answer = await api(url);
      if (me !== following) return;
      if (answer.ok) {
        const job = answer.body;
        bar.max = Math.max(job.rows_total, 1);
        bar.value = job.rows_done;
        if (job.status === "completed") {
          status.textContent = say("completed", { n: job.rows_total });
          drawReport(job);
          return;
        }
        if (job.status === "failed") {
          status.textContent = say("failed", { error: job.error });
          drawReport(job);
          return;
        }
        status.textContent = job.status === "pending" ? say("pending")
          : say("running", { done: job.rows_done, total: job.rows_total });
      } else {
        status.textContent = say("network");
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async function startImport() {
    if (!preview || !fileInput.files.length) return;
    start.disabled = true;
    const form = upload();
    const mapping = [...previewCard.querySelectorAll("select[data-column]")].map((select) => select.value);
    form.append("mapping", JSON.stringify(mapping));
    form.append("duplicates", previewCard.querySelector("input[name=duplicates]:checked").value);
    const answer = await api("/api/imports", { method: "POST", form });
    if (!answer.ok) {
      start.disabled = false;
      showError(say("refused", { error: answer.body.detail || `HTTP ${answer.status}` }));
      return;
    }
    progressCard.hidden = false;
    root.querySelector("[data-import-report]").hidden = true;
    progressCard.querySelector("h2").focus();
    await follow(answer.body.status_url);
  }

  // Back on the page while an import runs (it goes on without the page): follow it again.
  async function followRunning() {
    const answer = await api("/api/imports");
    const running = answer.ok && answer.body.find((job) => job.status === "pending" || job.status === "running");
    if (!running) return;
    progressCard.hidden = false;
    root.querySelector("[data-import-report]").hidden = true;
    await follow(`/api/imports/${running.id}`);
  }

  fileInput.addEventListener("change", loadPreview);
  delimiter.addEventListener("change", loadPreview);
  start.addEventListener("click", startImport);
  followRunning();
}
