// Accepted purpose groups beside the purpose lens: who is in each and how many teams it brings
// together; pointing at one (or pressing it) shows its members in the graph.
import { html } from "./html.js";

/**
 * The groups with their members drawn in this view (others are left out) and how many teams
 * those members come from; the biggest first, groups with nobody in view left out.
 */
export function groupSummaries(groups, index) {
  const summaries = [];
  for (const group of groups) {
    const memberKeys = group.memberKeys.filter((key) => index.members.has(key));
    if (!memberKeys.length) continue;
    const teams = new Set(memberKeys.map((key) => index.members.get(key).team).filter((team) => team != null));
    summaries.push({ key: group.key, name: group.name, memberKeys, teams: teams.size });
  }
  return summaries.sort((a, b) => b.memberKeys.length - a.memberKeys.length || a.name.localeCompare(b.name));
}

/** The groups each member is in, by member key (for the hover card). */
export function groupsByMember(summaries) {
  const byMember = new Map();
  for (const group of summaries) {
    for (const key of group.memberKeys) {
      if (!byMember.has(key)) byMember.set(key, []);
      byMember.get(key).push(group.name);
    }
  }
  return byMember;
}

function howMany(group) {
  const people = group.memberKeys.length === 1 ? "1 member" : `${group.memberKeys.length} members`;
  return group.teams > 1 ? `${people} from ${group.teams} teams` : people;
}

export function PurposeGroups({ state, shown, onShow, onPreview }) {
  let body;
  if (state.error) body = html`<p class="muted">The purpose groups could not be read just now.</p>`;
  else if (!state.groups) body = html`<p class="muted" aria-live="polite">Reading the purpose groups…</p>`;
  else if (!state.groups.length) body = html`<p class="muted">No purpose group among these members yet.</p>`;
  else {
    body = html`<ul class="purpose-groups">
      ${state.groups.map((group) => html`<li key=${group.key}>
        <button type="button" aria-pressed=${shown === group.key ? "true" : "false"}
          onClick=${() => onShow(shown === group.key ? null : group.key)}
          onMouseEnter=${() => onPreview(group.key)} onMouseLeave=${() => onPreview(null)}>
          <span class="group-name">${group.name}</span>
          <span class="muted">${howMany(group)}</span>
        </button>
      </li>`)}
    </ul>
    ${state.more && html`<p class="muted">The newest groups are shown; more exist.</p>`}`;
  }
  return html`<section class="purpose-groups-panel" aria-labelledby="purpose-groups-title">
    <h2 id="purpose-groups-title">Purpose groups</h2>
    <p class="muted">Groups members accepted. Press one to see its members in the graph.</p>
    ${body}
  </section>`;
}
