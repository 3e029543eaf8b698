// Runs aimed at KPI targets: which targets the recommender can aim at, each described in words
// (the KPI's name, the scope's name, the target, the date), and the set's aimed figures in words.
// No DOM here (node tests import it).
import { formatDate, formatValue } from "./dashboard-kpis.js";

/** The KPIs the recommender can aim a run at (services/recommender/src/recommender/aims/kpis.py). */
export const AIMABLE_KPIS = ["SILO_INDEX_TEAMS", "SILO_INDEX_SITES", "CROSS_TEAM_BOND_SHARE", "ISOLATED_SHARE", "TEAM_BOUND_SHARE"];

/** The kinds of run that can be aimed. */
export const AIMABLE_KINDS = ["PURPOSE", "INTROS"];

/** What the choice needs: the targets, what their KPIs are called, and the names of teams, sites and passions. */
export const AIM_CHOICES = `query AimChoices {
  kpiDefinitions { name label unit }
  kpiTargets { id kpi scope { kind id } target by current }
  teams(first: 100) { edges { node { key name } } }
  sites(first: 100) { edges { node { key name } } }
  passions(first: 100, orderBy: NAME) { edges { node { slug name } } }
}`;

/** Names by key from an AIM_CHOICES result: { TEAM: {key: name}, SITE: {...}, PASSION: {...} }. */
export function scopeNames(data) {
  const table = (connection, key) => Object.fromEntries((connection?.edges || []).map(({ node }) => [node[key], node.name]));
  return { TEAM: table(data?.teams, "key"), SITE: table(data?.sites, "key"), PASSION: table(data?.passions, "slug") };
}

/** "the whole community", "the Platform team", "the Lyon site", "people who love Jazz". */
export function scopeInWords(scope, names) {
  const kind = String(scope?.kind || "COMMUNITY").toUpperCase();
  if (kind === "COMMUNITY") return "the whole community";
  const name = names?.[kind]?.[scope.id];
  if (kind === "TEAM") return name ? `the ${name} team` : "a team";
  if (kind === "SITE") return name ? `the ${name} site` : "a site";
  return name ? `people who love ${name}` : "people who share a passion";
}

function kpiOf(definitions, name) {
  const d = (definitions || []).find((k) => k.name === name);
  return { label: d?.label || "A KPI", unit: String(d?.unit || "index").toLowerCase() };
}

/**
 * The targets a run can be aimed at, each with its words:
 * [{ id, text: "Silo index (teams) of the whole community: 0.20 by 30 Jun 2031 (now -0.40)" }].
 */
export function aimableTargets(data) {
  const names = scopeNames(data);
  return (data?.kpiTargets || [])
    .filter((t) => AIMABLE_KPIS.includes(t.kpi))
    .map((t) => {
      const kpi = kpiOf(data.kpiDefinitions, t.kpi);
      const now = t.current === null || t.current === undefined ? "" : ` (now ${formatValue(kpi, t.current)})`;
      return { id: t.id, text: `${kpi.label} of ${scopeInWords(t.scope, names)}: ${formatValue(kpi, t.target)} by ${formatDate(t.by)}${now}` };
    });
}

/** How many targets the recommender can aim at that a community has, but of other KPIs. */
export function otherTargets(data) {
  return (data?.kpiTargets || []).filter((t) => !AIMABLE_KPIS.includes(t.kpi)).length;
}

/** A set's aimed figures (quality.aims) in words, one sentence each. */
export function aimsInWords(aims) {
  return (Array.isArray(aims) ? aims : []).map((a) => {
    const kpi = { unit: String(a.unit || "index").toLowerCase() };
    const scope = a.scopeKind === "community" ? "the whole community" : `${a.scopeKind === "team" ? "the team" : a.scopeKind === "site" ? "the site" : "people who love"} ${a.scopeName}`;
    const label = a.label || "An aimed KPI";
    return `${label} of ${scope}: ${formatValue(kpi, a.current)} now, ${formatValue(kpi, a.predicted)} if every proposal is accepted and its members get to know each other; the target is ${formatValue(kpi, a.target)}${a.by ? ` by ${formatDate(a.by)}` : ""}.`;
  });
}
