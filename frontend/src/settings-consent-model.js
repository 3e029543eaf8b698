// What a member consents to, in words: the kinds of suggestion, the pause's end, the days a pause
// may end on. No DOM and no Preact, so node's test runner can check it.
import { formatDay } from "./words.js";

/** The kinds of suggestion a member can turn on or off, as the API names them, in people's words. */
export const KINDS = [
  { kind: "PURPOSE", label: "Purpose groups", hint: "small groups of people who share a passion" },
  { kind: "INTROS", label: "Introductions", hint: "one-to-one chats with someone new" },
  { kind: "SKILLS", label: "Skills pairings", hint: "someone who offers a skill you seek, or seeks one you offer" },
  { kind: "EVENTS", label: "Event seating", hint: "who sits at your table at events" },
];

/** The longest pause the API accepts, in days from today (graph_api/domain/consent.py). */
export const PAUSE_DAYS_MAX = 366;

/** A date-only value ("2027-03-12") as the viewer says it; date-only values are read in UTC so no time zone moves the day. */
export function sayDay(isoDay, { locale } = {}) {
  return formatDay(`${isoDay}T00:00:00Z`, { locale, timeZone: "UTC" });
}

/** "YYYY-MM-DD" of `days` after the day of `now` (the viewer's own calendar day). */
export function dayAfter(now, days) {
  const moment = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}

/** What the pause means now, in the viewer's words. */
export function pauseStatus(until, { locale } = {}) {
  if (!until) return "Not paused: Kindred may suggest the kinds you chose below.";
  return `Paused until ${sayDay(until, { locale })}: no new suggestions until then. They start again that day by themselves.`;
}

/** The kinds chosen, said as a sentence. */
export function kindsSummary(kinds) {
  const chosen = KINDS.filter((k) => kinds.includes(k.kind)).map((k) => k.label.toLowerCase());
  if (!chosen.length) return "You asked for no suggestions at all.";
  if (chosen.length === KINDS.length) return "You may be suggested for every kind.";
  return `You may be suggested for ${chosen.length === 1 ? chosen[0] : `${chosen.slice(0, -1).join(", ")} and ${chosen.at(-1)}`} only.`;
}
