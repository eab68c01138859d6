// The client page's own actions: delete the client (with the confirmation the API asks for when it has
// recordings, notes or tasks), and for a recording found by name alone: say it is this client, or split it onto
// a new one.

import { api, failure, t, toast } from "./util.js";

/** Delete after the user's confirmation; a 409 (the client has recordings, notes or tasks) says what goes with
 * it, and a second confirmation sends `confirm=true`. */
async function deleteClient(button) {
  const id = button.dataset.clientDelete;
  if (!window.confirm(t("delete_confirm", { name: button.dataset.clientName }))) return;
  button.disabled = true;
  let answer = await api(`/api/clients/${id}`, { method: "DELETE" });
  if (answer.status === 409 && answer.body.code === "confirm_required") {
    if (!window.confirm(answer.body.detail)) {
      button.disabled = false;
      return;
    }
    answer = await api(`/api/clients/${id}?confirm=true`, { method: "DELETE" });
  }
  if (answer.status !== 204) {
    button.disabled = false;
    toast(failure(answer), "error");
    return;
  }
  window.location.assign("/");
}

async function split(button) {
  const record = button.dataset.split;
  if (!window.confirm(t("split_confirm", { id: record }))) return;
  button.disabled = true;
  const answer = await api(`/api/clients/${button.dataset.clientId}/recordings/${record}/split`, { method: "POST" });
  if (!answer.ok) {
    button.disabled = false;
    toast(failure(answer), "error");
    return;
  }
  toast(t("split_done", { name: answer.body.name }));
  window.location.assign(`/clients/${answer.body.id}/`);
}

/** The recording is about this very client: the warning for it goes (and the notice with the last one). */
async function samePerson(button) {
  const record = button.dataset.samePerson;
  button.disabled = true;
  const answer = await api(`/api/clients/${button.dataset.clientId}/recordings/${record}/same-person`,
    { method: "POST" });
  if (!answer.ok) {
    button.disabled = false;
    toast(failure(answer), "error");
    return;
  }
  const notice = button.closest("[data-name-matches]");
  button.closest("li").remove();
  if (notice && !notice.querySelector("li")) notice.remove();
  toast(t("same_person_done", { id: record }));
}

export function clientActions(root) {
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-client-delete], button[data-split], button[data-same-person]");
    if (!button) return;
    if (button.dataset.clientDelete) deleteClient(button);
    else if (button.dataset.samePerson) samePerson(button);
    else split(button);
  });
}
