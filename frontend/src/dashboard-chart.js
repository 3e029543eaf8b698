// A small SVG line chart of one KPI over time, with its target as a dashed line, a summary in
// words and the figures as a table (the chart's text alternative). The geometry is plain
// functions (chartModel, niceTicks, describeSeries) so node tests can check it.
import { html } from "./html.js";
import { daysBetween, formatDate, formatValue } from "./dashboard-kpis.js";

export const WIDTH = 320;
export const HEIGHT = 170;
const PAD = { top: 14, right: 14, bottom: 26, left: 46 };

/** About `count` intervals of round tick values covering [min, max] (steps of 1, 2 or 5 times a power of ten). */
export function niceTicks(min, max, count = 4) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const rough = (max - min) / Math.max(count, 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const error = rough / power;
  const step = (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1) * power;
  const ticks = [];
  for (let i = Math.ceil(min / step - 1e-9); i <= Math.floor(max / step + 1e-9); i++) {
    const value = Number((i * step).toPrecision(12));
    ticks.push(value === 0 ? 0 : value);
  }
  return ticks;
}

/**
 * The y range to draw: the values and the target, widened to at least a tenth of the KPI's
 * range and padded a little, kept inside the KPI's range [low, high].
 */
export function valueRange(values, { low, high, target = null }) {
  const all = values.filter((v) => typeof v === "number" && Number.isFinite(v));
  if (typeof target === "number") all.push(target);
  if (!all.length) return [low, high];
  let min = Math.min(...all);
  let max = Math.max(...all);
  const least = (high - low) / 10;
  if (max - min < least) {
    const middle = (min + max) / 2;
    min = middle - least / 2;
    max = middle + least / 2;
  }
  const pad = (max - min) * 0.1;
  min = Math.max(low, min - pad);
  max = Math.min(high, max + pad);
  if (max - min < least) {
    // Pushed against an end of the range: keep the width on the other side.
    if (min === low) max = Math.min(high, low + least);
    else min = Math.max(low, high - least);
  }
  return [min, max];
}

/**
 * Everything to draw one chart: points placed by date between `from` and `to`, lines broken
 * where a day's value is undefined, y ticks, x ticks (first, middle and last day) and the
 * target's y. Coordinates are in a WIDTH x HEIGHT view box.
 */
export function chartModel(points, { low, high, target = null, live = null, from, to, width = WIDTH, height = HEIGHT }) {
  const plot = { left: PAD.left, right: width - PAD.right, top: PAD.top, bottom: height - PAD.bottom };
  const span = Math.max(daysBetween(from, to), 1);
  const x = (at) => plot.left + ((plot.right - plot.left) * Math.min(Math.max(daysBetween(from, at), 0), span)) / span;
  const shown = live ? [...points, live] : points;
  const [min, max] = valueRange(shown.map((p) => p.value), { low, high, target });
  const y = (value) => plot.bottom - ((plot.bottom - plot.top) * (value - min)) / (max - min || 1);
  const round = (n) => Math.round(n * 10) / 10;

  const segments = [];
  let current = [];
  for (const p of points) {
    if (typeof p.value === "number") current.push(`${round(x(p.at))},${round(y(p.value))}`);
    else if (current.length) {
      segments.push(current);
      current = [];
    }
  }
  if (current.length) segments.push(current);

  const middle = new Date(Date.parse(`${from}T00:00:00Z`) + (span / 2) * 86400000).toISOString().slice(0, 10);
  return {
    width,
    height,
    plot,
    range: [min, max],
    lines: segments.filter((s) => s.length > 1).map((s) => `M${s.join("L")}`),
    dots: points.filter((p) => typeof p.value === "number").map((p) => ({ ...p, x: round(x(p.at)), y: round(y(p.value)) })),
    yTicks: niceTicks(min, max, 4).filter((v) => v >= min - 1e-9 && v <= max + 1e-9).map((value) => ({ value, y: round(y(value)) })),
    xTicks: [from, middle, to].map((at) => ({ at, x: round(x(at)) })),
    targetY: typeof target === "number" && target >= min && target <= max ? round(y(target)) : null,
    live: live ? { ...live, x: round(x(live.at)), y: round(y(live.value)), from: lastDot(points, x, y, round) } : null,
  };
}

function lastDot(points, x, y, round) {
  const known = points.filter((p) => typeof p.value === "number");
  const last = known[known.length - 1];
  return last ? { x: round(x(last.at)), y: round(y(last.value)) } : null;
}

/**
 * Today's value as an extra, unrecorded point: when it is known and no snapshot of that day
 * is in the series (null otherwise).
 */
export function livePoint(points, value, asOf) {
  if (typeof value !== "number" || !asOf || points.some((p) => p.at === asOf)) return null;
  return { at: asOf, value };
}

/** The chart in words, for screen readers and as its caption. */
export function describeSeries(kpi, points, { from, to, target = null, live = null } = {}) {
  const known = points.filter((p) => typeof p.value === "number");
  const goal = (live ? ` Today (not recorded yet): ${formatValue(kpi, live.value)}.` : "") +
    (target ? ` Target: ${formatValue(kpi, target.target)} by ${formatDate(target.by)}.` : "");
  if (!known.length) return `No snapshots from ${formatDate(from)} to ${formatDate(to)}.${goal}`;
  const first = known[0];
  const last = known[known.length - 1];
  const count = `${known.length} snapshot${known.length === 1 ? "" : "s"}`;
  if (known.length === 1) return `${count} from ${formatDate(from)} to ${formatDate(to)}: ${formatValue(kpi, last.value)} on ${formatDate(last.at)}.${goal}`;
  const values = known.map((p) => p.value);
  return `${count} from ${formatDate(from)} to ${formatDate(to)}: ${formatValue(kpi, first.value)} on ${formatDate(first.at)}, ` +
    `${formatValue(kpi, last.value)} on ${formatDate(last.at)} (lowest ${formatValue(kpi, Math.min(...values))}, ` +
    `highest ${formatValue(kpi, Math.max(...values))}).${goal}`;
}

function tickLabel(kpi, value) {
  return kpi.unit === "share" ? `${Math.round(value * 1000) / 10}%` : value.toFixed(2);
}

/** One KPI's chart: an SVG (role img, labelled by its caption) and its figures as a table. */
export function KpiChart({ kpi, points, target = null, live = null, from, to, id }) {
  const captionId = `${id}-caption`;
  const summary = describeSeries(kpi, points, { from, to, target, live });
  const model = chartModel(points, { low: kpi.low, high: kpi.high, target: target?.target ?? null, live, from, to });
  const { plot } = model;
  return html`<figure class="kpi-chart" data-kpi=${kpi.name} data-points=${points.filter((p) => typeof p.value === "number").length}>
    <svg viewBox=${`0 0 ${model.width} ${model.height}`} role="img" aria-labelledby=${captionId} focusable="false">
      ${model.yTicks.map((t) => html`<g class="tick"><line x1=${plot.left} x2=${plot.right} y1=${t.y} y2=${t.y} />
        <text x=${plot.left - 6} y=${t.y} dy="0.32em" text-anchor="end">${tickLabel(kpi, t.value)}</text></g>`)}
      ${model.xTicks.map((t, i) => html`<text class="xtick" x=${t.x} y=${model.height - 8}
        text-anchor=${i === 0 ? "start" : i === 2 ? "end" : "middle"}>${formatDate(t.at, { year: false })}</text>`)}
      ${model.targetY !== null && html`<g class="target-line"><line x1=${plot.left} x2=${plot.right} y1=${model.targetY} y2=${model.targetY} />
        <text x=${plot.right} y=${model.targetY - 4} text-anchor="end">target ${tickLabel(kpi, target.target)}</text></g>`}
      ${model.lines.map((d) => html`<path class="series" d=${d} />`)}
      ${model.dots.map((p) => html`<circle class="dot" cx=${p.x} cy=${p.y} r="3"><title>${formatDate(p.at)}: ${formatValue(kpi, p.value)}</title></circle>`)}
      ${model.live && html`<g class="live">
        ${model.live.from && html`<line x1=${model.live.from.x} y1=${model.live.from.y} x2=${model.live.x} y2=${model.live.y} />`}
        <circle cx=${model.live.x} cy=${model.live.y} r="3.5"><title>Today, not recorded yet: ${formatValue(kpi, live.value)}</title></circle></g>`}
    </svg>
    <p class="chart-legend" aria-hidden="true"><span class="key-recorded">recorded snapshots</span>
      ${live && html`<span class="key-live">today, not recorded yet</span>`}
      ${model.targetY !== null && html`<span class="key-target">target</span>`}</p>
    <figcaption id=${captionId}>${summary}</figcaption>
    ${(points.length > 0 || live) && html`<details class="chart-table">
      <summary>Figures as a table</summary>
      <div class="table-wrap"><table>
        <caption>${kpi.label} by day</caption>
        <thead><tr><th scope="col">Day</th><th scope="col">Value</th></tr></thead>
        <tbody>${points.map((p) => html`<tr><td>${formatDate(p.at)}</td><td>${formatValue(kpi, p.value)}</td></tr>`)}
          ${live && html`<tr class="live"><td>${formatDate(live.at)} (today, not recorded yet)</td><td>${formatValue(kpi, live.value)}</td></tr>`}</tbody>
      </table></div>
    </details>`}
  </figure>`;
}
