// What a published proposal set changed, in words: the plain logic of the effect page and of the
// dashboard's "target, action, result" lists. No DOM here (node tests import it).
import { formatDate, formatDelta, formatValue } from "./dashboard-kpis.js";
import { SET_KINDS, plural } from "./words.js";

/** The fields of ProposalSetEffect the page and the dashboard read. */
export const EFFECT_FIELDS = `publishedOn asOf accepted others comparable tooFew summary
  aims { targetId kpi label scopeName target predicted measurable }
  windows { kind days startsOn endsOn over
    accepted { members newTies newCrossTeamTies newTiesPerMember newCrossTeamTiesPerMember
      kpis { targetId kpi label measurable members before after change note } }
    others { members newTies newCrossTeamTies newTiesPerMember newCrossTeamTiesPerMember
      kpis { targetId kpi label measurable members before after change note } } }`;

/** What the comparison is and is not, said once on every page that shows one. */
export const CAVEAT =
  "This compares the people who chose to accept with the people who did not: it is not a controlled experiment. " +
  "People who accept may already be keener to meet others, so a difference is a hint, not a proof. " +
  "Ties that existed before the run was published never count.";

/** The KPI to format a figure with: its definition, or a share-like fallback named by its label. */
export function kpiFor(byName, name, label) {
  return byName?.[name] ?? { name, label: label ?? "This figure", unit: "share", higherIsBetter: true };
}

/** "1.2" (one decimal), or "none to count" when the group is empty. */
export function perMember(value) {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(1) : "none to count";
}

/** A window's heading: "So far", "First 30 days", "First 90 days". */
export function windowName(window) {
  return window.days ? `First ${window.days} days` : "So far";
}

/** A window's span in words, and that it is not over when it is not. */
export function windowSpan(window) {
  const span = `${formatDate(window.startsOn)} to ${formatDate(window.endsOn)}`;
  return window.over ? span : `not over yet: it ends on ${formatDate(window.endsOn)}`;
}

/** The longest window that is over ("so far" while neither 30 nor 90 days are). */
export function latestWindow(effect) {
  const done = (effect?.windows || []).filter((w) => w.over && w.days);
  if (done.length) return done.reduce((a, b) => (b.days > a.days ? b : a));
  return (effect?.windows || [])[0] ?? null;
}

/** An aimed KPI's change within one group, in words. */
export function kpiChangeText(kpi, change) {
  if (!change) return "not measured";
  if (!change.measurable) return change.note || "Not measurable per group.";
  if (change.before === null || change.after === null) {
    return change.members ? "nothing to measure yet in this group (no ties to count)" : "nobody in this group is in the target's scope";
  }
  const delta = formatDelta(kpi, change.change ?? change.after - change.before);
  const verdict = delta === "no change" ? "" : (change.change > 0) === kpi.higherIsBetter ? ", better" : ", worse";
  return `from ${formatValue(kpi, change.before)} to ${formatValue(kpi, change.after)} (${delta}${verdict})`;
}

/** An aim in words: "Cross-team ties of the Finance team, target 30%". */
export function aimText(kpi, aim) {
  const scope = aim.scopeName === "the whole community" ? "in the whole community" : `of ${aim.scopeName}`;
  return `${kpi.label} ${scope}, target ${formatValue(kpi, aim.target)}`;
}

/** What the run predicted for an aim, or null when it predicted nothing. */
export function predictedText(kpi, aim) {
  if (typeof aim?.predicted !== "number") return null;
  return `The run predicted ${formatValue(kpi, aim.predicted)} if every proposal were accepted.`;
}

/** A run as an action: "Introductions published on 3 Mar 2026, to 29 people". */
export function runHeadline(run) {
  const kind = SET_KINDS[run.kind] ?? "Proposals";
  return `${kind} published on ${formatDate(run.publishedOn)}, to ${plural(run.members, "person", "people")}`;
}

/**
 * A run's result for one target in words: the aimed KPI within each group over the longest
 * finished window, then the comparison of new ties (the API's summary, which ends with the
 * small-group warning when there is one).
 */
export function runResult(run, targetId, kpi) {
  const effect = run.effect;
  const window = latestWindow(effect);
  const parts = [];
  if (window?.accepted && window?.others) {
    const mine = (group) => group.kpis.find((k) => k.targetId === targetId);
    const accepted = mine(window.accepted);
    const others = mine(window.others);
    if (accepted && accepted.measurable) {
      parts.push(`${windowName(window)}: ${kpi.label.toLowerCase()} among those who accepted ${kpiChangeText(kpi, accepted)}; ` +
        `among those who did not, ${kpiChangeText(kpi, others)}.`);
    } else if (accepted) {
      parts.push(`${kpi.label}: ${accepted.note || "not measurable per group."}`);
    }
  }
  parts.push(predictedText(kpi, (effect?.aims || []).find((a) => a.targetId === targetId)));
  parts.push(run.summary ?? effect?.summary ?? "");
  return parts.filter(Boolean).join(" ");
}

/** The rows of one window's table: a label and the two groups' cells. */
export function windowRows(window, aims, byName) {
  if (!window.accepted || !window.others) return [];
  const a = window.accepted;
  const o = window.others;
  const rows = [
    { label: "People", accepted: String(a.members), others: String(o.members) },
    { label: "New ties per person", accepted: perMember(a.newTiesPerMember), others: perMember(o.newTiesPerMember) },
    { label: "New ties across teams per person", accepted: perMember(a.newCrossTeamTiesPerMember), others: perMember(o.newCrossTeamTiesPerMember) },
  ];
  for (const aim of aims || []) {
    const kpi = kpiFor(byName, aim.kpi, aim.label);
    const find = (group) => group.kpis.find((k) => k.targetId === aim.targetId);
    const cell = (change) => (change && change.measurable ? `${kpiChangeText(kpi, change)} · ${plural(change.members, "person", "people")}` : kpiChangeText(kpi, change));
    const predicted = typeof aim.predicted === "number" ? ` (the run predicted ${formatValue(kpi, aim.predicted)})` : "";
    rows.push({ label: `${aimText(kpi, aim)}${predicted}`, accepted: cell(find(a)), others: cell(find(o)) });
  }
  return rows;
}
