// Organiser page for members (#/organiser/people): search, add or invite, edit, delete. The logic
// lives in people-model.js; teams and sites have their own page in teams-sites.js.
import { html } from "./html.js";
import { useEffect, useRef, useState } from "preact/hooks";
import { ConfirmDelete, focusSoon, OrganiserNav, OrganisersOnly } from "./organiser.js";
import { useUnits } from "./teams-sites.js";
import { ErrorText, Field, isOrganiser, Loading, MemberLink, useQuery } from "./ui.js";
import { formatDay, formatWhen } from "./words.js";
import { ManagedBadge, ManagedNote, ReadOnlyField } from "./managed-members.js";
import {
  createInput,
  editForm,
  errorElsewhere,
  errorOn,
  firstPage,
  handleCandidate,
  inviteInput,
  memberChanges,
  memberDeletionEffect,
  memberFilter,
  nextPage,
  PAGE_SIZE,
  pageCursor,
  pageNumber,
  pageSummary,
  previousPage,
  roleError,
  roleHint,
  teamPath,
  teamTree,
  withExactMatch,
} from "./people-model.js";
import "./people.css";

const MEMBER_FIELDS = "id key handle name headline email role managedByProvider team { id name } site { id name }";
const PEOPLE = `query People($filter: MemberFilter, $after: String, $handle: String, $byHandle: Boolean!) {
  members(filter: $filter, orderBy: NAME, first: ${PAGE_SIZE}, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${MEMBER_FIELDS} } } }
  exact: member(handle: $handle) @include(if: $byHandle) { ${MEMBER_FIELDS} } }`;
const CREATE_MEMBER = `mutation CreateMember($input: CreateMemberInput!) { createMember(input: $input) { id handle name } }`;
const INVITE = `mutation Invite($input: InviteMemberInput!) { inviteMember(input: $input) {
  token link expiresAt invitation { id handle name email role } } }`;
const INVITATIONS = `query Invitations { invitations(includeExpired: true) { id handle name email role expiresAt expired invitedBy { handle name } } }`;
const REVOKE = `mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) }`;
const RENEW = `mutation RenewInvitation($id: ID!) { renewInvitation(id: $id) { token link expiresAt invitation { id handle name email } } }`;
const UPDATE_MEMBER = `mutation UpdateMember($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id } }`;
const ASSIGN_TEAM = `mutation AssignTeam($memberId: ID!, $teamId: ID) { assignMemberToTeam(memberId: $memberId, teamId: $teamId) { id } }`;
const ASSIGN_SITE = `mutation AssignSite($memberId: ID!, $siteId: ID) { assignMemberToSite(memberId: $memberId, siteId: $siteId) { id } }`;
const DELETE_MEMBER = `mutation DeleteMember($id: ID!) { deleteMember(id: $id) }`;
const RESET_LINK = `mutation PasswordResetLink($memberId: ID!) { createPasswordResetLink(memberId: $memberId) { link expiresAt } }`;
const SET_ROLE = `mutation SetMemberRole($memberId: ID!, $role: MemberRole!) { setMemberRole(memberId: $memberId, role: $role) { id role } }`;

const teamOptions = (teams) => teamTree(teams || []).map(({ team }) => ({ value: team.id, label: teamPath(teams, team) }));
const siteOptions = (sites) =>
  [...(sites || [])].sort((a, b) => a.name.localeCompare(b.name)).map((s) => ({ value: s.id, label: s.city ? `${s.name} (${s.city})` : s.name }));

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
        <${Field} id="people-search" label="Search by name, words or handle">${(a) => html`<input ...${a} type="search" value=${filters.text}
          onInput=${(e) => setFilter("text", e.currentTarget.value)} />`}<//>
        <${Field} id="people-team" label="Filter by team" value=${filters.team} none="All teams" options=${teamOptions(units.teams)}
          onChange=${(v) => setFilter("team", v)} />
        <${Field} id="people-site" label="Filter by site" value=${filters.site} none="All sites" options=${siteOptions(units.sites)}
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
      <th scope="row" data-label="Name"><${MemberLink} member=${member} />${exact && html` <span class="badge">handle match</span>`}${member.managedByProvider && html` <${ManagedBadge} />`}</th>
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

const ROLES = [{ value: "MEMBER", label: "Member" }, { value: "ORGANISER", label: "Organiser" }];

function MemberEditor({ client, member, self, teams, sites, onClose, onChanged }) {
  const [form, setForm] = useState(editForm(member));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const first = useRef(null);
  useEffect(() => first.current?.focus(), []);
  const id = (name) => `member-${member.key}-${name}`;
  const managed = Boolean(member.managedByProvider);
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
    ${managed && html`<${ManagedNote} member=${member} id=${id("managed")} />`}
    <div class="editor-grid">
      ${managed
        ? html`<${ReadOnlyField} id=${id("name")} label="Name" value=${member.name} noteId=${id("managed")} />`
        : html`<${Field} id=${id("name")} label="Name" autocomplete="off" value=${form.name} onInput=${set("name")} error=${errorOn(error, "name")} required inputRef=${first} />`}
      <${Field} id=${id("handle")} label="Handle" autocomplete="off" value=${form.handle} onInput=${set("handle")} error=${errorOn(error, "handle")} required
        inputRef=${managed ? first : undefined} />
      <${Field} id=${id("headline")} label="Headline" autocomplete="off" value=${form.headline} onInput=${set("headline")} error=${errorOn(error, "headline")} />
      ${managed
        ? html`<${ReadOnlyField} id=${id("email")} label="Email" value=${member.email} noteId=${id("managed")} />
          <${ReadOnlyField} id=${id("team")} label="Team" value=${member.team?.name} none="No team" noteId=${id("managed")} />`
        : html`<${Field} id=${id("email")} label="Email" autocomplete="off" type="email" value=${form.email} onInput=${set("email")} error=${errorOn(error, "email")}
        hint="Seen only by them and organisers; empty it to remove it." />
      <${Field} id=${id("team")} label="Team" value=${form.team} none="No team" options=${teamOptions(teams)} onChange=${set("team")} error=${errorOn(error, "team")} />`}
      <${Field} id=${id("site")} label="Site" value=${form.site} none="No site" options=${siteOptions(sites)} onChange=${set("site")} error=${errorOn(error, "site")} />
      <${Field} id=${id("role")} label="Role" value=${form.role} options=${ROLES} onChange=${set("role")}
        hint=${roleHint(member, form.role, self)} error=${roleError(errorOn(error, "role"))} />
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
      <p>Give ${member.name} this link. It works once, until ${formatWhen(issued.expiresAt)}; it will not be shown again,
        and a new link replaces it. Their sessions end when they use it.</p>
      <label for=${id}>Password reset link</label>
      <input id=${id} class="token" readonly value=${issued.link} onFocus=${(e) => e.currentTarget.select()} />
      <button type="button" onClick=${copy}>Copy link</button>
      <span aria-live="polite" class="ok">${copied}</span>
    </div>`}
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
        <${Field} id="new-name" label="Name" autocomplete="off" value=${form.name} onInput=${set("name")} error=${errorOn(error, "name")} required />
        <${Field} id="new-handle" label="Handle" autocomplete="off" value=${form.handle} onInput=${set("handle")} error=${errorOn(error, "handle")} required
          hint="3 to 40 characters: lowercase letters, digits, dots, dashes, underscores." />
        <${Field} id="new-email" label=${invite ? "Email" : "Email (optional)"} autocomplete="off" type="email" value=${form.email} onInput=${set("email")}
          error=${errorOn(error, "email")} required=${invite} />
        ${invite
          ? html`<${Field} id="new-role" label="Role" value=${form.role} options=${ROLES} onChange=${set("role")} error=${errorOn(error, "role")} />`
          : html`<${Field} id="new-headline" label="Headline (optional)" autocomplete="off" value=${form.headline} onInput=${set("headline")} error=${errorOn(error, "headline")} />
            <${Field} id="new-team" label="Team" value=${form.team} none="No team" options=${teamOptions(teams)} onChange=${set("team")} error=${errorOn(error, "team")} />
            <${Field} id="new-site" label="Site" value=${form.site} none="No site" options=${siteOptions(sites)} onChange=${set("site")} error=${errorOn(error, "site")} />`}
      </div>
      ${invite && html`<p class="muted">Their team and site can be set here once they have accepted.</p>`}
      <${ErrorText} error=${errorElsewhere(error, NEW_FIELDS)} />
      <button type="submit" disabled=${busy}>${busy ? "Working…" : invite ? "Create invitation" : "Add member"}</button>
    </form>`}
    ${invited && html`<${InvitationLink} invited=${invited} />`}
    ${added && html`<p class="card" role="status">Added <${MemberLink} member=${added} /> (@${added.handle}). They cannot sign in until invited.</p>`}
  </section>`;
}

function InvitationLink({ invited, id = "invite" }) {
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
  return html`<div class="card invitation" role="status" aria-labelledby=${`${id}-done-title`}>
    <h3 id=${`${id}-done-title`}>Invitation ready for ${who.name} (@${who.handle})</h3>
    <p>Send them this link. It works once, until ${formatDay(invited.expiresAt)}. It is not shown again: if it gets lost, make a new link from the pending invitations (the old one then stops working).</p>
    <label for=${`${id}-link`}>Invitation link</label>
    <input id=${`${id}-link`} class="token" readonly value=${invited.link} onFocus=${(e) => e.currentTarget.select()} />
    <button type="button" onClick=${copy}>Copy link</button> <a href=${mail}>Email it to ${who.email}</a>
    <span aria-live="polite" class="ok">${copied}</span>
  </div>`;
}

function Invitations({ client, version, onChanged }) {
  const { data, error, reload } = useQuery(client, INVITATIONS, {}, [version]);
  const [revokeError, setRevokeError] = useState(null);
  const [renewed, setRenewed] = useState(null);
  const renew = async (invitation) => {
    setRevokeError(null);
    setRenewed(null);
    try {
      setRenewed((await client.request(RENEW, { id: invitation.id })).renewInvitation);
      reload();
    } catch (err) {
      setRevokeError(err);
    }
  };
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
          <thead><tr><th scope="col">Name</th><th scope="col">Handle</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Link works until</th><th scope="col"><span class="people-sr-only">Actions</span></th></tr></thead>
          <tbody>${pending.map((i) => html`<tr key=${i.id}>
            <th scope="row" data-label="Name">${i.name}</th><td data-label="Handle">@${i.handle}</td><td data-label="Email">${i.email}</td>
            <td data-label="Role">${i.role.toLowerCase()}</td><td data-label="Link works until">${i.expired ? html`<span class="badge">expired</span> ${formatDay(i.expiresAt)}` : formatDay(i.expiresAt)}</td>
            <td class="row-actions"><button type="button" aria-label=${`Make a new invitation link for ${i.name}`} onClick=${() => renew(i)}>New link</button>
              <button type="button" class="danger-outline" aria-label=${`Withdraw the invitation for ${i.name}`} onClick=${() => revoke(i)}>Withdraw</button></td>
          </tr>`)}</tbody></table></div>`
      : html`<p class="muted">No invitations waiting. Add a member above with "Invite them" ticked to send one.</p>`)}
    ${renewed && html`<${InvitationLink} invited=${renewed} id="renewed" />`}
  </section>`;
}
