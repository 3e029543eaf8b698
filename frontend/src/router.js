// Hash routing: "#/member/ada?tab=x" -> { name: "member", params: { handle: "ada" }, query: { tab: "x" } }.

export const ROUTES = [
  ["explore", "/explore"],
  ["signIn", "/sign-in"],
  ["acceptInvite", "/accept-invite"],
  ["resetPassword", "/reset-password"],
  ["member", "/member/:handle"],
  ["passions", "/passions"],
  ["passion", "/passion/:slug"],
  ["proposals", "/proposals"],
  ["organiser", "/organiser"],
  ["proposalSet", "/organiser/sets/:id"],
  ["setEffect", "/organiser/sets/:id/effect"],
  ["import", "/organiser/import"],
  ["tokens", "/organiser/tokens"],
  ["identity", "/organiser/identity"],
  ["people", "/organiser/people"],
  ["units", "/organiser/teams-sites"],
  ["events", "/events"],
  ["event", "/events/:id"],
  ["eventPlan", "/events/:id/plan"],
  ["dashboard", "/dashboard"],
];

/** Parse a location hash into a route; unknown paths give name "notFound", empty ones "explore". */
export function parseHash(hash) {
  const raw = (hash || "").replace(/^#/, "");
  const [pathPart, queryPart = ""] = raw.split("?", 2);
  const path = pathPart.replace(/\/+$/, "") || "/explore";
  const query = Object.fromEntries(new URLSearchParams(queryPart));
  const parts = path.split("/").filter(Boolean);
  for (const [name, pattern] of ROUTES) {
    const want = pattern.split("/").filter(Boolean);
    if (want.length !== parts.length) continue;
    const params = {};
    let ok = true;
    for (let i = 0; i < want.length; i++) {
      if (want[i].startsWith(":")) {
        try {
          params[want[i].slice(1)] = decodeURIComponent(parts[i]);
        } catch {
          ok = false;
        }
      } else if (want[i] !== parts[i]) ok = false;
      if (!ok) break;
    }
    if (ok) return { name, params, query, path };
  }
  return { name: "notFound", params: {}, query, path };
}

/** Build a hash link: link("member", { handle: "ada" }) -> "#/member/ada". */
export function link(name, params = {}, query = null) {
  const pattern = ROUTES.find(([n]) => n === name)?.[1];
  if (!pattern) throw new Error(`unknown route ${name}`);
  const path = pattern.replace(/:(\w+)/g, (_, key) => encodeURIComponent(params[key] ?? ""));
  const qs = query ? new URLSearchParams(query).toString() : "";
  return `#${path}${qs ? `?${qs}` : ""}`;
}

/** Routes open without signing in. */
export function isPublic(name) {
  return name === "signIn" || name === "acceptInvite" || name === "resetPassword";
}
