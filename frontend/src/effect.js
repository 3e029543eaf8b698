// What a published proposal set changed (#/organiser/sets/<id>/effect), and the dashboard's list
// of the runs aimed at each KPI target: target, action, result. The words come from effect-model.js.
import { html } from "./html.js";
import "./effect.css";
import { KPI_DEFINITION_FIELDS, formatDate, formatValue, kpisByName, kpisFrom } from "./dashboard-kpis.js";
import {
  CAVEAT, EFFECT_FIELDS, aimText, kpiFor, predictedText, runHeadline, runResult, windowName, windowRows, windowSpan,
} from "./effect-model.js";
import { ErrorText, isOrganiser, Loading, useQuery } from "./ui.js";
import { SET_KINDS, plural } from "./words.js";

const EFFECT = `query SetEffect($id: ID!) {
  kpiDefinitions { ${KPI_DEFINITION_FIELDS} }
  proposalSet(id: $id) { id kind status publishedAt memberCount effect { ${EFFECT_FIELDS} } } }`;
const AIMED = `query AimedRuns($scope: HealthScopeInput) {
  kpiTargets(scope: $scope) { id kpi target by
    aimedRuns(first: 5) { setId kind publishedOn members summary effect { ${EFFECT_FIELDS} } } } }`;

const effectLink = (setId) => `#/organiser/sets/${encodeURIComponent(setId)}/effect`;
const setLink = (setId) => `#/organiser/sets/${encodeURIComponent(setId)}`;

function WindowTable({ window, aims, byName }) {
  const id = `window-${window.kind.toLowerCase()}`;
  if (!window.over) {
    return html`<section aria-labelledby=${id}><h3 id=${id}>${windowName(window)}</h3>
      <p class="muted">${windowSpan(window)[0].toUpperCase()}${windowSpan(window).slice(1)}: no figures until then.</p></section>`;
  }
  return html`<section aria-labelledby=${id}><h3 id=${id}>${windowName(window)}</h3>
    <div class="table-wrap"><table>
      <caption>${windowName(window)}, ${windowSpan(window)}</caption>
      <thead><tr><th scope="col">Figure</th><th scope="col">Accepted</th><th scope="col">Declined or did not answer</th></tr></thead>
      <tbody>${windowRows(window, aims, byName).map((row) => html`<tr>
        <th scope="row">${row.label}</th><td>${row.accepted}</td><td>${row.others}</td></tr>`)}</tbody>
    </table></div></section>`;
}

export function SetEffectPage({ client, route, session }) {
  if (!isOrganiser(session)) {
    return html`<section><h1>What a run changed</h1><p>Only organisers can see what a run of proposals changed.</p></section>`;
  }
  return html`<${SetEffect} client=${client} route=${route} />`;
}

function SetEffect({ client, route }) {
  const { data, error, loading } = useQuery(client, EFFECT, { id: route.params.id }, [route.params.id]);
  if (loading && !data) return html`<${Loading} what="Measuring what the run changed" />`;
  if (error) return html`<${ErrorText} error=${error} />`;
  const set = data.proposalSet;
  if (!set) return html`<section><h1>No such proposal set</h1><p><a href="#/organiser">See all proposal sets</a></p></section>`;
  const byName = kpisByName(kpisFrom(data.kpiDefinitions));
  const kind = SET_KINDS[set.kind] ?? "Proposals";
  const effect = set.effect;
  if (!effect) {
    return html`<section class="effect" aria-labelledby="effect-title"><h1 id="effect-title">What these ${kind.toLowerCase()} changed</h1>
      <p>This set is still a draft: nothing can have changed before it is published.</p>
      <p><a href=${setLink(set.id)}>Back to the set</a></p></section>`;
  }
  return html`<section class="effect" aria-labelledby="effect-title">
    <h1 id="effect-title">What these ${kind.toLowerCase()} changed</h1>
    <p>${`${kind} published on ${formatDate(effect.publishedOn)}, to ${plural(set.memberCount, "person", "people")}: `}
      ${effect.accepted} accepted at least one proposal, ${effect.others} declined or did not answer. Figures as of ${formatDate(effect.asOf)}.</p>
    ${effect.tooFew && html`<p class="too-few" role="note">${effect.tooFew}</p>`}
    <p class="caveat muted">${CAVEAT}</p>
    ${effect.aims.length > 0 && html`<section aria-labelledby="aims-title"><h2 id="aims-title">What the run aimed at</h2>
      <ul class="aims">${effect.aims.map((aim) => {
        const kpi = kpiFor(byName, aim.kpi, aim.label);
        const predicted = predictedText(kpi, aim);
        return html`<li>${aimText(kpi, aim)}.${predicted ? ` ${predicted}` : ""}</li>`;
      })}</ul></section>`}
    <section aria-labelledby="compare-title"><h2 id="compare-title">People who accepted, and people who did not</h2>
      <p>${effect.summary}</p>
      <p class="muted">A new tie is a pair of people whose first bond is dated on or after the publish day; each person counts the new ties they are part of.</p>
      ${effect.windows.map((w) => html`<${WindowTable} window=${w} aims=${effect.aims} byName=${byName} />`)}
    </section>
    <p><a href=${setLink(set.id)}>Back to the set</a></p>
  </section>`;
}

/** The dashboard's list: each KPI target of the scope, the runs aimed at it, and what they changed. */
export function AimedRunsList({ client, byName, scope }) {
  const { data, error, loading } = useQuery(client, AIMED, { scope }, [JSON.stringify(scope)]);
  if (loading && !data) return html`<${Loading} what="Measuring the runs aimed at the targets" />`;
  if (error) return html`<${ErrorText} error=${error} />`;
  const targets = data?.kpiTargets ?? [];
  if (!targets.length) return null;
  return html`<section aria-labelledby="aimed-title" class="effect">
    <h2 id="aimed-title">What the runs aimed at these targets changed</h2>
    <p class="muted small">${CAVEAT}</p>
    <ul class="aimed-runs">${targets.map((t) => {
      const kpi = kpiFor(byName, t.kpi);
      const runs = t.aimedRuns ?? [];
      const title = `${kpi.label} at ${formatValue(kpi, t.target)} by ${formatDate(t.by)}`;
      return html`<li class="card" data-target=${t.id}><h3><span class="step">Target:</span> ${title}</h3>
        ${runs.length === 0
          ? html`<p class="muted">No run of proposals has been aimed at it yet.</p>`
          : html`<ol>${runs.map((run) => html`<li>
              <span class="step">Action:</span> ${runHeadline(run)}.
              <br /><span class="step">Result:</span> ${runResult(run, t.id, kpi)}
              <br /><a href=${effectLink(run.setId)} aria-label=${`See what it changed: ${runHeadline(run)}`}>See what it changed</a></li>`)}</ol>`}
      </li>`;
    })}</ul>
  </section>`;
}
