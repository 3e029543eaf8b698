// A member's profile, and for one's own profile: editing, passions, skills, password, export, delete.
import { html } from "./html.js";
import { useEffect, useRef, useState } from "preact/hooks";
import { ChangePassword } from "./auth.js";
import { Combobox, downloadJson, ErrorText, Field, fieldError, Loading, MemberLink, useQuery } from "./ui.js";

const MEMBER_FIELDS = `id key handle name headline vision role email joinedAt
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

function ProfileView({ member }) {
  return html`<div class="profile">
    <p class="headline">${member.headline || html`<span class="muted">No headline yet</span>`}</p>
    <dl class="facts">
      <dt>Team</dt><dd>${member.team?.name ?? "None"}</dd>
      <dt>Site</dt><dd>${member.site ? `${member.site.name}${member.site.city ? ` (${member.site.city})` : ""}` : "None"}</dd>
      <dt>Role</dt><dd>${member.role}</dd>
      ${member.email && html`<dt>Email</dt><dd>${member.email}</dd>`}
    </dl>
    <h2>Vision</h2>
    <p class="vision">${member.vision || html`<span class="muted">Not written yet</span>`}</p>
    <h2>Passions</h2>
    ${member.passions.length
      ? html`<ul class="passions">${member.passions.map((p) => html`<li><a href=${`#/passion/${encodeURIComponent(p.passion.slug)}`}>${p.passion.name}</a> <${Intensity} value=${p.intensity} /></li>`)}</ul>`
      : html`<p class="muted">No passions yet</p>`}
    <h2>Skills</h2>
    <p>Offers: ${member.offers.length ? member.offers.map((s) => s.name).join(", ") : html`<span class="muted">nothing listed</span>`}</p>
    ${member.seeks && html`<p>Seeks: ${member.seeks.length ? member.seeks.map((s) => s.name).join(", ") : html`<span class="muted">nothing listed</span>`}</p>`}
    <h2>Bonds (${member.bondCount})</h2>
    ${member.bonds
      ? member.bonds.length
        ? html`<ul>${member.bonds.map((b) => html`<li><${MemberLink} member=${b.other} /> — ${b.kind.toLowerCase()}</li>`)}</ul>`
        : html`<p class="muted">No bonds yet</p>`
      : html`<p class="muted">Bond details are private.</p>`}
    <h2>Purpose groups</h2>
    ${member.communities.length
      ? html`<ul>${member.communities.map((c) => html`<li><strong>${c.name}</strong>: ${c.members.map((m, i) => html`${i ? ", " : ""}<${MemberLink} member=${m} />`)}</li>`)}</ul>`
      : html`<p class="muted">Not in a purpose group yet</p>`}
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

export function MemberPage({ client, route, session, onSignedOut }) {
  const handle = route.params.handle;
  const { data, error, loading, setData } = useQuery(client, MEMBER, { handle }, [handle]);
  const [editing, setEditing] = useState(false);
  if (loading && !data) return html`<${Loading} what="Loading the profile" />`;
  if (error) return html`<${ErrorText} error=${error} />`;
  const member = data?.member;
  if (!member) return html`<section><h1>No such member</h1><p>Nobody has the handle “${handle}”.</p></section>`;
  const mine = session?.handle === member.handle;
  const saved = (updated) => setData({ member: updated });
  return html`<section aria-labelledby="member-name">
    <h1 id="member-name">${member.name} <span class="muted">@${member.handle}</span></h1>
    ${mine && html`<button type="button" aria-expanded=${editing} onClick=${() => setEditing(!editing)}>${editing ? "Close editing" : "Edit my profile"}</button>`}
    ${mine && editing && html`<div class="edit-panel">
      <${ProfileForm} client=${client} member=${member} onSaved=${saved} />
      <${PassionsForm} client=${client} member=${member} onSaved=${saved} />
      <${SkillsForm} client=${client} member=${member} onSaved=${saved} />
      <${ChangePassword} client=${client} />
      <${MyData} client=${client} member=${member} onDeleted=${onSignedOut} />
    </div>`}
    <${ProfileView} member=${member} />
  </section>`;
}
