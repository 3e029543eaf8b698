import { test } from "node:test";
import assert from "node:assert/strict";
import { exploreLimit, GRAPH_QUERY, startPrefetch, takePrefetched } from "../src/explore-data.js";

const storageWith = (session) => ({ getItem: () => (session ? JSON.stringify(session) : null) });

function recordingFetch(answer = { data: { communityGraph: { truncated: false, packed: {} } } }) {
  const calls = [];
  const fetchImpl = (url, init) => {
    calls.push({ url, init });
    return Promise.resolve({ json: () => Promise.resolve(answer) });
  };
  return { calls, fetchImpl };
}

test("the explore limit defaults to 5,000 and stays between 1 and 5,000", () => {
  assert.equal(exploreLimit({}), 5000);
  assert.equal(exploreLimit({ limit: "300" }), 300);
  assert.equal(exploreLimit({ limit: "99999" }), 5000);
  assert.equal(exploreLimit({ limit: "-4" }), 1);
});

test("a signed-in visit to explore starts the graph request with the session's token", async () => {
  const { calls, fetchImpl } = recordingFetch();
  const early = startPrefetch({ location: { hash: "#/explore?limit=300" }, storage: storageWith({ accessToken: "t1" }), fetchImpl });
  assert.equal(early.limit, 300);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, "/graphql");
  assert.equal(calls[0].init.headers.authorization, "Bearer t1");
  assert.deepEqual(JSON.parse(calls[0].init.body), { query: GRAPH_QUERY, variables: { limit: 300 } });
  assert.deepEqual(await early.promise, { data: { communityGraph: { truncated: false, packed: {} } } });
});

test("an empty hash is the explore page too", () => {
  const { calls, fetchImpl } = recordingFetch();
  assert.ok(startPrefetch({ location: { hash: "" }, storage: storageWith({ accessToken: "t" }), fetchImpl }));
  assert.equal(calls.length, 1);
});

test("nothing is asked without a session, on another page, or with a broken session", () => {
  const { calls, fetchImpl } = recordingFetch();
  assert.equal(startPrefetch({ location: { hash: "#/explore" }, storage: storageWith(null), fetchImpl }), null);
  assert.equal(startPrefetch({ location: { hash: "#/passions" }, storage: storageWith({ accessToken: "t" }), fetchImpl }), null);
  assert.equal(startPrefetch({ location: { hash: "#/explore" }, storage: { getItem: () => "{oops" }, fetchImpl }), null);
  assert.equal(calls.length, 0);
});

test("a failed early request gives null, so the page asks by itself", async () => {
  const early = startPrefetch({
    location: { hash: "#/explore" },
    storage: storageWith({ accessToken: "t" }),
    fetchImpl: () => Promise.reject(new Error("offline")),
  });
  assert.equal(await early.promise, null);
});

test("the early answer is taken once, and only for the same limit", () => {
  const promise = Promise.resolve("answer");
  const holder = { __kindredPrefetch: { limit: 5000, promise } };
  assert.equal(takePrefetched(holder, 300), null);
  holder.__kindredPrefetch = { limit: 5000, promise };
  assert.equal(takePrefetched(holder, 5000), promise);
  assert.equal(takePrefetched(holder, 5000), null);
});
