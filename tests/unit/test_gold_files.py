"""Validate the hand-labelled gold files in data/gold/ against the demo corpus.

Pure file checks: no server, no spaCy, no extractor code.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.schema.models import Effect

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "orchestration" / "demo_corpus" / "hf_papers_generalization.txt"
GOLD = ROOT / "data" / "gold"
ENTITIES = GOLD / "entities.jsonl"
CLAIMS = GOLD / "claims.jsonl"

PAGE_CHROME = {
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "byAK and the research community",
    "May 6",
}
ENTITY_FIELDS = ("proposed_methods", "methods", "models", "datasets", "tasks", "metrics")
CLAIM_KEYS = {"subject", "effect", "negated", "hedged", "target", "context", "magnitude", "evidence"}
EFFECTS = {e.value for e in Effect}


def _corpus() -> dict[str, str]:
    """title -> abstract. Layout: page chrome, then title / blank / abstract / blank."""
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].strip() in PAGE_CHROME):
        i += 1
    papers: dict[str, str] = {}
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, abstract = lines[i], lines[i + 2]
        assert abstract.strip(), f"no abstract after title {title!r}"
        papers[title] = abstract
        i += 4
    return papers


def _load(path: Path) -> list[dict]:
    assert path.exists(), f"missing {path}"
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        assert isinstance(rec, dict), f"{path.name}:{n} is not an object"
        records.append(rec)
    return records


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    papers = _corpus()
    assert len(papers) == 74
    return papers


@pytest.fixture(scope="module")
def entities() -> list[dict]:
    return _load(ENTITIES)


@pytest.fixture(scope="module")
def claims() -> list[dict]:
    return _load(CLAIMS)


def test_minimum_coverage(entities, claims):
    assert len(entities) >= 24
    assert len(claims) >= 28


def test_titles_exist_and_are_unique(corpus, entities, claims):
    for name, records in (("entities", entities), ("claims", claims)):
        titles = [r["title"] for r in records]
        assert len(titles) == len(set(titles)), f"duplicate title in {name}"
        for t in titles:
            assert t in corpus, f"{name}: title not in corpus: {t!r}"


def test_entity_records(corpus, entities):
    for rec in entities:
        assert set(rec) == {"title", *ENTITY_FIELDS}, rec.get("title")
        text = (rec["title"] + "\n" + corpus[rec["title"]]).lower()
        for field in ENTITY_FIELDS:
            assert isinstance(rec[field], list), (rec["title"], field)
            for item in rec[field]:
                assert isinstance(item, str) and item.strip(), (rec["title"], field, item)
                alts = [a for a in item.split("|")]
                assert all(a.strip() == a and a for a in alts), (rec["title"], field, item)
                # at least one spelling is written in the paper (typo guard)
                assert any(a.lower() in text for a in alts), (rec["title"], field, item)
        # a proposed method is listed only in proposed_methods
        proposed = {a.lower() for item in rec["proposed_methods"] for a in item.split("|")}
        used = {a.lower() for item in rec["methods"] for a in item.split("|")}
        assert not proposed & used, (rec["title"], proposed & used)


def test_claim_records(corpus, claims):
    for rec in claims:
        assert set(rec) == {"title", "claims"}, rec.get("title")
        abstract = corpus[rec["title"]]
        assert isinstance(rec["claims"], list)
        for cl in rec["claims"]:
            assert set(cl) == CLAIM_KEYS, (rec["title"], cl)
            assert cl["effect"] in EFFECTS, (rec["title"], cl["effect"])
            assert isinstance(cl["negated"], bool) and isinstance(cl["hedged"], bool)
            assert isinstance(cl["subject"], str) and cl["subject"].strip()
            assert isinstance(cl["target"], str) and cl["target"].strip()
            assert isinstance(cl["context"], list) and all(isinstance(c, str) and c for c in cl["context"])
            assert cl["magnitude"] is None or (isinstance(cl["magnitude"], str) and cl["magnitude"])
            ev = cl["evidence"]
            assert isinstance(ev, str) and ev in abstract, (rec["title"], ev)


def test_evidence_is_whole_sentence(corpus, claims):
    for rec in claims:
        abstract = corpus[rec["title"]]
        for cl in rec["claims"]:
            ev = cl["evidence"]
            start = abstract.index(ev)
            end = start + len(ev)
            assert ev[-1] in ".!?", (rec["title"], ev)
            assert end == len(abstract) or abstract[end] == " ", (rec["title"], ev)
            assert start == 0 or (abstract[start - 1] == " " and abstract[start - 2] in ".?!"), (rec["title"], ev)
