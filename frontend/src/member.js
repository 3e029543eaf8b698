// A member's profile, and for one's own profile: editing, passions, skills, password, export, delete.
import { html } from "./html.js";
import { useEffect, useRef, useState } from "preact/hooks";
import { ChangePassword } from "./auth.js";
import { Combobox, downloadJson, ErrorText, Field, fieldError, Loading, MemberLink, useQuery } from "./ui.js";
import { BondBox } from "./bond-box.js";
import { bondKindLabel } from "./member-model.js";
import { PauseRecommendations } from "./pause.js";
import { MailChoices } from "./settings-mail.js";
import { Consent } from "./settings-consent.js";
import { Welcome } from "./welcome.js";

const MEMBER_FIELDS = `id key handle name headline vision role email joinedAt recommendationOptOut
  team { key name } site { key name city }
  passions { intensity passion { slug name } }
  bondCount bonds { kind strength other { handle name } }
  seeks { slug name } offers { slug name }
  communities { id name members { handle name } }`;
const MEMBER = `query Member($handle: String!) { member(handle: $handle) { ${MEMBER_FIELDS} } }`;
const UPDATE = `mutation Update($input: ProfileInput!) { updateMyProfile(input: $input) { ${MEMBER_FIELDS} } }`;
const SET_PASSIONS = `mutation SetPassions($passions: [PassionInput!]!) { setMyPassions(passions: $passions) { ${MEMBER_FIELDS} } }`;
const SET_SKILLS = `mutation SetSkills($seeks: [String!]!, $offers: [String!]!) { setMySkills(seeks: $seeks, offers: $offers) { ${MEMBER_FIELDS} } }`;
const SUGGEST = `query Suggest($text: String!) { passions(filter: { text: $text }, first: 8) { edges { node { slug name memberCount } } } }`;
const EXPORT = `query Export { exportMyData }`;
const DELETE = `mutation Delete($confirmHandle: String!) { deleteMyAccount(confirmHandle: $confirmHandle) }`;

function Intensity({ value }) {
  return html`<span class="intensity" role="img" aria-label=${`intensity ${value} of 5`}>${"●".repeat(value)}${"○".repeat(5 - value)}</span>`;
}

/** A link that opens one's own profile editor at one form (MemberPage reads `?edit=`). */
function EditLink({ member, part, children }) {
  return html`<a href=${`#/member/${encodeURIComponent(member.handle)}?edit=${part}`}>${children}</a>`;
}

/** What shows where a profile has nothing yet: on one's own, the action that fills it; on
 * someone else's, that they have not filled it yet. */
function Empty({ mine, member, part, action, other }) {
  return html`<p class="muted empty-action">${mine ? html`<${EditLink} member=${member} part=${part}>${action}</${EditLink}>` : other}</p>`;
}

function ProfileView({ member, mine }) {
  const first = member.name.split(" ")[0] || member.name;
  return html`<div class="profile">
    ${member.headline
      ? html`<p class="headline">${member.headline}</p>`
      : html`<${Empty} mine=${mine} member=${member} part="headline" action="Add a headline: one line about you" other=${`${first} has not added a headline yet.`} />`}
    <dl class="facts">
      <dt>Team</dt><dd>${member.team?.name ?? "None"}</dd>
      <dt>Site</dt><dd>${member.site ? `${member.site.name}${member.site.city ? ` (${member.site.city})` : ""}` : "None"}</dd>
      <dt>Role</dt><dd>${member.role}</dd>
      ${member.email && html`<dt>Email</dt><dd>${member.email}</dd>`}
    </dl>
    <h2>Vision</h2>
    ${member.vision
      ? html`<p class="vision">${member.vision}</p>`
      : html`<${Empty} mine=${mine} member=${member} part="vision" action="Write your vision: what you want to achieve here" other=${`${first} has not written a vision yet.`} />`}
    <h2>Passions</h2>
    ${member.passions.length
      ? html`<ul class="passions">${member.passions.map((p) => html`<li><a href=${`#/passion/${encodeURIComponent(p.passion.slug)}`}>${p.passion.name}</a> <${Intensity} value=${p.intensity} /></li>`)}</ul>`
      : html`<${Empty} mine=${mine} member=${member} part="passions" action="Add your passions so people who share them can find you" other=${`${first} has not added passions yet.`} />`}
    <h2>Skills</h2>
    ${!member.offers.length && !(member.seeks?.length)
      ? html`<${Empty} mine=${mine} member=${member} part="skills" action="Add the skills you offer and seek" other=${`${first} has not listed skills yet.`} />`
      : html`<p>Offers: ${member.offers.length ? member.offers.map((s) => s.name).join(", ") : html`<span class="muted">nothing listed</span>`}</p>
        ${member.seeks && html`<p>Seeks: ${member.seeks.length ? member.seeks.map((s) => s.name).join(", ") : html`<span class="muted">nothing listed</span>`}</p>`}`}
    <h2>Bonds (${member.bondCount})</h2>
    ${member.bonds
      ? member.bonds.length
        ? html`<ul>${member.bonds.map((b) => html`<li><${MemberLink} member=${b.other} /> — ${bondKindLabel(b.kind).toLowerCase()}</li>`)}</ul>`
        : html`<p class="muted empty-action">${mine
          ? html`No bonds yet. Open the profile of someone you know and press “I know …”; <a href="#/explore">explore the community</a> to find them.`
          : `${first} has no bonds yet.`}</p>`
      : html`<p class="muted">Bond details are private.</p>`}
    <h2>Purpose groups</h2>
    ${member.communities.length
      ? html`<ul>${member.communities.map((c) => html`<li><strong>${c.name}</strong>: ${c.members.map((m, i) => html`${i ? ", " : ""}<${MemberLink} member=${m} />`)}</li>`)}</ul>`
      : html`<p class="muted empty-action">${mine
        ? html`Not in a purpose group yet. Accept a purpose-group proposal in <a href="#/proposals">My proposals</a> to join one.`
        : `${first} is not in a purpose group yet.`}</p>`}
  </div>`;
}

function ProfileForm({ client, member, onSaved }) {
  const [form, setForm] = useState({ name: member.name, headline: member.headline, vision: member.vision, email: member.email ?? "" });
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      onSaved((await client.request(UPDATE, { input: form })).updateMyProfile);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  const field = (name, label, multiline = false) => html`<${Field} id=${`profile-${name}`} name=${name} label=${label} multiline=${multiline}
    value=${form[name]} onInput=${(value) => setForm({ ...form, [name]: value })} error=${fieldError(error, name)} />`;
  return html`<form class="profile-form" onSubmit=${submit} aria-labelledby="edit-profile">
    <h2 id="edit-profile">Profile</h2>
    ${field("name", "Name")} ${field("headline", "Headline")} ${field("vision", "Vision", true)} ${field("email", "Email")}
    <button type="submit">Save profile</button>
    ${saved && html`<span role="status" class="ok">Saved</span>`}
    <${ErrorText} error=${error && !["name", "headline", "vision", "email"].includes(error.field) ? error : null} />
  </form>`;
}

/** Edit one's passions; the name box suggests existing passions so people reuse them. */
export function PassionsForm({ client, member, onSaved }) {
  const [rows, setRows] = useState(member.passions.map((p) => ({ passion: p.passion.name, intensity: p.intensity })));
  const [adding, setAdding] = useState({ passion: "", intensity: 3 });
  const [suggestions, setSuggestions] = useState([]);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  const timer = useRef(null);

  useEffect(() => {
    clearTimeout(timer.current);
    const text = adding.passion.trim();
    if (text.length < 2) return setSuggestions([]);
    timer.current = setTimeout(() => {
      client.request(SUGGEST, { text }).then((d) => setSuggestions(d.passions.edges.map((e) => e.node))).catch(() => setSuggestions([]));
    }, 200);
  }, [adding.passion]);

  /** The rows with what is typed in the "Add a passion" box added (an existing passion by its own name). */
  const withTyped = () => {
    const name = adding.passion.trim();
    if (!name) return rows;
    const existing = suggestions.find((s) => s.name.toLowerCase() === name.toLowerCase() || s.slug === name.toLowerCase());
    return [...rows.filter((r) => r.passion.toLowerCase() !== name.toLowerCase()), { passion: existing?.name ?? name, intensity: Number(adding.intensity) }];
  };
  const add = () => {
    if (!adding.passion.trim()) return;
    setRows(withTyped());
    setAdding({ passion: "", intensity: 3 });
  };
  // Saving keeps what is typed but not yet added: pressing Save is what people do.
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const all = withTyped();
    try {
      onSaved((await client.request(SET_PASSIONS, { passions: all.map((r) => ({ passion: r.passion, intensity: Number(r.intensity) })) })).setMyPassions);
      setRows(all);
      setAdding({ passion: "", intensity: 3 });
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  return html`<form onSubmit=${submit} aria-labelledby="edit-passions">
    <h2 id="edit-passions">Passions</h2>
    <ul class="edit-rows">
      ${rows.map((row, i) => html`<li>
        <span>${row.passion}</span>
        <label>Intensity <select value=${row.intensity} aria-label=${`Intensity of ${row.passion}`}
          onChange=${(e) => setRows(rows.map((r, j) => (j === i ? { ...r, intensity: Number(e.currentTarget.value) } : r)))}>
          ${[1, 2, 3, 4, 5].map((n) => html`<option value=${n}>${n}</option>`)}</select></label>
        <button type="button" aria-label=${`Remove ${row.passion}`} onClick=${() => setRows(rows.filter((_, j) => j !== i))}>Remove</button>
      </li>`)}
    </ul>
    <div class="add-row">
      <${Combobox} id="new-passion" name="new-passion" label="Add a passion" listLabel="Suggested passions" value=${adding.passion}
        options=${suggestions.map((s) => ({ value: s.name, label: s.name, hint: `${s.memberCount} members` }))}
        onInput=${(passion) => setAdding({ ...adding, passion })} onPick=${(passion) => setAdding({ ...adding, passion })} onEnter=${add} />
      <label>Intensity <select name="new-intensity" value=${adding.intensity} onChange=${(e) => setAdding({ ...adding, intensity: Number(e.currentTarget.value) })}>
        ${[1, 2, 3, 4, 5].map((n) => html`<option value=${n}>${n}</option>`)}</select></label>
      <button type="button" onClick=${add}>Add</button>
    </div>
    <button type="submit">Save passions</button>
    ${saved && html`<span role="status" class="ok">Saved</span>`}
    <${ErrorText} error=${error} />
  </form>`;
}

function SkillsForm({ client, member, onSaved }) {
  const [seeks, setSeeks] = useState((member.seeks ?? []).map((s) => s.name).join(", "));
  const [offers, setOffers] = useState(member.offers.map((s) => s.name).join(", "));
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  const split = (text) => text.split(",").map((s) => s.trim()).filter(Boolean);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      onSaved((await client.request(SET_SKILLS, { seeks: split(seeks), offers: split(offers) })).setMySkills);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  return html`<form onSubmit=${submit} aria-labelledby="edit-skills">
    <h2 id="edit-skills">Skills (separate with commas)</h2>
    <label>I offer <input name="offers" value=${offers} onInput=${(e) => setOffers(e.currentTarget.value)} /></label>
    <label>I seek <input name="seeks" value=${seeks} onInput=${(e) => setSeeks(e.currentTarget.value)} /></label>
    <button type="submit">Save skills</button>
    ${saved && html`<span role="status" class="ok">Saved</span>`}
    <${ErrorText} error=${error} />
  </form>`;
}

function MyData({ client, member, onDeleted }) {
  const [error, setError] = useState(null);
  const [confirm, setConfirm] = useState("");
  const exportData = async () => {
    setError(null);
    try {
      downloadJson((await client.request(EXPORT)).exportMyData, `kindred-${member.handle}.json`);
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await client.request(DELETE, { confirmHandle: confirm });
      onDeleted();
    } catch (err) {
      setError(err);
    }
  };
  return html`<section aria-labelledby="my-data">
    <h2 id="my-data">My data</h2>
    <button type="button" onClick=${exportData}>Download my data (JSON)</button>
    <form onSubmit=${remove} class="danger">
      <label>To delete your account for good, type your handle (${member.handle})
        <input name="confirm-handle" value=${confirm} onInput=${(e) => setConfirm(e.currentTarget.value)} /></label>
      <button type="submit" disabled=${confirm !== member.handle}>Delete my account</button>
    </form>
    <${ErrorText} error=${error} />
  </section>`;
}

// Where `?edit=` opens the editor: the control to focus.
const EDIT_TARGETS = { passions: "#new-passion", vision: "#profile-vision", headline: "#profile-headline", skills: "input[name=offers]" };

export function MemberPage({ client, route, session, onSignedOut }) {
  const handle = route.params.handle;
  const { data, error, loading, setData } = useQuery(client, MEMBER, { handle }, [handle]);
  const [editing, setEditing] = useState(false);
  const [focusOn, setFocusOn] = useState(null);
  const asked = route.query.edit;
  useEffect(() => {
    if (asked && EDIT_TARGETS[asked]) {
      setEditing(true);
      setFocusOn(asked);
    }
  }, [asked]);
  useEffect(() => {
    if (!editing || !focusOn || !data?.member) return;
    const target = document.querySelector(EDIT_TARGETS[focusOn]);
    if (!target) return;
    target.focus();
    target.scrollIntoView({ block: "center" });
    setFocusOn(null);
  }, [editing, focusOn, data]);
  if (loading && !data) return html`<${Loading} what="Loading the profile" />`;
  if (error) return html`<${ErrorText} error=${error} />`;
  const member = data?.member;
  if (!member) return html`<section><h1>No such member</h1><p>Nobody has the handle “${handle}”. <a href="#/explore">Explore the community</a> or <a href="#/passions">browse passions</a> to find people.</p></section>`;
  const mine = session?.handle === member.handle;
  const saved = (updated) => setData({ member: updated });
  const step = (id) => {
    if (!EDIT_TARGETS[id]) return;
    setEditing(true);
    setFocusOn(id);
  };
  return html`<section aria-labelledby="member-name">
    <h1 id="member-name">${member.name} <span class="muted">@${member.handle}</span></h1>
    ${mine && html`<${Welcome} member=${member} onStep=${step} />`}
    ${mine && html`<button type="button" aria-expanded=${editing} onClick=${() => setEditing(!editing)}>${editing ? "Close editing" : "Edit my profile"}</button>`}
    ${mine && editing && html`<div class="edit-panel">
      <${ProfileForm} client=${client} member=${member} onSaved=${saved} />
      <${PassionsForm} client=${client} member=${member} onSaved=${saved} />
      <${SkillsForm} client=${client} member=${member} onSaved=${saved} />
      <${ChangePassword} client=${client} />
      <${MyData} client=${client} member=${member} onDeleted=${onSignedOut} />
    </div>`}
    ${!mine && session && html`<${BondBox} key=${member.handle} client=${client} member=${member} />`}
    <${ProfileView} member=${member} mine=${mine} />
    ${mine && html`<${PauseRecommendations} client=${client} member=${member} fields=${MEMBER_FIELDS} onSaved=${saved} />`}
    ${mine && html`<${MailChoices} client=${client} />`}
    ${session && html`<${Consent} key=${member.handle} client=${client} member=${member} mine=${mine} />`}
  </section>`;
}
