// Entry point: one GraphQL client for the app, talking to graph-api on the same origin.
import { render } from "preact";
import { html } from "./html.js";
import { App } from "./app.js";
import { GraphQLClient } from "./gql.js";
import "./style.css";

const client = new GraphQLClient({ url: window.KINDRED_GRAPHQL_URL || "/graphql" });
const root = document.getElementById("app");
root.textContent = ""; // drop the "Loading" placeholder (Preact appends to what it finds)
render(html`<${App} client=${client} />`, root);
