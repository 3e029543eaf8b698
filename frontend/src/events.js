// Events: list and create events, attendees (pick or import), breakout rounds from the
// recommender, the printable table plan per round, and recording who met whom.
import { html } from "./html.js";
import "./events.css";

export function EventsPage() {
  return html`<section aria-labelledby="events-title"><h1 id="events-title">Events</h1><p>Coming soon.</p></section>`;
}

export function EventPage() {
  return html`<section><h1>Event</h1><p>Coming soon.</p></section>`;
}

export function EventPlanPage() {
  return html`<section><h1>Table plan</h1><p>Coming soon.</p></section>`;
}
