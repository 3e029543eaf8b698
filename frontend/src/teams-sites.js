// Organiser page for teams and sites (#/organiser/teams-sites): create, rename, set a team's
// parent unit, delete. The logic lives in people-model.js; people.js lists members by team or site.
import { html } from "./html.js";
import { useEffect, useRef, useState } from "preact/hooks";
import { ConfirmDelete, focusSoon, OrganiserNav, OrganisersOnly } from "./organiser.js";
import { ErrorText, Field, isOrganiser, Loading } from "./ui.js";
import {
  errorElsewhere,
  errorOn,
  fetchAll,
  parentChoices,
  plural,
  siteDeletionEffect,
  teamDeletionEffect,
  teamPath,
  teamTree,
} from "./people-model.js";
import "./people.css";

const TEAMS = `query AllTeams($first: Int!, $after: String) { teams(first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id key name memberCount parent { id name } } } } }`;
const SITES = `query AllSites($first: Int!, $after: String) { sites(first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id key name city memberCount } } } }`;
const CREATE_TEAM = `mutation CreateTeam($name: String!, $parent: ID) { createTeam(name: $name, parent: $parent) { id name } }`;
// Variables left out of the request stay unset ("keep"); a null parent makes the team top-level.
const UPDATE_TEAM = `mutation UpdateTeam($id: ID!, $name: String, $parent: ID) { updateTeam(id: $id, name: $name, parent: $parent) { id name } }`;
const DELETE_TEAM = `mutation DeleteTeam($id: ID!) { deleteTeam(id: $id) }`;
const CREATE_SITE = `mutation CreateSite($name: String!, $city: String) { createSite(name: $name, city: $city) { id name } }`;
const UPDATE_SITE = `mutation UpdateSite($id: ID!, $name: String, $city: String) { updateSite(id: $id, name: $name, city: $city) { id name } }`;
const DELETE_SITE = `mutation DeleteSite($id: ID!) { deleteSite(id: $id) }`;

/** Every team and site (for choosing and listing), reloaded when `version` changes. */
export function useUnits(client, version) {
  const [state, setState] = useState({ teams: null, sites: null, error: null });
  useEffect(() => {
    let live = true;
    Promise.all([fetchAll(client, TEAMS, "teams"), fetchAll(client, SITES, "sites")])
      .then(([teams, sites]) => live && setState({ teams, sites, error: null }))
      .catch((error) => live && setState((s) => ({ ...s, error })));
    return () => {
      live = false;
    };
  }, [version]);
  return state;
}

export function UnitsPage(props) {
  return isOrganiser(props.session)
    ? html`<${Units} ...${props} />`
    : html`<${OrganisersOnly} session=${props.session} title="Teams and sites" id="units-title" />`;
}

function Units({ client }) {
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState("");
  const { teams, sites, error } = useUnits(client, version);
  const changed = (message) => {
    setStatus(message);
    setVersion((v) => v + 1);
  };
  return html`<section aria-labelledby="units-title" class="people-page">
    <${OrganiserNav} />
    <h1 id="units-title">Teams and sites</h1>
    <p role="status" aria-live="polite" class="people-status">${status}</p>
    <${ErrorText} error=${error} />
    ${!teams && !error && html`<${Loading} what="Loading teams and sites" />`}
    ${teams && html`<div class="units">
      <${TeamsSection} client=${client} teams=${teams} onChanged=${changed} />
      <${SitesSection} client=${client} sites=${sites} onChanged=${changed} />
    </div>`}
  </section>`;
}

/** The unit's members link to the members page, filtered to them. */
function MembersLink({ unit, kind }) {
  if (!unit.memberCount) return html`<span class="muted">0</span>`;
  return html`<a href=${`#/organiser/people?${kind}=${encodeURIComponent(unit.id)}`} aria-label=${`${plural(unit.memberCount, "member")} in ${unit.name}: list them`}>${unit.memberCount}</a>`;
}

function TeamsSection({ client, teams, onChanged }) {
  const [open, setOpen] = useState({ edit: null, del: null });
  const tree = teamTree(teams);
  const byId = new Map(teams.map((t) => [t.id, t]));
  const close = (message, team) => {
    setOpen({ edit: null, del: null });
    if (message) onChanged(message);
    else if (team) focusSoon(`edit-team-${team.key}`);
  };
  return html`<section aria-labelledby="teams-title" class="unit-section">
    <h2 id="teams-title">Teams (${teams.length})</h2>
    <${NewTeam} client=${client} teams=${teams} onChanged=${onChanged} />
    ${teams.length
      ? html`<div class="table-wrap"><table class="stack units-table">
        <caption class="people-sr-only">Teams, each under its parent unit</caption>
        <thead><tr><th scope="col">Team</th><th scope="col">Inside</th><th scope="col">Members</th><th scope="col"><span class="people-sr-only">Actions</span></th></tr></thead>
        <tbody>${tree.map(({ team, depth }) => html`<tr key=${team.id}>
            <th scope="row" data-label="Team"><span class="depth" style=${`--depth: ${depth}`}>${team.name}</span></th>
            <td data-label="Inside">${team.parent ? byId.get(team.parent.id)?.name ?? team.parent.name : html`<span class="muted">top level</span>`}</td>
            <td data-label="Members"><${MembersLink} unit=${team} kind="team" /></td>
            <td class="row-actions">
              <button type="button" id=${`edit-team-${team.key}`} aria-label=${`Edit team ${team.name}`} aria-expanded=${open.edit === team.id ? "true" : "false"}
                onClick=${() => setOpen({ edit: open.edit === team.id ? null : team.id, del: null })}>Edit</button>
              <button type="button" class="danger-outline" aria-label=${`Delete team ${team.name}`} onClick=${() => setOpen({ edit: null, del: team.id })}>Delete</button>
            </td></tr>
          ${open.edit === team.id && html`<tr class="editor-row"><td colspan="4"><${TeamEditor} client=${client} team=${team} teams=${teams} onClose=${(m) => close(m, team)} /></td></tr>`}
          ${open.del === team.id && html`<tr class="editor-row"><td colspan="4">
            <${ConfirmDelete} id=${`delete-team-${team.key}`} title=${`Delete team ${team.name}?`} effect=${teamDeletionEffect(team, teams)}
              confirm=${`Yes, delete team ${team.name}`} keep=${`Keep team ${team.name}`}
              run=${() => client.request(DELETE_TEAM, { id: team.id })}
              onDone=${() => close(`Team ${team.name} was deleted.`)} onCancel=${() => close("", team)} /></td></tr>`}`)}</tbody>
      </table></div>`
      : html`<p class="muted">No teams yet.</p>`}
  </section>`;
}

const parentOptions = (teams, teamId) => parentChoices(teams, teamId).map(({ team }) => ({ value: team.id, label: teamPath(teams, team) }));

function NewTeam({ client, teams, onChanged }) {
  const [form, setForm] = useState({ name: "", parent: "" });
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const team = (await client.request(CREATE_TEAM, { name: form.name, parent: form.parent || null })).createTeam;
      setForm({ name: "", parent: "" });
      onChanged(`Team ${team.name} was created.`);
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="card editor" aria-labelledby="new-team-title" onSubmit=${submit}>
    <h3 id="new-team-title">New team</h3>
    <div class="editor-grid">
      <${Field} id="new-team-name" label="Team name" value=${form.name} onInput=${(v) => setForm({ ...form, name: v })} error=${errorOn(error, "name")} required autocomplete="off" />
      <${Field} id="new-team-parent" label="Inside (parent unit)" value=${form.parent} none="Nothing: a top-level team" options=${parentOptions(teams, null)}
        onChange=${(v) => setForm({ ...form, parent: v })} error=${errorOn(error, "parent")} />
    </div>
    <${ErrorText} error=${errorElsewhere(error, ["name", "parent"])} />
    <button type="submit">Create team</button>
  </form>`;
}

function TeamEditor({ client, team, teams, onClose }) {
  const [form, setForm] = useState({ name: team.name, parent: team.parent?.id ?? "" });
  const [error, setError] = useState(null);
  const first = useRef(null);
  useEffect(() => first.current?.focus(), []);
  const id = (name) => `team-${team.key}-${name}`;
  const save = async (e) => {
    e.preventDefault();
    const variables = { id: team.id };
    if (form.name !== team.name) variables.name = form.name;
    if (form.parent !== (team.parent?.id ?? "")) variables.parent = form.parent || null;
    if (Object.keys(variables).length === 1) return onClose("");
    setError(null);
    try {
      const saved = (await client.request(UPDATE_TEAM, variables)).updateTeam;
      onClose(`Team ${saved.name} was saved.`);
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="editor" aria-labelledby=${id("title")} onSubmit=${save}>
    <h3 id=${id("title")}>Edit team ${team.name}</h3>
    <div class="editor-grid">
      <${Field} id=${id("name")} label="Name" value=${form.name} onInput=${(v) => setForm({ ...form, name: v })} error=${errorOn(error, "name")} required inputRef=${first} autocomplete="off" />
      <${Field} id=${id("parent")} label="Inside (parent unit)" value=${form.parent} none="Nothing: a top-level team" options=${parentOptions(teams, team.id)}
        onChange=${(v) => setForm({ ...form, parent: v })} error=${errorOn(error, "parent")} />
    </div>
    <${ErrorText} error=${errorElsewhere(error, ["name", "parent"])} />
    <button type="submit">Save team</button>
    <button type="button" class="secondary" onClick=${() => onClose("")}>Cancel</button>
  </form>`;
}

function SitesSection({ client, sites, onChanged }) {
  const [open, setOpen] = useState({ edit: null, del: null });
  const sorted = [...sites].sort((a, b) => a.name.localeCompare(b.name));
  const close = (message, site) => {
    setOpen({ edit: null, del: null });
    if (message) onChanged(message);
    else if (site) focusSoon(`edit-site-${site.key}`);
  };
  return html`<section aria-labelledby="sites-title" class="unit-section">
    <h2 id="sites-title">Sites (${sites.length})</h2>
    <${NewSite} client=${client} onChanged=${onChanged} />
    ${sites.length
      ? html`<div class="table-wrap"><table class="stack units-table">
        <caption class="people-sr-only">Sites, by name</caption>
        <thead><tr><th scope="col">Site</th><th scope="col">City</th><th scope="col">Members</th><th scope="col"><span class="people-sr-only">Actions</span></th></tr></thead>
        <tbody>${sorted.map((site) => html`<tr key=${site.id}>
            <th scope="row" data-label="Site">${site.name}</th>
            <td data-label="City">${site.city || html`<span class="muted">not given</span>`}</td>
            <td data-label="Members"><${MembersLink} unit=${site} kind="site" /></td>
            <td class="row-actions">
              <button type="button" id=${`edit-site-${site.key}`} aria-label=${`Edit site ${site.name}`} aria-expanded=${open.edit === site.id ? "true" : "false"}
                onClick=${() => setOpen({ edit: open.edit === site.id ? null : site.id, del: null })}>Edit</button>
              <button type="button" class="danger-outline" aria-label=${`Delete site ${site.name}`} onClick=${() => setOpen({ edit: null, del: site.id })}>Delete</button>
            </td></tr>
          ${open.edit === site.id && html`<tr class="editor-row"><td colspan="4"><${SiteEditor} client=${client} site=${site} onClose=${(m) => close(m, site)} /></td></tr>`}
          ${open.del === site.id && html`<tr class="editor-row"><td colspan="4">
            <${ConfirmDelete} id=${`delete-site-${site.key}`} title=${`Delete site ${site.name}?`} effect=${siteDeletionEffect(site)}
              confirm=${`Yes, delete site ${site.name}`} keep=${`Keep site ${site.name}`}
              run=${() => client.request(DELETE_SITE, { id: site.id })}
              onDone=${() => close(`Site ${site.name} was deleted.`)} onCancel=${() => close("", site)} /></td></tr>`}`)}</tbody>
      </table></div>`
      : html`<p class="muted">No sites yet.</p>`}
  </section>`;
}

function NewSite({ client, onChanged }) {
  const [form, setForm] = useState({ name: "", city: "" });
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const site = (await client.request(CREATE_SITE, { name: form.name, city: form.city.trim() || null })).createSite;
      setForm({ name: "", city: "" });
      onChanged(`Site ${site.name} was created.`);
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="card editor" aria-labelledby="new-site-title" onSubmit=${submit}>
    <h3 id="new-site-title">New site</h3>
    <div class="editor-grid">
      <${Field} id="new-site-name" label="Site name" value=${form.name} onInput=${(v) => setForm({ ...form, name: v })} error=${errorOn(error, "name")} required autocomplete="off" />
      <${Field} id="new-site-city" label="City (optional)" value=${form.city} onInput=${(v) => setForm({ ...form, city: v })} error=${errorOn(error, "city")} autocomplete="off" />
    </div>
    <${ErrorText} error=${errorElsewhere(error, ["name", "city"])} />
    <button type="submit">Create site</button>
  </form>`;
}

function SiteEditor({ client, site, onClose }) {
  const [form, setForm] = useState({ name: site.name, city: site.city ?? "" });
  const [error, setError] = useState(null);
  const first = useRef(null);
  useEffect(() => first.current?.focus(), []);
  const id = (name) => `site-${site.key}-${name}`;
  const save = async (e) => {
    e.preventDefault();
    const variables = { id: site.id };
    if (form.name !== site.name) variables.name = form.name;
    if (form.city !== (site.city ?? "")) variables.city = form.city;
    if (Object.keys(variables).length === 1) return onClose("");
    setError(null);
    try {
      const saved = (await client.request(UPDATE_SITE, variables)).updateSite;
      onClose(`Site ${saved.name} was saved.`);
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="editor" aria-labelledby=${id("title")} onSubmit=${save}>
    <h3 id=${id("title")}>Edit site ${site.name}</h3>
    <div class="editor-grid">
      <${Field} id=${id("name")} label="Name" value=${form.name} onInput=${(v) => setForm({ ...form, name: v })} error=${errorOn(error, "name")} required inputRef=${first} autocomplete="off" />
      <${Field} id=${id("city")} label="City" value=${form.city} onInput=${(v) => setForm({ ...form, city: v })} error=${errorOn(error, "city")} autocomplete="off" />
    </div>
    <${ErrorText} error=${errorElsewhere(error, ["name", "city"])} />
    <button type="submit">Save site</button>
    <button type="button" class="secondary" onClick=${() => onClose("")}>Cancel</button>
  </form>`;
}
