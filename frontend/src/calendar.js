// Calendars: "Add to calendar" links to calendar files (iCalendar) the API signed for the
// signed-in member (Event.calendarUrl, Proposal.calendarUrl; a link cannot send the access token,
// so the token is in the link itself: it opens that one file, for a while, until sign-out), and
// the member's subscription address for a calendar app (the events they attend, kept up to date).
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, useQuery } from "./ui.js";
import "./calendar.css";

const FEED = `query CalendarFeed { myCalendarFeed }`;
const START = `mutation StartCalendarFeed { startCalendarFeed }`;
const STOP = `mutation StopCalendarFeed { stopCalendarFeed }`;

/** The link, or nothing when the API gave none. `what` names the file for screen readers. */
export function CalendarLink({ url, what, children = "Add to calendar" }) {
  if (!url) return null;
  return html`<a class="calendar-link" href=${url} download aria-label=${`${children}: ${what}`}>${children}</a>`;
}

/** A full address for a path on this server: calendar apps need the whole of it. */
export const fullAddress = (path, base = globalThis.location?.href) => new URL(path, base).href;

/** The member's subscription: start it, see its address, make a new one (the old one stops), stop it. */
export function CalendarFeed({ client }) {
  const { data, error, setData } = useQuery(client, FEED, {}, []);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState(null);
  const [status, setStatus] = useState("");
  const act = async (query, done, message) => {
    setActionError(null);
    setStatus("");
    setBusy(true);
    try {
      setData({ myCalendarFeed: done(await client.request(query)) });
      setStatus(message);
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };
  const start = (message) => act(START, (d) => d.startCalendarFeed, message);
  const stop = () => act(STOP, () => null, "Stopped: the address no longer works.");
  if (error) return html`<${ErrorText} error=${error} />`;
  if (!data) return null;
  const path = data.myCalendarFeed;
  return html`<section aria-labelledby="calendar-feed-title" class="card calendar-feed">
    <h2 id="calendar-feed-title">Your events in your calendar app</h2>
    ${path
      ? html`<label for="calendar-feed-address">Subscription address</label>
        <input id="calendar-feed-address" readonly value=${fullAddress(path)} onFocus=${(e) => e.currentTarget.select()} />
        <p class="muted">Paste it where your calendar app subscribes to a calendar by its address: the events you attend, with your tables, show there and stay up to date. Anyone with the address sees them; if it got out, make a new one.</p>
        <div class="actions">
          <button type="button" onClick=${() => start("A new address: the old one no longer works.")} disabled=${busy}>Make a new address</button>
          <button type="button" class="calendar-secondary" onClick=${stop} disabled=${busy}>Stop the subscription</button>
        </div>`
      : html`<p class="muted">Follow the events you attend, with your tables, in your calendar app: it fetches them again every few hours.</p>
        <button type="button" onClick=${() => start("Subscribed: copy the address into your calendar app.")} disabled=${busy}>Subscribe in a calendar app</button>`}
    <p role="status" aria-live="polite" class="ok">${status}</p>
    <${ErrorText} error=${actionError} />
  </section>`;
}
