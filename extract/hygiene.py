"""Entity hygiene: a node must be worth a node.

Pure functions over spaCy spans (part of speech when the pipeline has a tagger, word shape
otherwise), with the words in `extract/resources/hygiene.tsv`:

- `junk_reason` says why a span is no entity: a fragment ("built", "priori", "* algorithm"),
  an adverb ("noisily"), a bare generic word ("size", "method"), a vague phrase
  ("training method", "prior approach"), measurement debris ("absolute value 1", "O(1/t)");
- `checked_type` corrects types no name can have: a device is no Method, Task or Dataset
  ("CPU", "mobile CPU", "Samsung Galaxy S20"), a hyperparameter is no Metric ("learning rate");
- `split_coordination` cuts "Kinetics and Charades datasets" (and "PEARL / MQL") into its names;
- `concept_junk_reason` says why a learned-recogniser Concept is no node ("sand", "high
  interpretability", "perceptual information");
- `checked_type(..., listed=False)` also types unlisted phrases by their shape ("revision methods",
  "MIMO system", "RGB" as a Metric, "Human-Robot Interaction" as a Dataset are Concepts);
- `verb_phrase` says a claim argument is a predicate, not a thing ("simultaneously remove outliers");
- `inside_word` says a span starts inside a hyphenated word ("cross attention module" of "criss-cross").

Rules and examples: docs/extraction.md, "Entity hygiene (issue 20, second pass)".

Named things pass: a word with capitals inside or letters with digits ("GPT-4", "ResNet50"),
an acronym, or a name from the lists (the caller exempts list matches from `junk_reason`).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from spacy.tokens import Span

from claimgraph.extract.claims.lexicon import BAD_NOUNS, QUALITY_NOUNS
from claimgraph.extract.entity_typing import type_from_head
from claimgraph.extract.recogniser import has_dataset_noun
from claimgraph.schema import EntityType
from claimgraph.schema.keys import is_acronym, normalize_key

WORDS_FILE = Path(__file__).parent / "resources" / "hygiene.tsv"
GENERAL_WORDS_FILE = Path(__file__).parent / "resources" / "general_words.txt"
_WORD = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)*")   # as derive_general_words counts them


@functools.lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """class -> words, from hygiene.tsv."""
    table: dict[str, set[str]] = {}
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, cls = line.split("\t")[:2]
        table.setdefault(cls.strip(), set()).add(word.strip().lower())
    return {cls: frozenset(ws) for cls, ws in table.items()}


@functools.lru_cache(maxsize=1)
def general_words() -> frozenset[str]:
    """Words in at least 1 % of the paperlists abstracts (`derive_general_words.py`)."""
    return frozenset(w.strip() for w in GENERAL_WORDS_FILE.read_text(encoding="utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))


def concept_junk_reason(span: Span) -> str | None:
    """Why a learned-recogniser phrase is no Concept worth a node: made only of words every field
    uses ("local regions", "better performance", "object properties"), or a description
    ("supervision in various forms", "noisy cloud of interest points")."""
    text = span.text
    if is_named(text):
        return None
    found = _WORD.findall(text)
    if found and len(found) == len(text.split()) and all(w.lower() in general_words() for w in found):
        return "generic"
    keywords = normalize_key(text).split()
    if keywords[-1] in words().get("generic_head", ()):
        return "generic head"                   # "rescue applications", "human activities"
    last, first = span[-1], span[0]
    if len(span) > 1 and last.dep_ == "compound" and last.head.i >= span.end:
        return "fragment"                       # "vision-based autonomous surface" (vehicle)
    if first.tag_ == "VBG" and any(c.dep_ in ("dobj", "prt") and c.i < span.end for c in first.children):
        return "fragment"                       # "folding down lamellae", "re-supplying impoverished particles"
    if len(span) == 1 and text.isalpha() and (text.islower() or span[0].is_sent_start and text[1:].islower()) \
            and not re.sub(r"(?<!s)s$", "", text.lower()).endswith(tuple(words().get("abstract_suffix", ()))) \
            and keywords[0] not in QUALITY_NOUNS | BAD_NOUNS:
        return "bare"                           # "protocol", "sand", "Emphasis"; not "rigidity", "overfitting"
    if len(keywords) == 2 and keywords[0] in words().get("degree", ()):
        return "graded"                         # "high interpretability", "favorable predictions"
    if len(keywords) > 1 and keywords[-1] in words().get("abstract_head", ()) and text.islower() \
            and all(t.pos_ == "ADJ" and t.is_alpha for t in span[:-1]):
        return "generic"                        # "perceptual information", "intrinsic informational value"
    if len(span) >= 4 and any(t.pos_ == "ADP" or t.lower_ in {"of", "in", "for", "with"} for t in span[1:-1]):
        return "description"
    return None


_MATH = re.compile(r"[=<>±×^∈≤≥|\\$%~{}]|[a-z]- [a-z]")   # also LaTeX braces, "informa- tion"
_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")
_DIGIT_SLASH = re.compile(r"\d\s*/|/\s*\d|^[A-Za-z]\s*\(|\b\d+\s*[x×]\s*\d+\b|\b\d+(?:\.\d+)?[x×](?![A-Za-z0-9])")   # "1/t", "O(1/t)", "f(x)", "5x5", "2.5x"
_VERB_OR_COMPARATIVE = {"VB", "VBP", "VBZ", "VBD", "JJR", "JJS", "RB", "RBR", "RBS", "MD"}
# Heads that say what kind of thing a name is, never part of one unless a specific word precedes them.
_KIND_HEADS = {"framework", "approach", "technique", "strategy", "scheme", "solution", "system", "pipeline",
               "paradigm", "principle", "tool", "procedure"}
_MOJIBAKE = re.compile(r"[\u0080-\u00bf]|ï¬|Ã.")
_HYPHEN_SUFFIXES = {"level", "based", "wise", "like", "aware", "free", "specific", "conditional", "agnostic",
                    "dependent", "independent", "oriented", "driven", "scale"}
_FRAGMENT_POS = {"ADV", "ADJ", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "INTJ", "AUX", "NUM", "PUNCT", "SYM"}


_DIMENSION = re.compile(r"(?<![\w-])\d(?:\.\d)?-?[dD](?![\w])")


def without_dimensions(text: str) -> str:
    """The text without "2D", "3D", "2.5D", "6-D": a dimension is no sign of a name ("3D objects")."""
    return _DIMENSION.sub(" ", text)


def is_named(text: str) -> bool:
    """'GPT-4', 'ResNet50', 'WiSE-FT', 'MS COCO', 'Kinetics' inside a sentence: a word with capitals
    after its first letter, letters with digits in one word, or an acronym."""
    for word in without_dimensions(text).split():
        letters = [c for c in word if c.isalpha()]
        if not letters:
            continue
        if any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word) or is_acronym(word):
            return True
    return False


def broken_brackets(text: str) -> bool:
    """ "Knowledge sElector(TAKE", "filters}": a bracket opened or closed without its pair. No name
    is cut like that, whoever found it (the caller checks list and pattern names with it too)."""
    return any(text.count(a) != text.count(b) for a, b in ("()", "[]", "{}"))


def junk_reason(span: Span, phrase: Span | None = None) -> str | None:
    """Why this span is no entity, or None when it may be one. `phrase`: the recogniser's phrase a
    canonical name was cut from ("modular arithmetic" of "modular arithmetic tasks"), whose head
    the name may lack."""
    text = span.text.strip()
    key = normalize_key(text)
    keywords = key.split()
    w = words()
    if not keywords or not any(c.isalpha() for c in text):
        return "fragment"
    if not text[0].isalnum() and text[0] not in "\"'“‘":
        return "fragment"                       # "* algorithm", "-based"
    if text[-1] in "-–.,;:'\"”’" or _FILLER.search(text):
        return "fragment"                       # "NLI-" (based), "Inc.", "perturbation''", "gradient w.r.t"
    if _MATH.search(text) or _DIGIT_SLASH.search(text) or _MOJIBAKE.search(text):
        return "measurement"                    # "k = 5", "O(1/t)", "20%", "eï¬€ective"
    if broken_brackets(text):
        return "fragment"                       # "2N control devices (valves", "Detector(DSFD"
    if len(keywords) > 1 and len(keywords[-1]) == 1 and keywords[-1].isalpha() and not is_named(text):
        return "fragment"                       # "response mixed action p"
    if span[-1].lower_ in _HYPHEN_SUFFIXES and len(span) > 1 and span[-2].text == "-":
        return "fragment"                       # "pixel-level", "style-conditional"... an adjective
    named = is_named(text)
    if span[0].tag_ in _VERB_OR_COMPARATIVE and not named:
        return "fragment"                       # "simulate robot interactions", "easier training"
    if any(t.pos_ == "SCONJ" for t in span) and not named:
        return "fragment"                       # "free while collecting data"
    if any(_NUMBER.match(word) for word in text.split()) and not named:
        return "measurement"                    # "absolute value 1", "3 layers"
    if _clause_inside(span) or _finite_clause(span):
        return "description"                    # "corpus containing Danish", "data base yield state-of-the-art"
    if _CITATION.search(text):
        return "citation"                       # "Nalisnick (2022)", "Li et al."
    if not named and len(span) > 1 and not any(t.pos_ in ("NOUN", "PROPN", "NUM") for t in span) \
            and (span[0].tag_ in ("JJR", "RBR") or any(t.pos_ == "CCONJ" for t in span)):
        return "fragment"                       # "cylindrical and conic", "more precise"
    if not named and _headless_modifier(span, phrase or span):
        return "fragment"                       # "reciprocal semantic" (and instance features)
    tail = span[-1]
    if len(span) > 1 and tail.tag_ == "VBG" and tail.dep_ in ("acl", "relcl", "advcl") \
            and span.start <= tail.head.i < tail.i:
        return "fragment"                       # "robots accounting" (for uncertainties)
    if not named and any(t.text == "-" for t in span) and all(t.pos_ in ("ADJ", "PUNCT") for t in span):
        return "fragment"                       # "multi-step", "noise-tolerant": an adjective
    if len(keywords) == 1 and keywords[0] in w.get("fragment", ()):
        return "fragment"                       # "priori", "3D"
    if len(keywords) == 1:
        word = keywords[0]
        if word in w.get("fragment", ()):
            return "fragment"
        if word in w.get("generic", ()) and not named:
            return "generic"
        token = span[-1] if len(span) == 1 else None
        if token is not None and not named:
            if token.pos_ == "ADV" or (not token.pos_ and word.endswith("ly") and len(word) > 4):
                return "adverb"
            if token.pos_ in _FRAGMENT_POS or (token.pos_ == "VERB" and token.tag_ != "VBG"):
                return "fragment"               # "built", "fast", "robust"
        return None
    if span[-1].pos_ in {"ADV", "ADP", "DET", "CCONJ", "SCONJ", "PRON", "AUX", "PART"}:
        return "fragment"
    head, modifiers = keywords[-1], keywords[:-1]
    vague = w.get("vague_modifier", frozenset())
    if (head in w.get("generic", ()) or head in w.get("vague_head", ())) and not named and "-" not in text \
            and all(m in vague for m in modifiers):
        return "generic"                        # "training method", "prior approach", "pretrained model"
    modifiers_text = text.lower().split()[:-1]
    if head in _KIND_HEADS and not named and type_from_head(" ".join(modifiers_text)) is None and all(
            m in vague or m in general_words() or all(p in general_words() for p in m.split("-"))
            for m in modifiers_text):
        return "generic"                        # "self-supervised framework"; not "multimodal fusion approach"
    last = text.split()[-1].lower()
    if head in w.get("vague_head", ()) and last != head and last.endswith("s") and not named \
            and all(t.pos_ == "ADJ" and t.lower_ in general_words() for t in span[:-1]):
        return "generic"                        # "hierarchical methods"; "ensemble methods" is a family
    return None


def _outside(token, span: Span) -> bool:
    return token.head is not token and not (span.start <= token.head.i < span.end)


def _headless_modifier(span: Span, phrase: Span) -> bool:
    """An adjective phrase cut from the noun it modifies: the span's root, or its last word, is an
    adjective (or adjectival modifier) whose head lies outside the span: "reciprocal semantic" of
    "reciprocal semantic and instance features", "collision-free swing" of "... swing-up
    maneuvers", "global layer dependent" of "... switching ... dependent upon"; "multi-step" of
    "multi-step problems"."""
    if len(span) < 2:
        return False
    last = span[-1]
    return (last.pos_ == "ADJ" or last.dep_ == "amod") and _outside(last, phrase) \
        and last.dep_ in ("amod", "conj", "preconj", "compound", "advmod")


_FILLER = re.compile(r"\b(?:i\.e|e\.g|w\.r\.t|viz|cf)\b", re.I)
_CITATION = re.compile(r"\((?:19|20)\d\d[a-z]?\)|\bet al\b")
_FINITE = {"VBZ", "VBD", "VBP", "MD"}


def _finite_clause(span: Span) -> bool:
    """A finite verb with its subject inside the span: "user perceives", "OHSUMED medical journal
    data base yield state-of-the-art"."""
    return any(t.tag_ in _FINITE and t.pos_ in ("VERB", "AUX") and t.i > span.start
               and any(c.dep_ in ("nsubj", "nsubjpass") and span.start <= c.i < span.end for c in t.children)
               for t in span)


_CLAUSE_DEPS = {"dobj", "prep", "agent", "attr", "dative", "xcomp", "ccomp"}


def _clause_inside(span: Span) -> bool:
    """A verb that opens a clause on an earlier word of the span: "corpus containing Danish",
    "grasps given object models", "SAGA using a novel Sampled Negative Momentum"."""
    return any(t.dep_ in ("acl", "relcl", "advcl") and t.pos_ in ("VERB", "AUX") and t.i > span.start
               and span.start <= t.head.i < t.i
               and any(span.start <= c.i < span.end and c.dep_ in _CLAUSE_DEPS for c in t.children)
               for t in span)


_VERB_TAGS = {"VB", "VBP", "VBZ", "VBD", "MD"}


def verb_phrase(span: Span) -> bool:
    """A predicate rather than a thing: it opens with a finite or base verb ("avoid over-fitting",
    "investigates", "reduce tracking error") or a manner adverb ("simultaneously remove outliers").
    Named spans are not; gerund phrases are ("diversifying within limited domains" can be a cause)."""
    first = span[0]
    if is_named(span.text) or not first.is_alpha:
        return False
    if first.tag_ in _VERB_TAGS or first.tag_ == "RB" and first.lower_.endswith("ly"):
        return True
    return _finite_clause(span) or any(t.tag_ == "VB" and t.doc[t.i - 1].tag_ == "TO" for t in span[1:])


def in_dataset_context(span: Span) -> bool:
    """A one-word name the learned recogniser calls Material is a data set when its sentence says
    so: a collection noun in it ("... on the DAVIS and FBMS datasets") or "on", "of", "from", "in"
    just before it ("results on DAVIS and FBMS", "images of ScanNet"); not "algorithms as PEARL",
    "between MATE and MASC"."""
    sent = span.sent
    if has_dataset_noun(sent.text):
        return True
    return any(t.lower_ in ("on", "of", "from", "in") for t in span.doc[max(sent.start, span.start - 4):span.start])


def glued_to_a_word(span: Span) -> bool:
    """A short name joined by "/" or "-" to a word that follows it, part of a compound rather than
    the name: "Bio" of "Bio-inspiration", "BSD" of "BSD/LGPLv2.1"; not "ResNet-50", "BERT-based"."""
    doc = span.doc
    i = span.end
    return len(span.text) <= 4 and i + 1 < len(doc) and doc[i].text in {"-", "/"} and not doc[i - 1].whitespace_ \
        and not doc[i].whitespace_ and doc[i + 1].is_alpha and doc[i + 1].lower_ not in _HYPHEN_SUFFIXES


def inside_word(span: Span) -> bool:
    """The span starts inside a hyphenated word: "cross attention module" of "criss-cross attention
    module", "convex optimization" of "non-convex optimization"."""
    doc = span.doc
    i = span.start
    return i >= 2 and doc[i - 1].text in {"-", "‐"} and not doc[i - 1].whitespace_ \
        and not doc[i - 2].whitespace_ and doc[i - 2].is_alpha


def _metric_word(word: str) -> bool:
    """ "error", "accuracy", "f1": a word that heads metric names (alone too, unlike type_from_head)."""
    return type_from_head(f"some {word}") is EntityType.METRIC


def plain_kind_of_technique(text: str) -> bool:
    """ "revision methods", "two-stage method", "attack algorithm": a kind-of-technique head after plain
    lower-case words that name no technique; not "ensemble methods", "prompt-based methods", "Gibbs
    algorithm"."""
    keywords = normalize_key(text).split()
    return bool(keywords) and keywords[-1] in words().get("vague_head", ()) and not is_named(text) \
        and all(part.islower() and not part.endswith("-based") for part in text.split()[:-1]) \
        and type_from_head(" ".join(keywords[:-1])) is not EntityType.METHOD


def checked_type(text: str, entity_type: EntityType, listed: bool = True) -> EntityType:
    """The type a name can have: devices and hyperparameters are Concepts. With `listed` False (a
    phrase the learned recogniser or an abbreviation gave, not a list or pattern name), also: a
    kind of technique written with plain words ("interpolation method", "superpixel algorithms")
    is no Method, a phrase headed by a generic word ("inertial navigation system", "perception
    capabilities") no Task, a phrase with no metric head ("RGB", "Lie groups") no Metric."""
    if entity_type is EntityType.CONCEPT:
        return entity_type
    key = normalize_key(text)
    keywords = key.split()
    if not keywords:
        return entity_type
    w = words()
    if not listed:
        head = keywords[-1]
        if entity_type in (EntityType.METHOD, EntityType.MODEL) and plain_kind_of_technique(text):
            return EntityType.CONCEPT           # "revision methods", "two-stage method"; not "ensemble methods"
        if head in w.get("statement_head", ()):
            return EntityType.CONCEPT           # "Convex Gaussian Min-Max Theorem"
        if entity_type is not EntityType.MODEL and head in w.get("artifact_head", ()):
            return EntityType.CONCEPT           # "MIMO system", "integrated ROV unit", "head-mounted display"
        if entity_type is EntityType.TASK and (head in w.get("generic", ()) or head in w.get("generic_head", ())
                                               or head in w.get("vague_head", ())):
            return EntityType.CONCEPT           # "inertial navigation system", "3D scene perception capabilities"
        last = text.split()[-1]
        if entity_type is EntityType.TASK and len(keywords) > 1 and last.isalpha() and last.islower() \
                and last.endswith("s") and not last.endswith("ss") and type_from_head(text) is not EntityType.TASK:
            return EntityType.CONCEPT           # "discrete Sobolev spaces", "EEG signals", "3D objects": things
        if entity_type is EntityType.TASK and len(keywords) == 1 and text.isalpha() and text.islower() \
                and not text.endswith("ing") and type_from_head(text) is not EntityType.TASK:
            return EntityType.CONCEPT           # "noise" (problem), "induction" (task); not "denoising"
        if entity_type is EntityType.METRIC and type_from_head(text) is not EntityType.METRIC:
            return EntityType.CONCEPT           # "RGB", "compact commutative Lie groups"
        parts = text.split()
        if entity_type is EntityType.METRIC and len(parts) > 1 and (
                parts[0].lower() in w.get("degree", ()) or head == "rate" and all(
                    m.isalpha() and m.islower() and m.endswith(tuple(w.get("adjective_suffix", ()))) for m in parts[:-1])):
            return EntityType.CONCEPT           # "fast convergence rate", "sublinear rate": how good, not a metric
        if entity_type is EntityType.METRIC and len(parts) > 1 and parts[-1].endswith("s") \
                and all(w.isalpha() and w.islower() and not _metric_word(w) for w in parts[:-1]):
            return EntityType.CONCEPT           # "credit scores", "confidence scores": values; not "error rates"
        if entity_type is EntityType.DATASET and not has_dataset_noun(text):
            if len(text.split()) > 1:
                return EntityType.CONCEPT       # "Human-Robot Interaction", "KUKA Innovation Award", "explainable AI"
            if _model_suffix(text):
                return EntityType.MODEL         # "PixelGAN", "SciBERT", "PoseFormer"
    brands = w.get("brand", frozenset())
    if keywords[-1] in w.get("hardware", ()) or keywords[0] in brands or " ".join(keywords[:2]) in brands:
        return EntityType.CONCEPT               # "CPU", "mobile CPU", "Samsung Galaxy S20"
    if key in w.get("hyperparameter", ()) and entity_type is not EntityType.METHOD:
        return EntityType.CONCEPT               # "learning rate" is no metric
    return entity_type


def _model_suffix(word: str) -> bool:
    """A one-word name ending in an architecture's suffix written with a capital: "PixelGAN", "SciBERT"."""
    for suffix in words().get("model_suffix", ()):
        n = len(suffix)
        if len(word) > n and word.lower().endswith(suffix) and word[-n].isupper() and word[-n - 1].isalnum():
            return True
    return False


def split_coordination(span: Span) -> tuple[list[Span], str]:
    """'Kinetics and Charades datasets' -> (['Kinetics', 'Charades'], 'datasets'): the parts and
    the shared plural head cut off them (or ""); a span without a coordinating word outside a
    hyphenated word comes back as it is."""
    doc = span.doc
    cuts = [t.i for t in span[1:-1] if (t.lower_ in {"and", "or", "&", "/"} or t.text == ",")
            and (t.i == 0 or doc[t.i - 1].whitespace_ or t.text == ",") and t.whitespace_]   # "PEARL / MQL"
    if not cuts:
        return [span], ""
    parts, start = [], span.start
    for cut in cuts:
        parts.append((start, cut))
        start = cut + 1
    parts.append((start, span.end))
    parts = [(s, e) for s, e in parts if e > s and doc[s:e].text.strip(" ,")]
    if len(parts) < 2 or any(e - s == 1 and doc[s].pos_ == "ADJ" for s, e in parts[:-1]):
        return [span], ""   # coordinated modifiers share the head: "Small and Medium-sized Enterprises"
    # A shared plural head ("datasets", "models") belongs to every part, and names none of them.
    last_s, last_e = parts[-1]
    shared = doc[last_e - 1].lower_
    if last_e - last_s > 1 and normalize_key(shared) in words().get("collection", ()) and shared.endswith("s"):
        parts[-1] = (last_s, last_e - 1)
    else:
        shared = ""
    out = []
    for s, e in parts:
        while e > s and doc[e - 1].text in {",", ";"}:
            e -= 1
        if e > s:
            out.append(Span(doc, s, e, label=span.label_))
    return out, shared
