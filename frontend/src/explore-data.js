// What the explore page reads, and asking for it early: a small script in index.html starts the
// request while the app's bundle is still loading, and the page takes that answer when it mounts.
import { SESSION_KEY } from "./gql.js";
import { parseHash } from "./router.js";

// The packed form: columns instead of one object per node and edge (several times smaller and faster).
export const GRAPH_QUERY = `query CommunityGraph($limit: Int!) { communityGraph(limit: $limit) { truncated packed } }`;
export const MAX_LIMIT = 5000;

/** How many members the explore page draws for a route's query (`?limit=N`, at most 5,000). */
export function exploreLimit(query) {
  return Math.min(MAX_LIMIT, Math.max(1, Number(query.limit) || MAX_LIMIT));
}

/**
 * Start the explore page's request now if the page about to load is explore and a session
 * exists; returns { limit, promise } (the promise gives the parsed answer, or null if the
 * request failed) or null. The page still checks the answer: an expired token gives errors,
 * and the page then asks again through its client, which refreshes the session.
 */
export function startPrefetch({ location, storage, fetchImpl, url = "/graphql" }) {
  let session = null;
  try {
    session = JSON.parse(storage?.getItem(SESSION_KEY) || "null");
  } catch {
    return null;
  }
  if (!session?.accessToken) return null;
  const route = parseHash(location.hash);
  if (route.name !== "explore") return null;
  const limit = exploreLimit(route.query);
  const promise = fetchImpl(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${session.accessToken}` },
    body: JSON.stringify({ query: GRAPH_QUERY, variables: { limit } }),
  })
    .then((response) => response.json())
    .catch(() => null);
  return { limit, promise };
}

/** The early answer for `limit`, once (a later visit to the page asks afresh); else null. */
export function takePrefetched(holder, limit) {
  const early = holder.__kindredPrefetch;
  holder.__kindredPrefetch = null;
  return early && early.limit === limit ? early.promise : null;
}
