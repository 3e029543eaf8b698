// What the explore page reads, and asking for it early: a small script in index.html resumes the
// session (from the refresh cookie) and starts the request while the app's bundle is still
// loading; the app takes the session and the page takes that answer when it mounts.
import { refreshFromCookie } from "./gql.js";
import { parseHash } from "./router.js";

// The packed form: columns instead of one object per node and edge (several times smaller and faster).
export const GRAPH_QUERY = `query CommunityGraph($limit: Int!) { communityGraph(limit: $limit) { truncated packed } }`;
export const MAX_LIMIT = 5000;

/** How many members the explore page draws for a route's query (`?limit=N`, at most 5,000). */
export function exploreLimit(query) {
  return Math.min(MAX_LIMIT, Math.max(1, Number(query.limit) || MAX_LIMIT));
}

/**
 * Resume the session now (the app's client takes `session`: the refreshToken payload, or null),
 * and if the page about to load is explore, ask for its graph as soon as the session is back.
 * Returns { session, limit, promise }: `promise` gives the parsed answer, or null without a
 * session or when the request failed (the page then asks by itself); limit and promise are null
 * on other pages.
 */
export function startPrefetch({ location, fetchImpl, url = "/graphql", locks = globalThis.navigator?.locks }) {
  const session = refreshFromCookie({ fetchImpl, url, locks });
  const route = parseHash(location.hash);
  if (route.name !== "explore") return { session, limit: null, promise: null };
  const limit = exploreLimit(route.query);
  const promise = session.then((payload) =>
    payload?.accessToken
      ? fetchImpl(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${payload.accessToken}` },
          body: JSON.stringify({ query: GRAPH_QUERY, variables: { limit } }),
        })
          .then((response) => response.json())
          .catch(() => null)
      : null,
  );
  return { session, limit, promise };
}

/** The early answer for `limit`, once (a later visit to the page asks afresh); else null. */
export function takePrefetched(holder, limit) {
  const early = holder.__kindredPrefetch;
  holder.__kindredPrefetch = null;
  return early?.promise && early.limit === limit ? early.promise : null;
}

// One member's handle (to open their page) and vision (for the hover card), asked on hover only.
export const MEMBER_DETAILS = `query MemberDetails($id: ID!) { member(id: $id) { handle vision } }`;

// Accepted purpose groups a member may see (the API leaves out the others), a hundred a page.
export const PURPOSE_GROUPS = `query PurposeGroups($after: String) { purposeCommunities(first: 100, after: $after) {
  edges { node { key name members { key } } } pageInfo { hasNextPage endCursor } } }`;
export const MAX_GROUP_PAGES = 5;

/**
 * The accepted purpose groups, newest first: [{ key, name, memberKeys }] and whether more exist
 * past the pages read (`more`).
 */
export async function loadPurposeGroups(client, maxPages = MAX_GROUP_PAGES) {
  const groups = [];
  let after = null;
  for (let page = 0; page < maxPages; page++) {
    const data = await client.request(PURPOSE_GROUPS, { after });
    const connection = data.purposeCommunities;
    for (const { node } of connection.edges) groups.push({ key: node.key, name: node.name, memberKeys: node.members.map((m) => m.key) });
    if (!connection.pageInfo.hasNextPage) return { groups, more: false };
    after = connection.pageInfo.endCursor;
  }
  return { groups, more: true };
}

/**
 * Member details asked once each: `get(key)` gives a promise of { handle, vision } or null (a
 * member the API no longer shows); a failed request is forgotten so a later hover asks again.
 */
export function memberDetailsCache(client) {
  const cache = new Map();
  return {
    get(key) {
      if (!cache.has(key)) {
        const pending = client.request(MEMBER_DETAILS, { id: key }).then((data) => data.member ?? null);
        pending.catch(() => cache.delete(key));
        cache.set(key, pending);
      }
      return cache.get(key);
    },
  };
}
