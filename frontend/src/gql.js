// GraphQL client for graph-api: keeps the session (tokens) in storage, and when the access
// token has expired, trades the refresh token for new ones and retries the request once.

export const SESSION_KEY = "kindred.session";

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
  return error?.extensions?.code === "UNAUTHENTICATED" && /expired/i.test(error.message || "");
}

function toApiError(error) {
  const ext = error.extensions || {};
  return new ApiError(error.message || "Something went wrong", ext.code || "ERROR", ext.field ?? null);
}

const REFRESH = `mutation Refresh($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) { accessToken refreshToken expiresAt member { handle role name } }
}`;

/**
 * A client bound to one endpoint. `fetchImpl` and `storage` are injectable so the refresh
 * logic can be tested without a browser; `onSignedOut` runs when the session is lost.
 */
export class GraphQLClient {
  constructor({ url = "/graphql", fetchImpl = globalThis.fetch?.bind(globalThis), storage = globalThis.localStorage, onSignedOut = () => {} } = {}) {
    this.url = url;
    this.fetch = fetchImpl;
    this.storage = storage;
    this.onSignedOut = onSignedOut;
    this.refreshing = null; // one refresh at a time, shared by concurrent requests
    this.listeners = new Set();
  }

  get session() {
    try {
      return JSON.parse(this.storage?.getItem(SESSION_KEY) || "null");
    } catch {
      return null;
    }
  }

  setSession(session) {
    if (session) this.storage?.setItem(SESSION_KEY, JSON.stringify(session));
    else this.storage?.removeItem(SESSION_KEY);
    for (const listener of this.listeners) listener(session);
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Store what signIn / acceptInvite / refreshToken returned. */
  saveAuth(payload) {
    this.setSession({
      accessToken: payload.accessToken,
      refreshToken: payload.refreshToken,
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
      response = await this.fetch(this.url, { method: "POST", headers, body: isForm ? body : JSON.stringify(body) });
    } catch {
      throw new ApiError("Could not reach the server: check your connection and try again.", "NETWORK");
    }
    let json;
    try {
      json = await response.json();
    } catch {
      throw new ApiError(`The server answered ${response.status} without a readable body.`, "SERVER");
    }
    return json;
  }

  async refresh() {
    const refreshToken = this.session?.refreshToken;
    if (!refreshToken) return false;
    if (!this.refreshing) {
      this.refreshing = (async () => {
        const json = await this.post({ query: REFRESH, variables: { refreshToken } }, null);
        if (json.errors?.length || !json.data?.refreshToken) return false;
        this.saveAuth(json.data.refreshToken);
        return true;
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
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
