// Colours for groups (teams, sites, passions): as many distinct colours as there are groups,
// the same for the same order. The first twelve are picked by hand to tell apart at a glance;
// past them, hues walk the golden angle through three tones, so no two groups share a colour.

export const NONE_COLOUR = "#9e9e9e";

const BASE = [
  "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf",
  "#8c564b", "#e377c2", "#bcbd22", "#393b79", "#637939", "#843c39",
];
// Candidates past the first twelve: hues every 3 degrees in four tones (mid, dark, light, soft).
const TONES = [[70, 45], [65, 32], [75, 62], [55, 52]];
const GOLDEN_DEGREES = 137.508;
// How many colours are chosen furthest-first (the legend shows a dozen; past this, cheaper steps).
const FURTHEST_FIRST = 64;

function hslToHex(h, s, l) {
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const channel = (n) => {
    const k = (n + h / 30) % 12;
    const value = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255).toString(16).padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

function distance(a, b) {
  const r1 = a[0], g1 = a[1], b1 = a[2], r2 = b[0], g2 = b[1], b2 = b[2];
  const r = (r1 + r2) / 2;
  return Math.sqrt((2 + r / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2 + (2 + (255 - r) / 256) * (b1 - b2) ** 2);
}

/** How different two colours look ("redmean": RGB distance weighted the way eyes see). */
export function colourDistance(a, b) {
  return distance(rgb(a), rgb(b));
}

// The longest list made so far: a shorter one is its start (the choice never looks ahead).
let made = [];

/**
 * `count` different colours (hex), deterministic, and a longer list starts like a shorter one.
 * Each next colour is the candidate furthest from all chosen so far (and from grey); past
 * FURTHEST_FIRST, hues walk the golden angle.
 */
export function distinctColours(count) {
  if (count <= made.length) return made.slice(0, count);
  const colours = BASE.slice(0, count);
  const used = new Set([...colours, NONE_COLOUR]);
  const pool = [];
  for (let hue = 0; hue < 360; hue += 3) for (const [s, l] of TONES) pool.push(hslToHex(hue, s, l));
  const hexes = pool.filter((c) => !used.has(c));
  const points = hexes.map(rgb);
  const chosen = [...used].map(rgb);
  const nearest = points.map((p) => Math.min(...chosen.map((c) => distance(p, c))));
  const taken = new Uint8Array(points.length);
  while (colours.length < Math.min(count, FURTHEST_FIRST)) {
    let best = -1;
    for (let i = 0; i < points.length; i++) if (!taken[i] && (best < 0 || nearest[i] > nearest[best])) best = i;
    taken[best] = 1;
    colours.push(hexes[best]);
    used.add(hexes[best]);
    const point = points[best];
    for (let i = 0; i < points.length; i++) if (!taken[i]) nearest[i] = Math.min(nearest[i], distance(points[i], point));
  }
  for (let j = 0; colours.length < count; j++) {
    const [s, l] = TONES[j % TONES.length];
    let hue = (j * GOLDEN_DEGREES + 17) % 360;
    let colour = hslToHex(hue, s, l);
    // Rounding can land two steps on one hex value: nudge the hue until it is new.
    while (used.has(colour)) colour = hslToHex((hue = (hue + 0.7) % 360), s, l);
    used.add(colour);
    colours.push(colour);
  }
  made = colours;
  return colours.slice();
}
