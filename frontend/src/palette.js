// Colours for groups (teams, sites, passions): as many distinct colours as there are groups,
// the same for the same order. The first twelve are picked by hand to tell apart at a glance;
// past them, hues walk the golden angle through three tones, so no two groups share a colour.

export const NONE_COLOUR = "#9e9e9e";

const BASE = [
  "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf",
  "#8c564b", "#e377c2", "#bcbd22", "#393b79", "#637939", "#843c39",
];
// Saturation and lightness of each tone: mid, dark and light (never grey: that means "none").
const TONES = [[68, 45], [60, 30], [72, 62]];
const GOLDEN_DEGREES = 137.508;

function hslToHex(h, s, l) {
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const channel = (n) => {
    const k = (n + h / 30) % 12;
    const value = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255).toString(16).padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** `count` different colours (hex), deterministic: the same count gives the same list. */
export function distinctColours(count) {
  const colours = BASE.slice(0, count);
  const used = new Set([...colours, NONE_COLOUR]);
  for (let j = 0; colours.length < count; j++) {
    const [s, l] = TONES[j % TONES.length];
    let hue = (j * GOLDEN_DEGREES + 17) % 360;
    let colour = hslToHex(hue, s, l);
    // Rounding can land two far-apart steps on one hex value: nudge the hue until it is new.
    while (used.has(colour)) colour = hslToHex((hue = (hue + 0.7) % 360), s, l);
    used.add(colour);
    colours.push(colour);
  }
  return colours;
}
