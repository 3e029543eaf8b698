// Consent to suggestions. On one's own profile: a pause until a day, the kinds of suggestion
// wanted, and the people one would rather not be suggested to. On someone else's profile:
// "Don't suggest me to …", seen by the viewer only (the other person is never told).
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, MemberLink, useQuery } from "./ui.js";
import { PauseUntil } from "./pause.js";
import { KINDS, kindsSummary } from "./settings-consent-model.js";
import { PAUSE_NOTICE } from "./follow-ups-model.js";
import "./follow-ups.css";
import "./settings-consent.css";

const MINE = `query MyConsent { viewer { id recommendationPausedUntil proposalsPausedForFollowUps proposalKinds noIntroList { id handle name } } }`;
const THEIRS = `query TheirConsent($handle: String!) { member(handle: $handle) { id onMyNoIntroList } }`;
const SET_KINDS = `mutation ProposalKinds($kinds: [ProposalKind!]!) { setMyProposalKinds(kinds: $kinds) { id proposalKinds } }`;
const ADD = `mutation NoIntro($id: ID!) { addToNoIntroList(memberId: $id) { id onMyNoIntroList } }`;
const REMOVE = `mutation IntroAgain($id: ID!) { removeFromNoIntroList(memberId: $id) { id onMyNoIntroList } }`;

/** Mounted on every profile a member opens: `mine` says whether it is their own. */
export function Consent({ client, member, mine }) {
  return mine ? html`<${MyConsent} client=${client} />` : html`<${NoIntroToggle} client=${client} member=${member} />`;
}

function MyConsent({ client }) {
  const { data, error, setData, reload } = useQuery(client, MINE, {}, []);
  if (!data) return html`<${ErrorText} error=${error} />`;
  const viewer = data.viewer;
  const update = (changes) => setData({ viewer: { ...viewer, ...changes } });
  return html`<section class="consent-box" aria-labelledby="consent-title">
    <h2 id="consent-title">What Kindred may suggest to you</h2>
    ${viewer.proposalsPausedForFollowUps && html`<p class="follow-up-pause">${PAUSE_NOTICE} <a href="#/proposals">Answer or resume on My proposals</a></p>`}
    <${PauseUntil} client=${client} until=${viewer.recommendationPausedUntil} onSaved=${(until) => update({ recommendationPausedUntil: until })} />
    <${KindsForm} client=${client} kinds=${viewer.proposalKinds} onSaved=${(kinds) => update({ proposalKinds: kinds })} />
    <${NoIntroList} client=${client} people=${viewer.noIntroList} onChanged=${reload} />
  </section>`;
}

function KindsForm({ client, kinds, onSaved }) {
  const [chosen, setChosen] = useState(kinds);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  const toggle = (kind) => {
    setSaved(false);
    setChosen(chosen.includes(kind) ? chosen.filter((k) => k !== kind) : [...chosen, kind]);
  };
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved((await client.request(SET_KINDS, { kinds: chosen })).setMyProposalKinds.proposalKinds);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="consent-kinds" onSubmit=${submit}>
    <fieldset>
      <legend>Suggest me for</legend>
      ${KINDS.map((k) => html`<label class="consent-kind">
        <input type="checkbox" name="kinds" value=${k.kind} checked=${chosen.includes(k.kind)} onChange=${() => toggle(k.kind)} />
        <span><strong>${k.label}</strong> <span class="muted">${k.hint}</span></span>
      </label>`)}
    </fieldset>
    <p class="muted">${kindsSummary(kinds)}</p>
    <button type="submit" disabled=${busy}>Save my choices</button>
    ${saved && html` <span role="status" class="ok">Saved</span>`}
    <${ErrorText} error=${error} />
  </form>`;
}

function NoIntroList({ client, people, onChanged }) {
  const [error, setError] = useState(null);
  const [said, setSaid] = useState("");
  const remove = async (person) => {
    setError(null);
    try {
      await client.request(REMOVE, { id: person.id });
      setSaid(`${person.name} may be suggested to you again.`);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  return html`<div class="no-intro-list">
    <h3 id="no-intro-list-title">People Kindred won't suggest you to</h3>
    <p class="muted">Only you see this list: the people on it are never told.</p>
    ${people.length
      ? html`<ul>${people.map((p) => html`<li><${MemberLink} member=${p} />
          <button type="button" class="secondary" aria-label=${`Remove ${p.name}`} onClick=${() => remove(p)}>Remove</button></li>`)}</ul>`
      : html`<p class="muted empty-action">Nobody. To add someone, open their profile and press “Don't suggest me to …”.</p>`}
    <p role="status" class="ok">${said}</p>
    <${ErrorText} error=${error} />
  </div>`;
}

function NoIntroToggle({ client, member }) {
  const { data, error, setData } = useQuery(client, THEIRS, { handle: member.handle }, [member.handle]);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState(null);
  if (!data?.member) return html`<${ErrorText} error=${error} />`;
  const listed = data.member.onMyNoIntroList;
  const name = member.name;
  const first = name.split(" ")[0] || name;
  const run = async (query, field) => {
    setBusy(true);
    setActionError(null);
    try {
      setData({ member: (await client.request(query, { id: member.id }))[field] });
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="consent-box" aria-labelledby="no-intro-title">
    <h2 id="no-intro-title">Suggestions with ${first}</h2>
    <p role="status">${listed
      ? `Kindred won't suggest you and ${name} to each other, in any kind of suggestion.`
      : `Rather not meet ${name} through Kindred? Kindred will then never suggest you to each other.`}</p>
    <p class="muted">Only you see this: ${first} is never told.</p>
    ${listed
      ? html`<button type="button" class="secondary" disabled=${busy} onClick=${() => run(REMOVE, "removeFromNoIntroList")}>Suggest me to ${name} again</button>`
      : html`<button type="button" class="secondary" disabled=${busy} onClick=${() => run(ADD, "addToNoIntroList")}>Don't suggest me to ${name}</button>`}
    <${ErrorText} error=${actionError} />
  </section>`;
}
