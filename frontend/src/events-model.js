// Plain logic of the events pages (no DOM, no Preact): dates, the table plan, import reports,
// the recommender's quality figures and who an attendee may record meeting.
import { formatWhen, plural } from "./words.js";

export { formatWhen, plural };


/**
 * A datetime-local input's value ("2026-03-05T18:00", the reader's local time) as ISO-8601 UTC.
 * Empty stays empty and unreadable text is passed on as typed, so the API names what is wrong.
 */
export function localInputToIso(value) {
  const text = (value || "").trim();
  if (!text) return "";
  const moment = new Date(text);
  if (Number.isNaN(moment.getTime())) return text;
  return moment.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The form's refusal when it has no start (the API would refuse it too, less helpfully), else null. */
export function missingStart(form) {
  return form.startsAt.trim() ? null : { code: "BAD_USER_INPUT", field: "startsAt", message: "choose the day and time the event starts" };
}

/** An ISO instant as a datetime-local input's value in the reader's local time ("2026-03-05T18:00"). */
export function isoToLocalInput(iso) {
  const moment = new Date(iso);
  if (!iso || Number.isNaN(moment.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

/** Whether the event has started by `now` (a Date or ISO text). */
export function hasStarted(event, now = new Date()) {
  const start = new Date(event?.startsAt);
  return !Number.isNaN(start.getTime()) && start.getTime() <= new Date(now).getTime();
}

/** The create-event form's fields as a CreateEventInput (name and place trimmed by the API). */
export function eventInput({ name = "", startsAt = "", place = "" }) {
  return { name, startsAt: localInputToIso(startsAt), place };
}


/** "Ada", "Ada and Bo", "Ada, Bo and Cy". */
export function listNames(names) {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** One line about what adding or importing attendees did (an AttendeesReport). */
export function attendeesSummary(report) {
  const parts = [`${plural(report.added, "attendee")} added`];
  if (report.alreadyAttending) parts.push(`${report.alreadyAttending} already attending`);
  if (report.rejected?.length) parts.push(`${plural(report.rejected.length, "row")} rejected`);
  return parts.join(" · ");
}

/** Rejected attendee rows in file order, with the handle shown as "(empty)" when there was none. */
export function rejectedRows(report) {
  return [...(report?.rejected ?? [])]
    .sort((a, b) => a.row - b.row)
    .map((r) => ({ row: r.row, handle: r.handle ?? "(empty)", reason: r.reason }));
}

/**
 * A TablePlan's rounds (or draft proposals with `round`, `table`, `members`) as
 * [{ round, tables: [{ table, members }] }], rounds and tables in order, members by name.
 */
export function groupPlan(source) {
  const rounds = new Map();
  const add = (round, table, members) => {
    if (!rounds.has(round)) rounds.set(round, new Map());
    const tables = rounds.get(round);
    tables.set(table, [...(tables.get(table) ?? []), ...members]);
  };
  if (Array.isArray(source)) {
    for (const p of source) add(p.round ?? 1, p.table ?? 1, p.members ?? []);
  } else {
    for (const r of source?.rounds ?? []) for (const t of r.tables) add(r.round, t.table, t.members);
  }
  const byName = (a, b) => (a.name || "").localeCompare(b.name || "") || (a.handle || "").localeCompare(b.handle || "");
  return [...rounds.entries()]
    .sort(([a], [b]) => a - b)
    .map(([round, tables]) => ({
      round,
      tables: [...tables.entries()].sort(([a], [b]) => a - b).map(([table, members]) => ({ table, members: [...members].sort(byName) })),
    }));
}

/** "3 rounds of 3 tables, 12 people": a plan's size in words. */
export function planSummary(rounds) {
  const people = new Set(rounds.flatMap((r) => r.tables.flatMap((t) => t.members.map((m) => m.handle ?? m.name))));
  const tableCounts = [...new Set(rounds.map((r) => r.tables.length))];
  const tables = tableCounts.length === 1 ? plural(tableCounts[0], "table") : "tables";
  return `${plural(rounds.length, "round")} of ${tables}, ${plural(people.size, "person", "people")}`;
}

const SHARE = (v) => `${Math.round(v * 100)}%`;
const COUNT = (v) => String(Math.round(v));
const TWO_PLACES = (v) => v.toFixed(2);
const QUALITY_LABELS = [
  ["repeatedPairs", "Repeated meetings (two people at one table again)", COUNT],
  ["extra.repeatLowerBound", "Fewest repeated meetings possible", COUNT],
  ["extra.maxMeetings", "Most times two people meet", COUNT],
  ["coverage", "Coverage", SHARE],
  ["novelty", "Novelty (people new to each other)", SHARE],
  ["bridgingTeams", "Tables mixing teams", SHARE],
  ["bridgingSites", "Tables mixing sites", SHARE],
  ["cohesion", "Shared passions at a table", SHARE],
  ["sizeViolations", "Tables of the wrong size", COUNT],
  ["extra.pairsMetShare", "Pairs of attendees who meet at least once", SHARE],
  ["extra.fewestPeopleMet", "Fewest people one attendee meets", COUNT],
  ["extra.largestTeamShare", "Most seats one team takes at a table", SHARE],
  ["extra.teamDiversity", "Team mix at a table (0 one team, near 1 all different)", TWO_PLACES],
  ["extra.siteDiversity", "Site mix at a table (0 one site, near 1 all different)", TWO_PLACES],
];

/** The figures of an events quality (a ProposalSet's quality JSON) as [label, text], known ones only. */
export function qualityRows(quality) {
  const rows = [];
  for (const [path, label, format] of QUALITY_LABELS) {
    const value = path.split(".").reduce((v, key) => (v == null ? v : v[key]), quality);
    if (typeof value === "number" && Number.isFinite(value)) rows.push([label, format(value)]);
  }
  return rows;
}

/** The attendees the signed-in member may tick as met: everyone but themselves. */
export function othersAttending(attendees, myHandle) {
  return (attendees ?? []).filter((m) => m.handle !== myHandle);
}

/** The attendees with the viewer's tablemates first (in the order of the rounds), then the rest as they were. */
export function tablematesFirst(attendees, seats) {
  const order = new Map();
  for (const seat of seats ?? []) for (const m of seat.tablemates) if (!order.has(m.id)) order.set(m.id, order.size);
  const rank = (m) => (order.has(m.id) ? order.get(m.id) : order.size);
  return [...attendees].sort((a, b) => rank(a) - rank(b));
}

/** Whether the member with `handle` is among the attendees. */
export function isAttending(attendees, handle) {
  return (attendees ?? []).some((m) => m.handle === handle);
}

/** The command an operator runs when the site has no recommender service. */
export function batchCommand(eventKey, { tableSize, rounds, timeLimit, seed } = {}) {
  const args = ["python -m recommender batch --kind events", `--event ${eventKey}`];
  if (tableSize) args.push(`--table-size ${tableSize}`);
  if (rounds) args.push(`--rounds ${rounds}`);
  if (timeLimit) args.push(`--time-limit ${timeLimit}`);
  if (seed) args.push(`--seed ${seed}`);
  return args.join(" ");
}

/** The generate form's values as the recommender's EVENTS ProposeInput. */
export function proposeParameters(eventKey, { tableSize, rounds, timeLimit, seed }) {
  const number = (v) => (v === "" || v == null ? undefined : Number(v));
  const parameters = { eventId: eventKey, tableSize: number(tableSize), rounds: number(rounds), timeLimit: number(timeLimit), seed: number(seed) };
  return Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== undefined));
}

/** An API message with the members' store ids it names replaced by their names ("did not attend: Ada"). */
export function withNames(message, members) {
  let text = message || "";
  for (const m of [...(members ?? [])].sort((a, b) => (b.key?.length ?? 0) - (a.key?.length ?? 0))) {
    if (m.key) text = text.split(m.key).join(m.name);
  }
  return text;
}

/** Where a member belongs, to tell apart people of the same name: "Platform, at Harbour". */
export function whereFrom(member) {
  const team = member?.team?.name;
  const site = member?.site?.name;
  return [team, site && `at ${site}`].filter(Boolean).join(", ");
}

/** An event's fields as an edit form holds them (the start as a datetime-local value). */
export function eventForm(event) {
  return { name: event?.name ?? "", startsAt: isoToLocalInput(event?.startsAt), place: event?.place ?? "" };
}

/**
 * The door sheet of a plan (grouped by groupPlan): every person seated, by name, with their
 * table in each round (null where they sit in none). `twin` marks a name two people share,
 * so the sheet can add the handle.
 */
export function whoSitsWhere(rounds) {
  const people = new Map();
  rounds.forEach((r, index) => {
    for (const t of r.tables) {
      for (const m of t.members) {
        const key = m.handle ?? m.name;
        if (!people.has(key)) people.set(key, { name: m.name, handle: m.handle, tables: rounds.map(() => null) });
        people.get(key).tables[index] = t.table;
      }
    }
  });
  const rows = [...people.values()].sort(
    (a, b) => (a.name || "").localeCompare(b.name || "", undefined, { sensitivity: "base" }) || (a.handle || "").localeCompare(b.handle || ""),
  );
  const counts = new Map();
  for (const row of rows) counts.set(row.name, (counts.get(row.name) ?? 0) + 1);
  return rows.map((row) => ({ ...row, twin: counts.get(row.name) > 1 }));
}

/** The choices of the add-a-team-or-site list: teams (with their parent units) then sites, by name. */
export function groupChoices(teams, sites, pathOf = (team) => team.name) {
  const byLabel = (a, b) => a.label.localeCompare(b.label);
  return {
    teams: (teams ?? []).map((t) => ({ value: `team:${t.id}`, label: pathOf(t), count: t.memberCount ?? 0 })).sort(byLabel),
    sites: (sites ?? []).map((s) => ({ value: `site:${s.id}`, label: s.name, count: s.memberCount ?? 0 })).sort(byLabel),
  };
}

/** A group choice's value ("team:ID") as addEventAttendeesFrom's variables. */
export function groupVariables(value) {
  const [kind, ...rest] = (value || "").split(":");
  const id = rest.join(":");
  if (!id) return null;
  if (kind === "team") return { teamId: id };
  if (kind === "site") return { siteId: id };
  return null;
}
