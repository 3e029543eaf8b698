// The organisers' settings for identity providers, without the page: the queries, the form turned
// into the API's input, and a provider in words.

const FIELDS = "id name issuer clientId allowedDomains teamsClaim passwordSignIn";
export const PROVIDERS_QUERY = `query IdentityProviders { identityProviderSettings { redirectUri providers { ${FIELDS} } } }`;
export const CREATE_PROVIDER = `mutation CreateIdentityProvider($input: CreateIdentityProviderInput!) {
  createIdentityProvider(input: $input) { ${FIELDS} } }`;
export const UPDATE_PROVIDER = `mutation UpdateIdentityProvider($id: ID!, $input: UpdateIdentityProviderInput!) {
  updateIdentityProvider(id: $id, input: $input) { ${FIELDS} } }`;
export const REMOVE_PROVIDER = `mutation RemoveIdentityProvider($id: ID!) { removeIdentityProvider(id: $id) }`;

export const EMPTY_FORM = { name: "", issuer: "", clientId: "", clientSecret: "", domains: "", teamsClaim: "", passwordSignIn: true };

/** "example.org, staff.example.org" (commas, spaces or lines) -> ["example.org", "staff.example.org"]. */
export function splitDomains(text) {
  return text.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean);
}

/** The form as the API's CreateIdentityProviderInput, or the first thing missing (shaped like an API error). */
export function providerInput(form) {
  const missing = (field, message) => ({ error: { message, code: "BAD_USER_INPUT", field } });
  if (!form.name.trim()) return missing("name", "Give the provider a name: its button says “Sign in with” that name.");
  if (!form.issuer.trim()) return missing("issuer", "Give the issuer's address, starting with https://.");
  if (!form.clientId.trim()) return missing("clientId", "Give the client id the provider gave Kindred.");
  if (!form.clientSecret) return missing("clientSecret", "Give the client secret the provider gave Kindred.");
  const domains = splitDomains(form.domains);
  if (!domains.length) return missing("allowedDomains", "Give at least one e-mail domain whose people may join, such as example.org.");
  return {
    input: {
      name: form.name.trim(), issuer: form.issuer.trim(), clientId: form.clientId.trim(), clientSecret: form.clientSecret,
      allowedDomains: domains, teamsClaim: form.teamsClaim.trim() || null, passwordSignIn: form.passwordSignIn,
    },
  };
}

/** One line about who may join through a provider, and how teams and passwords go. */
export function providerSummary(provider) {
  const domains = provider.allowedDomains.join(", ");
  const teams = provider.teamsClaim ? `teams from the “${provider.teamsClaim}” claim` : "teams set by hand";
  const passwords = provider.passwordSignIn ? "members may still use passwords" : "only organisers use passwords";
  return `People at ${domains} join on their first sign-in · ${teams} · ${passwords}.`;
}
