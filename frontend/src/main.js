// Entry point: one GraphQL client for the app, talking to graph-api on the same origin.
import { render } from "preact";
import { html } from "./html.js";
import { App } from "./app.js";
import { GraphQLClient } from "./gql.js";
import "./style.css";

// The prefetch script has already started resuming the session from the refresh cookie.
const client = new GraphQLClient({ url: window.KINDRED_GRAPHQL_URL || "/graphql", early: window.__kindredPrefetch?.session ?? null });
const root = document.getElementById("app");
client.restore().finally(() => {
  root.textContent = ""; // drop the "Loading" placeholder (Preact appends to what it finds)
  render(html`<${App} client=${client} />`, root);
});
