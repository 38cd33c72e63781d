"""SAME_AS links on a real store: made from an acronym definition, undone for good, accepted
again, carried by exports; vectors kept beside the store."""
from __future__ import annotations

import pytest

from claimgraph.graph.semantic import same_as_links

pytestmark = pytest.mark.integration

SETUP = """
CREATE (:Task {key: 'out of distribution generalization', name: 'out-of-distribution generalization',
               aliases: ['OOD'], paper_count: 2})
CREATE (:Concept {key: 'ood performance', name: 'OOD performance', aliases: [], paper_count: 1})
CREATE (:Concept {key: 'out of distribution performance', name: 'out-of-distribution performance', aliases: [],
                  paper_count: 3})
CREATE (:Method {key: 'ood performance', name: 'OOD performance', aliases: [], paper_count: 1})
"""


def test_same_as_from_an_acronym_definition_and_undo_that_survives_a_rebuild(empty_store, server_home):
    from claimgraph.orchestration.semantic import decisions_path, refresh
    from claimgraph.semantic.concepts import Decisions

    empty_store._write(lambda tx: tx.run(SETUP).consume())
    decisions_path().unlink(missing_ok=True)
    refresh(empty_store)
    links = same_as_links(empty_store)
    assert [(r["label"], r["a"], r["b"], r["rule"]) for r in links] == [
        ("Concept", "ood performance", "out of distribution performance", "acronym expansion")]
    Decisions(decisions_path()).undo("Concept", "out of distribution performance", "ood performance")
    assert refresh(empty_store).links_removed == 1
    assert same_as_links(empty_store) == []
    refresh(empty_store)                          # a rebuild does not bring it back
    assert same_as_links(empty_store) == []
    Decisions(decisions_path()).accept("Concept", "ood performance", "out of distribution performance")
    refresh(empty_store)
    assert len(same_as_links(empty_store)) == 1     # accepting lifts the cannot-link
    assert any(e["type"] == "SAME_AS" for e in empty_store.all_edges())
    decisions_path().unlink()
