"""Name normalisation: the one place that decides when two surface forms are the same key.

Pure functions, no spaCy. Keys are lower-case, hyphen/space-folded, singular, with
version spellings joined (ResNet-50 / ResNet50 / resnet 50 -> "resnet50").
"""
from __future__ import annotations

import re
import unicodedata

_DASHES = re.compile(r"[\u2010-\u2015\u2212_/]")
_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s\-.+@#]")
# "resnet 50", "resnet-50", "gpt - 4" -> join a name and its version number.
_VERSION_JOIN = re.compile(r"(?<=[a-z])[\s\-]+(?=\d)")
# "v 2" -> "v2"
_LETTER_DIGIT_JOIN = re.compile(r"\b([a-z])[\s\-]+(?=\d)")

# Plurals that a simple "strip the s" would break.
_PLURAL_KEEP = {
    "bias", "loss", "gaussian", "analysis", "bayes", "lens", "process", "class", "glass",
    "mass", "less", "basis", "thesis", "chess", "physics", "statistics", "dynamics",
    "mathematics", "kinematics", "robotics", "semantics", "news", "series", "species",
    "corpus", "status", "ms", "gas", "bus", "atlas", "genesis", "axis", "focus", "virus",
    "consensus", "its", "this", "is", "was", "has", "plus", "us", "cifar", "imagenet",
}
_PLURAL_IRREGULAR = {
    "indices": "index", "matrices": "matrix", "vertices": "vertex", "analyses": "analysis",
    "hypotheses": "hypothesis", "bases": "basis", "theses": "thesis", "criteria": "criterion",
    "phenomena": "phenomenon", "data": "data", "corpora": "corpus",
}


def fold_text(text: str) -> str:
    """Unicode-normalise and strip accents, keep case."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def singular(word: str) -> str:
    """English singular of one lower-case word, conservative: when unsure, keep it."""
    if word in _PLURAL_IRREGULAR:
        return _PLURAL_IRREGULAR[word]
    if len(word) <= 3 or word in _PLURAL_KEEP or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalize_key(name: str) -> str:
    """Canonical key of a name: the thing MERGE matches on."""
    text = fold_text(name).lower().strip()
    text = _DASHES.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    text = text.replace("-", " ")
    text = _SPACE.sub(" ", text).strip(" .")
    text = _VERSION_JOIN.sub("", text)
    text = _LETTER_DIGIT_JOIN.sub(r"\1", text)
    words = text.split(" ")
    if words and words[-1]:
        words[-1] = singular(words[-1])
    return " ".join(w for w in words if w)


def is_acronym(text: str) -> bool:
    """Short form like OOD, ViT, GPT-4, LLMs: mostly capitals, no spaces."""
    core = text.rstrip("s") if text.endswith("s") and text[:-1].isupper() else text
    if " " in core or not (2 <= len(core) <= 12):
        return False
    letters = [c for c in core if c.isalpha()]
    if not letters or not core[0].isalnum():
        return False
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper / len(letters) >= 0.5


_HIGHLIGHTED = re.compile(r"(?:^|[\s\-])[A-Z]{2}[a-z]{3,}(?=$|[\s\-])")


def irregular_casing(name: str) -> bool:
    """A word cased to highlight an acronym's letters ('TRansformer' of 'DEtection TRansformer',
    'COllaborative'): never a display name when another spelling exists."""
    return _HIGHLIGHTED.search(name) is not None
