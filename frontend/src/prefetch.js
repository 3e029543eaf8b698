// Loaded by index.html before the app: resumes the session and starts the explore page's request at once.
import { startPrefetch } from "./explore-data.js";

try {
  window.__kindredPrefetch = startPrefetch({
    location: window.location,
    fetchImpl: window.fetch.bind(window),
    url: window.KINDRED_GRAPHQL_URL || "/graphql",
  });
} catch {
  window.__kindredPrefetch = null; // the page asks by itself
}
