// The dashboard's plain logic: where each KPI's value is and how to read it, formatting, trends,
// which target to show, scopes, and parsing the target form. No DOM here (node tests import it).

/**
 * What the web app itself knows about each KPI of graph-api's KpiName enum: where the
 * communityHealth report holds its value now, and the counts behind it in words. What a KPI
 * is (its label, plain-language description, unit, whether higher is better, its range)
 * comes from the API's kpiDefinitions (graph-api's kpis/targets.py): see kpisFrom.
 */
const READERS = {
  SILO_INDEX_TEAMS: {
    read: (h) => h.siloByTeam.ei,
    detail: (h) => `${h.siloByTeam.external} ties between teams, ${h.siloByTeam.internal} inside one`,
  },
  SILO_INDEX_SITES: {
    read: (h) => h.siloBySite.ei,
    detail: (h) => `${h.siloBySite.external} ties between sites, ${h.siloBySite.internal} inside one`,
  },
  MODULARITY_TEAMS: { read: (h) => h.modularity.byTeam },
  MODULARITY_SITES: { read: (h) => h.modularity.bySite },
  MODULARITY_PURPOSE: { read: (h) => h.modularity.byPurpose },
  CROSS_TEAM_BOND_SHARE: {
    read: (h) => h.crossSilo.share,
    detail: (h) => `${h.crossSilo.crossTeam} of ${h.crossSilo.ties} ties`,
  },
  CROSS_TEAM_BOND_SHARE_30D: {
    read: (h) => h.crossSilo.share30d,
    detail: (h) => `${h.crossSilo.crossTeam30d} of ${h.crossSilo.ties30d} new ties`,
  },
  CROSS_TEAM_BOND_SHARE_90D: {
    read: (h) => h.crossSilo.share90d,
    detail: (h) => `${h.crossSilo.crossTeam90d} of ${h.crossSilo.ties90d} new ties`,
  },
  PURPOSE_COVERAGE: {
    read: (h) => h.purpose.share,
    detail: (h) => `${h.purpose.inGroup} of ${h.purpose.members} members`,
  },
  ISOLATED_SHARE: {
    read: (h) => h.isolation.isolatedShare,
    detail: (h) => `${h.isolation.isolated} of ${h.isolation.members} members`,
  },
  TEAM_BOUND_SHARE: {
    read: (h) => h.isolation.teamBoundShare,
    detail: (h) => `${h.isolation.teamBound} of ${h.isolation.withTeam} members with a team`,
  },
  NEEDS_OFFERED_SHARE: {
    read: (h) => h.needs.offeredShare,
    detail: (h) => `${h.needs.offered} of ${h.needs.needs} needs`,
  },
  NEEDS_MATCHED_SHARE: {
    read: (h) => h.needs.matchedShare,
    detail: (h) => `${h.needs.matched} of ${h.needs.needs} needs`,
  },
  CONFIRMED_BOND_SHARE: {
    read: (h) => h.trust.confirmedShare,
    detail: (h) => `${h.trust.confirmed} of ${h.trust.bonds} bonds`,
  },
  MENTOR_BOND_SHARE: {
    read: (h) => h.trust.mentorShare,
    detail: (h) => `${h.trust.mentor} of ${h.trust.bonds} bonds`,
  },
  ACCEPTANCE_RATE: {
    read: (h) => everyKind(h)?.rate ?? null,
    detail: (h) => { const r = everyKind(h); return r ? `${r.accepted} accepted, ${r.declined} declined` : null; },
  },
  PROPOSAL_CONVERSION: {
    read: (h) => conversionOf(h, "*")?.rate ?? null,
    detail: (h) => conversionDetail(h),
  },
  ACTIVE_SHARE: {
    read: (h) => h.engagement.activeShare,
    detail: (h) => `${h.engagement.active} of ${h.engagement.members} members`,
  },
};

function conversionOf(health, kind) {
  return (health.proposalConversion || []).find((r) => r.kind === kind) || null;
}

/** "2 of 4 accepted intros and groups met (introductions 1 of 2, purpose groups 1 of 2); 3 answered whether they met." */
export function conversionDetail(health) {
  const all = conversionOf(health, "*");
  if (!all) return null;
  if (!all.accepted) return "No accepted introduction or group has been asked “did you meet?” yet.";
  const part = (kind, words) => { const r = conversionOf(health, kind); return r && r.accepted ? `${words} ${r.met} of ${r.accepted}` : null; };
  const parts = [part("intros", "introductions"), part("purpose", "purpose groups")].filter(Boolean);
  return `${all.met} of ${all.accepted} accepted intros and groups met (${parts.join(", ")}); ${all.answered} answered whether they met.`;
}

function everyKind(health) {
  return (health.engagement?.proposals || []).find((r) => r.kind === "*") || null;
}

/** Every KPI name the dashboard can read a value for (the API's KpiName values). */
export const KPI_NAMES = Object.keys(READERS);

/** The fields of kpiDefinitions that kpisFrom needs. */
export const KPI_DEFINITION_FIELDS = "name label description unit higherIsBetter low high";

/**
 * The dashboard's KPIs from the API's kpiDefinitions, in the API's order: each definition
 * with `definition` (its plain-language description), `unit` ("share" or "index") and how
 * to read its value. A KPI the web app cannot read yet is left out.
 */
export function kpisFrom(definitions) {
  return (definitions || [])
    .filter((d) => READERS[d.name])
    .map((d) => ({
      name: d.name,
      label: d.label,
      definition: d.description,
      unit: String(d.unit).toLowerCase(),
      higherIsBetter: d.higherIsBetter,
      low: d.low,
      high: d.high,
      ...READERS[d.name],
    }));
}

/** KPIs by name. */
export function kpisByName(kpis) {
  return Object.fromEntries((kpis || []).map((k) => [k.name, k]));
}

/** The KPIs shown as cards with their own chart; the rest go in the details table. */
export const HEADLINE = ["SILO_INDEX_TEAMS", "CROSS_TEAM_BOND_SHARE", "PURPOSE_COVERAGE", "ISOLATED_SHARE", "ACTIVE_SHARE"];

/** The fields of communityHealth every KPI's `read` and `detail` need. */
export const HEALTH_FIELDS = `asOf members ties
  siloByTeam { ei internal external } siloBySite { ei internal external }
  modularity { byTeam bySite byPurpose }
  crossSilo { ties crossTeam share ties30d crossTeam30d share30d ties90d crossTeam90d share90d }
  purpose { members inGroup share }
  isolation { members isolated isolatedShare withTeam teamBound teamBoundShare }
  needs { needs offered offeredShare matched matchedShare }
  trust { bonds confirmed confirmedShare mentor mentorShare }
  engagement { members active activeShare proposals { kind accepted declined rate } }
  proposalConversion { kind accepted answered met rate }`;

/** The value of one KPI in a communityHealth result (null: not measurable). */
export function kpiValue(kpi, health) {
  if (!health) return null;
  const value = kpi.read(health);
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The counts behind a KPI's value, in words, or null. */
export function kpiDetail(kpi, health) {
  if (!health || !kpi.detail) return null;
  try {
    return kpi.detail(health);
  } catch {
    return null;
  }
}

// Formatting -------------------------------------------------------------------------------------

function trimmed(number, digits) {
  return number.toFixed(digits).replace(/\.?0+$/, "").replace(/^-0$/, "0");
}

/** A KPI value for people: shares as percentages ("34.5%"), indices to two decimals ("-0.42"). */
export function formatValue(kpi, value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "not measurable";
  if (kpi.unit === "share") return `${trimmed(value * 100, 1)}%`;
  return value.toFixed(2).replace(/^-0\.00$/, "0.00");
}

/** A change of a KPI: "+3.2 points" for shares (percentage points), "-0.05" for indices. */
export function formatDelta(kpi, delta) {
  if (kpi.unit === "share") {
    const points = trimmed(Math.abs(delta) * 100, 1);
    if (points === "0") return "no change";
    return `${delta > 0 ? "+" : "-"}${points} point${points === "1" ? "" : "s"}`;
  }
  const text = Math.abs(delta).toFixed(2);
  if (text === "0.00") return "no change";
  return `${delta > 0 ? "+" : "-"}${text}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-05-12" -> "12 May 2026" (or "12 May" without the year). */
export function formatDate(iso, { year = true } = {}) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  if (!m) return iso || "";
  const text = `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}`;
  return year ? `${text} ${m[1]}` : text;
}

// Dates ------------------------------------------------------------------------------------------

/** Today in UTC as YYYY-MM-DD (the API's days are UTC). */
export function todayUtc(now = new Date()) {
  return now.toISOString().slice(0, 10);
}

/** An ISO date moved by `days` (negative: back). */
export function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Days from one ISO date to another. */
export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

export const PERIODS = [
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
  { days: 365, label: "Last 12 months" },
  { days: 1825, label: "Last 5 years" },
];

// Trends -----------------------------------------------------------------------------------------

/**
 * How a KPI moved since the previous snapshot: the last snapshot with a value taken before
 * `asOf` (the day the current value is for). Null when there is no such snapshot or no
 * current value. `better` says whether the move is in the KPI's good direction (null: flat).
 */
export function trendOf(kpi, current, points, asOf) {
  if (current === null || current === undefined) return null;
  const earlier = (points || []).filter((p) => p.at < asOf && typeof p.value === "number");
  if (!earlier.length) return null;
  const previous = earlier[earlier.length - 1];
  const delta = current - previous.value;
  const flat = formatDelta(kpi, delta) === "no change";
  return {
    previous,
    delta,
    direction: flat ? "flat" : delta > 0 ? "up" : "down",
    better: flat ? null : (delta > 0) === kpi.higherIsBetter,
  };
}

/** A trend in words: "up 3.2 points since 12 May 2026 (better)". */
export function describeTrend(kpi, trend) {
  if (!trend) return "No earlier figure to compare with.";
  const since = `since ${formatDate(trend.previous.at)}`;
  if (trend.direction === "flat") return `No change ${since}.`;
  const amount = formatDelta(kpi, trend.delta).replace(/^[+-]/, "");
  return `${trend.direction === "up" ? "Up" : "Down"} ${amount} ${since} (${trend.better ? "better" : "worse"}).`;
}

/**
 * A trend as an arrow and its meaning in words (the arrow's accessible name):
 * { symbol: "↑" | "↓" | "→", key: "better" | "worse" | "flat", label: "Up: better" }.
 */
export function trendArrow(trend) {
  if (!trend) return null;
  if (trend.direction === "flat") return { symbol: "→", key: "flat", label: "No change" };
  const way = trend.direction === "up" ? "Up" : "Down";
  return { symbol: trend.direction === "up" ? "↑" : "↓", key: trend.better ? "better" : "worse", label: `${way}: ${trend.better ? "better" : "worse"}` };
}

/** "Higher is better." or "Lower is better.", unless the KPI's own description already says which way is good. */
export function directionNote(kpi) {
  if (/\b(is better|is good)\b/i.test(kpi.definition || "")) return "";
  return kpi.higherIsBetter ? "Higher is better." : "Lower is better.";
}

/** Whether a value is the best a KPI can take (no isolated member, every tie across teams). */
function atBest(kpi, value) {
  const best = kpi.higherIsBetter ? kpi.high : kpi.low;
  return typeof best === "number" && Math.abs(value - best) < 1e-9;
}

/**
 * How a KPI is doing, as { key: "good" | "watch" | "bad", word, reason }, or null when there
 * is nothing to judge it by yet (no value, or neither a measurable target nor a trend).
 * With a target: met or on track is good; behind the plan but getting better is watch;
 * behind and not getting better is bad. Without one, the trend in the KPI's better
 * direction: getting better is good, no change is watch (good at the best possible value),
 * getting worse is bad.
 */
export function kpiStatus(kpi, value, target, trend) {
  if (value === null || value === undefined) return null;
  const mark = (key, reason) => ({ key, word: key === "good" ? "Good" : key === "watch" ? "Watch" : "Bad", reason });
  if (target && targetStatus(target).key !== "unknown") {
    if (target.met) return mark("good", "target met");
    if (target.onTrack) return mark("good", "on track for the target");
    if (trend?.better) return mark("watch", "behind the plan for the target, but getting better");
    if (trend?.better === false) return mark("bad", "behind the plan for the target and getting worse");
    return mark("bad", "behind the plan for the target");
  }
  if (!trend) return null;
  if (trend.better) return mark("good", "getting better");
  if (trend.better === false) return mark("bad", "getting worse");
  return atBest(kpi, value) ? mark("good", "as good as it can be") : mark("watch", "no change");
}

// Snapshots --------------------------------------------------------------------------------------

/** The days with a snapshot in a history result (each KPI's series by name), sorted. */
export function snapshotDays(history) {
  const days = new Set();
  for (const points of Object.values(history || {})) for (const p of points || []) days.add(p.at);
  return [...days].sort();
}

/**
 * The page's one sentence while no KPI can have a trend (no snapshot before `asOf`, the
 * report's day), or null once one can. Null while the history is not loaded.
 */
export function firstDayNote(history, asOf) {
  if (!history || !asOf) return null;
  const days = snapshotDays(history);
  if (days.some((day) => day < asOf)) return null;
  const rest = "Trends start after the second snapshot: Kindred records the figures once a day, " +
    "then each KPI shows whether it is getting better or worse.";
  return days.length ? rest : `No snapshot recorded yet. ${rest}`;
}

// Plain words ------------------------------------------------------------------------------------

/**
 * The terms of the dashboard a community manager may not know, each in one line: the silo
 * index and modularity (their better direction from the API's definitions), and the marks.
 */
export function glossary(byName) {
  const way = (name, fallback) => (byName?.[name] ? (byName[name].higherIsBetter ? "higher" : "lower") : fallback);
  const silo = way("SILO_INDEX_TEAMS", "higher");
  const teams = way("MODULARITY_TEAMS", "lower");
  const purpose = way("MODULARITY_PURPOSE", "higher");
  const groups = teams === purpose
    ? `${teams} is better`
    : `${teams} is better for teams and sites, ${purpose} for purpose groups`;
  return [
    {
      term: "Silo index",
      text: `whether people's ties stay inside their own team or site (−1: silos) or reach other ones (+1): ${silo} is better.`,
    },
    {
      term: "Modularity (the clustering KPIs)",
      text: `how much ties bunch up inside groups, from −0.5 to 1: ${groups}.`,
    },
    {
      term: "Good, watch, bad",
      text: "each KPI against its target when it has one (on track, behind but getting better, behind), " +
        "else against its better direction (getting better, no change, getting worse).",
    },
  ];
}

// Targets ----------------------------------------------------------------------------------------

/**
 * The target to show beside a KPI: of its targets, the one due soonest that is not past
 * (due today or later), else the one that fell due last. Null without targets.
 */
export function primaryTarget(targets, kpiName, asOf) {
  const mine = (targets || []).filter((t) => t.kpi === kpiName);
  if (!mine.length) return null;
  const upcoming = mine.filter((t) => t.by >= asOf).sort((a, b) => (a.by < b.by ? -1 : a.by > b.by ? 1 : 0));
  if (upcoming.length) return upcoming[0];
  return [...mine].sort((a, b) => (a.by < b.by ? 1 : a.by > b.by ? -1 : 0))[0];
}

/** A target's status: { key, text } with key one of met, on-track, off-track, unknown. */
export function targetStatus(target) {
  if (!target || target.current === null || target.current === undefined || target.onTrack === null) {
    return { key: "unknown", text: "Not measurable yet" };
  }
  if (target.met) return { key: "met", text: "Target met" };
  if (target.onTrack) return { key: "on-track", text: "On track" };
  return { key: "off-track", text: "Off track" };
}

/** Progress from the baseline to the target as a whole percentage clamped to 0..100 (null: unknown). */
export function progressPercent(target) {
  if (!target || typeof target.progress !== "number" || !Number.isFinite(target.progress)) return null;
  return Math.round(Math.min(Math.max(target.progress, 0), 1) * 100);
}

/**
 * The target form's value as the API wants it: shares are typed as percentages ("40" or
 * "40 %" -> 0.4), indices as they are ("-0.2"); a comma works as the decimal point.
 * Returns { value } or { error } in plain words.
 */
export function parseTargetInput(kpi, text) {
  const raw = String(text ?? "").trim().replace(/\s*%$/, "").replace(",", ".");
  if (!raw) return { error: "Give the value the KPI should reach." };
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw)) return { error: `“${text}” is not a number.` };
  const number = Number(raw);
  if (kpi.unit === "share") {
    if (number < 0 || number > 100) return { error: `${kpi.label} is a percentage: give a value from 0 to 100.` };
    return { value: Math.round(number * 1000) / 100000 };
  }
  if (number < kpi.low || number > kpi.high) {
    return { error: `${kpi.label} goes from ${kpi.low} to ${kpi.high}: give a value in that range.` };
  }
  return { value: number };
}

/** What the target field's label says about its unit. */
export function targetHint(kpi) {
  return kpi.unit === "share" ? "a percentage, 0 to 100" : `from ${kpi.low} to ${kpi.high}`;
}

// Scopes -----------------------------------------------------------------------------------------

/** A scope picker value ("COMMUNITY", "TEAM:<id>", "SITE:<id>") as a HealthScopeInput. */
export function parseScope(value) {
  const m = /^(TEAM|SITE):(.+)$/.exec(value || "");
  return m ? { kind: m[1], id: m[2] } : { kind: "COMMUNITY" };
}

/** A HealthScopeInput as a scope picker value. */
export function scopeValue(scope) {
  return !scope || scope.kind === "COMMUNITY" || !scope.id ? "COMMUNITY" : `${scope.kind}:${scope.id}`;
}

// History ----------------------------------------------------------------------------------------

/** One request for the history of every KPI in `names` (aliased by name). */
export function historyQuery(names) {
  const fields = names
    .map((name) => `${name}: communityHealthHistory(kpi: ${name}, from: $from, to: $to, scope: $scope) { at value }`)
    .join("\n  ");
  return `query DashboardHistory($from: Date!, $to: Date!, $scope: HealthScopeInput) {\n  ${fields}\n}`;
}
