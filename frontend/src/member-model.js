// What a member's next steps are, in data: the welcome's steps, where one stands with another
// member (bonds), and who of a group has answered. No DOM and no Preact, so node's test runner can check it.

/** The localStorage key that remembers a member closed the welcome. */
export const WELCOME_CLOSED_KEY = "kindred.welcome.closed";

/** The three first steps, each with whether it is done: add passions, write a vision, see who shares them. */
export function welcomeSteps(member) {
  const hasPassions = (member?.passions?.length ?? 0) > 0;
  const hasVision = Boolean(member?.vision?.trim());
  return [
    { id: "passions", label: "Add your passions", done: hasPassions },
    { id: "vision", label: "Write your vision", done: hasVision },
    { id: "shared", label: "See who shares your passions", done: false },
  ];
}

/** A first-time member: no passions or no vision yet, and the welcome not closed. */
export function isFirstTime(member, closed = false) {
  if (!member || closed) return false;
  const [passions, vision] = welcomeSteps(member);
  return !(passions.done && vision.done);
}

/** Where the page lists who shares one's passions: the strongest one's page (its members), or the
 * passions directory while one has none. */
export function sharedPassionsLink(member) {
  const strongest = member?.passions?.[0]?.passion;
  return strongest ? `#/passion/${encodeURIComponent(strongest.slug)}` : "#/passions";
}

/** How to say a bond's kind, after "You know them as": "We have met", "a colleague", ... */
export const BOND_KINDS = [
  { value: "MET", label: "We have met" },
  { value: "COLLEAGUE", label: "Colleague" },
  { value: "COLLABORATED", label: "We worked together" },
  { value: "MENTOR", label: "Mentor" },
  { value: "FRIEND", label: "Friend" },
];

export function bondKindLabel(kind) {
  return BOND_KINDS.find((k) => k.value === kind)?.label ?? String(kind ?? "").toLowerCase();
}

/**
 * Where the viewer stands with the member `handle`: "bonded" (a confirmed bond), "asked" (the
 * viewer asked, waiting for them), "asking" (they asked the viewer) or "none"; with the bond's kind.
 * `bonds` are the viewer's bonds, `requests` their myBondRequests.
 */
export function bondWith(handle, bonds, requests) {
  const bond = (bonds ?? []).find((b) => b.other?.handle === handle);
  if (bond) return { state: "bonded", kind: bond.kind };
  const asked = (requests?.outgoing ?? []).find((r) => r.other?.handle === handle);
  if (asked) return { state: "asked", kind: asked.kind };
  const asking = (requests?.incoming ?? []).find((r) => r.other?.handle === handle);
  if (asking) return { state: "asking", kind: asking.kind };
  return { state: "none", kind: null };
}

/** A group's answers sorted into who is in, who is still deciding and who declined, the viewer
 * left out; null when the API does not show the answers to this viewer. */
export function groupAnswers(responses, viewerHandle) {
  if (!responses) return null;
  const groups = { accepted: [], deciding: [], declined: [] };
  const into = { ACCEPTED: groups.accepted, PENDING: groups.deciding, DECLINED: groups.declined };
  for (const answer of responses) {
    if (!answer.member || answer.member.handle === viewerHandle) continue;
    into[answer.response]?.push(answer.member);
  }
  return groups;
}
