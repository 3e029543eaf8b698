// Small shared pieces: error text in plain words, one form field, who is an organiser, a query
// hook, a download helper.
import { html } from "./html.js";
import { useCallback, useEffect, useState } from "preact/hooks";

const PLAIN = {
  UNAUTHENTICATED: "Please sign in",
  FORBIDDEN: "You are not allowed to do that",
  NOT_FOUND: "Not found",
  BAD_USER_INPUT: "Please check this",
  CONFLICT: "That clashes with something that exists",
  RATE_LIMITED: "Too many attempts",
  NETWORK: "Network problem",
};

/** An API error shown next to what caused it (role=alert so screen readers announce it). An
 * outage is said once, by the app's notice at the top of the page (OutageNotice), not here. */
export function ErrorText({ error, id }) {
  if (!error || error.code === "DATABASE_UNAVAILABLE") return null;
  const lead = PLAIN[error.code];
  return html`<p class="error" role="alert" id=${id}>${lead ? `${lead}: ` : ""}${error.message}</p>`;
}

/** The error for one form field, when the API named that field. */
export function fieldError(error, field) {
  return error && error.field === field ? error : null;
}

/**
 * One form field: its label, the control, an optional hint, and the API error for this field
 * right under it, tied to the control by aria-invalid and aria-describedby (`${id}-hint`,
 * `errorId`, which is `${id}-error` unless given). `error` is this field's error only: pick it
 * with fieldError (or errorOn in people-model.js).
 *
 * The control is a text input (`type`, `value`, `onInput(value)`, named `name`, which is the id
 * unless given), a select when `options` ([{ value, label }]) are given (`onChange(value)`,
 * with `none` as a first "" choice when given), a textarea when `multiline`, or whatever
 * `children` renders from the attributes it must carry:
 *
 *     <${Field} id="target-by" label="By" error=${byError}>${(a) => html`<input ...${a} type="date" />`}<//>
 */
export function Field({ id, label, error = null, hint = null, errorId = `${id}-error`, children, ...control }) {
  const describedBy = [hint && `${id}-hint`, error && errorId].filter(Boolean).join(" ") || undefined;
  const tie = { id, "aria-invalid": error ? "true" : undefined, "aria-describedby": describedBy };
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${children ? children(tie) : fieldControl(tie, control)}
    ${hint && html`<p class="hint muted" id=${`${id}-hint`}>${hint}</p>`}
    <${ErrorText} id=${errorId} error=${error} />
  </div>`;
}

/** The control Field draws when not given one: an input, a select or a textarea. */
function fieldControl(tie, { name = tie.id, type = "text", value, onInput, onChange, options, none, multiline = false, required = false, autocomplete, inputRef }) {
  if (options) {
    return html`<select ...${tie} name=${name} value=${value} onChange=${(e) => onChange(e.currentTarget.value)}>
      ${none !== undefined && html`<option value="">${none}</option>`}
      ${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>`;
  }
  const changed = (e) => onInput(e.currentTarget.value);
  if (multiline) return html`<textarea ...${tie} name=${name} rows="3" value=${value} required=${required} ref=${inputRef} onInput=${changed}></textarea>`;
  return html`<input ...${tie} name=${name} type=${type} value=${value} required=${required} autocomplete=${autocomplete} ref=${inputRef} onInput=${changed} />`;
}

/** Whether a signed-in person (the session, or a viewer: anything with a role) may use the organiser pages. */
export function isOrganiser(who) {
  return (who?.role || "").toLowerCase() === "organiser";
}

/** Run a query whenever `deps` change; returns { data, error, loading, reload, setData }. */
export function useQuery(client, query, variables, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true, run: null });
  const run = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, run }));
    client
      .request(query, variables)
      .then((data) => live && setState({ data, error: null, loading: false, run }))
      .catch((error) => live && setState({ data: null, error, loading: false, run }));
    return () => {
      live = false;
    };
  }, deps);
  useEffect(run, [run]);
  // New deps make a new `run` at once, before its effect marks the state as loading: the data
  // held then belongs to the old deps, so say "loading" already (no render shows it as current).
  const loading = state.loading || state.run !== run;
  return { data: state.data, error: state.error, loading, reload: run, setData: (data) => setState({ data, error: null, loading: false, run }) };
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

/** The option made active by a key in an open list of `count` (ArrowDown and ArrowUp wrap); -1 is none. */
export function nextActive(active, count, key) {
  if (!count) return -1;
  if (key === "ArrowDown") return active < 0 || active + 1 >= count ? 0 : active + 1;
  if (key === "ArrowUp") return active <= 0 ? count - 1 : active - 1;
  return active;
}

/**
 * A text box with a list of suggestions (the ARIA combobox pattern): typing opens the list,
 * ArrowDown/ArrowUp move through it, Enter takes the active suggestion, Escape closes the list;
 * Enter with no active suggestion calls onEnter. `options` are { value, label, hint }.
 */
export function Combobox({ id, label, listLabel, name, value, options, onInput, onPick, onEnter }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const shown = open && options.length > 0;
  const optionId = (i) => `${id}-option-${i}`;
  const close = () => {
    setOpen(false);
    setActive(-1);
  };
  const pick = (i) => {
    onPick(options[i].value);
    close();
  };
  const keyDown = (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!shown) {
        setOpen(true);
        setActive(options.length ? (e.key === "ArrowDown" ? 0 : options.length - 1) : -1);
      } else setActive(nextActive(active, options.length, e.key));
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (shown && active >= 0 && active < options.length) pick(active);
      else {
        close();
        onEnter?.();
      }
    } else if (e.key === "Escape" && shown) {
      e.preventDefault();
      close();
    }
  };
  return html`<div class="combo">
    <label for=${id}>${label}</label>
    <input id=${id} name=${name} role="combobox" autocomplete="off" aria-autocomplete="list"
      aria-expanded=${shown ? "true" : "false"} aria-controls=${`${id}-list`}
      aria-activedescendant=${shown && active >= 0 ? optionId(active) : undefined}
      value=${value} onKeyDown=${keyDown} onBlur=${close}
      onInput=${(e) => { setOpen(true); setActive(-1); onInput(e.currentTarget.value); }} />
    <ul id=${`${id}-list`} role="listbox" aria-label=${listLabel} class="combo-list" hidden=${!shown}>
      ${options.map((o, i) => html`<li id=${optionId(i)} role="option" aria-selected=${i === active ? "true" : "false"}
        class=${i === active ? "active" : undefined} onMouseDown=${(e) => e.preventDefault()} onClick=${() => pick(i)}>
        ${o.label}${o.hint && html` <span class="muted">${o.hint}</span>`}</li>`)}
    </ul>
    <span class="visually-hidden" aria-live="polite">${shown ? `${options.length} suggestions, use the up and down arrows to choose` : ""}</span>
  </div>`;
}

/** The one notice of an outage: graph-api cannot reach its database. "Try again" re-runs the page. */
export function OutageNotice({ onRetry }) {
  return html`<div class="outage" role="alert">
    <p><strong>Kindred cannot reach its database right now.</strong> Nothing was changed; try again in a few seconds.</p>
    <button type="button" onClick=${onRetry}>Try again</button>
  </div>`;
}
