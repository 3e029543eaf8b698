// The welcome a first-time member sees: what Kindred is for and three next steps.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { isFirstTime, sharedPassionsLink, WELCOME_CLOSED_KEY, welcomeSteps } from "./member-model.js";
import { useQuery } from "./ui.js";
import "./member.css";

const VIEWER = `query WelcomeViewer { viewer { handle vision passions { passion { slug name } } } }`;

const closedKey = (handle) => `${WELCOME_CLOSED_KEY}.${handle}`;

function wasClosed(handle) {
  try {
    return localStorage.getItem(closedKey(handle)) === "yes";
  } catch {
    return false; // storage refused (private mode): the welcome shows until the steps are done
  }
}

function remember(handle) {
  try {
    localStorage.setItem(closedKey(handle), "yes");
  } catch {
    // Nothing kept: it shows again next time, which is harmless.
  }
}

/** Where each step leads: one's own profile opened at the right form, or who shares one's passions. */
function stepLink(step, member) {
  if (step.id === "shared") return sharedPassionsLink(member);
  return `#/member/${encodeURIComponent(member.handle)}?edit=${step.id}`;
}

/**
 * The welcome card for `member` (handle, vision, passions { passion { slug name } }): shown while
 * they have no passions or no vision, until they close it. Each step is a link; `onStep(id)` is
 * called as one is followed (the profile page uses it to open its editor at once).
 */
export function Welcome({ member, onStep }) {
  const [closed, setClosed] = useState(() => wasClosed(member?.handle));
  if (!isFirstTime(member, closed)) return null;
  const close = () => {
    remember(member.handle);
    setClosed(true);
  };
  return html`<section class="welcome" aria-labelledby="welcome-title">
    <h2 id="welcome-title">Welcome to Kindred</h2>
    <p>Kindred helps you find the people here who care about what you care about, so you can meet them and do something together.</p>
    <p>Three steps to start:</p>
    <ol class="welcome-steps">
      ${welcomeSteps(member).map((step) => html`<li class=${step.done ? "done" : undefined}>
        <a href=${stepLink(step, member)} onClick=${() => onStep?.(step.id)}>${step.label}</a>
        ${step.done && html` <span class="ok">done</span>`}
      </li>`)}
    </ol>
    <button type="button" class="link" onClick=${close}>Hide this welcome</button>
  </section>`;
}

/** The welcome for the signed-in member, wherever they land (it reads the viewer itself). */
export function WelcomeForViewer({ client }) {
  const { data } = useQuery(client, VIEWER, {}, []);
  return data?.viewer ? html`<${Welcome} member=${data.viewer} />` : null;
}

/** The welcome where a brand-new member lands (the explore page): only while they hold no passion,
 * so that the graph keeps the first screen for everyone else. */
export function WelcomeForNewcomer({ client }) {
  const { data } = useQuery(client, VIEWER, {}, []);
  const viewer = data?.viewer;
  return viewer && (viewer.passions ?? []).length === 0 ? html`<${Welcome} member=${viewer} />` : null;
}
