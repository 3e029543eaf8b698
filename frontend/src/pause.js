// Pausing and resuming recommendations from one's own profile: until one resumes
// (setMyRecommendationOptOut), or until a day, after which they start again by themselves
// (setMyRecommendationPause; shown by settings-consent.js).
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, Field, fieldError } from "./ui.js";
import { PAUSE_DAYS_MAX, dayAfter, pauseStatus } from "./settings-consent-model.js";
import "./member.css";

/** The control, given the fields the profile asks for `fields` (so the profile takes back the member). */
export function PauseRecommendations({ client, member, fields, onSaved }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const paused = member.recommendationOptOut === true;
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      const query = `mutation Pause($optOut: Boolean!) { setMyRecommendationOptOut(optOut: $optOut) { ${fields} } }`;
      onSaved((await client.request(query, { optOut: !paused })).setMyRecommendationOptOut);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="pause-box" aria-labelledby="pause-title">
    <h2 id="pause-title">Recommendations</h2>
    <p role="status">${paused
      ? html`<span class="paused">Paused.</span> You are left out of new introductions, purpose groups and skills pairings until you resume. What you already have stays.`
      : "On. Kindred may suggest introductions, purpose groups and skills pairings that include you; you answer each one."}</p>
    <button type="button" class="secondary" disabled=${busy} onClick=${toggle}>${paused ? "Resume recommendations" : "Pause recommendations"}</button>
    <${ErrorText} error=${error} />
  </section>`;
}

const SET_PAUSE = `mutation PauseUntil($until: Date) { setMyRecommendationPause(until: $until) { id recommendationPausedUntil } }`;

/** "Pause until …": a day on which suggestions start again by themselves, and "Resume now".
 * `until` is the day the pause ends ("YYYY-MM-DD") or null; `onSaved(until)` gets the new one. */
export function PauseUntil({ client, until, onSaved, now = new Date() }) {
  const [day, setDay] = useState(until ?? dayAfter(now, 14));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const save = async (value) => {
    setBusy(true);
    setError(null);
    try {
      onSaved((await client.request(SET_PAUSE, { until: value })).setMyRecommendationPause.recommendationPausedUntil);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e) => {
    e.preventDefault();
    save(day || null);
  };
  return html`<form class="pause-until" onSubmit=${submit} aria-labelledby="pause-until-title">
    <h3 id="pause-until-title">Take a break</h3>
    <p role="status">${pauseStatus(until)}</p>
    <${Field} id="pause-until" label="Pause until" error=${fieldError(error, "until")}
      hint="Suggestions start again on this day, without you doing anything.">${(a) => html`<input ...${a} name="pause-until" type="date"
        min=${dayAfter(now, 1)} max=${dayAfter(now, PAUSE_DAYS_MAX)} value=${day} onInput=${(e) => setDay(e.currentTarget.value)} />`}<//>
    <button type="submit" disabled=${busy || !day}>${until ? "Change the day" : "Pause"}</button>
    ${until && html` <button type="button" class="secondary" disabled=${busy} onClick=${() => save(null)}>Resume now</button>`}
    <${ErrorText} error=${error && error.field !== "until" ? error : null} />
  </form>`;
}
