// On the sign-in page: a button per identity provider (each leads to graph-api's /oidc/<id>/start),
// the trade of the one-time code a provider sign-in came back with for the usual session, and a
// refusal in plain words. Nothing here puts a Kindred token in the address. Its styles are in
// identity-providers.css (auth.js, which shows it, is loaded by node tests that cannot load CSS).
import { html } from "./html.js";
import { useEffect, useState } from "preact/hooks";
import { ErrorText, Loading, useQuery } from "./ui.js";
import {
  PROVIDER_INVITATION, SIGN_IN_OPTIONS, SIGN_IN_WITH_PROVIDER, buttonWords, providerReturn, refusalWords,
} from "./sign-in-providers-model.js";

/** Drops the code or refusal from the address (it must not stay in the history). */
function cleanAddress() {
  history.replaceState(null, "", `${location.pathname}${location.search}#/sign-in`);
}

/** An invited newcomer back from their provider: whom they join as, and a button to confirm. */
function JoinInvitation({ client, code, onSignedIn, onExpired }) {
  const invitation = useQuery(client, PROVIDER_INVITATION, { code }, [code]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      const data = await client.request(SIGN_IN_WITH_PROVIDER, { code });
      client.saveAuth(data.signInWithProvider);
      onSignedIn();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  if (invitation.loading && !invitation.data) return html`<${Loading} what="Finding your invitation" />`;
  const invited = invitation.data?.providerInvitation;
  if (!invited) {
    return html`<div class="provider-join"><p class="error" role="alert">This invitation is used up or took too long to confirm. Press your organisation's button again.</p>
      <button type="button" class="secondary" onClick=${onExpired}>Back to sign-in</button></div>`;
  }
  return html`<div class="provider-join" role="group" aria-labelledby="provider-join-title">
    <h2 id="provider-join-title">Welcome, ${invited.name}</h2>
    <p>You were invited to Kindred as <strong>@${invited.handle}</strong>. Join with your organisation's account? From now on its button signs you in.</p>
    <button type="button" disabled=${busy} onClick=${join}>${busy ? "Joining…" : "Join Kindred"}</button>
    <${ErrorText} error=${error} />
  </div>`;
}

export function ProviderSignIn({ client, onSignedIn }) {
  const [back, setBack] = useState(() => providerReturn(location.hash));
  const [error, setError] = useState(null);
  const [trading, setTrading] = useState(Boolean(back?.code));
  const options = useQuery(client, SIGN_IN_OPTIONS, {}, []);
  useEffect(() => {
    if (!back) return;
    cleanAddress();
    if (!back.code) return;
    client.request(SIGN_IN_WITH_PROVIDER, { code: back.code })
      .then((data) => {
        client.saveAuth(data.signInWithProvider);
        onSignedIn();
      })
      .catch((err) => {
        setError(err);
        setTrading(false);
      });
  }, []);
  if (trading) return html`<${Loading} what="Signing you in" />`;
  if (back?.join) return html`<${JoinInvitation} client=${client} code=${back.join} onSignedIn=${onSignedIn} onExpired=${() => setBack(null)} />`;
  const providers = options.data?.signInOptions.providers ?? [];
  const passwordsOff = options.data && !options.data.signInOptions.passwordSignIn;
  return html`<div class="provider-sign-in">
    ${back?.refused && html`<p class="error" role="alert">${refusalWords(back.refused)}</p>`}
    <${ErrorText} error=${error} />
    ${providers.length > 0 && html`<ul class="provider-buttons" aria-label="Sign in with your organisation">
      ${providers.map((p) => html`<li key=${p.id}><a class="provider-button" href=${p.startUrl}>${buttonWords(p)}</a></li>`)}
    </ul>`}
    ${passwordsOff && html`<p class="muted">Members sign in with their organisation's account. The password form below is for organisers.</p>`}
    ${providers.length > 0 && !passwordsOff && html`<p class="muted provider-or">Or sign in with your handle and password:</p>`}
  </div>`;
}
