// The organiser's dashboard: community health KPIs, their history as charts, and targets.
import { html } from "./html.js";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import "./dashboard.css";
import { KpiChart, livePoint } from "./dashboard-chart.js";
import {
  HEADLINE, HEALTH_FIELDS, KPI_DEFINITION_FIELDS, KPI_NAMES, PERIODS, addDays, describeTrend, directionNote, firstDayNote, formatDate,
  formatValue, glossary, historyQuery, kpiDetail, kpiStatus, kpiValue, kpisByName, kpisFrom, parseScope, parseTargetInput, primaryTarget,
  progressPercent, scopeValue, targetHint, targetStatus, todayUtc, trendArrow, trendOf,
} from "./dashboard-kpis.js";
import { ErrorText, Field, fieldError, isOrganiser, Loading } from "./ui.js";
import { AimedRunsList } from "./effect.js";

const TARGET_FIELDS = "id kpi target by baseline baselineAt current expected progress met onTrack higherIsBetter";
// What each KPI is (label, plain description, direction, range) comes with the figures, from the API.
const MAIN = `query Dashboard($scope: HealthScopeInput) {
  kpiDefinitions { ${KPI_DEFINITION_FIELDS} }
  communityHealth(scope: $scope) { ${HEALTH_FIELDS} }
  kpiTargets(scope: $scope) { ${TARGET_FIELDS} }
}`;
const TEAMS = `query DashboardTeams($after: String) { teams(first: 100, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;
const SITES = `query DashboardSites($after: String) { sites(first: 100, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;
const SET_TARGET = `mutation SetKpiTarget($kpi: KpiName!, $target: Float!, $by: Date!, $scope: HealthScopeInput) {
  setKpiTarget(kpi: $kpi, target: $target, by: $by, scope: $scope) { id } }`;
const REMOVE_TARGET = `mutation RemoveKpiTarget($id: ID!) { removeKpiTarget(id: $id) }`;
const SNAPSHOT = `mutation SnapshotKpis($scope: HealthScopeInput) { snapshotCommunityHealth(scope: $scope) { at scope { kind id } } }`;
const HISTORY = historyQuery(KPI_NAMES);

/**
 * Run `load` whenever `deps` change; returns { data, error, loading, reload }. Data loaded for
 * other deps is not returned (no figures of another scope while the new ones load); a
 * reload keeps the current data until the fresh one arrives.
 */
function useLoad(load, deps) {
  const key = JSON.stringify(deps);
  const [state, setState] = useState({ key: null, data: null, error: null, loading: true });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load()
      .then((data) => live && setState({ key, data, error: null, loading: false }))
      .catch((error) => live && setState({ key, data: null, error, loading: false }));
    return () => {
      live = false;
    };
  }, [key, version]);
  const current = state.key === key;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: state.loading || !current,
    reload: useCallback(() => setVersion((v) => v + 1), []),
  };
}

/** Every node of a paged list (teams or sites). */
async function everyNode(client, query, key) {
  const nodes = [];
  let after = null;
  for (let page = 0; page < 100; page++) {
    const connection = (await client.request(query, { after }))[key];
    nodes.push(...connection.edges.map((e) => e.node));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return nodes;
}

function NotAllowed() {
  return html`<section aria-labelledby="dashboard-title">
    <h1 id="dashboard-title">Community health</h1>
    <p class="dash-denied">Only organisers can open the dashboard. If you would like to see how the community is doing, ask one of its organisers.</p>
  </section>`;
}

function Trend({ kpi, trend }) {
  const cls = !trend ? "muted" : trend.better === null ? "flat" : trend.better ? "better" : "worse";
  return html`<p class=${`trend ${cls}`}>${describeTrend(kpi, trend)}</p>`;
}

/** ↑ ↓ →, coloured by whether the move is good, with that meaning as its accessible name. */
function TrendArrow({ trend }) {
  const arrow = trendArrow(trend);
  if (!arrow) return null;
  return html`<span class=${`trend-arrow ${arrow.key}`} role="img" aria-label=${arrow.label} title=${arrow.label}>${arrow.symbol}</span>`;
}

const STATUS_ICONS = { good: "✓", watch: "!", bad: "✕" };

/** Good, watch or bad in words, colour and shape, with why. */
function KpiMark({ status }) {
  if (!status) return null;
  return html`<span class=${`kpi-mark mark-${status.key}`}><span class="mark-icon" aria-hidden="true">${STATUS_ICONS[status.key]}</span><strong>${status.word}</strong>: ${status.reason}</span>`;
}

function StatusBadge({ target }) {
  const status = targetStatus(target);
  return html`<span class=${`badge status-${status.key}`}>${status.text}</span>`;
}

function TargetBeside({ kpi, target, count, onSetTarget }) {
  if (!target) {
    return html`<div class="kpi-target"><p class="muted">No target yet.
      <button type="button" class="link" onClick=${() => onSetTarget(kpi.name)}>Set a target<span class="dash-sr"> for ${kpi.label}</span></button></p></div>`;
  }
  const percent = progressPercent(target);
  const progressId = `progress-${kpi.name}`;
  return html`<div class="kpi-target">
    <p>Target <strong>${formatValue(kpi, target.target)}</strong> by ${formatDate(target.by)}</p>
    ${percent !== null && html`<progress id=${progressId} max="100" value=${percent} aria-label=${`Progress towards the ${kpi.label} target`}>${percent}%</progress>
      <p class="muted small">${percent}% of the way from ${formatValue(kpi, target.baseline)} (${formatDate(target.baselineAt)})${target.expected !== null && !target.met
        ? `; the plan says ${formatValue(kpi, target.expected)} by now` : ""}.</p>`}
    ${count > 1 && html`<p class="muted small">${count - 1} more target${count > 2 ? "s" : ""} on this KPI (see Targets).</p>`}
  </div>`;
}

/** The words of a KPI's description and, unless it says so already, its better direction. */
function definitionText(kpi) {
  const note = directionNote(kpi);
  return note ? `${kpi.definition} ${note}` : kpi.definition;
}

function KpiCard({ kpi, health, targets, history, period, firstDay, onSetTarget }) {
  const value = kpiValue(kpi, health);
  const points = history?.[kpi.name] ?? null;
  const target = primaryTarget(targets, kpi.name, health.asOf);
  const count = targets.filter((t) => t.kpi === kpi.name).length;
  const detail = kpiDetail(kpi, health);
  const trend = points ? trendOf(kpi, value, points, health.asOf) : null;
  const status = points ? kpiStatus(kpi, value, target, trend) : null;
  const titleId = `kpi-${kpi.name}`;
  return html`<li class="card kpi-card" aria-labelledby=${titleId} data-kpi=${kpi.name}>
    <h3 id=${titleId}>${kpi.label}</h3>
    <p class="kpi-value"><span class="big">${formatValue(kpi, value)}</span>${trend && html`<${TrendArrow} trend=${trend} />`}${detail && html` <span class="muted">${detail}</span>`}</p>
    ${status && html`<p class="kpi-status"><${KpiMark} status=${status} /></p>`}
    <p class="kpi-definition">${definitionText(kpi)}</p>
    ${points && !firstDay && html`<${Trend} kpi=${kpi} trend=${trend} />`}
    <${TargetBeside} kpi=${kpi} target=${target} count=${count} onSetTarget=${onSetTarget} />
    ${points
      ? html`<${KpiChart} kpi=${kpi} points=${points} target=${target} live=${livePoint(points, value, health.asOf)}
          from=${period.from} to=${period.to} id=${`chart-${kpi.name}`} />`
      : html`<p class="muted">Loading history…</p>`}
  </li>`;
}

function DetailsTable({ kpis, health, targets, history, firstDay }) {
  const rest = kpis.filter((k) => !HEADLINE.includes(k.name));
  return html`<div class="table-wrap"><table class="kpi-table">
    <caption>Other KPIs on ${formatDate(health.asOf)}</caption>
    <thead><tr><th scope="col">KPI</th><th scope="col">Now</th><th scope="col">How it is doing</th><th scope="col">Target</th></tr></thead>
    <tbody>${rest.map((kpi) => {
      const value = kpiValue(kpi, health);
      const target = primaryTarget(targets, kpi.name, health.asOf);
      const points = history?.[kpi.name];
      const trend = points ? trendOf(kpi, value, points, health.asOf) : null;
      const status = points ? kpiStatus(kpi, value, target, trend) : null;
      const detail = kpiDetail(kpi, health);
      return html`<tr data-kpi=${kpi.name}>
        <th scope="row">${kpi.label}<span class="kpi-definition small">${definitionText(kpi)}</span></th>
        <td data-label="Now">${formatValue(kpi, value)}${detail && html`<span class="kpi-detail small muted">${detail}</span>`}</td>
        <td data-label="How it is doing">${!points ? "…" : html`${status && html`<${KpiMark} status=${status} />`}${firstDay
          ? !status && html`<span aria-hidden="true">–</span><span class="dash-sr">No trend yet</span>`
          : html`<span class="kpi-change">${trend && html`<${TrendArrow} trend=${trend} /> `}${describeTrend(kpi, trend)}</span>`}`}</td>
        <td data-label="Target">${target ? html`${formatValue(kpi, target.target)} by ${formatDate(target.by)}` : html`<span class="muted">none</span>`}</td>
      </tr>`;
    })}</tbody>
  </table></div>`;
}

/** The page's few words of explanation: what the silo index and modularity are, what the marks mean. */
function Glossary({ byName }) {
  return html`<dl class="dash-glossary">
    ${glossary(byName).map((entry) => html`<div><dt>${entry.term}</dt><dd>${entry.text}</dd></div>`)}
  </dl>`;
}

function OtherChart({ kpis, health, targets, history, period }) {
  const rest = kpis.filter((k) => !HEADLINE.includes(k.name));
  const [name, setName] = useState(rest[0]?.name);
  const kpi = rest.find((k) => k.name === name);
  if (!kpi) return null;
  return html`<div class="card other-chart">
    <label for="other-kpi">Show the history of</label>
    <select id="other-kpi" value=${name} onChange=${(e) => setName(e.currentTarget.value)}>
      ${rest.map((k) => html`<option value=${k.name}>${k.label}</option>`)}
    </select>
    ${history
      ? html`<${KpiChart} kpi=${kpi} points=${history[name]} target=${primaryTarget(targets, name, health.asOf)}
          live=${livePoint(history[name], kpiValue(kpi, health), health.asOf)} from=${period.from} to=${period.to} id="chart-other" />`
      : html`<p class="muted">Loading history…</p>`}
  </div>`;
}

function TargetsTable({ client, byName, targets, onChanged }) {
  const [error, setError] = useState(null);
  const [status, setStatus] = useState("");
  const remove = async (target, kpi) => {
    setError(null);
    setStatus("");
    try {
      await client.request(REMOVE_TARGET, { id: target.id });
      setStatus(`Removed the target on ${kpi.label}.`);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  return html`<div>
    ${targets.length === 0
      ? html`<p class="muted">No targets on this scope yet.</p>`
      : html`<div class="table-wrap"><table class="targets-table">
        <caption>Targets on this scope</caption>
        <thead><tr><th scope="col">KPI</th><th scope="col">Target</th><th scope="col">By</th><th scope="col">When set</th><th scope="col">Now</th><th scope="col">Status</th><th scope="col"><span class="dash-sr">Actions</span></th></tr></thead>
        <tbody>${targets.map((t) => {
          const kpi = byName[t.kpi] ?? { name: t.kpi, label: t.kpi, unit: "index" };
          const percent = progressPercent(t);
          return html`<tr data-target=${t.id}>
            <th scope="row">${kpi.label}</th>
            <td>${formatValue(kpi, t.target)}</td>
            <td>${formatDate(t.by)}</td>
            <td>${formatValue(kpi, t.baseline)} <span class="muted">(${formatDate(t.baselineAt)})</span></td>
            <td>${formatValue(kpi, t.current)}${percent !== null ? html` <span class="muted">(${percent}% of the way)</span>` : ""}</td>
            <td><${StatusBadge} target=${t} /></td>
            <td><button type="button" class="secondary" onClick=${() => remove(t, kpi)}
              aria-label=${`Remove the target on ${kpi.label} (${formatValue(kpi, t.target)} by ${formatDate(t.by)})`}>Remove</button></td>
          </tr>`;
        })}</tbody>
      </table></div>`}
    <${ErrorText} error=${error} />
    <p role="status" aria-live="polite" class="ok">${status}</p>
  </div>`;
}

function TargetForm({ client, kpis, byName, scope, scopeName, today, kpiName, setKpiName, onSaved }) {
  const [value, setValue] = useState("");
  const [by, setBy] = useState(addDays(today, 90));
  const [error, setError] = useState(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const kpi = byName[kpiName] ?? kpis[0];
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setStatus("");
    const parsed = parseTargetInput(kpi, value);
    if (parsed.error) return setError({ code: "BAD_USER_INPUT", message: parsed.error, field: "target" });
    if (!by) return setError({ code: "BAD_USER_INPUT", message: "Give the day the KPI should get there by.", field: "by" });
    setBusy(true);
    try {
      await client.request(SET_TARGET, { kpi: kpi.name, target: parsed.value, by, scope });
      setStatus(`Target set: ${kpi.label} ${formatValue(kpi, parsed.value)} by ${formatDate(by)}.`);
      setValue("");
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const kpiError = fieldError(error, "kpi");
  const targetError = fieldError(error, "target");
  const byError = fieldError(error, "by");
  const otherError = error && !kpiError && !targetError && !byError ? error : null;
  return html`<form class="card target-form" onSubmit=${submit} noValidate aria-labelledby="target-form-title">
    <h3 id="target-form-title">Set a target for ${scopeName}</h3>
    <${Field} id="target-kpi" label="KPI" error=${kpiError}>${(a) => html`<select ...${a} name="kpi" value=${kpiName}
      onChange=${(e) => { setKpiName(e.currentTarget.value); setError(null); }}>
        ${kpis.map((k) => html`<option value=${k.name}>${k.label}</option>`)}
      </select>`}<//>
    <${Field} id="target-value" label=${html`Target value <span class="muted">(${targetHint(kpi)})</span>`} error=${targetError}>${(a) => html`<input ...${a}
      name="target" inputmode="decimal" autocomplete="off" value=${value} onInput=${(e) => setValue(e.currentTarget.value)} />`}<//>
    <${Field} id="target-by" label="By" error=${byError}>${(a) => html`<input ...${a} name="by" type="date" min=${today} value=${by}
      onInput=${(e) => setBy(e.currentTarget.value)} />${by && html` <span class="muted" aria-live="polite">${formatDate(by)}</span>`}`}<//>
    <p class="muted small">${kpi.higherIsBetter ? "Higher is better" : "Lower is better"} for ${kpi.label}. Its value today is kept as the starting point progress is measured from.</p>
    <button type="submit" disabled=${busy}>${busy ? "Saving…" : "Set target"}</button>
    <${ErrorText} error=${otherError} />
    <p role="status" aria-live="polite" class="ok">${status}</p>
  </form>`;
}

function SnapshotButton({ client, scope, scopeName, onRecorded }) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState(null);
  // What was recorded for one scope is not news on another's page.
  useEffect(() => {
    setStatus("");
    setError(null);
  }, [scope.kind, scope.id]);
  const record = async () => {
    setBusy(true);
    setError(null);
    setStatus("");
    try {
      const taken = (await client.request(SNAPSHOT, { scope })).snapshotCommunityHealth;
      const at = taken[0]?.at;
      setStatus(`Recorded the KPIs of ${formatDate(at)} for ${scopeName}${scope.kind === "COMMUNITY" ? "" : " and the whole community"}.`);
      onRecorded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="snapshot">
    <button type="button" onClick=${record} disabled=${busy}>${busy ? "Recording…" : "Record today's snapshot"}</button>
    <span class="muted small">Stores today's KPIs in the history (a daily job does the same).</span>
    <${ErrorText} error=${error} />
    <p role="status" aria-live="polite" class="ok">${status}</p>
  </div>`;
}

export function DashboardPage({ client, route, session, navigate }) {
  if (!isOrganiser(session)) return html`<${NotAllowed} />`;
  return html`<${Dashboard} client=${client} route=${route} navigate=${navigate} />`;
}

function Dashboard({ client, route, navigate }) {
  const picked = route.query.scope || "COMMUNITY";
  const scope = parseScope(picked);
  const [days, setDays] = useState(90);
  const [formKpi, setFormKpi] = useState(HEADLINE[0]);
  const today = todayUtc();
  const period = { from: addDays(today, -days), to: today };

  const scopes = useLoad(async () => ({ teams: await everyNode(client, TEAMS, "teams"), sites: await everyNode(client, SITES, "sites") }), []);
  const main = useLoad(() => client.request(MAIN, { scope }), [picked]);
  const history = useLoad(() => client.request(HISTORY, { ...period, scope }), [picked, days]);
  const reload = () => {
    main.reload();
    history.reload();
  };

  if (main.error?.code === "FORBIDDEN") return html`<${NotAllowed} />`;
  const health = main.data?.communityHealth;
  const targets = main.data?.kpiTargets ?? [];
  const kpis = useMemo(() => kpisFrom(main.data?.kpiDefinitions), [main.data]);
  const byName = useMemo(() => kpisByName(kpis), [kpis]);
  const firstDay = firstDayNote(history.data, health?.asOf);
  const teams = scopes.data?.teams ?? [];
  const sites = scopes.data?.sites ?? [];
  const scopeName = scope.kind === "TEAM" ? `the team ${teams.find((t) => t.id === scope.id)?.name ?? ""}`.trim()
    : scope.kind === "SITE" ? `the site ${sites.find((s) => s.id === scope.id)?.name ?? ""}`.trim() : "the whole community";
  const setTargetFor = (name) => {
    setFormKpi(name);
    const input = document.getElementById("target-value");
    input?.scrollIntoView({ block: "center" });
    input?.focus();
  };

  return html`<section aria-labelledby="dashboard-title" class="dashboard">
    <h1 id="dashboard-title">Community health</h1>
    <form class="dash-controls" onSubmit=${(e) => e.preventDefault()} aria-label="What to show">
      <div class="field">
        <label for="dash-scope">Scope</label>
        <select id="dash-scope" value=${scopeValue(scope)} onChange=${(e) => navigate(`#/dashboard?scope=${encodeURIComponent(e.currentTarget.value)}`)}>
          <option value="COMMUNITY">The whole community</option>
          ${teams.length > 0 && html`<optgroup label="Teams">${teams.map((t) => html`<option value=${`TEAM:${t.id}`}>${t.name}</option>`)}</optgroup>`}
          ${sites.length > 0 && html`<optgroup label="Sites">${sites.map((s) => html`<option value=${`SITE:${s.id}`}>${s.name}</option>`)}</optgroup>`}
        </select>
        <${ErrorText} error=${scopes.error} />
      </div>
      <div class="field">
        <label for="dash-period">Charts cover</label>
        <select id="dash-period" value=${days} onChange=${(e) => setDays(Number(e.currentTarget.value))}>
          ${PERIODS.map((p) => html`<option value=${p.days}>${p.label}</option>`)}
        </select>
      </div>
    </form>
    <${SnapshotButton} client=${client} scope=${scope} scopeName=${scopeName} onRecorded=${reload} />
    <${ErrorText} error=${main.error} />
    ${main.loading && !health && html`<${Loading} what="Computing the KPIs" />`}
    ${health && html`
      <p class="dash-summary" aria-live="polite">Figures for ${scopeName} on ${formatDate(health.asOf)}: ${health.members} members, ${health.ties} ties.</p>
      ${firstDay && html`<p class="dash-first-day">${firstDay}</p>`}
      <${Glossary} byName=${byName} />
      <${ErrorText} error=${history.error} />
      <section aria-labelledby="headline-title">
        <h2 id="headline-title">Headline KPIs</h2>
        <ul class="kpi-cards">${HEADLINE.filter((name) => byName[name]).map((name) => html`<${KpiCard} kpi=${byName[name]} health=${health} targets=${targets}
          history=${history.data} period=${period} firstDay=${Boolean(firstDay)} onSetTarget=${setTargetFor} />`)}</ul>
      </section>
      <section aria-labelledby="details-title">
        <h2 id="details-title">Other KPIs</h2>
        <${DetailsTable} kpis=${kpis} health=${health} targets=${targets} history=${history.data} firstDay=${Boolean(firstDay)} />
        <${OtherChart} kpis=${kpis} health=${health} targets=${targets} history=${history.data} period=${period} />
      </section>
      <section aria-labelledby="targets-title">
        <h2 id="targets-title">Targets</h2>
        <${TargetsTable} client=${client} byName=${byName} targets=${targets} onChanged=${reload} />
        <${TargetForm} client=${client} kpis=${kpis} byName=${byName} scope=${scope} scopeName=${scopeName} today=${today} kpiName=${formKpi} setKpiName=${setFormKpi} onSaved=${reload} />
      </section>
      <${AimedRunsList} key=${`${picked}#${targets.length}`} client=${client} byName=${byName} scope=${scope} />`}
  </section>`;
}
