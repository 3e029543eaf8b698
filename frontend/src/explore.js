// The explore page: the community graph in sigma.js, with a bond lens and a purpose lens.
import { html } from "./html.js";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeLineProgram, NodePointProgram } from "sigma/rendering";
import { bondLens, describeMember, indexPacked, matches, purposeLens } from "./lenses.js";
import { ErrorText } from "./ui.js";
import { exploreLimit, GRAPH_QUERY, loadPurposeGroups, memberDetailsCache, takePrefetched } from "./explore-data.js";
import { Legend } from "./explore-legend.js";
import { groupsByMember, groupSummaries, PurposeGroups } from "./explore-groups.js";
import { drawLabelInside, hoverDrawer, overlays } from "./explore-draw.js";
import { WelcomeForNewcomer } from "./welcome.js";
import "./explore.css";


// The bond lens draws each member's strongest bonds unless asked for all of them.
const STRONGEST_BONDS = 3;

// A member's dot is at least this radius (pixels) where fingers tap: 12 px across.
const TAP_RADIUS = 6;
const VISION_DELAY_MS = 150; // a pointer passing over a dot asks nothing
const NEIGHBOURS_NAMED = 30; // more neighbours than this are highlighted without their names

const tapScreen = () => globalThis.matchMedia?.("(pointer: coarse), (max-width: 600px)").matches ?? false;

function shorten(text, max = 160) {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

// The lenses give each pair at most one edge, so edges go in without a lookup each.
// One-pixel lines and point sprites: a fraction of the work of sigma's default thick edges and
// two-triangle discs, which matters with thousands of members and software WebGL.
const PROGRAMS = {
  defaultEdgeType: "line",
  edgeProgramClasses: { line: EdgeLineProgram },
  nodeProgramClasses: { circle: NodePointProgram },
};

function toGraph(lens) {
  const graph = new Graph({ multi: false, type: "undirected" });
  for (const node of lens.nodes) graph.addNode(node.key, node.attributes);
  for (const edge of lens.edges) graph.addEdge(edge.source, edge.target, edge.attributes);
  return graph;
}

function HoverCard({ info }) {
  if (!info) return null;
  const style = `left:${Math.round(info.x + 14)}px;top:${Math.round(info.y + 14)}px`;
  if (info.kind === "PASSION") {
    return html`<div class="hover-card" style=${style} role="status">
      <strong>${info.name}</strong>
      <div>A passion · ${info.members === 1 ? "1 member here" : `${info.members} members here`}</div>
      <div class="muted">Open it to see who shares it</div>
    </div>`;
  }
  return html`<div class="hover-card" style=${style} role="status">
    <strong>${info.name}</strong>
    <div>${info.team ?? "No team"} · ${info.site ?? "No site"}</div>
    <div>${info.passions.length ? `Cares about ${info.passions.join(", ")}` : "No passions yet"}</div>
    ${info.groups?.length > 0 && html`<div>In ${info.groups.join(", ")}</div>`}
    ${info.vision && html`<div class="hover-vision">“${shorten(info.vision)}”</div>`}
    <div class="muted">${info.bonds === 1 ? "1 bond" : `${info.bonds} bonds`}</div>
  </div>`;
}

export function ExplorePage({ client, route, navigate }) {
  const limit = exploreLimit(route.query);
  const [view, setView] = useState(null);
  const [error, setError] = useState(null);
  const [lensName, setLensName] = useState(route.query.lens === "purpose" ? "purpose" : "bond");
  const [colourBy, setColourBy] = useState("team");
  const [filter, setFilter] = useState({ passion: "", team: "", site: "", text: "" });
  const [hover, setHover] = useState(null);
  const [allBonds, setAllBonds] = useState(route.query.bonds === "all");
  const [groupState, setGroupState] = useState({ groups: null, more: false, error: null });
  const [shownGroup, setShownGroup] = useState(null);
  const [previewGroup, setPreviewGroup] = useState(null);
  const container = useRef(null);
  const sigmaRef = useRef(null);
  const overlayRef = useRef(null);
  const filterRef = useRef(filter);
  const hoverKey = useRef(null);
  const details = useMemo(() => memberDetailsCache(client), [client]);
  const minSize = useMemo(() => (tapScreen() ? TAP_RADIUS : 0), []);

  useEffect(() => {
    let live = true;
    const timings = (window.__kindredTimings = { start: performance.now() });
    const load = async () => {
      const early = await takePrefetched(window, limit);
      const data = early && !early.errors && early.data ? early.data : await client.request(GRAPH_QUERY, { limit });
      if (!live) return;
      timings.full = performance.now();
      const indexed = indexPacked(data.communityGraph.packed, data.communityGraph.truncated);
      setView(indexed);
      // "See it in the purpose lens" from a passion's page: that passion, filtered.
      const wanted = route.query.passion && [...indexed.passions.values()].find((p) => p.slug === route.query.passion);
      if (wanted) setFilter((f) => ({ ...f, passion: wanted.key }));
    };
    load().catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [limit]);

  // The purpose groups are read the first time the purpose lens opens.
  const wantGroups = lensName === "purpose" && !!view;
  useEffect(() => {
    if (!wantGroups || groupState.groups || groupState.error) return;
    let live = true;
    loadPurposeGroups(client)
      .then(({ groups, more }) => live && setGroupState({ groups: groupSummaries(groups, view), more, error: null }))
      .catch((e) => live && setGroupState({ groups: null, more: false, error: e }));
    return () => {
      live = false;
    };
  }, [wantGroups]);
  const memberGroups = useRef(new Map());
  memberGroups.current = useMemo(() => groupsByMember(groupState.groups ?? []), [groupState.groups]);
  const groupFocus = useRef(null); // the purpose group shown, back once the pointer leaves a member
  const focusOnRef = useRef(null);

  const lens = useMemo(() => {
    if (!view) return null;
    return lensName === "bond"
      ? bondLens(view, { colourBy, strongest: allBonds ? null : STRONGEST_BONDS, minSize })
      : purposeLens(view, { colourBy, minSize });
  }, [view, lensName, colourBy, allBonds]);

  const filtering = !!(filter.passion || filter.team || filter.site || filter.text);
  const matching = useMemo(() => {
    if (!view || !filtering) return null;
    const keys = new Set();
    for (const member of view.members.values()) if (matches(member, filter, view)) keys.add(member.key);
    return keys;
  }, [view, filter]);

  const openMember = async (key) => {
    try {
      const member = await details.get(key);
      if (member) navigate(`#/member/${encodeURIComponent(member.handle)}`);
    } catch (e) {
      setError(e);
    }
  };

  // A member's card, then their vision once asked (only if the pointer stays on them).
  const showMember = (key, x, y) => {
    const info = describeMember(view, key);
    if (!info) return;
    setHover({ ...info, groups: memberGroups.current.get(key) ?? [], x, y });
    setTimeout(() => {
      if (hoverKey.current !== key) return;
      details
        .get(key)
        .then((member) => {
          const vision = member?.vision?.trim();
          if (vision && hoverKey.current === key) setHover((h) => (h?.key === key ? { ...h, vision } : h));
        })
        .catch(() => {}); // the card stays as it is without the vision
    }, VISION_DELAY_MS);
  };

  // Build the renderer once per lens; filters only re-run the reducers (no rebuild).
  useEffect(() => {
    if (!container.current) return;
    if (!lens) {
      // While the view loads: an empty renderer, so that the WebGL programs are compiled
      // (slow without a GPU) before the data arrives rather than after.
      const warmUp = new Sigma(new Graph(), container.current, PROGRAMS);
      return () => warmUp.kill();
    }
    const graph = toGraph(lens);
    let layer = null;
    const renderer = new Sigma(graph, container.current, {
      hideEdgesOnMove: true,
      labelRenderedSizeThreshold: 9,
      labelDensity: 0.5,
      defaultEdgeColor: "#cccccc",
      defaultDrawNodeLabel: drawLabelInside,
      defaultDrawNodeHover: hoverDrawer(() => layer?.focus()),
      ...PROGRAMS,
      zIndex: false, // sorting by zIndex costs a pass over every node: only while filtering
      nodeReducer: (key, attrs) => {
        const keep = filterRef.current.matching;
        const focus = layer?.focus();
        if (focus?.nodes.has(key)) return { ...attrs, highlighted: true, zIndex: 2 };
        if (keep && attrs.kind === "MEMBER" && !keep.has(key)) return { ...attrs, color: "#ececec", label: "", zIndex: 0 };
        return keep && attrs.kind === "MEMBER" ? { ...attrs, zIndex: 1, forceLabel: keep.size <= 30 } : attrs;
      },
      edgeReducer: (key, attrs) => {
        const keep = filterRef.current.matching;
        if (!keep) return attrs;
        const [s, t] = graph.extremities(key);
        const visible = (n) => keep.has(n) || n.startsWith("passion:");
        return visible(s) && visible(t) ? attrs : { ...attrs, hidden: true };
      },
    });
    layer = overlays(renderer, lens.clusters);
    overlayRef.current = layer;
    // Like Kumu: the member pointed at and their neighbours stand out, the rest fades.
    const focusOn = (node) => {
      const nodes = new Set(graph.neighbors(node));
      nodes.add(node);
      layer.setFocus({ key: node, nodes, named: nodes.size <= NEIGHBOURS_NAMED + 1, label: null });
    };
    focusOnRef.current = focusOn;
    renderer.on("enterNode", ({ node, event }) => {
      hoverKey.current = node;
      focusOn(node);
      if (view.members.has(node)) showMember(node, event.x, event.y);
      else setHover({ kind: "PASSION", name: graph.getNodeAttribute(node, "label"), members: graph.degree(node), x: event.x, y: event.y });
      container.current.style.cursor = "pointer";
    });
    renderer.on("leaveNode", () => {
      hoverKey.current = null;
      layer.setFocus(groupFocus.current);
      setHover(null);
      container.current.style.cursor = "";
    });
    renderer.on("clickNode", ({ node }) => {
      if (node.startsWith("passion:")) navigate(`#/passion/${encodeURIComponent(graph.getNodeAttribute(node, "label"))}`);
      else openMember(node);
    });
    sigmaRef.current = renderer;
    // For browser tests: what is drawn, where, and what stands out.
    window.__kindredExplore = {
      lens: lensName,
      members: () => [...view.members.keys()].filter((key) => graph.hasNode(key)),
      neighbours: (key) => graph.neighbors(key),
      highlighted: () => [...(layer.focus()?.nodes ?? [])],
      focused: () => layer.focus()?.key ?? null,
      colour: (key) => renderer.getNodeDisplayData(key)?.color ?? null,
      position: (key) => {
        const at = renderer.framedGraphToViewport(renderer.getNodeDisplayData(key));
        return { x: at.x, y: at.y, radius: renderer.scaleSize(renderer.getNodeDisplayData(key).size) };
      },
      clusterLabels: () => layer.drawnClusters(),
    };
    // The constructor has processed the graph and drawn the first frame already.
    container.current.setAttribute("data-ready", "true");
    container.current.setAttribute("data-members", String(view.members.size));
    window.__kindredTimings.drawn = performance.now();
    return () => {
      container.current?.removeAttribute("data-ready");
      renderer.kill();
      sigmaRef.current = null;
      overlayRef.current = null;
      focusOnRef.current = null;
      delete window.__kindredExplore;
    };
  }, [lens]);

  useEffect(() => {
    filterRef.current = { ...filter, matching };
    const renderer = sigmaRef.current;
    if (!renderer) return;
    if (renderer.getSetting("zIndex") !== !!matching) renderer.setSetting("zIndex", !!matching); // refreshes
    else renderer.refresh({ skipIndexation: true });
  }, [matching]);

  // A purpose group pressed (or pointed at) in the list: its members stand out, joined together.
  const groupKey = previewGroup ?? shownGroup;
  useEffect(() => {
    const layer = overlayRef.current;
    const group = lensName === "purpose" && groupKey && groupState.groups?.find((g) => g.key === groupKey);
    groupFocus.current = group
      ? { key: null, nodes: new Set(group.memberKeys), named: group.memberKeys.length <= NEIGHBOURS_NAMED, label: group.name }
      : null;
    if (layer && !hoverKey.current && (groupFocus.current || layer.focus())) layer.setFocus(groupFocus.current);
  }, [groupKey, lens]);

  const focus = (key) => {
    const renderer = sigmaRef.current;
    if (!renderer) return;
    const pos = renderer.getNodeDisplayData(key);
    if (pos) renderer.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.15 }, { duration: 400 });
    hoverKey.current = key;
    focusOnRef.current?.(key);
    showMember(key, 20, 20);
  };

  const set = (name) => (e) => setFilter({ ...filter, [name]: e.currentTarget.value });
  const options = (map) =>
    [...map.values()].sort((a, b) => a.label.localeCompare(b.label)).map((n) => html`<option value=${n.key}>${n.label}</option>`);
  const firstMatches = matching ? [...matching].slice(0, 20) : [];
  const chooseLens = (name) => () => {
    setLensName(name);
    setShownGroup(null);
    setPreviewGroup(null);
  };

  return html`<section class="explore" aria-labelledby="explore-title">
    <h1 id="explore-title">Explore the community</h1>
    <${WelcomeForNewcomer} client=${client} />
    <${ErrorText} error=${error} />
    <div class="explore-controls">
      <fieldset class="lens">
        <legend>Lens</legend>
        <label><input type="radio" name="lens" value="bond" checked=${lensName === "bond"} onChange=${chooseLens("bond")} /> Bonds (who knows whom)</label>
        <label><input type="radio" name="lens" value="purpose" checked=${lensName === "purpose"} onChange=${chooseLens("purpose")} /> Purpose (who cares about what)</label>
      </fieldset>
      <label class="colour-by">Colour by
        <select aria-label="Colour by" value=${colourBy} onChange=${(e) => setColourBy(e.currentTarget.value)}>
          <option value="team">Team</option><option value="site">Site</option><option value="passion">Strongest passion</option>
        </select></label>
      ${lensName === "bond" && html`<label class="inline every-bond"><input type="checkbox" checked=${allBonds} onChange=${(e) => setAllBonds(e.currentTarget.checked)} /> Draw every bond</label>`}
    </div>
    ${!view && !error && html`<p aria-live="polite">Loading the community…</p>`}
    ${view && html`<p class="muted explore-status" aria-live="polite">
      ${view.members.size} members${view.truncated ? " (the most connected; more exist)" : ""}
      ${matching ? ` · ${matching.size} match` : ""}
      ${lens?.bondCount != null && lens.edges.length < lens.bondCount ? ` · lines show each member's ${STRONGEST_BONDS} strongest bonds (${lens.edges.length} of ${lens.bondCount} ties)` : ""}</p>`}
    <div class="explore-body">
      <div class="graph-wrap">
        <div ref=${container} class="graph" role="img" aria-label=${lensName === "bond" ? "Members clustered by team, linked by bonds" : "Members clustered around their strongest passion"}></div>
        <${HoverCard} info=${hover} />
      </div>
      <aside class="explore-side" aria-label="Find and read the graph">
        <form class="controls explore-filters" onSubmit=${(e) => { e.preventDefault(); if (firstMatches[0]) focus(firstMatches[0]); }}>
          <label>Passion <select aria-label="Filter by passion" value=${filter.passion} onChange=${set("passion")}><option value="">All passions</option>${view && options(view.passions)}</select></label>
          <label>Team <select aria-label="Filter by team" value=${filter.team} onChange=${set("team")}><option value="">All teams</option>${view && options(view.teams)}</select></label>
          <label>Site <select aria-label="Filter by site" value=${filter.site} onChange=${set("site")}><option value="">All sites</option>${view && options(view.sites)}</select></label>
          <label>Search <input type="search" aria-label="Search members by name or team" placeholder="Name or team" value=${filter.text} onInput=${set("text")} /></label>
        </form>
        ${matching && html`<nav aria-label="Matching members"><h2>Matching members</h2><ul class="chips">
          ${firstMatches.map((key) => html`<li><button type="button" onFocus=${() => focus(key)} onClick=${() => openMember(key)}>${view.members.get(key).label}</button></li>`)}
          ${matching.size > 20 && html`<li class="muted">and ${matching.size - 20} more</li>`}
        </ul></nav>`}
        ${lens && html`<${Legend} index=${view} lens=${lens} by=${colourBy} lensName=${lensName} />`}
        ${lensName === "purpose" && view && html`<${PurposeGroups} state=${groupState} shown=${shownGroup} onShow=${setShownGroup} onPreview=${setPreviewGroup} />`}
      </aside>
    </div>
  </section>`;
}
