import { test } from "node:test";
import assert from "node:assert/strict";
import {
  attendeesSummary, batchCommand, eventInput, formatWhen, groupPlan, hasStarted, isAttending, isoToLocalInput,
  eventForm, groupChoices, groupVariables, listNames, localInputToIso, othersAttending, planSummary, plural, proposeParameters, qualityRows,
  rejectedRows, tablematesFirst, whereFrom, whoSitsWhere, withNames,
} from "../src/events-model.js";

const ada = { handle: "ada", name: "Ada" };
const bo = { handle: "bo", name: "Bo" };
const cy = { handle: "cy", name: "Cy" };
const di = { handle: "di", name: "Di" };

test("a start is shown as weekday, day, month, year and 24-hour time in the zone asked for", () => {
  assert.equal(formatWhen("2026-03-05T18:00:00Z", { timeZone: "UTC" }), "Thu 5 Mar 2026, 18:00");
  assert.equal(formatWhen("2026-03-05T18:00:00Z", { timeZone: "Europe/Berlin" }), "Thu 5 Mar 2026, 19:00");
  assert.equal(formatWhen("2026-03-05T00:05:00Z", { timeZone: "UTC" }), "Thu 5 Mar 2026, 00:05");
});

test("an unreadable start is shown as it came", () => {
  assert.equal(formatWhen("someday"), "someday");
  assert.equal(formatWhen(""), "");
});

test("a local date-time input becomes UTC ISO text without milliseconds", () => {
  const local = "2026-03-05T18:00";
  assert.equal(localInputToIso(local), new Date(local).toISOString().replace(".000Z", "Z"));
  assert.match(localInputToIso(local), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(isoToLocalInput(localInputToIso(local)), local);
});

test("an empty or unreadable start is passed on so the API can name the problem", () => {
  assert.equal(localInputToIso(""), "");
  assert.equal(localInputToIso("  "), "");
  assert.equal(localInputToIso("next tuesday"), "next tuesday");
  assert.deepEqual(eventInput({ name: "Meetup", startsAt: "", place: "Hall" }), { name: "Meetup", startsAt: "", place: "Hall" });
});

test("an event has started once its start is now or past", () => {
  const event = { startsAt: "2026-03-05T18:00:00Z" };
  assert.equal(hasStarted(event, "2026-03-05T17:59:59Z"), false);
  assert.equal(hasStarted(event, "2026-03-05T18:00:00Z"), true);
  assert.equal(hasStarted(event, new Date("2027-01-01T00:00:00Z")), true);
  assert.equal(hasStarted({ startsAt: "nonsense" }), false);
});

test("counts and names read as plain English", () => {
  assert.equal(plural(1, "row"), "1 row");
  assert.equal(plural(0, "row"), "0 rows");
  assert.equal(plural(2, "person", "people"), "2 people");
  assert.equal(listNames([]), "");
  assert.equal(listNames(["Ada"]), "Ada");
  assert.equal(listNames(["Ada", "Bo"]), "Ada and Bo");
  assert.equal(listNames(["Ada", "Bo", "Cy"]), "Ada, Bo and Cy");
});

test("an attendee report says what was added, already there and rejected", () => {
  assert.equal(attendeesSummary({ added: 3, alreadyAttending: 0, rejected: [] }), "3 attendees added");
  assert.equal(
    attendeesSummary({ added: 1, alreadyAttending: 2, rejected: [{ row: 4, handle: "x", reason: "no" }] }),
    "1 attendee added · 2 already attending · 1 row rejected",
  );
});

test("rejected rows come in file order and an empty handle is named", () => {
  const rows = rejectedRows({ rejected: [{ row: 5, handle: "ghost", reason: "no member" }, { row: 2, handle: null, reason: "the handle is empty" }] });
  assert.deepEqual(rows, [
    { row: 2, handle: "(empty)", reason: "the handle is empty" },
    { row: 5, handle: "ghost", reason: "no member" },
  ]);
  assert.deepEqual(rejectedRows(null), []);
});

test("a table plan is grouped by round then table, members by name", () => {
  const plan = {
    rounds: [
      { round: 2, tables: [{ table: 2, members: [di, cy] }, { table: 1, members: [bo, ada] }] },
      { round: 1, tables: [{ table: 1, members: [cy, ada] }, { table: 2, members: [bo, di] }] },
    ],
  };
  const rounds = groupPlan(plan);
  assert.deepEqual(rounds.map((r) => r.round), [1, 2]);
  assert.deepEqual(rounds[1].tables.map((t) => t.table), [1, 2]);
  assert.deepEqual(rounds[1].tables[0].members.map((m) => m.name), ["Ada", "Bo"]);
  assert.deepEqual(rounds[0].tables[0].members.map((m) => m.name), ["Ada", "Cy"]);
});

test("draft proposals (one per table) group into the same shape", () => {
  const proposals = [
    { round: 2, table: 1, members: [ada, cy] },
    { round: 1, table: 2, members: [di, cy] },
    { round: 1, table: 1, members: [bo, ada] },
    { round: 2, table: 2, members: [bo, di] },
  ];
  const rounds = groupPlan(proposals);
  assert.deepEqual(rounds.map((r) => r.tables.map((t) => t.members.map((m) => m.handle))), [
    [["ada", "bo"], ["cy", "di"]],
    [["ada", "cy"], ["bo", "di"]],
  ]);
  assert.equal(planSummary(rounds), "2 rounds of 2 tables, 4 people");
});

test("no plan gives no rounds", () => {
  assert.deepEqual(groupPlan(null), []);
  assert.deepEqual(groupPlan([]), []);
  assert.equal(planSummary([]), "0 rounds of tables, 0 people");
});

test("quality figures are labelled in words, shares as percentages, unknown figures left out", () => {
  const rows = qualityRows({ repeatedPairs: 0, coverage: 0.875, novelty: 1, bridgingTeams: 0.5, mystery: 3, extra: { maxMeetings: 1, repeatLowerBound: 0 } });
  assert.deepEqual(rows, [
    ["Repeated meetings (two people at one table again)", "0"],
    ["Fewest repeated meetings possible", "0"],
    ["Most times two people meet", "1"],
    ["Coverage", "88%"],
    ["Novelty (people new to each other)", "100%"],
    ["Tables mixing teams", "50%"],
  ]);
  assert.deepEqual(qualityRows(null), []);
  assert.deepEqual(qualityRows({ cohesion: null }), []);
});

test("the fairness and mixing figures are in words: shares as percentages, the mix indices with two decimals", () => {
  const rows = qualityRows({
    extra: { pairsMetShare: 2 / 3, fewestPeopleMet: 2, largestTeamShare: 0.5, teamDiversity: 0.25, siteDiversity: 0.125 },
  });
  assert.deepEqual(rows, [
    ["Pairs of attendees who meet at least once", "67%"],
    ["Fewest people one attendee meets", "2"],
    ["Most seats one team takes at a table", "50%"],
    ["Team mix at a table (0 one team, near 1 all different)", "0.25"],
    ["Site mix at a table (0 one site, near 1 all different)", "0.13"],
  ]);
});

test("an attendee may tick everyone on the list but themselves", () => {
  assert.deepEqual(othersAttending([ada, bo, cy], "bo"), [ada, cy]);
  assert.deepEqual(othersAttending(undefined, "bo"), []);
  assert.equal(isAttending([ada, bo], "bo"), true);
  assert.equal(isAttending([ada, bo], "cy"), false);
});

test("the recommender gets numbers, and leaves out what was not given", () => {
  assert.deepEqual(proposeParameters("event-1", { tableSize: "4", rounds: "3", timeLimit: "5", seed: "0" }), {
    eventId: "event-1", tableSize: 4, rounds: 3, timeLimit: 5, seed: 0,
  });
  assert.deepEqual(proposeParameters("event-1", { tableSize: "", rounds: "2", timeLimit: "", seed: "" }), { eventId: "event-1", rounds: 2 });
});

test("the hand-run command uses the recommender CLI's real flags", () => {
  assert.equal(batchCommand("event-1"), "python -m recommender batch --kind events --event event-1");
  assert.equal(
    batchCommand("event-1", { tableSize: 4, rounds: 3, timeLimit: 20, seed: 7 }),
    "python -m recommender batch --kind events --event event-1 --table-size 4 --rounds 3 --time-limit 20 --seed 7",
  );
});

test("member ids in an API message are replaced by names", () => {
  const members = [{ key: "member-1", name: "Ada" }, { key: "member-12", name: "Bo" }];
  assert.equal(withNames("these members did not attend the event: member-1, member-12", members), "these members did not attend the event: Ada, Bo");
  assert.equal(withNames("the event has not started yet", members), "the event has not started yet");
  assert.equal(withNames(undefined, members), "");
});

test("who you met lists your tablemates first, round by round, then everyone else as they were", () => {
  const people = [{ id: "a", name: "A" }, { id: "b", name: "B" }, { id: "c", name: "C" }, { id: "d", name: "D" }];
  const seats = [{ round: 1, table: 2, tablemates: [{ id: "c" }] }, { round: 2, table: 1, tablemates: [{ id: "d" }, { id: "c" }] }];
  assert.deepEqual(tablematesFirst(people, seats).map((m) => m.id), ["c", "d", "a", "b"]);
  assert.deepEqual(tablematesFirst(people, []).map((m) => m.id), ["a", "b", "c", "d"]);
});

test("a member's team and site are named to tell apart people of the same name", () => {
  assert.equal(whereFrom({ team: { name: "Platform" }, site: { name: "Harbour" } }), "Platform, at Harbour");
  assert.equal(whereFrom({ team: { name: "Platform" }, site: null }), "Platform");
  assert.equal(whereFrom({ team: null, site: { name: "Harbour" } }), "at Harbour");
  assert.equal(whereFrom({}), "");
});

test("an event's edit form starts from its fields, the start in local time", () => {
  const form = eventForm({ name: "Mixer", startsAt: "2030-04-02T16:30:00Z", place: "" });
  assert.deepEqual(form, { name: "Mixer", startsAt: isoToLocalInput("2030-04-02T16:30:00Z"), place: "" });
  assert.equal(eventInput(form).startsAt, "2030-04-02T16:30:00Z");
});

test("the door sheet lists every person by name with their table in each round", () => {
  const rounds = groupPlan({
    rounds: [
      { round: 1, tables: [{ table: 1, members: [di, bo] }, { table: 2, members: [cy, ada] }] },
      { round: 2, tables: [{ table: 1, members: [ada, bo] }, { table: 2, members: [cy] }] },
    ],
  });
  assert.deepEqual(whoSitsWhere(rounds).map((r) => [r.name, ...r.tables]), [
    ["Ada", 2, 1],
    ["Bo", 1, 1],
    ["Cy", 2, 2],
    ["Di", 1, null],
  ]);
  assert.deepEqual(whoSitsWhere([]), []);
});

test("the door sheet sorts without regard to case and marks names two people share", () => {
  const rounds = [{ round: 1, tables: [{ table: 3, members: [{ handle: "ada2", name: "Ada" }, { handle: "zed", name: "zed" }, ada] }] }];
  const rows = whoSitsWhere(rounds);
  assert.deepEqual(rows.map((r) => [r.handle, r.twin]), [["ada", true], ["ada2", true], ["zed", false]]);
});

test("teams (named with their units) and sites are offered by name with their member counts", () => {
  const choices = groupChoices(
    [{ id: "t2", name: "Platform", memberCount: 4 }, { id: "t1", name: "Apps", memberCount: 0 }],
    [{ id: "s1", name: "Harbour", memberCount: 7 }],
    (t) => `Engineering › ${t.name}`,
  );
  assert.deepEqual(choices.teams, [
    { value: "team:t1", label: "Engineering › Apps", count: 0 },
    { value: "team:t2", label: "Engineering › Platform", count: 4 },
  ]);
  assert.deepEqual(choices.sites, [{ value: "site:s1", label: "Harbour", count: 7 }]);
  assert.deepEqual(groupVariables("team:t2"), { teamId: "t2" });
  assert.deepEqual(groupVariables("site:VGVhbTox:x"), { siteId: "VGVhbTox:x" });
  assert.equal(groupVariables(""), null);
  assert.equal(groupVariables("passion:p1"), null);
});
