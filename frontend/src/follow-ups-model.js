// "Did you meet?" in words: what each open follow-up is about, since when, what an answer sends
// and what it recorded, and the notice of the pause three unanswered ones cause. No DOM and no
// Preact, so node's test runner can check it.
import { formatDay } from "./words.js";

export const FOLLOW_UPS_QUERY = `query MyFollowUps { myFollowUps { proposalId kind title groupName acceptedAt askedAt people { id handle name } }
  viewer { id proposalsPausedForFollowUps } }`;
export const ANSWER = `mutation AnswerFollowUp($proposalId: ID!, $met: Boolean!, $memberIds: [ID!]) {
  answerFollowUp(proposalId: $proposalId, met: $met, memberIds: $memberIds) { proposalId met { handle name } resumedProposals } }`;
export const RESUME = `mutation ResumeProposals { setMyRecommendationPause(until: null) { id proposalsPausedForFollowUps } }`;

/** The pause's notice (graph-api's mail says the same words). */
export const PAUSE_NOTICE =
  "We paused new proposals because three ‘did you meet?’ questions are unanswered. Answer one or resume now.";

/** "Bob", "Bob and Cyd", "Bob, Cyd and Dee". */
export function names(people) {
  const list = people.map((p) => p.name);
  return list.length <= 1 ? list.join("") : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
}

/** Whether the follow-up is about a group (the member ticks whom they met) or one person. */
export function isGroup(followUp) {
  return followUp.kind === "PURPOSE" && followUp.people.length > 1;
}

/** The question, in words. */
export function question(followUp) {
  if (followUp.kind === "INTROS") return `Did you meet ${names(followUp.people)}?`;
  return followUp.people.length > 1 ? "Did you meet anyone from the group?" : `Did you meet ${names(followUp.people)}?`;
}

/** "You accepted on 2 Nov 2026." */
export function since(followUp, { locale, timeZone } = {}) {
  return `You accepted on ${formatDay(followUp.acceptedAt, { locale, timeZone })}.`;
}

/**
 * The variables of answerFollowUp: "we did not meet", "we met" (an intro: the other person), or,
 * for a group, "we met" those ticked. `error` when a group's "we met" has nobody ticked.
 */
export function answerVariables(followUp, met, ticked = []) {
  if (!met) return { variables: { proposalId: followUp.proposalId, met: false } };
  if (!isGroup(followUp)) return { variables: { proposalId: followUp.proposalId, met: true } };
  const chosen = followUp.people.filter((p) => ticked.includes(p.id)).map((p) => p.id);
  if (!chosen.length) return { error: "Tick whom you met, or answer “We did not meet”." };
  return { variables: { proposalId: followUp.proposalId, met: true, memberIds: chosen } };
}

/** What an answer recorded, in words. */
export function answered(result) {
  const met = result.met || [];
  const said = met.length ? `Noted: you met ${names(met)}. Thank you!` : "Noted: you did not meet. Thank you!";
  return result.resumedProposals ? `${said} New proposals can come again.` : said;
}

/** The proposal a mail's link points at (#/proposals?followup=…), or null. */
export function focusedFollowUp(hash) {
  const query = String(hash || "").split("?", 2)[1] || "";
  return new URLSearchParams(query).get("followup");
}
