import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  HEADLINE, KPI_NAMES, addDays, daysBetween, describeTrend, directionNote, firstDayNote, formatDate, formatDelta, formatValue, glossary,
  historyQuery, kpiDetail, kpiStatus, kpiValue, kpisByName, kpisFrom, parseScope, parseTargetInput, primaryTarget, progressPercent,
  scopeValue, snapshotDays, targetStatus, trendArrow, trendOf,
} from "../src/dashboard-kpis.js";
import { chartModel, describeSeries, livePoint, niceTicks, valueRange } from "../src/dashboard-chart.js";

// Some of what the API's kpiDefinitions answers (graph-api's kpis/targets.py is the source).
const definition = (name, unit, higherIsBetter, low = 0, high = 1) =>
  ({ name, label: name.toLowerCase(), description: `what ${name} means`, unit, higherIsBetter, low, high });
const DEFINITIONS = [
  definition("SILO_INDEX_TEAMS", "INDEX", true, -1),
  definition("MODULARITY_PURPOSE", "INDEX", true, -0.5),
  definition("CROSS_TEAM_BOND_SHARE", "SHARE", true),
  definition("CROSS_TEAM_BOND_SHARE_30D", "SHARE", true),
  definition("ISOLATED_SHARE", "SHARE", false),
  definition("ACCEPTANCE_RATE", "SHARE", true),
  definition("A_KPI_THIS_PAGE_CANNOT_READ", "SHARE", true),
];
const KPIS = kpisFrom(DEFINITIONS);
const KPI_BY_NAME = kpisByName(KPIS);
const share = KPI_BY_NAME.CROSS_TEAM_BOND_SHARE;
const isolation = KPI_BY_NAME.ISOLATED_SHARE;
const silo = KPI_BY_NAME.SILO_INDEX_TEAMS;

const HEALTH = {
  asOf: "2026-05-20", members: 61, ties: 120,
  siloByTeam: { ei: -0.25, internal: 75, external: 45 }, siloBySite: { ei: 0.1, internal: 54, external: 66 },
  modularity: { byTeam: 0.31, bySite: 0.05, byPurpose: null },
  crossSilo: { ties: 120, crossTeam: 45, share: 0.375, ties30d: 0, crossTeam30d: 0, share30d: null, ties90d: 10, crossTeam90d: 4, share90d: 0.4 },
  purpose: { members: 61, inGroup: 12, share: 12 / 61 },
  isolation: { members: 61, isolated: 3, isolatedShare: 3 / 61, withTeam: 60, teamBound: 20, teamBoundShare: 1 / 3 },
  needs: { needs: 10, offered: 8, offeredShare: 0.8, matched: 2, matchedShare: 0.2 },
  trust: { bonds: 130, confirmed: 100, confirmedShare: 100 / 130, mentor: 13, mentorShare: 0.1 },
  engagement: { members: 61, active: 50, activeShare: 50 / 61, proposals: [{ kind: "*", accepted: 6, declined: 2, rate: 0.75 }, { kind: "purpose", accepted: 6, declined: 2, rate: 0.75 }] },
};

test("the page can read every KPI of the API's KpiName enum, and the headline ones are among them", () => {
  const schema = readFileSync(new URL("../../services/graph-api/schema.graphql", import.meta.url), "utf8");
  const body = /enum KpiName \{([^}]*)\}/.exec(schema)[1].replace(/"""[\s\S]*?"""/g, "");
  const names = body.split(/\s+/).filter(Boolean);
  assert.equal(names.length, 18); // 18 once schema.graphql is regenerated with PROPOSAL_CONVERSION
  assert.deepEqual([...KPI_NAMES].sort(), [...names].sort());
  for (const name of HEADLINE) assert.ok(KPI_NAMES.includes(name), name);
});

test("the KPIs come from the API's definitions, in its order, with how to read each", () => {
  assert.deepEqual(KPIS.map((k) => k.name), DEFINITIONS.slice(0, 6).map((d) => d.name), "one it cannot read is left out");
  assert.equal(share.unit, "share");
  assert.equal(silo.unit, "index");
  assert.equal(silo.low, -1);
  assert.equal(isolation.higherIsBetter, false);
  assert.equal(share.definition, "what CROSS_TEAM_BOND_SHARE means");
  assert.equal(share.label, "cross_team_bond_share");
  assert.deepEqual(kpisFrom(null), []);
});

test("each KPI reads its value from the health report; undefined ratios are null", () => {
  assert.equal(kpiValue(share, HEALTH), 0.375);
  assert.equal(kpiValue(KPI_BY_NAME.ACCEPTANCE_RATE, HEALTH), 0.75);
  assert.equal(kpiValue(KPI_BY_NAME.MODULARITY_PURPOSE, HEALTH), null);
  assert.equal(kpiValue(KPI_BY_NAME.CROSS_TEAM_BOND_SHARE_30D, HEALTH), null);
  for (const kpi of KPIS) assert.doesNotThrow(() => kpiValue(kpi, HEALTH), kpi.name);
  assert.equal(kpiDetail(isolation, HEALTH), "3 of 61 members");
  assert.equal(kpiValue(KPI_BY_NAME.ACCEPTANCE_RATE, { ...HEALTH, engagement: { ...HEALTH.engagement, proposals: [] } }), null);
});

test("shares read as percentages and indices as signed decimals", () => {
  assert.equal(formatValue(share, 0.375), "37.5%");
  assert.equal(formatValue(share, 0.4), "40%");
  assert.equal(formatValue(share, 1), "100%");
  assert.equal(formatValue(share, 0), "0%");
  assert.equal(formatValue(silo, -0.25), "-0.25");
  assert.equal(formatValue(silo, -0.001), "0.00");
  assert.equal(formatValue(silo, null), "not measurable");
});

test("changes read as percentage points for shares", () => {
  assert.equal(formatDelta(share, 0.032), "+3.2 points");
  assert.equal(formatDelta(share, -0.01), "-1 point");
  assert.equal(formatDelta(share, 0.0001), "no change");
  assert.equal(formatDelta(silo, -0.05), "-0.05");
  assert.equal(formatDelta(silo, 0.001), "no change");
});

test("dates read in words and move by whole UTC days", () => {
  assert.equal(formatDate("2026-05-02"), "2 May 2026");
  assert.equal(formatDate("2026-12-31", { year: false }), "31 Dec");
  assert.equal(addDays("2026-03-01", -1), "2026-02-28");
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(daysBetween("2026-01-01", "2026-03-01"), 59);
});

test("the trend compares with the last snapshot before the report's day", () => {
  const points = [
    { at: "2026-05-01", value: 0.3 },
    { at: "2026-05-10", value: null },
    { at: "2026-05-15", value: 0.35 },
    { at: "2026-05-20", value: 0.375 },
  ];
  const trend = trendOf(share, 0.375, points, "2026-05-20");
  assert.equal(trend.previous.at, "2026-05-15");
  assert.equal(trend.direction, "up");
  assert.equal(trend.better, true);
  assert.equal(describeTrend(share, trend), "Up 2.5 points since 15 May 2026 (better).");
  const worse = trendOf(isolation, 0.5, points, "2026-05-20");
  assert.equal(worse.better, false);
  assert.equal(describeTrend(isolation, worse), "Up 15 points since 15 May 2026 (worse).");
  assert.equal(trendOf(share, 0.35, points, "2026-05-20").direction, "flat");
  assert.equal(trendOf(share, 0.3, [{ at: "2026-05-20", value: 0.2 }], "2026-05-20"), null);
  assert.equal(trendOf(share, null, points, "2026-05-20"), null);
  assert.equal(describeTrend(share, null), "No earlier figure to compare with.");
});

test("isolation going down is better", () => {
  const trend = trendOf(isolation, 0.05, [{ at: "2026-05-01", value: 0.1 }], "2026-05-20");
  assert.equal(trend.direction, "down");
  assert.equal(trend.better, true);
});

test("a trend's arrow says in words whether the move is better or worse", () => {
  const up = trendOf(share, 0.4, [{ at: "2026-05-01", value: 0.3 }], "2026-05-20");
  assert.deepEqual(trendArrow(up), { symbol: "↑", key: "better", label: "Up: better" });
  const isolationUp = trendOf(isolation, 0.4, [{ at: "2026-05-01", value: 0.3 }], "2026-05-20");
  assert.deepEqual(trendArrow(isolationUp), { symbol: "↑", key: "worse", label: "Up: worse" });
  const down = trendOf(share, 0.2, [{ at: "2026-05-01", value: 0.3 }], "2026-05-20");
  assert.deepEqual(trendArrow(down), { symbol: "↓", key: "worse", label: "Down: worse" });
  const flat = trendOf(share, 0.3, [{ at: "2026-05-01", value: 0.3 }], "2026-05-20");
  assert.deepEqual(trendArrow(flat), { symbol: "→", key: "flat", label: "No change" });
  assert.equal(trendArrow(null), null);
});

test("a KPI with a target is good when met or on track, watch when behind but getting better, else bad", () => {
  const better = { better: true, direction: "up" };
  const worse = { better: false, direction: "down" };
  const flat = { better: null, direction: "flat" };
  const on = (met, onTrack) => ({ current: 0.3, met, onTrack });
  assert.deepEqual(kpiStatus(share, 0.3, on(true, true), worse), { key: "good", word: "Good", reason: "target met" });
  assert.equal(kpiStatus(share, 0.3, on(false, true), worse).reason, "on track for the target");
  assert.equal(kpiStatus(share, 0.3, on(false, false), better).key, "watch");
  assert.equal(kpiStatus(share, 0.3, on(false, false), worse).key, "bad");
  assert.equal(kpiStatus(share, 0.3, on(false, false), flat).key, "bad");
  assert.deepEqual(kpiStatus(share, 0.3, on(false, false), null), { key: "bad", word: "Bad", reason: "behind the plan for the target" });
});

test("a KPI without a target is judged by its trend in its better direction, and not at all without one", () => {
  const trend = (current, previous, kpi = share) => trendOf(kpi, current, [{ at: "2026-05-01", value: previous }], "2026-05-20");
  assert.equal(kpiStatus(share, 0.4, null, trend(0.4, 0.3)).key, "good");
  assert.equal(kpiStatus(share, 0.2, null, trend(0.2, 0.3)).key, "bad");
  assert.deepEqual(kpiStatus(share, 0.3, null, trend(0.3, 0.3)), { key: "watch", word: "Watch", reason: "no change" });
  assert.equal(kpiStatus(isolation, 0.1, null, trend(0.1, 0.3, isolation)).key, "good", "less isolation is better");
  assert.deepEqual(kpiStatus(isolation, 0, null, trend(0, 0, isolation)), { key: "good", word: "Good", reason: "as good as it can be" });
  assert.equal(kpiStatus(share, 0.3, null, null), null);
  assert.equal(kpiStatus(share, null, { current: null, met: null, onTrack: null }, null), null);
  assert.equal(kpiStatus(share, 0.3, { current: null, met: null, onTrack: null }, trend(0.3, 0.2)).key, "good", "an unmeasurable target falls back to the trend");
});

test("the day-one sentence shows while no snapshot comes before the report's day", () => {
  const history = (...days) => ({ ISOLATED_SHARE: days.map((at) => ({ at, value: 0.1 })), ACTIVE_SHARE: days.map((at) => ({ at, value: null })) });
  assert.deepEqual(snapshotDays(history("2026-05-20", "2026-05-01")), ["2026-05-01", "2026-05-20"]);
  assert.match(firstDayNote(history("2026-05-20"), "2026-05-20"), /^Trends start after the second snapshot: Kindred records the figures once a day/);
  assert.match(firstDayNote(history(), "2026-05-20"), /^No snapshot recorded yet\. Trends start after the second snapshot/);
  assert.equal(firstDayNote(history("2026-05-19"), "2026-05-20"), null, "yesterday's snapshot gives today's figures a trend");
  assert.equal(firstDayNote(history("2026-05-19", "2026-05-20"), "2026-05-20"), null);
  assert.equal(firstDayNote(null, "2026-05-20"), null, "nothing is said while the history loads");
});

test("the silo index and modularity are explained in one line each, with the API's better direction", () => {
  const byName = kpisByName(kpisFrom([
    definition("SILO_INDEX_TEAMS", "INDEX", true, -1),
    definition("MODULARITY_TEAMS", "INDEX", false, -0.5),
    definition("MODULARITY_PURPOSE", "INDEX", true, -0.5),
  ]));
  const [silo, modularity, marks] = glossary(byName);
  assert.equal(silo.term, "Silo index");
  assert.match(silo.text, /own team or site \(−1: silos\).*: higher is better\.$/);
  assert.equal(modularity.text, "how much ties bunch up inside groups, from −0.5 to 1: lower is better for teams and sites, higher for purpose groups.");
  assert.match(marks.term, /Good, watch, bad/);
  for (const entry of glossary({})) assert.doesNotMatch(entry.text, /\n/);
});

test("a KPI's better direction is said once", () => {
  assert.equal(directionNote(share), "Higher is better.");
  assert.equal(directionNote(isolation), "Lower is better.");
  assert.equal(directionNote({ ...isolation, definition: "Members with no tie. Lower is better." }), "");
  assert.equal(directionNote({ ...share, definition: "Purpose clustering: rising is good." }), "");
});

test("the target shown is the next one due, else the last one that fell due", () => {
  const targets = [
    { id: "a", kpi: "PURPOSE_COVERAGE", by: "2026-12-01" },
    { id: "b", kpi: "PURPOSE_COVERAGE", by: "2026-06-01" },
    { id: "c", kpi: "PURPOSE_COVERAGE", by: "2026-01-01" },
    { id: "d", kpi: "ISOLATED_SHARE", by: "2025-01-01" },
    { id: "e", kpi: "ISOLATED_SHARE", by: "2025-06-01" },
  ];
  assert.equal(primaryTarget(targets, "PURPOSE_COVERAGE", "2026-05-20").id, "b");
  assert.equal(primaryTarget(targets, "ISOLATED_SHARE", "2026-05-20").id, "e");
  assert.equal(primaryTarget(targets, "ACTIVE_SHARE", "2026-05-20"), null);
});

test("a target's status and progress read plainly", () => {
  assert.deepEqual(targetStatus({ current: 0.5, met: true, onTrack: true }), { key: "met", text: "Target met" });
  assert.equal(targetStatus({ current: 0.3, met: false, onTrack: true }).key, "on-track");
  assert.equal(targetStatus({ current: 0.3, met: false, onTrack: false }).text, "Off track");
  assert.equal(targetStatus({ current: null, met: null, onTrack: null }).key, "unknown");
  assert.equal(progressPercent({ progress: 0.456 }), 46);
  assert.equal(progressPercent({ progress: -0.5 }), 0);
  assert.equal(progressPercent({ progress: 1.7 }), 100);
  assert.equal(progressPercent({ progress: null }), null);
});

test("target values are typed as percentages for shares and checked against the KPI's range", () => {
  assert.deepEqual(parseTargetInput(share, "40"), { value: 0.4 });
  assert.deepEqual(parseTargetInput(share, " 12,5 % "), { value: 0.125 });
  assert.deepEqual(parseTargetInput(silo, "-0.2"), { value: -0.2 });
  assert.match(parseTargetInput(share, "150").error, /percentage: give a value from 0 to 100/);
  assert.match(parseTargetInput(silo, "2").error, /from -1 to 1/);
  assert.match(parseTargetInput(share, "lots").error, /not a number/);
  assert.match(parseTargetInput(share, "").error, /Give the value/);
});

test("scopes round-trip through the picker's values", () => {
  assert.deepEqual(parseScope("COMMUNITY"), { kind: "COMMUNITY" });
  assert.deepEqual(parseScope(undefined), { kind: "COMMUNITY" });
  assert.deepEqual(parseScope("TEAM:VGVhbTp0MQ=="), { kind: "TEAM", id: "VGVhbTp0MQ==" });
  assert.equal(scopeValue({ kind: "SITE", id: "s:1" }), "SITE:s:1");
  assert.equal(scopeValue(parseScope("SITE:s:1")), "SITE:s:1");
  assert.equal(scopeValue({ kind: "COMMUNITY" }), "COMMUNITY");
});

test("one history request asks for every KPI under its own name", () => {
  const query = historyQuery(["ISOLATED_SHARE", "ACTIVE_SHARE"]);
  assert.match(query, /ISOLATED_SHARE: communityHealthHistory\(kpi: ISOLATED_SHARE, from: \$from, to: \$to, scope: \$scope\) \{ at value \}/);
  assert.match(query, /ACTIVE_SHARE: communityHealthHistory\(kpi: ACTIVE_SHARE/);
  assert.match(query, /^query DashboardHistory\(\$from: Date!, \$to: Date!, \$scope: HealthScopeInput\)/);
});

test("axis ticks are round numbers inside the range", () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.31, 0.47, 4), [0.35, 0.4, 0.45]);
  assert.deepEqual(niceTicks(-0.3, 0.1, 4), [-0.3, -0.2, -0.1, 0, 0.1]);
  assert.deepEqual(niceTicks(0.5, 0.5), [0.5]);
});

test("the y range holds the values and the target, padded, within the KPI's range", () => {
  const [min, max] = valueRange([0.3, 0.35], { low: 0, high: 1, target: 0.5 });
  assert.ok(min < 0.3 && min >= 0);
  assert.ok(max > 0.5 && max <= 1);
  const [flatMin, flatMax] = valueRange([0, 0], { low: 0, high: 1 });
  assert.equal(flatMin, 0);
  assert.ok(Math.abs(flatMax - 0.1) < 1e-9);
  assert.deepEqual(valueRange([], { low: -1, high: 1 }), [-1, 1]);
});

test("the chart places points by date, breaks lines at undefined days and draws the target", () => {
  const points = [
    { at: "2026-05-01", value: 0.2 },
    { at: "2026-05-06", value: 0.3 },
    { at: "2026-05-11", value: null },
    { at: "2026-05-16", value: 0.3 },
    { at: "2026-05-21", value: 0.4 },
  ];
  const model = chartModel(points, { low: 0, high: 1, target: 0.5, from: "2026-05-01", to: "2026-05-21", width: 320, height: 170 });
  assert.equal(model.dots.length, 4);
  assert.equal(model.dots[0].x, model.plot.left);
  assert.equal(model.dots[3].x, model.plot.right);
  assert.ok(model.dots[0].y > model.dots[3].y, "higher values are drawn higher");
  assert.equal(model.lines.length, 2);
  assert.ok(model.targetY !== null && model.targetY < model.dots[3].y);
  assert.deepEqual(model.xTicks.map((t) => t.at), ["2026-05-01", "2026-05-11", "2026-05-21"]);
  for (const t of model.yTicks) assert.ok(t.y >= model.plot.top - 0.1 && t.y <= model.plot.bottom + 0.1);
});

test("a single snapshot is a dot without a line", () => {
  const model = chartModel([{ at: "2026-05-20", value: 0.3 }], { low: 0, high: 1, from: "2026-05-20", to: "2026-05-20" });
  assert.equal(model.dots.length, 1);
  assert.equal(model.lines.length, 0);
  assert.equal(model.targetY, null);
});

test("the chart's words say what it shows", () => {
  const points = [{ at: "2026-05-01", value: 0.2 }, { at: "2026-05-21", value: 0.4 }];
  const target = { target: 0.5, by: "2026-09-01" };
  assert.equal(
    describeSeries(share, points, { from: "2026-04-21", to: "2026-05-21", target }),
    "2 snapshots from 21 Apr 2026 to 21 May 2026: 20% on 1 May 2026, 40% on 21 May 2026 (lowest 20%, highest 40%). Target: 50% by 1 Sep 2026.",
  );
  assert.equal(describeSeries(share, [], { from: "2026-04-21", to: "2026-05-21" }), "No snapshots from 21 Apr 2026 to 21 May 2026.");
});

test("today's value joins the chart as an unrecorded point unless today's snapshot exists", () => {
  const points = [{ at: "2026-05-01", value: 0.2 }, { at: "2026-05-11", value: 0.3 }];
  const live = livePoint(points, 0.9, "2026-05-21");
  assert.deepEqual(live, { at: "2026-05-21", value: 0.9 });
  assert.equal(livePoint([...points, { at: "2026-05-21", value: 0.4 }], 0.9, "2026-05-21"), null);
  assert.equal(livePoint(points, null, "2026-05-21"), null);
  const model = chartModel(points, { low: 0, high: 1, live, from: "2026-05-01", to: "2026-05-21" });
  assert.equal(model.live.x, model.plot.right);
  assert.ok(model.range[1] >= 0.9, "the range holds today's value");
  assert.deepEqual(model.live.from, { x: model.dots[1].x, y: model.dots[1].y });
  assert.match(describeSeries(share, points, { from: "2026-05-01", to: "2026-05-21", live }), /Today \(not recorded yet\): 90%\.$/);
});
