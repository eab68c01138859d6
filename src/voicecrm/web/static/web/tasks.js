// Follow-up tasks: one item per task (done box, due, change of date, delete), the client page's open tasks, the
// tasks page's overdue / today / upcoming / done lists, and the header's count of tasks due.

import { formatDue, joinDue, splitDue, todayIn, userTimeZone } from "./dates.js";
import { api, el, failure, setNavCount, t, toast } from "./util.js";

/** Tell the page that tasks or notes changed (the client's timeline shows them). */
export function announceChange() {
  document.dispatchEvent(new CustomEvent("crm:changed"));
}

/** The header's count: open tasks due today or before, in the user's time zone (as the server counts them). */
export async function refreshDueCount() {
  const [answer, zone] = await Promise.all([api("/api/tasks?status=open"), userTimeZone()]);
  if (!answer.ok) return;
  const today = todayIn(zone);
  const due = answer.body.results.filter((task) => task.due && splitDue(task.due).date <= today).length;
  setNavCount("[data-due-count]", due, "due_count");
}

function byDue(a, b) {
  const [x, y] = [splitDue(a.due), splitDue(b.due)];
  return (x.date || "9999").localeCompare(y.date || "9999") || (x.time || "").localeCompare(y.time || "") || a.id - b.id;
}

const DONE_SHOWN = 50;
let uid = 0;

/**
 * A list of tasks kept in step with the API: each change is sent at once and redrawn in place. Tasks ticked done
 * stay where they are (ticked, struck through) until the page is loaded again, so that a mistake is one click
 * to undo.
 */
class TaskList {
  constructor({ showClient = false, order = byDue, draw }) {
    this.showClient = showClient;
    this.order = order;
    this.draw = draw;
    this.tasks = [];
  }

  set(tasks) {
    this.tasks = [...tasks].sort(this.order);
    return this.draw();
  }

  add(task) {
    return this.set([...this.tasks, task]);
  }

  replace(task) {
    this.tasks = this.tasks.map((other) => (other.id === task.id ? task : other)).sort(this.order);
  }

  /** The <li> of one task. */
  item(task, zone) {
    const id = `task-${task.id}-${++uid}`;
    const item = el("li", `task${task.done ? " done" : ""}`);
    item.dataset.taskId = task.id;
    const box = el("input");
    box.type = "checkbox";
    box.id = id;
    box.checked = task.done;
    box.dataset.done = "";
    const label = el("label", "task-title", task.title);
    label.htmlFor = id;
    const meta = el("span", "task-meta");
    const due = el("time", "due", formatDue(task.due) || t("no_date"));
    if (task.due) due.dateTime = task.due;
    const today = todayIn(zone);
    if (!task.done && task.due && splitDue(task.due).date < today) due.classList.add("late");
    meta.append(due);
    if (this.showClient) {
      meta.append(" · ");
      if (task.client_id) {
        const client = el("a", "", task.client_name || `#${task.client_id}`);
        client.href = `/clients/${task.client_id}/`;
        meta.append(client);
      } else {
        meta.append(el("span", "muted", t("no_client")));
      }
    }
    const edit = el("button", "small link", t("change_date"));
    edit.type = "button";
    edit.dataset.edit = "";
    edit.setAttribute("aria-expanded", "false");
    edit.append(el("span", "visually-hidden", ` — ${task.title}`));
    const form = this.editForm(task, id);
    edit.setAttribute("aria-controls", form.id);
    item.append(box, label, meta, edit, form);

    box.addEventListener("change", () => this.setDone(task, box, item));
    edit.addEventListener("click", () => {
      form.hidden = !form.hidden;
      edit.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) form.querySelector("input").focus();
    });
    return item;
  }

  editForm(task, id) {
    const form = el("form", "task-edit");
    form.id = `${id}-edit`;
    form.hidden = true;
    const { date, time } = splitDue(task.due);
    const dateLabel = el("label", "", t("date"));
    const dateInput = el("input");
    Object.assign(dateInput, { type: "date", name: "date", required: true, value: date });
    dateLabel.append(" ", dateInput);
    const timeLabel = el("label", "", t("time_optional"));
    const timeInput = el("input");
    Object.assign(timeInput, { type: "time", name: "time", value: time });
    timeLabel.append(" ", timeInput);
    const save = el("button", "small primary", t("save"));
    save.type = "submit";
    const cancel = el("button", "small", t("cancel"));
    cancel.type = "button";
    const remove = el("button", "small danger", t("delete"));
    remove.type = "button";
    remove.append(el("span", "visually-hidden", ` — ${task.title}`));
    const message = el("p", "field-msg");
    message.setAttribute("role", "status");
    form.append(dateLabel, timeLabel, save, cancel, remove, message);

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!dateInput.value) {
        dateInput.focus();
        return;
      }
      save.disabled = true;
      const answer = await api(`/api/tasks/${task.id}`, {
        method: "PATCH", json: { due: joinDue(dateInput.value, timeInput.value) },
      });
      save.disabled = false;
      if (!answer.ok) {
        message.textContent = failure(answer);
        message.classList.add("error");
        return;
      }
      toast(t("task_moved", { title: answer.body.title, due: formatDue(answer.body.due) }));
      this.replace(answer.body);
      await this.draw();
      document.querySelector(`[data-task-id="${task.id}"] [data-edit]`)?.focus();
      refreshDueCount();
      announceChange();
    });
    cancel.addEventListener("click", () => {
      form.hidden = true;
      const edit = form.parentElement.querySelector("[data-edit]");
      edit.setAttribute("aria-expanded", "false");
      edit.focus();
    });
    remove.addEventListener("click", async () => {
      if (!window.confirm(`${t("delete")} — ${task.title}?`)) return;
      const answer = await api(`/api/tasks/${task.id}`, { method: "DELETE" });
      if (!answer.ok) {
        message.textContent = failure(answer);
        message.classList.add("error");
        return;
      }
      toast(t("task_deleted", { title: task.title }));
      // Focus goes to the task that takes its place, else to the list's heading.
      const ul = form.closest("ul");
      const index = [...ul.children].indexOf(form.closest("li"));
      this.tasks = this.tasks.filter((other) => other.id !== task.id);
      await this.draw();
      (ul.children[index]?.querySelector("input[type=checkbox]") || ul.closest("section, details")?.querySelector("h2, summary"))?.focus();
      refreshDueCount();
      announceChange();
    });
    return form;
  }

  async setDone(task, box, item) {
    box.disabled = true;
    const answer = await api(`/api/tasks/${task.id}`, { method: "PATCH", json: { done: box.checked } });
    box.disabled = false;
    if (!answer.ok) {
      box.checked = !box.checked;
      toast(failure(answer), "error");
      return;
    }
    this.replace(answer.body);
    Object.assign(task, answer.body);
    item.classList.toggle("done", answer.body.done);
    item.querySelector(".due")?.classList.toggle("late", !answer.body.done && splitDue(answer.body.due).date < todayIn(await userTimeZone()));
    toast(t(answer.body.done ? "task_done" : "task_reopened", { title: answer.body.title }));
    refreshDueCount();
    announceChange();
  }
}

/** The "add a task" form: title, date, optional time; the new task goes to `list` (for `clientId`, if any). */
function wireAddForm(form, list, clientId = null) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const title = form.elements.title.value.trim();
    const date = form.elements.date.value;
    if (!title || !date) {
      (title ? form.elements.date : form.elements.title).focus();
      return;
    }
    const json = { title, due: joinDue(date, form.elements.time.value) };
    if (clientId) json.client_id = Number(clientId);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const answer = await api("/api/tasks", { method: "POST", json });
    button.disabled = false;
    if (!answer.ok) {
      toast(failure(answer), "error");
      return;
    }
    form.reset();
    await list.add(answer.body);
    toast(t("task_added", { title: answer.body.title }));
    form.elements.title.focus();
    refreshDueCount();
    announceChange();
  });
}

/** The client page's card: this client's open tasks, and a form to add one. */
export async function clientTasks(root) {
  const ul = root.querySelector("[data-task-list]");
  const list = new TaskList({
    draw: async () => {
      const zone = await userTimeZone();
      ul.replaceChildren(...list.tasks.map((task) => list.item(task, zone)));
      if (!list.tasks.length) ul.append(el("li", "empty", t("no_open_tasks")));
      ul.removeAttribute("aria-busy");
    },
  });
  wireAddForm(root.querySelector("[data-task-add]"), list, root.dataset.clientId);
  const load = async () => {
    const answer = await api(`/api/tasks?status=open&client_id=${root.dataset.clientId}`);
    if (!answer.ok) {
      ul.replaceChildren(el("li", "error", t("load_failed", { error: answer.body.detail || answer.status })));
      return;
    }
    // Tasks ticked done on this page stay in the list until it is loaded again.
    const ticked = list.tasks.filter((task) => task.done);
    await list.set([...answer.body.results, ...ticked.filter((task) => !answer.body.results.some((o) => o.id === task.id))]);
  };
  // A recording or a typed note on this page may have made tasks.
  document.addEventListener("recording:completed", load);
  document.addEventListener("note:added", load);
  await load();
}

/** The tasks page: overdue, today and upcoming (open tasks), done ones on demand, and a form to add one. */
export async function tasksPage(root) {
  const lists = {
    overdue: root.querySelector("[data-bucket=overdue]"),
    today: root.querySelector("[data-bucket=today]"),
    upcoming: root.querySelector("[data-bucket=upcoming]"),
  };
  const list = new TaskList({
    showClient: true,
    draw: async () => {
      const zone = await userTimeZone();
      const today = todayIn(zone);
      const buckets = { overdue: [], today: [], upcoming: [] };
      for (const task of list.tasks) {
        const { date } = splitDue(task.due);
        buckets[!date || date > today ? "upcoming" : date === today ? "today" : "overdue"].push(task);
      }
      for (const [name, ul] of Object.entries(lists)) {
        ul.replaceChildren(...buckets[name].map((task) => list.item(task, zone)));
        if (!buckets[name].length) ul.append(el("li", "empty", t("no_tasks")));
        ul.removeAttribute("aria-busy");
        const section = ul.closest("section");
        section.querySelector("[data-n]").textContent = String(buckets[name].length);
        if (name === "overdue") section.hidden = !buckets[name].length;
      }
    },
  });
  wireAddForm(root.querySelector("[data-task-add]"), list);
  const answer = await api("/api/tasks?status=open");
  if (!answer.ok) {
    lists.upcoming.replaceChildren(el("li", "error", t("load_failed", { error: answer.body.detail || answer.status })));
    return;
  }
  await list.set(answer.body.results);

  // Done tasks, most recently changed first, loaded when their section is opened.
  const done = root.querySelector("[data-done-tasks]");
  const doneList = new TaskList({
    showClient: true,
    order: (a, b) => (b.updated_at || "").localeCompare(a.updated_at || "") || b.id - a.id,
    draw: async () => {
      const zone = await userTimeZone();
      const ul = done.querySelector("ul");
      ul.replaceChildren(...doneList.tasks.slice(0, DONE_SHOWN).map((task) => doneList.item(task, zone)));
      if (!doneList.tasks.length) ul.append(el("li", "empty", t("no_done_tasks")));
      ul.removeAttribute("aria-busy");
    },
  });
  done.addEventListener("toggle", async () => {
    if (!done.open) return;
    const answer = await api("/api/tasks?status=done");
    if (answer.ok) await doneList.set(answer.body.results);
  });
}
