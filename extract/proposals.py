"""Which named things in an abstract does the paper propose? A learned decision over candidates.

Every Method/Model/Concept mention of the merged entities is a candidate; mentions with the
same key are one candidate. `candidate_features` describes each with cue features (words
that announce a contribution near a mention, the title, a defined acronym, position,
comparison words); `ProposalScorer` is a logistic regression over them whose weights ship in
`extract/resources/proposal_weights.json`, trained on silver labels by
`evaluation/train_proposals.py` (figures in docs/extraction.md, "Proposed methods").
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from claimgraph.schema import EntityType
from claimgraph.schema.keys import normalize_key

WEIGHTS = Path(__file__).resolve().parent / "resources" / "proposal_weights.json"

_CANDIDATE_TYPES = {EntityType.METHOD.value, EntityType.MODEL.value, EntityType.CONCEPT.value}
_WE = {"we", "paper", "work", "study", "article", "letter"}
_PROPOSE_VERBS = {"propose", "introduce", "present", "develop", "design", "devise", "call", "term", "name",
                  "dub", "coin", "build", "construct", "formulate", "create"}
_NAME_CUES = {"called", "named", "termed", "dubbed", "coined", "namely", "denoted"}
_NOVEL = {"novel", "new", "proposed", "our"}
_PASSIVE = {"proposed", "introduced", "presented", "developed", "devised"}
_COMPARE = {"than", "outperform", "outperforms", "outperforming", "compared", "comparison", "baseline", "baselines",
            "such", "e.g.", "like", "existing", "previous", "prior", "standard", "popular", "conventional", "vs",
            "versus", "over", "including", "traditional", "classical", "original", "vanilla", "state-of-the-art"}
_USE = {"use", "uses", "using", "used", "apply", "applying", "adopt", "adopting", "employ", "employing", "based",
        "via", "with", "leverage", "leveraging", "train", "training", "fine-tune", "fine-tuning"}

FEATURES = [
    "pattern", "we_verb", "name_cue", "our", "novel", "passive_after", "appos_after", "in_title", "title_start",
    "acronym", "distinctive", "early", "count", "compare", "use", "is_model", "is_concept", "lower_case", "known",
]
_RESOURCES = Path(__file__).resolve().parent / "resources"


@lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    """Keys of the well-known names in the hand-curated lists and the acronym table (Dropout, CLIP,
    DNN, ICL, LoRA): what every paper uses. Not the PwC-derived lists, which also hold each
    paper's own new method."""
    from claimgraph.extract.name_lists import read_acronyms, read_name_list

    names: set[str] = set()
    for path in sorted(_RESOURCES.glob("curated_*.tsv")):
        for entry in read_name_list(path):
            names.update(normalize_key(n) for n in (entry.name, *entry.aliases))
    for short, readings in read_acronyms(_RESOURCES / "acronyms.tsv").items():
        names.add(normalize_key(short))
        names.update(normalize_key(r.long) for r in readings)
    return frozenset(n for n in names if n)


@dataclass
class Candidate:
    key: str
    name: str
    type: EntityType
    features: dict[str, float] = field(default_factory=dict)


def _fold(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _window(span: Span, before: int, after: int) -> tuple[list[str], list[str]]:
    sent = span.sent
    left = [t.lower_ for t in span.doc[max(sent.start, span.start - before):span.start]]
    right = [t.lower_ for t in span.doc[span.end:min(sent.end, span.end + after)]]
    return left, right


def _mention_features(span: Span) -> dict[str, float]:
    sent = span.sent
    left, right = _window(span, 6, 4)
    # "we propose ... X": a proposing verb at most 10 words before the mention, in the same
    # clause, with "we" / "this paper" before it
    we_verb = False
    for t in span.doc[max(sent.start, span.start - 10):span.start]:
        if t.lemma_.lower() in _PROPOSE_VERBS and t.pos_ == "VERB":
            clause = span.doc[t.i:span.start]
            subject = {w.lower_ for w in span.doc[max(sent.start, t.i - 4):t.i]}
            if subject & _WE and not any(w.text in {";", "."} or w.lower_ in {"which", "that", "than"} for w in clause):
                we_verb = True
    cue = left[-3:]
    named = bool(set(cue) & _NAME_CUES) or cue[-2:] in (["to", "as"], ["named", "as"], ["termed", "as"])
    return {
        "we_verb": float(we_verb),
        "name_cue": float(named and not {"such", "well", "known"} & set(cue)),
        "our": float("our" in left[-4:]),
        "novel": float(bool(set(left[-4:]) & _NOVEL)),
        "passive_after": float(len(right) >= 2 and right[0] in {"is", "are"} and bool(set(right[1:3]) & _PASSIVE)),
        "appos_after": float(len(right) >= 2 and right[0] in {",", ":"} and right[1] in {"a", "an"}),
        "compare": float(bool(set(left) & _COMPARE)),
        "use": float(bool(set(left[-3:]) & _USE)),
    }


def candidate_features(doc: Doc, title: str) -> list[Candidate]:
    """One candidate per key of the Method/Model/Concept mentions in `cg_entities`, with its features."""
    proposed = [(s.start, s.end) for s in doc.spans.get("cg_proposed", [])]
    short_forms = {s.kb_id_ for s in doc.spans.get("cg_abbrev", []) if s.kb_id_}
    long_keys = {normalize_key(s.text) for s in doc.spans.get("cg_abbrev", [])}
    sents = list(doc.sents)
    sent_index = {s.start: i for i, s in enumerate(sents)}
    folded_title = _fold(title)
    title_start = _fold(re.split(r"[:—–]|\s(?:for|with|via|using|in|on|of)\s", title, maxsplit=1)[0])
    grouped: dict[str, Candidate] = {}
    for span in doc.spans.get("cg_entities", []):
        if span.label_ not in _CANDIDATE_TYPES:
            continue
        key = normalize_key(span.kb_id_ or span.text)
        if not key:
            continue
        cand = grouped.get(key)
        if cand is None:
            name = span.kb_id_ or span.text
            folded = _fold(name)
            folded_text = _fold(span.text)
            cand = grouped[key] = Candidate(key, name, EntityType(span.label_), {f: 0.0 for f in FEATURES})
            in_title = any(len(f) >= 4 and f in folded_title or f and re.search(rf"\b{re.escape(t)}\b", title, re.I)
                           for f, t in ((folded, name), (folded_text, span.text)))
            cand.features.update({
                "in_title": float(bool(in_title)),
                "title_start": float(bool(folded) and (folded == title_start or folded_text == title_start)),
                "acronym": float(span.text in short_forms or key in long_keys or normalize_key(span.text) in long_keys),
                "distinctive": float(bool(re.search(r"[A-Z]{2}|[a-z][A-Z]|\d", span.text))),
                "is_model": float(span.label_ == EntityType.MODEL.value),
                "is_concept": float(span.label_ == EntityType.CONCEPT.value),
                "lower_case": float(span.text[:1].islower()),
                "early": 1.0 - sent_index.get(span.sent.start, 0) / max(1, len(sents)),
                "known": float(key in known_names() or normalize_key(span.text) in known_names()),
            })
        f = cand.features
        f["count"] += 1
        if any(s < span.end and span.start < e for s, e in proposed):
            f["pattern"] = 1.0
        for name, value in _mention_features(span).items():
            if name in ("compare", "use"):
                # a comparison word before every mention argues against; any clean mention undoes it
                f[name] = value if f["count"] == 1 else min(f[name], value)
            else:
                f[name] = max(f[name], value)
    for cand in grouped.values():
        cand.features["count"] = math.log1p(cand.features["count"])
    return list(grouped.values())


# ---------------------------------------------------------------- structural cues
# Dependency structures that state a contribution, whatever the words between: the object of a
# proposing verb whose subject is "we" / "this paper" (also through a coordinated verb: "we
# embrace this observation and introduce the Dense Convolutional Network (DenseNet)"), a name
# given to our / a new thing ("Our approach, called adaptive softmax", "a new model called
# maxout", "which we refer to as Part Affinity Fields"), a new thing in the passive ("A voxel
# RoI pooling is devised"), and the names listed after "namely" in a proposing sentence. The
# word families are data: extend them here, not with phrases of single abstracts.
# (not "formulate": "we formulate precipitation nowcasting as a ... problem" frames a task)
STRUCTURE_VERBS = frozenset({"propose", "introduce", "present", "develop", "design", "devise", "build", "construct",
                             "create", "define", "invent", "contribute", "establish", "release"})
_NAMING_VERBS = frozenset({"call", "name", "term", "dub", "coin", "codename", "refer", "denote", "christen"})
_PASSIVE_VERBS = frozenset({"propose", "introduce", "present", "develop", "devise", "design", "construct", "build"})
_WE_SUBJECTS = frozenset({"we"})
_WORK_NOUNS = frozenset({"paper", "work", "study", "article", "letter", "report", "thesis", "chapter"})
_NEW_WORDS = frozenset({"new", "novel", "proposed"})
_EXAMPLE_WORDS = frozenset({"e.g.", "eg", "e.g", "such", "like", "including", "i.e.", "as"})
# kind words a name can stand before ("the RFB Net detector", "the FooNet architecture")
_NAMED_KINDS = frozenset({"detector", "architecture", "framework", "model", "network", "module", "block", "layer",
                          "method", "algorithm", "approach", "system", "classifier", "tracker", "encoder", "decoder",
                          "generator", "loss", "optimizer", "estimator", "technique"})
_SURFACE_VERBS = frozenset({"propose", "present", "introduce", "develop", "design", "devise"})
_RESULT_WORDS = frozenset({"new", "novel", "proposed", "improved", "resulting", "final", "enhanced"})
# A lower-case object ending in one of these is a description, not a name: "a residual learning
# framework", "an unsupervised visual feature learning algorithm".
_KIND_HEADS = frozenset({"method", "approach", "framework", "algorithm", "model", "technique", "strategy", "scheme",
                         "pipeline", "system", "architecture", "procedure", "formulation", "solution", "paradigm",
                         "variant", "extension", "version", "family", "way", "tool", "toolkit", "methodology",
                         "mechanism", "module", "network", "design", "objective", "analysis", "study", "result",
                         "setting", "problem", "task", "benchmark", "dataset", "theory", "view", "perspective"})


# kind words that end names as often as descriptions: "dueling network", "fractal networks"
_NAME_HEADS = frozenset({"network", "networks"})


def _has_work_subject(verb: Token) -> bool:
    """'we propose', 'this paper presents', 'we embrace ... and introduce', 'we aim to develop'."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and (
                    child.lower_ in _WE_SUBJECTS or child.lemma_.lower() in _WORK_NOUNS
                    and any(d.lower_ in ("this", "our") for d in child.children)):
                return child.dep_ == "nsubj"
        # "we embrace ... and introduce X", "we aim to develop X", "we assemble ..., constructing X"
        if (verb.dep_ in ("conj", "xcomp") or verb.dep_ == "advcl" and verb.tag_ == "VBG") and verb.head.i != verb.i:
            verb = verb.head
        else:
            return False
    return False


def _proposing_verb(verb: Token) -> bool:
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in STRUCTURE_VERBS:
        return False
    if _has_work_subject(verb):
        return True
    # "by proposing X", "By introducing X, we ..."
    return verb.tag_ == "VBG" and verb.dep_ in ("pcomp", "advcl") and verb.head.lower_ in ("by", "through")


def _is_ours_or_new(noun: Token) -> bool:
    return any(c.lower_ == "our" and c.dep_ == "poss" or c.lower_ in _NEW_WORDS and c.dep_ in ("amod", "compound")
               for c in noun.children)


# Nouns whose names are no methods: what the paper names is a phenomenon, a task, a data set
# ("We refer to this phenomenon as internal covariate shift", "we construct multiple benchmark
# datasets, including real-scenario deraining", "the freely available WikiText corpus").
_NOT_METHOD_NOUNS = frozenset({"phenomenon", "problem", "issue", "effect", "property", "behavior", "behaviour",
                               "challenge", "regime", "condition", "gap", "bias", "task", "dataset", "data",
                               "benchmark", "corpus", "collection", "suite", "setting", "scenario", "application",
                               "domain", "metric", "measure", "score", "phase", "question", "hypothesis"})


_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "ROOT"})


def _climb(token: Token) -> Token:
    """From a name up to the noun it renames or is coordinated with: 'DenseNet' in 'the Dense
    Convolutional Network (DenseNet)', 'Y' in 'X and Y'. Not across a verb (a relative clause),
    nor from a lower-case phrase (in "three solutions: 1) adaptive domain generalization, ..."
    the parse of enumerations is unreliable)."""
    if not re.search(r"[A-Z\d]", token.text):
        return token
    for _ in range(4):
        head = token.head
        if token.dep_ in ("appos", "conj") and head.i != token.i and head.pos_ in ("NOUN", "PROPN", "X") \
                and not any(t.dep_ in _CLAUSES for t in token.doc[min(head.i, token.i) + 1:max(head.i, token.i)]):
            token = head
        else:
            break
    return token


def _before_kind(span: Span) -> bool:
    """The mention modifies a kind word right after it: 'the RFB Net detector'."""
    last = span[-1]
    return last.head.i == span.end and last.head.lemma_.lower() in _NAMED_KINDS and (
        last.dep_ == "compound" or last.dep_ in ("amod", "nmod") and last.text[:1].isupper())


def structural_cue(span: Span) -> str | None:
    """Which contribution structure governs the mention, if any: 'object' (of a proposing verb),
    'named' (by a naming verb, or in brackets after our kind word), 'ours', 'passive', 'namely'.
    `name_like` then decides whether the mention reads as a name."""
    if span.root.lemma_.lower() in _NOT_METHOD_NOUNS:
        return None
    if any(c.dep_ in ("compound", "amod", "nmod") and c.i < span.start and c.text[:1].isupper()
           for c in span.root.children):
        return None  # part of a longer name the mention does not cover ("Mobile DeepLabv3")
    start = span.root
    # "the RFB Net detector", "the FooNet architecture": the name stands for the kind word after it
    if _before_kind(span):
        start = span[-1].head
    noun = _climb(start)
    if noun.i != span.root.i and noun.lemma_.lower() in _NOT_METHOD_NOUNS:
        return None
    head = noun.head
    if noun.dep_ == "dobj" and _proposing_verb(head):
        return "object"
    # "we propose X, together with a network structure Y (PDC)": a second contribution
    if noun.dep_ == "pobj" and head.lower_ == "with" and head.i > 0 and \
            span.doc[head.i - 1].lower_ in ("together", "along") and _proposing_verb(head.head):
        return "object"
    # "our ASGD Weight-Dropped LSTM (AWD-LSTM) achieves ...", "Our dueling network represents ..."
    path = [span.root]
    while path[-1].i != noun.i and len(path) < 6:
        path.append(path[-1].head)
    if any(c.dep_ == "poss" and c.lower_ == "our" for t in path[:2] for c in t.children):
        return "ours"
    # "the improved model, YOLOv2, is ...", "the resulting network, FooNet": a name for our new thing
    # (not "recently proposed methods (e.g. RMSProp, ...)": prior work)
    # (nor "Improved Wasserstein GANs (WGAN-GP)": a name, not "the improved model")
    if len(path) > 1 and span.root.dep_ == "appos" and any(
            c.dep_ == "amod" and c.text in _RESULT_WORDS and not list(c.children) for c in path[1].children) \
            and any(c.dep_ == "det" and c.lower_ == "the" for c in path[1].children) \
            and not any(t.lower_ in _EXAMPLE_WORDS for t in span.doc[path[1].i:span.start]):
        return "ours"
    # "we evaluate the resulting Simple Neural Attentive Learner (SNAIL)", "the proposed FooNet"
    if any(c.dep_ == "amod" and c.text in ("resulting", "proposed") and not list(c.children) for c in noun.children) \
            and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return "ours"
    # "Our pointer sentinel-LSTM model achieves ...": the name before our model word
    kind = span[-1].head
    if span[-1].dep_ in ("compound", "amod", "nmod") and kind.i >= span.end and kind.lemma_.lower() in _KIND_HEADS and any(
            c.dep_ == "poss" and c.lower_ == "our" for c in kind.children):
        return "ours"
    # "Our approach, called X" / "a new model called X" / "we call it X" / "which we refer to as X"
    naming = None
    if noun.dep_ in ("oprd", "attr", "dobj", "npadvmod") and head.lemma_.lower() in _NAMING_VERBS:
        naming = head
    elif noun.dep_ == "pobj" and head.lower_ == "as" and head.head.lemma_.lower() in _NAMING_VERBS:
        naming = head.head
    if naming is not None:
        if any(t.lemma_.lower() in _NOT_METHOD_NOUNS for t in span.doc[naming.i:noun.i]) or \
                naming.dep_ == "acl" and naming.head.lemma_.lower() in _NOT_METHOD_NOUNS:
            return None  # "We refer to this phenomenon as internal covariate shift"
        if _has_work_subject(naming):
            return "named"
        if naming.dep_ == "acl" and naming.head.i != naming.i:
            named = naming.head
            if _is_ours_or_new(named) or named.dep_ == "dobj" and _proposing_verb(named.head):
                return "named"
    # "A voxel RoI pooling is devised to ...", "a novel triplet loss is proposed"
    if noun.dep_ == "nsubjpass" and head.lemma_.lower() in _PASSIVE_VERBS and head.tag_ == "VBN" and any(
            c.dep_ == "auxpass" and c.lower_ in ("is", "are") for c in head.children) and (
            _is_ours_or_new(noun) or any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)):
        return "passive"
    # "our self-supervised approaches (pose contrastive learning and motion disentangling)": the
    # names in brackets after our kind word (read from the words: the parse of such brackets is poor)
    sent = span.sent
    opening = next((t for t in reversed(span.doc[max(sent.start, span.start - 8):span.start]) if t.text in "()"), None)
    if opening is not None and opening.text == "(" and opening.i > sent.start:
        before = span.doc[opening.i - 1]
        our = next((t for t in reversed(span.doc[max(sent.start, opening.i - 10):opening.i - 1]) if t.lower_ == "our"),
                   None)
        lead: list[Token] = list(span.doc[our.i + 1:opening.i - 1]) if our is not None else []
        if our is not None and before.lemma_.lower() in _KIND_HEADS and not any(
                t.is_punct and t.text != "-" or t.pos_ in ("VERB", "AUX") and t.dep_ != "amod" for t in lead):
            return "named"
    # "we investigate ... and present triplet attention, a novel method for ...": read from the words
    # (the tagger takes "present" for an adjective there)
    doc = span.doc
    after = [t.lower_ for t in doc[span.end:min(sent.end, span.end + 6)]]
    lead_i = span.start - 1 if span.start > sent.start and doc[span.start - 1].lower_ == "the" else span.start
    if after[:1] == [","] and after[1:2] in (["a"], ["an"]) and set(after[2:4]) & _NEW_WORDS \
            and lead_i > sent.start and doc[lead_i - 1].lower_ in _SURFACE_VERBS \
            and any(t.lower_ == "we" for t in doc[sent.start:lead_i - 1]):
        return "object"
    # "we introduce two new modules ..., namely, deformable convolution and deformable RoI pooling"
    for t in span.doc[sent.start:span.start]:
        if t.lower_ == "namely" and span.start - t.i <= 12:
            verbs = [v for v in span.doc[sent.start:t.i] if _proposing_verb(v)]
            if verbs and not any(w.lower_ in (";", "which", "that") for w in span.doc[verbs[-1].i:span.start]):
                return "namely"
    return None


STRUCTURE_TYPES = frozenset(_CANDIDATE_TYPES | {EntityType.TASK.value})
# A Task mention whose head is one of these is a mistyped method ("a new hierarchical AP training
# method for pertinent image retrieval (HAPPIER)").
METHOD_HEADS = frozenset({"method", "approach", "framework", "algorithm", "model", "network", "architecture",
                          "technique", "scheme", "module", "layer", "block", "loss", "estimator", "optimizer"})


def is_known(key: str, text: str) -> bool:
    """A well-known name (Dropout, CLIP): never a paper's own."""
    return key in known_names() or normalize_key(text) in known_names()


def name_like(span: Span, cue: str, title: str = "") -> bool:
    """Does the mention read as a name rather than a description? Capitals or digits ("Dense
    Convolutional Network", "RoI pooling", "k-NN"), or a lower-case phrase that ends in no kind
    word and is not introduced by "a/an" ("non-local operations", "the weight-dropped LSTM");
    after a naming verb any lower-case name ("called maxout")."""
    # the head and the words before it: "generalization of the Cauchy/Lorentzian" is lower case
    cut = next((t.i for t in span if t.i > span.root.i and t.dep_ == "prep"), span.end)
    text = span.doc[span.start:cut].text
    if re.search(r"[A-Z\d]", text):
        return True
    words = text.split()
    if cue in ("named", "namely"):
        return words[-1].lower().rstrip("s") not in _KIND_HEADS and words[-1].lower() not in _KIND_HEADS
    heads = [span.root, span[-1].head] if _before_kind(span) or span[-1].dep_ == "compound" else [span.root]
    if any(c.dep_ == "det" and c.lower_ in ("a", "an") for h in heads for c in h.children):
        return False  # "a residual learning framework", "an orthogonal regularization loss"
    # a lower-case object of "we introduce" is a name when the title writes its modifiers too ("we
    # present non-local operations" under "Non-Local Neural Networks"), else a description ("we
    # introduce retrieval-augmented correction by ...")
    if words[-1].lower() not in _NAME_HEADS and (words[-1].lower().rstrip("s") in _KIND_HEADS
                                                  or words[-1].lower() in _KIND_HEADS):
        return False  # "normalization technique", "non-parametric model"
    modifiers = _fold(" ".join(words[:-1]) if len(words) > 1 else text)
    return (len(words) > 1 or "-" in text) and len(modifiers) >= 4 and modifiers in _fold(title)


# Title verbs whose object is prior work the paper builds on, not its own method:
# "Improving Generative Error Correction for ASR ..." proposes something for GEC.
_TITLE_IMPROVES = re.compile(r"\b(?:improving|enhancing|boosting|rethinking|revisiting|understanding|analy[sz]ing|"
                             r"explaining|evaluating|benchmarking|scaling|accelerating|robustifying|towards?"
                             r"(?: (?:better|robust|efficient|faster|stable|reliable))?)\s+(?:the\s+)?", re.I)


def improved_in_title(title: str, name: str) -> bool:
    """Is `name` what the title says the paper improves or studies ("Improving <name> ...")?"""
    folded = _fold(name)
    return bool(folded) and any(_fold(title[m.end():]).startswith(folded) for m in _TITLE_IMPROVES.finditer(title))


@dataclass(frozen=True)
class ProposalScorer:
    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-z))

    def proposed(self, features: dict[str, float]) -> bool:
        return self.score(features) >= self.threshold


@lru_cache(maxsize=1)
def shipped_scorer() -> ProposalScorer | None:
    """The shipped weights, or None when none are shipped."""
    if not WEIGHTS.exists():
        return None
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return ProposalScorer(weights=data["weights"], bias=data["bias"], threshold=data["threshold"])
