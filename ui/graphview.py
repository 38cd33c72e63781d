"""HTML for the explorer, as pure functions of plain data.

- `network_html`: an entity's neighbourhood as an interactive pyvis (vis-network)
  graph: colours and shapes by node type with a legend, tooltips carrying the
  evidence, physics switched off once the layout has stabilised, and a node cap.
  vis-network is inlined from the pyvis package, so the graph works offline.
- `highlight_abstract`: an abstract with every extracted mention marked by type and
  the sentences claims came from underlined.
- `bars_html`: a top-10 list as a bar chart drawn in plain HTML.

Every piece of text from the graph is escaped: titles and abstracts may hold
`<script>`, quotes and backticks.
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyvis.network import Network

# pyvis (which pulls in IPython) is imported when a graph is first drawn, not with this module:
# the Overview, the page a new visitor waits for, never draws one (0.15 s of its first render).

NODE_CAP = 150

# label -> (colour, vis shape, legend symbol)
STYLE = {
    "Paper": ("#8d99ae", "square", "■"),
    "Method": ("#4c78a8", "dot", "●"),
    "Model": ("#f58518", "diamond", "◆"),
    "Dataset": ("#54a24b", "hexagon", "⬢"),
    "Task": ("#b279a2", "triangle", "▲"),
    "Metric": ("#e45756", "star", "★"),
    "Concept": ("#72b7b2", "dot", "●"),
    "Claim": ("#d4a017", "triangleDown", "▼"),
}
_POSITIVE = {"IMPROVES", "OUTPERFORMS", "ENABLES"}
_AMOUNT = {"REDUCES", "INCREASES"}


def color(label: str) -> str:
    return STYLE.get(label, ("#999999",))[0]


def tint(hex_colour: str, alpha: float = 0.22) -> str:
    """The colour as a light rgba background for text highlights."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# ------------------------------------------------------------------ labels & tooltips

def node_name(node: dict) -> str:
    p = node["props"]
    return str(p.get("name") or p.get("title") or p.get("key") or node["eid"])


def agreement_text(claim: dict) -> str:
    """'2 papers support · 1 contrast' (other papers saying the same / the opposite about the
    same subject and target; counted when the build finishes)."""
    n, m = int(claim.get("supported_by") or claim.get("support") or 0), \
        int(claim.get("contrasted_by") or claim.get("contrast") or 0)
    return f"{n} paper{'s' if n != 1 else ''} support · {m} contrast"


def claim_text(claim: dict) -> str:
    from claimgraph.graph.reads import effect_text

    return f"{claim.get('subject_name')} {effect_text(claim)} {claim.get('target_name')}"


def node_caption(node: dict) -> str:
    p = node["props"]
    if node["label"] == "Claim":
        from claimgraph.graph.reads import effect_text

        return effect_text(p).replace("does not ", "not ")
    return _short(node_name(node), 28 if node["label"] == "Paper" else 32)


def node_tooltip(node: dict) -> str:
    p, label = node["props"], node["label"]
    if label == "Paper":
        meta = " · ".join(str(x) for x in (p.get("year"), p.get("venue")) if x)
        return f"Paper: {p.get('title', '')}" + (f"\n{meta}" if meta else "")
    if label == "Claim":
        extra = [flag for flag in ("negated", "hedged") if p.get(flag)]
        if p.get("magnitude"):
            extra.append(f"magnitude {p['magnitude']}")
        if isinstance(p.get("confidence"), (int, float)):
            extra.append(f"confidence {p['confidence']:.2f}")
        lines = [f"Claim: {claim_text(p)}", f"“{p.get('evidence', '')}”"]
        return "\n".join(lines + ([" · ".join(extra)] if extra else []))
    lines = [f"{label}: {node_name(node)}", f"{p.get('paper_count') or 0} paper(s)"]
    if p.get("aliases"):
        lines.append("also: " + ", ".join(p["aliases"][:8]))
    return "\n".join(lines)


def edge_tooltip(edge: dict) -> str:
    p = edge["props"]
    head = edge["type"] + (f" ({p['role']})" if p.get("role") else "")
    if p.get("negated"):
        head += " · negated"
    if p.get("hedged"):
        head += " · hedged"
    if p.get("magnitude"):
        head += f" · {p['magnitude']}"
    lines = [head]
    if p.get("evidence"):
        lines.append(f"“{p['evidence']}”")
    src = " · ".join(x for x in (p.get("extractor"), f"confidence {p['confidence']:.2f}"
                                 if isinstance(p.get("confidence"), (int, float)) else None) if x)
    if src:
        lines.append(src)
    return "\n".join(lines)


def _edge_style(edge: dict) -> dict:
    kind = edge["type"]
    if kind == "CONTRADICTS":
        return {"color": "#d62728", "dashes": True, "width": 2.5}
    if kind in _POSITIVE:
        return {"color": "#2e9d57", "width": 2}
    if kind == "WORSENS":
        return {"color": "#d62728", "width": 2}
    if kind in _AMOUNT:
        return {"color": "#7b5ea7", "width": 2}
    if kind == "CONTEXT":
        return {"color": "#b8bec8", "dashes": True, "width": 1}
    if kind in ("SUBJECT", "TARGET"):
        return {"color": "#8a94a6", "width": 1.2}
    return {"color": "#c9ced6", "width": 1}


# ------------------------------------------------------------------ the graph

@dataclass(frozen=True)
class GraphView:
    html: str
    shown: int       # nodes drawn
    total: int       # nodes in the neighbourhood
    edges: int       # edges drawn

    @property
    def left_out(self) -> int:
        return self.total - self.shown


def keep_nodes(nodes: list[dict], edges: list[dict], center: str | None, cap: int = NODE_CAP) -> list[dict]:
    """The `cap` nodes to draw: the centre, then the nearest, best-connected ones."""
    degree: Counter[str] = Counter()
    for e in edges:
        degree[e["source"]] += 1
        degree[e["target"]] += 1
    order = sorted(nodes, key=lambda n: (n["eid"] != center, n.get("hop", 1), -degree[n["eid"]],
                                         -(n["props"].get("paper_count") or 0), node_name(n).lower()))
    return order[:cap]


def _size(node: dict, center: str | None) -> float:
    if node["eid"] == center:
        return 30
    if node["label"] == "Paper":
        return 11
    if node["label"] == "Claim":
        return 10
    return min(28, 11 + 3 * math.sqrt(node["props"].get("paper_count") or 0))


OPTIONS = {
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 110, "springConstant": 0.05,
                             "avoidOverlap": 0.5},
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        "minVelocity": 1,
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    "edges": {"smooth": {"type": "continuous"}, "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}}},
    "nodes": {"font": {"size": 13, "face": "Source Sans Pro, Helvetica, sans-serif", "color": "#31333f"},
              "borderWidth": 1},
}


def _pyvis_network(nodes: list[dict], edges: list[dict], center: str | None) -> Network:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for n in nodes:
        colour, shape, _ = STYLE.get(n["label"], ("#999999", "dot", "●"))
        net.add_node(n["eid"], label=node_caption(n), title=node_tooltip(n), shape=shape, color=colour,
                     size=_size(n, center),
                     borderWidth=3 if n["eid"] == center else 1,
                     font={"size": 16, "bold": True} if n["eid"] == center else
                     ({"size": 11, "color": "#8a6d0b"} if n["label"] == "Claim" else {}))
    for e in edges:
        net.add_edge(e["source"], e["target"], title=edge_tooltip(e), **_edge_style(e))
    net.options = OPTIONS
    return net


@lru_cache(maxsize=1)
def _vis_js() -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")


def _script_json(value) -> str:
    """JSON safe to place inside <script>: no `</script>`, no HTML-significant characters."""
    text = json.dumps(value, ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def legend_html(labels) -> str:
    return " ".join(f'<span style="white-space:nowrap;margin-right:12px"><span style="color:{color(l)}">'
                    f'{STYLE[l][2]}</span> {html.escape(l)}</span>' for l in labels if l in STYLE)


_PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<style>
html, body {{ margin: 0; font-family: "Source Sans Pro", Helvetica, sans-serif; }}
#wrap {{ position: relative; }}
#graph {{ width: 100%; height: {height}px; border: 1px solid #e6e9ef; border-radius: 8px; background: #fff; }}
#legend {{ position: absolute; top: 8px; left: 8px; right: 8px; pointer-events: none; font-size: 13px;
          color: #31333f; line-height: 1.7; }}
#legend > span {{ background: rgba(255,255,255,.85); }}
div.vis-tooltip {{ position: absolute; visibility: hidden; padding: 6px 9px; white-space: pre-wrap;
  max-width: 440px; font-size: 12.5px; line-height: 1.35; color: #31333f; background: #fffdf4;
  border: 1px solid #ddd5b5; border-radius: 5px; box-shadow: 2px 2px 8px rgba(0,0,0,.15);
  pointer-events: none; z-index: 5; }}
</style>
<script>{vis_js}</script>
</head><body>
<div id="wrap"><div id="graph"></div><div id="legend">{legend}</div></div>
<script>
var data = {data};
function asText(s) {{ var d = document.createElement("div"); d.textContent = s; return d; }}
data.nodes.forEach(function (n) {{ if (n.title) n.title = asText(n.title); }});
data.edges.forEach(function (e) {{ if (e.title) e.title = asText(e.title); }});
var nodes = new vis.DataSet(data.nodes);
var edges = new vis.DataSet(data.edges);
var network = new vis.Network(document.getElementById("graph"), {{nodes: nodes, edges: edges}}, data.options);
network.once("stabilizationIterationsDone", function () {{
  network.setOptions({{physics: false}});
  document.body.dataset.stabilized = "true";
}});
</script>
</body></html>
"""


def network_html(nodes: list[dict], edges: list[dict], *, center: str | None = None, cap: int = NODE_CAP,
                 height: int = 620) -> GraphView:
    """The neighbourhood (nodes/edges as `claimgraph.graph.reads.neighbourhood` returns them) as one HTML page."""
    kept = keep_nodes(nodes, edges, center, cap)
    ids = {n["eid"] for n in kept}
    drawn = [e for e in edges if e["source"] in ids and e["target"] in ids]
    net_nodes, net_edges, _, _, _, options = _pyvis_network(kept, drawn, center).get_network_data()
    labels = [l for l in STYLE if any(n["label"] == l for n in kept)]
    page = _PAGE.format(height=height, vis_js=_vis_js(), legend=legend_html(labels),
                        data=_script_json({"nodes": net_nodes, "edges": net_edges, "options": json.loads(options)}))
    return GraphView(html=page, shown=len(kept), total=len(nodes), edges=len(drawn))


# ------------------------------------------------------------------ overview

def stats_html(items: list[tuple[str, int, str]], *, size: float = 2.25) -> str:
    """(label, number, colour) items in one row (plain HTML: st.metric pulls in the charting
    library, which the page then waits for)."""
    cells = "".join(
        f'<div style="min-width:7rem"><div style="font-size:.875rem">{html.escape(label)}</div>'
        f'<div style="font-size:{size}rem;line-height:1.3;color:{colour}">{value:,}</div></div>'
        for label, value, colour in items)
    return f'<div style="display:flex;flex-wrap:wrap;gap:.5rem 2.5rem;margin:.25rem 0 .5rem">{cells}</div>'


def bars_html(rows: list[dict], colour: str, *, name: str = "name", value: str = "papers") -> str:
    """A horizontal bar chart as plain HTML (drawn instantly; no charting library to load)."""
    top = max((r[value] or 0 for r in rows), default=0) or 1
    lines = []
    for r in rows:
        label = html.escape(str(r[name]))
        pct = 100 * (r[value] or 0) / top
        lines.append(
            '<div style="display:grid;grid-template-columns:40% 1fr 2.2em;gap:8px;align-items:center;'
            'margin:4px 0;font-size:.9rem">'
            f'<span title="{label}" style="text-align:right;overflow:hidden;text-overflow:ellipsis;'
            f'white-space:nowrap">{label}</span>'
            '<span style="background:#f0f2f6;border-radius:4px;height:16px">'
            f'<span style="display:block;height:100%;width:{pct:.1f}%;background:{colour};border-radius:4px">'
            f'</span></span><span style="color:#6b7280">{int(r[value] or 0)}</span></div>')
    return "".join(lines)


YEAR_SERIES = (("papers", "papers that name it", "#4c78a8"), ("claims", "claims about it", "#f58518"))


def years_html(rows: list[dict], *, height: int = 220) -> str:
    """Papers and claims per year as vertical bar pairs in plain HTML (like bars_html: no charting
    library for the browser to load: the Vega chart took it 0.9-1.8 s here). rows: [{year, papers, claims}];
    every year between the first and the last gets a column, empty ones included, so gaps show;
    past 20 years only every fifth is labelled (the rest on hover)."""
    counts = {r["year"]: r for r in rows}
    years = sorted(counts)
    if years and years[-1] - years[0] < 80:   # a stray year (0, 9999) would stretch the axis: keep only real ones then
        years = list(range(years[0], years[-1] + 1))
    top = max((r[k] or 0 for r in rows for k, *_ in YEAR_SERIES), default=0) or 1
    legend = "".join(f'<span style="margin-right:1.2rem"><span style="display:inline-block;width:.8em;height:.8em;'
                     f'background:{colour};border-radius:2px;margin-right:.35em"></span>{html.escape(name)}</span>'
                     for _, name, colour in YEAR_SERIES)
    columns = []
    for year in years:
        r = counts.get(year, {})
        bars = "".join(
            f'<span title="{year}: {r.get(k) or 0:,} {html.escape(name)}" style="flex:1;max-width:22px;'
            f'height:{100 * (r.get(k) or 0) / top:.1f}%;min-height:{1 if r.get(k) else 0}px;background:{colour};'
            'border-radius:3px 3px 0 0"></span>'
            for k, name, colour in YEAR_SERIES)
        columns.append(f'<div style="flex:1;display:flex;flex-direction:column;align-items:stretch;min-width:0">'
                       f'<div style="height:{height}px;display:flex;align-items:flex-end;justify-content:center;'
                       f'gap:2px;border-bottom:1px solid #9aa5b8">{bars}</div>'
                       f'<div style="text-align:center;font-size:.75rem;color:#6b7280;margin-top:3px;white-space:nowrap">'
                       f'{year if len(years) <= 20 or year % 5 == 0 else "&nbsp;"}</div>'
                       '</div>')
    return (f'<div class="claimgraph-years" style="font-size:.85rem">'
            f'<div style="margin-bottom:.4rem">{legend}<span style="color:#6b7280">· most in one year: '
            f'{top:,} (hover a bar for its count)</span></div>'
            f'<div style="display:flex;gap:4px;align-items:flex-end">{"".join(columns)}</div></div>')


# ------------------------------------------------------------------ the abstract

def mention_spans(text: str, mentions: list[dict]) -> list[tuple[int, int, dict]]:
    """Non-overlapping (start, end, mention) spans inside `text`, earliest and longest first."""
    spans = []
    for m in mentions:
        for start, end in zip(m.get("starts") or [], m.get("ends") or [], strict=False):  # stored data: pair what pairs
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
                spans.append((start, end, m))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept, last_end = [], 0
    for start, end, m in spans:
        if start >= last_end:
            kept.append((start, end, m))
            last_end = end
    return kept


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int, dict]]) -> str:
    out, pos = [], start
    for s, e, m in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(text[pos:s]))
        c = color(m["label"])
        tip = html.escape(f"{m['label']}: {m['name']} ({m['relation']})", quote=True)
        out.append(f'<mark title="{tip}" style="background:{tint(c)};border-bottom:2px solid {c};'
                   f'padding:0 2px;border-radius:3px;color:inherit">{html.escape(text[s:e])}</mark>')
        pos = e
    out.append(html.escape(text[pos:end]))
    return "".join(out)


CLAIM_UNDERLINE = "underline wavy rgba(212,160,23,.75) 1px"


def highlight_abstract(text: str, mentions: list[dict], claims: Sequence[dict] = ()) -> str:
    """The abstract as escaped HTML: each mention a <mark> coloured by its entity type, and
    each sentence a claim came from underlined, with the claims as its tooltip."""
    sentences: dict[tuple[int, int], list[str]] = {}
    for c in claims:
        start, end = c.get("start"), c.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            sentences.setdefault((start, end), []).append(claim_text(c))
    cuts: list[tuple[int, int, list[str] | None]] = []
    pos = 0
    for (start, end), said in sorted(sentences.items()):
        if start >= pos:                      # overlapping sentences: keep the first
            cuts += [(pos, start, None), (start, end, said)]
            pos = end
    cuts.append((pos, len(text), None))
    spans = mention_spans(text, mentions)
    out = []
    for start, end, claimed in cuts:
        inner = _marked(text, start, end, spans)
        if claimed:
            tip = html.escape("Claim: " + "\nClaim: ".join(claimed), quote=True)
            inner = (f'<span title="{tip}" style="text-decoration:{CLAIM_UNDERLINE};'
                     f'text-underline-offset:5px">{inner}</span>')
        out.append(inner)
    return '<div style="line-height:1.8;font-size:1rem;white-space:pre-wrap">' + "".join(out) + "</div>"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def md_escape(text) -> str:
    """Text safe to put in st.markdown: every Markdown-significant character backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


# ------------------------------------------------------------------ the entity-centred graph

CLUSTER_AT = 60      # more neighbours than this are grouped into communities
MAX_CLUSTERS = 8
LABELS_SHOWN = 25    # the best-connected nodes keep their label; the rest show it on hover


def entity_ref(label: str, key: str) -> str:
    """What ?entity= carries: 'Label:key'."""
    return f"{label}:{key}"


def clusters(nodes: list[dict], links: list[dict], center: tuple[str, str], *,
             max_clusters: int = MAX_CLUSTERS) -> list[dict]:
    """The neighbours grouped into at most `max_clusters` communities (networkx Louvain, seeded,
    weighted by papers), largest first; small communities are pooled into a last "other" group.
    Each: {name, members: [(label, key)], papers}. Deterministic for one graph, so ?cluster=i
    opens the same group again."""
    import networkx as nx

    g = nx.Graph()
    by_ref = {(n["label"], n["key"]): n for n in nodes}
    g.add_nodes_from(by_ref)
    for l in links:
        if l["a"] != center and l["b"] != center and l["a"] in by_ref and l["b"] in by_ref:
            g.add_edge(l["a"], l["b"], weight=max(1, l["papers"]))
    groups = [sorted(c) for c in nx.community.louvain_communities(g, weight="weight", seed=0)]
    groups.sort(key=lambda c: (-len(c), -sum(by_ref[m]["papers"] for m in c), c[0]))
    big = [c for c in groups if len(c) >= 3][: max_clusters - 1]
    rest = [m for c in groups if c not in big for m in c]
    out = []
    for members in big + ([sorted(rest)] if rest else []):
        top = sorted(members, key=lambda m: (-by_ref[m]["papers"], by_ref[m]["name"].lower()))
        name = ", ".join(by_ref[m]["name"] for m in top[:3]) + (f" +{len(members) - 3}" if len(members) > 3 else "")
        out.append({"name": name, "members": top, "papers": sum(by_ref[m]["papers"] for m in members)})
    if rest and out:
        out[-1]["name"] = f"other: {out[-1]['name']}"
    return out


def _link_tooltip(a_name: str, b_name: str, link: dict, titles: dict[str, str]) -> str:
    lines = [f"{a_name} — {b_name}", f"{link['papers']} paper(s)"
             + (f", {link['claims']} claim(s) joining them" if link.get("claims") else "")]
    shown = [titles[i] for i in link.get("paper_ids", []) if i in titles]
    lines += [f"• {_short(t, 90)}" for t in shown]
    if link["papers"] > len(shown) and shown:
        lines.append(f"… and {link['papers'] - len(shown)} more")
    return "\n".join(lines)


def _node_size(papers: int, top: int) -> float:
    return 10 + 22 * math.sqrt((papers or 0) / max(1, top))


_NAV_SCRIPT = """
network.on("click", function (params) {{
  if (!params.nodes.length) return;
  var n = nodes.get(params.nodes[0]);
  if (!n || !n.href) return;
  document.body.dataset.clicked = n.href;
  var top = window.parent || window;
  try {{
    var a = top.document.createElement("a");
    a.href = {base} + n.href; a.target = "_self";
    top.document.body.appendChild(a); a.click();
  }} catch (e) {{ window.open({base} + n.href, "_top"); }}
}});
network.on("hoverNode", function () {{ document.getElementById("graph").style.cursor = "pointer"; }});
network.on("blurNode", function () {{ document.getElementById("graph").style.cursor = "default"; }});
"""


def entity_graph_html(data: dict, *, titles: dict[str, str] | None = None, cluster: int | None = None,
                      height: int = 620, labels_shown: int = LABELS_SHOWN) -> tuple[GraphView, list[dict]]:
    """The entity-centred view (data as claimgraph.graph.reads.entity_links returns it): entities
    linked directly, link width by papers and the papers listed on hover, node size by paper
    count, the top `labels_shown` labels drawn. More than CLUSTER_AT neighbours are drawn as a
    few community nodes (or, with `cluster`, that community's members only). Clicking a node
    opens its page (?entity=Label:key, or ?entity=…&cluster=i for a community)."""
    titles = titles or {}
    center = data["center"]
    cref = (center["label"], center["key"])
    nodes, links = data["nodes"], data["links"]
    groups = clusters(nodes, links, cref) if len(nodes) > CLUSTER_AT else []
    here = "?entity=" + _q(entity_ref(*cref))
    opened = bool(groups) and cluster is not None and 0 <= cluster < len(groups)
    if opened and cluster is not None:
        keep = set(groups[cluster]["members"])
        nodes = [n for n in nodes if (n["label"], n["key"]) in keep]
    found, groups = groups, ([] if opened else groups)
    by_ref = {(n["label"], n["key"]): n for n in nodes}
    top = max([center["papers"], *(n["papers"] for n in nodes)], default=1)
    vis_nodes = [{"id": "c", "label": center["name"], "title": f"{center['label']}: {center['name']}\n"
                  f"{center['papers']} paper(s)", "shape": STYLE[center["label"]][1], "color": color(center["label"]),
                  "size": 34, "borderWidth": 3, "font": {"size": 18, "bold": True}, "href": here}]
    vis_edges = []
    if groups:
        to_center = {(l["b"] if l["a"] == cref else l["a"]): l["papers"] for l in links if cref in (l["a"], l["b"])}
        for i, g in enumerate(groups):
            members = "\n".join(f"• {by_ref[m]['name']} ({m[0]}, {by_ref[m]['papers']} papers)" for m in g["members"][:12])
            more = f"\n… and {len(g['members']) - 12} more" if len(g["members"]) > 12 else ""
            vis_nodes.append({"id": f"g{i}", "label": f"{g['name']}\n({len(g['members'])})", "shape": "dot",
                              "color": "#c7d3e6", "size": 14 + 4 * math.sqrt(len(g["members"])),
                              "title": f"A group of {len(g['members'])} linked entities (click to open):\n"
                                       f"{members}{more}", "href": f"{here}&cluster={i}",
                              "font": {"size": 13}, "widthConstraint": {"maximum": 190}})   # long names wrap, not overlap
            weight = sum(to_center.get(m, 0) for m in g["members"])
            vis_edges.append({"from": "c", "to": f"g{i}", "width": 1 + 1.5 * math.log1p(weight),
                              "title": f"{weight} paper(s) link {center['name']} to this group",
                              "color": "#9aa5b8", "length": 260})   # room for the wrapped labels
        shown = len(groups)
    else:
        ranked = sorted(nodes, key=lambda n: -n["papers"])
        labelled = {(n["label"], n["key"]) for n in ranked[:labels_shown]}
        for n in nodes:
            ref = (n["label"], n["key"])
            vis_nodes.append({"id": entity_ref(*ref), "label": n["name"] if ref in labelled else " ",
                              "title": f"{n['label']}: {n['name']}\n{n['papers']} paper(s)\n(click to open)",
                              "shape": STYLE.get(n["label"], ("", "dot"))[1], "color": color(n["label"]),
                              "size": _node_size(n["papers"], top), "href": "?entity=" + _q(entity_ref(*ref))})
        names = {**{r: n["name"] for r, n in by_ref.items()}, cref: center["name"]}
        for l in links:
            if l["a"] in names and l["b"] in names:
                a = "c" if l["a"] == cref else entity_ref(*l["a"])
                b = "c" if l["b"] == cref else entity_ref(*l["b"])
                vis_edges.append({"from": a, "to": b, "width": 1 + 1.5 * math.log1p(l["papers"]),
                                  "title": _link_tooltip(names[l["a"]], names[l["b"]], l, titles),
                                  "color": "#7f8fa6" if "c" in (a, b) else "#d3d8e0"})
        shown = len(nodes)
    options = {**OPTIONS, "edges": {"smooth": False, "arrows": {"to": {"enabled": False}}}}
    labels = [l for l in STYLE if l == center["label"] or any(n["label"] == l for n in nodes)]
    page = _PAGE.format(height=height, vis_js=_vis_js(), legend=legend_html(labels),
                        data=_script_json({"nodes": vis_nodes, "edges": vis_edges, "options": options}))
    page = page.replace("</script>\n</body>", _NAV_SCRIPT.format(base='""') + "</script>\n</body>")
    return GraphView(html=page, shown=shown, total=len(data["nodes"]), edges=len(vis_edges)), found


def _q(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe=":")
