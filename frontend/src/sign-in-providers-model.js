// The sign-in page's part for identity providers, without the page: what the address says when
// graph-api's /oidc/callback sent the browser back, and each refusal in plain words.

export const SIGN_IN_OPTIONS = `query SignInOptions { signInOptions { passwordSignIn providers { id name startUrl } } }`;
export const PROVIDER_INVITATION = `query ProviderInvitation($code: String!) { providerInvitation(code: $code) { name handle } }`;
export const SIGN_IN_WITH_PROVIDER = `mutation SignInWithProvider($code: String!) {
  signInWithProvider(code: $code) { accessToken expiresAt member { handle name role } } }`;

/** What graph-api's accounts/oidc/refusals.py codes mean, for the person signing in. */
export const REFUSALS = {
  UNKNOWN_PROVIDER: "That sign-in button no longer works: an organiser has removed it. Reload the page and try again.",
  PROVIDER_UNREACHABLE: "Your organisation's sign-in service did not answer as expected. Try again in a moment; if it keeps happening, tell an organiser.",
  PROVIDER_REFUSED: "Your organisation's sign-in service did not let the sign-in through. Try again; if it keeps happening, tell an organiser.",
  SIGN_IN_EXPIRED: "The sign-in took too long or was started in another browser. Press the button again.",
  ID_TOKEN_INVALID: "Kindred could not confirm who signed in: the answer did not come from your organisation's sign-in service as configured. Tell an organiser.",
  EMAIL_MISSING: "Your organisation's sign-in service did not tell Kindred your e-mail address. Ask an organiser to let it share your address.",
  EMAIL_UNVERIFIED: "Your organisation's sign-in service says your e-mail address is not confirmed yet. Confirm it there, then try again.",
  DOMAIN_NOT_ALLOWED: "People with an e-mail address at that domain cannot join here through this sign-in. Ask an organiser to invite you, or sign in with your work account.",
  ACCOUNT_EXISTS: "A member with your e-mail address already has an account here. Sign in with your password, or ask an organiser for help.",
  NO_HANDLE: "Kindred could not choose a handle for you. Ask an organiser to invite you.",
};

const FALLBACK = "The sign-in through your organisation did not work. Try again, or tell an organiser.";

/** A refusal code in plain words (an unknown one too). */
export function refusalWords(code) {
  return Object.hasOwn(REFUSALS, code) ? REFUSALS[code] : FALLBACK;
}

/** What the callback left in the address: `{ code }` to trade for tokens, `{ join }` (an invited
 * newcomer, who confirms first), `{ refused }`, or null. */
export function providerReturn(hash) {
  const query = new URLSearchParams((hash || "").split("?")[1] || "");
  const code = query.get("code");
  if (code) return { code };
  const join = query.get("join");
  if (join) return { join };
  const refused = query.get("refused");
  if (refused) return { refused };
  return null;
}

/** The words of a provider's button. */
export function buttonWords(provider) {
  return `Sign in with ${provider.name}`;
}
