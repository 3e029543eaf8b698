// The app shell: hash routing, the session, navigation, and which page to show.
import { html } from "./html.js";
import { useEffect, useRef, useState } from "preact/hooks";
import { isPublic, parseHash } from "./router.js";
import { AcceptInvitePage, ResetPasswordPage, SignInPage } from "./auth.js";
import { ExplorePage } from "./explore.js";
import { MemberPage } from "./member.js";
import { PassionPage, PassionsPage } from "./directory.js";
import { ProposalsPage } from "./proposals.js";
import { ImportPage, OrganiserPage, ProposalSetPage, TokensPage } from "./organiser.js";
import { IdentityPage } from "./identity-page.js";
import { PeoplePage } from "./people.js";
import { UnitsPage } from "./teams-sites.js";
import { EventPage, EventPlanPage, EventsPage } from "./events.js";
import { DashboardPage } from "./dashboard.js";
import { SetEffectPage } from "./effect.js";
import { isOrganiser, OutageNotice } from "./ui.js";

const navigate = (hash) => {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
};

function Nav({ session, route, onSignOut }) {
  const here = (name) => (route.name === name ? "page" : undefined);
  const organiser = isOrganiser(session);
  return html`<header class="top">
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>Skip to content</a>
    <strong class="brand">Kindred</strong>
    <nav aria-label="Main">
      <a href="#/explore" aria-current=${here("explore")}>Explore</a>
      <a href="#/passions" aria-current=${here("passions")}>Passions</a>
      <a href="#/proposals" aria-current=${here("proposals")}>My proposals</a>
      <a href="#/events" aria-current=${route.name.startsWith("event") ? "page" : undefined}>Events</a>
      <a href=${`#/member/${encodeURIComponent(session.handle)}`} aria-current=${route.name === "member" && route.params.handle === session.handle ? "page" : undefined}>My profile</a>
      ${organiser && html`<a href="#/dashboard" aria-current=${here("dashboard")}>Dashboard</a>`}
      ${organiser && html`<a href="#/organiser" aria-current=${here("organiser")}>Organiser</a>`}
    </nav>
    <button type="button" class="link" onClick=${onSignOut}>Sign out ${session.name ? `(${session.name})` : ""}</button>
  </header>`;
}

const PAGES = {
  explore: ExplorePage,
  member: MemberPage,
  passions: PassionsPage,
  passion: PassionPage,
  proposals: ProposalsPage,
  organiser: OrganiserPage,
  proposalSet: ProposalSetPage,
  setEffect: SetEffectPage,
  import: ImportPage,
  tokens: TokensPage,
  identity: IdentityPage,
  people: PeoplePage,
  units: UnitsPage,
  events: EventsPage,
  event: EventPage,
  eventPlan: EventPlanPage,
  dashboard: DashboardPage,
};

export function App({ client }) {
  const [route, setRoute] = useState(parseHash(location.hash));
  const [session, setSession] = useState(client.session);
  const [outage, setOutage] = useState(client.outage);
  const [attempt, setAttempt] = useState(0); // a new attempt mounts the page afresh

  useEffect(() => {
    const onHash = () => setRoute(parseHash(location.hash));
    window.addEventListener("hashchange", onHash);
    // The client tells of every change, including another tab signing in or out.
    const unsubscribe = client.subscribe(setSession);
    const unsubscribeOutage = client.subscribeOutage(setOutage);
    return () => {
      window.removeEventListener("hashchange", onHash);
      unsubscribe();
      unsubscribeOutage();
    };
  }, []);

  useEffect(() => {
    document.title = `Kindred · ${route.name}`;
  }, [route.name]);

  // A new page (or signing in): keyboard and screen-reader users start reading at its content,
  // unless the page has put the focus somewhere in it already.
  const shown = useRef(null);
  const where = `${route.path}|${session ? "in" : "out"}`;
  useEffect(() => {
    const before = shown.current;
    shown.current = where;
    const main = document.getElementById("main");
    if (before === null || !main || main.contains(document.activeElement)) return;
    main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [where]);

  const signOut = async () => {
    try {
      await client.request("mutation SignOut { signOut }");
    } catch {
      // The session is dropped locally whatever the server says.
    }
    client.setSession(null);
    navigate("#/sign-in");
  };
  const signedIn = (to) => {
    if (to) navigate(to);
    else if (isPublic(route.name)) navigate("#/explore");
  };

  const retry = async () => {
    // Without a session the outage may have hidden one: ask the refresh cookie again first.
    if (!client.session) await client.restore();
    setAttempt((n) => n + 1);
  };

  let page;
  if (route.name === "acceptInvite") page = html`<${AcceptInvitePage} client=${client} route=${route} onSignedIn=${signedIn} />`;
  else if (route.name === "resetPassword") page = html`<${ResetPasswordPage} client=${client} route=${route} onSignedIn=${signedIn} />`;
  else if (!session) page = html`<${SignInPage} client=${client} onSignedIn=${signedIn} />`;
  else if (route.name === "signIn") page = html`<p>You are signed in as ${session.handle}. <a href="#/explore">Explore the community</a>.</p>`;
  else if (PAGES[route.name]) {
    const Page = PAGES[route.name];
    page = html`<${Page} key=${`${route.path}#${attempt}`} client=${client} route=${route} session=${session} navigate=${navigate}
      onSignedOut=${() => { client.setSession(null); navigate("#/sign-in"); }} />`;
  } else page = html`<section><h1>Page not found</h1><p><a href="#/explore">Go to the community graph</a></p></section>`;

  return html`${session && !isPublic(route.name) && html`<${Nav} session=${session} route=${route} onSignOut=${signOut} />`}
    ${outage && html`<${OutageNotice} onRetry=${retry} />`}
    <main id="main" tabindex="-1">${page}</main>`;
}
