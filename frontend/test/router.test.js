import { test } from "node:test";
import assert from "node:assert/strict";
import { isPublic, link, parseHash } from "../src/router.js";

test("an empty hash opens the explore page", () => {
  assert.equal(parseHash("").name, "explore");
  assert.equal(parseHash("#/").name, "explore");
});

test("parameters are decoded and the query string parsed", () => {
  const route = parseHash("#/member/j%C3%B6rg?tab=bonds");
  assert.equal(route.name, "member");
  assert.deepEqual(route.params, { handle: "jörg" });
  assert.deepEqual(route.query, { tab: "bonds" });
});

test("the invitation token comes from the query string", () => {
  const route = parseHash("#/accept-invite?token=abc.def");
  assert.equal(route.name, "acceptInvite");
  assert.equal(route.query.token, "abc.def");
  assert.ok(isPublic(route.name));
});

test("organiser sub-pages win over nothing and unknown paths are not found", () => {
  assert.equal(parseHash("#/organiser/import").name, "import");
  assert.deepEqual(parseHash("#/organiser/sets/UHJv").params, { id: "UHJv" });
  assert.equal(parseHash("#/nowhere/at/all").name, "notFound");
});

test("links round-trip through parseHash", () => {
  const hash = link("passion", { slug: "open source" }, { x: "1" });
  assert.equal(hash, "#/passion/open%20source?x=1");
  assert.deepEqual(parseHash(hash).params, { slug: "open source" });
});
