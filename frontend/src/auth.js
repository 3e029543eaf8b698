// Sign in, accept an invitation, and choose a new password with a reset link: each keeps the
// session (the access token in memory; the server sets the refresh cookie) and moves on.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, fieldError } from "./ui.js";

// No refreshToken: the server keeps it in an HttpOnly cookie, out of the page's reach.
const AUTH_FIELDS = "accessToken expiresAt member { handle name role }";
const SIGN_IN = `mutation SignIn($handle: String!, $password: String!) { signIn(handle: $handle, password: $password) { ${AUTH_FIELDS} } }`;
const ACCEPT = `mutation Accept($token: String!, $password: String!, $handle: String) {
  acceptInvite(token: $token, password: $password, handle: $handle) { ${AUTH_FIELDS} } }`;
const RESET = `mutation ResetPassword($token: String!, $newPassword: String!) {
  resetPassword(token: $token, newPassword: $newPassword) { ${AUTH_FIELDS} } }`;
const CHANGE = `mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword) }`;

/** A refusal of the form itself (the two new passwords differ), shaped like an API error. */
export function mismatch(password, confirm, field = "confirm") {
  return password === confirm ? null : { message: "The two passwords differ.", code: "BAD_USER_INPUT", field };
}

/** What to say after a password change, from how many other sessions it ended. */
export function changedMessage(ended) {
  if (!ended) return "Password changed.";
  return `Password changed. ${ended} other session${ended === 1 ? " was" : "s were"} signed out.`;
}

export function SignInPage({ client, onSignedIn }) {
  const [form, setForm] = useState({ handle: "", password: "" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const data = await client.request(SIGN_IN, form);
      client.saveAuth(data.signIn);
      onSignedIn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="narrow" aria-labelledby="sign-in-title">
    <h1 id="sign-in-title">Sign in to Kindred</h1>
    <form onSubmit=${submit}>
      <label>Handle <input name="handle" autocomplete="username" required value=${form.handle}
        onInput=${(e) => setForm({ ...form, handle: e.currentTarget.value })} /></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required value=${form.password}
        onInput=${(e) => setForm({ ...form, password: e.currentTarget.value })} /></label>
      <button type="submit" disabled=${busy}>${busy ? "Signing in…" : "Sign in"}</button>
      <${ErrorText} error=${error} />
    </form>
  </section>`;
}

export function AcceptInvitePage({ client, route, onSignedIn }) {
  const [form, setForm] = useState({ password: "", confirm: "", handle: "" });
  const [error, setError] = useState(null);
  const token = route.query.token || "";
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    const differ = mismatch(form.password, form.confirm);
    if (differ) {
      setError(differ);
      return;
    }
    try {
      const data = await client.request(ACCEPT, { token, password: form.password, handle: form.handle.trim() || null });
      client.saveAuth(data.acceptInvite);
      onSignedIn(`#/member/${encodeURIComponent(data.acceptInvite.member.handle)}`);
    } catch (err) {
      setError(err);
    }
  };
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  if (!token) return html`<section class="narrow"><h1>Accept an invitation</h1><p class="error" role="alert">This link has no invitation token: open the link from your invitation again.</p></section>`;
  return html`<section class="narrow" aria-labelledby="accept-title">
    <h1 id="accept-title">Join Kindred</h1>
    <p>Choose a password to accept your invitation.</p>
    <form onSubmit=${submit}>
      <label>Handle (leave empty to keep the one reserved for you)
        <input name="handle" autocomplete="username" value=${form.handle} onInput=${set("handle")}
          aria-describedby=${fieldError(error, "handle") ? "handle-error" : undefined} aria-invalid=${fieldError(error, "handle") ? "true" : undefined} /></label>
      <${ErrorText} id="handle-error" error=${fieldError(error, "handle")} />
      <label>Password <input name="password" type="password" autocomplete="new-password" required value=${form.password} onInput=${set("password")} /></label>
      <${ErrorText} error=${fieldError(error, "password")} />
      <label>Password again <input name="confirm" type="password" autocomplete="new-password" required value=${form.confirm} onInput=${set("confirm")} /></label>
      <${ErrorText} error=${fieldError(error, "confirm")} />
      <button type="submit">Accept and sign in</button>
      <${ErrorText} error=${error && !["handle", "password", "confirm"].includes(error.field) ? error : null} />
    </form>
  </section>`;
}

export function ResetPasswordPage({ client, route, onSignedIn }) {
  const [form, setForm] = useState({ password: "", confirm: "" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const token = route.query.token || "";
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    const differ = mismatch(form.password, form.confirm);
    if (differ) {
      setError(differ);
      return;
    }
    setBusy(true);
    try {
      const data = await client.request(RESET, { token, newPassword: form.password });
      client.saveAuth(data.resetPassword);
      onSignedIn(`#/member/${encodeURIComponent(data.resetPassword.member.handle)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  if (!token) return html`<section class="narrow"><h1>Choose a new password</h1><p class="error" role="alert">This link has no reset token: open the link an organiser gave you again.</p></section>`;
  return html`<section class="narrow" aria-labelledby="reset-title">
    <h1 id="reset-title">Choose a new password</h1>
    <p>At least 10 characters. Every device signed in to your account will be signed out.</p>
    <form onSubmit=${submit}>
      <label>New password <input name="password" type="password" autocomplete="new-password" required value=${form.password} onInput=${set("password")}
        aria-invalid=${fieldError(error, "newPassword") ? "true" : undefined} /></label>
      <${ErrorText} error=${fieldError(error, "newPassword")} />
      <label>New password again <input name="confirm" type="password" autocomplete="new-password" required value=${form.confirm} onInput=${set("confirm")} /></label>
      <${ErrorText} error=${fieldError(error, "confirm")} />
      <button type="submit" disabled=${busy}>${busy ? "Saving…" : "Set password and sign in"}</button>
      <${ErrorText} error=${error && !["newPassword", "confirm"].includes(error.field) ? error : null} />
    </form>
  </section>`;
}

/** On one's own profile: change the password (the current one is asked for). */
export function ChangePassword({ client }) {
  const empty = { currentPassword: "", newPassword: "", confirm: "" };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const differ = mismatch(form.newPassword, form.confirm);
    if (differ) {
      setError(differ);
      return;
    }
    setBusy(true);
    try {
      const data = await client.request(CHANGE, { currentPassword: form.currentPassword, newPassword: form.newPassword });
      setForm(empty);
      setDone(changedMessage(data.changePassword));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  return html`<form class="change-password" aria-labelledby="change-password-title" onSubmit=${submit}>
    <h2 id="change-password-title">Change password</h2>
    <label>Current password <input name="current-password" type="password" autocomplete="current-password" required value=${form.currentPassword} onInput=${set("currentPassword")}
      aria-invalid=${fieldError(error, "currentPassword") ? "true" : undefined} /></label>
    <${ErrorText} error=${fieldError(error, "currentPassword")} />
    <label>New password <input name="new-password" type="password" autocomplete="new-password" required value=${form.newPassword} onInput=${set("newPassword")}
      aria-invalid=${fieldError(error, "newPassword") ? "true" : undefined} /></label>
    <${ErrorText} error=${fieldError(error, "newPassword")} />
    <label>New password again <input name="confirm-password" type="password" autocomplete="new-password" required value=${form.confirm} onInput=${set("confirm")} /></label>
    <${ErrorText} error=${fieldError(error, "confirm")} />
    <button type="submit" disabled=${busy}>${busy ? "Changing…" : "Change password"}</button>
    ${done && html`<p role="status">${done}</p>`}
    <${ErrorText} error=${error && !["currentPassword", "newPassword", "confirm"].includes(error.field) ? error : null} />
  </form>`;
}
