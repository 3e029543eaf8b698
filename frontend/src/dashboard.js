// The organiser's dashboard: community health KPIs, their history as charts, and targets.
import { html } from "./html.js";
import "./dashboard.css";

export function DashboardPage() {
  return html`<section aria-labelledby="dashboard-title"><h1 id="dashboard-title">Community health</h1><p>Coming soon.</p></section>`;
}
