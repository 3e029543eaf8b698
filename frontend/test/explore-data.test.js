import { test } from "node:test";
import assert from "node:assert/strict";
import { exploreLimit, GRAPH_QUERY, startPrefetch, takePrefetched } from "../src/explore-data.js";

/** A fake fetch: the refresh answers with `session` (or an error), the graph with `answer`. */
function recordingFetch(session, answer = { data: { communityGraph: { truncated: false, packed: {} } } }) {
  const calls = [];
  const fetchImpl = (url, init) => {
    calls.push({ url, init });
    const body = JSON.parse(init.body);
    const reply = body.query.includes("refreshToken")
      ? session
        ? { data: { refreshToken: session } }
        : { errors: [{ message: "no refresh token: sign in again", extensions: { code: "UNAUTHENTICATED" } }] }
      : answer;
    return Promise.resolve({ json: () => Promise.resolve(reply) });
  };
  return { calls, fetchImpl };
}

test("the explore limit defaults to 5,000 and stays between 1 and 5,000", () => {
  assert.equal(exploreLimit({}), 5000);
  assert.equal(exploreLimit({ limit: "300" }), 300);
  assert.equal(exploreLimit({ limit: "99999" }), 5000);
  assert.equal(exploreLimit({ limit: "-4" }), 1);
});

test("a visit to explore resumes the session from the cookie, then asks for the graph with its token", async () => {
  const { calls, fetchImpl } = recordingFetch({ accessToken: "t1", member: { handle: "ada" } });
  const early = startPrefetch({ location: { hash: "#/explore?limit=300" }, fetchImpl });
  assert.equal(early.limit, 300);
  assert.deepEqual(await early.promise, { data: { communityGraph: { truncated: false, packed: {} } } });
  assert.equal((await early.session).accessToken, "t1");
  assert.equal(calls.length, 2);
  assert.equal(calls[0].init.credentials, "same-origin");
  assert.equal(calls[0].init.headers.authorization, undefined, "the refresh token travels in the cookie only");
  assert.equal(calls[1].url, "/graphql");
  assert.equal(calls[1].init.headers.authorization, "Bearer t1");
  assert.deepEqual(JSON.parse(calls[1].init.body), { query: GRAPH_QUERY, variables: { limit: 300 } });
});

test("an empty hash is the explore page too", async () => {
  const { calls, fetchImpl } = recordingFetch({ accessToken: "t" });
  assert.ok(await startPrefetch({ location: { hash: "" }, fetchImpl }).promise);
  assert.equal(calls.length, 2);
});

test("another page only resumes the session; without a session nothing more is asked", async () => {
  const other = recordingFetch({ accessToken: "t" });
  const early = startPrefetch({ location: { hash: "#/passions" }, fetchImpl: other.fetchImpl });
  assert.equal(early.promise, null);
  assert.equal((await early.session).accessToken, "t");
  assert.equal(other.calls.length, 1);
  const none = recordingFetch(null);
  const signedOut = startPrefetch({ location: { hash: "#/explore" }, fetchImpl: none.fetchImpl });
  assert.equal(await signedOut.promise, null);
  assert.equal(await signedOut.session, null);
  assert.equal(none.calls.length, 1);
});

test("a failed early request gives null, so the page asks by itself", async () => {
  const early = startPrefetch({ location: { hash: "#/explore" }, fetchImpl: () => Promise.reject(new Error("offline")) });
  assert.equal(await early.promise, null);
  assert.equal(await early.session, null);
});

test("the early resume holds the cross-tab refresh lock while it runs", async () => {
  const held = [];
  const locks = { request: (name, task) => { held.push(name); return task(); } };
  const { fetchImpl } = recordingFetch({ accessToken: "t" });
  await startPrefetch({ location: { hash: "#/passions" }, fetchImpl, locks }).session;
  assert.deepEqual(held, ["kindred-session-refresh"]);
});

test("the early answer is taken once, and only for the same limit", () => {
  const promise = Promise.resolve("answer");
  const holder = { __kindredPrefetch: { limit: 5000, promise } };
  assert.equal(takePrefetched(holder, 300), null);
  holder.__kindredPrefetch = { limit: 5000, promise };
  assert.equal(takePrefetched(holder, 5000), promise);
  assert.equal(takePrefetched(holder, 5000), null);
});
