// The client page's own actions: delete the client (with the confirmation the API asks for when it has
// recordings, notes or tasks) and split a recording found by name alone onto a new client.

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

export function clientActions(root) {
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-client-delete], button[data-split]");
    if (!button) return;
    if (button.dataset.clientDelete) deleteClient(button);
    else split(button);
  });
}
