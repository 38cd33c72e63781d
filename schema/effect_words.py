"""The words that express each effect, read once from effect_words.toml.

Shared by claim extraction (``claimgraph.extract.claims``) and free-text question parsing
(``claimgraph.questions.understand``); imports nothing but the schema, so question parsing
reads the words without loading spaCy.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from claimgraph.schema.models import Effect

PATH = Path(__file__).with_name("effect_words.toml")


def load(path: Path = PATH) -> tuple[Mapping[str, Effect], Mapping[Effect, tuple[str, ...]]]:
    """(verb lemma -> effect, effect -> the verbs a question may use for it), in file order."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    verbs: dict[str, Effect] = {}
    asked: dict[Effect, tuple[str, ...]] = {}
    for name, table in data.items():
        effect = Effect(name)
        if set(table) != {"verbs", "asked"}:
            raise ValueError(f"{path.name} [{name}]: expected the keys verbs and asked, got {sorted(table)}")
        for lemma in table["verbs"]:
            if lemma in verbs:
                raise ValueError(f"{path.name}: {lemma!r} is listed under {verbs[lemma].value} and {name}")
            verbs[lemma] = effect
        if len(set(table["asked"])) != len(table["asked"]):
            raise ValueError(f"{path.name} [{name}]: a word is listed twice in asked")
        asked[effect] = tuple(table["asked"])
    return MappingProxyType(verbs), MappingProxyType(asked)


#: Verb lemma -> effect (extraction's EFFECT_LEXICON).
#: Effect -> the verbs a free-text question may use for it ("methods that boost X").
EFFECT_VERBS, QUESTION_VERBS = load()
