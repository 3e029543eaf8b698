// A member's proposals: why they were proposed, accept or decline, and the groups they joined.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, Loading, MemberLink, useQuery } from "./ui.js";
import { groupAnswers } from "./member-model.js";
import { CalendarLink } from "./calendar.js";
import { FollowUps } from "./follow-ups.js";
import "./member.css";

const PROPOSAL_FIELDS = `id kind reasonText myResponse calendarUrl
  otherMembers { handle name }
  responses { response member { handle name } }
  community { id name members { handle name } }`;
// A seat at an event is a plan, shown with the event (Events, "My events"), not answered here.
const MY_PROPOSALS = `query MyProposals { myProposals(kinds: [PURPOSE, INTROS, SKILLS]) { ${PROPOSAL_FIELDS} } viewer { communities { id name members { handle name } } } }`;
const RESPOND = `mutation Respond($id: ID!, $accept: Boolean!) { respondToProposal(id: $id, accept: $accept) { ${PROPOSAL_FIELDS} } }`;

const KIND = { PURPOSE: "Purpose group", INTROS: "Introduction", SKILLS: "Skills pairing" };

const people = (members) => members.map((m, i) => html`${i ? ", " : ""}<${MemberLink} member=${m} />`);

/** Once the member accepted: who else is in, who is still deciding, who declined, each linked to
 * their profile (the API shows the answers to members who accepted). */
function WhoIsIn({ proposal, viewerHandle }) {
  const answers = groupAnswers(proposal.responses, viewerHandle);
  if (!answers) return null;
  const group = proposal.kind === "PURPOSE";
  return html`<div class="group-answers">
    <h3>Who is in</h3>
    <dl>
      <dt>Accepted</dt><dd>${answers.accepted.length ? people(answers.accepted) : html`<span class="muted">Nobody else yet: you are the first.</span>`}</dd>
      ${answers.deciding.length > 0 && html`<dt>Still deciding</dt><dd>${people(answers.deciding)}</dd>`}
      ${answers.declined.length > 0 && html`<dt>Declined</dt><dd>${people(answers.declined)}</dd>`}
    </dl>
    <p class="muted">To reach them, open their profiles: their team and site say where to find them${group ? ", and the group is listed under My purpose groups below" : ""}.</p>
  </div>`;
}

function ProposalCard({ client, proposal, session, onChanged }) {
  const [error, setError] = useState(null);
  const respond = async (accept) => {
    setError(null);
    try {
      await client.request(RESPOND, { id: proposal.id, accept });
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  return html`<li class="card" aria-label=${`${KIND[proposal.kind]} proposal`}>
    <h2>${KIND[proposal.kind]} <span class=${`badge ${proposal.myResponse?.toLowerCase()}`}>${proposal.myResponse?.toLowerCase()}</span></h2>
    <p class="reason">${proposal.reasonText}</p>
    <p>With ${proposal.otherMembers.map((m, i) => html`${i ? ", " : ""}<${MemberLink} member=${m} />`)}</p>
    <div class="actions">
      <button type="button" onClick=${() => respond(true)} disabled=${proposal.myResponse === "ACCEPTED"}>Accept</button>
      <button type="button" onClick=${() => respond(false)} disabled=${proposal.myResponse === "DECLINED"}>Decline</button>
    </div>
    ${proposal.myResponse === "ACCEPTED" && html`<${WhoIsIn} proposal=${proposal} viewerHandle=${session.handle} />`}
    ${proposal.calendarUrl && html`<p>Meet for the first time: <${CalendarLink} url=${proposal.calendarUrl} what=${proposal.community?.name ?? "your group"}>Add a suggested first meeting to your calendar<//> <span class="muted">(a time on the first weekday after the group formed; agree on another one in the group if it does not suit everyone)</span></p>`}
    <${ErrorText} error=${error} />
  </li>`;
}

export function ProposalsPage({ client, session }) {
  const { data, error, loading, reload } = useQuery(client, MY_PROPOSALS, {}, []);
  if (loading && !data) return html`<${Loading} what="Loading your proposals" />`;
  if (error) return html`<${ErrorText} error=${error} />`;
  const groups = data.viewer?.communities ?? [];
  return html`<section aria-labelledby="proposals-title">
    <h1 id="proposals-title">My proposals</h1>
    <${FollowUps} client=${client} />
    ${data.myProposals.length
      ? html`<ul class="cards">${data.myProposals.map((p) => html`<${ProposalCard} key=${p.id} client=${client} proposal=${p} session=${session} onChanged=${reload} />`)}</ul>`
      : html`<p class="muted">No proposals for you yet. Introductions and purpose groups that include you show here once an organiser publishes them; <a href=${`#/member/${encodeURIComponent(session.handle)}?edit=passions`}>adding your passions</a> helps find them. Your tables at events are on <a href="#/events">Events</a>.</p>`}
    <h2 id="groups-title">My purpose groups</h2>
    ${groups.length
      ? html`<ul class="groups" aria-labelledby="groups-title">${groups.map((g) => html`<li><strong>${g.name}</strong>: ${g.members.map((m, i) => html`${i ? ", " : ""}<${MemberLink} member=${m} />`)}</li>`)}</ul>`
      : html`<p class="muted">${data.myProposals.some((p) => p.kind === "PURPOSE" && p.myResponse !== "ACCEPTED")
        ? "Accept a purpose-group proposal above to join its group."
        : html`Not in a purpose group yet. Accept a purpose-group proposal when one comes; <a href=${`#/member/${encodeURIComponent(session.handle)}?edit=passions`}>adding your passions</a> helps the next grouping include you.`}</p>`}
  </section>`;
}
