// Sign in, accept an invitation, and choose a new password with a reset link: each keeps the
// session (the access token in memory; the server sets the refresh cookie) and moves on.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, Field, fieldError, Loading, useQuery } from "./ui.js";
import { ProviderSignIn } from "./sign-in-providers.js";

// No refreshToken: the server keeps it in an HttpOnly cookie, out of the page's reach.
const AUTH_FIELDS = "accessToken expiresAt member { handle name role }";
const SIGN_IN = `mutation SignIn($handle: String!, $password: String!) { signIn(handle: $handle, password: $password) { ${AUTH_FIELDS} } }`;
const ACCEPT = `mutation Accept($token: String!, $password: String!, $handle: String) {
  acceptInvite(token: $token, password: $password, handle: $handle) { ${AUTH_FIELDS} } }`;
const INVITATION = `query Invitation($token: String!) { invitationByToken(token: $token) { name handle } }`;
/** The server's rule (accounts/credentials.py), said before the first attempt. */
export const PASSWORD_RULE = "At least 10 characters (at most 200).";
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

/** A message of the API as a sentence: capitalised, with a full stop. */
function sentence(message) {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The error no field of `fields` shows: said under the form's button. */
function formError(error, fields) {
  return error && !fields.includes(error.field) ? error : null;
}

/**
 * A form's values, error and busy flag, and its submit handler: it clears the error, refuses a
 * new password (the field `newPassword` names) that `confirm` does not repeat, then runs
 * `send(form)`, busy meanwhile, and shows what the API refused.
 */
function useForm(empty, send, { newPassword = null } = {}) {
  const [form, setForm] = useState(empty);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name) => (value) => setForm({ ...form, [name]: value });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    const differ = newPassword && mismatch(form[newPassword], form.confirm);
    if (differ) {
      setError(differ);
      return;
    }
    setBusy(true);
    try {
      await send(form);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { form, setForm, set, error, busy, submit };
}

export function SignInPage({ client, onSignedIn }) {
  const { form, set, error, busy, submit } = useForm({ handle: "", password: "" }, async (values) => {
    const data = await client.request(SIGN_IN, values);
    client.saveAuth(data.signIn);
    onSignedIn();
  });
  return html`<section class="narrow" aria-labelledby="sign-in-title">
    <h1 id="sign-in-title">Sign in to Kindred</h1>
    <${ProviderSignIn} client=${client} onSignedIn=${onSignedIn} />
    <form onSubmit=${submit}>
      <${Field} id="sign-in-handle" name="handle" label="Handle" autocomplete="username" required value=${form.handle} onInput=${set("handle")} />
      <${Field} id="sign-in-password" name="password" type="password" label="Password" autocomplete="current-password" required
        value=${form.password} onInput=${set("password")} />
      <button type="submit" disabled=${busy}>${busy ? "Signing in…" : "Sign in"}</button>
      <${ErrorText} error=${error} />
    </form>
  </section>`;
}

export function AcceptInvitePage({ client, route, onSignedIn }) {
  const token = route.query.token || "";
  const { form, set, error, submit } = useForm({ password: "", confirm: "", handle: "" }, async (values) => {
    const data = await client.request(ACCEPT, { token, password: values.password, handle: values.handle.trim() || null });
    client.saveAuth(data.acceptInvite);
    onSignedIn(`#/member/${encodeURIComponent(data.acceptInvite.member.handle)}`);
  }, { newPassword: "password" });
  // The link is checked as the page opens: a dead one is said at once, not after two passwords.
  const invitation = useQuery(client, INVITATION, { token }, [token]);
  if (!token) return html`<section class="narrow"><h1>Accept an invitation</h1><p class="error" role="alert">This link has no invitation token: open the link from your invitation again.</p></section>`;
  if (invitation.loading && !invitation.data) return html`<section class="narrow"><h1>Join Kindred</h1><${Loading} what="Checking your invitation" /></section>`;
  if (invitation.error) {
    return html`<section class="narrow" aria-labelledby="accept-title"><h1 id="accept-title">This invitation link does not work</h1>
      <p class="error" role="alert">${invitation.error.code === "NETWORK" || invitation.error.code === "DATABASE_UNAVAILABLE" ? invitation.error.message : sentence(invitation.error.message)}</p>
      <p><a href="#/sign-in">Sign in</a> if you already have an account.</p></section>`;
  }
  const invited = invitation.data.invitationByToken;
  return html`<section class="narrow" aria-labelledby="accept-title">
    <h1 id="accept-title">Join Kindred</h1>
    <p>Welcome, ${invited.name}. Choose a password to accept your invitation; your handle will be <strong>@${invited.handle}</strong> unless you choose another.</p>
    <form onSubmit=${submit}>
      <${Field} id="accept-handle" name="handle" label="Handle (leave empty to keep the one reserved for you)" autocomplete="username"
        value=${form.handle} onInput=${set("handle")} error=${fieldError(error, "handle")} />
      <${Field} id="accept-password" name="password" type="password" label="Password" autocomplete="new-password" required
        hint=${PASSWORD_RULE} value=${form.password} onInput=${set("password")} error=${fieldError(error, "password")} />
      <${Field} id="accept-confirm" name="confirm" type="password" label="Password again" autocomplete="new-password" required
        value=${form.confirm} onInput=${set("confirm")} error=${fieldError(error, "confirm")} />
      <button type="submit">Accept and sign in</button>
      <${ErrorText} error=${formError(error, ["handle", "password", "confirm"])} />
    </form>
  </section>`;
}

export function ResetPasswordPage({ client, route, onSignedIn }) {
  const token = route.query.token || "";
  const { form, set, error, busy, submit } = useForm({ password: "", confirm: "" }, async (values) => {
    const data = await client.request(RESET, { token, newPassword: values.password });
    client.saveAuth(data.resetPassword);
    onSignedIn(`#/member/${encodeURIComponent(data.resetPassword.member.handle)}`);
  }, { newPassword: "password" });
  if (!token) return html`<section class="narrow"><h1>Choose a new password</h1><p class="error" role="alert">This link has no reset token: open the link an organiser gave you again.</p></section>`;
  return html`<section class="narrow" aria-labelledby="reset-title">
    <h1 id="reset-title">Choose a new password</h1>
    <p>At least 10 characters. Every device signed in to your account will be signed out.</p>
    <form onSubmit=${submit}>
      <${Field} id="reset-password" name="password" type="password" label="New password" autocomplete="new-password" required hint=${PASSWORD_RULE}
        value=${form.password} onInput=${set("password")} error=${fieldError(error, "newPassword")} />
      <${Field} id="reset-confirm" name="confirm" type="password" label="New password again" autocomplete="new-password" required
        value=${form.confirm} onInput=${set("confirm")} error=${fieldError(error, "confirm")} />
      <button type="submit" disabled=${busy}>${busy ? "Saving…" : "Set password and sign in"}</button>
      <${ErrorText} error=${formError(error, ["newPassword", "confirm"])} />
    </form>
  </section>`;
}

/** On one's own profile: change the password (the current one is asked for). */
export function ChangePassword({ client }) {
  const empty = { currentPassword: "", newPassword: "", confirm: "" };
  const [done, setDone] = useState(null);
  const { form, setForm, set, error, busy, submit } = useForm(empty, async (values) => {
    const data = await client.request(CHANGE, { currentPassword: values.currentPassword, newPassword: values.newPassword });
    setForm(empty);
    setDone(changedMessage(data.changePassword));
  }, { newPassword: "newPassword" });
  return html`<form class="change-password" aria-labelledby="change-password-title" onSubmit=${(e) => { setDone(null); submit(e); }}>
    <h2 id="change-password-title">Change password</h2>
    <${Field} id="change-current-password" name="current-password" type="password" label="Current password" autocomplete="current-password" required
      value=${form.currentPassword} onInput=${set("currentPassword")} error=${fieldError(error, "currentPassword")} />
    <${Field} id="change-new-password" name="new-password" type="password" label="New password" autocomplete="new-password" required
      value=${form.newPassword} onInput=${set("newPassword")} error=${fieldError(error, "newPassword")} />
    <${Field} id="change-confirm-password" name="confirm-password" type="password" label="New password again" autocomplete="new-password" required
      value=${form.confirm} onInput=${set("confirm")} error=${fieldError(error, "confirm")} />
    <button type="submit" disabled=${busy}>${busy ? "Changing…" : "Change password"}</button>
    ${done && html`<p role="status">${done}</p>`}
    <${ErrorText} error=${formError(error, ["currentPassword", "newPassword", "confirm"])} />
  </form>`;
}
