import { test } from "node:test";
import assert from "node:assert/strict";
import { bondKindLabel, bondWith, groupAnswers, isFirstTime, sharedPassionsLink, welcomeSteps } from "../src/member-model.js";

const passion = (slug, name) => ({ intensity: 4, passion: { slug, name } });
const newcomer = { handle: "nia", vision: "", passions: [] };
const settled = { handle: "ada", vision: "Gardens on every roof", passions: [passion("urban-gardening", "Urban gardening")] };

test("a member with no passions and no vision is a first-time member", () => {
  assert.equal(isFirstTime(newcomer), true);
});

test("a member with passions but no vision is still welcomed", () => {
  assert.equal(isFirstTime({ ...settled, vision: "  " }), true);
});

test("a member with passions and a vision is no longer a first-time member", () => {
  assert.equal(isFirstTime(settled), false);
});

test("a member who closed the welcome is not shown it again", () => {
  assert.equal(isFirstTime(newcomer, true), false);
});

test("the welcome has three steps, each done once its part of the profile is filled", () => {
  assert.deepEqual(welcomeSteps(newcomer).map((s) => [s.id, s.done]), [["passions", false], ["vision", false], ["shared", false]]);
  assert.deepEqual(welcomeSteps(settled).map((s) => s.done), [true, true, false]);
});

test("who shares one's passions is the strongest passion's page, or the directory without passions", () => {
  assert.equal(sharedPassionsLink(settled), "#/passion/urban-gardening");
  assert.equal(sharedPassionsLink(newcomer), "#/passions");
});

test("a bond's kind is said in words", () => {
  assert.equal(bondKindLabel("MET"), "We have met");
  assert.equal(bondKindLabel("COLLABORATED"), "We worked together");
});

const other = (handle) => ({ handle, name: handle });

test("where the viewer stands with another member: bonded, asked, asking or nothing yet", () => {
  const bonds = [{ kind: "COLLEAGUE", other: other("bo") }];
  const requests = { outgoing: [{ kind: "MET", other: other("cy") }], incoming: [{ kind: "FRIEND", other: other("di") }] };
  assert.deepEqual(bondWith("bo", bonds, requests), { state: "bonded", kind: "COLLEAGUE" });
  assert.deepEqual(bondWith("cy", bonds, requests), { state: "asked", kind: "MET" });
  assert.deepEqual(bondWith("di", bonds, requests), { state: "asking", kind: "FRIEND" });
  assert.deepEqual(bondWith("ed", bonds, requests), { state: "none", kind: null });
  assert.deepEqual(bondWith("ed", null, null), { state: "none", kind: null });
});

test("a group's answers are sorted into in, still deciding and declined, without the viewer", () => {
  const responses = [
    { response: "ACCEPTED", member: other("ada") },
    { response: "ACCEPTED", member: other("bo") },
    { response: "PENDING", member: other("cy") },
    { response: "DECLINED", member: other("di") },
    { response: "PENDING", member: null },
  ];
  assert.deepEqual(groupAnswers(responses, "ada"), { accepted: [other("bo")], deciding: [other("cy")], declined: [other("di")] });
});

test("answers the API does not show stay unknown", () => {
  assert.equal(groupAnswers(null, "ada"), null);
});
