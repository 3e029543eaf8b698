import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, GraphQLClient, isExpiredError } from "../src/gql.js";

function memoryStorage() {
  const data = new Map();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, String(v)), removeItem: (k) => data.delete(k) };
}

/** A fake fetch answering from a list of handlers, recording each request. */
function fakeFetch(handlers) {
  const calls = [];
  const fetchImpl = async (url, init) => {
    const body = JSON.parse(init.body);
    calls.push({ url, auth: init.headers.authorization, body });
    const answer = handlers.shift()(body);
    return { status: 200, json: async () => answer };
  };
  return { fetchImpl, calls };
}

const expired = { errors: [{ message: "the access token has expired: refresh it or sign in again", extensions: { code: "UNAUTHENTICATED" } }] };

test("an expired access token is refreshed once and the request retried with the new token", async () => {
  const storage = memoryStorage();
  const { fetchImpl, calls } = fakeFetch([
    () => expired,
    (body) => {
      assert.equal(body.variables.refreshToken, "r1");
      return { data: { refreshToken: { accessToken: "a2", refreshToken: "r2", expiresAt: "later", member: { handle: "ada", role: "member", name: "Ada" } } } };
    },
    () => ({ data: { viewer: { handle: "ada" } } }),
  ]);
  const client = new GraphQLClient({ fetchImpl, storage });
  client.saveAuth({ accessToken: "a1", refreshToken: "r1", expiresAt: "soon", member: { handle: "ada", role: "member", name: "Ada" } });
  const data = await client.request("query { viewer { handle } }");
  assert.deepEqual(data, { viewer: { handle: "ada" } });
  assert.deepEqual(calls.map((c) => c.auth), ["Bearer a1", undefined, "Bearer a2"]);
  assert.equal(client.session.refreshToken, "r2");
});

test("a failed refresh drops the session and reports a plain error", async () => {
  const storage = memoryStorage();
  let signedOut = false;
  const { fetchImpl } = fakeFetch([() => expired, () => ({ errors: [{ message: "that refresh token is expired", extensions: { code: "UNAUTHENTICATED" } }] })]);
  const client = new GraphQLClient({ fetchImpl, storage, onSignedOut: () => (signedOut = true) });
  client.saveAuth({ accessToken: "a1", refreshToken: "r1", expiresAt: "soon", member: { handle: "ada" } });
  await assert.rejects(client.request("query { viewer { handle } }"), (e) => e instanceof ApiError && e.code === "UNAUTHENTICATED");
  assert.equal(client.session, null);
  assert.ok(signedOut);
});

test("concurrent expired requests share one refresh", async () => {
  const storage = memoryStorage();
  let refreshes = 0;
  const fetchImpl = async (url, init) => {
    const body = JSON.parse(init.body);
    let answer;
    if (body.query.includes("refreshToken(")) {
      refreshes++;
      await new Promise((r) => setTimeout(r, 10));
      answer = { data: { refreshToken: { accessToken: "a2", refreshToken: "r2", expiresAt: "x", member: { handle: "ada" } } } };
    } else answer = init.headers.authorization === "Bearer a2" ? { data: { ok: true } } : expired;
    return { status: 200, json: async () => answer };
  };
  const client = new GraphQLClient({ fetchImpl, storage });
  client.saveAuth({ accessToken: "a1", refreshToken: "r1", expiresAt: "soon", member: { handle: "ada" } });
  const results = await Promise.all([client.request("query { ok }"), client.request("query { ok }")]);
  assert.deepEqual(results, [{ ok: true }, { ok: true }]);
  assert.equal(refreshes, 1);
});

test("other errors are not retried and keep their code and field", async () => {
  const { fetchImpl, calls } = fakeFetch([() => ({ errors: [{ message: "headline is too long", extensions: { code: "BAD_INPUT", field: "headline" } }] })]);
  const client = new GraphQLClient({ fetchImpl, storage: memoryStorage() });
  await assert.rejects(client.request("mutation { x }"), (e) => e.code === "BAD_INPUT" && e.field === "headline" && e.message === "headline is too long");
  assert.equal(calls.length, 1);
});

test("only UNAUTHENTICATED errors mentioning expiry count as expired", () => {
  assert.ok(isExpiredError(expired.errors[0]));
  assert.ok(!isExpiredError({ message: "sign in first", extensions: { code: "UNAUTHENTICATED" } }));
  assert.ok(!isExpiredError({ message: "expired invitation", extensions: { code: "BAD_INPUT" } }));
});
