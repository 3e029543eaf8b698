// Identity providers, for organisers: the redirect URI to register, the providers people sign in
// with (add one, turn password sign-in off or on, remove one). The client secret is sent once and
// never shown again.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, Field, Loading, fieldError, useQuery } from "./ui.js";
import {
  CREATE_PROVIDER, EMPTY_FORM, PROVIDERS_QUERY, REMOVE_PROVIDER, UPDATE_PROVIDER, providerInput, providerSummary,
} from "./identity-providers-model.js";
import "./identity-providers.css";

function AddProvider({ client, onAdded }) {
  const [form, setForm] = useState(EMPTY_FORM);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name) => (value) => setForm({ ...form, [name]: value });
  const submit = async (e) => {
    e.preventDefault();
    const checked = providerInput(form);
    if (checked.error) return setError(checked.error);
    setBusy(true);
    setError(null);
    try {
      await client.request(CREATE_PROVIDER, { input: checked.input });
      setForm(EMPTY_FORM);
      onAdded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const known = ["name", "issuer", "clientId", "clientSecret", "allowedDomains", "teamsClaim"];
  return html`<form onSubmit=${submit} aria-labelledby="idp-add-title" novalidate>
    <h3 id="idp-add-title">Add an identity provider</h3>
    <${Field} id="idp-name" label="Button title" hint="Such as “Example Okta”: the button says “Sign in with Example Okta”."
      value=${form.name} error=${fieldError(error, "name")} onInput=${set("name")} />
    <${Field} id="idp-issuer" label="Issuer" type="url" hint="The provider's issuer address, starting with https://."
      value=${form.issuer} error=${fieldError(error, "issuer")} onInput=${set("issuer")} />
    <${Field} id="idp-client-id" label="Client id" value=${form.clientId} error=${fieldError(error, "clientId")} onInput=${set("clientId")} />
    <${Field} id="idp-client-secret" label="Client secret" type="password" autocomplete="off" hint="Stored sealed and never shown again."
      value=${form.clientSecret} error=${fieldError(error, "clientSecret")} onInput=${set("clientSecret")} />
    <${Field} id="idp-domains" label="E-mail domains whose people may join" hint="Separated by commas, such as example.org, staff.example.org."
      value=${form.domains} error=${fieldError(error, "allowedDomains")} onInput=${set("domains")} />
    <${Field} id="idp-teams-claim" label="Claim that lists teams (optional)" hint="Such as groups: the first group named like a team puts the member in it."
      value=${form.teamsClaim} error=${fieldError(error, "teamsClaim")} onInput=${set("teamsClaim")} />
    <div class="idp-choice">
      <input type="checkbox" id="idp-passwords" checked=${form.passwordSignIn} onChange=${(e) => set("passwordSignIn")(e.currentTarget.checked)} />
      <label for="idp-passwords">Members may still sign in with a password (organisers always may)</label>
    </div>
    <button type="submit" disabled=${busy}>${busy ? "Adding…" : "Add identity provider"}</button>
    ${error && !known.includes(error.field) && html`<${ErrorText} error=${error} />`}
  </form>`;
}

function Provider({ client, provider, onChanged }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const act = async (query, variables) => {
    setBusy(true);
    setError(null);
    try {
      await client.request(query, variables);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const passwords = () => act(UPDATE_PROVIDER, { id: provider.id, input: { passwordSignIn: !provider.passwordSignIn } });
  return html`<li>
    <h3>${provider.name}</h3>
    <p class="idp-issuer">Issuer: <code>${provider.issuer}</code></p>
    <p>${providerSummary(provider)}</p>
    ${confirming
      ? html`<div class="confirm" role="group" aria-label=${`Remove ${provider.name}?`}>
          <p>Remove ${provider.name}? Its button goes; the members who joined through it keep their accounts.</p>
          <button type="button" class="danger" disabled=${busy} onClick=${() => act(REMOVE_PROVIDER, { id: provider.id })}>Remove it</button>
          <button type="button" class="secondary" onClick=${() => setConfirming(false)}>Keep it</button>
        </div>`
      : html`<div>
          <button type="button" class="secondary" disabled=${busy} onClick=${passwords}>
            ${provider.passwordSignIn ? "Turn members' passwords off" : "Let members use passwords again"}</button>
          <button type="button" class="secondary" onClick=${() => setConfirming(true)} aria-label=${`Remove ${provider.name}`}>Remove</button>
        </div>`}
    <${ErrorText} error=${error} />
  </li>`;
}

export function IdentityProviderSettings({ client }) {
  const { data, error, loading, reload } = useQuery(client, PROVIDERS_QUERY, {}, []);
  const settings = data?.identityProviderSettings;
  return html`<section class="idp-box" aria-labelledby="idp-title">
    <h2 id="idp-title">Sign-in with your identity provider</h2>
    <p>Let people sign in with your organisation's account (Okta, Entra ID, Google Workspace, Keycloak or any OpenID Connect provider).
      Register Kindred at the provider as a web application with this redirect address:</p>
    ${settings && html`<p class="idp-redirect"><code>${settings.redirectUri}</code></p>`}
    <${ErrorText} error=${error} />
    ${loading && !data && html`<${Loading} what="Loading the identity providers" />`}
    ${settings && (settings.providers.length
      ? html`<ul class="idp-list" aria-label="Identity providers">${settings.providers.map((p) => html`<${Provider} key=${p.id} client=${client} provider=${p} onChanged=${reload} />`)}</ul>`
      : html`<p class="muted">No identity providers yet: everyone signs in with a password.</p>`)}
    <${AddProvider} client=${client} onAdded=${reload} />
  </section>`;
}
