// Small shared pieces: error text in plain words, a query hook, a download helper.
import { html } from "./html.js";
import { useCallback, useEffect, useState } from "preact/hooks";

const PLAIN = {
  UNAUTHENTICATED: "Please sign in",
  FORBIDDEN: "You are not allowed to do that",
  NOT_FOUND: "Not found",
  BAD_USER_INPUT: "Please check this",
  DATABASE_UNAVAILABLE: "The database is unavailable, try again soon",
  CONFLICT: "That clashes with something that exists",
  NETWORK: "Network problem",
};

/** An API error shown next to what caused it (role=alert so screen readers announce it). */
export function ErrorText({ error, id }) {
  if (!error) return null;
  const lead = PLAIN[error.code];
  return html`<p class="error" role="alert" id=${id}>${lead ? `${lead}: ` : ""}${error.message}</p>`;
}

/** The error for one form field, when the API named that field. */
export function fieldError(error, field) {
  return error && error.field === field ? error : null;
}

/** Run a query whenever `deps` change; returns { data, error, loading, reload, setData }. */
export function useQuery(client, query, variables, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const run = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    client
      .request(query, variables)
      .then((data) => live && setState({ data, error: null, loading: false }))
      .catch((error) => live && setState({ data: null, error, loading: false }));
    return () => {
      live = false;
    };
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run, setData: (data) => setState({ data, error: null, loading: false }) };
}

export function Loading({ what = "Loading" }) {
  return html`<p aria-live="polite">${what}…</p>`;
}

/** Offer a JSON value as a file download. */
export function downloadJson(value, filename) {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function MemberLink({ member }) {
  if (!member) return html`<span class="muted">a deleted member</span>`;
  return html`<a href=${`#/member/${encodeURIComponent(member.handle)}`}>${member.name}</a>`;
}
