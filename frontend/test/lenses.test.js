import { test } from "node:test";
import assert from "node:assert/strict";
import { bondLens, describeMember, indexView, matches, NONE_COLOUR, purposeLens } from "../src/lenses.js";

const VIEW = {
  truncated: false,
  nodes: [
    { key: "m1", kind: "MEMBER", label: "Ada", team: "t1", site: "s1", size: 2 },
    { key: "m2", kind: "MEMBER", label: "Bo", team: "t1", site: "s2", size: 1 },
    { key: "m3", kind: "MEMBER", label: "Cy", team: null, site: null, size: 1 },
    { key: "p1", kind: "PASSION", label: "Rivers", size: 2 },
    { key: "p2", kind: "PASSION", label: "Chess", size: 2 },
    { key: "t1", kind: "TEAM", label: "Platform", size: 2 },
    { key: "s1", kind: "SITE", label: "Lyon", size: 1 },
    { key: "s2", kind: "SITE", label: "Oslo", size: 1 },
  ],
  edges: [
    { source: "m1", target: "m2", kind: "BOND", weight: 0.8 },
    { source: "m2", target: "m1", kind: "BOND", weight: 0.4 },
    { source: "m1", target: "m3", kind: "BOND", weight: 0.5 },
    { source: "m1", target: "p1", kind: "PASSION", weight: 0.4 },
    { source: "m1", target: "p2", kind: "PASSION", weight: 1.0 },
    { source: "m2", target: "p1", kind: "PASSION", weight: 0.6 },
    { source: "m1", target: "t1", kind: "MEMBER_OF" },
  ],
};

test("members' passions are ordered strongest first", () => {
  const index = indexView(VIEW);
  assert.deepEqual(index.members.get("m1").passionKeys, ["p2", "p1"]);
  assert.deepEqual(index.members.get("m3").passionKeys, []);
});

test("the bond lens draws members only, one edge per bonded pair", () => {
  const lens = bondLens(indexView(VIEW));
  assert.deepEqual(lens.nodes.map((n) => n.key).sort(), ["m1", "m2", "m3"]);
  assert.equal(lens.edges.length, 2);
  for (const n of lens.nodes) assert.ok(Number.isFinite(n.attributes.x) && Number.isFinite(n.attributes.y));
});

test("the bond lens colours team mates alike and the team-less grey", () => {
  const lens = bondLens(indexView(VIEW), { colourBy: "team" });
  const colour = Object.fromEntries(lens.nodes.map((n) => [n.key, n.attributes.color]));
  assert.equal(colour.m1, colour.m2);
  assert.equal(colour.m3, NONE_COLOUR);
});

test("the purpose lens adds passion hubs and links members to all their passions", () => {
  const lens = purposeLens(indexView(VIEW));
  assert.ok(lens.nodes.some((n) => n.key === "passion:p1" && n.attributes.kind === "PASSION"));
  assert.deepEqual(lens.edges.map((e) => `${e.source}>${e.target}`).sort(), ["m1>passion:p1", "m1>passion:p2", "m2>passion:p1"]);
});

test("members sit around their strongest passion's hub", () => {
  const lens = purposeLens(indexView(VIEW));
  const at = Object.fromEntries(lens.nodes.map((n) => [n.key, n.attributes]));
  const distance = (a, b) => Math.hypot(at[a].x - at[b].x, at[a].y - at[b].y);
  assert.ok(distance("m1", "passion:p2") < distance("m1", "passion:p1"));
});

test("filters combine passion, team, site and text", () => {
  const index = indexView(VIEW);
  const keep = (f) => [...index.members.values()].filter((m) => matches(m, { passion: "", team: "", site: "", text: "", ...f }, index)).map((m) => m.key);
  assert.deepEqual(keep({ passion: "p1" }), ["m1", "m2"]);
  assert.deepEqual(keep({ passion: "p1", site: "s2" }), ["m2"]);
  assert.deepEqual(keep({ text: "platf" }), ["m1", "m2"]);
  assert.deepEqual(keep({ text: "cy" }), ["m3"]);
});

test("the hover card says who and why", () => {
  assert.deepEqual(describeMember(indexView(VIEW), "m1"), { key: "m1", name: "Ada", team: "Platform", site: "Lyon", passions: ["Chess", "Rivers"], bonds: 2 });
});

test("5,000 members lay out quickly", () => {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < 5000; i++) {
    nodes.push({ key: `m${i}`, kind: "MEMBER", label: `M${i}`, team: `t${i % 60}`, site: `s${i % 12}`, size: 10 });
    edges.push({ source: `m${i}`, target: `p${i % 80}`, kind: "PASSION", weight: 0.6 });
    for (let j = 1; j <= 7; j++) edges.push({ source: `m${i}`, target: `m${(i + j * 61) % 5000}`, kind: "BOND", weight: 0.5 });
  }
  for (let p = 0; p < 80; p++) nodes.push({ key: `p${p}`, kind: "PASSION", label: `P${p}`, size: 60 });
  const started = performance.now();
  const index = indexView({ nodes, edges, truncated: false });
  bondLens(index);
  purposeLens(index);
  assert.ok(performance.now() - started < 1500, "layout took too long");
});
