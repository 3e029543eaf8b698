import { test } from "node:test";
import assert from "node:assert/strict";
import { isOrganiser, nextActive } from "../src/ui.js";
import { formatDay } from "../src/words.js";

test("ArrowDown moves to the next suggestion and wraps to the first", () => {
  assert.equal(nextActive(-1, 3, "ArrowDown"), 0);
  assert.equal(nextActive(0, 3, "ArrowDown"), 1);
  assert.equal(nextActive(2, 3, "ArrowDown"), 0);
});

test("ArrowUp moves to the previous suggestion and wraps to the last", () => {
  assert.equal(nextActive(-1, 3, "ArrowUp"), 2);
  assert.equal(nextActive(0, 3, "ArrowUp"), 2);
  assert.equal(nextActive(2, 3, "ArrowUp"), 1);
});

test("with no suggestions nothing is active, and other keys change nothing", () => {
  assert.equal(nextActive(1, 0, "ArrowDown"), -1);
  assert.equal(nextActive(1, 3, "a"), 1);
});

test("only organisers get the organiser pages", () => {
  assert.ok(isOrganiser({ role: "organiser" }));
  assert.ok(isOrganiser({ role: "ORGANISER" }));
  assert.equal(isOrganiser({ role: "member" }), false);
  assert.equal(isOrganiser(null), false);
});

test("a day is said in the viewer's words and time zone, never as an ISO timestamp", () => {
  assert.equal(formatDay("2026-12-20T23:30:00Z", { locale: "en-GB", timeZone: "UTC" }), "20 Dec 2026");
  assert.equal(formatDay("2026-12-20T23:30:00Z", { locale: "en-GB", timeZone: "Europe/Berlin" }), "21 Dec 2026");
  assert.equal(formatDay("not a day"), "");
});
