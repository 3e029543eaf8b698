import { test } from "node:test";
import assert from "node:assert/strict";
import { changedMessage, mismatch } from "../src/auth.js";
import { isPublic, parseHash } from "../src/router.js";

test("two different new passwords are refused on the form, naming the field", () => {
  assert.equal(mismatch("a long password", "a long password"), null);
  assert.deepEqual(mismatch("a long password", "a long passwort"), { message: "The two passwords differ.", code: "BAD_USER_INPUT", field: "confirm" });
});

test("a password change says how many other sessions it signed out", () => {
  assert.equal(changedMessage(0), "Password changed.");
  assert.equal(changedMessage(1), "Password changed. 1 other session was signed out.");
  assert.equal(changedMessage(3), "Password changed. 3 other sessions were signed out.");
});

test("the reset link's page is public and carries its token", () => {
  const route = parseHash("#/reset-password?token=kp.reset-1.secret");
  assert.equal(route.name, "resetPassword");
  assert.equal(route.query.token, "kp.reset-1.secret");
  assert.ok(isPublic("resetPassword"));
});
