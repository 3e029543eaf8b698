// The recommender service: where it is (from /config.js, which graph-api serves) and how to ask
// it for fresh proposals with the signed-in user's own token.
import { GraphQLClient } from "./gql.js";

const PROPOSE = `mutation Propose($kind: ProposalKind!, $parameters: ProposeInput) { propose(kind: $kind, parameters: $parameters) {
  proposalSetId groupingCount memberCount notes quality { cohesion bridgingTeams bridgingSites novelty coverage
    aims { targetId kpi label scopeKind scopeName current predicted target by unit } } } }`;

/** The recommender's GraphQL URL, or null when this deployment has none configured. */
export function recommenderUrl() {
  return globalThis.window?.KINDRED_CONFIG?.recommenderUrl || globalThis.window?.KINDRED_RECOMMENDER_URL || null;
}

/**
 * Run the recommender: `kind` is PURPOSE, INTROS, SKILLS or EVENTS; `parameters` a ProposeInput.
 * Returns the ProposeResult (its proposalSetId names the stored draft set).
 */
export async function propose(client, kind, parameters) {
  const url = recommenderUrl();
  if (!url) throw new Error("No recommender is configured for this site.");
  // A cheap graph-api request first: it refreshes an expired access token before the
  // recommender forwards it.
  await client.request("query Fresh { viewer { handle } }");
  const recommender = new GraphQLClient({ url, parent: client });
  const data = await recommender.request(PROPOSE, { kind, parameters });
  return data.propose;
}
