// Organiser pages: manage members (search, add or invite, edit, delete) and teams and sites
// (create, rename, set a team's parent unit, delete). The logic lives in people-model.js.
import { html } from "./html.js";
import { useEffect, useRef, useState } from "preact/hooks";
import { OrganiserNav } from "./organiser.js";
import { ErrorText, Loading, MemberLink, useQuery } from "./ui.js";
import {
  createInput,
  editForm,
  errorElsewhere,
  errorOn,
  fetchAll,
  firstPage,
  handleCandidate,
  inviteInput,
  isOrganiser,
  memberChanges,
  memberDeletionEffect,
  memberFilter,
  nextPage,
  PAGE_SIZE,
  pageCursor,
  pageNumber,
  pageSummary,
  parentChoices,
  plural,
  previousPage,
  roleError,
  roleHint,
  siteDeletionEffect,
  teamDeletionEffect,
  teamPath,
  teamTree,
  withExactMatch,
} from "./people-model.js";
import "./people.css";

const MEMBER_FIELDS = "id key handle name headline email role team { id name } site { id name }";
const PEOPLE = `query People($filter: MemberFilter, $after: String, $handle: String, $byHandle: Boolean!) {
  members(filter: $filter, orderBy: NAME, first: ${PAGE_SIZE}, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${MEMBER_FIELDS} } } }
  exact: member(handle: $handle) @include(if: $byHandle) { ${MEMBER_FIELDS} } }`;
const TEAMS = `query AllTeams($first: Int!, $after: String) { teams(first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id key name memberCount parent { id name } } } } }`;
const SITES = `query AllSites($first: Int!, $after: String) { sites(first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id key name city memberCount } } } }`;
const CREATE_MEMBER = `mutation CreateMember($input: CreateMemberInput!) { createMember(input: $input) { id handle name } }`;
const INVITE = `mutation Invite($input: InviteMemberInput!) { inviteMember(input: $input) {
  token link expiresAt invitation { id handle name email role } } }`;
const INVITATIONS = `query Invitations { invitations { id handle name email role expiresAt invitedBy { handle name } } }`;
const REVOKE = `mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) }`;
const UPDATE_MEMBER = `mutation UpdateMember($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id } }`;
const ASSIGN_TEAM = `mutation AssignTeam($memberId: ID!, $teamId: ID) { assignMemberToTeam(memberId: $memberId, teamId: $teamId) { id } }`;
const ASSIGN_SITE = `mutation AssignSite($memberId: ID!, $siteId: ID) { assignMemberToSite(memberId: $memberId, siteId: $siteId) { id } }`;
const DELETE_MEMBER = `mutation DeleteMember($id: ID!) { deleteMember(id: $id) }`;
const RESET_LINK = `mutation PasswordResetLink($memberId: ID!) { createPasswordResetLink(memberId: $memberId) { link expiresAt } }`;
const SET_ROLE = `mutation SetMemberRole($memberId: ID!, $role: MemberRole!) { setMemberRole(memberId: $memberId, role: $role) { id role } }`;
const CREATE_TEAM = `mutation CreateTeam($name: String!, $parent: ID) { createTeam(name: $name, parent: $parent) { id name } }`;
// Variables left out of the request stay unset ("keep"); a null parent makes the team top-level.
const UPDATE_TEAM = `mutation UpdateTeam($id: ID!, $name: String, $parent: ID) { updateTeam(id: $id, name: $name, parent: $parent) { id name } }`;
const DELETE_TEAM = `mutation DeleteTeam($id: ID!) { deleteTeam(id: $id) }`;
const CREATE_SITE = `mutation CreateSite($name: String!, $city: String) { createSite(name: $name, city: $city) { id name } }`;
const UPDATE_SITE = `mutation UpdateSite($id: ID!, $name: String, $city: String) { updateSite(id: $id, name: $name, city: $city) { id name } }`;
const DELETE_SITE = `mutation DeleteSite($id: ID!) { deleteSite(id: $id) }`;

/** Move focus to an element once the render that creates it has happened. */
function focusSoon(id) {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/** What members see instead of an organiser page: plain words, no data asked for. */
function OrganisersOnly({ session, title, id }) {
  return html`<section aria-labelledby=${id}>
    <h1 id=${id}>${title}</h1>
    <p>Only organisers can manage members, teams and sites.</p>
    <p>If your name, team or site needs changing, ask one of your community's organisers. You can edit your own profile from
      <a href=${`#/member/${encodeURIComponent(session?.handle ?? "")}`}>My profile</a>.</p>
  </section>`;
}

/** Every team and site (for choosing and listing), reloaded when `version` changes. */
function useUnits(client, version) {
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

/** A labelled text input with its API error right under it (and tied to it for screen readers). */
function TextField({ id, label, value, onInput, error, type = "text", required = false, hint = null, autocomplete = "off", inputRef = null }) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <input id=${id} name=${id} type=${type} value=${value} required=${required} autocomplete=${autocomplete} ref=${inputRef}
      aria-invalid=${error ? "true" : undefined} aria-describedby=${described}
      onInput=${(e) => onInput(e.currentTarget.value)} />
    ${hint && html`<p class="hint muted" id=${`${id}-hint`}>${hint}</p>`}
    <${ErrorText} id=${`${id}-error`} error=${error} />
  </div>`;
}

/** A labelled choice of team or site ("" for none), with its API error under it. */
function ChoiceField({ id, label, value, onChange, none, options, error }) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select id=${id} name=${id} value=${value} aria-invalid=${error ? "true" : undefined} aria-describedby=${error ? `${id}-error` : undefined}
      onChange=${(e) => onChange(e.currentTarget.value)}>
      <option value="">${none}</option>
      ${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>
    <${ErrorText} id=${`${id}-error`} error=${error} />
  </div>`;
}

const teamOptions = (teams) => teamTree(teams || []).map(({ team }) => ({ value: team.id, label: teamPath(teams, team) }));
const siteOptions = (sites) =>
  [...(sites || [])].sort((a, b) => a.name.localeCompare(b.name)).map((s) => ({ value: s.id, label: s.city ? `${s.name} (${s.city})` : s.name }));

// Members --------------------------------------------------------------------------------------

export function PeoplePage(props) {
  return isOrganiser(props.session)
    ? html`<${People} ...${props} />`
    : html`<${OrganisersOnly} session=${props.session} title="Members" id="people-title" />`;
}

function People({ client, route, session }) {
  const [filters, setFilters] = useState({ text: route?.query?.q ?? "", team: route?.query?.team ?? "", site: route?.query?.site ?? "" });
  const [paging, setPaging] = useState(firstPage());
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(null);
  const [deleting, setDeleting] = useState(null);
  const [status, setStatus] = useState("");
  const units = useUnits(client, 0);

  const handle = pageNumber(paging) === 1 && !filters.team && !filters.site ? handleCandidate(filters.text) : null;
  const variables = { filter: memberFilter(filters), after: pageCursor(paging), handle, byHandle: !!handle };
  const { data, error, loading } = useQuery(client, PEOPLE, variables, [JSON.stringify(variables), version]);

  const setFilter = (name, value) => {
    setFilters({ ...filters, [name]: value });
    setPaging(firstPage());
    setEditing(null);
    setDeleting(null);
  };
  const refresh = (message) => {
    if (message) setStatus(message);
    setVersion((v) => v + 1);
  };
  const rows = data ? withExactMatch(data.members.edges.map((e) => e.node), data.exact) : [];
  const exactId = data?.exact?.id;

  return html`<section aria-labelledby="people-title" class="people-page">
    <${OrganiserNav} />
    <h1 id="people-title">Members</h1>
    <${AddMember} client=${client} teams=${units.teams} sites=${units.sites} onAdded=${refresh} />
    <section aria-labelledby="find-title">
      <h2 id="find-title">Find members</h2>
      <form class="people-filters" role="search" aria-labelledby="find-title" onSubmit=${(e) => e.preventDefault()}>
        <div class="field"><label for="people-search">Search by name, words or handle</label>
          <input id="people-search" type="search" value=${filters.text} onInput=${(e) => setFilter("text", e.currentTarget.value)} /></div>
        <${ChoiceField} id="people-team" label="Filter by team" value=${filters.team} none="All teams" options=${teamOptions(units.teams)}
          onChange=${(v) => setFilter("team", v)} />
        <${ChoiceField} id="people-site" label="Filter by site" value=${filters.site} none="All sites" options=${siteOptions(units.sites)}
          onChange=${(v) => setFilter("site", v)} />
      </form>
      <${ErrorText} error=${units.error} />
      <p role="status" aria-live="polite" class="people-status">${status}</p>
      <${ErrorText} error=${error} />
      ${loading && !data && html`<${Loading} what="Loading members" />`}
      ${data && html`<p class="muted" aria-live="polite" id="people-count">${pageSummary(paging, data.members.edges.length, data.members.totalCount)}${loading ? " (updating…)" : ""}</p>
        ${rows.length > 0 && html`<div class="table-wrap"><table class="people-table stack">
          <caption class="people-sr-only">Members, by name</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Handle</th><th scope="col">Team</th><th scope="col">Site</th><th scope="col">Role</th><th scope="col"><span class="people-sr-only">Actions</span></th></tr></thead>
          <tbody>${rows.map((m) => html`<${MemberRow} key=${m.id} member=${m} exact=${m.id === exactId} self=${m.handle === session.handle}
            editing=${editing === m.id} deleting=${deleting === m.id}
            onEdit=${() => { setDeleting(null); setEditing(editing === m.id ? null : m.id); }}
            onDelete=${() => { setEditing(null); setDeleting(m.id); }}
            onClose=${(message) => { setEditing(null); setDeleting(null); if (message) refresh(message); else focusSoon(`edit-${m.key}`); }}
            onChanged=${() => refresh("")}
            client=${client} teams=${units.teams} sites=${units.sites} />`)}</tbody>
        </table></div>`}
        <nav class="pager" aria-label="Pages of members">
          <button type="button" disabled=${pageNumber(paging) === 1} onClick=${() => !loading && setPaging(previousPage(paging))}>Previous page</button>
          <span>Page ${pageNumber(paging)} of ${Math.max(1, Math.ceil(data.members.totalCount / PAGE_SIZE))}</span>
          <button type="button" disabled=${!data.members.pageInfo.hasNextPage} onClick=${() => !loading && setPaging(nextPage(paging, data.members.pageInfo.endCursor))}>Next page</button>
        </nav>`}
    </section>
    <${Invitations} client=${client} version=${version} onChanged=${refresh} />
  </section>`;
}

function MemberRow({ client, member, exact, self, editing, deleting, onEdit, onDelete, onClose, onChanged, teams, sites }) {
  return html`<tr class=${editing || deleting ? "open" : ""}>
      <th scope="row" data-label="Name"><${MemberLink} member=${member} />${exact && html` <span class="badge">handle match</span>`}</th>
      <td data-label="Handle">@${member.handle}</td>
      <td data-label="Team">${member.team?.name ?? html`<span class="muted">none</span>`}</td>
      <td data-label="Site">${member.site?.name ?? html`<span class="muted">none</span>`}</td>
      <td data-label="Role">${member.role}</td>
      <td class="row-actions">
        <button type="button" id=${`edit-${member.key}`} aria-label=${`Edit ${member.name}`} aria-expanded=${editing ? "true" : "false"} onClick=${onEdit}>Edit</button>
        ${self
          ? html`<span class="muted">(you)</span>`
          : html`<button type="button" class="danger-outline" aria-label=${`Delete ${member.name}`} onClick=${onDelete}>Delete</button>`}
      </td>
    </tr>
    ${editing && html`<tr class="editor-row"><td colspan="6">
      <${MemberEditor} client=${client} member=${member} self=${self} teams=${teams} sites=${sites} onClose=${onClose} onChanged=${onChanged} /></td></tr>`}
    ${deleting && html`<tr class="editor-row"><td colspan="6">
      <${ConfirmDelete} id=${`delete-${member.key}`} title=${`Delete ${member.name}?`} effect=${memberDeletionEffect(member)}
        confirm=${`Yes, delete ${member.name}`} keep=${`Keep ${member.name}`}
        run=${() => client.request(DELETE_MEMBER, { id: member.id })}
        onDone=${() => onClose(`${member.name} (@${member.handle}) was deleted.`)} onCancel=${() => onClose("")} /></td></tr>`}`;
}

const EDIT_FIELDS = ["name", "handle", "headline", "email", "team", "site", "role"];

/** Member or organiser, with what a change does said under it and the API's refusal next to it. */
function RoleField({ id, member, self, value, onChange, error }) {
  const hint = roleHint(member, value, self);
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return html`<div class="field">
    <label for=${id}>Role</label>
    <select id=${id} name=${id} value=${value} aria-invalid=${error ? "true" : undefined} aria-describedby=${described}
      onChange=${(e) => onChange(e.currentTarget.value)}>
      <option value="MEMBER">Member</option>
      <option value="ORGANISER">Organiser</option>
    </select>
    ${hint && html`<p class="hint muted" id=${`${id}-hint`}>${hint}</p>`}
    <${ErrorText} id=${`${id}-error`} error=${error} />
  </div>`;
}

function MemberEditor({ client, member, self, teams, sites, onClose, onChanged }) {
  const [form, setForm] = useState(editForm(member));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const first = useRef(null);
  useEffect(() => first.current?.focus(), []);
  const id = (name) => `member-${member.key}-${name}`;
  const set = (name) => (value) => setForm({ ...form, [name]: value });
  const save = async (e) => {
    e.preventDefault();
    const changes = memberChanges(member, form);
    if (changes.empty) return onClose("");
    setBusy(true);
    setError(null);
    let wrote = false;
    try {
      if (Object.keys(changes.input).length) {
        await client.request(UPDATE_MEMBER, { id: member.id, input: changes.input });
        wrote = true;
      }
      if (changes.team !== undefined) {
        await client.request(ASSIGN_TEAM, { memberId: member.id, teamId: changes.team });
        wrote = true;
      }
      if (changes.site !== undefined) {
        await client.request(ASSIGN_SITE, { memberId: member.id, siteId: changes.site });
        wrote = true;
      }
      // The role goes last: an organiser who steps down can do none of the above afterwards.
      if (changes.role !== undefined) {
        await client.request(SET_ROLE, { memberId: member.id, role: changes.role });
        if (self) client.setSession({ ...client.session, role: changes.role.toLowerCase() });
      }
      onClose(`Saved the changes to ${form.name.trim() || member.name}.`);
    } catch (err) {
      setError(err);
      if (wrote) onChanged(); // what was saved before the error shows in the list
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="editor" aria-labelledby=${id("title")} onSubmit=${save}>
    <h3 id=${id("title")}>Edit ${member.name}</h3>
    <div class="editor-grid">
      <${TextField} id=${id("name")} label="Name" value=${form.name} onInput=${set("name")} error=${errorOn(error, "name")} required inputRef=${first} />
      <${TextField} id=${id("handle")} label="Handle" value=${form.handle} onInput=${set("handle")} error=${errorOn(error, "handle")} required />
      <${TextField} id=${id("headline")} label="Headline" value=${form.headline} onInput=${set("headline")} error=${errorOn(error, "headline")} />
      <${TextField} id=${id("email")} label="Email" type="email" value=${form.email} onInput=${set("email")} error=${errorOn(error, "email")}
        hint="Seen only by them and organisers; empty it to remove it." />
      <${ChoiceField} id=${id("team")} label="Team" value=${form.team} none="No team" options=${teamOptions(teams)} onChange=${set("team")} error=${errorOn(error, "team")} />
      <${ChoiceField} id=${id("site")} label="Site" value=${form.site} none="No site" options=${siteOptions(sites)} onChange=${set("site")} error=${errorOn(error, "site")} />
      <${RoleField} id=${id("role")} member=${member} self=${self} value=${form.role} onChange=${set("role")} error=${roleError(errorOn(error, "role"))} />
    </div>
    <${ErrorText} error=${errorElsewhere(error, EDIT_FIELDS)} />
    <button type="submit" disabled=${busy}>${busy ? "Saving…" : "Save changes"}</button>
    <button type="button" class="secondary" onClick=${() => onClose("")}>Cancel</button>
    ${!self && html`<${PasswordResetLink} client=${client} member=${member} />`}
  </form>`;
}

/** An organiser creates a single-use link with which a member chooses a new password. */
function PasswordResetLink({ client, member }) {
  const [issued, setIssued] = useState(null);
  const [error, setError] = useState(null);
  const [copied, setCopied] = useState("");
  const id = `reset-link-${member.key}`;
  const create = async () => {
    setError(null);
    setCopied("");
    try {
      setIssued((await client.request(RESET_LINK, { memberId: member.id })).createPasswordResetLink);
    } catch (err) {
      setError(err);
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(issued.link);
      setCopied("Link copied.");
    } catch {
      setCopied("Copying is not allowed here: select the link and copy it by hand.");
    }
  };
  return html`<div class="reset-link">
    <button type="button" class="secondary" onClick=${create}>${issued ? "Create a new password reset link" : "Password reset link"}</button>
    <${ErrorText} error=${error} />
    ${issued && html`<div class="card" role="status">
      <p>Give ${member.name} this link. It works once, until ${issued.expiresAt.replace("T", " ").slice(0, 16)} UTC; it will not be shown again,
        and a new link replaces it. Their sessions end when they use it.</p>
      <label for=${id}>Password reset link</label>
      <input id=${id} class="token" readonly value=${issued.link} onFocus=${(e) => e.currentTarget.select()} />
      <button type="button" onClick=${copy}>Copy link</button>
      <span aria-live="polite" class="ok">${copied}</span>
    </div>`}
  </div>`;
}

/** A deletion asked for, with what it does, confirmed by a second, explicit button. */
function ConfirmDelete({ id, title, effect, confirm, keep, run, onDone, onCancel }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => focusSoon(`${id}-keep`), []);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await run();
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<div class="confirm" role="group" aria-labelledby=${`${id}-title`} aria-describedby=${`${id}-effect`}>
    <h3 id=${`${id}-title`}>${title}</h3>
    <p id=${`${id}-effect`}>${effect}</p>
    <button type="button" class="danger" disabled=${busy} onClick=${go}>${busy ? "Deleting…" : confirm}</button>
    <button type="button" class="secondary" id=${`${id}-keep`} onClick=${onCancel}>${keep}</button>
    <${ErrorText} error=${error} />
  </div>`;
}

const NEW_FIELDS = ["name", "handle", "email", "role", "headline", "team", "site"];
const EMPTY_NEW = { mode: "invite", name: "", handle: "", email: "", role: "MEMBER", headline: "", team: "", site: "" };

/** Invite someone (they choose a password from a one-time link) or add a profile only. */
function AddMember({ client, teams, sites, onAdded }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState(EMPTY_NEW);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [invited, setInvited] = useState(null);
  const [added, setAdded] = useState(null);
  const set = (name) => (value) => setForm({ ...form, [name]: value });
  const invite = form.mode === "invite";
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setInvited(null);
    setAdded(null);
    try {
      if (invite) {
        setInvited((await client.request(INVITE, { input: inviteInput(form) })).inviteMember);
        onAdded("");
      } else {
        const member = (await client.request(CREATE_MEMBER, { input: createInput(form) })).createMember;
        setAdded(member);
        onAdded(`Added ${member.name} (@${member.handle}).`);
      }
      setForm({ ...EMPTY_NEW, mode: form.mode });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<section aria-labelledby="add-title" class="add-member">
    <h2 id="add-title" class="people-sr-only">Add a member</h2>
    <button type="button" aria-expanded=${open ? "true" : "false"} aria-controls="add-member-form" onClick=${() => setOpen(!open)}>
      ${open ? "Close the new member form" : "Add a member"}</button>
    ${open && html`<form id="add-member-form" class="card editor" aria-labelledby="add-form-title" onSubmit=${submit}>
      <h3 id="add-form-title">New member</h3>
      <fieldset class="mode"><legend>How they join</legend>
        <label class="inline"><input type="radio" name="mode" value="invite" checked=${invite} onChange=${() => set("mode")("invite")} />
          Invite them: they get a one-time link to choose a password</label>
        <label class="inline"><input type="radio" name="mode" value="create" checked=${!invite} onChange=${() => set("mode")("create")} />
          Add a profile only (no sign-in until they are invited)</label>
      </fieldset>
      <div class="editor-grid">
        <${TextField} id="new-name" label="Name" value=${form.name} onInput=${set("name")} error=${errorOn(error, "name")} required />
        <${TextField} id="new-handle" label="Handle" value=${form.handle} onInput=${set("handle")} error=${errorOn(error, "handle")} required
          hint="3 to 40 characters: lowercase letters, digits, dots, dashes, underscores." />
        <${TextField} id="new-email" label=${invite ? "Email" : "Email (optional)"} type="email" value=${form.email} onInput=${set("email")}
          error=${errorOn(error, "email")} required=${invite} />
        ${invite
          ? html`<div class="field"><label for="new-role">Role</label>
              <select id="new-role" value=${form.role} onChange=${(e) => set("role")(e.currentTarget.value)}>
                <option value="MEMBER">Member</option><option value="ORGANISER">Organiser</option></select>
              <${ErrorText} error=${errorOn(error, "role")} /></div>`
          : html`<${TextField} id="new-headline" label="Headline (optional)" value=${form.headline} onInput=${set("headline")} error=${errorOn(error, "headline")} />
            <${ChoiceField} id="new-team" label="Team" value=${form.team} none="No team" options=${teamOptions(teams)} onChange=${set("team")} error=${errorOn(error, "team")} />
            <${ChoiceField} id="new-site" label="Site" value=${form.site} none="No site" options=${siteOptions(sites)} onChange=${set("site")} error=${errorOn(error, "site")} />`}
      </div>
      ${invite && html`<p class="muted">Their team and site can be set here once they have accepted.</p>`}
      <${ErrorText} error=${errorElsewhere(error, NEW_FIELDS)} />
      <button type="submit" disabled=${busy}>${busy ? "Working…" : invite ? "Create invitation" : "Add member"}</button>
    </form>`}
    ${invited && html`<${InvitationLink} invited=${invited} />`}
    ${added && html`<p class="card" role="status">Added <${MemberLink} member=${added} /> (@${added.handle}). They cannot sign in until invited.</p>`}
  </section>`;
}

function InvitationLink({ invited }) {
  const [copied, setCopied] = useState("");
  const who = invited.invitation;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(invited.link);
      setCopied("Link copied.");
    } catch {
      setCopied("Copying is not allowed here: select the link and copy it by hand.");
    }
  };
  const mail = `mailto:${encodeURIComponent(who.email)}?subject=${encodeURIComponent("Your invitation to Kindred")}&body=${encodeURIComponent(
    `Hello ${who.name},\n\nJoin us on Kindred: open this link and choose a password.\n${invited.link}\n`,
  )}`;
  return html`<div class="card invitation" role="status" aria-labelledby="invite-done-title">
    <h3 id="invite-done-title">Invitation ready for ${who.name} (@${who.handle})</h3>
    <p>Send them this link. It works once, until ${invited.expiresAt.slice(0, 10)}; it will not be shown again.</p>
    <label for="invite-link">Invitation link</label>
    <input id="invite-link" class="token" readonly value=${invited.link} onFocus=${(e) => e.currentTarget.select()} />
    <button type="button" onClick=${copy}>Copy link</button> <a href=${mail}>Email it to ${who.email}</a>
    <span aria-live="polite" class="ok">${copied}</span>
  </div>`;
}

function Invitations({ client, version, onChanged }) {
  const { data, error } = useQuery(client, INVITATIONS, {}, [version]);
  const [revokeError, setRevokeError] = useState(null);
  const revoke = async (invitation) => {
    setRevokeError(null);
    try {
      await client.request(REVOKE, { id: invitation.id });
      onChanged(`The invitation for ${invitation.name} (@${invitation.handle}) was withdrawn.`);
    } catch (err) {
      setRevokeError(err);
    }
  };
  const pending = data?.invitations ?? [];
  return html`<section aria-labelledby="invitations-title">
    <h2 id="invitations-title">Pending invitations</h2>
    <${ErrorText} error=${error} />
    <${ErrorText} error=${revokeError} />
    ${data && (pending.length
      ? html`<div class="table-wrap"><table class="stack">
          <thead><tr><th scope="col">Name</th><th scope="col">Handle</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Expires</th><th scope="col"><span class="people-sr-only">Actions</span></th></tr></thead>
          <tbody>${pending.map((i) => html`<tr key=${i.id}>
            <th scope="row" data-label="Name">${i.name}</th><td data-label="Handle">@${i.handle}</td><td data-label="Email">${i.email}</td>
            <td data-label="Role">${i.role.toLowerCase()}</td><td data-label="Expires">${i.expiresAt.slice(0, 10)}</td>
            <td class="row-actions"><button type="button" class="danger-outline" aria-label=${`Withdraw the invitation for ${i.name}`} onClick=${() => revoke(i)}>Withdraw</button></td>
          </tr>`)}</tbody></table></div>`
      : html`<p class="muted">No invitations waiting.</p>`)}
  </section>`;
}

// Teams and sites ------------------------------------------------------------------------------

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
      <${TextField} id="new-team-name" label="Team name" value=${form.name} onInput=${(v) => setForm({ ...form, name: v })} error=${errorOn(error, "name")} required />
      <${ChoiceField} id="new-team-parent" label="Inside (parent unit)" value=${form.parent} none="Nothing: a top-level team" options=${parentOptions(teams, null)}
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
      <${TextField} id=${id("name")} label="Name" value=${form.name} onInput=${(v) => setForm({ ...form, name: v })} error=${errorOn(error, "name")} required inputRef=${first} />
      <${ChoiceField} id=${id("parent")} label="Inside (parent unit)" value=${form.parent} none="Nothing: a top-level team" options=${parentOptions(teams, team.id)}
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
      <${TextField} id="new-site-name" label="Site name" value=${form.name} onInput=${(v) => setForm({ ...form, name: v })} error=${errorOn(error, "name")} required />
      <${TextField} id="new-site-city" label="City (optional)" value=${form.city} onInput=${(v) => setForm({ ...form, city: v })} error=${errorOn(error, "city")} />
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
      <${TextField} id=${id("name")} label="Name" value=${form.name} onInput=${(v) => setForm({ ...form, name: v })} error=${errorOn(error, "name")} required inputRef=${first} />
      <${TextField} id=${id("city")} label="City" value=${form.city} onInput=${(v) => setForm({ ...form, city: v })} error=${errorOn(error, "city")} />
    </div>
    <${ErrorText} error=${errorElsewhere(error, ["name", "city"])} />
    <button type="submit">Save site</button>
    <button type="button" class="secondary" onClick=${() => onClose("")}>Cancel</button>
  </form>`;
}
