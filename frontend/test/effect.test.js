import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CAVEAT, aimText, kpiChangeText, latestWindow, perMember, predictedText, runHeadline, runResult, windowName, windowRows, windowSpan,
} from "../src/effect-model.js";

const SHARE = { name: "CROSS_TEAM_BOND_SHARE", label: "Cross-team ties", unit: "share", higherIsBetter: true };
const ISOLATION = { name: "ISOLATED_SHARE", label: "Isolation", unit: "share", higherIsBetter: false };
const BY_NAME = { CROSS_TEAM_BOND_SHARE: SHARE, ISOLATED_SHARE: ISOLATION };
const AIM = { targetId: "t1", kpi: "CROSS_TEAM_BOND_SHARE", label: "Cross-team ties", scopeName: "the Finance team", target: 0.3, predicted: 0.42 };
const change = (over) => ({ targetId: "t1", kpi: "CROSS_TEAM_BOND_SHARE", measurable: true, members: 9, before: 0.2, after: 0.35, change: 0.15, note: null, ...over });
const group = (members, perMemberTies, kpis) => ({ members, newTies: 0, newCrossTeamTies: 0, newTiesPerMember: perMemberTies, newCrossTeamTiesPerMember: perMemberTies / 2, kpis });
const WINDOWS = [
  { kind: "SO_FAR", days: null, startsOn: "2026-03-01", endsOn: "2026-04-15", over: true, accepted: group(16, 1.25, [change()]), others: group(13, 0.5, [change({ members: 4, after: 0.2, change: 0 })]) },
  { kind: "DAYS_30", days: 30, startsOn: "2026-03-01", endsOn: "2026-03-30", over: true, accepted: group(16, 1, [change()]), others: group(13, 0.5, [change({ after: 0.1, change: -0.1 })]) },
  { kind: "DAYS_90", days: 90, startsOn: "2026-03-01", endsOn: "2026-05-29", over: false, accepted: null, others: null },
];
const RUN = { setId: "set-1", kind: "INTROS", publishedOn: "2026-03-01", members: 29, summary: "In the 30 days after publishing, the 16 who accepted made 1.0 new ties each.", effect: { windows: WINDOWS, aims: [] } };

test("a run is said as an action, with its kind, day and people", () => {
  assert.equal(runHeadline(RUN), "Introductions published on 1 Mar 2026, to 29 people");
  assert.equal(runHeadline({ ...RUN, kind: "PURPOSE", members: 1 }), "Purpose groups published on 1 Mar 2026, to 1 person");
});

test("the longest finished window is the one the result speaks of", () => {
  assert.equal(latestWindow({ windows: WINDOWS }).kind, "DAYS_30");
  assert.equal(latestWindow({ windows: [WINDOWS[0], { ...WINDOWS[1], over: false }] }).kind, "SO_FAR");
  assert.equal(windowName(WINDOWS[0]), "So far");
  assert.equal(windowSpan(WINDOWS[1]), "1 Mar 2026 to 30 Mar 2026");
  assert.equal(windowSpan(WINDOWS[2]), "not over yet: it ends on 29 May 2026");
});

test("an aimed KPI's change reads from, to, by how much and which way", () => {
  assert.equal(kpiChangeText(SHARE, change()), "from 20% to 35% (+15 points, better)");
  assert.equal(kpiChangeText(ISOLATION, change({ before: 0.2, after: 0.1, change: -0.1 })), "from 20% to 10% (-10 points, better)");
  assert.equal(kpiChangeText(SHARE, change({ after: 0.2, change: 0 })), "from 20% to 20% (no change)");
  assert.equal(kpiChangeText(SHARE, change({ before: null, after: null, change: null })), "nothing to measure yet in this group (no ties to count)");
  assert.equal(kpiChangeText(SHARE, change({ before: null, after: null, change: null, members: 0 })), "nobody in this group is in the target's scope");
  assert.match(kpiChangeText(SHARE, change({ measurable: false, note: "Not measurable per group: because." })), /^Not measurable per group/);
});

test("the aim and the run's prediction are said in words", () => {
  assert.equal(aimText(SHARE, AIM), "Cross-team ties of the Finance team, target 30%");
  assert.equal(aimText(SHARE, { ...AIM, scopeName: "the whole community" }), "Cross-team ties in the whole community, target 30%");
  assert.equal(predictedText(SHARE, AIM), "The run predicted 42% if every proposal were accepted.");
  assert.equal(predictedText(SHARE, { ...AIM, predicted: null }), null);
});

test("the result chains the aimed KPI in each group with the comparison of new ties", () => {
  assert.equal(runResult(RUN, "t1", SHARE),
    "First 30 days: cross-team ties among those who accepted from 20% to 35% (+15 points, better); among those who did not, " +
    "from 20% to 10% (-10 points, worse). In the 30 days after publishing, the 16 who accepted made 1.0 new ties each.");
  const aimed = { ...RUN, effect: { windows: WINDOWS, aims: [AIM] } };
  assert.match(runResult(aimed, "t1", SHARE), /\(-10 points, worse\)\. The run predicted 42% if every proposal were accepted\. In the 30 days/);
});

test("a window's table has the people behind every figure and one row per aim", () => {
  const rows = windowRows(WINDOWS[0], [AIM], BY_NAME);
  assert.deepEqual(rows.map((r) => r.label), ["People", "New ties per person", "New ties across teams per person", "Cross-team ties of the Finance team, target 30% (the run predicted 42%)"]);
  assert.deepEqual([rows[0].accepted, rows[0].others], ["16", "13"]);
  assert.deepEqual([rows[1].accepted, rows[2].others], ["1.3", "0.3"]);
  assert.equal(rows[3].accepted, "from 20% to 35% (+15 points, better) · 9 people");
  assert.deepEqual(windowRows(WINDOWS[2], [AIM], BY_NAME), []);
  assert.equal(perMember(null), "none to count");
});

test("the caveat says it is not a controlled experiment", () => {
  assert.match(CAVEAT, /not a controlled experiment/);
});

test("the effect page has its own route under the set's", async () => {
  const { parseHash } = await import("../src/router.js");
  assert.deepEqual(parseHash("#/organiser/sets/set-1/effect").params, { id: "set-1" });
  assert.equal(parseHash("#/organiser/sets/set-1/effect").name, "setEffect");
  assert.equal(parseHash("#/organiser/sets/set-1").name, "proposalSet");
});
