import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, GraphQLClient, isExpiredError, refreshFromCookie, UNAVAILABLE } from "../src/gql.js";

/** A fake fetch answering from a list of handlers, recording each request. */
function fakeFetch(handlers) {
  const calls = [];
  const fetchImpl = async (url, init) => {
    const body = JSON.parse(init.body);
    calls.push({ url, auth: init.headers.authorization, credentials: init.credentials, body });
    const answer = handlers.shift()(body);
    return { status: 200, json: async () => answer };
  };
  return { fetchImpl, calls };
}

/** A BroadcastChannel stand-in: two of them from one hub talk to each other, like two tabs. */
function channelHub() {
  const channels = [];
  return () => {
    const channel = { onmessage: null, postMessage: (data) => channels.filter((c) => c !== channel).forEach((c) => c.onmessage?.({ data })) };
    channels.push(channel);
    return channel;
  };
}

const expired = { errors: [{ message: "the access token has expired: refresh it or sign in again", extensions: { code: "UNAUTHENTICATED" } }] };
const refreshed = (token) => ({ data: { refreshToken: { accessToken: token, refreshToken: null, expiresAt: "later", member: { handle: "ada", role: "member", name: "Ada" } } } });
const signedIn = { accessToken: "a1", refreshToken: "kr.should.not-be-kept", expiresAt: "soon", member: { handle: "ada", role: "member", name: "Ada" } };

test("the session is kept in memory only, without the refresh token", () => {
  const client = new GraphQLClient({ fetchImpl: async () => ({}), channel: null });
  client.saveAuth(signedIn);
  assert.deepEqual(client.session, { accessToken: "a1", expiresAt: "soon", handle: "ada", role: "member", name: "Ada" });
  assert.equal(globalThis.localStorage, undefined);
});

test("an expired access token is refreshed from the cookie once and the request retried with the new token", async () => {
  const { fetchImpl, calls } = fakeFetch([
    () => expired,
    (body) => {
      assert.deepEqual(body.variables, undefined, "the refresh token is the cookie's, not the page's");
      assert.match(body.query, /refreshToken \{/);
      return refreshed("a2");
    },
    () => ({ data: { viewer: { handle: "ada" } } }),
  ]);
  const client = new GraphQLClient({ fetchImpl, channel: null });
  client.saveAuth(signedIn);
  const data = await client.request("query { viewer { handle } }");
  assert.deepEqual(data, { viewer: { handle: "ada" } });
  assert.deepEqual(calls.map((c) => c.auth), ["Bearer a1", undefined, "Bearer a2"]);
  assert.ok(calls.every((c) => c.credentials === "same-origin"));
  assert.equal(client.session.accessToken, "a2");
});

test("a failed refresh drops the session and reports a plain error", async () => {
  let signedOut = false;
  const { fetchImpl } = fakeFetch([() => expired, () => ({ errors: [{ message: "that refresh token is expired", extensions: { code: "UNAUTHENTICATED" } }] })]);
  const client = new GraphQLClient({ fetchImpl, channel: null, onSignedOut: () => (signedOut = true) });
  client.saveAuth(signedIn);
  await assert.rejects(client.request("query { viewer { handle } }"), (e) => e instanceof ApiError && e.code === "UNAUTHENTICATED");
  assert.equal(client.session, null);
  assert.ok(signedOut);
});

test("concurrent expired requests share one refresh", async () => {
  let refreshes = 0;
  const fetchImpl = async (url, init) => {
    const body = JSON.parse(init.body);
    let answer;
    if (body.query.includes("refreshToken")) {
      refreshes++;
      await new Promise((r) => setTimeout(r, 10));
      answer = refreshed("a2");
    } else answer = init.headers.authorization === "Bearer a2" ? { data: { ok: true } } : expired;
    return { status: 200, json: async () => answer };
  };
  const client = new GraphQLClient({ fetchImpl, channel: null });
  client.saveAuth(signedIn);
  const results = await Promise.all([client.request("query { ok }"), client.request("query { ok }")]);
  assert.deepEqual(results, [{ ok: true }, { ok: true }]);
  assert.equal(refreshes, 1);
});

test("refreshes wait for the cross-tab lock", async () => {
  const order = [];
  const locks = { request: async (name, task) => { order.push(`lock ${name}`); const result = await task(); order.push("unlock"); return result; } };
  const { fetchImpl } = fakeFetch([() => { order.push("refresh"); return refreshed("a2"); }]);
  const client = new GraphQLClient({ fetchImpl, locks, channel: null });
  assert.equal(await client.restore(), true);
  assert.deepEqual(order, ["lock kindred-session-refresh", "refresh", "unlock"]);
});

test("a page load restores the session from the cookie, or stays signed out", async () => {
  const back = new GraphQLClient({ fetchImpl: fakeFetch([() => refreshed("a9")]).fetchImpl, channel: null });
  assert.equal(await back.restore(), true);
  assert.equal(back.session.handle, "ada");
  const none = new GraphQLClient({ fetchImpl: fakeFetch([() => ({ errors: [{ message: "no refresh token", extensions: { code: "UNAUTHENTICATED" } }] })]).fetchImpl, channel: null });
  assert.equal(await none.restore(), false);
  assert.equal(none.session, null);
});

test("the prefetch script's early refresh is taken instead of a second one", async () => {
  const { fetchImpl, calls } = fakeFetch([]);
  const early = Promise.resolve(refreshed("a5").data.refreshToken);
  const client = new GraphQLClient({ fetchImpl, early, channel: null });
  assert.equal(await client.restore(), true);
  assert.equal(client.session.accessToken, "a5");
  assert.equal(calls.length, 0);
});

test("signing out in one tab signs the other tabs out", async () => {
  const hub = channelHub();
  const one = new GraphQLClient({ fetchImpl: async () => ({}), channel: hub() });
  const two = new GraphQLClient({ fetchImpl: async () => ({}), channel: hub() });
  one.saveAuth(signedIn);
  two.saveAuth(signedIn);
  one.setSession(null);
  assert.equal(two.session, null);
});

test("a client of another endpoint uses its parent's session and refresh", async () => {
  const parent = new GraphQLClient({ fetchImpl: fakeFetch([() => refreshed("a2")]).fetchImpl, channel: null });
  parent.saveAuth(signedIn);
  const { fetchImpl, calls } = fakeFetch([() => expired, () => ({ data: { propose: { ok: true } } })]);
  const child = new GraphQLClient({ url: "http://recommender/graphql", fetchImpl, parent });
  assert.deepEqual(await child.request("mutation { propose }"), { propose: { ok: true } });
  assert.deepEqual(calls.map((c) => c.auth), ["Bearer a1", "Bearer a2"]);
});

test("other errors are not retried and keep their code and field", async () => {
  const { fetchImpl, calls } = fakeFetch([() => ({ errors: [{ message: "headline is too long", extensions: { code: "BAD_INPUT", field: "headline" } }] })]);
  const client = new GraphQLClient({ fetchImpl, channel: null });
  await assert.rejects(client.request("mutation { x }"), (e) => e.code === "BAD_INPUT" && e.field === "headline" && e.message === "headline is too long");
  assert.equal(calls.length, 1);
});

test("only an UNAUTHENTICATED expired access token counts as expired", () => {
  assert.ok(isExpiredError(expired.errors[0]));
  assert.ok(!isExpiredError({ message: "this invitation link has expired: ask an organiser", extensions: { code: "UNAUTHENTICATED" } }));
  assert.ok(!isExpiredError({ message: "sign in first", extensions: { code: "UNAUTHENTICATED" } }));
  assert.ok(!isExpiredError({ message: "expired invitation", extensions: { code: "BAD_INPUT" } }));
});

const down = { errors: [{ message: "the database is unavailable right now: try again shortly", extensions: { code: "DATABASE_UNAVAILABLE" } }] };
/** A fetch answering each call with the next [status, body]. */
const answers = (...list) => async () => {
  const [status, body] = list.shift();
  return { status, ok: status < 400, json: async () => body };
};

test("an outage is told once to the app and cleared by the next answer that works", async () => {
  const client = new GraphQLClient({ fetchImpl: answers([503, down], [503, down], [200, { data: { ok: true } }]), channel: null });
  const told = [];
  client.subscribeOutage((isDown) => told.push(isDown));
  await assert.rejects(client.request("{ ok }"), (e) => e.code === "DATABASE_UNAVAILABLE");
  await assert.rejects(client.request("{ ok }"), (e) => e.code === "DATABASE_UNAVAILABLE");
  assert.equal(client.outage, true);
  await client.request("{ ok }");
  assert.deepEqual(told, [true, false]);
});

test("a refresh during an outage is not a sign-out: the session is unknown, not ended", async () => {
  assert.equal(await refreshFromCookie({ fetchImpl: answers([503, down]), locks: null }), UNAVAILABLE);
  let signedOut = false;
  const client = new GraphQLClient({ fetchImpl: answers([503, down]), channel: null, locks: null, onSignedOut: () => { signedOut = true; } });
  assert.equal(await client.restore(), false);
  assert.equal(client.outage, true);
  assert.equal(signedOut, false);
});

test("a server error without a readable body is said in plain words", async () => {
  const client = new GraphQLClient({ fetchImpl: async () => ({ status: 500, ok: false, json: async () => { throw new SyntaxError("not json"); } }), channel: null });
  await assert.rejects(client.request("{ ok }"), (e) => e.code === "SERVER" && !/500|body/.test(e.message));
});
