// How things are said to people: counts with their noun, and days in the viewer's own words.
// No DOM and no Preact, so node's test runner can check it.

/** "1 row", "2 rows". */
export function plural(count, word, many = `${word}s`) {
  return `${count} ${count === 1 ? word : many}`;
}

/** A day as the viewer says it, in their locale and time zone ("20 Dec 2026"); never the ISO form. */
export function formatDay(iso, { locale = undefined, timeZone = undefined } = {}) {
  const moment = new Date(iso);
  if (!iso || Number.isNaN(moment.getTime())) return "";
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone }).format(moment);
}

/** "Thu 5 Mar 2026, 18:00" in the reader's time zone (or `timeZone`); the raw text when unreadable. */
export function formatWhen(iso, { timeZone, locale = "en-GB" } = {}) {
  const moment = new Date(iso);
  if (!iso || Number.isNaN(moment.getTime())) return iso || "";
  const parts = new Intl.DateTimeFormat(locale, {
    weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone,
  }).formatToParts(moment);
  const part = (type) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("year")}, ${part("hour")}:${part("minute")}`;
}

/** What a proposal set is, in words: "Purpose groups", "Introductions", ... */
export const SET_KINDS = { PURPOSE: "Purpose groups", EVENTS: "Table plan", INTROS: "Introductions", SKILLS: "Skills pairings" };

/** A proposal set's title for people: its kind and when it was made ("Introductions of Sun 6 Dec 2026, 23:15"). */
export function setTitle(set) {
  return `${SET_KINDS[set.kind] ?? "Proposals"} of ${formatWhen(set.createdAt)}`;
}
