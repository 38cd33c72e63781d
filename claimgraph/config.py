"""Every setting ClaimGraph reads from the environment, in one place.

Read at call time (not import time), so a test or a long-lived process that changes
the environment sees the change. Nothing else in the package reads CLAIMGRAPH_* or
NEO4J_* variables.

| variable | default | meaning |
|---|---|---|
| CLAIMGRAPH_HOME | ./.claimgraph | the embedded store's data, credentials and logs |
| CLAIMGRAPH_SERVER_HEAP | 2g | Java heap of the embedded server |
| CLAIMGRAPH_RECOGNISER | cnn | the learned entity recogniser: cnn or minilm |
| CLAIMGRAPH_SCIERC_DIR | ../shared/data/scierc | SciERC data for training and `eval scierc` |
| CLAIMGRAPH_VECTORS | $CLAIMGRAPH_HOME/vectors | the semantic layer's vectors (set it beside a Neo4j store) |
| NEO4J_URI | (unset: embedded store) | a Neo4j 5 Bolt address instead of the embedded store |
| NEO4J_USER | neo4j | its account |
| NEO4J_PASSWORD | (required with NEO4J_URI) | its password |
| NEO4J_DATABASE | neo4j | its database |
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from claimgraph.schema.errors import ClaimGraphError, StoreError

RECOGNISERS = ("cnn", "minilm")
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
SCIERC_DIR_VARIABLE = "CLAIMGRAPH_SCIERC_DIR"


def _get(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def home() -> Path:
    """$CLAIMGRAPH_HOME, or ./.claimgraph; always absolute."""
    return Path(_get("CLAIMGRAPH_HOME") or ".claimgraph").expanduser().resolve()


def server_heap() -> str:
    return _get("CLAIMGRAPH_SERVER_HEAP") or "2g"


def recogniser() -> str:
    choice = (_get("CLAIMGRAPH_RECOGNISER") or "cnn").lower()
    if choice not in RECOGNISERS:
        raise ClaimGraphError(f"CLAIMGRAPH_RECOGNISER={choice!r}: use one of {', '.join(RECOGNISERS)}")
    return choice


def vectors_dir(store_home: Path | None = None) -> Path:
    """$CLAIMGRAPH_VECTORS, or <home>/vectors (the given embedded store's home, else
    $CLAIMGRAPH_HOME): the semantic layer's vectors beside the store."""
    value = _get("CLAIMGRAPH_VECTORS")
    return Path(value).expanduser().resolve() if value else (store_home or home()) / "vectors"


def scierc_dir() -> Path | None:
    """$CLAIMGRAPH_SCIERC_DIR, if set."""
    value = _get(SCIERC_DIR_VARIABLE)
    return Path(value) if value else None


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str
    user: str
    password: str
    database: str


def neo4j_uri() -> str | None:
    """NEO4J_URI when a real Neo4j is selected; None for the embedded store."""
    return _get("NEO4J_URI")


def neo4j() -> Neo4jSettings | None:
    """The Neo4j connection settings, checked; None when NEO4J_URI is unset (embedded store)."""
    uri = neo4j_uri()
    if not uri:
        return None
    if uri.split("://", 1)[0].lower() not in BOLT_SCHEMES:
        raise StoreError(f"NEO4J_URI {uri!r} is not a Bolt address: use bolt://host:7687 or neo4j://host:7687 "
                         "(or neo4j+s://… for Aura), or unset it for the embedded store")
    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        raise StoreError("NEO4J_URI is set but NEO4J_PASSWORD is not: set both (or unset NEO4J_URI for the embedded store)")
    return Neo4jSettings(uri=uri, user=_get("NEO4J_USER") or "neo4j", password=password,
                         database=_get("NEO4J_DATABASE") or "neo4j")
