import { test } from "node:test";
import assert from "node:assert/strict";
import { dayAfter, kindsSummary, pauseStatus, sayDay } from "../src/settings-consent-model.js";

test("a pause says the day suggestions start again in the viewer's words, never the ISO form", () => {
  const said = pauseStatus("2027-03-12", { locale: "en-GB" });
  assert.equal(said, "Paused until 12 Mar 2027: no new suggestions until then. They start again that day by themselves.");
  assert.doesNotMatch(said, /2027-03-12/);
});

test("a day is said as itself whatever the time zone", () => {
  assert.equal(sayDay("2027-01-01", { locale: "en-GB" }), "1 Jan 2027");
});

test("without a pause the status says suggestions are on", () => {
  assert.match(pauseStatus(null), /^Not paused/);
});

test("the earliest day a pause can end on is tomorrow, in the viewer's calendar", () => {
  assert.equal(dayAfter(new Date(2026, 11, 31, 23, 30), 1), "2027-01-01");
  assert.equal(dayAfter(new Date(2026, 1, 28, 8), 366), "2027-03-01");
});

test("the kinds chosen are said as a sentence", () => {
  assert.equal(kindsSummary(["PURPOSE", "INTROS", "SKILLS", "EVENTS"]), "You may be suggested for every kind.");
  assert.equal(kindsSummary(["INTROS"]), "You may be suggested for introductions only.");
  assert.equal(kindsSummary(["PURPOSE", "EVENTS"]), "You may be suggested for purpose groups and event seating only.");
  assert.equal(kindsSummary([]), "You asked for no suggestions at all.");
});
