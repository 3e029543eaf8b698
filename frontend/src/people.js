// Organiser pages: manage members (search, edit, roles, delete), teams and sites.
import { html } from "./html.js";
import { OrganiserNav } from "./organiser.js";
import "./people.css";

export function PeoplePage() {
  return html`<section aria-labelledby="people-title"><${OrganiserNav} /><h1 id="people-title">Members</h1><p>Coming soon.</p></section>`;
}

export function UnitsPage() {
  return html`<section aria-labelledby="units-title"><${OrganiserNav} /><h1 id="units-title">Teams and sites</h1><p>Coming soon.</p></section>`;
}
