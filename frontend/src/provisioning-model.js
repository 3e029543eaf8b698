// Plain logic for provisioning (SCIM) in the web app: the address identity providers send to,
// what a token's line says, and what the members page says about a provisioned member.

export const PROVISIONING_TOKENS = `query ProvisioningTokens { provisioningTokens { id name createdAt createdBy { handle name } } }`;
export const CREATE_PROVISIONING_TOKEN = `mutation CreateProvisioningToken($name: String!) {
  createProvisioningToken(name: $name) { token provisioningToken { id name } } }`;
export const REVOKE_PROVISIONING_TOKEN = `mutation RevokeProvisioningToken($id: ID!) { revokeProvisioningToken(id: $id) }`;

/** The SCIM address an identity provider is given: this site's own address and /scim/v2. */
export function scimAddress(origin) {
  return `${String(origin || "").replace(/\/+$/, "")}/scim/v2`;
}

/** Why a provisioned member's name, e-mail and team cannot be changed here, in plain words. */
export function managedReason(member) {
  const who = member?.name || "This member";
  return `${who} is managed by your organisation's identity provider: their name, email and team come from there. ` +
    "Change them in the identity provider; the change reaches Kindred at its next update.";
}

/** The value a read-only field shows: the value, or a word for none. */
export function shownValue(value, none = "none") {
  const text = String(value ?? "").trim();
  return text || none;
}
