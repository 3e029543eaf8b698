// "Add to calendar": a plain link to a calendar file (iCalendar) that the API signed for the
// signed-in member (Event.calendarUrl, Proposal.calendarUrl). A link cannot send the access
// token, so the token is in the link itself; it opens that one file, for a while, until sign-out.
import { html } from "./html.js";

/** The link, or nothing when the API gave none. `what` names the file for screen readers. */
export function CalendarLink({ url, what, children = "Add to calendar" }) {
  if (!url) return null;
  return html`<a class="calendar-link" href=${url} download aria-label=${`${children}: ${what}`}>${children}</a>`;
}
