import { test } from "node:test";
import assert from "node:assert/strict";
import { EMPTY_FORM, providerInput, providerSummary, splitDomains } from "../src/identity-providers-model.js";
import { REFUSALS, buttonWords, providerReturn, refusalWords } from "../src/sign-in-providers-model.js";

const filled = { ...EMPTY_FORM, name: "Okta", issuer: "https://example.okta.com", clientId: "abc", clientSecret: "s", domains: "example.org" };

test("domains may be separated by commas, spaces or lines", () => {
  assert.deepEqual(splitDomains(" example.org, staff.example.org\nother.example.org;; "), ["example.org", "staff.example.org", "other.example.org"]);
});

test("a new provider needs a name, an issuer, a client id and secret, and a domain", () => {
  for (const [field, blank] of [["name", "name"], ["issuer", "issuer"], ["clientId", "clientId"], ["clientSecret", "clientSecret"], ["allowedDomains", "domains"]]) {
    assert.equal(providerInput({ ...filled, [blank]: " ".repeat(blank === "clientSecret" ? 0 : 1) }).error.field, field);
  }
  assert.deepEqual(providerInput(filled).input, {
    name: "Okta", issuer: "https://example.okta.com", clientId: "abc", clientSecret: "s",
    allowedDomains: ["example.org"], teamsClaim: null, passwordSignIn: true,
  });
});

test("a provider is summed up in words", () => {
  const words = providerSummary({ allowedDomains: ["example.org"], teamsClaim: "groups", passwordSignIn: false });
  assert.equal(words, "People at example.org join on their first sign-in · teams from the “groups” claim · only organisers use passwords.");
});

test("the callback's address gives a code to trade, a join to confirm or a refusal", () => {
  assert.deepEqual(providerReturn("#/sign-in?code=kg.grant-1.secret"), { code: "kg.grant-1.secret" });
  assert.deepEqual(providerReturn("#/sign-in?join=kg.grant-2.secret"), { join: "kg.grant-2.secret" });
  assert.deepEqual(providerReturn("#/sign-in?refused=DOMAIN_NOT_ALLOWED"), { refused: "DOMAIN_NOT_ALLOWED" });
  assert.equal(providerReturn("#/sign-in"), null);
});

test("every refusal is said in plain words, an unknown one too", () => {
  for (const words of Object.values(REFUSALS)) assert.match(words, /^[A-Z].*\.$/);
  assert.match(refusalWords("DOMAIN_NOT_ALLOWED"), /domain/);
  assert.match(refusalWords("SOMETHING_NEW"), /did not work/);
  assert.equal(buttonWords({ name: "Keycloak" }), "Sign in with Keycloak");
});
