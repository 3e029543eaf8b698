import { test } from "node:test";
import assert from "node:assert/strict";
import { managedReason, scimAddress, shownValue } from "../src/provisioning-model.js";

test("the SCIM address is the site's own address with /scim/v2", () => {
  assert.equal(scimAddress("https://kindred.example.org"), "https://kindred.example.org/scim/v2");
  assert.equal(scimAddress("https://kindred.example.org/"), "https://kindred.example.org/scim/v2");
});

test("a managed member's note names them and says where to make changes", () => {
  const note = managedReason({ name: "Ada Lovelace" });
  assert.match(note, /^Ada Lovelace is managed by your organisation's identity provider/);
  assert.match(note, /name, email and team/);
  assert.match(managedReason(null), /^This member is managed/);
});

test("a read-only field shows a word when there is no value", () => {
  assert.equal(shownValue("ada@example.org"), "ada@example.org");
  assert.equal(shownValue("  "), "none");
  assert.equal(shownValue(undefined, "No team"), "No team");
});
