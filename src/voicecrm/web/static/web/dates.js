// Dates and times in the page's language. A task's due is shown as it was said: its date and wall-clock time
// in the user's time zone, which is how the API writes it ("2026-12-08" or "2026-12-08T10:00:00+01:00").

import { api } from "./util.js";

const LANG = document.documentElement.lang || "en";
const pad = (n) => String(Math.abs(Math.trunc(n))).padStart(2, "0");

export function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The browser's local time with its UTC offset, e.g. "2026-12-07T14:03:05+01:00" (the upload's recorded_at). */
export function localIso(moment = new Date()) {
  const minutes = -moment.getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "-";
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`
    + `T${pad(moment.getHours())}:${pad(moment.getMinutes())}:${pad(moment.getSeconds())}`
    + `${sign}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

/** Today's date, "YYYY-MM-DD", in a time zone. */
export function todayIn(timeZone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit",
  }).formatToParts(new Date()).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** A due split into its date ("YYYY-MM-DD") and its wall-clock time ("HH:MM", or "" for a whole day). */
export function splitDue(due) {
  if (!due) return { date: "", time: "" };
  return { date: due.slice(0, 10), time: due.length > 10 ? due.slice(11, 16) : "" };
}

/** The due to send to the API: a date, or a date and a wall-clock time, which the server reads in the user's
 * time zone (the zone the page shows dues in). */
export function joinDue(date, time) {
  return time ? `${date}T${time}` : date;
}

/** "mardi 8 déc." / "Tuesday, Dec 8", with "à 10:00" / "at 10:00 AM" when the due has a time. */
export function formatDue(due) {
  const { date, time } = splitDue(due);
  if (!date) return "";
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time ? time.split(":").map(Number) : [0, 0];
  const options = { timeZone: "UTC", weekday: "long", day: "numeric", month: "short" };
  if (y !== new Date().getFullYear()) options.year = "numeric";
  if (time) Object.assign(options, { hour: "numeric", minute: "2-digit" });
  return new Intl.DateTimeFormat(LANG, options).format(new Date(Date.UTC(y, m - 1, d, hh, mm)));
}

/** A moment of the timeline ("7 déc. 2026, 14:03") in the user's time zone. */
export function formatMoment(iso, timeZone) {
  return new Intl.DateTimeFormat(LANG, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

let settings;

/** The user's settings from the API, fetched once per page: {time_zone}. */
export function userSettings() {
  settings ??= api("/api/auth/settings").then((answer) => (answer.ok ? answer.body : { time_zone: browserTimeZone() }));
  return settings;
}

export function settingsChanged(body) {
  settings = Promise.resolve(body);
}

export async function userTimeZone() {
  return (await userSettings()).time_zone || browserTimeZone();
}
