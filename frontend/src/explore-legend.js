// What the graph's colours mean, as a list beside it (not only in the canvas).
import { html } from "./html.js";
import { NONE_COLOUR } from "./palette.js";

export const LEGEND_MAX = 12;

const WORDS = {
  team: { title: "Colour shows each member's team", many: "teams", noneLabel: "No team" },
  site: { title: "Colour shows each member's site", many: "sites", noneLabel: "No site" },
  passion: { title: "Colour shows each member's strongest passion", many: "passions", noneLabel: "No passion yet" },
};

/**
 * The legend of a lens coloured `by` ("team" | "site" | "passion"): the biggest groups first
 * (at most `max`), how many more there are, and the members with none.
 */
export function legendItems(index, lens, by, max = LEGEND_MAX) {
  const names = by === "team" ? index.teams : by === "site" ? index.sites : index.passions;
  const ordered = [...lens.colours.keys()];
  const items = ordered.slice(0, max).map((key) => ({
    key,
    label: names.get(key)?.label ?? key,
    colour: lens.colours.get(key),
    count: lens.counts.get(key) ?? 0,
  }));
  let grouped = 0;
  for (const count of lens.counts.values()) grouped += count;
  return { ...WORDS[by], items, more: Math.max(0, ordered.length - max), none: index.members.size - grouped };
}

const members = (n) => (n === 1 ? "1 member" : `${n} members`);

function Entry({ colour, label, count }) {
  return html`<li>
    <span class="swatch" aria-hidden="true" style=${{ background: colour }}></span>
    <span class="legend-name">${label}</span>
    <span class="legend-count" title=${members(count)}>${count}<span class="visually-hidden"> ${count === 1 ? "member" : "members"}</span></span>
  </li>`;
}

export function Legend({ index, lens, by, lensName }) {
  const legend = legendItems(index, lens, by);
  return html`<section class="legend" aria-labelledby="legend-title">
    <h2 id="legend-title">${legend.title}</h2>
    <ul data-by=${by}>
      ${legend.items.map((item) => html`<${Entry} key=${item.key} ...${item} />`)}
      ${legend.none > 0 && html`<${Entry} colour=${NONE_COLOUR} label=${legend.noneLabel} count=${legend.none} />`}
    </ul>
    ${legend.more > 0 && html`<p class="muted legend-more">and ${legend.more} more ${legend.many}</p>`}
    <p class="muted legend-how">${lensName === "bond"
      ? "Names mark each team's cluster. Lines are bonds between members."
      : "Big dark dots are passions, joined to the members who care about them."}
      ${" "}Point at a member to see who they are linked to.</p>
  </section>`;
}
