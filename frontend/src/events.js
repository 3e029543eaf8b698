// Events: list and create events, attendees (pick or import), breakout rounds from the
// recommender, the printable table plan per round, and recording who met whom.
import { html } from "./html.js";
import { useEffect, useState } from "preact/hooks";
import "./events.css";
import { propose, recommenderUrl } from "./recommender.js";
import { ErrorText, Field, fieldError, isOrganiser, Loading, MemberLink, useQuery } from "./ui.js";
import { focusSoon } from "./organiser.js";
import { CalendarFeed, CalendarLink } from "./calendar.js";
import { useUnits } from "./teams-sites.js";
import { teamPath } from "./people-model.js";
import {
  attendeesSummary, batchCommand, eventForm, eventInput, formatWhen, localInputToIso, groupChoices, groupPlan, groupVariables, hasStarted,
  isAttending, listNames, othersAttending, planSummary, plural, proposeParameters, qualityRows, rejectedRows, tablematesFirst, whereFrom,
  missingStart, whoSitsWhere, withNames,
} from "./events-model.js";

const EVENTS = `query Events($after: String) { events(first: 20, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id key name startsAt place } } } }`;
const PLAN_FIELDS = `tablePlan { proposalSet { id publishedAt } rounds { round tables { table members { handle name } } } }`;
const SEAT_FIELDS = `mySeats { round table tablemates { id handle name } }`;
const EVENT = `query Event($id: ID!) { event(id: $id) { id key name startsAt place createdAt calendarUrl
  attendees { id key handle name } metByMe { id } ${SEAT_FIELDS} ${PLAN_FIELDS} } }`;
const MY_EVENTS = `query MyEvents { myEvents { id key name startsAt place calendarUrl ${SEAT_FIELDS} } }`;
const EVENT_PLAN = `query EventPlan($id: ID!) { event(id: $id) { id key name startsAt place ${PLAN_FIELDS} } }`;
const CREATE = `mutation CreateEvent($input: CreateEventInput!) { createEvent(input: $input) { id key } }`;
const UPDATE = `mutation UpdateEvent($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { id key name startsAt place } }`;
const DELETE = `mutation DeleteEvent($id: ID!) { deleteEvent(id: $id) }`;
const REPORT_FIELDS = `added alreadyAttending rejected { row handle reason }`;
const ADD = `mutation AddAttendees($eventId: ID!, $memberIds: [ID!]!) { addEventAttendees(eventId: $eventId, memberIds: $memberIds) { ${REPORT_FIELDS} } }`;
const ADD_FROM = `mutation AddAttendeesFrom($eventId: ID!, $teamId: ID, $siteId: ID) {
  addEventAttendeesFrom(eventId: $eventId, teamId: $teamId, siteId: $siteId) { ${REPORT_FIELDS} } }`;
const REMOVE = `mutation RemoveAttendee($eventId: ID!, $memberId: ID!) { removeEventAttendee(eventId: $eventId, memberId: $memberId) { id } }`;
const IMPORT = `mutation ImportAttendees($eventId: ID!, $file: Upload!) { importEventAttendees(eventId: $eventId, file: $file) { ${REPORT_FIELDS} } }`;
const MET = `mutation RecordMet($eventId: ID!, $memberIds: [ID!]!) { recordMet(eventId: $eventId, memberIds: $memberIds) { met { handle name } } }`;
const FIND = `query FindMembers($text: String!) { members(filter: { text: $text }, orderBy: RELEVANCE, first: 10) {
  edges { node { id handle name headline team { name } site { name } } } } }`;
const DRAFTS = `query EventDrafts($eventId: ID!) { proposalSets(kind: EVENTS, status: DRAFT, eventId: $eventId, first: 50) {
  edges { node { id eventId createdAt } } } }`;
const DRAFT = `query Draft($id: ID!, $after: String) { proposalSet(id: $id) { id status eventId createdAt quality memberCount
  proposals(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { round table members { handle name } } } } } }`;
const PUBLISH = `mutation Publish($id: ID!) { publishProposalSet(id: $id) { id status publishedAt } }`;
/** A draft preview reads at most this many pages of proposals (100 each). */
const DRAFT_PAGES_MAX = 50;

const eventLink = (event) => `#/events/${encodeURIComponent(event.key)}`;

function When({ iso }) {
  return html`<time datetime=${iso}>${formatWhen(iso)}</time>`;
}

// --- The list of events ----------------------------------------------------------------------

function CreateEventForm({ client, navigate }) {
  const [form, setForm] = useState({ name: "", startsAt: "", place: "" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    const noStart = missingStart(form);
    if (noStart) return setError(noStart);
    setBusy(true);
    try {
      const created = (await client.request(CREATE, { input: eventInput(form) })).createEvent;
      navigate(eventLink(created));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const other = error && !["name", "startsAt", "place"].includes(error.field) ? error : null;
  return html`<form class="card ev-create" onSubmit=${submit} noValidate aria-labelledby="create-event-title">
    <h2 id="create-event-title">Create an event</h2>
    <div class="ev-create-fields">
      <${Field} id="ev-name" label="Name" error=${fieldError(error, "name")} errorId="name-error">${(a) => html`<input ...${a} name="name" aria-required="true" value=${form.name} onInput=${set("name")} />`}<//>
      <${Field} id="ev-startsAt" label="Starts (your local time)" error=${fieldError(error, "startsAt")} errorId="startsAt-error">${(a) => html`<input ...${a} type="datetime-local" name="startsAt" aria-required="true" value=${form.startsAt} onInput=${set("startsAt")} />
        ${form.startsAt && html`<span class="muted" aria-live="polite">${formatWhen(localInputToIso(form.startsAt))}</span>`}`}<//>
      <${Field} id="ev-place" label="Place" error=${fieldError(error, "place")} errorId="place-error">${(a) => html`<input ...${a} name="place" value=${form.place} onInput=${set("place")} />`}<//>
    </div>
    <button type="submit" disabled=${busy}>${busy ? "Creating…" : "Create event"}</button>
    <${ErrorText} error=${other} />
  </form>`;
}

/** The events the viewer attends, with their tables once a plan is published. */
function MyEvents({ client }) {
  const { data, error } = useQuery(client, MY_EVENTS, {}, []);
  if (error) return html`<${ErrorText} error=${error} />`;
  if (!data || data.myEvents.length === 0) return null;
  return html`<section aria-labelledby="my-events-title">
    <h2 id="my-events-title">My events</h2>
    <ul class="cards ev-my-events" aria-labelledby="my-events-title">${data.myEvents.map((event) => html`<li class="card">
      <h3><a href=${eventLink(event)}>${event.name}</a></h3>
      <p><${When} iso=${event.startsAt} />${event.place && html` · ${event.place}`}${event.calendarUrl && html` · <${CalendarLink} url=${event.calendarUrl} what=${event.name} />`}</p>
      ${event.mySeats.length > 0
        ? html`<${MySeats} seats=${event.mySeats} />`
        : html`<p class="muted">No table plan yet: your tables show here once the organisers publish one.</p>`}
    </li>`)}</ul>
  </section>`;
}

export function EventsPage({ client, session, navigate }) {
  const { data, error, loading } = useQuery(client, EVENTS, {}, []);
  const [more, setMore] = useState([]);
  const [moreError, setMoreError] = useState(null);
  const page = data?.events;
  const last = more.length ? more[more.length - 1] : page;
  const rows = page ? [page, ...more].flatMap((p) => p.edges.map((e) => e.node)) : [];
  const loadMore = async () => {
    setMoreError(null);
    try {
      setMore([...more, (await client.request(EVENTS, { after: last.pageInfo.endCursor })).events]);
    } catch (err) {
      setMoreError(err);
    }
  };
  const now = new Date();
  return html`<section aria-labelledby="events-title" class="ev-page">
    <h1 id="events-title">Events</h1>
    <${MyEvents} client=${client} />
    <${CalendarFeed} client=${client} />
    ${isOrganiser(session) && html`<${CreateEventForm} client=${client} navigate=${navigate} />`}
    <h2 id="events-list-title">${page ? `${plural(page.totalCount, "event")}, latest first` : "Events, latest first"}</h2>
    <${ErrorText} error=${error} />
    ${loading && !page && html`<${Loading} what="Loading events" />`}
    ${page && (rows.length
      ? html`<ul class="cards ev-list" aria-labelledby="events-list-title">${rows.map((event) => html`<li class="card">
          <h3><a href=${eventLink(event)}>${event.name}</a>
            <span class=${`badge ${hasStarted(event, now) ? "ev-past" : "ev-upcoming"}`}>${hasStarted(event, now) ? "started" : "upcoming"}</span></h3>
          <p><${When} iso=${event.startsAt} />${event.place && html` · ${event.place}`}</p></li>`)}</ul>`
      : html`<p class="muted">No events yet.</p>`)}
    ${last?.pageInfo.hasNextPage && html`<button type="button" onClick=${loadMore}>Show more events</button>`}
    <${ErrorText} error=${moreError} />
  </section>`;
}

// --- One event -------------------------------------------------------------------------------

/** Rounds of tables with their members; `print` drops links so the paper shows plain names.
 * The tables of `myHandle` are marked "your table". */
function PlanRounds({ rounds, headingLevel = 3, print = false, myHandle = null }) {
  const Heading = `h${headingLevel}`;
  const Sub = `h${headingLevel + 1}`;
  const mine = (t) => myHandle != null && t.members.some((m) => m.handle === myHandle);
  return html`<div class="ev-rounds">${rounds.map((r) => html`<section class="ev-round" aria-labelledby=${`round-${r.round}${print ? "-p" : ""}`}>
    <${Heading} id=${`round-${r.round}${print ? "-p" : ""}`}>Round ${r.round}</${Heading}>
    <ol class="ev-tables">${r.tables.map((t) => html`<li class=${mine(t) ? "ev-table ev-mine" : "ev-table"}>
      <${Sub}>Table ${t.table}${mine(t) && html` <span class="badge ev-you">your table</span>`}</${Sub}>
      <ul>${t.members.map((m) => html`<li>${print ? m.name : html`<${MemberLink} member=${m} />`}</li>`)}</ul>
    </li>`)}</ol>
  </section>`)}</div>`;
}

/** "Round 1: table 4, with …" for each round the viewer is seated in. */
function MySeats({ seats }) {
  return html`<ul class="ev-seats">${seats.map((seat) => html`<li>
    <strong>Round ${seat.round}: table ${seat.table}</strong>${seat.tablemates.length
      ? html`, with ${seat.tablemates.map((m, i) => html`${i ? (i === seat.tablemates.length - 1 ? " and " : ", ") : ""}<${MemberLink} member=${m} />`)}`
      : ", on your own"}
  </li>`)}</ul>`;
}

function Attendees({ client, event, organiser, onChanged }) {
  const [error, setError] = useState(null);
  const [status, setStatus] = useState("");
  const remove = async (member) => {
    setError(null);
    setStatus("");
    try {
      await client.request(REMOVE, { eventId: event.key, memberId: member.id });
      setStatus(`${member.name} is no longer attending.`);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  return html`<section aria-labelledby="attendees-title">
    <h2 id="attendees-title">Attendees (${event.attendees.length})</h2>
    ${event.attendees.length
      ? html`<ul class="ev-attendees">${event.attendees.map((m) => html`<li>
          <span class="ev-who"><${MemberLink} member=${m} /> <span class="muted">@${m.handle}</span></span>
          ${organiser && html`<button type="button" class="ev-secondary" aria-label=${`Remove ${m.name}`} onClick=${() => remove(m)}>Remove</button>`}</li>`)}</ul>`
      : html`<p class="muted">Nobody is attending yet.</p>`}
    <p role="status" aria-live="polite" class="ok">${status}</p>
    <${ErrorText} error=${error} />
  </section>`;
}

function AttendeePicker({ client, event, onAdded }) {
  const [text, setText] = useState("");
  const [found, setFound] = useState({ members: [], error: null, loading: false });
  const [selected, setSelected] = useState([]);
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const wanted = text.trim();
  useEffect(() => {
    if (!wanted) return setFound({ members: [], error: null, loading: false });
    let live = true;
    setFound((f) => ({ ...f, loading: true }));
    client
      .request(FIND, { text: wanted })
      .then((data) => live && setFound({ members: data.members.edges.map((e) => e.node), error: null, loading: false }))
      .catch((err) => live && setFound({ members: [], error: err, loading: false }));
    return () => {
      live = false;
    };
  }, [wanted]);
  const attending = new Set(event.attendees.map((m) => m.handle));
  const isSelected = (m) => selected.some((s) => s.handle === m.handle);
  const toggle = (m, on) => setSelected(on ? [...selected.filter((s) => s.handle !== m.handle), m] : selected.filter((s) => s.handle !== m.handle));
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setReport(null);
    if (!selected.length) return setError({ code: "BAD_USER_INPUT", message: "tick the members to add first." });
    setBusy(true);
    try {
      setReport((await client.request(ADD, { eventId: event.key, memberIds: selected.map((m) => m.id) })).addEventAttendees);
      setSelected([]);
      setText("");
      onAdded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="card" onSubmit=${submit} aria-labelledby="pick-title">
    <h3 id="pick-title">Pick members</h3>
    <label>Find members by name <input type="search" name="find-member" value=${text} autocomplete="off"
      onInput=${(e) => setText(e.currentTarget.value)} /></label>
    <${ErrorText} error=${found.error} />
    ${found.loading && html`<p class="muted" aria-live="polite">Searching…</p>`}
    ${wanted && !found.loading && !found.error && !found.members.length && html`<p class="muted">Nobody matches “${wanted}”.</p>`}
    ${found.members.length > 0 && html`<fieldset class="ev-choices"><legend>Matching members</legend>
      ${found.members.map((m) => html`<label class="inline">
        <input type="checkbox" checked=${attending.has(m.handle) || isSelected(m)} disabled=${attending.has(m.handle)}
          onChange=${(e) => toggle(m, e.currentTarget.checked)} />
        <span class="ev-who">${m.name} <span class="muted">@${m.handle}${attending.has(m.handle) ? " (attending)" : ""}</span>
          ${whereFrom(m) && html`<span class="muted ev-where">${whereFrom(m)}</span>`}</span></label>`)}
    </fieldset>`}
    <p aria-live="polite">${selected.length ? `Selected: ${listNames(selected.map((m) => m.name))}` : ""}</p>
    <button type="submit" disabled=${busy}>${busy ? "Adding…" : selected.length ? `Add ${plural(selected.length, "attendee")}` : "Add attendees"}</button>
    <${ErrorText} error=${error} />
    ${report && html`<p role="status">${attendeesSummary(report)}.</p>`}
  </form>`;
}

/** Adds every member of one team or site, in one write. */
function AddTeamOrSite({ client, event, onAdded }) {
  const units = useUnits(client, 0);
  const [choice, setChoice] = useState("");
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const choices = groupChoices(units.teams, units.sites, (team) => teamPath(units.teams, team));
  const chosen = [...choices.teams, ...choices.sites].find((c) => c.value === choice);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setReport(null);
    const variables = groupVariables(choice);
    if (!variables) return setError({ code: "BAD_USER_INPUT", field: "group", message: "choose a team or site first." });
    setBusy(true);
    try {
      setReport((await client.request(ADD_FROM, { eventId: event.key, ...variables })).addEventAttendeesFrom);
      setChoice("");
      onAdded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const option = (c) => html`<option value=${c.value}>${c.label} (${plural(c.count, "member")})</option>`;
  return html`<form class="card" onSubmit=${submit} aria-labelledby="add-group-title">
    <h3 id="add-group-title">Add a whole team or site</h3>
    <${ErrorText} error=${units.error} />
    ${!units.teams && !units.error && html`<${Loading} what="Loading teams and sites" />`}
    ${units.teams && html`<${Field} id="ev-group" label="Team or site" error=${fieldError(error, "group")} errorId="group-error">${(a) => html`<select ...${a} name="group" value=${choice}
        onChange=${(e) => setChoice(e.currentTarget.value)}>
        <option value="">Choose…</option>
        ${choices.teams.length > 0 && html`<optgroup label="Teams">${choices.teams.map(option)}</optgroup>`}
        ${choices.sites.length > 0 && html`<optgroup label="Sites">${choices.sites.map(option)}</optgroup>`}
      </select>`}<//>`}
    <p class="muted">Everyone in it is added at once (not the members of teams within a team).</p>
    <button type="submit" disabled=${busy}>${busy ? "Adding…" : chosen ? `Add ${plural(chosen.count, "member")} of ${chosen.label}` : "Add everyone in it"}</button>
    <${ErrorText} error=${error && error.field !== "group" ? error : null} />
    ${report && html`<p role="status">${attendeesSummary(report)}.</p>`}
  </form>`;
}

function ImportAttendees({ client, event, onImported }) {
  const [file, setFile] = useState(null);
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setReport(null);
    if (!file) return setError({ code: "BAD_USER_INPUT", field: "file", message: "choose a CSV file first." });
    setBusy(true);
    try {
      setReport((await client.upload(IMPORT, { eventId: event.key }, file)).importEventAttendees);
      onImported();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const rows = rejectedRows(report);
  return html`<form class="card" onSubmit=${submit} aria-labelledby="import-attendees-title">
    <h3 id="import-attendees-title">Import attendees</h3>
    <p class="muted" id="import-attendees-hint">A CSV file whose first line names a <code>handle</code> column; one member per row.</p>
    <label>Attendee file <input type="file" name="attendee-file" accept=".csv,text/csv" aria-describedby="import-attendees-hint"
      onChange=${(e) => setFile(e.currentTarget.files[0] ?? null)} /></label>
    <button type="submit" disabled=${busy}>${busy ? "Importing…" : "Import attendees"}</button>
    <${ErrorText} error=${error} />
    ${report && html`<div class="report ev-report" role="status">
      <p>${attendeesSummary(report)}.</p>
      ${rows.length > 0 && html`<div class="table-wrap"><table class="rejected"><caption>Rejected rows (each added nobody)</caption>
        <thead><tr><th scope="col">Row</th><th scope="col">Handle</th><th scope="col">Why</th></tr></thead>
        <tbody>${rows.map((r) => html`<tr><td>${r.row}</td><td>${r.handle}</td><td>${r.reason}</td></tr>`)}</tbody></table></div>`}
    </div>`}
  </form>`;
}

function QualityFigures({ quality }) {
  const rows = qualityRows(quality);
  if (!rows.length) return null;
  return html`<dl class="quality ev-quality">${rows.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>`;
}

/** A draft events proposal set: its quality, its seating, and publishing it. */
function DraftPlan({ client, id, notes, onPublished }) {
  const [state, setState] = useState({ set: null, proposals: [], error: null, loading: true });
  const [publishError, setPublishError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    let live = true;
    (async () => {
      let after = null;
      let set = null;
      const proposals = [];
      for (let i = 0; i < DRAFT_PAGES_MAX; i++) {
        set = (await client.request(DRAFT, { id, after })).proposalSet;
        if (!set) break;
        proposals.push(...set.proposals.edges.map((e) => e.node));
        if (!set.proposals.pageInfo.hasNextPage) break;
        after = set.proposals.pageInfo.endCursor;
      }
      if (live) setState({ set, proposals, error: null, loading: false });
    })().catch((error) => live && setState({ set: null, proposals: [], error, loading: false }));
    return () => {
      live = false;
    };
  }, [id]);
  const publish = async () => {
    setPublishError(null);
    setBusy(true);
    try {
      await client.request(PUBLISH, { id });
      onPublished();
    } catch (err) {
      setPublishError(err);
      setBusy(false);
    }
  };
  if (state.loading) return html`<${Loading} what="Loading the draft plan" />`;
  if (state.error) return html`<${ErrorText} error=${state.error} />`;
  if (!state.set) return html`<p class="muted">That draft plan no longer exists.</p>`;
  const rounds = groupPlan(state.proposals);
  return html`<div class="card ev-draft" aria-labelledby="draft-title">
    <h3 id="draft-title">Draft plan: ${planSummary(rounds)}</h3>
    <${QualityFigures} quality=${state.set.quality} />
    ${notes?.length > 0 && html`<ul class="ev-notes">${notes.map((n) => html`<li>${n}</li>`)}</ul>`}
    ${confirming
      ? html`<div class="ev-confirm" role="group" aria-labelledby="publish-confirm-title" aria-describedby="publish-confirm-effect">
          <p id="publish-confirm-title"><strong>Publish and show ${plural(state.set.memberCount, "attendee")} their tables?</strong></p>
          <p id="publish-confirm-effect">Each of them sees their table for every round at once, on this page and under My events.
            A newer plan published later replaces this one.</p>
          <button type="button" id="publish-confirm-yes" onClick=${publish} disabled=${busy}>${busy ? "Publishing…" : `Yes, publish to ${plural(state.set.memberCount, "attendee")}`}</button>
          <button type="button" class="ev-secondary" onClick=${() => setConfirming(false)}>Cancel</button>
        </div>`
      : html`<button type="button" onClick=${() => { setConfirming(true); focusSoon("publish-confirm-yes"); }}>Publish this plan…</button>`}
    <${ErrorText} error=${publishError} />
    <details open><summary>Seating in this draft</summary><${PlanRounds} rounds=${rounds} headingLevel=${4} /></details>
  </div>`;
}

function BreakoutRounds({ client, event, onPublished }) {
  const [form, setForm] = useState({ tableSize: "4", rounds: "3", timeLimit: "10", seed: "0" });
  const [result, setResult] = useState(null);
  const [draftId, setDraftId] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [published, setPublished] = useState(false);
  const drafts = useQuery(client, DRAFTS, { eventId: event.key }, [event.key]);
  const mine = (drafts.data?.proposalSets.edges ?? []).map((e) => e.node);
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  const run = async (e) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    setDraftId(null);
    setPublished(false);
    setBusy(true);
    try {
      const outcome = await propose(client, "EVENTS", proposeParameters(event.key, form));
      setResult(outcome);
      setDraftId(outcome.proposalSetId);
      drafts.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const afterPublish = () => {
    setDraftId(null);
    setResult(null);
    setPublished(true);
    drafts.reload();
    onPublished();
  };
  const number = (name, label, attrs) => html`<label>${label}<input type="number" name=${name} value=${form[name]} onInput=${set(name)} ...${attrs} /></label>`;
  const configured = !!recommenderUrl();
  return html`<section aria-labelledby="rounds-title">
    <h2 id="rounds-title">Breakout rounds</h2>
    ${configured
      ? html`<form class="card" onSubmit=${run} aria-labelledby="generate-title">
          <h3 id="generate-title">Generate rounds with the recommender</h3>
          <p class="muted">It seats the attendees at tables for each round so that people meet as many new faces as possible, mixing teams and sites. You review the draft, then publish it.</p>
          <div class="ev-numbers">
            ${number("tableSize", "Seats per table", { min: 2, step: 1 })}
            ${number("rounds", "Rounds", { min: 1, step: 1 })}
            ${number("timeLimit", "Search time (seconds)", { min: 1, step: 1 })}
            ${number("seed", "Seed (same seed, same plan)", { min: 0, step: 1 })}
          </div>
          <button type="submit" disabled=${busy}>${busy ? "Generating…" : "Generate rounds"}</button>
          <p aria-live="polite" class="muted">${busy ? `Working out the seating (up to ${form.timeLimit || 50} seconds)…` : ""}</p>
          <${ErrorText} error=${error} />
          ${result && html`<p role="status">${result.proposalSetId
            ? `Draft ready: ${plural(result.groupingCount, "table")} over all rounds.`
            : "Nothing to seat: no draft was stored."}</p>`}
          ${result && !result.proposalSetId && result.notes.length > 0 && html`<ul class="ev-notes">${result.notes.map((n) => html`<li>${n}</li>`)}</ul>`}
        </form>`
      : html`<div class="card"><h3>No recommender on this site</h3>
          <p>This site has no recommender service configured (graph-api's <code>KINDRED_RECOMMENDER_URL</code>). An operator can seat this event's attendees by hand:</p>
          <pre>${batchCommand(event.key, { tableSize: 4, rounds: 3 })}</pre>
          <p>The run stores a draft plan, which shows below for you to publish.</p></div>`}
    ${published && html`<p role="status" class="ok">Published: attendees now see it under <a href="#plan-title" onClick=${(e) => { e.preventDefault(); document.getElementById("plan-title")?.scrollIntoView(); }}>Table plan</a> at the top of this page.</p>`}
    ${draftId && html`<${DraftPlan} key=${draftId} client=${client} id=${draftId} notes=${result?.notes} onPublished=${afterPublish} />`}
    <${ErrorText} error=${drafts.error} />
    ${mine.filter((s) => s.id !== draftId).length > 0 && html`<h3>Other draft plans for this event</h3>
      <ul class="ev-drafts">${mine.filter((s) => s.id !== draftId).map((s) => html`<li>Draft from <${When} iso=${s.createdAt} />
        <button type="button" class="ev-secondary" onClick=${() => { setResult(null); setPublished(false); setDraftId(s.id); }}>Review</button></li>`)}</ul>`}
  </section>`;
}

function RecordMet({ client, event, session, onRecorded }) {
  const others = tablematesFirst(othersAttending(event.attendees, session.handle), event.mySeats);
  const recorded = new Set((event.metByMe ?? []).map((m) => m.id));
  const [ticked, setTicked] = useState([]);
  const [error, setError] = useState(null);
  const [met, setMet] = useState(null);
  const [busy, setBusy] = useState(false);
  const toggle = (m, on) => setTicked(on ? [...ticked, m.id] : ticked.filter((id) => id !== m.id));
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setMet(null);
    if (!ticked.length) return setError({ code: "BAD_USER_INPUT", message: "tick the people you met first." });
    setBusy(true);
    try {
      setMet((await client.request(MET, { eventId: event.key, memberIds: ticked })).recordMet.met);
      setTicked([]);
      onRecorded();
    } catch (err) {
      setError({ code: err.code, field: err.field, message: withNames(err.message, event.attendees) });
    } finally {
      setBusy(false);
    }
  };
  return html`<section aria-labelledby="met-title">
    <h2 id="met-title">Who did you meet?</h2>
    ${!hasStarted(event)
      ? html`<p class="muted">Once the event has started you can record here whom you met.</p>`
      : others.length === 0
        ? html`<p class="muted">Nobody else is on the attendee list.</p>`
        : html`<form class="card" onSubmit=${submit} aria-labelledby="met-title">
          <fieldset class="ev-choices"><legend>Tick the attendees you met</legend>
            ${others.map((m) => recorded.has(m.id)
              ? html`<label class="inline"><input type="checkbox" name="met" value=${m.handle} checked disabled /> ${m.name} <span class="muted">(recorded)</span></label>`
              : html`<label class="inline"><input type="checkbox" name="met" value=${m.handle} checked=${ticked.includes(m.id)}
                  onChange=${(e) => toggle(m, e.currentTarget.checked)} /> ${m.name}</label>`)}
          </fieldset>
          <button type="submit" disabled=${busy}>${busy ? "Recording…" : "Record who I met"}</button>
          <${ErrorText} error=${error} />
          ${met && html`<p role="status" class="ok">Recorded: you met ${listNames(met.map((m) => m.name))}.</p>`}
        </form>`}
  </section>`;
}

/** The event's name, start and place; organisers edit them or delete the event (after a confirmation). */
function EventHeader({ client, event, organiser, navigate, onChanged }) {
  const [mode, setMode] = useState("view");
  const [form, setForm] = useState(() => eventForm(event));
  const [error, setError] = useState(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  const edit = () => {
    setForm(eventForm(event));
    setError(null);
    setStatus("");
    setMode("edit");
    focusSoon("ev-edit-name");
  };
  const cancel = (focus) => {
    setMode("view");
    setError(null);
    focusSoon(focus);
  };
  const save = async (e) => {
    e.preventDefault();
    setError(null);
    const noStart = missingStart(form);
    if (noStart) return setError(noStart);
    setBusy(true);
    try {
      await client.request(UPDATE, { id: event.key, input: eventInput(form) });
      setMode("view");
      setStatus("Saved.");
      onChanged();
      focusSoon("ev-edit");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setError(null);
    setBusy(true);
    try {
      await client.request(DELETE, { id: event.key });
      navigate("#/events");
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  if (mode === "edit") {
    const other = error && !["name", "startsAt", "place"].includes(error.field) ? error : null;
    return html`<form class="card ev-create ev-edit" onSubmit=${save} noValidate aria-labelledby="event-title">
      <h1 id="event-title">Edit ${event.name}</h1>
      <div class="ev-create-fields">
        <${Field} id="ev-edit-name" label="Name" error=${fieldError(error, "name")} errorId="edit-name-error">${(a) => html`<input ...${a} name="name" aria-required="true" value=${form.name} onInput=${set("name")} />`}<//>
        <${Field} id="ev-edit-startsAt" label="Starts (your local time)" error=${fieldError(error, "startsAt")} errorId="edit-startsAt-error">${(a) => html`<input ...${a} type="datetime-local" name="startsAt" aria-required="true" value=${form.startsAt} onInput=${set("startsAt")} />
          ${form.startsAt && html`<span class="muted" aria-live="polite">${formatWhen(localInputToIso(form.startsAt))}</span>`}`}<//>
        <${Field} id="ev-edit-place" label="Place" error=${fieldError(error, "place")} errorId="edit-place-error">${(a) => html`<input ...${a} name="place" value=${form.place} onInput=${set("place")} />`}<//>
      </div>
      <div class="ev-actions">
        <button type="submit" disabled=${busy}>${busy ? "Saving…" : "Save changes"}</button>
        <button type="button" class="ev-secondary" onClick=${() => cancel("ev-edit")}>Cancel</button>
      </div>
      <${ErrorText} error=${other} />
    </form>`;
  }
  return html`<div class="ev-header">
    <h1 id="event-title">${event.name}</h1>
    <dl class="facts">
      <dt>Starts</dt><dd><${When} iso=${event.startsAt} /> ${hasStarted(event) ? html`<span class="badge ev-past">started</span>` : html`<span class="badge ev-upcoming">upcoming</span>`}</dd>
      <dt>Place</dt><dd>${event.place || html`<span class="muted">Not given</span>`}</dd>
    </dl>
    ${event.calendarUrl && html`<p><${CalendarLink} url=${event.calendarUrl} what=${event.name} /></p>`}
    ${organiser && html`<div class="ev-actions">
      <button type="button" class="ev-secondary" id="ev-edit" onClick=${edit}>Edit event</button>
      <button type="button" class="ev-secondary ev-danger-outline" id="ev-delete" onClick=${() => { setMode("delete"); setStatus(""); focusSoon("ev-delete-keep"); }}>Delete event…</button>
    </div>`}
    <p role="status" aria-live="polite" class="ok">${status}</p>
    ${mode === "delete" && html`<div class="ev-confirm" role="group" aria-labelledby="delete-confirm-title" aria-describedby="delete-confirm-effect">
      <p id="delete-confirm-title"><strong>Delete ${event.name}?</strong></p>
      <p id="delete-confirm-effect">Its list of ${plural(event.attendees.length, "attendee")} and its table plan go with it; meetings people recorded there stay. This cannot be undone.</p>
      <button type="button" class="ev-danger" onClick=${remove} disabled=${busy}>${busy ? "Deleting…" : "Yes, delete the event"}</button>
      <button type="button" class="ev-secondary" id="ev-delete-keep" onClick=${() => cancel("ev-delete")}>Keep it</button>
      <${ErrorText} error=${error} />
    </div>`}
  </div>`;
}

export function EventPage({ client, route, session, navigate }) {
  const { data, error, loading, reload } = useQuery(client, EVENT, { id: route.params.id }, [route.params.id]);
  if (loading && !data) return html`<${Loading} what="Loading the event" />`;
  if (error) return html`<section><h1>Event</h1><${ErrorText} error=${error} /></section>`;
  const event = data.event;
  if (!event) return html`<section><h1>No such event</h1><p><a href="#/events">See all events</a></p></section>`;
  const organiser = isOrganiser(session);
  const rounds = groupPlan(event.tablePlan);
  const attending = isAttending(event.attendees, session.handle);
  return html`<section aria-labelledby="event-title" class="ev-page">
    <p><a href="#/events">← All events</a></p>
    <${EventHeader} key=${event.key} client=${client} event=${event} organiser=${organiser} navigate=${navigate} onChanged=${reload} />
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Table plan</h2>
      ${event.tablePlan
        ? html`<p>${planSummary(rounds)} · published <${When} iso=${event.tablePlan.proposalSet.publishedAt} />.</p>
          ${event.mySeats.length > 0 && html`<section aria-labelledby="my-seats-title" class="card ev-my-seats">
            <h3 id="my-seats-title">Your tables</h3><${MySeats} seats=${event.mySeats} /></section>`}
          <p><a href=${`${eventLink(event)}/plan`}>Open the printable table plan</a></p>
          <${PlanRounds} rounds=${rounds} myHandle=${session.handle} />`
        : html`<p class="muted">No table plan has been published for this event yet.</p>`}
    </section>
    ${attending && html`<${RecordMet} client=${client} event=${event} session=${session} onRecorded=${reload} />`}
    <${Attendees} client=${client} event=${event} organiser=${organiser} onChanged=${reload} />
    ${organiser && html`<section aria-labelledby="add-title">
      <h2 id="add-title">Add attendees</h2>
      <div class="ev-add">
        <${AttendeePicker} client=${client} event=${event} onAdded=${reload} />
        <${AddTeamOrSite} client=${client} event=${event} onAdded=${reload} />
        <${ImportAttendees} client=${client} event=${event} onImported=${reload} />
      </div>
    </section>
    <${BreakoutRounds} client=${client} event=${event} onPublished=${reload} />`}
  </section>`;
}

// --- The printable plan ------------------------------------------------------------------------

/** "Who sits where": everyone by name with their table in each round, for the door. */
function DoorSheet({ rounds }) {
  const rows = whoSitsWhere(rounds);
  return html`<section class="ev-door" aria-labelledby="door-title">
    <h2 id="door-title">Who sits where</h2>
    <p class="ev-plan-meta">Everyone by name, with their table number in each round.</p>
    <div class="table-wrap"><table class="ev-door-sheet" aria-labelledby="door-title">
      <thead><tr><th scope="col">Name</th>${rounds.map((r) => html`<th scope="col">Round ${r.round}</th>`)}</tr></thead>
      <tbody>${rows.map((row) => html`<tr>
        <th scope="row">${row.name}${row.twin && html` <span class="ev-handle">@${row.handle}</span>`}</th>
        ${row.tables.map((t) => html`<td>${t == null ? html`<span aria-hidden="true">–</span><span class="visually-hidden">not seated</span>` : `Table ${t}`}</td>`)}
      </tr>`)}</tbody>
    </table></div>
  </section>`;
}

export function EventPlanPage({ client, route }) {
  const { data, error, loading } = useQuery(client, EVENT_PLAN, { id: route.params.id }, [route.params.id]);
  if (loading && !data) return html`<${Loading} what="Loading the table plan" />`;
  if (error) return html`<section><h1>Table plan</h1><${ErrorText} error=${error} /></section>`;
  const event = data.event;
  if (!event) return html`<section><h1>No such event</h1><p><a href="#/events">See all events</a></p></section>`;
  const rounds = groupPlan(event.tablePlan);
  return html`<article class="ev-plan" aria-labelledby="print-title">
    <div class="ev-no-print ev-plan-actions">
      <a href=${eventLink(event)}>← Back to the event</a>
      ${event.tablePlan && html`<button type="button" onClick=${() => window.print()}>Print</button>`}
    </div>
    <h1 id="print-title">${event.name}: table plan</h1>
    <p class="ev-plan-meta"><${When} iso=${event.startsAt} />${event.place && html` · ${event.place}`}${rounds.length > 0 && html` · ${planSummary(rounds)}`}</p>
    ${event.tablePlan
      ? html`<${PlanRounds} rounds=${rounds} headingLevel=${2} print=${true} /><${DoorSheet} rounds=${rounds} />`
      : html`<p>No table plan has been published for this event yet. <a href=${eventLink(event)}>Generate and publish one on the event's page.</a></p>`}
  </article>`;
}
