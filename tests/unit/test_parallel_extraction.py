"""Extraction in worker processes (Extractor(n_process=2)): same results, same order, bounded reading."""
from __future__ import annotations

import pytest

import claimgraph.extract.pipeline as pipeline
from claimgraph.extract.pipeline import ExtractionFailed, Extractor
from claimgraph.extract.readers import read_corpus
from claimgraph.orchestration.build import DEMO_CORPUS
from claimgraph.schema import Paper

BATCH = 4


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    return [r for r in read_corpus([DEMO_CORPUS]) if isinstance(r, Paper)][:24]


def _dump(results) -> list[str]:
    return [r.model_dump_json() for r in results]


def test_two_processes_give_the_results_of_one_in_order(papers):
    one = list(Extractor(use_model=False, batch_size=BATCH).extract(papers))
    two = list(Extractor(use_model=False, n_process=2, batch_size=BATCH).extract(papers))
    assert [r.paper.id for r in two] == [p.id for p in papers]
    assert _dump(two) == _dump(one)


def test_workers_read_the_corpus_a_few_chunks_ahead_only(papers):
    pulled = []

    def corpus():
        for paper in papers:
            pulled.append(paper.id)
            yield paper

    results = Extractor(use_model=False, n_process=2, batch_size=BATCH).extract(corpus())
    next(results)
    # 2 chunks in flight per worker, plus the chunk being submitted when the first came back
    assert len(pulled) <= (2 * 2 + 1) * BATCH < len(papers)
    assert len(list(results)) == len(papers) - 1


def test_a_paper_that_fails_in_a_worker_is_reported_and_the_rest_written(papers, monkeypatch):
    real = pipeline.doc_to_result
    broken = papers[5].id

    def fails_for_one(doc, paper, **kw):
        if paper.id == broken:
            raise ValueError("boom")
        return real(doc, paper, **kw)

    monkeypatch.setattr(pipeline, "doc_to_result", fails_for_one)   # workers are forked: they see it
    errors = []
    results = list(Extractor(use_model=False, n_process=2, batch_size=BATCH).extract(papers, on_error=errors.append))
    assert [r.paper.id for r in results] == [p.id for p in papers if p.id != broken]
    assert len(errors) == 1 and "boom" in errors[0].reason and errors[0].source == papers[5].source
    with pytest.raises(ExtractionFailed, match="boom"):
        list(Extractor(use_model=False, n_process=2, batch_size=BATCH).extract(papers))
