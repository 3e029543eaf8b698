// A member's proposals: why they were proposed, accept or decline, and the groups they joined.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, Loading, MemberLink, useQuery } from "./ui.js";

const PROPOSAL_FIELDS = `id kind reasonText myResponse
  otherMembers { handle name }
  community { id name members { handle name } }`;
// A seat at an event is a plan, shown with the event (Events, "My events"), not answered here.
const MY_PROPOSALS = `query MyProposals { myProposals(kinds: [PURPOSE, INTROS, SKILLS]) { ${PROPOSAL_FIELDS} } viewer { communities { id name members { handle name } } } }`;
const RESPOND = `mutation Respond($id: ID!, $accept: Boolean!) { respondToProposal(id: $id, accept: $accept) { ${PROPOSAL_FIELDS} } }`;

const KIND = { PURPOSE: "Purpose group", INTROS: "Introduction", SKILLS: "Skills pairing" };

function ProposalCard({ client, proposal, onChanged }) {
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
    ${data.myProposals.length
      ? html`<ul class="cards">${data.myProposals.map((p) => html`<${ProposalCard} key=${p.id} client=${client} proposal=${p} onChanged=${reload} />`)}</ul>`
      : html`<p class="muted">No proposals for you yet. Introductions and purpose groups that include you show here once an organiser publishes them; <a href=${`#/member/${encodeURIComponent(session.handle)}`}>adding your passions</a> helps find them. Your tables at events are on <a href="#/events">Events</a>.</p>`}
    <h2 id="groups-title">My purpose groups</h2>
    ${groups.length
      ? html`<ul class="groups" aria-labelledby="groups-title">${groups.map((g) => html`<li><strong>${g.name}</strong>: ${g.members.map((m, i) => html`${i ? ", " : ""}<${MemberLink} member=${m} />`)}</li>`)}</ul>`
      : html`<p class="muted">Accept a purpose-group proposal to join a group.</p>`}
  </section>`;
}
