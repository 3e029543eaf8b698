// Pausing and resuming recommendations from one's own profile (setMyRecommendationOptOut).
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText } from "./ui.js";
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
