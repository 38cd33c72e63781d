"""The explorer (ui/app.py) driven through Streamlit's AppTest against the real demo graph,
plus the pure HTML builders of ui/graphview.py (no server needed for those)."""
from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest

from claimgraph.ui import graphview

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


# ------------------------------------------------------------------ pure: graphview

def _node(eid, label, hop=1, **props):
    return {"eid": eid, "label": label, "hop": hop, "props": {"id": eid, "name": eid, **props}}


def test_highlight_escapes_text_and_marks_mentions_by_type():
    text = 'We use <script>alert("x")</script> and `CLIP` on ImageNet & "friends".'
    clip, imagenet = text.index("CLIP"), text.index("ImageNet")
    mentions = [
        {"label": "Model", "name": "CLIP", "relation": "USES", "starts": [clip], "ends": [clip + 4]},
        {"label": "Dataset", "name": 'Image"Net', "relation": "EVALUATES_ON",
         "starts": [imagenet, 999], "ends": [imagenet + 8, 1003]},            # 999: out of range, ignored
        {"label": "Method", "name": "overlap", "relation": "USES", "starts": [clip + 1], "ends": [clip + 3]},
    ]
    out = graphview.highlight_abstract(text, mentions)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "&quot;x&quot;" in out and "&amp; &quot;friends&quot;" in out
    assert out.count("<mark") == 2                                    # the overlapping span is dropped
    assert f'border-bottom:2px solid {graphview.color("Model")}' in out
    assert 'title="Dataset: Image&quot;Net (EVALUATES_ON)"' in out
    assert ">CLIP</mark>" in out and ">ImageNet</mark>" in out


def test_highlight_underlines_claim_sentences_around_their_mentions():
    text = "First sentence. Mixup improves <robustness> on CIFAR-10. Last."
    start, end = text.index("Mixup"), text.index(" Last")
    claim = {"start": start, "end": end, "subject_name": "Mixup", "effect": "improves", "negated": True,
             "target_name": "robustness"}
    cifar = text.index("CIFAR-10")
    mentions = [{"label": "Dataset", "name": "CIFAR-10", "relation": "EVALUATES_ON",
                 "starts": [cifar], "ends": [cifar + 8]}]
    out = graphview.highlight_abstract(text, mentions, [claim])
    assert out.count("underline wavy") == 1 and 'title="Claim: Mixup does not improve robustness"' in out
    sentence = out.split("underline wavy", 1)[1]
    assert sentence.index(">CIFAR-10</mark>") < sentence.index("</span>")   # the mark sits inside the sentence
    assert "&lt;robustness&gt;" in out and out.endswith(" Last.</div>")


def test_network_html_caps_nodes_and_keeps_the_nearest():
    center = _node("c", "Model", hop=0, name="CLIP", paper_count=4)
    ring1 = [_node(f"p{i}", "Paper", title=f"Paper {i} </script><b>") for i in range(5)]
    ring2 = [_node(f"m{i}", "Method", hop=2, paper_count=i) for i in range(40)]
    edges = [{"source": p["eid"], "target": "c", "type": "USES", "props": {"evidence": "uses </script> CLIP"}}
             for p in ring1]
    edges += [{"source": "p0", "target": m["eid"], "type": "USES", "props": {}} for m in ring2]
    view = graphview.network_html([*ring2, center, *ring1], edges, center="c", cap=20)
    assert (view.shown, view.total, view.left_out) == (20, 46, 26)
    assert "</script><b>" not in view.html.split("<script>", 2)[2]     # data cannot close the script tag
    assert '"c"' in view.html and '"p4"' in view.html                 # centre and the whole first ring kept
    assert 'network.once("stabilizationIterationsDone"' in view.html and "physics: false" in view.html
    assert "▲" not in view.html and "■" in view.html                  # legend lists only the types shown
    assert "cdn" not in view.html.lower()                             # vis-network is inlined: works offline


def test_bars_html_scales_to_the_largest_and_escapes_names():
    out = graphview.bars_html([{"name": "<b>A</b>", "papers": 4}, {"name": "B", "papers": 1}], "#123456")
    assert "&lt;b&gt;A&lt;/b&gt;" in out and "<b>" not in out
    assert "width:100.0%" in out and "width:25.0%" in out


def test_years_html_draws_every_year_between_the_first_and_the_last():
    page = graphview.years_html([{"year": 2019, "papers": 4, "claims": 1}, {"year": 2022, "papers": 8, "claims": 0}])
    assert [y for y in range(2017, 2025) if f">{y}</div>" in page] == [2019, 2020, 2021, 2022]
    assert 'title="2022: 8 papers that name it" style="flex:1;max-width:22px;height:100.0%' in page
    assert 'title="2019: 4 papers that name it" style="flex:1;max-width:22px;height:50.0%' in page
    assert 'title="2020: 0 claims about it" style="flex:1;max-width:22px;height:0.0%;min-height:0px' in page
    many = graphview.years_html([{"year": y, "papers": 1, "claims": 1} for y in range(1990, 2021)])
    assert ">1990</div>" in many and ">1995</div>" in many and ">1991</div>" not in many   # every fifth labelled
    stray = graphview.years_html([{"year": 1, "papers": 1, "claims": 0}, {"year": 2020, "papers": 2, "claims": 0}])
    assert stray.count('papers that name it"') == 2     # a stray year does not stretch the axis


def test_md_escape_neutralises_markdown():
    assert graphview.md_escape("a *b* `c` <d> $e$") == r"a \*b\* \`c\` \<d\> \$e\$"


# ------------------------------------------------------------------ the app on the demo graph

@pytest.fixture
def app(demo_store):
    """A fresh AppTest of the explorer; caches emptied so it reads the demo graph as it is now."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def _goto(at, page):
    at.radio(key="nav").set_value(page).run()
    assert not at.exception, at.exception
    return at


def _open_entity(at, text, caption):
    _goto(at, "Search")
    at.text_input(key="search_q").input(text).run()
    pick = at.selectbox(key="search_pick")
    index = next(i for i, option in enumerate(pick.options) if option.startswith(caption))
    pick.set_value(index).run()
    at.button(key="search_open").click().run()
    assert not at.exception, at.exception
    assert at.radio(key="nav").value == "Entity"
    return at


def _open_tab(at, name):
    """Open the entity page's tab whose label starts with `name` (its count follows)."""
    label = next(t.label for t in at.tabs if t.label.startswith(name))
    at.session_state["ent_tab"] = label
    at.run()
    assert not at.exception, at.exception
    return at


def _iframe_html(at) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1
    return frames[0].proto.srcdoc


@pytest.mark.integration
def test_overview_counts_and_charts(app, demo_store):
    labels, types = demo_store.counts()
    stats, entities, *bars = [h.value for h in app.get("html")]
    assert ">Papers</div><div" in stats and f">{labels['Paper']:,}</div>" in stats
    assert f">{labels.get('Claim', 0):,}</div>" in stats
    assert f">{types.get('CONTRADICTS', 0):,}</div>" in stats.split("Contested pairs")[1]
    assert f">{labels.get('Method', 0):,}</div>" in entities.split("Methods")[1]
    assert len(bars) == 4
    top_method = demo_store.read("MATCH (m:Method) RETURN m.name AS n "
                                 "ORDER BY m.paper_count DESC, m.name LIMIT 1")[0]["n"]
    assert f">{top_method}</span>" in bars[0] and "width:100.0%" in bars[0]


@pytest.mark.integration
def test_search_clip_opens_its_entity_page_with_graph_papers_and_claims(app, demo_store):
    _goto(app, "Search")
    app.text_input(key="search_q").input("clip").run()
    assert app.selectbox(key="search_pick").options[0].startswith("CLIP · Model")
    _open_entity(app, "CLIP", "CLIP · Model")
    assert app.title[0].value == "CLIP"
    assert "**Model**" in app.markdown[0].value

    page = _iframe_html(app)   # the entity-centred view first
    assert "vis.Network" in page and '"label": "CLIP"' in page and '"href": "?entity=Model:clip"' in page
    app.button_group(key="ent_view").set_value("Papers and claims").run()
    page = _iframe_html(app)
    assert "vis.Network" in page and '"label": "CLIP"' in page
    assert not app.dataframe     # the Papers tab is not open: its table is not drawn
    from claimgraph.graph import reads

    # the tab labels count in the store what the tabs list
    assert [t.label for t in app.tabs][:3] == ["Graph", f"Papers ({len(reads.entity_papers(demo_store, 'Model', 'clip'))})",
                                               f"Claims ({len(reads.entity_claims(demo_store, 'Model', 'clip'))})"]
    _open_tab(app, "Papers (")
    assert not app.get("iframe")  # ... and now the graph is not
    papers = demo_store.read("MATCH (p:Paper)-[]->(:Model {key: 'clip'}) RETURN DISTINCT p.title AS t")
    assert papers
    shown = app.dataframe[0].value
    assert set(shown["paper"]) == {p["t"] for p in papers}
    assert shown["evidence"].str.contains("CLIP").all()

    # Depth 1 and a type filter narrow the graph; a low cap says how many nodes were left out.
    _open_tab(app, "Graph")
    app.radio(key="ent_depth").set_value(1).run()
    app.button_group(key="ent_types").set_value(["Paper"]).run()
    narrow = _iframe_html(app)
    assert narrow.count('"shape": "square"') == len(papers) and narrow.count('"shape": "diamond"') == 1
    assert '"shape": "triangleDown"' not in narrow
    app.button_group(key="ent_types").set_value(list(graphview.STYLE)).run()
    app.radio(key="ent_depth").set_value(2).run()
    app.number_input(key="ent_cap").set_value(10).run()
    assert any("were left out" in w.value for w in app.warning)


@pytest.mark.integration
def test_paper_page_highlights_mentions_and_lists_claims(app, demo_store):
    _open_entity(app, "CLIP", "CLIP · Model")
    _open_tab(app, "Papers (")
    app.button(key="ent_paper_open").click().run()
    assert not app.exception and app.radio(key="nav").value == "Paper"
    pid = app.session_state["paper_id"]
    abstract_html = app.get("html")[0].value
    assert "<mark" in abstract_html and ">CLIP</mark>" in abstract_html
    claims = demo_store.read("MATCH (:Paper {id: $id})-[:MAKES]->(c:Claim) RETURN c.evidence AS e", id=pid)
    assert any(s.value.startswith("Claims (") and s.value.endswith(f"({len(claims)})") for s in app.subheader)
    quoted = " ".join(m.value for m in app.markdown)
    for claim in claims:
        assert graphview.md_escape(claim["e"]) in quoted


@pytest.fixture
def hostile_paper(demo_store):
    """A paper whose title and abstract try to inject HTML and Markdown; removed afterwards."""
    from claimgraph.schema import Entity, EntityType, ExtractionResult, Paper, PaperRelation

    abstract = 'Ignore <script>alert("pwned")</script> `rm -rf` <img src=x onerror=alert(1)> with CLIP.'
    at = abstract.index("CLIP")
    paper = Paper(id="hostile-paper", title='<script>alert("t")</script> `Tick` *bold*', abstract=abstract)
    clip = Entity(type=EntityType.MODEL, key="clip", name="CLIP")
    rel = PaperRelation(type="USES", entity=clip, evidence=abstract, start=at, end=at + 4, starts=[at],
                        ends=[at + 4], extractor="test")
    demo_store.write_results([ExtractionResult(paper=paper, relations=[rel], extractor_version="test")])
    yield paper
    demo_store._write(lambda tx: tx.run("MATCH (p:Paper {id: 'hostile-paper'}) DETACH DELETE p").consume())


@pytest.mark.integration
def test_paper_page_escapes_hostile_text(demo_store, hostile_paper):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["paper_id"] = hostile_paper.id
    at.session_state["nav"] = "Paper"
    at.run()
    assert not at.exception
    body = at.get("html")[0].value
    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in body and ">CLIP</mark>" in body
    assert at.header[0].value == graphview.md_escape(hostile_paper.title)


@pytest.mark.integration
def test_every_catalogue_question_runs_and_shows_rows_evidence_and_cypher(app):
    from claimgraph.graph.catalogue import catalogue

    _goto(app, "Questions")
    for question in catalogue():
        app.selectbox(key="q_pick").set_value(question.id).run()
        assert not app.exception, (question.id, app.exception)
        assert any("MATCH" in c.value for c in app.code), question.id
        header = next(m.value for m in app.markdown if " in " in m.value and "row" in m.value)
        if header.split(" · ")[1].startswith("0 rows"):
            assert any(i.value.startswith("No rows") for i in app.info)
        else:
            assert len(app.dataframe) >= 1 and len(app.dataframe[0].value) > 0
    # A question with a known answer: methods applied to CLIP, each row with its paper and evidence.
    app.selectbox(key="q_pick").set_value("methods_applied_to_model").run()
    app.selectbox(key="q_methods_applied_to_model_model").set_value("CLIP").run()
    rows = app.dataframe[0].value          # one row per method: papers and the best sentence
    assert len(rows) > 0 and list(rows.columns) == ["subject", "papers", "says", "best sentence", "paper"]
    assert rows["subject"].is_unique and (rows["papers"] >= 1).all()
    assert any(m.value.startswith("Reading: **Methods applied to CLIP**") for m in app.markdown)
    cards = app.get("html")[0].value
    assert cards.count("border-left:3px") > 0 and "True" not in cards and "['" not in cards
    assert any("$model_keys" in c.value for c in app.code)


@pytest.mark.integration
def test_free_text_ask(app):
    _goto(app, "Questions")
    app.text_input(key="ask_text").input("methods applied to CLIP").run()
    assert not app.exception
    assert any(m.value == "Understood as: **Methods applied to CLIP**" for m in app.markdown)


@pytest.mark.integration
def test_console_refuses_writes_with_the_reason_and_runs_reads(app, demo_store):
    _goto(app, "Cypher console")
    before = demo_store.counts()[0]
    app.text_area(key="console_query").input("CREATE (n:Paper {id: 'evil'}) RETURN n").run()
    app.button(key="console_run").click().run()
    assert any("refused" in e.value and "CREATE" in e.value for e in app.error)
    assert demo_store.counts()[0] == before

    app.text_area(key="console_query").input("MATCH (e:Model {key: $k}) RETURN e.name AS name").run()
    app.text_area(key="console_params").input('{"k": "clip"}').run()
    app.button(key="console_run").click().run()
    assert not app.error
    assert list(app.dataframe[0].value["name"]) == ["CLIP"]

    app.text_area(key="console_params").input("{not json").run()
    app.button(key="console_run").click().run()
    assert app.error and app.error[0].value.startswith("Parameters:")


@pytest.mark.integration
def test_contested_page_matches_the_graph(app, demo_store):
    _goto(app, "Contested claims")
    pairs = demo_store.read("MATCH (:Claim)-[r:CONTRADICTS]->(:Claim) RETURN count(r) AS n")[0]["n"]
    if pairs:
        assert app.caption[0].value.startswith(f"{pairs} pair")
    else:
        assert app.info[0].value.startswith("No contested claims")


@pytest.mark.integration
def test_downloads_for_the_whole_graph_and_the_current_view(app, demo_store):
    _goto(app, "Downloads")
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["GraphML", "CSV (zip of nodes.csv + edges.csv)", "JSON"]
    _open_entity(app, "CLIP", "CLIP · Model")
    _goto(app, "Downloads")
    assert len(app.get("download_button")) == 6
    assert any(c.value.startswith("The neighbourhood of CLIP (Model), depth 2: ") for c in app.caption)

    # The view's data follows the export contract: GraphML that networkx reads back.
    from claimgraph.graph import export, reads as queries

    hood = queries.neighbourhood(demo_store, "Model", "clip", depth=2)
    buf = io.BytesIO()
    nx.write_graphml(export.to_networkx(hood["nodes"], hood["edges"]), buf)
    back = nx.read_graphml(io.BytesIO(buf.getvalue()))
    assert back.number_of_nodes() == len(hood["nodes"]) and back.number_of_edges() == len(hood["edges"])
    assert {d["label"] for _, d in back.nodes(data=True)} >= {"Model", "Paper"}
    assert all("type" in d for *_, d in back.edges(data=True))


@pytest.mark.integration
def test_stopped_store_says_so_and_offers_to_start_it(tmp_path, monkeypatch, server_home):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CLAIMGRAPH_HOME", str(tmp_path / "nothing-here"))
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert not at.exception
        assert "not running" in at.error[0].value
        assert at.button(key="store_start").label == "Start the embedded store"
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


def _follow_the_server(store, home) -> None:
    """Point the session's Store at the server running now (the tests below restart it, which kills
    its driver), so the tests after them find `session_store` as conftest made it."""
    from claimgraph.graph.store import open_store

    fresh = open_store(home)
    old = (store._driver, store._read_driver)
    store.info, store._driver, store._read_driver = fresh.info, fresh._driver, fresh._read_driver
    for driver in set(old):
        driver.close()


def _store_caption(at) -> str:
    return next(c.value for c in at.sidebar.caption if "bolt://" in c.value)


@pytest.mark.integration
def test_app_reconnects_after_the_server_restarts_or_stops(demo_store, server_home):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from claimgraph.graph.server import EmbeddedServer

    server = EmbeddedServer(server_home)
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    try:
        assert not at.exception and len(at.get("html")) == 6   # counts x2, four top-10 lists
        first = _store_caption(at)

        # Restarted on other ports (`claimgraph server stop`, then any command): the cached connection is dead.
        server.stop()
        server.start()
        st.cache_data.clear()   # the page must read the store, not the minute's cache
        at.run()
        assert not at.exception and not at.error, at.error
        assert len(at.get("html")) == 6
        second = _store_caption(at)
        assert second != first and f":{server.status().bolt_port} " in second

        # Stopped and left stopped: the app starts it again itself, and the page still renders.
        server.stop()
        st.cache_data.clear()
        at.radio(key="nav").set_value("Contested claims").run()
        assert not at.exception and not at.error, at.error
        assert at.title[0].value == "Contested claims" and server.status().running
    finally:
        _follow_the_server(demo_store, server_home)


@pytest.mark.integration
def test_app_reconnects_once_when_a_read_finds_the_connection_dead(demo_store, monkeypatch):
    import streamlit as st
    from neo4j.exceptions import ServiceUnavailable
    from streamlit.testing.v1 import AppTest

    from claimgraph.graph.store import Store

    real_read, failures = Store.read, []

    def dead_read(self, query, **params):   # what a driver whose server went away raises, through Store.read
        if len(failures) < fail_times:
            failures.append(query)
            try:
                raise ServiceUnavailable("Couldn't connect to 127.0.0.1:1 (reason [Errno 111] Connection refused)")
            except ServiceUnavailable as e:
                raise self._gone(e) from e
        return real_read(self, query, **params)

    monkeypatch.setattr(Store, "read", dead_read)
    fail_times = 1        # dead once: reconnected, and the page drawn on the new connection
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert len(failures) == 1
    assert not at.exception and not at.error, at.error
    assert len(at.get("html")) == 6

    fail_times = 1_000    # dead again right after reconnecting: said plainly, with the way to start the store
    failures.clear()
    st.cache_data.clear()
    at.run()
    assert not at.exception
    assert at.error and at.error[0].value.startswith("The connection to the graph store was lost")
    assert any("claimgraph server start" in m.value for m in at.markdown)
    assert at.button(key="store_start").label == "Start the embedded store"

    monkeypatch.setattr(Store, "read", real_read)    # and the next run is back to normal
    st.cache_data.clear()
    at.run()
    assert not at.exception and not at.error and len(at.get("html")) == 6


# ------------------------------------------------------------------ issue 23: the explorer people keep open

@pytest.mark.integration
def test_a_negated_claim_reads_does_not_with_chips_and_labelled_flags(app, demo_store):
    _goto(app, "Questions")
    app.text_input(key="ask_text").input("claims about sharpness").run()
    assert not app.exception
    assert any(m.value.startswith("Reading: **Claims about sharpness**") for m in app.markdown)
    summary = app.dataframe[-1].value          # the catalogue tab above shows its own first question
    assert list(summary["subject"]) == ["sharpness"]
    said = " ".join(summary["says"])
    assert "does not correlate with generalization" in said
    cards = app.get("html")[-1].value
    assert "sharpness does not correlate with generalization" in cards and ">negated</span>" in cards
    assert "True · False" not in cards


@pytest.mark.integration
def test_an_empty_answer_offers_broader_readings_and_related_evidence(app, demo_store):
    _goto(app, "Questions")
    app.selectbox(key="q_pick").set_value("what_does_method_improve").run()
    app.selectbox(key="q_what_does_method_improve_method").set_value("CLIP").run()
    app.selectbox(key="q_what_does_method_improve_effect").set_value("requires").run()
    assert any(i.value.startswith("No rows") for i in app.info)
    labels = [b.label for b in app.button if (b.key or "").startswith("q_broader_")]
    assert labels[:2] == ["Claims about CLIP", "Papers about CLIP"]
    app.button(key="q_broader_0").click().run()
    assert app.selectbox(key="q_pick").value == "claims_about_pair"
    assert not any(i.value.startswith("No rows") for i in app.info) and len(app.dataframe) >= 1


@pytest.mark.integration
def test_console_reports_a_syntax_error_with_the_server_message_and_position(app):
    _goto(app, "Cypher console")
    query = "MATCH (n:Paper) RETURN n.title AS t LIMT 5"
    app.text_area(key="console_query").input(query).run()
    app.button(key="console_run").click().run()
    assert app.error and "LIMT" in app.error[0].value and "line 1" in app.error[0].value
    assert "Check the server log" not in app.error[0].value
    assert any(c.value == query + "\n" + " " * query.index("LIMT") + "^" for c in app.code)


@pytest.mark.integration
def test_entity_links_were_built_and_the_address_opens_an_entity(demo_store):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    links = demo_store.read("MATCH (:Model {key: 'clip'})-[l:RELATED]-(o) RETURN DISTINCT o.key AS k, l.papers AS n")
    assert links and all(r["n"] >= 1 for r in links)
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["entity"] = "Model:clip"
    at.run()
    assert not at.exception and at.title[0].value == "CLIP"
    page = _iframe_html(at)
    assert page.count("?entity=") >= len(links) and "Linked entities" not in page
    _open_tab(at, "Over time")
    assert any("No paper here has a year" in i.value for i in at.info)      # the demo corpus has no years


@pytest.mark.integration
def test_comparison_table_for_a_demo_task(app, demo_store):
    app.session_state["entity"] = ("Task", "domain generalization")
    _goto(app, "Entity")
    _open_tab(app, "Comparison")
    grid, rows = (t.value for t in app.table)
    assert len(grid) >= 2 and grid.index.is_unique and grid.index.name == "method"
    assert {"dataset", "metric", "result", "sentence", "paper"} <= set(rows.columns)
    assert rows["sentence"].str.len().gt(20).all() and len(set(rows.index)) >= 2


@pytest.mark.integration
def test_paper_search_queries_the_store(app, demo_store):
    _goto(app, "Paper")
    title = demo_store.read("MATCH (p:Paper) RETURN p.id AS id, p.title AS t ORDER BY p.title DESC LIMIT 1")[0]
    app.text_input(key="paper_find").input(title["t"][5:30]).run()
    pick = app.selectbox(key="paper_pick")
    assert title["id"] in pick.options or title["t"] in " ".join(pick.options)
    pick.set_value(title["id"]).run()
    assert app.session_state["paper_id"] == title["id"] and app.header[0].value == graphview.md_escape(title["t"])
