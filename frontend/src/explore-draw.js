// Drawing on top of sigma: labels that stay inside the canvas, names on team clusters, and the
// highlight (the rest of the graph washed out, the focused members on top with lines to them).
// Each costs work per label, cluster or highlighted member, never per member of the graph.

const LABEL_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const VEIL = "rgba(255, 255, 255, 0.82)";
const MAX_CLUSTER_LABELS = 40;
const MIN_CLUSTER_RADIUS = 14; // pixels: a smaller cluster gets no name

function canvasSize(context) {
  const ratio = (typeof window !== "undefined" && window.devicePixelRatio) || 1;
  return { width: context.canvas.width / ratio, height: context.canvas.height / ratio };
}

/**
 * Where a label of `width` goes beside a dot at (x, y) of radius `size`: to its right, or to its
 * left when it would leave the canvas, and never past an edge.
 */
export function placeLabel({ x, y, size }, width, fontSize, canvas) {
  let left = x + size + 3;
  if (left + width > canvas.width - 2) left = x - size - 3 - width;
  left = Math.max(2, Math.min(left, canvas.width - 2 - width));
  const baseline = Math.max(fontSize, Math.min(y + fontSize / 3, canvas.height - 3));
  return { x: left, y: baseline };
}

function haloText(context, text, x, y) {
  context.lineWidth = 3;
  context.lineJoin = "round";
  context.strokeStyle = "#ffffff";
  context.strokeText(text, x, y);
  context.fillText(text, x, y);
}

/** sigma's defaultDrawNodeLabel, kept inside the canvas. */
export function drawLabelInside(context, data, settings) {
  if (!data.label) return;
  const size = settings.labelSize;
  context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  context.fillStyle = settings.labelColor.color ?? "#000";
  const at = placeLabel(data, context.measureText(data.label).width, size, canvasSize(context));
  context.fillText(data.label, at.x, at.y);
}

/**
 * sigma's defaultDrawNodeHover: the focused member in a white box, the others highlighted with
 * it named (with a halo) when there are few enough to read.
 */
export function hoverDrawer(focusState) {
  return (context, data, settings) => {
    const focus = focusState();
    const size = settings.labelSize;
    context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
    if (!data.label) return;
    const width = context.measureText(data.label).width;
    const at = placeLabel(data, width, size, canvasSize(context));
    context.fillStyle = "#000";
    if (focus && focus.key !== data.key) {
      if (focus.named) haloText(context, data.label, at.x, at.y);
      return;
    }
    context.save();
    context.fillStyle = "#ffffff";
    context.shadowBlur = 8;
    context.shadowColor = "rgba(0, 0, 0, 0.5)";
    context.beginPath();
    context.arc(data.x, data.y, data.size + 2, 0, Math.PI * 2);
    context.fill();
    context.fillRect(at.x - 3, at.y - size, width + 6, size + 6);
    context.restore();
    context.fillStyle = "#000";
    context.fillText(data.label, at.x, at.y);
  };
}

function rectsOverlap(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Two canvases of our own under sigma's hover layer: team names on their clusters, and the
 * highlight. Both redraw after each sigma render. Returns { drawnClusters(), setFocus(focus) }.
 * A focus is { key (the member pointed at, or null), nodes (Set of keys), named, label }.
 */
export function overlays(renderer, clusters) {
  renderer.createCanvasContext("highlight", { beforeLayer: "hovers" });
  renderer.createCanvasContext("clusters", { beforeLayer: "highlight" });
  const canvases = renderer.getCanvases();
  const veil = canvases.highlight.getContext("2d");
  const names = canvases.clusters.getContext("2d");
  let focus = null;
  let drawn = [];

  const at = (key) => renderer.framedGraphToViewport(renderer.getNodeDisplayData(key));

  const drawClusters = (width, height) => {
    names.clearRect(0, 0, width, height);
    drawn = [];
    if (!clusters.length) return;
    const fontSize = 14;
    names.font = `700 ${fontSize}px ${LABEL_FONT}`;
    names.fillStyle = "#202124";
    const taken = [];
    for (const cluster of clusters) {
      if (drawn.length >= MAX_CLUSTER_LABELS) break;
      const centre = renderer.graphToViewport(cluster);
      const edge = renderer.graphToViewport({ x: cluster.x + cluster.radius, y: cluster.y });
      const radius = Math.hypot(edge.x - centre.x, edge.y - centre.y);
      if (radius < MIN_CLUSTER_RADIUS) continue;
      if (centre.x < -radius || centre.x > width + radius || centre.y < -radius || centre.y > height + radius) continue;
      const w = names.measureText(cluster.label).width;
      const x = Math.max(2, Math.min(centre.x - w / 2, width - 2 - w));
      let y = centre.y - radius - 6;
      if (y - fontSize < 2) y = centre.y + radius + fontSize + 4;
      y = Math.max(fontSize + 2, Math.min(y, height - 4));
      const box = { x: x - 2, y: y - fontSize - 2, w: w + 4, h: fontSize + 6 };
      if (taken.some((other) => rectsOverlap(box, other))) continue;
      taken.push(box);
      haloText(names, cluster.label, x, y);
      drawn.push({ label: cluster.label, x, y, width: w });
    }
  };

  const drawFocus = (width, height) => {
    veil.clearRect(0, 0, width, height);
    if (!focus) return;
    veil.fillStyle = VEIL;
    veil.fillRect(0, 0, width, height);
    const points = [...focus.nodes].map(at);
    if (!points.length) return;
    const hub = focus.key != null ? at(focus.key) : {
      x: points.reduce((s, p) => s + p.x, 0) / points.length,
      y: points.reduce((s, p) => s + p.y, 0) / points.length,
    };
    veil.strokeStyle = "rgba(32, 33, 36, 0.55)";
    veil.lineWidth = 1.2;
    veil.beginPath();
    for (const p of points) {
      veil.moveTo(hub.x, hub.y);
      veil.lineTo(p.x, p.y);
    }
    veil.stroke();
    if (focus.label) {
      const fontSize = 15;
      veil.font = `700 ${fontSize}px ${LABEL_FONT}`;
      veil.fillStyle = "#202124";
      const w = veil.measureText(focus.label).width;
      const x = Math.max(2, Math.min(hub.x - w / 2, width - 2 - w));
      const y = Math.max(fontSize + 2, Math.min(hub.y - 10, height - 4));
      haloText(veil, focus.label, x, y);
    }
  };

  const draw = () => {
    const { width, height } = renderer.getDimensions();
    drawClusters(width, height);
    drawFocus(width, height);
  };
  renderer.on("afterRender", draw);
  // sigma drew its first frame before these canvases existed: size them as it sizes its own
  // (on the next resize it does it itself) and draw now, without another sigma render.
  const { width, height } = renderer.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  for (const context of [veil, names]) {
    Object.assign(context.canvas.style, { width: `${width}px`, height: `${height}px` });
    context.canvas.width = width * ratio;
    context.canvas.height = height * ratio;
    if (ratio !== 1) context.scale(ratio, ratio);
  }
  draw();

  return {
    drawnClusters: () => drawn.map((d) => ({ ...d })),
    focus: () => focus,
    setFocus(next) {
      const changed = new Set([...(focus?.nodes ?? []), ...(next?.nodes ?? [])]);
      focus = next;
      renderer.refresh({ partialGraph: { nodes: [...changed] }, skipIndexation: true, schedule: true });
    },
  };
}
