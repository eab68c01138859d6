// The user's time zone (followed from the browser until chosen by hand) and their calendar feed URL.

import { browserTimeZone, settingsChanged, userSettings } from "./dates.js";
import { api, failure, t, toast } from "./util.js";

// The API cannot tell a zone chosen by hand from one taken from a browser, so this browser remembers which.
const chosenKey = (user) => `voicecrm.time-zone-chosen.${user}`;
const checkedKey = "voicecrm.time-zone-checked";

/**
 * Once per browser session: when the user's zone is not this browser's and they never chose one by hand here,
 * make it this browser's, so that "tomorrow at ten" means ten where they are.
 */
export async function followBrowserTimeZone(user) {
  if (!user || localStorage.getItem(chosenKey(user)) || sessionStorage.getItem(checkedKey)) return;
  sessionStorage.setItem(checkedKey, "1");
  const zone = browserTimeZone();
  const current = await userSettings();
  if (!zone || current.time_zone === zone) return;
  const answer = await api("/api/auth/settings", { method: "PATCH", json: { time_zone: zone } });
  if (!answer.ok) return;
  settingsChanged(answer.body);
  toast(t("tz_auto", { zone }));
  document.dispatchEvent(new CustomEvent("settings:changed"));
}

function zones(current) {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set([...known, current, browserTimeZone(), "UTC"])].filter(Boolean).sort();
}

/** The settings section of the tasks page: time zone and calendar feed. */
export async function settingsSection(root, user) {
  const form = root.querySelector("[data-tz-form]");
  const select = form.elements.time_zone;
  const fill = async () => {
    const { time_zone: current } = await userSettings();
    select.replaceChildren(...zones(current).map((zone) => new Option(zone.replaceAll("_", " "), zone, false, zone === current)));
  };
  await fill();
  document.addEventListener("settings:changed", fill);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = await api("/api/auth/settings", { method: "PATCH", json: { time_zone: select.value } });
    if (!answer.ok) {
      toast(failure(answer), "error");
      return;
    }
    localStorage.setItem(chosenKey(user), "1");
    settingsChanged(answer.body);
    toast(t("tz_saved", { zone: answer.body.time_zone }));
  });

  // Review every recording before it is applied (issue 13): saved as soon as it is ticked or unticked.
  const review = root.querySelector("[data-review-form] input[name=review_before_apply]");
  review.checked = Boolean((await userSettings()).review_before_apply);
  review.addEventListener("change", async () => {
    const answer = await api("/api/auth/settings", { method: "PATCH", json: { review_before_apply: review.checked } });
    if (!answer.ok) {
      review.checked = !review.checked;
      toast(failure(answer), "error");
      return;
    }
    settingsChanged(answer.body);
    toast(t(review.checked ? "review_on" : "review_off"));
  });

  phoneRegionForm(root.querySelector("[data-phone-region-form]"));

  const feed = root.querySelector("[data-feed]");
  const url = feed.querySelector("[data-feed-url]");
  const show = (value) => {
    url.value = value || "";
    feed.querySelector("[data-feed-some]").hidden = !value;
    feed.querySelector("[data-feed-none]").hidden = Boolean(value);
  };
  const answer = await api("/api/auth/calendar-feed");
  if (answer.ok) show(answer.body.url);
  const make = async (confirmKey) => {
    if (confirmKey && !window.confirm(t(confirmKey))) return;
    const made = await api("/api/auth/calendar-feed", { method: "POST" });
    if (!made.ok) {
      toast(failure(made), "error");
      return;
    }
    show(made.body.url);
    toast(t("feed_created"));
    url.focus();
    url.select();
  };
  feed.querySelector("[data-feed-create]").addEventListener("click", () => make(null));
  feed.querySelector("[data-feed-new]").addEventListener("click", () => make("feed_confirm_new"));
  feed.querySelector("[data-feed-revoke]").addEventListener("click", async () => {
    if (!window.confirm(t("feed_confirm_revoke"))) return;
    const revoked = await api("/api/auth/calendar-feed", { method: "DELETE" });
    if (!revoked.ok) {
      toast(failure(revoked), "error");
      return;
    }
    show(null);
    toast(t("feed_revoked"));
    feed.querySelector("[data-feed-create]").focus();
  });
  feed.querySelector("[data-feed-copy]").addEventListener("click", async () => {
    url.select();
    try {
      await navigator.clipboard.writeText(url.value);
    } catch {
      document.execCommand("copy");
    }
    toast(t("feed_copied"));
  });
}

/** Every region the browser can name, as [name, code], by name in the page's language. */
function regions() {
  const names = new Intl.DisplayNames([document.documentElement.lang || "en"], { type: "region" });
  const found = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      let name;
      try {
        name = names.of(code);
      } catch {
        continue;
      }
      if (name && name !== code) found.push([name, code]);
    }
  }
  return found.sort((x, y) => x[0].localeCompare(y[0]));
}

/** The region phone numbers are read and shown in: the UI language's until chosen (GET|PATCH /api/auth/settings). */
async function phoneRegionForm(form) {
  if (!form) return;
  const select = form.elements.phone_region;
  const all = regions();
  const nameOf = (code) => (all.find(([, c]) => c === code) || [code])[0];
  const fill = async () => {
    const { phone_region: region, phone_region_chosen: chosen } = await userSettings();
    select.replaceChildren(new Option(t("phone_region_auto", { region: nameOf(region) }), "", false, !chosen),
      ...all.map(([name, code]) => new Option(name, code, false, chosen && code === region)));
  };
  await fill();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = await api("/api/auth/settings", { method: "PATCH", json: { phone_region: select.value } });
    if (!answer.ok) {
      toast(failure(answer), "error");
      return;
    }
    settingsChanged(answer.body);
    await fill();
    toast(t("phone_region_saved", { region: nameOf(answer.body.phone_region) }));
  });
}
