// GraphQL client for graph-api. The access token lives in memory only; the refresh token is an
// HttpOnly cookie the server sets (scripts never see it). When the access token has expired, the
// client refreshes from the cookie and retries the request once; a page load restores the session
// the same way. Refreshes are serialised across tabs (Web Locks), because presenting a refresh
// token that another tab has just rotated ends the whole session on the server.

const LOCK = "kindred-session-refresh";
const CHANNEL = "kindred-session";

/** An API error in plain words, with graph-api's `extensions.code` (and `field` when given). */
export class ApiError extends Error {
  constructor(message, code = "ERROR", field = null) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.field = field;
  }
}

/** Whether an error says the access token expired (and so a refresh may help). */
export function isExpiredError(error) {
  // Only the access token's expiry: an expired invitation or reset link is no reason to refresh.
  return error?.extensions?.code === "UNAUTHENTICATED" && /access token has expired/i.test(error.message || "");
}

/** What refreshFromCookie gives when the server cannot check the session: its database is down. */
export const UNAVAILABLE = Object.freeze({ unavailable: true });

/** Whether an answer says graph-api's database is unreachable (503, or the code in its errors). */
export function isOutage(status, json) {
  return status === 503 || json?.errors?.some((e) => e?.extensions?.code === "DATABASE_UNAVAILABLE") === true;
}

function toApiError(error) {
  const ext = error.extensions || {};
  return new ApiError(error.message || "Something went wrong", ext.code || "ERROR", ext.field ?? null);
}

export const REFRESH = `mutation Refresh { refreshToken { accessToken expiresAt member { handle role name } } }`;

/** Run `task` holding the cross-tab refresh lock when the browser has Web Locks (secure contexts). */
export function withRefreshLock(locks, task) {
  return locks?.request ? locks.request(LOCK, task) : task();
}

/**
 * Trade the refresh cookie for an access token: resolves to the refreshToken payload, or null
 * when there is no session (or the server cannot be reached).
 */
export function refreshFromCookie({ fetchImpl, url = "/graphql", locks = globalThis.navigator?.locks }) {
  return withRefreshLock(locks, async () => {
    try {
      const response = await fetchImpl(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: REFRESH }),
      });
      const json = await response.json();
      if (isOutage(response.status, json)) return UNAVAILABLE; // not "signed out": nobody could tell
      return json.errors?.length ? null : json.data?.refreshToken ?? null;
    } catch {
      return null;
    }
  });
}

function defaultChannel() {
  return typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
}

/**
 * A client bound to one endpoint. `fetchImpl`, `locks` and `channel` are injectable so the
 * refresh logic can be tested without a browser; `onSignedOut` runs when the session is lost.
 * `early` is a refresh already under way (started by the page's prefetch script), taken once.
 * With `parent` (a client of graph-api), another endpoint's client uses the parent's session.
 */
export class GraphQLClient {
  constructor({
    url = "/graphql",
    fetchImpl = globalThis.fetch?.bind(globalThis),
    locks = globalThis.navigator?.locks,
    channel = undefined,
    early = null,
    parent = null,
    onSignedOut = () => {},
  } = {}) {
    this.url = url;
    this.parent = parent;
    this.fetch = fetchImpl;
    this.locks = locks;
    this.early = early;
    this.onSignedOut = onSignedOut;
    this.current = null;
    this.refreshing = null; // one refresh at a time, shared by concurrent requests
    this.listeners = new Set();
    this.outageListeners = new Set();
    this.down = false; // graph-api said its database is unreachable, and nothing has worked since
    // Another tab signing in or out changes this one too (the cookie is shared).
    this.channel = parent ? null : channel === undefined ? defaultChannel() : channel;
    if (this.channel) {
      this.channel.onmessage = (event) => {
        if (event.data === "signed-out") this.setSession(null, { tell: false });
        else if (event.data === "signed-in" && !this.current) this.refresh();
      };
    }
  }

  get session() {
    return this.parent ? this.parent.session : this.current;
  }

  setSession(session, { tell = true } = {}) {
    if (this.parent) return this.parent.setSession(session, { tell });
    const was = this.current;
    this.current = session;
    if (tell && this.channel && !!was !== !!session) this.channel.postMessage(session ? "signed-in" : "signed-out");
    for (const listener of this.listeners) listener(session);
  }

  /** Whether the database is unreachable right now (as far as the last answers tell). */
  get outage() {
    return this.parent ? this.parent.outage : this.down;
  }

  setOutage(down) {
    if (this.parent) return this.parent.setOutage(down);
    if (this.down === down) return;
    this.down = down;
    for (const listener of this.outageListeners) listener(down);
  }

  /** Be told when the database becomes unreachable (true) and reachable again (false). */
  subscribeOutage(listener) {
    if (this.parent) return this.parent.subscribeOutage(listener);
    this.outageListeners.add(listener);
    return () => this.outageListeners.delete(listener);
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keep (in memory) what signIn / acceptInvite / resetPassword / refreshToken returned. */
  saveAuth(payload) {
    this.setSession({
      accessToken: payload.accessToken,
      expiresAt: payload.expiresAt,
      handle: payload.member?.handle ?? this.session?.handle,
      role: payload.member?.role ?? this.session?.role,
      name: payload.member?.name ?? this.session?.name,
    });
  }

  async post(body, token, isForm = false) {
    const headers = isForm ? {} : { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    let response;
    try {
      response = await this.fetch(this.url, { method: "POST", credentials: "same-origin", headers, body: isForm ? body : JSON.stringify(body) });
    } catch {
      throw new ApiError("Could not reach the server: check your connection and try again.", "NETWORK");
    }
    let json;
    try {
      json = await response.json();
    } catch {
      throw new ApiError("Something went wrong on the server. Try again in a moment.", "SERVER");
    }
    if (isOutage(response.status, json)) this.setOutage(true);
    else if (response.ok) this.setOutage(false);
    return json;
  }

  /** Get a fresh access token from the refresh cookie; true when the session goes on. */
  async refresh() {
    if (this.parent) return this.parent.refresh();
    if (!this.refreshing) {
      const early = this.early;
      this.early = null;
      this.refreshing = (async () => {
        const payload = early ? await early : await refreshFromCookie({ fetchImpl: this.fetch, url: this.url, locks: this.locks });
        if (payload?.unavailable) {
          this.setOutage(true);
          throw new ApiError("The database is unavailable right now.", "DATABASE_UNAVAILABLE");
        }
        if (!payload) return false;
        this.saveAuth(payload);
        return true;
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  /** At start: resume the session the refresh cookie holds, if any. During an outage the
   * session is unknown (not ended): `outage` is set, and restoring again later resumes it. */
  async restore() {
    try {
      return await this.refresh();
    } catch (error) {
      if (error?.code === "DATABASE_UNAVAILABLE") return false;
      throw error;
    }
  }

  /** Run a query or mutation; returns `data` or throws the first error as an ApiError. */
  async request(query, variables = {}, { form = null } = {}) {
    const body = form ? form() : { query, variables };
    let json = await this.post(body, this.session?.accessToken, !!form);
    if (json.errors?.some(isExpiredError)) {
      if (await this.refresh()) {
        json = await this.post(form ? form() : body, this.session?.accessToken, !!form);
      } else {
        this.setSession(null);
        this.onSignedOut();
        throw new ApiError("Your session has ended: please sign in again.", "UNAUTHENTICATED");
      }
    }
    if (json.errors?.length) throw toApiError(json.errors[0]);
    return json.data;
  }

  /** A multipart upload (GraphQL multipart request spec): `file` goes to variables.file. */
  upload(query, variables, file) {
    const form = () => {
      const data = new FormData();
      data.append("operations", JSON.stringify({ query, variables: { ...variables, file: null } }));
      data.append("map", JSON.stringify({ 0: ["variables.file"] }));
      data.append("0", file, file.name || "upload");
      return data;
    };
    return this.request(query, variables, { form });
  }
}
