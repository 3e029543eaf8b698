// On the sign-in page: a button per identity provider (each leads to graph-api's /oidc/<id>/start),
// the trade of the one-time code a provider sign-in came back with for the usual session, and a
// refusal in plain words. Nothing here puts a Kindred token in the address. Its styles are in
// identity-providers.css (auth.js, which shows it, is loaded by node tests that cannot load CSS).
import { html } from "./html.js";
import { useEffect, useState } from "preact/hooks";
import { ErrorText, Loading, useQuery } from "./ui.js";
import { SIGN_IN_OPTIONS, SIGN_IN_WITH_PROVIDER, buttonWords, providerReturn, refusalWords } from "./sign-in-providers-model.js";

/** Drops the code or refusal from the address (it must not stay in the history). */
function cleanAddress() {
  history.replaceState(null, "", `${location.pathname}${location.search}#/sign-in`);
}

export function ProviderSignIn({ client, onSignedIn }) {
  const [back] = useState(() => providerReturn(location.hash));
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
