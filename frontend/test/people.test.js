import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createInput,
  editForm,
  errorElsewhere,
  errorOn,
  fetchAll,
  firstPage,
  formFieldOf,
  handleCandidate,
  inviteInput,
  memberChanges,
  memberDeletionEffect,
  memberFilter,
  nextPage,
  pageCursor,
  pageNumber,
  pageSummary,
  parentChoices,
  previousPage,
  roleError,
  roleHint,
  roleValue,
  siteDeletionEffect,
  teamDeletionEffect,
  teamPath,
  teamTree,
  withExactMatch,
} from "../src/people-model.js";

const ADA = { id: "m1", handle: "ada", name: "Ada Lovelace", headline: "Numbers", email: null, team: { id: "t1", name: "Platform" }, site: null };

const TEAMS = [
  { id: "t3", name: "platform", parent: { id: "t1" }, memberCount: 2 },
  { id: "t1", name: "Engineering", parent: null, memberCount: 5 },
  { id: "t4", name: "Kernel", parent: { id: "t3" }, memberCount: 1 },
  { id: "t2", name: "Design", parent: null, memberCount: 0 },
  { id: "t5", name: "Apps", parent: { id: "t1" }, memberCount: 3 },
];

test("paging walks forwards by cursor and back by the stack of cursors", () => {
  let paging = firstPage();
  assert.equal(pageCursor(paging), null);
  assert.equal(pageNumber(paging), 1);
  paging = nextPage(paging, "c20");
  paging = nextPage(paging, "c40");
  assert.equal(pageCursor(paging), "c40");
  assert.equal(pageNumber(paging), 3);
  paging = previousPage(paging);
  assert.equal(pageCursor(paging), "c20");
  assert.equal(pageNumber(previousPage(previousPage(paging))), 1, "never before the first page");
  assert.equal(nextPage(paging, null), paging, "no cursor, no next page");
});

test("the page summary counts from the page's first row", () => {
  assert.equal(pageSummary(firstPage(), 20, 61), "Members 1–20 of 61");
  assert.equal(pageSummary(nextPage(nextPage(firstPage(), "a"), "b"), 20, 61), "Members 41–60 of 61");
  assert.equal(pageSummary(firstPage(), 0, 0), "No members match.");
  assert.equal(pageSummary(nextPage(firstPage(), "a"), 0, 1), "No members on this page (1 member in all).");
});

test("the members filter leaves out what was not asked", () => {
  assert.equal(memberFilter({ text: "  ", team: "", site: "" }), null);
  assert.deepEqual(memberFilter({ text: " ada ", team: "t1", site: "" }), { text: "ada", team: "t1" });
  assert.deepEqual(memberFilter({ site: "s1" }), { site: "s1" });
});

test("a search that can be a handle also looks the handle up", () => {
  assert.equal(handleCandidate("@Ada.L"), "ada.l");
  assert.equal(handleCandidate(" bob_smith-2 "), "bob_smith-2");
  assert.equal(handleCandidate("ada lovelace"), null, "spaces: words, not a handle");
  assert.equal(handleCandidate("ab"), null, "too short");
  assert.equal(handleCandidate(""), null);
});

test("an exact handle match comes first unless it is on the page already", () => {
  const bob = { id: "m2", name: "Bob" };
  assert.deepEqual(withExactMatch([bob], ADA), [ADA, bob]);
  assert.deepEqual(withExactMatch([ADA, bob], ADA), [ADA, bob]);
  assert.deepEqual(withExactMatch([bob], null), [bob]);
});

test("saving an untouched form changes nothing", () => {
  const changes = memberChanges(ADA, editForm(ADA));
  assert.deepEqual(changes.input, {});
  assert.equal(changes.team, undefined);
  assert.equal(changes.site, undefined);
  assert.equal(changes.role, undefined);
  assert.ok(changes.empty);
});

test("the role starts as the member's and is sent only when changed", () => {
  assert.equal(editForm(ADA).role, "MEMBER", "no role given: a member");
  const olga = { ...ADA, role: "organiser" };
  assert.equal(editForm(olga).role, "ORGANISER");
  assert.equal(memberChanges(olga, editForm(olga)).role, undefined);
  const changes = memberChanges(ADA, { ...editForm(ADA), role: "ORGANISER" });
  assert.equal(changes.role, "ORGANISER");
  assert.deepEqual(changes.input, {});
  assert.equal(changes.empty, false);
  assert.equal(memberChanges(olga, { ...editForm(olga), role: "MEMBER" }).role, "MEMBER");
});

test("refusing to leave the community without an organiser reads as a plain sentence", () => {
  const refused = { message: "you are the only organiser: make another member an organiser before you step down", code: "CONFLICT", field: "role" };
  const shown = roleError(refused);
  assert.equal(shown.message, "You are the only organiser: make another member an organiser before you step down.");
  assert.equal(shown.code, null, "no generic lead before it");
  assert.equal(shown.field, "role");
  const forbidden = { message: "only an organiser can do this", code: "FORBIDDEN" };
  assert.equal(roleError(forbidden), forbidden);
  assert.equal(roleError(null), null);
});

test("roles read in any case become the API's MemberRole", () => {
  assert.equal(roleValue("organiser"), "ORGANISER");
  assert.equal(roleValue("ORGANISER"), "ORGANISER");
  assert.equal(roleValue("member"), "MEMBER");
  assert.equal(roleValue(undefined), "MEMBER");
});

test("the role field says what a change of role does", () => {
  const olga = { ...ADA, name: "Olga", role: "organiser" };
  assert.equal(roleHint(ADA, "MEMBER", false), null, "unchanged: nothing to say");
  assert.match(roleHint(ADA, "ORGANISER", false), /^Ada Lovelace can then do everything organisers do/);
  assert.match(roleHint(olga, "MEMBER", false), /^Olga can no longer do what organisers do/);
  assert.match(roleHint(olga, "MEMBER", true), /^This is you: as a member you lose the organiser pages/);
});

test("only changed fields are sent; team and site are set, moved or taken away", () => {
  const form = { ...editForm(ADA), headline: "Engines", handle: " ada.l ", team: "", site: "s9" };
  const changes = memberChanges(ADA, form);
  assert.deepEqual(changes.input, { headline: "Engines", handle: "ada.l" });
  assert.equal(changes.team, null, "no team: taken out of it");
  assert.equal(changes.site, "s9");
  assert.equal(changes.empty, false);
});

test("an emptied email is sent empty, which clears it", () => {
  const member = { ...ADA, email: "ada@example.org" };
  assert.deepEqual(memberChanges(member, { ...editForm(member), email: " " }).input, { email: "" });
});

test("new members and invitations send only what was filled in", () => {
  assert.deepEqual(createInput({ handle: " neo ", name: "Neo", email: "", headline: " ", team: "t1", site: "" }), { handle: "neo", name: "Neo", team: "t1" });
  assert.deepEqual(inviteInput({ handle: "neo", name: "Neo", email: " neo@example.org ", role: "ORGANISER" }), { handle: "neo", name: "Neo", email: "neo@example.org", role: "ORGANISER" });
  assert.equal(inviteInput({ handle: "neo", name: "Neo", email: "", role: "anything" }).role, "MEMBER");
});

test("API errors land on the field that caused them", () => {
  const taken = { message: "the handle 'olga' is already taken", code: "CONFLICT", field: "handle" };
  assert.equal(formFieldOf(taken), "handle");
  assert.equal(errorOn(taken, "handle"), taken);
  assert.equal(errorOn(taken, "name"), null);
  assert.equal(errorElsewhere(taken, ["name", "handle"]), null);
  const team = { message: "no team", code: "NOT_FOUND", field: "teamId" };
  assert.equal(errorOn(team, "team"), team, "assignMemberToTeam's teamId is the form's team");
  assert.equal(errorOn({ field: "parentId" }, "parent").field, "parentId");
  const whole = { message: "give at least one field", field: "input" };
  assert.equal(formFieldOf(whole), null);
  assert.equal(errorElsewhere(whole, ["name"]), whole, "a form-wide error goes under the form");
  assert.equal(errorElsewhere(null, ["name"]), null);
});

test("teams are listed under their parent units, by name", () => {
  const tree = teamTree(TEAMS).map(({ team, depth }) => `${"-".repeat(depth)}${team.name}`);
  assert.deepEqual(tree, ["Design", "Engineering", "-Apps", "-platform", "--Kernel"]);
});

test("a cycle or an unknown parent still lists every team once", () => {
  const odd = [
    { id: "a", name: "A", parent: { id: "b" } },
    { id: "b", name: "B", parent: { id: "a" } },
    { id: "c", name: "C", parent: { id: "gone" } },
  ];
  const names = teamTree(odd).map(({ team }) => team.name);
  assert.deepEqual([...names].sort(), ["A", "B", "C"]);
});

test("a team cannot move inside itself or its own sub-teams", () => {
  const choices = parentChoices(TEAMS, "t1").map(({ team }) => team.id);
  assert.deepEqual(choices, ["t2"]);
  assert.deepEqual(parentChoices(TEAMS, "t3").map(({ team }) => team.id), ["t2", "t1", "t5"]);
  assert.equal(parentChoices(TEAMS, null).length, TEAMS.length, "a new team may go anywhere");
});

test("a team's path names its parent units", () => {
  assert.equal(teamPath(TEAMS, TEAMS[2]), "Engineering › platform › Kernel");
  assert.equal(teamPath(TEAMS, TEAMS[3]), "Design");
});

test("deleting says what happens to the members, in plain words", () => {
  assert.match(teamDeletionEffect(TEAMS[1], TEAMS), /Its 5 members will have no team.*Its 2 sub-teams will become top-level/);
  assert.match(teamDeletionEffect(TEAMS[3], TEAMS), /^It has no members\. This cannot be undone\.$/);
  assert.match(siteDeletionEffect({ name: "Lyon", memberCount: 1 }), /Its 1 member will no longer be based anywhere/);
  assert.match(memberDeletionEffect(ADA), /Ada Lovelace \(@ada\) will be removed.*cannot be undone/);
});

test("fetchAll walks every page of a connection", async () => {
  const calls = [];
  const client = {
    async request(query, variables) {
      calls.push(variables);
      const page = variables.after === null ? 0 : Number(variables.after);
      return { teams: { edges: [{ node: { id: `t${page}` } }], pageInfo: { hasNextPage: page < 2, endCursor: String(page + 1) } } };
    },
  };
  const teams = await fetchAll(client, "query", "teams");
  assert.deepEqual(teams.map((t) => t.id), ["t0", "t1", "t2"]);
  assert.deepEqual(calls.map((c) => c.after), [null, "1", "2"]);
  assert.equal(calls[0].first, 100);
});
