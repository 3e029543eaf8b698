import { test } from "node:test";
import assert from "node:assert/strict";
import { PAUSE_NOTICE, answerVariables, answered, focusedFollowUp, isGroup, names, question, since } from "../src/follow-ups-model.js";

const BOB = { id: "member-b", handle: "bob", name: "Bob Baker" };
const CYD = { id: "member-c", handle: "cyd", name: "Cyd Cole" };
const INTRO = { proposalId: "proposal-1", kind: "INTROS", title: "Your introduction to Bob Baker", people: [BOB], acceptedAt: "2026-11-02T09:00:00Z" };
const GROUP = { proposalId: "proposal-2", kind: "PURPOSE", title: "Your purpose group “Jazz makers” with Bob Baker and Cyd Cole", people: [BOB, CYD], acceptedAt: "2026-11-02T09:00:00Z" };

test("names are said as people say a list", () => {
  assert.equal(names([BOB]), "Bob Baker");
  assert.equal(names([BOB, CYD]), "Bob Baker and Cyd Cole");
  assert.equal(names([BOB, CYD, { name: "Dee" }]), "Bob Baker, Cyd Cole and Dee");
});

test("an intro asks about the person, a group about anyone in it", () => {
  assert.equal(question(INTRO), "Did you meet Bob Baker?");
  assert.equal(question(GROUP), "Did you meet anyone from the group?");
  assert.ok(isGroup(GROUP) && !isGroup(INTRO));
  assert.equal(since(INTRO, { locale: "en-GB", timeZone: "UTC" }), "You accepted on 2 Nov 2026.");
});

test("an intro's we met names nobody (the API takes the other person); a group's names those ticked", () => {
  assert.deepEqual(answerVariables(INTRO, true), { variables: { proposalId: "proposal-1", met: true } });
  assert.deepEqual(answerVariables(GROUP, true, ["member-c"]), { variables: { proposalId: "proposal-2", met: true, memberIds: ["member-c"] } });
  assert.deepEqual(answerVariables(GROUP, false, ["member-c"]), { variables: { proposalId: "proposal-2", met: false } });
  assert.match(answerVariables(GROUP, true, []).error, /Tick whom you met/);
});

test("the answer is said back, with the pause lifted when it was", () => {
  assert.equal(answered({ met: [BOB], resumedProposals: false }), "Noted: you met Bob Baker. Thank you!");
  assert.equal(answered({ met: [], resumedProposals: true }), "Noted: you did not meet. Thank you! New proposals can come again.");
});

test("a mail's link focuses its follow-up; the pause notice says what to do", () => {
  assert.equal(focusedFollowUp("#/proposals?followup=proposal-2"), "proposal-2");
  assert.equal(focusedFollowUp("#/proposals"), null);
  assert.match(PAUSE_NOTICE, /three ‘did you meet\?’ questions are unanswered\. Answer one or resume now\./);
});

test("the dashboard says proposal conversion in words, by kind", async () => {
  const { conversionDetail } = await import("../src/dashboard-kpis.js");
  const health = { proposalConversion: [
    { kind: "*", accepted: 4, answered: 3, met: 2, rate: 0.5 },
    { kind: "intros", accepted: 3, answered: 2, met: 1, rate: 1 / 3 },
    { kind: "purpose", accepted: 1, answered: 1, met: 1, rate: 1 },
  ] };
  assert.equal(conversionDetail(health), "2 of 4 accepted intros and groups met (introductions 1 of 3, purpose groups 1 of 1); 3 answered whether they met.");
  assert.equal(conversionDetail({ proposalConversion: [{ kind: "*", accepted: 0, answered: 0, met: 0, rate: null }] }),
    "No accepted introduction or group has been asked “did you meet?” yet.");
});
