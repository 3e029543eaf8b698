// "Aim at targets": the organiser picks KPI targets a recommender run should move (checkboxes
// in words), and a set's aimed figures are said in words. The logic is in recommender-aims-model.js.
import { html } from "./html.js";
import { ErrorText, Loading, useQuery } from "./ui.js";
import { AIM_CHOICES, AIMABLE_KINDS, aimableTargets, aimsInWords, otherTargets } from "./recommender-aims-model.js";
import "./recommender-aims.css";

/** Checkboxes of the community's KPI targets the run can be aimed at; `value`: the chosen ids. */
export function AimChoice({ client, kind, value, onChange }) {
  const { data, error, loading } = useQuery(client, AIM_CHOICES, {}, []);
  const targets = aimableTargets(data);
  const toggle = (id, on) => onChange(on ? [...value.filter((v) => v !== id), id] : value.filter((v) => v !== id));
  if (!AIMABLE_KINDS.includes(kind)) return null;
  return html`<fieldset class="aim-choice"><legend>Aim at targets</legend>
    <p class="muted">The run favours the groups and pairs that move the targets you tick, as long as people still share a passion.</p>
    <${ErrorText} error=${error} />
    ${loading && !data && html`<${Loading} what="Loading the targets" />`}
    ${data && !targets.length && html`<p class="muted">${otherTargets(data)
      ? "None of your targets is one a run can aim at: set a target on the silo index, cross-team ties, isolation or team-bound members on the dashboard."
      : "No targets yet: set one on the dashboard, then aim a run at it here."}</p>`}
    ${targets.map((t) => html`<label class="inline">
      <input type="checkbox" name="aim" checked=${value.includes(t.id)} disabled=${!value.includes(t.id) && value.length >= 5}
        onChange=${(e) => toggle(t.id, e.currentTarget.checked)} /> <span>${t.text}</span></label>`)}
  </fieldset>`;
}

/** A set's aimed KPI figures in words (nothing for a run aimed at none). */
export function AimFigures({ aims }) {
  const lines = aimsInWords(aims);
  if (!lines.length) return null;
  return html`<div class="aim-figures"><h3>Aimed at</h3><ul>${lines.map((line) => html`<li>${line}</li>`)}</ul></div>`;
}
