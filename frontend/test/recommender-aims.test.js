import { test } from "node:test";
import assert from "node:assert/strict";
import { aimableTargets, aimsInWords, otherTargets, scopeInWords, scopeNames } from "../src/recommender-aims-model.js";

const DATA = {
  kpiDefinitions: [
    { name: "SILO_INDEX_TEAMS", label: "Silo index (teams)", unit: "INDEX" },
    { name: "ISOLATED_SHARE", label: "Isolation", unit: "SHARE" },
    { name: "ACTIVE_SHARE", label: "Engagement", unit: "SHARE" },
  ],
  kpiTargets: [
    { id: "kpitarget-1", kpi: "SILO_INDEX_TEAMS", scope: { kind: "COMMUNITY", id: null }, target: 0.2, by: "2031-06-30", current: -0.4 },
    { id: "kpitarget-2", kpi: "ISOLATED_SHARE", scope: { kind: "TEAM", id: "team-1" }, target: 0.05, by: "2031-01-15", current: null },
    { id: "kpitarget-3", kpi: "ACTIVE_SHARE", scope: { kind: "COMMUNITY", id: null }, target: 0.8, by: "2031-01-15", current: 0.5 },
  ],
  teams: { edges: [{ node: { key: "team-1", name: "Platform" } }] },
  sites: { edges: [{ node: { key: "site-1", name: "Lyon" } }] },
  passions: { edges: [{ node: { slug: "jazz", name: "Jazz" } }] },
};

test("the targets a run can aim at are described in words, other KPIs left out", () => {
  assert.deepEqual(aimableTargets(DATA), [
    { id: "kpitarget-1", text: "Silo index (teams) of the whole community: 0.20 by 30 Jun 2031 (now -0.40)" },
    { id: "kpitarget-2", text: "Isolation of the Platform team: 5% by 15 Jan 2031" },
  ]);
  assert.equal(otherTargets(DATA), 1);
});

test("scopes are named the way people call them, never by their keys", () => {
  const names = scopeNames(DATA);
  assert.equal(scopeInWords({ kind: "SITE", id: "site-1" }, names), "the Lyon site");
  assert.equal(scopeInWords({ kind: "PASSION", id: "jazz" }, names), "people who love Jazz");
  assert.equal(scopeInWords({ kind: "TEAM", id: "team-gone" }, names), "a team");
});

test("a set's aimed figures read as sentences", () => {
  const [line] = aimsInWords([{ label: "Silo index (teams)", scopeKind: "team", scopeName: "Platform", current: -0.5, predicted: -0.1,
    target: 0.2, by: "2031-06-30", unit: "index" }]);
  assert.equal(line, "Silo index (teams) of the team Platform: -0.50 now, -0.10 if every proposal is accepted and its members get to know each other; the target is 0.20 by 30 Jun 2031.");
  assert.deepEqual(aimsInWords(undefined), []);
  const [share] = aimsInWords([{ label: "Isolation", scopeKind: "community", scopeName: "the whole community", current: 0.25, predicted: null, target: 0.05, unit: "share" }]);
  assert.match(share, /^Isolation of the whole community: 25% now, not measurable if/);
});
