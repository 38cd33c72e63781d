"""The question catalogue (graph/catalogue.py), free-text parsing (questions/understand.py) and `claimgraph ask`.

Parsing is tested without a server through a resolver over a small table of entities;
the catalogue runs on a real embedded store, with a crafted graph (claims written
through claimgraph.orchestration.build.Builder) and with the demo corpus.
"""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from claimgraph.graph import cypher
from claimgraph.graph.catalogue import ANY, EFFECT, EntityMatch, UnknownEntity, catalogue, fold, get_question, run_question
from claimgraph.questions.understand import effect_of, parse_question
from claimgraph.schema import (
    Claim,
    ClaimContext,
    ContextRole,
    Effect,
    Entity,
    EntityType,
    ExtractionResult,
    Paper,
    PaperRelation,
    RelType,
    make_id,
)

# ---------------------------------------------------------------------------- a resolver without a server

# (label, name, aliases, papers, claims)
TABLE = [
    ("Task", "out-of-distribution generalization", ["OOD", "OOD generalization"], 6, 2),
    ("Concept", "OOD performance", [], 0, 1),
    ("Model", "CLIP", [], 4, 1),
    ("Method", "WiSE-FT", [], 1, 1),
    ("Method", "mixup", [], 1, 4),
    ("Task", "domain generalization", ["DG"], 7, 0),
    ("Concept", "sharpness", [], 0, 2),
    ("Concept", "layer-wise sharpness", [], 0, 1),
    ("Method", "sharpness-aware minimization", ["SAM"], 1, 1),
    ("Concept", "generalization", [], 0, 7),
    ("Task", "generalization", [], 2, 0),
    ("Dataset", "ImageNet", [], 7, 0),
    ("Metric", "accuracy", ["test accuracy"], 16, 3),
    ("Model", "large language model", ["LLM", "LLMs"], 19, 1),
]


def fake_resolve(text, labels=(), narrower=False):
    """What claimgraph.graph.catalogue.resolve_name does, over TABLE: exact names/aliases, then
    compounds whose head is the text (and, for an acronym, names it starts)."""
    want = fold(text)
    out = []
    for label, name, aliases, papers, claims in TABLE:
        if labels and label not in labels:
            continue
        names = [fold(n) for n in (name, *aliases)]
        if want in names:
            how = "name"
        elif narrower and any(n.endswith(" " + want) or (text.isupper() and n.startswith(want + " "))
                              for n in names):
            how = "narrower"
        else:
            continue
        out.append(EntityMatch(label=label, key=fold(name), name=name, papers=papers, claims=claims, how=how))
    return sorted(out, key=lambda m: (m.how == "narrower", -m.papers, -m.claims))


def parse(text):
    return parse_question(text, resolve=fake_resolve)


def keys(parsed, slot):
    return {m.key for m in parsed.slots.get(slot, [])}


@pytest.mark.parametrize("text", [
    "methods that improve OOD on CLIP",
    "Which methods improve OOD on CLIP?",
    "what improves OOD with CLIP",
    "papers that improve OOD on CLIP",      # the asker's noun may be the papers
])
def test_effect_question_with_model_context(text):
    parsed = parse(text)
    qid, slots = parsed
    assert qid == "methods_that_effect_target"
    assert slots["effect"] == "improves"
    assert "out of distribution generalization" in keys(parsed, "target")
    assert "ood performance" in keys(parsed, "target")  # a narrower name the acronym modifies
    assert keys(parsed, "model") == {"clip"}
    assert parsed.ok and any("CLIP" in n for n in parsed.notes)


def test_reducing_the_loss_of_a_quality_asks_what_improves_it():
    parsed = parse("approaches that reduce the loss of accuracy on ImageNet")
    assert parsed.slots["effect"] == "improves" and keys(parsed, "target") == {"accuracy"}
    assert any("loss of" in n for n in parsed.notes)
    assert parse("methods that reduce the loss of mixup").slots["effect"] == "reduces"   # a loss function


def test_effect_question_with_dataset_and_other_verbs():
    parsed = parse("methods that boosted accuracy on ImageNet")
    assert parsed.question_id == "methods_that_effect_target"
    assert parsed.slots["effect"] == "improves"
    assert keys(parsed, "target") == {"accuracy"} and keys(parsed, "dataset") == {"imagenet"}
    assert "model" not in parsed.slots
    assert parse("approaches that hurt generalization").slots["effect"] == "worsens"


@pytest.mark.parametrize("word,effect", [
    ("improves", Effect.IMPROVES), ("improving", Effect.IMPROVES), ("boosted", Effect.IMPROVES),
    ("mitigates", Effect.REDUCES), ("lower", Effect.REDUCES), ("hurts", Effect.WORSENS),
    ("outperformed", Effect.OUTPERFORMS), ("enable", Effect.ENABLES), ("requires", Effect.REQUIRES),
    ("papers", None), ("about", None),
])
def test_effect_words(word, effect):
    assert effect_of(word) is effect


def test_what_does_method_do():
    parsed = parse("what does WiSE-FT improve")
    assert parsed.question_id == "what_does_method_improve"
    assert keys(parsed, "method") == {"wise ft"} and parsed.slots["effect"] == "improves"
    general = parse("effects of mixup")
    assert general.question_id == "what_does_method_improve" and "effect" not in general.slots
    assert parse("what does mixup do").slots.get("effect") is None


@pytest.mark.parametrize("text", ["datasets for domain generalization", "Which datasets are used for DG?",
                                  "benchmarks used to evaluate domain generalization"])
def test_datasets_for_task(text):
    parsed = parse(text)
    assert parsed.question_id == "datasets_for_task"
    assert keys(parsed, "task") == {"domain generalization"}


def test_papers_about_topic_counts_narrower_names():
    parsed = parse("papers about sharpness")
    assert parsed.question_id == "papers_studying_topic"
    # The head-final compound is narrower; sharpness-aware minimization is a method, not sharpness.
    assert keys(parsed, "topic") == {"sharpness", "layer wise sharpness"}
    assert parse("papers on LLMs").slots["topic"][0].name == "large language model"


def test_methods_applied_to_model_or_proposed_for_task():
    for text in ("methods applied to CLIP", "methods used with CLIP", "methods for CLIP"):
        parsed = parse(text)
        assert parsed.question_id == "methods_applied_to_model" and keys(parsed, "model") == {"clip"}, text
    parsed = parse("methods for domain generalization")
    assert parsed.question_id == "proposed_methods" and keys(parsed, "task") == {"domain generalization"}


@pytest.mark.parametrize("text", ["claims about sharpness and generalization",
                                  "relationship between sharpness and generalization",
                                  "how does sharpness affect generalization"])
def test_claims_about_a_pair(text):
    parsed = parse(text)
    assert parsed.question_id == "claims_about_pair"
    assert keys(parsed, "a") == {"sharpness"}
    # "generalization" is a Task (2 papers) and a Concept (0 papers): the Task is named, both count.
    b = parsed.slots["b"]
    assert {m.label for m in b} == {"Task", "Concept"} and b[0].label == "Task"


def test_contested_and_proposed():
    assert parse("contested claims") == parse("contested claims")  # deterministic
    assert tuple(parse("contested claims")) == ("contested_claims", {})
    about = parse("contradicting claims about sharpness")
    assert about.question_id == "contested_claims" and keys(about, "about") == {"sharpness"}
    assert tuple(parse("proposed methods")) == ("proposed_methods", {})
    assert parse("which methods were proposed for DG").question_id == "proposed_methods"


def test_bare_name_and_nonsense():
    bare = parse("sharpness")
    assert bare.question_id == "papers_studying_topic" and bare.notes
    nothing = parse("tell me a joke")
    assert nothing.question_id is None and not nothing.ok
    unknown = parse("methods that improve flurbness")
    assert unknown.question_id == "methods_that_effect_target"
    assert unknown.unresolved == {"target": "flurbness"} and not unknown.ok
    assert "'flurbness'" in unknown.title


def test_most_papers_wins_and_is_reported():
    parsed = parse("papers about generalization")
    best = parsed.slots["topic"][0]
    assert (best.label, best.papers) == ("Task", 2)
    assert "Task" in parsed.notes[0] and "2 papers" in parsed.notes[0]


def test_acronym_readings_come_from_the_name_lists():
    from claimgraph.extract.name_lists import NameLists
    from claimgraph.questions.understand import spellings

    lists = NameLists.load()
    assert "out-of-distribution generalization" in spellings("OOD", lists)
    assert "large language model" in spellings("LLMs", lists)
    assert "sharpness-aware minimization" in spellings("SAM", lists)  # ambiguous: every reading is tried


# ---------------------------------------------------------------------------- the catalogue, statically

SCHEMA_NAMES = set(cypher.NODE_LABELS) | set(cypher.PAPER_REL_TYPES) | set(cypher.CLAIM_REL_TYPES) \
    | set(cypher.SHORTCUT_TYPES.values()) | set(cypher.TITLE_INDEX)


class RecordingStore:
    def __init__(self):
        self.calls = []

    def read(self, query, **params):
        self.calls.append((query, params))
        return []


def sample_slots(question):
    match = lambda label: [EntityMatch(label, "x", "X", 1, 1, "name")]  # noqa: E731
    return {s.name: ("improves" if s.kind == EFFECT else match(s.kind if s.kind != ANY else "Concept"))
            for s in question.slots}


def test_catalogue_has_the_questions():
    ids = {q.id for q in catalogue()}
    assert {"methods_that_effect_target", "what_does_method_improve", "datasets_for_task", "papers_studying_topic",
            "methods_applied_to_model", "claims_about_pair", "contested_claims", "proposed_methods"} <= ids


@pytest.mark.parametrize("question", catalogue(), ids=lambda q: q.id)
def test_cypher_is_fixed_parameterised_and_uses_schema_names(question):
    store = RecordingStore()
    answer = run_question(store, question.id, **sample_slots(question))
    (sent, params), = store.calls
    assert sent is question.cypher  # the one string, never formatted
    assert set(re.findall(r"\$(\w+)", sent)) <= set(params)
    assert {m for m in re.findall(r"[(\[]\w*:(\w+)", sent)} | set(re.findall(r"\|(\w+)", sent)) <= SCHEMA_NAMES
    for slot in question.slots:
        if slot.kind != EFFECT:
            assert params[f"{slot.name}_keys"] == ["x"]
            assert params[f"{slot.name}_by_label"] == {slot.kind if slot.kind != ANY else "Concept": ["x"]}
    assert answer.title and "{" not in answer.title and "[" not in answer.title


def test_optional_slots_and_titles():
    q = get_question("methods_that_effect_target")
    assert q.render({"effect": "improve", "target": "OOD", "model": "CLIP"}) == "Methods that improve OOD on CLIP"
    answer = run_question(RecordingStore(), "proposed_methods")
    assert answer.params["task_keys"] == [] and answer.title == "Methods proposed"
    with pytest.raises(TypeError):
        run_question(RecordingStore(), "datasets_for_task")
    with pytest.raises(KeyError):
        run_question(RecordingStore(), "no_such_question")


# ---------------------------------------------------------------------------- a crafted graph

def _entity(type_, name, aliases=()):
    from claimgraph.schema.keys import normalize_key

    return Entity(type=type_, key=normalize_key(name), name=name, aliases=list(aliases))


def _result(pid, title, sentences, relations=(), claims=()):
    abstract = " ".join(sentences)
    paper = Paper(id=pid, title=title, abstract=abstract)
    rels = []
    for rel_type, entity, i in relations:
        start = abstract.index(sentences[i])
        rels.append(PaperRelation(type=rel_type, entity=entity, evidence=sentences[i], start=start,
                                  end=start + len(sentences[i]), starts=[start], ends=[start + 1], extractor="test"))
    out = []
    for subject, effect, target, i, extra in claims:
        start = abstract.index(sentences[i])
        out.append(Claim(id=make_id("claim", pid, subject.key, effect.value, target.key), paper_id=pid,
                         subject=subject, effect=effect, target=target, confidence=0.9, evidence=sentences[i],
                         start=start, end=start + len(sentences[i]), extractor="test", **extra))
    return ExtractionResult(paper=paper, relations=rels, claims=out, extractor_version="test")


def _build(store, *results):
    """Write papers and finish the build, as `claimgraph build` does."""
    from claimgraph.orchestration.build import Builder

    builder = Builder(store)
    builder.write(list(results))
    return builder.finish()


WISE = _entity(EntityType.METHOD, "WiSE-FT")
FOO = _entity(EntityType.METHOD, "FooAlign")
CLIP = _entity(EntityType.MODEL, "CLIP")
IMAGENET = _entity(EntityType.DATASET, "ImageNet")
PACS = _entity(EntityType.DATASET, "PACS")
VLCS = _entity(EntityType.DATASET, "VLCS")
OOD = _entity(EntityType.TASK, "out-of-distribution generalization")
DG = _entity(EntityType.TASK, "domain generalization", ["DG"])
ACC = _entity(EntityType.METRIC, "accuracy")
SHARP = _entity(EntityType.CONCEPT, "sharpness")
GEN = _entity(EntityType.CONCEPT, "generalization")

CRAFTED = [
    _result("w1", "Robust fine-tuning of CLIP with WiSE-FT", [
        "We propose WiSE-FT, which ensembles weights of zero-shot and fine-tuned CLIP.",
        "WiSE-FT improves out-of-distribution generalization of CLIP on ImageNet distribution shifts.",
        "WiSE-FT does not improve accuracy on the reference distribution."],
        relations=[(RelType.PROPOSES, WISE, 0), (RelType.USES, CLIP, 0), (RelType.EVALUATES_ON, IMAGENET, 1),
                   (RelType.ADDRESSES, OOD, 1)],
        claims=[(WISE, Effect.IMPROVES, OOD, 1, {"context": [ClaimContext(role=ContextRole.MODEL, entity=CLIP),
                                                            ClaimContext(role=ContextRole.DATASET, entity=IMAGENET)]}),
                (WISE, Effect.IMPROVES, ACC, 2, {"negated": True})]),
    _result("s1", "Flat minima generalize", [
        "We find that sharpness correlates with generalization across architectures."],
        claims=[(SHARP, Effect.CORRELATES, GEN, 0, {})]),
    _result("s2", "Sharpness is not enough", [
        "Sharpness does not correlate with generalization in modern transformers."],
        claims=[(SHARP, Effect.CORRELATES, GEN, 0, {"negated": True})]),
    _result("d1", "FooAlign for domain generalization", [
        "We propose FooAlign for domain generalization (DG).",
        "FooAlign improves domain generalization on PACS and VLCS, and outperforms WiSE-FT."],
        relations=[(RelType.PROPOSES, FOO, 0), (RelType.ADDRESSES, DG, 0), (RelType.EVALUATES_ON, PACS, 1),
                   (RelType.EVALUATES_ON, VLCS, 1), (RelType.USES, WISE, 1)],
        claims=[(FOO, Effect.IMPROVES, DG, 1, {"context": [ClaimContext(role=ContextRole.DATASET, entity=PACS)]}),
                (FOO, Effect.OUTPERFORMS, WISE, 1, {})]),
]


@pytest.fixture
def crafted_store(empty_store):
    from claimgraph.orchestration.build import Builder

    builder = Builder(empty_store)
    builder.write(CRAFTED)
    summary = builder.finish()
    assert summary.contested == 1  # s1 vs s2
    return empty_store


def ask(store, text, **options):
    from claimgraph.questions.understand import ask as run_ask

    parsed, answer = run_ask(store, text, **options)
    assert answer is not None, (text, parsed)
    return answer


@pytest.mark.integration
def test_crafted_graph_answers(crafted_store):
    store = crafted_store
    answer = ask(store, "methods that improve OOD on CLIP")
    assert [(r["subject"], r["paper_title"]) for r in answer.rows] == [("WiSE-FT", "Robust fine-tuning of CLIP with WiSE-FT")]
    assert answer.rows[0]["evidence"].startswith("WiSE-FT improves out-of-distribution")
    assert answer.params["model_keys"] == ["clip"]
    assert ask(store, "methods that improve OOD on ImageNet").rows
    assert not ask(store, "methods that improve OOD on PACS").rows

    assert not ask(store, "methods that improve accuracy").rows  # the only such claim is negated
    negated = ask(store, "methods that improve accuracy", include_negated=True).rows
    assert [(r["subject"], r["negated"]) for r in negated] == [("WiSE-FT", True)]

    effects = ask(store, "what does WiSE-FT improve").rows
    assert {(r["target"], r["negated"]) for r in effects} == {("out-of-distribution generalization", False),
                                                              ("accuracy", True)}
    datasets = ask(store, "datasets for DG").rows
    assert {r["dataset"] for r in datasets} == {"PACS", "VLCS"}
    assert all(r["paper_title"] == "FooAlign for domain generalization" and r["evidence"] for r in datasets)

    papers = ask(store, "papers about sharpness").rows
    assert {r["paper_title"] for r in papers} == {"Flat minima generalize", "Sharpness is not enough"}

    pair = ask(store, "claims about sharpness and generalization").rows
    assert sorted(r["negated"] for r in pair) == [False, True]

    contested = ask(store, "contested claims").rows
    assert len(contested) == 1
    row = contested[0]
    assert {row["paper_title"], row["other_paper_title"]} == {"Flat minima generalize", "Sharpness is not enough"}
    assert row["evidence"] != row["other_evidence"]
    assert ask(store, "contested claims about sharpness").rows and not ask(store, "contested claims about CLIP").rows

    applied = ask(store, "methods applied to CLIP").rows
    assert {r["method"] for r in applied} == {"WiSE-FT"}
    assert {r["how"] for r in applied} == {"PROPOSES", "CLAIM improves"}

    proposed = ask(store, "proposed methods").rows
    assert {r["method"] for r in proposed} == {"WiSE-FT", "FooAlign"}
    assert {r["method"] for r in ask(store, "methods proposed for domain generalization").rows} == {"FooAlign"}


@pytest.mark.integration
def test_papers_about_a_topic_found_by_title_word_index(crafted_store):
    """Titles are searched through the TitleWord index: whole words only, kept in step with
    a changed title (no word left behind), and added to papers written before the index."""
    from claimgraph.orchestration.build import Builder

    store = crafted_store
    titled = [_result("t1", "Why models fail: a Sharpness view", ["Nothing here is extracted."]),
              _result("t2", "Sharpness-aware training of sparse nets", ["Nothing here either."]),
              _result("t3", "Sharpnessless optimisers", ["Not this one."])]
    builder = Builder(store)
    builder.write(titled)
    builder.finish()

    def by_title():
        rows = run_question(store, "papers_studying_topic", topic="sharpness").rows
        return {r["paper_id"] for r in rows if r["how"] == ["TITLE"]}

    assert by_title() == {"t1", "t2"}
    words = {r["word"] for r in store.read("MATCH (w:TitleWord) RETURN w.word AS word")}
    assert {"why", "view", "sharpness", "aware"} <= words and "a" not in words   # stop words are not indexed

    builder = Builder(store)
    builder.write([_result("t1", "Curvature explains it", ["Nothing here is extracted."])])
    builder.finish()
    assert by_title() == {"t2"}
    words = {r["word"] for r in store.read("MATCH (w:TitleWord) RETURN w.word AS word")}
    assert "curvature" in words and not {"why", "view"} & words, "words of the old title were left behind"
    assert not store.read("MATCH (w:TitleWord) WHERE NOT (w)-->() AND w.word <> '' RETURN w.word AS w")

    # A graph written before the index (no sentinel): the next build's schema step adds it.
    store._write(lambda tx: tx.run("MATCH (w:TitleWord) DETACH DELETE w").consume())
    assert by_title() == set()
    store.ensure_schema()
    assert by_title() == {"t2"}
    assert store.read("MATCH (w:TitleWord {word: ''}) RETURN w.word AS w"), "the index is marked complete"
    assert not any(n["label"] == "TitleWord" for n in store.all_nodes()), "exports leave the index out"
    assert not any(e["type"] == "IN_TITLE" for e in store.all_edges())


@pytest.mark.integration
def test_resolution_on_the_store(crafted_store):
    from claimgraph.graph.catalogue import resolve_name, suggest_names
    from claimgraph.questions.understand import parse_question

    assert [m.key for m in resolve_name(crafted_store, "wise-FT")] == ["wise ft"]
    assert [m.key for m in resolve_name(crafted_store, "dg", ["Task"])] == ["domain generalization"]
    assert resolve_name(crafted_store, "CLIP", ["Dataset"]) == []
    parsed = parse_question("methods that improve OOD", crafted_store)  # acronym table, not only aliases
    assert {m.key for m in parsed.slots["target"]} == {"out of distribution generalization"}
    assert "sharpness" in suggest_names(crafted_store, "sharpnes")
    # A name that resolves to nothing must not silently drop its filter.
    with pytest.raises(UnknownEntity, match="closest: CLIP"):
        run_question(crafted_store, "methods_that_effect_target", effect="improves",
                     target="out-of-distribution generalization", model="CLIPP")
    by_name = run_question(crafted_store, "methods_that_effect_target", effect=Effect.IMPROVES,
                           target="out-of-distribution generalization", model="clip")
    assert [r["subject"] for r in by_name.rows] == ["WiSE-FT"]


# ---------------------------------------------------------------------------- the demo graph

DEMO_SLOTS = {
    "methods_that_effect_target": {"effect": "improves", "target": "out-of-distribution generalization"},
    "what_does_method_improve": {"method": "mixup"},
    "datasets_for_task": {"task": "domain generalization"},
    "papers_studying_topic": {"topic": "sharpness"},
    "methods_applied_to_model": {"model": "CLIP"},
    "claims_about_pair": {"a": "sharpness", "b": "generalization"},
    "contested_claims": {},
    "proposed_methods": {},
    "papers_evaluating_on": {"dataset": "ImageNet"},
    "methods_based_on": {"base": "LoRA"},
}


@pytest.mark.integration
@pytest.mark.parametrize("question", catalogue(), ids=lambda q: q.id)
def test_every_question_runs_on_the_demo_graph(demo_store, question):
    answer = run_question(demo_store, question.id, **DEMO_SLOTS[question.id])
    for row in answer.rows:
        assert "paper_title" in row and "evidence" in row
    assert answer.elapsed_ms < 5000


@pytest.mark.integration
def test_demo_answers_that_the_abstracts_support(demo_store):
    papers = {r["paper_title"] for r in ask(demo_store, "papers about sharpness").rows}
    assert "A Modern Look at the Relationship between Sharpness and Generalization" in papers
    # "Beyond Finite Data" addresses domain generalization and reports results on VLCS.
    datasets = {r["dataset"] for r in ask(demo_store, "datasets for domain generalization").rows}
    assert datasets & {"PACS", "VLCS", "OfficeHome", "DomainNet"}
    # "One Head Eight Arms" proposes Block-LoRA for CLIP.
    assert "Block-LoRA" in {r["method"] for r in ask(demo_store, "methods applied to CLIP").rows}
    assert "Block-LoRA" in {r["method"] for r in ask(demo_store, "proposed methods").rows}
    assert len(ask(demo_store, "papers on LLMs").rows) >= 5


@pytest.mark.integration
def test_cli_ask_and_questions(demo_store):
    from claimgraph.ui.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["ask", "papers about sharpness", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert {"question", "slots", "cypher", "params", "rows", "elapsed_ms"} <= set(out)
    assert out["question"] == "papers_studying_topic" and out["rows"] and "$topic_by_label" in out["cypher"]

    table = runner.invoke(main, ["ask", "datasets for domain generalization"])
    assert table.exit_code == 0 and "question: datasets used for domain generalization" in table.output.lower()
    assert "Cypher:" in table.output and "Parameters:" in table.output and "Evidence:" in table.output

    missing = runner.invoke(main, ["ask", "papers about sharpnes"])
    assert missing.exit_code == 1 and "closest names" in missing.output and "sharpness" in missing.output

    listing = runner.invoke(main, ["questions"])
    assert listing.exit_code == 0 and all(q.id in listing.output for q in catalogue())


def test_proposed_methods_listing_follows_the_proposed_mark_and_older_graphs_get_it(empty_store):
    """Without a task the listing reads the first ranks of the methods marked `proposed`: mark
    and rank must follow the PROPOSES links through updates, a graph written before them gets
    them back, and a build repairs ranks a stopped one left."""
    alpha, beta, gamma, delta = (_entity(EntityType.METHOD, n) for n in ("Alpha", "Beta", "Gamma", "Delta"))

    def paper(pid, proposes, uses):
        sentences = [f"We propose {proposes.name}.", f"We use {uses.name}."]
        return _result(pid, f"Paper {pid}", sentences,
                       relations=[(RelType.PROPOSES, proposes, 0), (RelType.USES, uses, 1)])

    def write(*results):
        _build(empty_store, *results)

    def listed(limit=200):
        return [(r["method"], r["paper_id"]) for r in run_question(empty_store, "proposed_methods", limit=limit).rows]

    write(paper("a", alpha, gamma), paper("b", beta, gamma), paper("c", alpha, gamma))
    assert listed() == [("Alpha", "a"), ("Alpha", "c"), ("Beta", "b")]
    assert listed(limit=2) == [("Alpha", "a"), ("Alpha", "c")]
    write(paper("b", gamma, beta), paper("c", delta, gamma))   # b now only uses Beta; c proposes Delta
    # A Beta still marked would take one of the first 2 places and leave Delta out.
    assert listed(limit=2) == [("Alpha", "a"), ("Delta", "c")]
    assert listed() == [("Alpha", "a"), ("Delta", "c"), ("Gamma", "b")]
    # A graph written before the mark, or the rank, existed: the schema step puts them back.
    for removed in ("m.proposed, m.proposed_rank", "m.proposed_rank"):
        empty_store._write(lambda tx, removed=removed: tx.run(f"MATCH (m:Method) REMOVE {removed}").consume())
        assert listed() == []
        empty_store.ensure_schema()
        assert listed() == [("Alpha", "a"), ("Delta", "c"), ("Gamma", "b")]
    # A build stopped before renumbering (here: a rank lost) is repaired by the next one.
    empty_store._write(lambda tx: tx.run("MATCH (m:Method {key: 'delta'}) REMOVE m.proposed_rank").consume())
    assert listed(limit=2) == [("Alpha", "a")]
    write()
    assert listed(limit=2) == [("Alpha", "a"), ("Delta", "c")]


@pytest.mark.integration
def test_model_and_dataset_filters_follow_the_claim_scope_and_older_graphs_get_it(crafted_store):
    """The effect question's model/dataset filters test the keys copied onto each claim
    (cypher.CLAIM_SCOPE): its context, and what its paper uses, proposes or evaluates on.
    A graph written before the copy gets it back from the schema step."""
    store = crafted_store

    def subjects(target, **filters):
        return sorted(r["subject"] for r in run_question(store, "methods_that_effect_target", effect="improves",
                                                          target=target, **filters).rows)

    def scope():
        return {r["id"]: (r["models"], r["datasets"]) for r in store.read(
            "MATCH (c:Claim) RETURN c.id AS id, c.model_keys AS models, c.dataset_keys AS datasets")}

    # PACS is in the claim's context; VLCS only among the paper's datasets; CLIP only in w1.
    assert subjects("domain generalization", dataset="VLCS") == subjects("domain generalization", dataset="PACS") \
        == ["FooAlign"]
    assert subjects("domain generalization", model="CLIP") == []
    assert subjects("out-of-distribution generalization", model="CLIP", dataset="ImageNet") == ["WiSE-FT"]
    assert subjects("out-of-distribution generalization", dataset="VLCS") == []
    fresh = scope()
    assert ([], sorted([PACS.key, VLCS.key])) in fresh.values() and ([CLIP.key], [IMAGENET.key]) in fresh.values()

    store._write(lambda tx: tx.run("MATCH (c:Claim) REMOVE c.model_keys, c.dataset_keys").consume())
    assert subjects("domain generalization", dataset="VLCS") == []
    store.ensure_schema()
    assert scope() == fresh
    assert subjects("domain generalization", dataset="VLCS") == ["FooAlign"]


# What a graph the version before the name index wrote lacks (cypher.NAME_FORMS).
_FORGET_NAME_INDEX = "MATCH (e) WHERE e.key IS NOT NULL REMOVE e.name_form, e.aliased"


def _lost_then_restored_by_the_schema_step(store, removal: str, answers, expected) -> None:
    """As on a graph an older version wrote: without what `removal` removes the answers differ,
    and the schema step writes it back."""
    store._write(lambda tx: tx.run(removal).consume())
    assert answers() != expected
    store.ensure_schema()
    assert answers() == expected


@pytest.mark.integration
def test_narrower_names_of_a_longer_head_are_sought_by_its_last_two_words(empty_store):
    """A head of several words is sought by the last two words of keys (cypher.KEY_WORDS
    last_pair), not every key ending in its last word; keys glue a word that starts with a
    digit to the one before, and the head's own key form counts; older graphs get the pair."""
    from claimgraph.graph.catalogue import resolve_name

    names = ["existing methods", "alternate existing methods", "some other method",   # "method" heads
             "3D shape", "coarse 3D shape",                                        # key "coarse3d shape"
             "our model's performance", "performance"]                             # no "model's performance"
    entities = [_entity(EntityType.CONCEPT, n) for n in names]
    sentences = [f"We study {n}." for n in names]
    _build(empty_store, _result("n1", "Names", sentences, relations=[(RelType.USES, e, i) for i, e in enumerate(entities)]))

    def narrower(text):
        return sorted(m.name for m in resolve_name(empty_store, text, narrower=True) if m.how == "narrower")

    def answers():
        return {text: narrower(text) for text in ("existing methods", "3D shape", "model's performance")}

    expected = {"existing methods": ["alternate existing methods"], "3D shape": ["coarse 3D shape"],
                "model's performance": ["our model's performance"]}
    assert answers() == expected
    assert empty_store.read("MATCH (e:Concept {key: 'coarse3d shape'}) RETURN e.last_pair AS pair") == [
        {"pair": "coarse3d shape"}]
    _lost_then_restored_by_the_schema_step(empty_store, "MATCH (e:Concept) REMOVE e.last_pair", answers, expected)


@pytest.mark.integration
def test_a_name_that_is_not_a_key_and_an_alias_are_found_through_the_name_index(empty_store):
    """A name the key is not made from ("the method proposed in ...") is sought by its folded
    form, an alias by a scan of the entities marked as having aliases (cypher.NAME_FORMS) or
    through an index of the alias table (what the questions hold); all follow later writes,
    and older graphs get the marks from the schema step."""
    from claimgraph.graph.catalogue import alias_index, resolve_name

    unnamed = Entity(type=EntityType.METHOD, key="proposed method of n1", name="the method proposed in “Nets”")
    ood = _entity(EntityType.TASK, "out-of-distribution generalization", ["OoD-gen"])
    plain = _entity(EntityType.CONCEPT, "sharpness")

    def build(*results):
        _build(empty_store, *results)

    build(_result("n1", "Nets", ["We propose it.", "It helps OoD-gen.", "Sharpness matters."],
                  relations=[(RelType.PROPOSES, unnamed, 0), (RelType.ADDRESSES, ood, 1), (RelType.USES, plain, 2)]))

    def found(aliases=None):
        return {text: [(m.key, m.how) for m in resolve_name(empty_store, text, aliases=aliases)]
                for text in ("The method proposed in “Nets”", "ood gen", "Dull-Gen")}

    def found_through_the_alias_index():
        # what the questions do (questions.answer.Meaning): seeks on an index of the alias table
        return found(alias_index(empty_store.alias_table()))

    expected = {"The method proposed in “Nets”": [("proposed method of n1", "name")],
                "ood gen": [("out of distribution generalization", "name")], "Dull-Gen": []}
    assert found() == expected == found_through_the_alias_index()
    marked = "MATCH (e) WHERE e.aliased RETURN e.key AS key"
    assert [r["key"] for r in empty_store.read(marked)] == ["out of distribution generalization"]
    # A later paper adds an alias (the mark and the scan follow it) under the same key.
    build(_result("n2", "More", ["Dull-gen too."], relations=[
        (RelType.USES, _entity(EntityType.CONCEPT, "sharpness", ["Dull-Gen"]), 0)]))
    assert found()["Dull-Gen"] == [("sharpness", "name")]
    expected["Dull-Gen"] = [("sharpness", "name")]
    assert found_through_the_alias_index() == expected
    _lost_then_restored_by_the_schema_step(empty_store, _FORGET_NAME_INDEX, found, expected)


@pytest.mark.integration
def test_rows_tied_on_what_a_question_orders_by_come_back_in_a_fixed_order(empty_store):
    """Rows alike in everything a question sorts on (two papers with one title, as the same
    paper at two venues) are ordered by paper id, so a limit always keeps the same ones.
    The papers are written in the other order, the order the store would otherwise return."""
    twinner = _entity(EntityType.METHOD, "Twinner")
    clip, task, data, acc = (_entity(EntityType.MODEL, "CLIP"), _entity(EntityType.TASK, "twin detection"),
                             _entity(EntityType.DATASET, "TwinSet"), _entity(EntityType.METRIC, "accuracy"))
    sentences = ["We propose Twinner for twin detection with CLIP.", "Twinner improves accuracy on TwinSet."]

    def twin(pid):
        return _result(pid, "Twin", sentences, relations=[
            (RelType.PROPOSES, twinner, 0), (RelType.USES, clip, 0), (RelType.ADDRESSES, task, 0),
            (RelType.EVALUATES_ON, data, 1)], claims=[(twinner, Effect.IMPROVES, acc, 1, {})])

    _build(empty_store, twin("t2"))
    _build(empty_store, twin("t1"))
    asked = {"what_does_method_improve": {"method": "Twinner"}, "datasets_for_task": {"task": "twin detection"},
             "papers_studying_topic": {"topic": "Twinner"}, "methods_applied_to_model": {"model": "CLIP"},
             "claims_about_pair": {"a": "Twinner"}, "proposed_methods": {}}
    for question, slots in asked.items():
        papers = [r["paper_id"] for r in run_question(empty_store, question, **slots).rows]
        assert papers == sorted(papers) and set(papers) == {"t1", "t2"}, (question, papers)


@pytest.mark.integration
def test_a_graph_an_older_version_wrote_is_brought_up_to_date_when_opened(empty_store, server_home, caplog):
    """open_store runs the schema step once for a graph whose schema mark is missing or
    another (a graph an older version wrote): its names that are not keys are found again,
    and it says so; an empty or current graph is left alone, silently."""
    import logging

    from claimgraph.graph.catalogue import resolve_name
    from claimgraph.graph.store import open_store

    def reopen():
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="claimgraph.graph.store"), open_store(server_home) as store:
            return found(store), store.schema_is_current(), "up to date" in caplog.text

    def found(store):
        return [m.key for m in resolve_name(store, "The method proposed in “Nets”")]

    assert reopen() == ([], True, False)   # empty: made current without a word
    unnamed = Entity(type=EntityType.METHOD, key="proposed method of n1", name="the method proposed in “Nets”")
    _build(empty_store, _result("n1", "Nets", ["We propose it."], relations=[(RelType.PROPOSES, unnamed, 0)]))
    assert found(empty_store) == ["proposed method of n1"] and empty_store.schema_is_current()

    # As the version before the name index wrote it: no name forms, no schema mark.
    empty_store._write(lambda tx: tx.run(_FORGET_NAME_INDEX).consume())
    empty_store._write(lambda tx: tx.run("MATCH (g:UpdateGuard {scope: $scope}) DELETE g",
                                         scope=cypher.SCHEMA_SCOPE).consume())
    assert found(empty_store) == [] and not empty_store.schema_is_current()
    assert reopen() == (["proposed method of n1"], True, True)
    assert reopen() == (["proposed method of n1"], True, False)   # current: left alone


# The design card's question, as written and in paraphrases of the dev set (data/dev/card_paraphrases_dev.jsonl):
# RFT a direct answer with its sentence, WiSE-FT and BANG labelled related (their abstracts never name CLIP).
CARD_PHRASINGS = [
    "methods that improve OOD generalization on CLIP",
    "What techniques preserve the distribution-shift robustness of CLIP when you fine-tune it on a downstream dataset?",
    "What are the known fixes for CLIP losing OOD robustness when it gets fine-tuned?",
    "Which fine-tuning strategies give CLIP better accuracy on shifted test distributions, according to the literature?",
    "papers on improving OOD generalization for CLIP",
    "ways to get better out-of-distribution generalization from fine-tuned CLIP ViT models",
]


@pytest.mark.integration
@pytest.mark.parametrize("question", CARD_PHRASINGS)
def test_the_card_question_and_its_paraphrases_find_rft_and_related_wise_ft_and_bang(demo_store, question):
    from claimgraph.questions.answer import answer

    result = answer(demo_store, question)
    direct = {r["subject"]: r for r in result.rows}
    assert "Robust Fine-Tuning" in direct, result.reading
    assert "RFT = Robust Fine-Tuning" in direct["Robust Fine-Tuning"]["short_forms"]
    assert "Robust Fine-Tuning (RFT" in direct["Robust Fine-Tuning"]["evidence"]
    related = " ".join(n for r in result.related for n in r.get("names", []))
    assert "WiSE-FT" in related and "(BANG)" in related
    assert not {"WiSE-FT", "BAlaNced averaGing"} & set(direct)
