// Plain logic behind the organiser pages for members (people.js) and for teams and sites
// (teams-sites.js), no DOM, no Preact, so it can be tested with node's test runner.
import { plural } from "./words.js";

export { plural };

export const PAGE_SIZE = 20;

// Paging ------------------------------------------------------------------------------------
// The API pages forwards only (keyset cursors, `after`); "Previous" walks back a stack of the
// cursors each page was opened with. The first page opens with no cursor.

export function firstPage() {
  return { cursors: [null] };
}

export function nextPage(paging, endCursor) {
  return endCursor ? { cursors: [...paging.cursors, endCursor] } : paging;
}

export function previousPage(paging) {
  return paging.cursors.length > 1 ? { cursors: paging.cursors.slice(0, -1) } : paging;
}

export function pageCursor(paging) {
  return paging.cursors[paging.cursors.length - 1];
}

export function pageNumber(paging) {
  return paging.cursors.length;
}

/** "Members 21–40 of 61", in plain words, for the page shown. */
export function pageSummary(paging, shown, total, size = PAGE_SIZE) {
  if (total === 0) return "No members match.";
  if (shown === 0) return `No members on this page (${plural(total, "member")} in all).`;
  const start = (pageNumber(paging) - 1) * size + 1;
  return `Members ${start}–${start + shown - 1} of ${total}`;
}

// Searching ---------------------------------------------------------------------------------

/** The members filter for the API: words, a team and a site; null when nothing is asked. */
export function memberFilter({ text = "", team = "", site = "" } = {}) {
  const filter = {};
  if (text.trim()) filter.text = text.trim();
  if (team) filter.team = team;
  if (site) filter.site = site;
  return Object.keys(filter).length ? filter : null;
}

/**
 * Handles are not in the full-text index, so a search that looks like a handle ("ada.l" or
 * "@ada.l") also asks for the member with exactly that handle. Null when it cannot be one.
 */
export function handleCandidate(text) {
  const t = (text || "").trim().replace(/^@/, "").toLowerCase();
  return /^[a-z0-9._-]{3,40}$/.test(t) ? t : null;
}

/** The page's rows, with an exact handle match first when it is not among them already. */
export function withExactMatch(rows, exact) {
  if (!exact || rows.some((m) => m.id === exact.id)) return rows;
  return [exact, ...rows];
}

// Editing a member --------------------------------------------------------------------------

const PROFILE_FIELDS = ["name", "handle", "headline", "email"];

/** A member's role ("member", "organiser", any case) as the API's MemberRole: MEMBER or ORGANISER. */
export function roleValue(role) {
  return (role || "").toLowerCase() === "organiser" ? "ORGANISER" : "MEMBER";
}

/** The edit form's starting values for a member (ids of team and site, "" for none; role as MemberRole). */
export function editForm(member) {
  return {
    name: member.name ?? "",
    handle: member.handle ?? "",
    headline: member.headline ?? "",
    email: member.email ?? "",
    team: member.team?.id ?? "",
    site: member.site?.id ?? "",
    role: roleValue(member.role),
  };
}

/**
 * What saving the form changes: `input` for updateMember (changed profile fields only; an
 * empty email clears it), `team` / `site`: undefined when unchanged, an id, or null to
 * take the member out, and `role`: undefined when unchanged, else MEMBER or ORGANISER for
 * setMemberRole. `empty` is true when nothing changed.
 */
export function memberChanges(member, form) {
  const before = editForm(member);
  const input = {};
  for (const field of PROFILE_FIELDS) {
    const value = field === "handle" || field === "email" ? (form[field] ?? "").trim() : form[field] ?? "";
    if (value !== before[field]) input[field] = value;
  }
  const team = (form.team ?? "") === before.team ? undefined : form.team || null;
  const site = (form.site ?? "") === before.site ? undefined : form.site || null;
  const role = form.role === undefined || roleValue(form.role) === before.role ? undefined : roleValue(form.role);
  const empty = !Object.keys(input).length && team === undefined && site === undefined && role === undefined;
  return { input, team, site, role, empty };
}

/** What the role field says under it: what a change of role does, in plain words (null: nothing to say). */
export function roleHint(member, role, self) {
  const before = roleValue(member.role);
  const after = roleValue(role);
  if (before === after) return null;
  if (self) return after === "MEMBER" ? "This is you: as a member you lose the organiser pages as soon as you save." : null;
  return after === "ORGANISER"
    ? `${member.name} can then do everything organisers do; the organiser pages appear for them at their next sign-in, or within 15 minutes.`
    : `${member.name} can no longer do what organisers do, from their next action on.`;
}

/**
 * A refused role change as the role field shows it: the API's CONFLICT ("you are the only
 * organiser: …") says all there is, so it reads as a sentence without the generic lead
 * ErrorText gives conflicts. Other errors pass through.
 */
export function roleError(error) {
  if (!error || error.code !== "CONFLICT") return error ?? null;
  const text = String(error.message || "").trim();
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return { ...error, code: null, message: /[.!?]$/.test(sentence) ? sentence : `${sentence}.` };
}

/** The fields of a new member, as createMember takes them (empty optional fields left out). */
export function createInput(form) {
  const input = { handle: form.handle.trim(), name: form.name };
  for (const key of ["email", "headline", "team", "site"]) {
    const value = (form[key] ?? "").trim();
    if (value) input[key] = value;
  }
  return input;
}

/** The fields of an invitation, as inviteMember takes them. */
export function inviteInput(form) {
  return { handle: form.handle.trim(), name: form.name, email: (form.email ?? "").trim(), role: form.role === "ORGANISER" ? "ORGANISER" : "MEMBER" };
}

// Errors next to their fields ---------------------------------------------------------------
// The API names the argument that caused an error; a few arguments are not the form's names.

const FIELD_OF_ARGUMENT = { teamId: "team", siteId: "site", parentId: "parent", input: null, memberId: null, id: null };

/** The form field an API error belongs to, or null when it belongs to the form as a whole. */
export function formFieldOf(error) {
  const field = error?.field;
  if (!field) return null;
  return Object.prototype.hasOwnProperty.call(FIELD_OF_ARGUMENT, field) ? FIELD_OF_ARGUMENT[field] : field;
}

/** The error when it belongs to this field of the form. */
export function errorOn(error, field) {
  return error && formFieldOf(error) === field ? error : null;
}

/** The error when it belongs to none of the fields shown (so it goes under the form). */
export function errorElsewhere(error, fields) {
  return error && !fields.includes(formFieldOf(error)) ? error : null;
}

// Teams as a tree ---------------------------------------------------------------------------

const byName = (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) || a.id.localeCompare(b.id);

/** Teams in tree order (each under its parent unit, by name), with their depth from the top. */
export function teamTree(teams) {
  const ids = new Set(teams.map((t) => t.id));
  const children = new Map();
  const roots = [];
  for (const team of teams) {
    const parent = team.parent?.id;
    if (parent && parent !== team.id && ids.has(parent)) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(team);
    } else roots.push(team);
  }
  const out = [];
  const seen = new Set();
  const walk = (team, depth) => {
    if (seen.has(team.id)) return;
    seen.add(team.id);
    out.push({ team, depth });
    for (const child of (children.get(team.id) || []).sort(byName)) walk(child, depth + 1);
  };
  for (const root of roots.sort(byName)) walk(root, 0);
  // A cycle (which the API refuses) would leave teams unreached: show them at the top anyway.
  for (const team of [...teams].sort(byName)) walk(team, 0);
  return out;
}

/** The ids of a team and of every team inside it, however deep. */
export function teamAndDescendants(teams, teamId) {
  const found = new Set([teamId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const team of teams) {
      if (!found.has(team.id) && team.parent?.id && found.has(team.parent.id)) {
        found.add(team.id);
        grew = true;
      }
    }
  }
  return found;
}

/** Teams that may become this team's parent unit: not itself, nor one inside it. */
export function parentChoices(teams, teamId) {
  const excluded = teamId ? teamAndDescendants(teams, teamId) : new Set();
  return teamTree(teams).filter(({ team }) => !excluded.has(team.id));
}

/** A team's name with its parent units: "Engineering › Platform". */
export function teamPath(teams, team) {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const names = [team.name];
  const seen = new Set([team.id]);
  let parent = team.parent?.id ? byId.get(team.parent.id) : null;
  while (parent && !seen.has(parent.id)) {
    names.unshift(parent.name);
    seen.add(parent.id);
    parent = parent.parent?.id ? byId.get(parent.parent.id) : null;
  }
  return names.join(" › ");
}

// What a deletion does, in plain words ------------------------------------------------------


export function memberDeletionEffect(member) {
  return `${member.name} (@${member.handle}) will be removed from the community with their bonds, passions, skills, team and site, and signed out everywhere. This cannot be undone.`;
}

export function teamDeletionEffect(team, teams) {
  const subTeams = teams.filter((t) => t.parent?.id === team.id).length;
  const parts = [
    team.memberCount
      ? `Its ${plural(team.memberCount, "member")} will have no team; they stay in the community with their profiles and bonds.`
      : "It has no members.",
  ];
  if (subTeams) parts.push(`Its ${plural(subTeams, "sub-team")} will become top-level.`);
  parts.push("This cannot be undone.");
  return parts.join(" ");
}

export function siteDeletionEffect(site) {
  return [
    site.memberCount
      ? `Its ${plural(site.memberCount, "member")} will no longer be based anywhere; they stay in the community with their profiles and bonds.`
      : "Nobody is based there.",
    "This cannot be undone.",
  ].join(" ");
}

// Loading every team or site ----------------------------------------------------------------

/** Walk a whole connection (teams, sites) page by page; `query` takes $first and $after. */
export async function fetchAll(client, query, key, { pageSize = 100, maxPages = 50 } = {}) {
  const nodes = [];
  let after = null;
  for (let page = 0; page < maxPages; page++) {
    const connection = (await client.request(query, { first: pageSize, after }))[key];
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
    after = connection.pageInfo.endCursor;
  }
  return nodes;
}
