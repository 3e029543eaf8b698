import { test } from "node:test";
import assert from "node:assert/strict";
import { groupFigures, outsidersOf, qualityInWords, reviewOrder } from "../src/proposal-review.js";

const member = (key, team) => ({ key, name: key.toUpperCase(), team: team ? { name: team } : null });
const jazz = { id: "p1", title: "Jazz", reasonText: "all love jazz", reason: {}, members: [member("a", "x"), member("b", "y"), member("c", "x")] };
const chess = { id: "p2", title: "Chess", reasonText: "d and e", reason: { outsiders: ["e"] }, members: [member("d", "x"), member("e", "x")] };

test("the recommender's figures are said in words and unknown keys are left out", () => {
  const rows = qualityInWords({ coverage: 0.5, bridgingTeams: 0.75, somethingNew: 3, extra: { groups_with_outsiders: 2 } });
  assert.deepEqual(rows.map(([label]) => label).some((l) => /[a-z][A-Z]/.test(l)), false);
  assert.deepEqual(rows.map(([, v]) => v), ["50%", "75%", "2"]);
});

test("the figures follow the groups as they stand", () => {
  assert.deepEqual(groupFigures([jazz, chess]), { groups: 2, members: 5, meanSize: 2.5, flagged: 1, acrossTeams: 0.5 });
  assert.deepEqual(groupFigures([jazz]).flagged, 0);
});

test("a flagged group names who shares no passion with most of it", () => {
  assert.deepEqual(outsidersOf(chess).map((m) => m.key), ["e"]);
});

test("groups are filtered by title or member name and sorted as asked", () => {
  assert.deepEqual(reviewOrder([jazz, chess], { text: "D" }).map((p) => p.id), ["p2"]);
  assert.deepEqual(reviewOrder([jazz, chess], { sort: "flagged" }).map((p) => p.id), ["p2", "p1"]);
  assert.deepEqual(reviewOrder([chess, jazz], { sort: "largest" }).map((p) => p.id), ["p1", "p2"]);
  assert.deepEqual(reviewOrder([jazz, chess], { sort: "title" }).map((p) => p.id), ["p2", "p1"]);
});
