// Turn a GraphView (communityGraph) into what sigma draws, for two lenses:
//  - bond lens: members and their bonds, members of a team packed together;
//  - purpose lens: members and passions, each member packed around their strongest passion.
// Layouts are computed directly (no force simulation) so 5,000 members lay out in milliseconds.

import { distinctColours, NONE_COLOUR } from "./palette.js";

export { NONE_COLOUR };
export const PASSION_COLOUR = "#222222";
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * Index a packed GraphView (communityGraph { truncated packed }): members, passions, teams and
 * sites by key, each member's passions strongest first, and the bonds by member key.
 */
export function indexPacked(packed, truncated = false) {
  const table = (columns) => {
    const rows = [];
    for (let i = 0; i < columns.key.length; i++) {
      rows.push({ key: columns.key[i], label: columns.label[i], size: columns.size[i], ...(columns.slug ? { slug: columns.slug[i] } : {}) });
    }
    return rows;
  };
  const teamRows = table(packed.teams);
  const siteRows = table(packed.sites);
  const passionRows = table(packed.passions);
  const m = packed.members;
  const members = new Map();
  const memberKeys = m.key;
  for (let i = 0; i < memberKeys.length; i++) {
    members.set(memberKeys[i], {
      key: memberKeys[i],
      label: m.label[i],
      team: m.team[i] == null ? null : teamRows[m.team[i]].key,
      site: m.site[i] == null ? null : siteRows[m.site[i]].key,
      size: m.bonds[i],
      passionKeys: m.passions[i].map((p) => passionRows[p].key), // already strongest first
    });
  }
  const b = packed.bonds;
  const bonds = new Array(b.source.length);
  for (let i = 0; i < bonds.length; i++) {
    bonds[i] = { source: memberKeys[b.source[i]], target: memberKeys[b.target[i]], bondKind: packed.bondKinds[b.kind[i]], weight: b.strength[i] };
  }
  const byKey = (rows) => new Map(rows.map((row) => [row.key, row]));
  return { members, passions: byKey(passionRows), teams: byKey(teamRows), sites: byKey(siteRows), bonds, truncated: !!truncated };
}

/** A colour of its own per group key, the biggest groups first (stable for the same view). */
export function colourMap(counts) {
  const ordered = [...counts.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  const palette = distinctColours(ordered.length);
  return new Map(ordered.map(([key], i) => [key, palette[i]]));
}

/** Which group a member belongs to when colouring by `by` ("team" | "site" | "passion"). */
export function groupOf(member, by) {
  if (by === "passion") return member.passionKeys[0] ?? null;
  return member[by] ?? null;
}

/** Whether a member passes the filter { passion, team, site, text } (empty parts match all). */
export function matches(member, filter, index) {
  if (filter.team && member.team !== filter.team) return false;
  if (filter.site && member.site !== filter.site) return false;
  if (filter.passion && !member.passionKeys.includes(filter.passion)) return false;
  if (filter.text) {
    const text = filter.text.toLowerCase();
    const teamName = index.teams.get(member.team)?.label ?? "";
    if (!member.label.toLowerCase().includes(text) && !teamName.toLowerCase().includes(text)) return false;
  }
  return true;
}

/** Place groups' centres on a sunflower spiral (largest in the middle) and members in a disc around each. */
function packGroups(groups, spacing = 1) {
  const positions = new Map();
  const centres = new Map();
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || String(a[0]).localeCompare(String(b[0])));
  let ring = 0;
  ordered.forEach(([group, keys], g) => {
    const radius = Math.sqrt(keys.length) * spacing;
    // Push each new centre out far enough that discs don't overlap much.
    ring = g === 0 ? 0 : Math.max(ring, Math.sqrt(g) * 2.2 * Math.sqrt(ordered[0][1].length) * spacing * 0.55);
    const angle = g * GOLDEN_ANGLE;
    const cx = Math.cos(angle) * ring;
    const cy = Math.sin(angle) * ring;
    centres.set(group, { x: cx, y: cy, radius });
    keys.forEach((key, i) => {
      const r = Math.sqrt(i + 0.5) * spacing;
      const a = i * GOLDEN_ANGLE;
      positions.set(key, { x: cx + Math.cos(a) * r, y: cy + Math.sin(a) * r });
    });
  });
  return { positions, centres };
}

// `minSize` (a radius in pixels) keeps dots big enough to tap on a phone.
function memberSize(member, minSize) {
  return Math.max(minSize, 2 + Math.min(6, Math.sqrt(member.size ?? 0)));
}

function memberNode(member, pos, colours, by, minSize = 0) {
  return {
    key: member.key,
    attributes: {
      x: pos.x,
      y: pos.y,
      size: memberSize(member, minSize),
      label: member.label,
      color: colours.get(groupOf(member, by)) ?? NONE_COLOUR,
      kind: "MEMBER",
    },
  };
}

function groupCounts(members, by) {
  const counts = new Map();
  for (const member of members) {
    const group = groupOf(member, by);
    if (group != null) counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return counts;
}

/**
 * Bond lens: members (clustered by team) and the bonds among them, one line per bonded pair.
 * With `strongest` set, a pair is drawn only when it is among the `strongest` bonds of either
 * member: silos stay as visible, and thousands of members draw several times faster.
 */
export function bondLens(index, { colourBy = "team", strongest = null, minSize = 0 } = {}) {
  const members = [...index.members.values()];
  const groups = new Map();
  for (const member of members) {
    const team = member.team ?? "";
    if (!groups.has(team)) groups.set(team, []);
    groups.get(team).push(member.key);
  }
  const { positions, centres } = packGroups(groups);
  const counts = groupCounts(members, colourBy);
  const colours = colourMap(counts);
  const nodes = members.map((m) => memberNode(m, positions.get(m.key), colours, colourBy, minSize));
  const clusters = teamClusters(index, groups, centres);
  // One line per pair, the strongest of its bonds; pairs are numbered by member position
  // (number keys: far cheaper than building a string per bond).
  const position = new Map();
  members.forEach((member, i) => position.set(member.key, i));
  const n = members.length;
  const pairs = new Map();
  for (const bond of index.bonds) {
    const a = position.get(bond.source);
    const b = position.get(bond.target);
    if (a === undefined || b === undefined) continue;
    const pair = a < b ? a * n + b : b * n + a;
    const seen = pairs.get(pair);
    if (!seen || (bond.weight ?? 0) > (seen.weight ?? 0)) pairs.set(pair, bond);
  }
  let kept = [...pairs.values()];
  if (strongest != null) kept = strongestPerMember(kept, strongest);
  const edges = kept.map((bond) => ({
    source: bond.source,
    target: bond.target,
    attributes: { size: 0.5 + (bond.weight ?? 0.5), color: "#c8c8c8", kind: bond.bondKind },
  }));
  return { nodes, edges, colours, counts, clusters, bondCount: pairs.size };
}

/** Each team's cluster, biggest first: its name, centre and radius in graph coordinates (for its label). */
function teamClusters(index, groups, centres) {
  const clusters = [];
  for (const [team, keys] of groups) {
    const centre = centres.get(team);
    const label = index.teams.get(team)?.label;
    if (centre && label) clusters.push({ key: team, label, size: keys.length, ...centre });
  }
  return clusters.sort((a, b) => b.size - a.size || a.label.localeCompare(b.label));
}

/** The bonds among each member's `k` strongest (ties: the earlier bond), each once. */
export function strongestPerMember(bonds, k) {
  const byMember = new Map();
  bonds.forEach((bond, i) => {
    for (const end of [bond.source, bond.target]) {
      if (!byMember.has(end)) byMember.set(end, []);
      byMember.get(end).push(i);
    }
  });
  const keep = new Uint8Array(bonds.length);
  for (const list of byMember.values()) {
    if (list.length > k) list.sort((a, b) => (bonds[b].weight ?? 0) - (bonds[a].weight ?? 0) || a - b);
    for (let j = 0; j < Math.min(k, list.length); j++) keep[list[j]] = 1;
  }
  return bonds.filter((_, i) => keep[i]);
}

/** Purpose lens: passions as hubs, each member packed around their strongest passion, linked to all theirs. */
export function purposeLens(index, { colourBy = "passion", minSize = 0 } = {}) {
  const members = [...index.members.values()];
  const groups = new Map();
  for (const member of members) {
    const top = member.passionKeys[0] ?? "";
    if (!groups.has(top)) groups.set(top, []);
    groups.get(top).push(member.key);
  }
  const { positions, centres } = packGroups(groups, 1.3);
  const counts = groupCounts(members, colourBy);
  const colours = colourMap(counts);
  const nodes = members.map((m) => memberNode(m, positions.get(m.key), colours, colourBy, minSize));
  let extra = 0;
  for (const passion of index.passions.values()) {
    let centre = centres.get(passion.key);
    if (!centre) {
      // A passion nobody holds as their strongest: put it on an outer ring.
      const angle = extra++ * GOLDEN_ANGLE;
      const outer = Math.sqrt(members.length) * 4 + 10;
      centre = { x: Math.cos(angle) * outer, y: Math.sin(angle) * outer };
    }
    nodes.push({
      key: `passion:${passion.key}`,
      attributes: {
        x: centre.x,
        y: centre.y,
        size: 4 + Math.min(14, Math.sqrt(passion.size ?? 1) * 1.5),
        label: passion.label,
        color: colourBy === "passion" ? colours.get(passion.key) ?? PASSION_COLOUR : PASSION_COLOUR,
        kind: "PASSION",
        forceLabel: (passion.size ?? 0) >= 3,
      },
    });
  }
  const edges = [];
  for (const member of members) {
    for (const key of member.passionKeys) {
      if (!index.passions.has(key)) continue;
      edges.push({ source: member.key, target: `passion:${key}`, attributes: { size: 0.4, color: "#d7d7e8", kind: "PASSION" } });
    }
  }
  return { nodes, edges, colours, counts, clusters: [] };
}

/** Who and why, for the hover card: name, team, site, top passions. */
export function describeMember(index, key) {
  const member = index.members.get(key);
  if (!member) return null;
  return {
    key,
    name: member.label,
    team: index.teams.get(member.team)?.label ?? null,
    site: index.sites.get(member.site)?.label ?? null,
    passions: member.passionKeys.slice(0, 3).map((k) => index.passions.get(k)?.label ?? k),
    bonds: member.size ?? 0,
  };
}
