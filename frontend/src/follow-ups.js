// "Did you meet?": the member's open follow-ups of intros and purpose groups they accepted, each
// answered with "We met" (in a group: ticking whom) or "We did not meet", and the notice of the
// pause three unanswered ones cause, with "Resume now". Mounted on My proposals.
import { html } from "./html.js";
import { useEffect, useState } from "preact/hooks";
import { ErrorText, MemberLink, useQuery } from "./ui.js";
import {
  ANSWER, FOLLOW_UPS_QUERY, PAUSE_NOTICE, RESUME, answerVariables, answered, focusedFollowUp, isGroup, question, since,
} from "./follow-ups-model.js";
import "./follow-ups.css";

export function FollowUps({ client }) {
  const { data, error, reload } = useQuery(client, FOLLOW_UPS_QUERY, {}, []);
  const [said, setSaid] = useState(null);
  const focus = focusedFollowUp(typeof location === "undefined" ? "" : location.hash);
  useEffect(() => {
    if (data && focus) document.getElementById(`follow-up-${focus}`)?.scrollIntoView({ block: "center" });
  }, [data, focus]);
  if (!data) return error ? html`<${ErrorText} error=${error} />` : null;
  const open = data.myFollowUps;
  const paused = data.viewer?.proposalsPausedForFollowUps;
  if (!open.length && !paused && !said) return null;
  const done = (words) => {
    setSaid(words);
    reload();
  };
  return html`<section class="follow-ups" aria-labelledby="follow-ups-title">
    <h2 id="follow-ups-title">Did you meet?</h2>
    ${paused && html`<${PauseNotice} client=${client} onResumed=${() => done("New proposals can come again.")} />`}
    ${said && html`<p role="status" aria-live="polite" class="ok">${said}</p>`}
    ${open.length > 0 && html`<p class="muted">Tell us whether the introductions and groups you accepted led to a meeting: it records that you know each other and shows your community what works.</p>
      <ul class="cards">${open.map((f) => html`<${FollowUpCard} key=${f.proposalId} client=${client} followUp=${f} focused=${f.proposalId === focus} onAnswered=${done} />`)}</ul>`}
  </section>`;
}

function PauseNotice({ client, onResumed }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const resume = async () => {
    setBusy(true);
    setError(null);
    try {
      await client.request(RESUME, {});
      onResumed();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="follow-up-pause" role="note" aria-label="Proposals paused">
    <p>${PAUSE_NOTICE}</p>
    <button type="button" onClick=${resume} disabled=${busy}>Resume now</button>
    <${ErrorText} error=${error} />
  </div>`;
}

function FollowUpCard({ client, followUp, focused, onAnswered }) {
  const [ticked, setTicked] = useState([]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const group = isGroup(followUp);
  const answer = async (met) => {
    const { variables, error: refused } = answerVariables(followUp, met, ticked);
    setError(refused ? new Error(refused) : null);
    if (refused) return;
    setBusy(true);
    try {
      onAnswered(answered((await client.request(ANSWER, variables)).answerFollowUp));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const toggle = (id) => {
    setError(null);
    setTicked(ticked.includes(id) ? ticked.filter((x) => x !== id) : [...ticked, id]);
  };
  const titleId = `follow-up-title-${followUp.proposalId}`;
  return html`<li class=${`card follow-up${focused ? " focused" : ""}`} id=${`follow-up-${followUp.proposalId}`} aria-labelledby=${titleId}>
    <h3 id=${titleId}>${followUp.title}</h3>
    <p>${question(followUp)} <span class="muted">${since(followUp)}</span></p>
    ${group
      ? html`<fieldset><legend>Whom did you meet?</legend>
          ${followUp.people.map((p) => html`<label class="follow-up-person"><input type="checkbox" checked=${ticked.includes(p.id)} onChange=${() => toggle(p.id)} /> ${p.name}</label>`)}
        </fieldset>`
      : html`<p>With <${MemberLink} member=${followUp.people[0]} /></p>`}
    <div class="actions">
      <button type="button" onClick=${() => answer(true)} disabled=${busy}>We met</button>
      <button type="button" class="secondary" onClick=${() => answer(false)} disabled=${busy}>We did not meet</button>
    </div>
    <${ErrorText} error=${error} />
  </li>`;
}
