// Organisers' page for the organisation's identity provider: sign-in through it (OpenID Connect)
// and provisioning from it (SCIM tokens).
import { html } from "./html.js";
import { OrganiserNav } from "./organiser.js";
import { IdentityProviderSettings } from "./identity-providers.js";
import { ProvisioningTokens } from "./provisioning-tokens.js";

export function IdentityPage({ client }) {
  return html`<section aria-labelledby="identity-title">
    <${OrganiserNav} />
    <h1 id="identity-title">Sign-in and provisioning</h1>
    <p>Let people sign in with the accounts your organisation already gives them, and let your identity provider create, update and remove members and teams.</p>
    <${IdentityProviderSettings} client=${client} />
    <${ProvisioningTokens} client=${client} />
  </section>`;
}
