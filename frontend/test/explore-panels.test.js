import { test } from "node:test";
import assert from "node:assert/strict";
import { bondLens, indexPacked } from "../src/lenses.js";
import { legendItems } from "../src/explore-legend.js";
import { groupsByMember, groupSummaries } from "../src/explore-groups.js";
import { placeLabel } from "../src/explore-draw.js";
import { loadPurposeGroups, memberDetailsCache } from "../src/explore-data.js";

// Five members: three in Platform, one in Data, one without a team.
const PACKED = {
  members: {
    key: ["m1", "m2", "m3", "m4", "m5"],
    label: ["Ada", "Bo", "Cy", "Di", "Ed"],
    team: [0, 0, 0, 1, null],
    site: [0, 0, 0, 0, null],
    bonds: [1, 1, 1, 1, 0],
    passions: [[0], [0], [], [0], []],
    intensity: [[5], [3], [], [4], []],
  },
  teams: { key: ["t1", "t2"], label: ["Platform", "Data"], size: [3, 1] },
  sites: { key: ["s1"], label: ["Lyon"], size: [4] },
  passions: { key: ["p1"], slug: ["rivers"], label: ["Rivers"], size: [3] },
  bonds: { source: [0], target: [3], kind: [0], strength: [0.5] },
  bondKinds: ["colleague"],
};
const view = () => indexPacked(PACKED);

test("the legend lists teams by name, biggest first, and the members without one", () => {
  const index = view();
  const legend = legendItems(index, bondLens(index, { colourBy: "team" }), "team");
  assert.deepEqual(legend.items.map((i) => [i.label, i.count]), [["Platform", 3], ["Data", 1]]);
  assert.equal(new Set(legend.items.map((i) => i.colour)).size, 2);
  assert.equal(legend.none, 1);
  assert.equal(legend.noneLabel, "No team");
  assert.equal(legend.more, 0);
});

test("past its length the legend says how many more", () => {
  const index = view();
  const legend = legendItems(index, bondLens(index, { colourBy: "team" }), "team", 1);
  assert.deepEqual(legend.items.map((i) => i.label), ["Platform"]);
  assert.equal(legend.more, 1);
  assert.equal(legend.many, "teams");
});

test("coloured by strongest passion, the legend names passions", () => {
  const index = view();
  const legend = legendItems(index, bondLens(index, { colourBy: "passion" }), "passion");
  assert.deepEqual(legend.items.map((i) => [i.label, i.count]), [["Rivers", 3]]);
  assert.equal(legend.none, 2);
});

test("a purpose group keeps the members drawn and counts the teams they come from", () => {
  const groups = [
    { key: "c1", name: "Rivers circle", memberKeys: ["m1", "m4", "gone"] },
    { key: "c2", name: "Chess circle", memberKeys: ["elsewhere"] },
    { key: "c3", name: "Big circle", memberKeys: ["m1", "m2", "m3"] },
  ];
  const summaries = groupSummaries(groups, view());
  assert.deepEqual(summaries.map((g) => [g.name, g.memberKeys, g.teams]), [
    ["Big circle", ["m1", "m2", "m3"], 1],
    ["Rivers circle", ["m1", "m4"], 2],
  ]);
  assert.deepEqual(groupsByMember(summaries).get("m1"), ["Big circle", "Rivers circle"]);
});

test("a label goes right of its dot, left near the right edge, and never past an edge", () => {
  const canvas = { width: 200, height: 100 };
  assert.deepEqual(placeLabel({ x: 50, y: 50, size: 5 }, 40, 14, canvas), { x: 58, y: 50 + 14 / 3 });
  assert.equal(placeLabel({ x: 190, y: 50, size: 5 }, 40, 14, canvas).x, 190 - 5 - 3 - 40);
  const huge = placeLabel({ x: 100, y: 99, size: 5 }, 500, 14, canvas);
  assert.equal(huge.x, 2);
  assert.ok(huge.y <= 97);
  assert.ok(placeLabel({ x: 100, y: 0, size: 5 }, 10, 14, canvas).y >= 14);
});

test("purpose groups are read page by page, and only so many pages", async () => {
  const asked = [];
  const client = {
    request: async (query, variables) => {
      asked.push(variables.after);
      const page = asked.length;
      return { purposeCommunities: {
        edges: [{ node: { key: `c${page}`, name: `Circle ${page}`, members: [{ key: "m1" }] } }],
        pageInfo: { hasNextPage: true, endCursor: `after-${page}` },
      } };
    },
  };
  const { groups, more } = await loadPurposeGroups(client, 3);
  assert.deepEqual(asked, [null, "after-1", "after-2"]);
  assert.deepEqual(groups.map((g) => [g.key, g.memberKeys]), [["c1", ["m1"]], ["c2", ["m1"]], ["c3", ["m1"]]]);
  assert.equal(more, true);
});

test("a member's details are asked once, and asked again after a failure", async () => {
  let calls = 0;
  let fail = true;
  const client = {
    request: async (query, { id }) => {
      calls++;
      if (fail) throw new Error("offline");
      return { member: id === "m1" ? { handle: "ada", vision: "Rivers for all" } : null };
    },
  };
  const cache = memberDetailsCache(client);
  await assert.rejects(cache.get("m1"));
  fail = false;
  assert.deepEqual(await cache.get("m1"), { handle: "ada", vision: "Rivers for all" });
  await cache.get("m1");
  assert.equal(await cache.get("m9"), null);
  assert.equal(calls, 3);
});
