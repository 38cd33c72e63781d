"""CONTRADICTS links: bounded per claim, recomputed only where a build wrote, and repaired
after a stop part-way; entities nothing names any more are removed.

The store tests write crafted extraction results through claimgraph.orchestration.build.Builder (no spaCy), so
each question's sides are exactly known.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from test_crash_safety import snapshot, wipe
from test_questions import _entity, _result

from claimgraph.extract.claims import find_contested
from claimgraph.orchestration.build import CONTRADICTIONS_PER_CLAIM as K
from claimgraph.schema import ClaimContext, ContextRole, Effect, EntityType, RelType

SHARP = _entity(EntityType.CONCEPT, "sharpness")
GEN = _entity(EntityType.CONCEPT, "generalization")
DROPOUT = _entity(EntityType.METHOD, "Dropout")
ACC = _entity(EntityType.METRIC, "accuracy")
VLCS = _entity(EntityType.DATASET, "VLCS")
RESNET = _entity(EntityType.MODEL, "ResNet-50")

# ---------------------------------------------------------------- the rule, without a store


def _claim(cid, paper, sign, subject="sharpness", target="generalization"):
    return SimpleNamespace(id=cid, paper_id=paper, subject=SimpleNamespace(key=subject),
                           target=SimpleNamespace(key=target), polarity=("correlation", sign))


def test_per_claim_bound_keeps_every_claim_contested_and_counts_the_rest():
    pos = [_claim(f"p{i}", f"paper-p{i}", +1) for i in range(6)]
    neg = [_claim(f"n{i}", f"paper-n{i}", -1) for i in range(5)]
    assert len(find_contested(pos + neg)) == 30                     # the rule itself is unchanged
    opposed = {}
    pairs = find_contested(neg + pos, per_claim=K, opposed=opposed)
    # Each claim picks the first K of the other side: K x 6 + K x 5 picks, K x K of them mutual.
    assert len(pairs) == K * 6 + K * 5 - K * K < 30
    degree = {c.id: sum(c.id in p for p in pairs) for c in pos + neg}
    assert min(degree.values()) >= 1 and sorted(degree.values())[:5] == [K] * 5
    assert opposed == {**{c.id: 5 for c in pos}, **{c.id: 6 for c in neg}}
    assert find_contested(list(reversed(neg + pos)), per_claim=K) == pairs   # order of input does not matter


def test_per_claim_bound_skips_the_claims_own_paper_and_by_head_leaves_exact_pairs_alone():
    claims = [_claim("a1", "A", +1), _claim("a2", "A", -1), _claim("b1", "B", -1), _claim("c1", "C", +1)]
    assert find_contested(claims) == [("a1", "b1"), ("a2", "c1"), ("b1", "c1")]
    # a1 passes over a2 (its own paper) to pick b1; b1 and c1 pick a1 and a2, which come first.
    assert find_contested(claims, per_claim=1) == [("a1", "b1"), ("a2", "c1")]
    related = [_claim("x", "X", +1, subject="layer wise sharpness"), _claim("y", "Y", -1), _claim("z", "Z", +1)]
    assert find_contested(related) == [("y", "z")]
    assert find_contested(related, by_head=True) == [("x", "y")]


# ---------------------------------------------------------------- in the store

def _side(i, correlates, *, extra_sentence=None, relations=()):
    """Paper i saying sharpness does (not) correlate with generalization."""
    verb = "correlates" if correlates else "does not correlate"
    sentences = [f"In setting {i}, sharpness {verb} with generalization."]
    if extra_sentence:
        sentences.append(extra_sentence)
    return _result(f"q{i:02d}", f"Sharpness study {i}", sentences, relations=relations,
                   claims=[(SHARP, Effect.CORRELATES, GEN, 0, {"negated": not correlates})])


def _dropout(i, improves):
    # "accuracy" is one question only within a shared context (issue 21): here, of ResNet-50.
    verb = "improves" if improves else "worsens"
    return _result(f"d{i}", f"Dropout study {i}", [f"Dropout {verb} the accuracy of ResNet-50 on benchmark {i}."],
                   claims=[(DROPOUT, Effect.IMPROVES if improves else Effect.WORSENS, ACC, 0,
                            {"context": [ClaimContext(role=ContextRole.MODEL, entity=RESNET)]})])


def corpus(flip: int | None = None, drop_vlcs: bool = False):
    """6 papers say sharpness correlates with generalization, 5 that it does not (paper `flip`
    changes side), paper q00 also evaluates on VLCS (unless `drop_vlcs`), and one pair of
    papers disagrees whether Dropout improves or worsens the accuracy of ResNet-50."""
    papers = []
    for i in range(11):
        side = (i < 6) != (i == flip)
        vlcs = i == 0 and not drop_vlcs
        papers.append(_side(i, side, extra_sentence="We evaluate on VLCS." if vlcs else None,
                            relations=[(RelType.EVALUATES_ON, VLCS, 1)] if vlcs else ()))
    return papers + [_dropout(0, True), _dropout(1, False)]


def build(store, results):
    from claimgraph.orchestration.build import Builder

    builder = Builder(store)
    builder.write(results)
    return builder.finish()


def links(store) -> dict[tuple[str, str], dict]:
    rows = store.read("MATCH (a:Claim)-[r:CONTRADICTS]->(b:Claim) RETURN a.paper_id AS a, b.paper_id AS b, "
                      "properties(r) AS props")
    return {tuple(sorted((r["a"], r["b"]))): r["props"] for r in rows}


def clean(store, results):
    wipe(store)
    build(store, results)
    return snapshot(store)


pytestmark = pytest.mark.integration


def test_links_are_bounded_and_the_contested_question_lists_every_question(empty_store):
    from claimgraph.graph.catalogue import run_question

    summary = build(empty_store, corpus())
    found = links(empty_store)
    sharp = {pair: props for pair, props in found.items() if pair[0].startswith("q")}
    assert len(sharp) == K * 6 + K * 5 - K * K < 6 * 5
    assert summary.contested == len(found) == len(sharp) + 1
    for props in sharp.values():
        assert props["basis"] == "same subject and target"
        assert {props["a_opposed_by"], props["b_opposed_by"]} == {5, 6}, props   # the sides, before the bound
    rows = run_question(empty_store, "contested_claims").rows
    assert {(r["subject"], r["target"]) for r in rows} == {("sharpness", "generalization"), ("Dropout", "accuracy")}
    # The paper page says how many claims oppose each one in all, not how many links it has.
    from claimgraph.graph.reads import paper_claims

    opposing = {f"q{i:02d}": 5 if i < 6 else 6 for i in range(11)}
    degree = {p: sum(p in pair for pair in sharp) for p in opposing}
    assert degree != opposing                                  # counting links would be wrong
    assert {p: paper_claims(empty_store, p)[0]["contradicted_by"] for p in opposing} == opposing


def test_contested_claims_are_marked_for_the_listing_and_older_graphs_get_the_mark(empty_store):
    from claimgraph.graph.catalogue import run_question

    build(empty_store, corpus())
    marked = "MATCH (a:Claim) WHERE a.contests RETURN a.id AS id"
    linked = "MATCH (a:Claim)-[:CONTRADICTS]->() RETURN DISTINCT a.id AS id"
    assert {r["id"] for r in empty_store.read(marked)} == {r["id"] for r in empty_store.read(linked)} != set()
    listed = run_question(empty_store, "contested_claims").rows
    assert len(listed) == len(links(empty_store)) > 5
    # The first $limit links come from the first $limit claims of the rank (cypher.LISTINGS).
    ranks = sorted(r["rank"] for r in empty_store.read("MATCH (a:Claim) WHERE a.contests RETURN a.contest_rank AS rank"))
    assert ranks == list(range(len(ranks)))
    for limit in (1, 2, 5):
        assert run_question(empty_store, "contested_claims", limit=limit).rows == listed[:limit]
    # A graph finalized before the mark, or the rank, existed: the next build's schema step puts it back.
    for removed in ("a.contests, a.contest_rank", "a.contest_rank"):
        empty_store._write(lambda tx, removed=removed: tx.run(f"MATCH (a:Claim) REMOVE {removed}").consume())
        assert not run_question(empty_store, "contested_claims").rows
        empty_store.ensure_schema()
        assert run_question(empty_store, "contested_claims").rows == listed


def test_rebuild_with_nothing_changed_does_no_contradiction_work(empty_store):
    results = corpus()
    build(empty_store, results)
    before, graph = links(empty_store), snapshot(empty_store)
    again = build(empty_store, [])    # what a rebuild of unchanged papers writes: nothing
    assert (again.finalized.entities, again.finalized.claims, again.finalized.added,
            again.finalized.removed) == (0, 0, 0, 0)
    assert again.contested == len(before)
    assert links(empty_store) == before and snapshot(empty_store).digest == graph.digest


def test_a_paper_changing_side_updates_only_its_question(empty_store):
    build(empty_store, corpus())
    before = links(empty_store)
    flipped = corpus(flip=1)             # q01 now says "does not correlate": 5 against 6
    summary = build(empty_store, [flipped[1]])
    after = links(empty_store)
    assert summary.finalized.claims == 11, summary.finalized   # the sharpness claims only, not Dropout's
    assert after[("d0", "d1")] == before[("d0", "d1")]
    assert {p["a_opposed_by"] for p in after.values() if p["subject_key"] == "sharpness"} == {5, 6}
    assert any(("q01" in pair) for pair in set(after) ^ set(before)), "q01's links did not change"
    assert snapshot(empty_store).digest == clean(empty_store, flipped).digest


def test_an_update_dropping_the_last_mention_removes_the_entity_and_equals_a_clean_build(empty_store):
    build(empty_store, corpus())
    datasets = "MATCH (d:Dataset) RETURN d.name AS name, d.paper_count AS n"   # VLCS is the only one
    assert empty_store.read(datasets) == [{"name": "VLCS", "n": 1}]
    updated = corpus(drop_vlcs=True)
    summary = build(empty_store, [updated[0]])
    assert (summary.finalized.orphans, summary.finalized.entities) == (1, 3)   # VLCS, sharpness, generalization
    assert not empty_store.read(datasets)
    graph = snapshot(empty_store)
    assert graph.digest == clean(empty_store, updated).digest


def test_finishing_stopped_part_way_is_completed_by_the_next_run(empty_store, monkeypatch):
    import claimgraph.graph.store

    results = corpus()
    reference = clean(empty_store, results)
    wipe(empty_store)
    monkeypatch.setattr(claimgraph.graph.store, "FINALIZE_BATCH", 4)    # several transactions
    from claimgraph.orchestration.build import Builder

    builder = Builder(empty_store)
    builder.write(results)
    real, calls = empty_store._write, []

    def failing(work):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("stopped")
        real(work)

    monkeypatch.setattr(empty_store, "_write", failing)
    with pytest.raises(RuntimeError):
        builder.finish()
    monkeypatch.setattr(empty_store, "_write", real)
    assert links(empty_store) and snapshot(empty_store).digest != reference.digest   # it did stop part-way
    summary = build(empty_store, [])
    assert summary.finalized.entities > 0
    assert snapshot(empty_store).digest == reference.digest


def test_each_claim_counts_the_papers_that_support_and_contrast_it(empty_store):
    from claimgraph.graph.reads import paper_claims

    build(empty_store, corpus())
    q00 = paper_claims(empty_store, "q00")[0]             # one of the 6 "correlates" papers
    assert (q00["supported_by"], q00["contrasted_by"]) == (5, 5)
    assert q00["support_papers"] == ["q01", "q02", "q03", "q04", "q05"]
    assert q00["contrast_papers"] == ["q06", "q07", "q08", "q09", "q10"]
    assert q00["effect_text"] == "correlates with"
    q06 = paper_claims(empty_store, "q06")[0]
    assert (q06["supported_by"], q06["contrasted_by"], q06["effect_text"]) == (4, 6, "does not correlate with")
    assert len(q06["contrast_papers"]) == 5                 # bounded ids, full count
