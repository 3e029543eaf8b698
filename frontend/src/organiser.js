// Organiser pages: run the recommender, review and publish proposal sets, import members, API tokens;
// and what every organiser page shares (the organiser menu, the page members see instead, a
// confirmed deletion).
import { html } from "./html.js";
import { useEffect, useState } from "preact/hooks";
import { propose, recommenderUrl } from "./recommender.js";
import { ErrorText, Loading, MemberLink, useQuery } from "./ui.js";
import { formatDay, formatWhen, plural, setTitle } from "./words.js";
import { groupFigures, outsidersOf, qualityInWords, reviewOrder, SORTS } from "./proposal-review.js";
import "./proposal-review.css";
import { WebhookSettings } from "./settings-webhooks.js";
import { AimChoice, AimFigures } from "./recommender-aims.js";

const SETS = `query Sets { proposalSets(first: 50) { edges { node {
  id kind status algorithmVersion quality createdAt publishedAt proposals(first: 1) { totalCount } } } } }`;
const PROPOSAL_FIELDS = `id title reasonText reason round table members { key handle name team { name } } responses { response member { handle } }`;
const SET = `query Set($id: ID!) { proposalSet(id: $id) {
  id kind status algorithmVersion quality parameters createdAt publishedAt memberCount
  proposals(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${PROPOSAL_FIELDS} } } } } }`;
const MORE_PROPOSALS = `query SetPage($id: ID!, $after: String) { proposalSet(id: $id) {
  proposals(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${PROPOSAL_FIELDS} } } } } }`;
const REMOVE_GROUP = `mutation RemoveGroup($id: ID!) { removeDraftProposal(id: $id) { id memberCount } }`;
const REMOVE_MEMBER = `mutation RemoveMember($proposal: ID!, $member: ID!) {
  removeMemberFromDraftProposal(proposalId: $proposal, memberId: $member) { id memberCount } }`;
/** A review reads at most this many pages of proposals (100 each). */
const REVIEW_PAGES_MAX = 20;
const PUBLISH = `mutation Publish($id: ID!) { publishProposalSet(id: $id) { id status publishedAt } }`;
const IMPORT = `mutation Import($file: Upload!, $format: ImportFormat!, $dryRun: Boolean!) {
  importMembers(file: $file, format: $format, dryRun: $dryRun) { created updated bondsCreated dryRun warnings rejected { row handle reason } } }`;
const TOKENS = `query Tokens { apiTokens { id name scopes createdAt createdBy { handle name } } }`;
const CREATE_TOKEN = `mutation CreateToken($name: String!, $scopes: [ApiScope!]!) { createApiToken(name: $name, scopes: $scopes) { token apiToken { id name } } }`;
const REVOKE_TOKEN = `mutation Revoke($id: ID!) { revokeApiToken(id: $id) }`;

/** The recommender's quality figures, in words (figures without words are left out). */
export function Quality({ quality }) {
  const rows = qualityInWords(quality || {});
  if (!rows.length) return html`<p class="muted">The recommender gave no figures a person can read for this set.</p>`;
  return html`<dl class="quality">${rows.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl><${AimFigures} aims=${quality?.aims} />`;
}

export function OrganiserNav() {
  return html`<nav aria-label="Organiser" class="subnav"><a href="#/organiser">Proposal sets</a> <a href="#/organiser/people">Members</a> <a href="#/organiser/teams-sites">Teams and sites</a> <a href="#/organiser/import">Import members</a> <a href="#/organiser/tokens">API tokens</a> <a href="#/organiser/identity">Sign-in and provisioning</a></nav>`;
}

/** Move focus to an element once the render that creates it has happened. */
export function focusSoon(id) {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/** What members see instead of an organiser page for members, teams or sites: plain words, no data asked for. */
export function OrganisersOnly({ session, title, id }) {
  return html`<section aria-labelledby=${id}>
    <h1 id=${id}>${title}</h1>
    <p>Only organisers can manage members, teams and sites.</p>
    <p>If your name, team or site needs changing, ask one of your community's organisers. You can edit your own profile from
      <a href=${`#/member/${encodeURIComponent(session?.handle ?? "")}`}>My profile</a>.</p>
  </section>`;
}

/** A deletion asked for, with what it does, confirmed by a second, explicit button. */
export function ConfirmDelete({ id, title, effect, confirm, keep, run, onDone, onCancel }) {
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

function Recommender({ client, onProposed }) {
  const [kind, setKind] = useState("PURPOSE");
  const [seed, setSeed] = useState(0);
  const [aims, setAims] = useState([]);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  if (!recommenderUrl()) {
    return html`<div class="card"><h2>Run the recommender</h2>
      <p>This site has no recommender service configured (graph-api's <code>KINDRED_RECOMMENDER_URL</code>). An operator can run it by hand:</p>
      <pre>python -m recommender batch --kind purpose</pre>
      <p>A run stores a draft proposal set, listed below for review.</p></div>`;
  }
  const run = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const aimed = aims.length && (kind === "PURPOSE" || kind === "INTROS") ? { aims } : {};
      setResult(await propose(client, kind, { seed: Number(seed), ...aimed }));
      onProposed();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="card" onSubmit=${run}><h2>Run the recommender</h2>
    <label>What to propose <select value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
      <option value="PURPOSE">Purpose groups</option><option value="INTROS">Introductions</option><option value="SKILLS">Skills pairings</option></select></label>
    <label>Seed <input type="number" min="0" value=${seed} onInput=${(e) => setSeed(e.currentTarget.value)} /></label>
    <${AimChoice} client=${client} kind=${kind} value=${aims} onChange=${setAims} />
    <button type="submit" disabled=${busy}>${busy ? "Running…" : "Run"}</button>
    <${ErrorText} error=${error} />
    ${result && html`<div role="status"><p>${result.groupingCount} groupings over ${result.memberCount} members${result.proposalSetId ? "" : " (nothing stored)"}.</p>
      <${Quality} quality=${result.quality} />${result.notes.map((n) => html`<p class="muted">${n}</p>`)}</div>`}
  </form>`;
}

export function OrganiserPage({ client }) {
  const { data, error, loading, reload } = useQuery(client, SETS, {}, []);
  return html`<section aria-labelledby="org-title">
    <h1 id="org-title">Organiser</h1>
    <${OrganiserNav} />
    <${Recommender} client=${client} onProposed=${reload} />
    <h2>Proposal sets</h2>
    <${ErrorText} error=${error} />
    ${loading && !data && html`<${Loading} />`}
    ${data && (data.proposalSets.edges.length
      ? html`<ul class="cards">${data.proposalSets.edges.map(({ node }) => html`<li class="card">
          <h3><a href=${`#/organiser/sets/${encodeURIComponent(node.id)}`}>${setTitle(node)}</a>
            <span class=${`badge ${node.status.toLowerCase()}`}>${node.status.toLowerCase()}</span></h3>
          <p>${plural(node.proposals.totalCount, "proposal")}${node.publishedAt ? ` · published ${formatWhen(node.publishedAt)}` : " · not yet published"}</p>
          <${Quality} quality=${node.quality} /></li>`)}</ul>`
      : html`<p class="muted">No proposal sets yet.</p>`)}
  </section>`;
}

/** Every proposal of a set (pages of 100, at most REVIEW_PAGES_MAX of them). */
async function allProposals(client, set) {
  const edges = [...set.proposals.edges];
  let info = set.proposals.pageInfo;
  for (let page = 1; info.hasNextPage && page < REVIEW_PAGES_MAX; page++) {
    const more = (await client.request(MORE_PROPOSALS, { id: set.id, after: info.endCursor })).proposalSet.proposals;
    edges.push(...more.edges);
    info = more.pageInfo;
  }
  return edges.map((e) => e.node);
}

function ReviewFigures({ proposals }) {
  const f = groupFigures(proposals);
  return html`<dl class="quality review-figures" aria-label="The groups as they stand">
    <dt>Groups</dt><dd>${f.groups}</dd>
    <dt>Members in them</dt><dd>${f.members}</dd>
    <dt>Average size</dt><dd>${f.meanSize.toFixed(1)}</dd>
    <dt>Pairs who work in different teams</dt><dd>${Math.round(f.acrossTeams * 100)}%</dd>
    <dt>Groups flagged for review</dt><dd>${f.flagged}</dd>
  </dl>`;
}

function ReviewCard({ proposal, draft, onRemoveGroup, onRemoveMember }) {
  const outsiders = outsidersOf(proposal);
  const titleId = `proposal-${proposal.id}-title`;
  return html`<li class=${outsiders.length ? "card review-card flagged" : "card review-card"} aria-labelledby=${titleId}>
    <h3 id=${titleId}>${proposal.title} <span class="muted">· ${plural(proposal.members.length, "member")}</span></h3>
    ${outsiders.length > 0 && html`<p class="review-flag"><strong>Check this group:</strong> ${`${outsiders.map((m) => m.name).join(", ")} ${outsiders.length === 1 ? "shares" : "share"} no passion with most of it.`}</p>`}
    <p class="reason">${proposal.reasonText}</p>
    <ul class="review-members">${proposal.members.map((m) => {
      const answer = proposal.responses?.find((r) => r.member?.handle === m.handle)?.response;
      return html`<li><${MemberLink} member=${m} />${m.team ? html` <span class="muted">${m.team.name}</span>` : ""}${answer && answer !== "PENDING" ? ` (${answer.toLowerCase()})` : ""}
        ${draft && proposal.members.length > 2 && html`<button type="button" class="link" aria-label=${`Take ${m.name} out of ${proposal.title}`} onClick=${() => onRemoveMember(proposal, m)}>Take out</button>`}</li>`;
    })}</ul>
    ${draft && html`<button type="button" class="danger-outline" aria-label=${`Remove the group ${proposal.title}`} onClick=${() => onRemoveGroup(proposal)}>Remove this group</button>`}
  </li>`;
}

export function ProposalSetPage({ client, route }) {
  const { data, error, loading, reload } = useQuery(client, SET, { id: route.params.id }, [route.params.id]);
  const [proposals, setProposals] = useState(null);
  const [publishError, setPublishError] = useState(null);
  const [editError, setEditError] = useState(null);
  const [status, setStatus] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [sort, setSort] = useState("proposed");
  const [text, setText] = useState("");
  useEffect(() => {
    if (!data?.proposalSet) return;
    let live = true;
    allProposals(client, data.proposalSet).then((all) => live && setProposals(all)).catch((err) => live && setEditError(err));
    return () => {
      live = false;
    };
  }, [data]);
  if (loading && !data) return html`<${Loading} />`;
  if (error) return html`<${ErrorText} error=${error} />`;
  const set = data.proposalSet;
  if (!set) return html`<section><h1>No such proposal set</h1><p><a href="#/organiser">See all proposal sets</a></p></section>`;
  const draft = set.status === "DRAFT";
  const edit = async (mutation, variables, said) => {
    setEditError(null);
    setStatus("");
    try {
      await client.request(mutation, variables);
      setStatus(said);
      reload();
    } catch (err) {
      setEditError(err);
    }
  };
  const removeGroup = (p) => edit(REMOVE_GROUP, { id: p.id }, `Removed the group ${p.title}.`);
  const removeMember = (p, m) => edit(REMOVE_MEMBER, { proposal: p.id, member: m.key }, `Took ${m.name} out of ${p.title}.`);
  const publish = async () => {
    setPublishError(null);
    try {
      await client.request(PUBLISH, { id: set.id });
      setConfirming(false);
      reload();
    } catch (err) {
      setPublishError(err);
    }
  };
  const shown = proposals ? reviewOrder(proposals, { sort, text }) : [];
  return html`<section aria-labelledby="set-title">
    <${OrganiserNav} />
    <h1 id="set-title">${setTitle(set)} <span class=${`badge ${set.status.toLowerCase()}`}>${set.status.toLowerCase()}</span></h1>
    <p>${plural(set.memberCount, "member")} in ${plural(set.proposals.totalCount, "proposal")}${set.publishedAt ? ` · published ${formatWhen(set.publishedAt)}` : " · a draft: members see nothing until it is published"}</p>
    ${set.status === "PUBLISHED" && html`<p><a href=${`#/organiser/sets/${encodeURIComponent(set.id)}/effect`}>See what it changed</a>: people who accepted, and people who did not.</p>`}
    <details class="muted"><summary>Technical details</summary><p>Made by the recommender <code>${set.algorithmVersion}</code>.</p></details>
    <div class="review-quality">
      <section aria-labelledby="quality-title"><h2 id="quality-title">As the recommender proposed it</h2><${Quality} quality=${set.quality} /></section>
      ${proposals && html`<section aria-labelledby="now-title"><h2 id="now-title">As the groups stand</h2><${ReviewFigures} proposals=${proposals} /></section>`}
    </div>
    ${draft && !confirming && html`<button type="button" onClick=${() => setConfirming(true)}>Publish to members…</button>`}
    ${draft && confirming && html`<div class="card confirm" role="alertdialog" aria-labelledby="publish-confirm-title">
      <p id="publish-confirm-title"><strong>Publish and tell ${plural(set.memberCount, "member")}?</strong> Each sees their ${set.kind === "EVENTS" ? "tables" : "proposal"} at once; a published set cannot be taken back.</p>
      <button type="button" onClick=${publish}>Yes, publish to ${plural(set.memberCount, "member")}</button>
      <button type="button" class="link" onClick=${() => setConfirming(false)}>Cancel</button>
    </div>`}
    <${ErrorText} error=${publishError} />
    <h2 id="groups-title">${plural(set.proposals.totalCount, "proposal")}</h2>
    ${draft && html`<p class="muted">Review the groups before publishing: take out a member or remove a group; the figures above follow.</p>`}
    <div class="review-controls">
      <label>Sort <select value=${sort} onChange=${(e) => setSort(e.currentTarget.value)}>${Object.entries(SORTS).map(([value, label]) => html`<option value=${value}>${label}</option>`)}</select></label>
      <label>Find <input type="search" value=${text} placeholder="A passion or a name" onInput=${(e) => setText(e.currentTarget.value)} /></label>
    </div>
    <p role="status" class="ok">${status}</p>
    <${ErrorText} error=${editError} />
    ${!proposals && html`<${Loading} what="Loading the groups" />`}
    ${proposals && html`<ol class="cards review-list" aria-labelledby="groups-title">${shown.map((p) => html`<${ReviewCard} key=${p.id} proposal=${p} draft=${draft}
      onRemoveGroup=${removeGroup} onRemoveMember=${removeMember} />`)}</ol>
      ${shown.length === 0 && html`<p class="muted">No group matches “${text}”.</p>`}`}
  </section>`;
}

export function ImportPage({ client }) {
  const [file, setFile] = useState(null);
  const [format, setFormat] = useState("CSV");
  const [dryRun, setDryRun] = useState(false);
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    if (!file) return setError({ message: "Choose a file to import first.", code: "BAD_USER_INPUT" });
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport((await client.upload(IMPORT, { format, dryRun }, file)).importMembers);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<section aria-labelledby="import-title">
    <${OrganiserNav} />
    <h1 id="import-title">Import members</h1>
    <form onSubmit=${submit}>
      <label>File <input type="file" name="file" accept=".csv,.json,text/csv,application/json"
        onChange=${(e) => { const f = e.currentTarget.files[0] ?? null; setFile(f); if (f?.name.endsWith(".json")) setFormat("JSON"); }} /></label>
      <label>Format <select value=${format} onChange=${(e) => setFormat(e.currentTarget.value)}><option value="CSV">CSV</option><option value="JSON">JSON</option></select></label>
      <label class="inline"><input type="checkbox" checked=${dryRun} onChange=${(e) => setDryRun(e.currentTarget.checked)} /> Dry run (check only, write nothing)</label>
      <button type="submit" disabled=${busy}>${busy ? "Importing…" : "Import"}</button>
      <${ErrorText} error=${error} />
    </form>
    ${report && html`<div class="report" role="status" aria-labelledby="report-title">
      <h2 id="report-title">${report.dryRun ? "Dry run: nothing written" : "Import done"}</h2>
      <p>${plural(report.created, "member")} created · ${plural(report.updated, "member")} updated · ${plural(report.bondsCreated, "bond")} created · ${plural(report.rejected.length, "row")} rejected</p>
      ${report.rejected.length > 0 && html`<div class="table-wrap"><table class="rejected"><caption>Rejected rows (each wrote nothing)</caption>
        <thead><tr><th scope="col">Row</th><th scope="col">Handle</th><th scope="col">Why</th></tr></thead>
        <tbody>${report.rejected.map((r) => html`<tr><td>${r.row}</td><td>${r.handle ?? ""}</td><td>${r.reason}</td></tr>`)}</tbody></table></div>`}
      ${report.warnings.length > 0 && html`<h3>Warnings</h3><ul>${report.warnings.map((w) => html`<li>${w}</li>`)}</ul>`}
    </div>`}
  </section>`;
}

export function TokensPage({ client }) {
  const { data, error, reload } = useQuery(client, TOKENS, {}, []);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState({ READ: true, WRITE: false });
  const [created, setCreated] = useState(null);
  const [formError, setFormError] = useState(null);
  const create = async (e) => {
    e.preventDefault();
    setFormError(null);
    setCreated(null);
    try {
      const wanted = Object.keys(scopes).filter((s) => scopes[s]);
      setCreated((await client.request(CREATE_TOKEN, { name, scopes: wanted })).createApiToken);
      setName("");
      reload();
    } catch (err) {
      setFormError(err);
    }
  };
  const revoke = async (id) => {
    try {
      await client.request(REVOKE_TOKEN, { id });
      reload();
    } catch (err) {
      setFormError(err);
    }
  };
  return html`<section aria-labelledby="tokens-title">
    <${OrganiserNav} />
    <h1 id="tokens-title">API tokens</h1>
    <form onSubmit=${create}>
      <label>Name <input name="token-name" required value=${name} onInput=${(e) => setName(e.currentTarget.value)} /></label>
      <fieldset><legend>May</legend>
        ${["READ", "WRITE"].map((s) => html`<label class="inline"><input type="checkbox" checked=${scopes[s]} onChange=${(e) => setScopes({ ...scopes, [s]: e.currentTarget.checked })} /> ${s.toLowerCase()}</label>`)}
      </fieldset>
      <button type="submit">Create token</button>
      <${ErrorText} error=${formError} />
    </form>
    ${created && html`<div class="card" role="status"><p><strong>Copy this token now: it will not be shown again.</strong></p>
      <label>Token for ${created.apiToken.name} <input class="token" readonly value=${created.token} onFocus=${(e) => e.currentTarget.select()} /></label></div>`}
    <${ErrorText} error=${error} />
    ${data && html`<ul class="cards">${data.apiTokens.map((t) => html`<li class="card"><strong>${t.name}</strong> (${t.scopes.join(", ").toLowerCase()})
      · created ${formatDay(t.createdAt)} by <${MemberLink} member=${t.createdBy} />
      <button type="button" aria-label=${`Revoke ${t.name}`} onClick=${() => revoke(t.id)}>Revoke</button></li>`)}</ul>`}
    <${WebhookSettings} client=${client} />
  </section>`;
}
