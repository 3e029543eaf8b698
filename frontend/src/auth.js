// Sign in and accept an invitation; both store the session and stay on the page asked for.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, fieldError } from "./ui.js";

const AUTH_FIELDS = "accessToken refreshToken expiresAt member { handle name role }";
const SIGN_IN = `mutation SignIn($handle: String!, $password: String!) { signIn(handle: $handle, password: $password) { ${AUTH_FIELDS} } }`;
const ACCEPT = `mutation Accept($token: String!, $password: String!, $handle: String) {
  acceptInvite(token: $token, password: $password, handle: $handle) { ${AUTH_FIELDS} } }`;

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
    if (form.password !== form.confirm) {
      setError({ message: "The two passwords differ.", code: "BAD_USER_INPUT", field: "confirm" });
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
