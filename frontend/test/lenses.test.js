import { test } from "node:test";
import assert from "node:assert/strict";
import { bondLens, describeMember, indexPacked, matches, NONE_COLOUR, purposeLens } from "../src/lenses.js";

// Ada (Platform, Lyon) loves Chess then Rivers; Bo (Platform, Oslo) Rivers; Cy has no team or site.
const PACKED = {
  members: {
    key: ["m1", "m2", "m3"],
    label: ["Ada", "Bo", "Cy"],
    team: [0, 0, null],
    site: [0, 1, null],
    bonds: [2, 1, 1],
    passions: [[1, 0], [0], []],
    intensity: [[5, 2], [3], []],
  },
  teams: { key: ["t1"], label: ["Platform"], size: [2] },
  sites: { key: ["s1", "s2"], label: ["Lyon", "Oslo"], size: [1, 1] },
  passions: { key: ["p1", "p2"], slug: ["rivers", "chess"], label: ["Rivers", "Chess"], size: [2, 1] },
  bonds: { source: [0, 0, 0], target: [1, 1, 2], kind: [0, 1, 0], strength: [0.8, 0.4, 0.5] },
  bondKinds: ["colleague", "friend"],
};
const index = () => indexPacked(PACKED);

test("members' passions are ordered strongest first", () => {
  const view = index();
  assert.deepEqual(view.members.get("m1").passionKeys, ["p2", "p1"]);
  assert.deepEqual(view.members.get("m3").passionKeys, []);
});

test("the bond lens draws members only, one edge per bonded pair", () => {
  const lens = bondLens(index());
  assert.deepEqual(lens.nodes.map((n) => n.key).sort(), ["m1", "m2", "m3"]);
  assert.equal(lens.edges.length, 2);
  for (const n of lens.nodes) assert.ok(Number.isFinite(n.attributes.x) && Number.isFinite(n.attributes.y));
});

test("the bond lens colours team mates alike and the team-less grey", () => {
  const lens = bondLens(index(), { colourBy: "team" });
  const colour = Object.fromEntries(lens.nodes.map((n) => [n.key, n.attributes.color]));
  assert.equal(colour.m1, colour.m2);
  assert.equal(colour.m3, NONE_COLOUR);
});

test("the purpose lens adds passion hubs and links members to all their passions", () => {
  const lens = purposeLens(index());
  assert.ok(lens.nodes.some((n) => n.key === "passion:p1" && n.attributes.kind === "PASSION"));
  assert.deepEqual(lens.edges.map((e) => `${e.source}>${e.target}`).sort(), ["m1>passion:p1", "m1>passion:p2", "m2>passion:p1"]);
});

test("members sit around their strongest passion's hub", () => {
  const lens = purposeLens(index());
  const at = Object.fromEntries(lens.nodes.map((n) => [n.key, n.attributes]));
  const distance = (a, b) => Math.hypot(at[a].x - at[b].x, at[a].y - at[b].y);
  assert.ok(distance("m1", "passion:p2") < distance("m1", "passion:p1"));
});

test("filters combine passion, team, site and text", () => {
  const view = index();
  const keep = (f) => [...view.members.values()].filter((m) => matches(m, { passion: "", team: "", site: "", text: "", ...f }, view)).map((m) => m.key);
  assert.deepEqual(keep({ passion: "p1" }), ["m1", "m2"]);
  assert.deepEqual(keep({ passion: "p1", site: "s2" }), ["m2"]);
  assert.deepEqual(keep({ text: "platf" }), ["m1", "m2"]);
  assert.deepEqual(keep({ text: "cy" }), ["m3"]);
});

test("the hover card says who and why", () => {
  assert.deepEqual(describeMember(index(), "m1"), { key: "m1", name: "Ada", team: "Platform", site: "Lyon", passions: ["Chess", "Rivers"], bonds: 2 });
});

test("a packed view is indexed by member, team, site and passion key", () => {
  const view = index();
  assert.deepEqual(view.members.get("m2"), { key: "m2", label: "Bo", team: "t1", site: "s2", size: 1, passionKeys: ["p1"] });
  assert.equal(view.members.get("m3").team, null);
  assert.equal(view.passions.get("p2").label, "Chess");
  assert.deepEqual(view.bonds[1], { source: "m1", target: "m2", bondKind: "friend", weight: 0.4 });
});

test("5,000 members all get a place in both lenses", () => {
  const n = 5000;
  const packed = {
    members: { key: [], label: [], team: [], site: [], bonds: [], passions: [], intensity: [] },
    teams: { key: [], label: [], size: [] },
    sites: { key: [], label: [], size: [] },
    passions: { key: [], slug: [], label: [], size: [] },
    bonds: { source: [], target: [], kind: [], strength: [] },
    bondKinds: ["colleague"],
  };
  for (let t = 0; t < 60; t++) Object.assign(packed.teams, { key: [...packed.teams.key, `t${t}`], label: [...packed.teams.label, `T${t}`], size: [...packed.teams.size, 0] });
  for (let s = 0; s < 12; s++) Object.assign(packed.sites, { key: [...packed.sites.key, `s${s}`], label: [...packed.sites.label, `S${s}`], size: [...packed.sites.size, 0] });
  for (let p = 0; p < 80; p++) Object.assign(packed.passions, { key: [...packed.passions.key, `p${p}`], slug: [...packed.passions.slug, `p${p}`], label: [...packed.passions.label, `P${p}`], size: [...packed.passions.size, 0] });
  for (let i = 0; i < n; i++) {
    const m = packed.members;
    m.key.push(`m${i}`); m.label.push(`M${i}`); m.team.push(i % 60); m.site.push(i % 12); m.bonds.push(7);
    m.passions.push([i % 80]); m.intensity.push([3]);
    for (let j = 1; j <= 7; j++) {
      packed.bonds.source.push(i); packed.bonds.target.push((i + j * 61) % n); packed.bonds.kind.push(0); packed.bonds.strength.push(0.5);
    }
  }
  const view = indexPacked(packed);
  for (const lens of [bondLens(view), purposeLens(view)]) {
    const placed = lens.nodes.filter((node) => Number.isFinite(node.attributes.x) && Number.isFinite(node.attributes.y));
    assert.equal(placed.length, lens.nodes.length);
    assert.ok(lens.nodes.length >= n);
  }
});

test("the bond lens names each team's cluster at its centre, biggest first", () => {
  const lens = bondLens(index());
  assert.deepEqual(lens.clusters.map((c) => [c.label, c.size]), [["Platform", 2]]);
  assert.ok(Number.isFinite(lens.clusters[0].x) && lens.clusters[0].radius > 0);
});

test("on a phone every member's dot is at least the tap size", () => {
  for (const lens of [bondLens(index(), { minSize: 6 }), purposeLens(index(), { minSize: 6 })]) {
    for (const node of lens.nodes.filter((n) => n.attributes.kind === "MEMBER")) assert.ok(node.attributes.size >= 6);
  }
});

test("forty teams get forty colours", () => {
  const packed = structuredClone(PACKED);
  packed.teams = { key: [], label: [], size: [] };
  packed.members = { key: [], label: [], team: [], site: [], bonds: [], passions: [], intensity: [] };
  for (let t = 0; t < 40; t++) {
    packed.teams.key.push(`t${t}`); packed.teams.label.push(`Team ${t}`); packed.teams.size.push(1);
    Object.entries({ key: `m${t}`, label: `M${t}`, team: t, site: null, bonds: 0, passions: [], intensity: [] }).forEach(([k, v]) => packed.members[k].push(v));
  }
  packed.bonds = { source: [], target: [], kind: [], strength: [] };
  const lens = bondLens(indexPacked(packed), { colourBy: "team" });
  assert.equal(new Set(lens.nodes.map((n) => n.attributes.color)).size, 40);
});
