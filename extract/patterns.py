"""Pattern families over sentence text: proposed-method statements and abbreviations.

Pure functions returning character offsets, so they are tested without spaCy; the
spaCy components in `extract.components` turn them into spans.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from claimgraph.schema import EntityType

# A name as papers write their contributions: WiSE-FT, BANG, OptMATH, Robust
# Fine-Tuning, Light SB, C-Mixup, GPT-4, AdaNPC. Lower-case words may join
# capitalised ones only inside the name ("Learning to Rank").
_NAME_WORD = r"(?:[A-Z0-9][\w\-+.'’]*[\w+]|[A-Z]|[a-z]+[A-Z][\w\-+]*)"
_NAME = rf"{_NAME_WORD}(?:(?:\s+|-)(?:(?:of|for|and|to|with|via|in|on)\s+)?{_NAME_WORD}){{0,5}}"
_VERB = r"(?:propose|proposes|introduce|introduces|present|presents|develop|develops|design|designs|devise|devises|build|builds|call|term|name|coin|dub)"
_KIND = (r"(?:method|approach|framework|algorithm|technique|strategy|model|architecture|"
         r"paradigm|scheme|pipeline|procedure|objective|loss|regularizer|regulariser|optimizer|"
         r"dataset|benchmark|corpus|suite|metric|measure|score|module|network|system|recipe|protocol|"
         r"method\w*|mechanism|estimator|bound|principle|prompting|training|fine-tuning|tuning)")
_ADJ = r"(?:(?:a|an|the|our|this)\s+)?(?:(?:novel|new|simple|general|unified|efficient|effective|lightweight|principled|"\
       r"scalable|generic|plug-and-play|two-stage|theoretically[- ]grounded|[\w-]+-based|[\w-]+-aware|[\w-]+-free)[,]?\s+)*"
_SF_TEXT = r"[A-Za-z][\w\-+.]{0,14}(?:\s[A-Z][\w\-+.]{0,10})?"
_SF = rf"(?:\s*\(\s*(?P<sf>{_SF_TEXT})\s*\))?"

# "called/dubbed/named/termed/coined X"
_NAMED = re.compile(rf"\b(?:called|dubbed|named|termed|coined|namely|(?:refer|referred|refers)\s+to)(?:\s+as)?\s*[,:]?\s*"
                    rf"(?:(?:a|an|the)\s+(?=[A-Z0-9]))?[\"“']?(?P<name>{_NAME})[\"”']?{_SF}")
# "our estimator, named clipped action policy gradient (CAPG)": a lower-case long form after a
# naming verb, named by the short form that spells it
_NAMED_LOWER = re.compile(r"\b(?:called|dubbed|named|termed|coined)(?:\s+as)?\s*[,:]?\s*(?:(?:a|an|the)\s+)?"
                          r"(?P<name>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,5}?)\s*\(\s*(?P<sf>[A-Za-z][\w\-]{1,10})\s*\)")
_OURS_BEFORE = re.compile(r"\b(?:our|we|novel|new|proposed?|introduc\w*|present\w*|develop\w*)\b", re.I)
# "We call this solution CoordConv" / "we name the resulting model Foo"
_WE_CALL_THIS = re.compile(rf"\b[Ww]e\s+(?:call|term|name|dub|coin)\s+(?:this|it|them|these|our|the)\s+(?:[a-z][\w-]*\s+){{0,3}}?"
                           rf"(?:as\s+)?[\"“']?(?P<name>{_NAME})[\"”']?{_SF}")
# "which we call multi-sample dropout," / "we term this lazy training": lower-case names after "we call"
_WE_CALL = re.compile(r"\b(?:which|that|what)?\s*we\s+(?:call|term|dub|name|coin)\s+(?:it\s+|this\s+|them\s+)?[\"“']?"
                      r"(?P<name>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,3}?)[\"”']?(?=\s*(?:[,.;:(]|\s(?:for|to|that|which|and|as|in)\b))")
# 'we propose a "random walk on random landscape" model': quoted names
_QUOTED = re.compile(r"\b(?:propose|introduce|present|develop)s?\s+(?:a|an|the|our)\s+(?:[\w-]+\s+)?[\"“]"
                     r"(?P<name>[^\"”]{3,60})[\"”]")
# 'a new spatiotemporal convolutional block ``R(2+1)D''': a quoted name right after "a new/novel ... <kind>"
_NEW_KIND_QUOTED = re.compile(
    r"\b(?:a|an)\s+(?:novel|new)\s+(?:[\w-]+\s+){0,4}?(?:block|layer|unit|cell|operator|module|network|model|"
    r"method|loss|architecture|framework|algorithm|technique)\s+(?:``|\"|“|')(?P<name>[^\"”'`\s][^\"”'`]{1,40}?)"
    r"(?:''|\"|”|')")
# "we propose X, a novel ..." / "we introduce X: ..." / "we propose X (SF), ..."
_WE = r"(?:\b[Ww]e|\b[Tt]his\s+(?:paper|work|study|article|letter)|\b[Ii]n\s+this\s+(?:paper|work),?\s+we)"
_ADV = r"(?:(?:also|thus|therefore|hence|here|further|then|first|instead|now|next|finally|\w+ly),?\s+)?"
_PAREN_LONG = r"(?:\s*\((?P<long>[^()]{8,120})\))?"
_PROPOSE_NAME = re.compile(
    rf"{_WE}\s+{_ADV}{_VERB}\s+(?P<name>{_NAME}){_SF}{_PAREN_LONG}\s*(?:[,:—–.-]|$|\s+which\b|\s+that\b|\s+as\b|\s+to\b|\s+for\b)"
)
# "we propose a novel Long Form (SF)" / "we propose Sharpness-Aware Minimization (SAM)"
# ... and the same long form (SF) after other cues: "our proposed Parametric ELU (PELU)", "a new
# framework, Hybrid Task Cascade (HTC)", "a generative model, Temporal GAN (TGAN)", "together with a
# novel Prime Dilated Convolution (PDC)", "a parallel feature pyramid (FP) network (PFPNet)".
_CUE = (rf"(?:{_WE}\s+{_ADV}{_VERB}|\bby\s+(?:proposing|introducing|presenting|developing|designing)"
        rf"|\b[Oo]ur\s+(?:proposed|new|novel)|\b(?:a|an)\s+(?:novel|new)"
        rf"|\b(?:a|an)\s+(?:[\w-]+\s+){{0,2}}{_KIND},(?=\s+[A-Z]))")
_PROPOSE_ABBREV = re.compile(
    rf"{_CUE}\s+{_ADJ}(?P<name>[\w\-]+(?:\s+(?:\([\w\-]{{1,8}}\)\s+)?[\w\-]+){{0,6}}?)\s*\(\s*(?P<sf>{_SF_TEXT})\s*\)"
)
# "using a novel ... HyperTree MetaModel", "we propose X together with a new Y": a name after "a novel/new"
# and a few lower-case words
_FILLER = r"(?:(?!(?:of|on|in|for|to|with|and|or|from|by|than|over|as)\b)[a-z][\w-]*\s+)"
_NOVEL_NAME = re.compile(rf"\b(?:a|an|our)\s+(?:novel|new|proposed)\s+{_FILLER}{{0,4}}?(?P<name>{_NAME}){_SF}")
# Lower-case names right after the verb: "We present weight normalization: a ...", "we propose the
# k-sparse autoencoder, an ...", "We introduce mixup, a simple ..."
_PROPOSE_LOWER = re.compile(
    rf"{_WE}\s+{_ADV}(?:propose|proposes|introduce|introduces|present|presents)\s+(?:the\s+)?"
    rf"(?P<name>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){{0,2}}){_SF}(?=\s*[:—–]|\s*,\s+(?:a|an|which|that)\s)"
)
# Passive: "a novel triplet loss is proposed", "PFPNet is introduced"
_PASSIVE = re.compile(
    rf"(?:^|[,;]\s+|\b(?:then|here|first|finally),?\s+)(?:(?:a|an)\s+(?:novel|new)\s+(?P<lname>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){{0,3}}?)|"
    rf"(?P<name>{_NAME}){_SF})\s+(?:is|are)\s+(?:then\s+|also\s+|first\s+|further\s+)?(?:proposed|introduced|presented|developed|devised)\b"
)
# "we propose a straightforward yet effective fine-tuning technique, Child-Tuning, which ..."
_KIND_APPOSITION = re.compile(
    rf"{_WE}\s+{_ADV}{_VERB}\s+(?:a|an)\s+(?:[\w-]+\s+){{0,6}}?{_KIND},\s+(?P<name>{_NAME}){_SF}(?=\s*[,.;:(]|\s+(?:which|that|to|for)\b)"
)
# Sentence-initial "X, a novel/simple ... framework"
_APPOSITION = re.compile(rf"^(?:[Hh]ere,?\s+)?(?P<name>{_NAME}){_SF}\s*,\s+(?:a|an)\s+(?:novel|new|simple|[\w-]+)\b")
# "our method, X," / "our framework (X)"
_OUR_KIND = re.compile(rf"\b[Oo]ur\s+(?:[\w-]+\s+)?{_KIND}\s*[,(]\s*(?P<name>{_NAME})\s*[,)]")
# Title "X: rest of title"
_TITLE_NAME = re.compile(rf"^(?P<name>{_NAME_WORD}(?:[\s-]{_NAME_WORD}){{0,3}})\s*:\s+\S")
# "mixup: Beyond Empirical Risk Minimization": a lower-case single-word name before the colon
_TITLE_LOWER_NAME = re.compile(r"^(?P<name>[a-z][\w\-+]{2,})\s*:\s+\S")

_KIND_TO_TYPE = [
    (re.compile(r"\b(?:dataset|benchmark|corpus|suite|collection)s?\b", re.I), EntityType.DATASET),
    (re.compile(r"\b(?:metric|measure|score)s?\b", re.I), EntityType.METRIC),
]
_NOT_NAMES = {
    "We", "In", "This", "The", "Our", "It", "To", "A", "An", "However", "Moreover", "Specifically",
    "Furthermore", "Finally", "Here", "These", "First", "Second", "Third", "Experiments", "Extensive",
    "Results", "Code", "Based", "Using", "By", "With", "For", "On", "As", "Theoretically",
    "Empirically", "Additionally", "Importantly", "Concretely", "Unlike", "Inspired", "Despite",
}


@dataclass(frozen=True)
class Found:
    """A character span found by a pattern, with what it is."""

    start: int
    end: int
    type: EntityType
    pattern: str
    short: tuple[int, int] | None = None  # the abbreviation's span, when one follows


def _clean_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim trailing junk words and refuse sentence words that are not names."""
    name = text[start:end]
    while name and name[-1] in ".,;:'’-":
        name, end = name[:-1], end - 1
    words = name.split()
    while words and words[-1].lower() in {"of", "for", "and", "to", "with", "via", "in", "on", "a", "an", "the"}:
        end -= len(text[start:end]) - len(text[start:end].rstrip()[: -len(words[-1])].rstrip())
        words.pop()
        name = text[start:end]
    if not words or words[0] in _NOT_NAMES or len(name) < 2 or name.isdigit():
        return None
    if len(words) == 1 and _is_plain_word(name):
        return None
    return start, end


def _is_plain_word(word: str) -> bool:
    """'Then', 'Generally', 'Results': sentence words, not names."""
    lower = word.lower()
    return word[1:].islower() and (lower in STOP_WORDS or lower.endswith("ly"))


# Kind words that make a proposed thing a method even when a dataset is named after them:
# "MimicGen, a system for synthesizing large-scale datasets".
_METHOD_KIND = re.compile(r"\b(?:method|framework|approach|algorithm|system|model|network|architecture|pipeline|"
                          r"technique|toolkit)s?\b", re.I)


_DATASET_HEAD = re.compile(r"(?:dataset|benchmark|corpus)s?", re.I)


def _type_of_name(name: str) -> EntityType | None:
    """A dataset by its name's head word: "NBA dataset for Sports Video Analysis"; not "Dataset
    Distillation" (its head is "Distillation") or "Adversarial Data Collection" (a process)."""
    head = re.split(r"\s+(?:for|of|on|with|in)\s+", name, maxsplit=1)[0].split()[-1:]
    return EntityType.DATASET if head and _DATASET_HEAD.fullmatch(head[0]) else None


def _type_after(text: str, pos: int) -> EntityType:
    """Proposed things are methods unless the words right after call them a dataset or metric."""
    window = text[pos: pos + 80]
    for pattern, entity_type in _KIND_TO_TYPE:
        match = pattern.search(window)
        # a kind word right before the dataset word modifies it: "A Big CAD Model Dataset"
        before = re.sub(r"[\w-]+\s*$", "", window[: match.start()]) if match else ""
        if match and not _METHOD_KIND.search(before):
            return entity_type
    return EntityType.METHOD


def find_proposals(sentence: str, *, offset: int = 0) -> list[Found]:
    """Named contributions stated in one sentence ("we propose X", "called X", "X, a novel ...")."""
    found: list[Found] = []
    families = [("named", _NAMED), ("named", _NAMED_LOWER), ("we-call", _WE_CALL), ("we-call", _WE_CALL_THIS), ("quoted", _QUOTED), ("quoted", _NEW_KIND_QUOTED),
                ("we-propose", _PROPOSE_NAME), ("we-propose-abbrev", _PROPOSE_ABBREV), ("kind-apposition", _KIND_APPOSITION), ("apposition", _APPOSITION),
                ("our-kind", _OUR_KIND), ("novel-name", _NOVEL_NAME), ("we-propose-lower", _PROPOSE_LOWER),
                ("passive", _PASSIVE)]
    for family, pattern in families:
        for m in pattern.finditer(sentence):
            group = "lname" if m.groupdict().get("lname") else "name"
            if m.group(group) is None:
                continue
            span = _clean_name(sentence, m.start(group), m.end(group))
            if span is None:
                continue
            sf = m.groupdict().get("sf")
            if pattern is _NAMED_LOWER and (_best_long_form(sentence[span[0]:span[1]], sf or "") != 0
                                            or not _OURS_BEFORE.search(sentence[max(0, m.start() - 80):m.start()])):
                continue  # the short form spells the whole phrase, and the thing named is ours or new
            if family in ("we-propose-lower", "passive") and group == "lname" or family == "we-propose-lower":
                if not _lower_case_name(sentence[span[0]:span[1]]):
                    continue
            if family == "passive" and group == "name" and not _distinctive(sentence[span[0]:span[1]]):
                continue  # "Dropout is introduced in each layer": an existing method, not a new name
            if sf and not re.search(r"[A-Z]", sf) or sf and re.fullmatch(r"[ivx]+", sf):
                sf = None  # "(ii)", "(a)": an enumeration, not a short form
                if family == "we-propose-abbrev":
                    continue
            if family == "novel-name" and _modifies_next_word(sentence, span[1]):
                continue  # "a novel Transformer architecture", "a novel Block matrix-based ...": a modifier
            if family == "we-propose-abbrev":
                outer = _OUTER_SF.match(sentence, m.end())
                if outer and sf and sf.lower() in outer.group("sf").lower():
                    # "a parallel feature pyramid (FP) network (PFPNet)": the outer short form names it
                    span, sf = (outer.start("sf"), outer.end("sf")), None
                else:
                    span = _abbreviation_name(sentence, span, sf)
                if span is None:
                    continue
            if is_generic_name(sentence[span[0]:span[1]]):
                continue
            short = None
            if sf and span != (m.start("sf"), m.end("sf")):
                short = (m.start("sf") + offset, m.end("sf") + offset)
            entity_type = _type_of_name(sentence[span[0]:span[1]]) or _type_after(sentence, m.end())
            found.append(Found(span[0] + offset, span[1] + offset, entity_type, family, short))
    return _dedupe(found)


def _modifies_next_word(text: str, end: int) -> bool:
    """The name is followed by a lower-case content word ("Transformer architecture", "Block
    matrix-based ...") or is "X-based": it qualifies a phrase, it is not the name of one."""
    if text[end:end + 6] == "-based":
        return True
    nxt = re.match(r"\s+([a-z][\w-]*)", text[end:])
    return nxt is not None and nxt.group(1) not in STOP_WORDS


@lru_cache(maxsize=1)
def _generic_names() -> frozenset[str]:
    path = Path(__file__).resolve().parent / "resources" / "generic_method_names.txt"
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def is_generic_name(name: str) -> bool:
    """'convolutional neural network', 'Transformer': a family every paper uses, never a paper's own name."""
    return re.sub(r"s$", "", " ".join(name.lower().split())) in _generic_names()


_OUTER_SF = re.compile(rf"\s*(?:[a-z][\w-]*\s+){{1,3}}\(\s*(?P<sf>{_SF_TEXT})\s*\)")
_GENERIC_KIND_WORDS = {"method", "approach", "framework", "model", "technique", "algorithm", "scheme", "strategy"}


def _distinctive(name: str) -> bool:
    """A name no sentence word could be: capitals inside, digits, or several capitalised words."""
    return bool(re.search(r"[A-Z]{2}|[a-z][A-Z]|\d|-[A-Z]", name)) or len(name.split()) > 1


# Lower-case phrases after "we present/propose" that are no names.
_NOT_LOWER_NAMES = {"results", "experiments", "evidence", "analysis", "analyses", "theory", "study", "studies",
                    "first", "new", "novel", "simple", "method", "methods", "approach", "approaches", "model", "models",
                    "framework", "algorithm", "algorithms", "technique", "techniques", "findings", "work", "paper",
                    "bounds", "bound", "insights", "conditions", "experiment", "comparison", "comparisons", "data",
                    "extensive", "empirical", "theoretical", "several", "two", "three", "various", "some", "an", "a"}


def _lower_case_name(name: str) -> bool:
    """'weight normalization', 'k-sparse autoencoder', 'mixup': a lower-case name, not 'empirical results'."""
    words = name.lower().split()
    if not words or any(w in _NOT_LOWER_NAMES or w in STOP_WORDS for w in words):
        return False
    return len(words) > 1 or "-" in name or any(c.isdigit() for c in name) or len(name) >= 4


def _abbreviation_name(text: str, span: tuple[int, int], short: str | None) -> tuple[int, int] | None:
    """The long form of "long form (SF)" inside a matched phrase.

    Schwartz & Hearst decides where it starts; when it does not fit, the phrase from its first
    capitalised word ("a novel joint Spatial and Temporal Attention Pooling Network (ASTPN)"); a
    long form holding a short form of its own ("a parallel feature pyramid (FP) network (PFPNet)")
    gives way to its short form."""
    if not short:
        return None
    name = text[span[0]:span[1]]
    if "(" in name:
        sf_start = text.index(short, span[1])
        return sf_start, sf_start + len(short)
    start = _best_long_form(name, short)
    if start is not None:
        words = name.split()
        if len(words) > 2 and words[-1].lower() in _GENERIC_KIND_WORDS:
            shorter = name[: name.rstrip().rfind(" ")].rstrip()
            if _best_long_form(shorter, short) == start:   # "Fast ... Network method (Fast R-CNN)"
                return span[0] + start, span[0] + len(shorter)
        return span[0] + start, span[1]
    capital = re.search(r"(?<![\w-])[A-Z]", name)
    if capital is None:
        return None
    return span[0] + capital.start(), span[1]


# Single words before a title's colon that name a topic or a genre, not a contribution.
_TOPIC_PREFIXES = {"survey", "review", "overview", "tutorial", "introduction", "perspective", "perspectives",
                   "position", "opinion", "commentary", "erratum", "correction", "retraction", "keynote", "abstract",
                   "learning", "attention", "transformers", "benchmarking", "generalization", "robustness",
                   "interpretability", "explainability", "fairness", "privacy", "security", "causality", "reasoning"}


def find_title_name(title: str, abstract: str = "") -> Found | None:
    """'OptMATH: A Scalable ... Framework' names the proposed thing before the colon.

    A single word before the colon is the paper's name for its contribution even when it is
    a common word ("Mamba:", "Zoneout:", "mixup:"), unless it names a topic ("Survey:",
    "Robustness:"). Several words need a distinctive token, or must read as a name
    (`_plain_title_name`): "Deep Learning: ..." is a topic, "Policy Stitching: ..." a name."""
    m = _TITLE_NAME.match(title) or _TITLE_LOWER_NAME.match(title)
    if not m:
        return None
    span = _clean_name(title, m.start("name"), m.end("name"))
    if span is None:
        return None
    name = title[span[0]:span[1]]
    distinctive = re.search(r"[A-Z]{2}|[a-z][A-Z]|\d|-[A-Z]", name)
    single_word = " " not in name and name.lower() not in _TOPIC_PREFIXES and name.lower() not in STOP_WORDS
    if distinctive or single_word:
        return Found(span[0], span[1], _type_after(title, m.end()), "title")
    if " " in name and _plain_title_name(name, abstract):
        return Found(span[0], span[1], _type_after(title, m.end()), "title-plain")
    return None


def _plain_title_name(name: str, abstract: str) -> bool:
    """Capitalised words before a title's colon with no distinctive token name the paper's own
    contribution when the abstract writes them again with the same capitals ("Policy Stitching:",
    "Kalman Normalization:"): running text capitalises a coined name, not a topic ("Online
    Learning:", "Video Question Answering: A Survey", written in lower case) or a slogan
    ("Keep Your Distance:", never written again). 36 of 37 such names were the paper's own on a
    judged sample of the paperlists corpus (docs/extraction.md)."""
    first = name.split()[0].lower()
    if first in _NOT_TITLE_STARTS or first in STOP_WORDS - {"the"}:
        return False
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", abstract) is not None


# Title heads that name a kind of method: "Maxout Networks", "Fraternal Dropout", "Hybrid Task Cascade".
_METHOD_HEADS = {
    "network", "networks", "net", "nets", "attention", "dropout", "normalization", "normalisation", "coding",
    "encoder", "encoders", "autoencoder", "autoencoders", "ensemble", "ensembles", "transformer", "transformers",
    "cascade", "search", "pooling", "convolution", "convolutions", "loss", "softmax", "machine", "machines",
    "memory", "layer", "layers", "unit", "units", "block", "blocks", "module", "regularization", "optimizer",
    "descent", "smoothing", "augmentation", "distillation", "embedding", "embeddings", "sampler", "q-learning",
    "gan", "gans", "rnn", "rnns", "lstm", "lstms", "flow", "flows", "cache", "hashing", "propagation", "policy",
    "fields", "sets", "models", "model", "learning", "tuning", "prompting", "decoding", "pruning", "quantization",
    "initialization", "activation", "activations", "regularizer", "estimator", "graph", "graphs", "architecture",
    "architectures", "parameterization", "parametrization", "vectors",
}
_TITLE_BOUNDARY = re.compile(r"\s+(?:for|with|via|using|in|on|of|by|from|to|towards|through|without|and|as|at|under|"
                             r"is|are|meets|beyond|against|vs\.?)\s+|\s*[:,?!—–]\s*|\s+-\s+", re.I)
_NOT_TITLE_STARTS = {"on", "towards", "toward", "improved", "rethinking", "revisiting", "understanding", "why", "how",
                     "what", "which", "when", "where", "is", "are", "do", "does", "can", "should", "beyond", "learning",
                     "deep", "efficient", "better", "simple", "large-scale", "scalable", "fast", "faster", "robust",
                     "improving", "exploring", "making", "training", "analyzing", "evaluating", "measuring", "unifying"}


def clean_title(title: str) -> str:
    """LaTeX macros standing for a name become the name: '\\manifoldmixup{}' -> 'manifoldmixup'."""
    return re.sub(r"\\([A-Za-z]+)\{\}", r"\1", title)


def find_title_phrases(title: str) -> list[Found]:
    """The title's opening noun phrase (`find_title_phrase`) and the one after "via / using"
    ("Certified Adversarial Robustness via Randomized Smoothing"), when each reads as a method's
    name. Not after "with": "Parameter-Efficient Group with Orthogonal Regularization" is one name."""
    found = [f for f in [find_title_phrase(title)] if f is not None]
    for m in re.finditer(r"\s(?:via|using)\s+(?:(?:a|an|the)\s+)?", title, re.I):
        tail = find_title_phrase(title[m.end():])
        if tail is not None:
            found.append(Found(tail.start + m.end(), tail.end + m.end(), tail.type, "title-phrase"))
    return found


def find_title_phrase(title: str) -> Found | None:
    """The noun phrase a title opens with, when it reads as a method's name: "Maxout Networks",
    "Hybrid Task Cascade for Instance Segmentation", "A Partition Filter Network for ...".
    Capitalised words ending in a method head (network, dropout, attention, loss, ...) or holding
    a distinctive token ("Mask Scoring R-CNN"); not a topic ("Learning to ...", "On the ...")."""
    start = 0
    article = re.match(r"(?:A|An|The)\s+", title)
    if article:
        start = article.end()
    boundary = _TITLE_BOUNDARY.search(title, start)
    end = boundary.start() if boundary else len(title.rstrip(". "))
    phrase = title[start:end]
    words = phrase.split()
    first = words[0].lower() if words else ""
    whole = boundary is None and start == 0
    # "Deep Sets": a whole title of a few words may start with a word that usually opens a topic
    if whole and first == "deep" and 2 <= len(words) <= 3:
        first = ""
    if not 1 <= len(words) <= 5 or first in _NOT_TITLE_STARTS or first.endswith(("ing", "supervised", "-based")) \
            or first in STOP_WORDS:
        return None
    # sentence-case titles write names in lower case: "Adaptive dropout for training deep neural networks"
    sentence_case = not any(w[0].isupper() for w in title[end:].split() if not _is_acronym_word(w))
    if not all(w[0].isupper() or w[0].isdigit() or sentence_case and i > 0 and w[0].islower()
               for i, w in enumerate(words)):
        return None
    # the last part of a hyphenated head: "Model-Agnostic Meta-Learning"
    head = words[-1].lower().rsplit("-", 1)[-1] if "-" in words[-1][1:] else words[-1].lower()
    if head not in _METHOD_HEADS and not re.search(r"[A-Z]{2}|[a-z][A-Z]|\d", phrase):
        return None
    if len(words) == 1 and head in _METHOD_HEADS:
        return None  # "Transformers", "Attention": a topic; "HyperNetworks" passes as distinctive
    return Found(start, end, _type_after(title, end), "title-phrase")


def _is_acronym_word(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 or any(c.isdigit() for c in word)


def _dedupe(found: list[Found]) -> list[Found]:
    """Keep the longest of overlapping finds."""
    kept: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


# ---------------------------------------------------------------- abbreviations


def _abbreviation_matches(long_form: str, short: str | None) -> bool:
    if not short:
        return False
    return _best_long_form(long_form, short) is not None


def _trim_to_abbreviation(text: str, span: tuple[int, int], short: str) -> tuple[int, int]:
    start = _best_long_form(text[span[0]:span[1]], short)
    return (span[0] + start, span[1]) if start is not None else span


def _best_long_form(candidate: str, short: str) -> int | None:
    """Schwartz & Hearst (2003): offset in `candidate` where the long form of `short` starts.

    Characters of the short form are matched right to left inside the candidate; the
    first one must start a word. Returns None when the short form does not fit.
    """
    s_chars = [c.lower() for c in short if c.isalnum()]
    if not s_chars:
        return None
    s_i, l_i = len(s_chars) - 1, len(candidate) - 1
    while s_i >= 0:
        c = s_chars[s_i]
        while l_i >= 0 and (
            candidate[l_i].lower() != c
            or (s_i == 0 and l_i > 0 and candidate[l_i - 1].isalnum())
        ):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    start = l_i + 1
    # Start at the beginning of that word.
    while start > 0 and candidate[start - 1].isalnum():
        start -= 1
    return start


_PAREN = re.compile(r"\(\s*(?P<sf>[A-Za-z][\w\-+.]{0,14}?)s?\s*\)")
# "DARAG (Data- and Retrieval-Augmented Generative Error Correction)": short form first
_REVERSED = re.compile(r"(?P<sf>\b[A-Za-z][\w\-+]{1,14})\s*\((?P<long>[A-Za-z][^()]{6,120})\)")


def find_abbreviations(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs ((long_start, long_end), (short_start, short_end)) for 'long form (SF)'."""
    pairs = []
    for m in _PAREN.finditer(text):
        short = m.group("sf")
        letters = [c for c in short if c.isalpha()]
        if not letters or not any(c.isupper() for c in short) or len(short) < 2:
            continue
        before = text[: m.start()].rstrip()
        words = list(re.finditer(r"[\w\-’']+", before))
        max_words = min(len(short) + 5, len(short) * 2)
        window = words[-max_words:] if words else []
        if not window:
            continue
        window_start = window[0].start()
        # Stop at clause punctuation: a long form does not cross a comma or full stop.
        cut = max(before.rfind(p, window_start) for p in (",", ".", ";", ":", "("))
        window_start = max(window_start, cut + 1)
        candidate = before[window_start:]
        start = _best_long_form(candidate, short)
        if start is None:
            continue
        long_start = window_start + start
        long_text = before[long_start:]
        if len(long_text) <= len(short) or len(long_text.split()) > max_words:
            continue
        pairs.append(((long_start, len(before)), (m.start("sf"), m.start("sf") + len(short))))
    for m in _REVERSED.finditer(text):
        short, long = m.group("sf"), m.group("long").rstrip()
        if sum(c.isupper() for c in short) < 2 or len(long.split()) < 2:
            continue
        if _best_long_form(long, short) == 0:
            pairs.append(((m.start("long"), m.start("long") + len(long)), (m.start("sf"), m.end("sf"))))
    return pairs
