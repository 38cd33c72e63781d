"""The ClaimGraph explorer (`claimgraph app`): layout and widgets only.

Reads live in `graph/reads.py` (functions of a Store returning plain data), HTML in
`ui/graphview.py`. The store connection is made once per process (`st.cache_resource`),
reads are cached for a minute (`st.cache_data`), every widget has a key, and errors
of ours are caught here, at the boundary, and said plainly. A connection that dies (the
embedded server stopped, or restarted on other ports) is dropped and made again once.

The first page a fresh app server draws pays every import of this script not already made:
`claimgraph app` imports the driver, pandas and our graph layer before Streamlit serves
(`ui/app_server.py`); networkx and pyvis are imported by the pages that use them, and a
background thread loads them once the first page is out.
"""
from __future__ import annotations

import functools
import importlib
import io
import json
import sys
import threading
import time
import zipfile

import streamlit as st
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from claimgraph import config
from claimgraph.graph import reads as queries
from claimgraph.schema import ClaimGraphError, ReadOnlyError, StoreError
from claimgraph.ui import graphview
from claimgraph.ui.graphview import md_escape

PAGES = ["Overview", "Search", "Entity", "Paper", "Questions", "Contested claims", "Cypher console", "Downloads"]
ICONS = {"Overview": "dashboard", "Search": "search", "Entity": "hub", "Paper": "article", "Questions": "help",
         "Contested claims": "compare_arrows", "Cypher console": "terminal", "Downloads": "download"}
EXAMPLE_CYPHER = """MATCH (p:Paper)-[:PROPOSES]->(m:Method)
RETURN m.name AS method, p.title AS paper
ORDER BY method
LIMIT 25"""
GRAPH_HEIGHT = 620
# Widgets whose values outlive their page (Streamlit drops the state of widgets not drawn in a run),
# with their first values. These widgets take their value from here, never from a default argument.
KEPT = {"search_q": "", "ent_depth": 2, "ent_types": queries.NODE_LABELS, "ent_cap": graphview.NODE_CAP,
        "console_query": EXAMPLE_CYPHER, "console_params": "{}", "console_limit": 1000, "console_timeout": 30.0,
        "ask_text": "", "ent_view": "Linked entities"}

st.set_page_config(page_title="ClaimGraph explorer", layout="wide")  # no page_icon: material ones load from Google


# ------------------------------------------------------------------ store & cached reads

@st.cache_resource(show_spinner="Connecting to the graph store…")
def get_store():
    """One connection per app process. Never starts a server by itself (the user decides, and
    `claimgraph app` starts it); only `reopen_store`, after a connection that worked was lost, does."""
    from claimgraph.graph.server import EmbeddedServer, default_home
    from claimgraph.graph.store import open_store

    if not config.neo4j_uri():
        status = EmbeddedServer(default_home()).status()
        if not status.running:
            raise StoreError(status.message)
    return open_store()


def serving(store) -> bool:
    """Is the embedded server this connection was made to still the one running? (Stopped, or
    restarted on other ports, and the cached connection is dead.) Reads server.json and /proc
    only, no network: it runs on every script run. Always True for Neo4j, whose failures show
    up as errors of the reads instead."""
    if store.info.backend != "embedded":
        return True
    from claimgraph.graph.server import EmbeddedServer, default_home

    status = EmbeddedServer(default_home()).status()
    return status.running and store.info.uri.rsplit(":", 1)[-1] == str(status.bolt_port)


def connection_lost(error: BaseException) -> bool:
    """Does this error (or one it was raised from) say the server went away, rather than that a query failed?"""
    seen = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, (ServiceUnavailable, SessionExpired, ConnectionError)):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def reopen_store(dead):
    """Drop the dead cached connection and the reads made through it, then connect again,
    starting the embedded server if it is not running (as every `claimgraph` command does).
    Raises ClaimGraphError when that fails too."""
    get_store.clear()
    st.cache_data.clear()
    try:
        dead.close()
    except Exception:  # noqa: BLE001 - a dead driver may complain while closing; it is dropped anyway
        pass
    with st.spinner("The graph store was restarted or stopped; connecting again…"):
        if not config.neo4j_uri():
            from claimgraph.graph.server import EmbeddedServer, default_home

            EmbeddedServer(default_home()).start()
        return get_store()


def warm_imports() -> None:
    """Import what the other pages need in the background, once per process, after the first page is out."""
    wanted = ("pandas", "pyvis.network", "networkx", "claimgraph.graph.export")
    name = "claimgraph-warm-imports"   # the script's functions are new on every run: the thread is the flag
    if all(m in sys.modules for m in wanted) or any(t.name == name for t in threading.enumerate()):
        return

    def load():
        time.sleep(1.0)   # let the first page reach the browser before competing for the CPU
        for module in wanted:
            try:
                importlib.import_module(module)
            except Exception:  # noqa: BLE001 - the page that needs it will report the error
                pass

    threading.Thread(target=load, name=name, daemon=True).start()


@st.cache_data(ttl=60, show_spinner=False, max_entries=500)
def read(name: str, *args, **kwargs):
    """`claimgraph.graph.reads.<name>(store, *args, **kwargs)`, cached for a minute by its arguments."""
    return getattr(queries, name)(get_store(), *args, **kwargs)


def neighbourhood(view: tuple) -> dict:
    """The neighbourhood an entity page shows: view = (label, key, depth, node types, node cap)."""
    label, key, depth, types, cap = view
    return read("neighbourhood", label, key, depth=depth, labels=types, max_nodes=cap)


def export_bytes(fmt: str, view: tuple | None = None) -> bytes:
    """The whole graph (view None) or an entity neighbourhood as a file."""
    import networkx as nx

    from claimgraph.graph.export import csv_tables, to_json, to_networkx

    data = queries.whole_graph(get_store()) if view is None else neighbourhood(view)
    graph = to_networkx(data["nodes"], data["edges"])
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(graph, buf)
        return buf.getvalue()
    if fmt == "json":
        return to_json(graph).encode("utf-8")
    nodes_csv, edges_csv = csv_tables(graph)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("nodes.csv", nodes_csv)
        zf.writestr("edges.csv", edges_csv)
    return buf.getvalue()


# ------------------------------------------------------------------ navigation

def go(page: str, *, entity: tuple[str, str] | None = None, paper: str | None = None) -> None:
    """Widget callback: switch page (and the entity or paper it shows)."""
    st.session_state["nav"] = page
    if entity:
        if tuple(entity) != tuple(st.session_state.get("entity") or ()):
            st.session_state["ent_cluster"] = None
        st.session_state["entity"] = tuple(entity)
    if paper:
        st.session_state["paper_id"] = paper


def follow_query_params() -> None:
    """Open what the address asks for, once per address: ?entity=Label:key[&cluster=i] (a click in
    the entity graph) or ?paper=id. The address then follows the entity page shown."""
    qp = st.query_params
    wanted = (qp.get("entity"), qp.get("cluster"), qp.get("paper"))
    if wanted == st.session_state.get("_qp_seen"):
        return
    st.session_state["_qp_seen"] = wanted
    ref, cluster, paper = wanted
    if ref and ":" in ref:
        label, key = ref.split(":", 1)
        if label in queries.ENTITY_LABELS:
            go("Entity", entity=(label, key))
            st.session_state["ent_view"] = GRAPH_VIEWS[0]
            st.session_state["ent_cluster"] = int(cluster) if cluster and cluster.isdigit() else None
    elif paper:
        go("Paper", paper=paper)


def open_item(label: str, key: str) -> None:
    if label == "Paper":
        go("Paper", paper=key)
    else:
        go("Entity", entity=(label, key))


def item_caption(row: dict) -> str:
    if row["label"] == "Paper":
        return f"Paper: {row['name']}"
    alias = f" (alias “{row['matched']}”)" if row.get("matched") else ""
    papers = f" · {row['papers']} paper{'s' if row['papers'] != 1 else ''}" if row["papers"] else ""
    return f"{row['name']}{alias} · {row['label']}{papers}"


def table(rows: list[dict], columns: dict[str, str], *, static: bool = False, **kwargs) -> None:
    """Rows as a dataframe with the given columns renamed; text is never interpreted as HTML.
    `static`: a plain table, for a few rows (the interactive grid costs the browser ~0.5 s to load)."""
    import pandas as pd

    frame = pd.DataFrame([{title: r.get(col) for col, title in columns.items()} for r in rows],
                         columns=list(columns.values()))
    for col in frame.select_dtypes(include=["object", "string"]).columns:
        frame[col] = frame[col].fillna("")
    if static:
        st.table(frame, hide_index=True, border="horizontal")
    else:
        st.dataframe(frame, hide_index=True, width="stretch", **kwargs)


# ------------------------------------------------------------------ pages

def page_overview() -> None:
    st.title("ClaimGraph")
    st.caption("Methods, models, datasets, tasks, metrics and the effects papers claim, with the sentence "
               "each came from.")
    counts = read("counts")
    labels = counts["labels"]
    if not labels.get("Paper"):
        st.info("The graph is empty. Build it with `claimgraph build` (the demo corpus) or "
                "`claimgraph build PATH…`, then press **Refresh data** in the sidebar.")
        return
    ink = "#31333f"
    st.html(graphview.stats_html([("Papers", labels.get("Paper", 0), ink), ("Claims", labels.get("Claim", 0), ink),
                                  ("Contested pairs", counts["contested"], ink)]))
    st.html(graphview.stats_html([(f"{label}s", labels.get(label, 0), graphview.color(label))
                                  for label in queries.ENTITY_LABELS], size=1.5))
    st.subheader("Most studied, by number of papers")
    for row in (["Method", "Dataset"], ["Model", "Task"]):
        for col, label in zip(st.columns(2), row, strict=True):
            top = read("top_entities", label, 10)
            col.markdown(f"**{label}s**")
            if top:
                col.html(graphview.bars_html(top, graphview.color(label)))
            else:
                col.caption(f"No {label.lower()}s yet.")


def page_search() -> None:
    st.title("Search")
    q = st.text_input("Entity, alias or paper title", key="search_q",
                      placeholder="e.g. CLIP, ImageNet, sharpness, LoRA")
    if not q.strip():
        st.caption("Type a few letters: methods, models, datasets, tasks, metrics and concepts match on their "
                   "name or any alias; papers on their title.")
        return
    results = read("search", q, 50)
    if not results:
        st.info(f"Nothing matches “{md_escape(q)}”. Try a shorter or different spelling.")
        return
    col_pick, col_open = st.columns([5, 1], vertical_alignment="bottom")
    pick = col_pick.selectbox(f"{len(results)} match{'es' if len(results) != 1 else ''}",
                              range(len(results)), format_func=lambda i: item_caption(results[i]),
                              key="search_pick")
    chosen = results[pick if pick is not None and pick < len(results) else 0]
    col_open.button("Open", key="search_open", type="primary", on_click=open_item,
                    args=(chosen["label"], chosen["key"]), width="stretch")
    table(results, {"label": "type", "name": "name", "matched": "matched alias", "papers": "papers"})


def page_entity() -> None:
    if "entity" not in st.session_state:
        st.title("Entity")
        st.info("Open an entity from **Search** (or from a paper) to see its papers, claims and neighbourhood.")
        st.button("Go to Search", key="entity_to_search", on_click=go, args=("Search",))
        return
    label, key = st.session_state["entity"]
    ent = read("entity", label, key)
    if ent is None:
        st.warning(f"No {label} with key “{md_escape(key)}” in the graph (was it rebuilt?).")
        return
    st.title(md_escape(ent["name"]))
    aliases = ", ".join(a for a in ent["aliases"] if a != ent["name"])
    st.markdown(f"**{label}** · {ent['paper_count']} paper{'s' if ent['paper_count'] != 1 else ''}"
                + (f" · also called {md_escape(aliases)}" if aliases else ""))
    counts = read("entity_counts", label, key)
    names = ["Graph", f"Papers ({counts['papers']})", f"Claims ({counts['claims']})", "Over time"]
    compare = label in ("Task", "Dataset")
    # Lazy tabs: only the open tab's content runs (a hub's graph, chart and comparison each take
    # a read and a render; a visitor looks at one). The Downloads page offers the stored
    # neighbourhood at the paper-centred view's settings whichever tab is open.
    tabs = st.tabs(names + (["Comparison"] if compare else []), key="ent_tab", on_change="rerun")
    tab_graph, tab_papers, tab_claims, tab_time = tabs[:4]
    st.session_state["view"] = (label, key, int(st.session_state["ent_depth"]), tuple(st.session_state["ent_types"]),
                                int(st.session_state["ent_cap"]))

    if tab_graph.open:
        with tab_graph:
            mode = st.segmented_control("View", GRAPH_VIEWS, key="ent_view", label_visibility="collapsed")
            if mode == GRAPH_VIEWS[1]:
                papers_graph(label, key, ent)
            else:
                linked_graph(label, key, ent)
    if tab_time.open:
        with tab_time:
            over_time(label, key, ent)
    if compare and tabs[4].open:
        with tabs[4]:
            comparison_table(label, key, ent)
    if tab_papers.open:
        with tab_papers:
            papers = read("entity_papers", label, key)
            if papers:
                table(papers, {"relation": "relation", "title": "paper", "year": "year", "evidence": "evidence"})
                pick_paper(papers, "ent_paper")
            else:
                st.caption("No paper names it directly (it appears only in claims).")
    if tab_claims.open:
        with tab_claims:
            claims = read("entity_claims", label, key)
            if claims:
                table([{**c, "says": queries.effect_text(c), "agreement": graphview.agreement_text(c)}
                       for c in claims],
                      {"subject_name": "subject", "says": "says", "target_name": "target", "agreement": "papers",
                       "evidence": "sentence", "title": "paper", "role": "role here", "magnitude": "magnitude",
                       "confidence": "confidence"},
                      column_config={"sentence": st.column_config.TextColumn(width="large")})
                pick_paper(claims, "ent_claim_paper")
            else:
                st.caption("No claim has it as subject, target or context.")


GRAPH_VIEWS = ["Linked entities", "Papers and claims"]


def linked_graph(label: str, key: str, ent: dict) -> None:
    """The entity-centred view: entities linked directly (computed at build time), communities
    for a large neighbourhood, click a node to open its page."""
    cluster = st.session_state.get("ent_cluster")
    data, graph, groups = linked_view(label, key, cluster)
    if not data["nodes"]:
        st.info("No linked entities: no paper or claim names this one together with another. (A graph built "
                "before entity links existed has none: build it again.)")
        return
    assert graph is not None   # drawn whenever there are nodes
    if groups and cluster is not None and 0 <= cluster < len(groups):
        c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
        c1.markdown(f"**Group {cluster + 1} of {len(groups)}**: {md_escape(groups[cluster]['name'])} "
                    f"({len(groups[cluster]['members'])} entities)")
        c2.button("All groups", key="ent_cluster_back", on_click=st.session_state.update,
                  kwargs={"ent_cluster": None}, width="stretch")
    elif groups:
        st.caption(f"{len(data['nodes']):,} linked entities, grouped into {len(groups)} communities of entities "
                   "named together. Click a group (or pick it below) to open it.")
    st.iframe(graph.html, height=GRAPH_HEIGHT + 6, alt=f"Linked entities of {ent['name']}")
    st.caption("Entities named in the same papers or joined by a claim; a link's width is its number of papers "
               "(hover it for the papers). Node size: papers naming the entity. The best-connected "
               f"{graphview.LABELS_SHOWN} carry a label, the rest show it on hover. **Click a node to open it.**")
    if groups and (cluster is None or not 0 <= cluster < len(groups)):
        c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
        pick = c1.selectbox("Open a group", range(len(groups)), key="ent_cluster_pick",
                            format_func=lambda i: f"{groups[i]['name']} ({len(groups[i]['members'])})")
        c2.button("Open", key="ent_cluster_open", on_click=st.session_state.update,
                  kwargs={"ent_cluster": pick}, width="stretch")
    near = {(n["label"], n["key"]): f"{n['name']} · {n['label']} · {n['papers']} papers" for n in data["nodes"]}
    c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
    # dict.get as format_func: None only for a stale session value, which streamlit then resets
    linked = c1.selectbox("Go to a linked entity", list(near), format_func=near.get,  # type: ignore[arg-type]
                          key="ent_link_pick")
    c2.button("Go", key="ent_link_open", on_click=open_item, args=linked, width="stretch")


@st.cache_data(ttl=60, show_spinner=False, max_entries=50)
def linked_view(label: str, key: str, cluster: int | None) -> tuple[dict, graphview.GraphView | None, list[dict]]:
    """The entity's links and their drawing, cached like `read` (a hub's communities take ~0.2 s to find)."""
    data = read("entity_links", label, key)
    if not data["nodes"]:
        return data, None, []
    ids = sorted({i for l in data["links"][:80] for i in l["paper_ids"]})
    titles = read("paper_titles", tuple(ids)) if ids else {}
    graph, groups = graphview.entity_graph_html(data, titles=titles, cluster=cluster, height=GRAPH_HEIGHT)
    return data, graph, groups


def papers_graph(label: str, key: str, ent: dict) -> None:
    """The neighbourhood as stored: papers, claims and entities (the paper-centred view)."""
    c1, c2, c3 = st.columns([1, 5, 1])
    depth = c1.radio("Depth", [1, 2], horizontal=True, key="ent_depth")
    types = c2.pills("Node types", queries.NODE_LABELS, selection_mode="multi", key="ent_types")
    cap = c3.number_input("Max nodes", min_value=10, max_value=1000, step=10, key="ent_cap")
    view = (label, key, int(depth), tuple(types), int(cap))
    st.session_state["view"] = view
    hood = neighbourhood(view)
    graph = graphview.network_html(hood["nodes"], hood["edges"], center=ent["props"].get("id"), cap=int(cap),
                                   height=GRAPH_HEIGHT)
    if graph.left_out or hood["truncated"]:
        st.warning(f"Showing the {graph.shown} nearest, best-connected nodes; {graph.left_out:,} of "
                   f"{'at least ' if hood['truncated'] else ''}{graph.total:,} were left out. "
                   "Narrow the node types, use depth 1 or raise the maximum to see more.")
    st.iframe(graph.html, height=GRAPH_HEIGHT + 6, alt=f"Neighbourhood of {ent['name']}")
    st.caption(f"{graph.shown} nodes, {graph.edges} relationships. Hover a node or an edge for its evidence; "
               "drag to rearrange, scroll to zoom. Download this view on the **Downloads** page.")
    near = {(n["label"], n["props"].get("key") or n["props"]["id"]): f"{graphview.node_name(n)} · {n['label']}"
            for n in hood["nodes"] if n.get("hop") == 1 and n["label"] != "Claim"}
    if near:
        c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
        neighbours = sorted(near, key=lambda k: near[k].lower())
        # dict.get as format_func: None only for a stale session value, which streamlit then resets
        pick = c1.selectbox("Go to a neighbour", neighbours, format_func=near.get,  # type: ignore[arg-type]
                            key="ent_near_pick")
        c2.button("Go", key="ent_near_open", on_click=open_item, args=pick, width="stretch")


def over_time(label: str, key: str, ent: dict) -> None:
    """Papers and claims per year, as a chart."""
    years = read("entity_years", label, key)
    dated = [y for y in years if y["year"] is not None]
    undated = next((y for y in years if y["year"] is None), None)
    if not dated:
        st.info("No paper here has a year (the demo corpus, a Hugging Face papers page, carries none), so there "
                "is no trend to draw. Graphs built from corpora with years (e.g. paperlists) show papers and "
                "claims per year here.")
        return
    st.markdown(f"**{md_escape(ent['name'])} per year**: papers that name it and claims about it")
    st.html(graphview.years_html(dated))
    if undated:
        st.caption(f"Without a year: {undated['papers']} paper(s), {undated['claims']} claim(s).")


def comparison_table(label: str, key: str, ent: dict) -> None:
    """Methods × datasets × metrics for a task or dataset, filled from the claims, with their sentences."""
    from claimgraph.ui import answers

    found = answers.comparison(read("comparison_claims", label, key))
    if not found:
        st.info(f"No claim of a method or model in papers on {md_escape(ent['name'])}.")
        return
    methods = {r["method"] for r in found}
    st.markdown(f"**{len(methods)} method{'s' if len(methods) != 1 else ''}** compared on "
                f"{md_escape(ent['name'])}: what each claim says, on which dataset and metric, with the number "
                "when the sentence gives one.")
    import pandas as pd

    datasets, grid = answers.pivot(found)
    # st.table: every cell wrapped and readable (a comparison is read, not scrolled).
    st.table(pd.DataFrame(grid, columns=["method", *datasets]).set_index("method"))
    st.markdown("**Each claim and its sentence**")
    shown = found[:300]
    st.table(pd.DataFrame([{"method": r["method"], "dataset": r["dataset"], "metric": r["metric"],
                            "result": r["result"], "sentence": r["evidence"], "paper": r["paper_title"]}
                           for r in shown]).set_index("method"))
    if len(found) > len(shown):
        st.caption(f"The first {len(shown)} of {len(found)} rows.")
    pick_paper([{"paper_id": r["paper_id"], "title": r["paper_title"]} for r in found], "cmp_paper")


def pick_paper(rows: list[dict], key: str) -> None:
    """A selectbox of the papers in `rows` and a button that opens the chosen one."""
    titles = {r["paper_id"]: r["title"] for r in rows}
    c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
    pid = c1.selectbox("Open a paper", list(titles), format_func=lambda i: titles[i], key=f"{key}_pick")
    c2.button("Open paper", key=f"{key}_open", on_click=go, args=("Paper",), kwargs={"paper": pid},
              width="stretch")


def page_paper() -> None:
    current = st.session_state.get("paper_id") or next((p["id"] for p in read("papers", 1)), None)
    if current is None:
        st.info("The graph holds no papers yet.")
        return
    paper = read("paper", current)
    if paper is None:
        st.warning("That paper is no longer in the graph (was it rebuilt?).")
    else:
        show_paper(current, paper)
    st.divider()
    find_paper()


def find_paper() -> None:
    """Another paper, found by typing part of its title (the store is searched: any paper of the graph)."""
    c1, c2 = st.columns([2, 3], vertical_alignment="bottom")
    text = c1.text_input("Find another paper by its title", key="paper_find", placeholder="a few words of the title")
    found = read("search_papers", text, 50) if text.strip() else []
    if text.strip() and not found:
        c2.info(f"No paper title contains “{md_escape(text)}”.")
        return
    if found:
        titles = {p["id"]: p["title"] + (f" ({p['year']})" if p.get("year") else "") for p in found}
        c2.selectbox(f"{len(found)}{'+' if len(found) >= 50 else ''} match{'es' if len(found) != 1 else ''}",
                     list(titles), format_func=titles.get, key="paper_pick", index=None,  # type: ignore[arg-type]
                     placeholder="choose a paper to open",
                     on_change=lambda: st.session_state.update(paper_id=st.session_state["paper_pick"])
                     if st.session_state.get("paper_pick") else None)


def show_paper(paper_id: str, paper: dict) -> None:
    st.header(md_escape(paper.get("title")))
    meta = [str(x) for x in (paper.get("year"), paper.get("venue")) if x]
    if meta:
        st.caption(" · ".join(md_escape(m) for m in meta))
    if str(paper.get("url") or "").startswith(("http://", "https://")):
        st.link_button("Open the paper", paper["url"], icon=":material/open_in_new:")
    mentions = read("paper_mentions", paper_id)
    claims = read("paper_claims", paper_id)
    present = [l for l in graphview.STYLE if l != "Paper" and any(m["label"] == l for m in mentions)]
    legend = graphview.legend_html(present) + (
        f'<span style="text-decoration:{graphview.CLAIM_UNDERLINE};text-underline-offset:5px">'
        "sentence with a claim</span>" if claims else "")
    st.html(f'<div style="font-size:.85rem;margin-bottom:.4rem">{legend}</div>'
            + graphview.highlight_abstract(paper.get("abstract") or "", mentions, claims))

    st.subheader(f"Claims ({len(claims)})")
    if not claims:
        st.caption("No claim was extracted from this abstract.")
    for c in claims:
        with st.container(border=True):
            effect = queries.effect_text(c)
            badges = " ".join(b for b in (":red-badge[negated]" if c.get("negated") else "",
                                          ":orange-badge[hedged]" if c.get("hedged") else "",
                                          f":violet-badge[contested ×{c['contradicted_by']}]"
                                          if c.get("contradicted_by") else "") if b)
            st.markdown(f"**{md_escape(c.get('subject_name'))}** :blue[{md_escape(effect)}] "
                        f"**{md_escape(c.get('target_name'))}** {badges}")
            st.caption(graphview.agreement_text(c))
            details = [f"{c.get('subject_label')} → {c.get('target_label')}"]
            details += [f"{x['role']}: {x['name']}" for x in c["context"]]
            if c.get("magnitude"):
                details.append(f"magnitude: {c['magnitude']}")
            if c.get("confidence") is not None:
                details.append(f"confidence {c['confidence']:.2f}")
            st.caption(md_escape(" · ".join(details)))
            st.markdown(f"> {md_escape(c.get('evidence'))}")
    if mentions:
        st.subheader(f"Mentions ({len(mentions)})")
        table([{**m, "count": len(m.get("starts") or [])} for m in mentions],
              {"label": "type", "name": "entity", "relation": "relation", "count": "times"}, static=True)
        names = {(m["label"], m["key"]): f"{m['name']} · {m['label']}" for m in mentions}
        c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
        # dict.get as format_func: None only for a stale session value, which streamlit then resets
        pick = c1.selectbox("Open an entity", list(names), format_func=names.get,  # type: ignore[arg-type]
                            key="paper_entity_pick")
        c2.button("Open entity", key="paper_entity_open", on_click=go, args=("Entity",),
                  kwargs={"entity": pick}, width="stretch")


@st.cache_data(ttl=60, show_spinner=False)
def run_question(question_id: str, slots: tuple, include_negated: bool, limit: int):
    from claimgraph.graph.catalogue import run_question as run

    include_negated = include_negated and question_id == "methods_that_effect_target"
    return run(get_store(), question_id, limit=limit, include_negated=include_negated, **dict(slots))


@st.cache_data(ttl=60, show_spinner=False)
def ask_question(text: str, limit: int):
    from claimgraph.questions import understand as ask
    from claimgraph.questions.answer import answer as by_meaning

    result = by_meaning(get_store(), text, limit=limit)
    parsed = result.parsed
    hints = {} if parsed.ok or parsed.question_id is None else ask.suggestions(get_store(), parsed)
    return parsed, result.answer, hints, result


def slot_picker(slot, key: str):
    """A picker for one slot: effects from the schema, entities by most papers (any name may be typed)."""
    from claimgraph.graph.catalogue import EFFECT, effect_verb
    from claimgraph.schema import Effect

    label = slot.name.replace("_", " ") + ("" if slot.optional else " *")
    if slot.kind == EFFECT:
        options: list[str | None] = ([None] if slot.optional else []) + [e.value for e in Effect]
        return st.selectbox(label, options, key=key, format_func=lambda v: "(any)" if v is None else effect_verb(v))
    rows = read("entity_names", tuple(slot.labels), 2000)
    shown: dict[str, str] = {}
    for r in rows:
        shown.setdefault(r["name"], f"{r['name']} · {r['label']} · {r['papers']} papers")
    options = [None, *shown] if slot.optional else [*shown]
    return st.selectbox(label, options, key=key, accept_new_options=True,
                        format_func=lambda v: "(any)" if v is None else shown.get(v, v),
                        help="Pick from the graph's names or type any name or alias.")


def show_answer(answer, key: str) -> None:
    """The reading of the question, one row per subject (papers, what it is said to do, the best
    sentence), the evidence row by row as wrapped cards, and the Cypher that produced them."""
    from claimgraph.ui import answers

    n = len(answer.rows)
    st.markdown(f"Reading: **{md_escape(answer.title)}** · {n} row{'s' if n != 1 else ''} "
                f"in {answer.elapsed_ms:,.0f} ms")
    if answer.rows:
        summary = answers.summarize(answer.rows)
        if summary:
            st.dataframe(
                [{"subject": g["subject"], "papers": g["papers"], "says": g["says"], "best sentence": g["evidence"],
                  "paper": g["paper_title"]} for g in summary],
                hide_index=True, width="stretch", key=f"{key}_summary",
                column_config={"subject": st.column_config.TextColumn(width="medium"),
                               "papers": st.column_config.NumberColumn(width="small"),
                               "says": st.column_config.TextColumn(width="medium"),
                               "best sentence": st.column_config.TextColumn(width="large"),
                               "paper": st.column_config.TextColumn(width="medium")})
            st.caption(f"{len(summary)} subject{'s' if len(summary) != 1 else ''}; hover a cell to read it whole. "
                       "Every sentence and its paper follow.")
        st.html(answers.evidence_html(answer.rows))
        if n > 100:
            st.caption(f"The first 100 of {n} rows are shown as sentences.")
        papers = {r["paper_id"]: r.get("paper_title") or r["paper_id"] for r in answer.rows if r.get("paper_id")}
        if papers:
            c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
            # dict.get as format_func: None only for a stale session value, which streamlit then resets
            pid = c1.selectbox("Open a paper", list(papers), format_func=papers.get,  # type: ignore[arg-type]
                               key=f"{key}_paper_pick")
            c2.button("Open paper", key=f"{key}_paper_open", on_click=go, args=("Paper",), kwargs={"paper": pid},
                      width="stretch")
    else:
        no_rows(answer, key)
    with st.expander("The Cypher (values are parameters)"):
        st.code(answer.cypher.strip(), language="cypher")
        st.code(json.dumps(answer.params, indent=1, ensure_ascii=False, default=str), language="json")


def no_rows(answer, key: str) -> None:
    """An empty answer with a way forward: broader readings of the same names, and what the
    graph does say about them."""
    st.info("No rows: the graph holds no claim or mention that answers this.")
    names = [v for k, v in answer.slots.items() if v and k != "effect"]
    if not names:
        return
    st.markdown("**Broader readings**")
    cols = st.columns(min(4, 2 * len(names)))
    i = 0
    for name in names[:2]:
        for reading, qid, slot in ((f"Claims about {name}", "claims_about_pair", "a"),
                                   (f"Papers about {name}", "papers_studying_topic", "topic")):
            cols[i % len(cols)].button(reading, key=f"{key}_broader_{i}", icon=":material/arrow_forward:",
                                       on_click=broaden, args=(key, qid, slot, name, reading))
            i += 1
    related = []
    for name in names[:2]:
        try:
            related += run_question("claims_about_pair", (("a", name),), False, 5).rows
        except ClaimGraphError:
            continue
    if related:
        from claimgraph.ui import answers

        st.markdown("**Related evidence**")
        st.html(answers.evidence_html(related[:5]))
        for j, row in enumerate(related[:5]):
            st.button(row.get("paper_title") or row["paper_id"], key=f"{key}_related_{j}", icon=":material/article:",
                      on_click=go, args=("Paper",), kwargs={"paper": row["paper_id"]}, type="tertiary")


def broaden(key: str, question_id: str, slot: str, name: str, reading: str) -> None:
    """Button callback: ask the broader reading (in the tab the empty answer was in)."""
    if key == "ask":
        st.session_state["ask_text"] = reading.lower()
    else:
        st.session_state["q_pick"] = question_id
        st.session_state[f"q_{question_id}_{slot}"] = name


def page_questions() -> None:
    st.title("Questions")
    try:
        from claimgraph.graph.catalogue import catalogue
    except ImportError:
        st.info("The question catalogue (graph/catalogue.py) is not part of this installation.")
        return
    tab_pick, tab_ask = st.tabs(["From the catalogue", "Ask in your own words"])
    with tab_pick:
        questions = {q.id: q for q in catalogue()}
        qid = st.selectbox("Question", list(questions), key="q_pick",
                           format_func=lambda i: questions[i].render({}))
        question = questions[qid]
        if question.description:
            st.caption(md_escape(question.description))
        cols = st.columns(max(1, len(question.slots)))
        values = {}
        for col, slot in zip(cols, question.slots, strict=False):  # one column even with no slots
            with col:
                values[slot.name] = slot_picker(slot, f"q_{qid}_{slot.name}")
        include_negated = (st.checkbox("Include negated claims", key="q_include_negated")
                           if qid == "methods_that_effect_target" else False)
        missing = [s.name for s in question.slots if not s.optional and not values.get(s.name)]
        if missing:
            st.info(f"Choose {', '.join(missing)} to run this question.")
        else:
            slots = tuple((k, v) for k, v in values.items() if v)
            show_answer(run_question(qid, slots, include_negated, 200), "q")
    with tab_ask:
        from claimgraph.questions import understand as ask

        text = st.text_input("Question", key="ask_text", placeholder="e.g. " + ask.EXAMPLES[0])
        st.pills("Examples", ask.EXAMPLES, key="ask_example", on_change=lambda: st.session_state.update(
            ask_text=st.session_state.get("ask_example") or st.session_state["ask_text"]))
        if text.strip():
            parsed, answer, hints, result = ask_question(text.strip(), 200)
            st.markdown(f"Understood as: **{md_escape(parsed.title)}**")
            for note in result.reading[1:]:
                st.caption(md_escape(note))
            for slot, phrase in parsed.unresolved.items():
                near = hints.get(slot) or []
                st.warning(f"“{phrase}” names nothing in the graph"
                           + (f"; did you mean {', '.join(near)}?" if near else "."))
            if answer is not None:
                show_answer(answer, "ask")
            show_semantic_rows(result)


def show_semantic_rows(result) -> None:
    """Related answers (reached by meaning) and fallback evidence, each labelled with its reason."""
    for heading, rows in (("Related answers, reached by meaning", result.related),
                          ("No extracted claim matches: evidence sentences from relevant papers", result.fallback)):
        if rows:
            st.markdown(f"**{heading}**")
            for r in rows:
                st.markdown(f"- **{md_escape(', '.join(r.get('names') or []) or '-')}**: {md_escape(r['reason'])}")
                if r.get("evidence"):
                    st.markdown(f"  > {md_escape(r['evidence'])} — *{md_escape(r.get('paper_title'))}*")


def page_contested() -> None:
    st.title("Contested claims")
    pairs = read("contested")
    if not pairs:
        st.info("No contested claims: no two claims say opposite things about the same subject and target.")
        return
    st.caption(f"{len(pairs)} pair{'s' if len(pairs) != 1 else ''} of claims that disagree about the same subject "
               "and target.")
    for i, pair in enumerate(pairs):
        a, b = pair["a"], pair["b"]
        with st.container(border=True):
            st.markdown(f"**{md_escape(a.get('subject_name'))}** → **{md_escape(a.get('target_name'))}**")
            for col, claim, side in zip(st.columns(2), (a, b), ("a", "b"), strict=True):
                flags = " ".join(f for f in (":orange-badge[hedged]" if claim.get("hedged") else "",) if f)
                col.markdown(f":blue[{md_escape(graphview.claim_text(claim))}] {flags}")
                col.markdown(f"> {md_escape(claim.get('evidence'))}")
                col.button(md_escape(pair[side + "_title"]), icon=":material/article:", key=f"contested_{i}_{side}",
                           on_click=go, args=("Paper",), kwargs={"paper": pair[side + "_paper_id"]})


def page_console() -> None:
    st.title("Cypher console")
    st.caption("Read-only: queries that would write are refused with the reason. Pass values as parameters "
               "(`$name`) in the JSON box.")
    query = st.text_area("Cypher", height=160, key="console_query")
    c1, c2, c3 = st.columns([3, 1, 1])
    params_text = c1.text_area("Parameters (JSON object)", height=68, key="console_params")
    limit = c2.number_input("Row limit", min_value=1, max_value=100_000, step=100, key="console_limit")
    timeout = c3.number_input("Timeout (s)", min_value=1.0, max_value=600.0, step=5.0, key="console_timeout")
    if not st.button("Run", key="console_run", type="primary"):
        return
    try:
        params = json.loads(params_text or "{}")
        if not isinstance(params, dict):
            raise ValueError("the parameters must be a JSON object, e.g. {\"q\": \"CLIP\"}")
    except (json.JSONDecodeError, ValueError) as e:
        st.error(f"Parameters: {e}")
        return
    start = time.perf_counter()
    try:
        rows = get_store().query_read_only(query, params, limit=int(limit), timeout=float(timeout))
    except ReadOnlyError as e:
        st.error(str(e), icon=":material/block:")
        return
    except StoreError as e:
        st.error(str(e), icon=":material/error:")
        detail = getattr(e, "query_error", None)
        pointer = detail.pointer(query) if detail is not None else None
        if pointer:
            st.code(pointer, language=None)
        return
    ms = (time.perf_counter() - start) * 1000
    st.caption(f"{len(rows):,} row{'s' if len(rows) != 1 else ''} in {ms:,.0f} ms"
               + (" (row limit reached)" if len(rows) >= limit else ""))
    if rows:
        import pandas as pd

        frame = pd.DataFrame([{k: json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (list, dict))
                               else v for k, v in r.items()} for r in rows])
        st.dataframe(frame, hide_index=True, width="stretch")


FORMATS = [("graphml", "GraphML", "graphml", "application/graphml+xml"),
           ("csv", "CSV (zip of nodes.csv + edges.csv)", "zip", "application/zip"),
           ("json", "JSON", "json", "application/json")]


def download_row(view: tuple | None, stem: str, key: str) -> None:
    for col, (fmt, title, ext, mime) in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        col.download_button(title, functools.partial(export_bytes, fmt, view), file_name=f"{stem}.{ext}",
                            mime=mime, key=f"dl_{key}_{fmt}", icon=":material/download:", on_click="ignore",
                            width="stretch")


def page_downloads() -> None:
    st.title("Downloads")
    st.caption("GraphML follows the export contract (`networkx.read_graphml` reads it back; lists are JSON "
               "strings). Files are made when you click.")
    labels = read("counts")["labels"]
    st.subheader("The whole graph")
    st.caption(f"{sum(labels.values()):,} nodes: " + ", ".join(f"{v:,} {k}" for k, v in labels.items()))
    download_row(None, "claimgraph", "all")
    st.subheader("The current view")
    view = st.session_state.get("view")
    if view is None:
        st.info("Open an entity (Search → Open) to download its neighbourhood as shown.")
        return
    label, key, depth, types, cap = view
    hood = neighbourhood(view)
    ent = read("entity", label, key)
    only = "" if set(types) == set(queries.NODE_LABELS) else f" through {', '.join(types) or 'no other'} nodes"
    st.caption(f"The neighbourhood of {md_escape(ent['name'] if ent else key)} ({label}), depth {depth}{only}: "
               f"{len(hood['nodes']):,} nodes and {len(hood['edges']):,} relationships (the graph on the entity "
               f"page draws at most {cap}).")
    download_row(view, f"claimgraph-{label.lower()}-{key.replace(' ', '_')[:40]}-depth{depth}", "view")


RENDER = {"Overview": page_overview, "Search": page_search, "Entity": page_entity, "Paper": page_paper,
          "Questions": page_questions, "Contested claims": page_contested, "Cypher console": page_console,
          "Downloads": page_downloads}


# ------------------------------------------------------------------ the store is not there

def start_embedded() -> None:
    from claimgraph.graph.server import EmbeddedServer, default_home

    try:
        with st.spinner("Starting the embedded store…"):
            EmbeddedServer(default_home()).start()
    except ClaimGraphError as e:
        st.session_state["start_error"] = str(e)
    reconnect()


def reconnect() -> None:
    get_store.clear()
    st.cache_data.clear()


def store_missing(error: Exception, lost: bool = False) -> None:
    st.title("ClaimGraph")
    st.error(("The connection to the graph store was lost and could not be made again: " if lost else
              "The graph store is not available: ") + str(error))
    if config.neo4j_uri():
        st.markdown("This app is set to use **Neo4j** at `{}`. Start it (`docker compose up -d` in the project "
                    "folder, or your Aura/cluster), check `NEO4J_USER`, `NEO4J_PASSWORD` and `NEO4J_DATABASE`, "
                    "then retry. Unset `NEO4J_URI` to use the embedded store instead."
                    .format(md_escape(config.neo4j_uri() or "")))
        st.button("Retry", key="store_retry", on_click=reconnect, type="primary")
        return
    from claimgraph.graph.server import default_home

    st.markdown(f"The embedded store keeps its data in `{default_home()}`. Start it here, or from a terminal "
                "with `claimgraph server start`.")
    if "start_error" in st.session_state:
        st.error(st.session_state.pop("start_error"))
    st.button("Start the embedded store", key="store_start", on_click=start_embedded, type="primary")


# ------------------------------------------------------------------ main

def main() -> None:
    for key, first in KEPT.items():
        st.session_state[key] = st.session_state.get(key, first)
    follow_query_params()
    with st.sidebar:
        st.markdown("## :material/hub: ClaimGraph")
        page = st.radio("Page", PAGES, key="nav", format_func=lambda p: f":material/{ICONS[p]}: {p}",
                        label_visibility="collapsed")
    try:
        store = get_store()
    except ClaimGraphError as e:
        store_missing(e)
        return
    if not serving(store):   # the embedded server was stopped or restarted since: the connection is dead
        try:
            store = reopen_store(store)
        except ClaimGraphError as e:
            store_missing(e, lost=True)
            return
    with st.sidebar:
        st.divider()
        st.caption(f"{store.info.backend} store · {store.info.uri} · database {store.info.database}")
        st.button("Refresh data", key="refresh", on_click=st.cache_data.clear,
                  help="Reads are cached for a minute; this reads the graph again now.")
    try:
        RENDER[page]()
    except StoreError as e:
        if not connection_lost(e):   # the store answered, with an error
            st.error(f"Reading the graph failed: {e}")
            st.button("Try again", key="store_reconnect", on_click=reconnect, type="primary")
            return
        if st.session_state.get("store_reconnected"):   # once only: it died again right after
            st.session_state.pop("store_reconnected")
            get_store.clear()
            store_missing(e, lost=True)
            return
        try:
            reopen_store(store)
        except ClaimGraphError as again:
            store_missing(again, lost=True)
            return
        st.session_state["store_reconnected"] = True
        st.rerun()   # draw the page again, on the new connection
    st.session_state.pop("store_reconnected", None)
    warm_imports()


main()
