// Reviewing a proposal set before publishing: the recommender's quality figures in words, the
// figures of the groups as they stand (after removals), flags, sorting and filtering.
// No DOM and no Preact, so node's test runner can check it.

const SHARE = (v) => `${Math.round(v * 100)}%`;
const COUNT = (v) => String(Math.round(v));
const DECIMAL = (v) => v.toFixed(2);

/** The recommender's figures a person can read, in words (path into the quality JSON, label, format). */
const QUALITY_LABELS = [
  ["coverage", "Members placed in a group", SHARE],
  ["cohesion", "How much each group shares (0 to 1)", DECIMAL],
  ["bridgingTeams", "Pairs who work in different teams", SHARE],
  ["bridgingSites", "Pairs who work at different sites", SHARE],
  ["novelty", "Pairs who have no tie yet", SHARE],
  ["sizeViolations", "Groups of a size outside the limits", COUNT],
  ["repeatedPairs", "Pairs who meet in more than one group", COUNT],
  ["siloIndexBefore", "Silo index now (−1: every tie inside a team, +1: every tie across)", DECIMAL],
  ["siloIndexAfter", "Silo index if every group became ties", DECIMAL],
  ["extra.groupsWithOutsiders", "Groups with someone who shares no passion with most of it", COUNT],
  ["extra.groups_with_outsiders", "Groups with someone who shares no passion with most of it", COUNT],
];

/** [label, value] rows of the figures of `quality` that have words; unknown keys are left out. */
export function qualityInWords(quality) {
  const rows = [];
  for (const [path, label, format] of QUALITY_LABELS) {
    const value = path.split(".").reduce((v, key) => (v == null ? v : v[key]), quality);
    if (typeof value === "number" && Number.isFinite(value)) rows.push([label, format(value)]);
  }
  return rows;
}

/** The members a proposal's reason names as sharing no passion with most of the group. */
export function outsidersOf(proposal) {
  const keys = new Set(Array.isArray(proposal.reason?.outsiders) ? proposal.reason.outsiders : []);
  return proposal.members.filter((m) => keys.has(m.key));
}

/** Figures of the groups as they stand: groups, members, mean size, flagged groups, cross-team pairs. */
export function groupFigures(proposals) {
  const members = new Set();
  let pairs = 0;
  let acrossTeams = 0;
  for (const p of proposals) {
    p.members.forEach((m) => members.add(m.key));
    for (let i = 0; i < p.members.length; i++) {
      for (let j = i + 1; j < p.members.length; j++) {
        pairs++;
        const a = p.members[i].team?.name;
        const b = p.members[j].team?.name;
        if (!a || !b || a !== b) acrossTeams++;
      }
    }
  }
  const sizes = proposals.map((p) => p.members.length);
  return {
    groups: proposals.length,
    members: members.size,
    meanSize: sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : 0,
    flagged: proposals.filter((p) => outsidersOf(p).length > 0).length,
    acrossTeams: pairs ? acrossTeams / pairs : 0,
  };
}

export const SORTS = {
  proposed: "As proposed",
  flagged: "Flagged first",
  largest: "Largest first",
  title: "By title",
};

/** The proposals matching `text` (title, reason or a member's name), in the order `sort` names. */
export function reviewOrder(proposals, { sort = "proposed", text = "" } = {}) {
  const words = text.trim().toLowerCase();
  const shown = words
    ? proposals.filter((p) => [p.title, p.reasonText, ...p.members.map((m) => m.name)].some((s) => (s || "").toLowerCase().includes(words)))
    : [...proposals];
  if (sort === "flagged") shown.sort((a, b) => outsidersOf(b).length - outsidersOf(a).length);
  else if (sort === "largest") shown.sort((a, b) => b.members.length - a.members.length);
  else if (sort === "title") shown.sort((a, b) => (a.title || "").localeCompare(b.title || ""));
  return shown;
}
