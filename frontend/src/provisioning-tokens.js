// Provisioning tokens, for organisers (on the API tokens page): one per identity provider that
// creates, updates and deactivates members over SCIM. A new token is shown once.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, Field, Loading, MemberLink, fieldError, useQuery } from "./ui.js";
import { formatDay } from "./words.js";
import { CREATE_PROVISIONING_TOKEN, PROVISIONING_TOKENS, REVOKE_PROVISIONING_TOKEN, scimAddress } from "./provisioning-model.js";
import "./provisioning.css";

function TokenOnce({ created, onDone }) {
  return html`<div class="card provisioning-once" role="status">
    <p><strong>Copy the token for ${created.provisioningToken.name} now: it will not be shown again.</strong> Paste it in the identity provider as its secret token.</p>
    <label>Provisioning token <input readonly value=${created.token} onFocus=${(e) => e.currentTarget.select()} /></label>
    <button type="button" class="secondary" onClick=${onDone}>Done</button>
  </div>`;
}

export function ProvisioningTokens({ client }) {
  const { data, error, loading, reload } = useQuery(client, PROVISIONING_TOKENS, {}, []);
  const [name, setName] = useState("");
  const [created, setCreated] = useState(null);
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const create = async (e) => {
    e.preventDefault();
    setBusy(true);
    setFormError(null);
    setCreated(null);
    try {
      setCreated((await client.request(CREATE_PROVISIONING_TOKEN, { name })).createProvisioningToken);
      setName("");
      reload();
    } catch (err) {
      setFormError(err);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (token) => {
    setFormError(null);
    try {
      await client.request(REVOKE_PROVISIONING_TOKEN, { id: token.id });
      reload();
    } catch (err) {
      setFormError(err);
    }
  };
  const tokens = data?.provisioningTokens ?? [];
  return html`<section class="provisioning-box" aria-labelledby="provisioning-title">
    <h2 id="provisioning-title">Provisioning from your identity provider</h2>
    <p>Your identity provider (such as Okta or Microsoft Entra ID) can add members, keep their name, email and team up to date,
      and deactivate them when they leave. Give it this address and a token made here.</p>
    <p>Address: <code class="provisioning-address">${scimAddress(window.location.origin)}</code></p>
    <form onSubmit=${create}>
      <${Field} id="provisioning-name" label="Identity provider" autocomplete="off" value=${name}
        onInput=${setName} required error=${fieldError(formError, "name")} />
      <button type="submit" disabled=${busy}>${busy ? "Making the token…" : "Make a provisioning token"}</button>
    </form>
    ${created && html`<${TokenOnce} created=${created} onDone=${() => setCreated(null)} />`}
    <${ErrorText} error=${formError && !fieldError(formError, "name") ? formError : null} />
    <${ErrorText} error=${error} />
    ${loading && !data && html`<${Loading} what="Loading provisioning tokens" />`}
    ${data && (tokens.length === 0
      ? html`<p class="muted">No provisioning tokens yet.</p>`
      : html`<ul class="provisioning-list" aria-label="Provisioning tokens">${tokens.map((t) => html`<li>
          <strong>${t.name}</strong> · made ${formatDay(t.createdAt)}${t.createdBy && html` by <${MemberLink} member=${t.createdBy} />`}
          <button type="button" class="secondary" aria-label=${`Revoke the token for ${t.name}`} onClick=${() => revoke(t)}>Revoke</button>
        </li>`)}</ul>`)}
  </section>`;
}
