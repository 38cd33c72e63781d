"""ClaimGraph's spaCy components. Registered here, assembled once in `extract.pipeline`.

Span groups written on each Doc:
  cg_proposed   named contributions (label = EntityType), from `extract.patterns`
  cg_abbrev     long forms of "long form (SF)" pairs; `span.kb_id_` holds the short form
  cg_entities   the merged, non-overlapping entity mentions the rest of ClaimGraph uses:
                `label_` = EntityType value, `kb_id_` = canonical display name,
                `id_` = the group it came from (its extractor)
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimgraph.extract.entity_typing import (
    LEADING_VAGUE_WORDS,
    STRONG_TASK_HEADS,
    is_generic_topic,
    is_task_words_phrase,
    task_name,
    type_from_head,
)
from claimgraph.extract.hygiene import (
    broken_brackets,
    checked_type,
    concept_junk_reason,
    glued_to_a_word,
    in_dataset_context,
    inside_word,
    junk_reason,
    plain_kind_of_technique,
    split_coordination,
    without_dimensions,
)
from claimgraph.extract.patterns import find_abbreviations, find_proposals
from claimgraph.extract.recogniser import SCIERC_TO_TYPE, looks_like_dataset, names_no_data
from claimgraph.schema import EntityType
from claimgraph.schema.keys import is_acronym, normalize_key

# Precedence when spans overlap: a named contribution beats a list match beats the model.
_PRIORITY = {"cg_proposed": 3, "cg_abbrev": 2, "cg_gazetteer": 2, "cg_scierc": 1}

def _span(doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span | None:
    span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
    return span if span is not None and span.text.strip() else None


@Language.factory("cg_patterns")
def make_patterns(nlp: Language, name: str):
    return PatternsComponent()


class PatternsComponent:
    """Proposed-method statements and abbreviation pairs, per sentence."""

    def __call__(self, doc: Doc) -> Doc:
        proposed, abbrevs = [], []
        for sent in doc.sents:
            for found in find_proposals(sent.text, offset=sent.start_char):
                span = _span(doc, found.start, found.end, found.type.value)
                if span is not None:
                    proposed.append(span)
                if found.short and span is not None:
                    short = doc.text[found.short[0]:found.short[1]]
                    long_span = _span(doc, found.start, found.end, found.type.value, short)
                    abbrevs.append(long_span)
        for (ls, le), (ss, se) in find_abbreviations(doc.text):
            span = _span(doc, ls, le, "", doc.text[ss:se])
            if span is not None:
                abbrevs.append(span)
        doc.spans["cg_proposed"] = filter_spans(proposed)
        doc.spans["cg_abbrev"] = [s for s in abbrevs if s is not None]
        return doc


@Language.factory("cg_entities")
def make_entities(nlp: Language, name: str):
    return EntitiesComponent()


class EntitiesComponent:
    """Merge every source of mentions into `cg_entities`, and spread abbreviations.

    A short form defined in the paper ("Robust Fine-Tuning (RFT)") takes the type and
    canonical name of its long form wherever it appears later in the abstract.
    """

    def __call__(self, doc: Doc) -> Doc:
        candidates: list[tuple[int, Span]] = []
        for group, priority in _PRIORITY.items():
            for span in _pieces(doc.spans.get(group, []), group):
                label = span.label_
                if group == "cg_scierc":
                    mapped = _scierc_type(span)
                    if mapped is None:
                        continue
                    label = mapped.value
                if group == "cg_abbrev":
                    continue  # typed below, from what overlaps it
                if group == "cg_gazetteer" and label == EntityType.TASK.value:
                    span = _with_setting_modifier(span)
                canonical = span.kb_id_ or span.text
                if label == EntityType.TASK.value and group == "cg_scierc":
                    canonical = task_name(canonical) or canonical
                if label == EntityType.TASK.value and is_generic_topic(canonical):
                    label = EntityType.CONCEPT.value
                candidates.append((priority, Span(doc, span.start, span.end, label=label, kb_id=canonical, span_id=group)))

        short_forms: dict[str, Span] = {}
        # A short form already typed by a pattern or list ("we propose DARAG (…)") gives its
        # type to the long form; one typed only by the learned recogniser gives way to a list
        # name the long form ends with ("in-context reinforcement learning (ICRL)").
        typed_texts = {span.text: (priority, EntityType(span.label_)) for priority, span in _by_votes(candidates)}
        listed = {span.text: span.kb_id_ for span in doc.spans.get("cg_gazetteer", [])}
        for long_span in doc.spans.get("cg_abbrev", []):
            short = long_span.kb_id_
            if short in listed:
                if _same_reading(long_span.text, listed[short]) or any(
                        c.id_ == "cg_gazetteer" and c.kb_id_ == listed[short]
                        and (c.start, c.end) == (long_span.start, long_span.end) for _, c in candidates):
                    continue  # the name lists already know this short form and its canonical name
                # The paper defines it otherwise ("out-of-domain (OOD)", not the list's
                # out-of-distribution generalization): its own definition decides.
                candidates = [c for c in candidates if not (c[1].id_ == "cg_gazetteer" and c[1].text == short)]
                typed = _type_of_long_form(long_span, candidates)
            else:
                priority, typed = typed_texts.get(short, (0, None))
                if priority < 2:
                    typed = _type_of_long_form(long_span, candidates, min_priority=2) or typed
                typed = typed or _type_of_long_form(long_span, candidates)
            if typed is None:
                continue
            if typed is EntityType.DATASET and not (looks_like_dataset(long_span.text) and _looks_like_name(long_span.text)):
                typed = EntityType.CONCEPT   # "received signal strength (RSS)": the long form names no dataset
            entity = Span(doc, long_span.start, long_span.end, label=typed.value,
                          kb_id=_canonical(long_span, candidates), span_id="cg_abbrev")
            candidates.append((2, entity))
            short_forms[long_span.kb_id_] = entity

        # The paper's own definition names the whole long form: a list or recogniser match on its
        # tail that runs into the definition ("Fine-Tuning (RFT)" inside "Robust Fine-Tuning (RFT)")
        # gives way to it.
        candidates = [(priority, span) for priority, span in candidates if span.id_ == "cg_abbrev" or not any(
            long.start < span.start < long.end <= span.end for long in short_forms.values())]
        # Every mention of a defined short form, including ones other sources typed, is its long form.
        for i, (priority, span) in enumerate(candidates):
            long_form = short_forms.get(span.text)
            if long_form is not None and span.id_ != "cg_abbrev":
                candidates[i] = (priority, Span(doc, span.start, span.end, label=long_form.label_,
                                                kb_id=long_form.kb_id_, span_id=span.id_))
        for token in doc:
            defined = short_forms.get(token.text) or short_forms.get(token.text.rstrip("s"))
            if defined is not None and not (defined.start <= token.i < defined.end):
                candidates.append((2, Span(doc, token.i, token.i + 1, label=defined.label_, kb_id=defined.kb_id_,
                                           span_id="cg_abbrev")))

        candidates = [(priority, clean) for priority, span in candidates
                      if (clean := _hygienic(span)) is not None]
        doc.spans["cg_entities"] = _resolve_overlaps(candidates)
        return doc


def _pieces(spans, group: str):
    """A learned-recogniser span trimmed to a name, cut at coordination ("Kinetics and Charades
    datasets" -> "Kinetics", "Charades", both Material); other groups' spans as they are."""
    for span in spans:
        if group != "cg_scierc":
            yield span
            continue
        whole = _trim_span(_whole_words(span))
        whole = _without_clause(whole) if whole is not None else None
        if whole is None:
            continue
        parts, shared_head = split_coordination(whole)
        for piece in parts:
            trimmed = _trim_span(piece) if piece is not whole else piece
            if trimmed is None:
                continue
            part = trimmed
            if whole.label_ == "Material" and looks_like_dataset(shared_head) and part.text[:1].isupper() \
                    and not names_no_data(part.text):   # not "Chinese", "RGB"
                part = Span(part.doc, part.start, part.end, label=EntityType.DATASET.value)  # "Charades (datasets)"
            elif shared_head and normalize_key(shared_head) in ("task", "problem"):
                part = Span(part.doc, part.start, part.end, label="Task")   # "CV and NLP tasks"
            yield part


# Lists and the paper's own named contributions are names already; the rest must show it.
_TRUSTED = {"cg_gazetteer", "cg_proposed"}


def _hygienic(span: Span) -> Span | None:
    """The span with a type a name of its kind can have, or None when it is no entity."""
    if span.id_ not in _TRUSTED and junk_reason(span) is not None or broken_brackets(span.text):
        return None
    if span.id_ == "cg_scierc" and span.kb_id_ and span.kb_id_ != span.text:
        # The canonical name cut from the phrase must be a name too: not "synthetic" of "synthetic problems".
        at = span.text.find(span.kb_id_)
        inner = span.doc.char_span(span.start_char + at, span.start_char + at + len(span.kb_id_)) if at >= 0 else None
        if inner is not None and junk_reason(inner, phrase=span) is not None:
            return None
    if span.id_ == "cg_gazetteer" and span.label_ == EntityType.DATASET.value and glued_to_a_word(span):
        return None   # a listed name as part of a compound: "BSD/LGPLv2.1 license", "Bio-inspiration"
    if inside_word(span) and not (span.id_ == "cg_gazetteer" and span.label_ == EntityType.TASK.value):
        return None   # "cross attention module" of "criss-cross attention module" (tasks: _with_setting_modifier)
    typed = checked_type(span.kb_id_ or span.text, EntityType(span.label_), listed=span.id_ in _TRUSTED)
    if span.id_ == "cg_scierc" and span.label_ in (EntityType.METHOD.value, EntityType.MODEL.value) \
            and plain_kind_of_technique(span.kb_id_ or span.text) and all(t.pos_ == "NOUN" for t in span):
        return None   # "attack algorithm", "sum method": no Method, and no Concept either ("greedy algorithm" is one)
    if span.id_ == "cg_scierc" and span.label_ == EntityType.CONCEPT.value \
            and not is_generic_topic(span.text) and concept_junk_reason(span):
        return None   # a field or bare task head ("generalization", "robustness") stays: claims are about them
    if typed.value == span.label_:
        return span
    return Span(span.doc, span.start, span.end, label=typed.value, kb_id=span.kb_id_, span_id=span.id_)


def _same_reading(long_form: str, canonical: str) -> bool:
    """A paper's long form agrees with a list's canonical name: equal, or one starts the other
    ("out-of-distribution" / "out-of-distribution generalization")."""
    a, b = normalize_key(long_form), normalize_key(canonical)
    return a == b or b.startswith(a + " ") or a.startswith(b + " ")


def _by_votes(candidates: list[tuple[int, Span]]) -> list[tuple[int, Span]]:
    """Candidates ordered so that, per text, the last one has the highest priority and,
    among equals, the type given most often."""
    votes: dict[tuple[str, str], int] = {}
    for _, span in candidates:
        votes[(span.text, span.label_)] = votes.get((span.text, span.label_), 0) + 1
    return sorted(candidates, key=lambda c: (c[0], votes[(c[1].text, c[1].label_)]))


def _whole_words(span: Span) -> Span:
    """Widen a span that starts or ends inside a hyphenated word to the whole word.

    The learned recogniser tags spaCy tokens, and spaCy splits "in-distribution" into
    "in", "-", "distribution": "-distribution generalization" becomes
    "in-distribution generalization", "supervised classification" inside
    "semi-supervised classification" becomes the whole word."""
    doc = span.doc
    start, end = span.start, span.end
    while start > 0 and not doc[start - 1].whitespace_ and (doc[start].text == "-" or doc[start - 1].text == "-"):
        start -= 1
    while end < len(doc) and not doc[end - 1].whitespace_ and (doc[end - 1].text == "-" or doc[end].text == "-"):
        end += 1
    return span if (start, end) == (span.start, span.end) else Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


# Hyphenated modifiers that do not make a task a setting of its own.
_VAGUE_COMPOUNDS = {"large-scale", "real-world", "state-of-the-art", "well-known", "so-called", "long-standing",
                    "high-quality", "well-studied", "widely-used", "commonly-used", "open-ended", "end-to-end",
                    "small-scale", "high-level", "low-level", "non-trivial", "data-driven"}


def _with_setting_modifier(span: Span) -> Span:
    """A listed task with a hyphenated modifier names a setting of its own: "data-free domain
    generalization", "multi-domain generalization", "in-distribution generalization"."""
    doc = span.doc
    start = span.start
    if start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_:
        start -= 2  # the list matched inside a hyphenated word: "multi-domain generalization"
    elif start >= 3 and doc[start - 1].whitespace_ and doc[start - 2].text == "-" \
            and not doc[start - 3].whitespace_ and not doc[start - 2].whitespace_ and doc[start - 1].is_alpha:
        start -= 3  # "data-free domain generalization"
    else:
        return span
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_:
        start -= 2  # "out-of-domain"
    words = doc[start:span.start].text.lower()
    if not doc[start].is_alpha or words.strip() in _VAGUE_COMPOUNDS or doc[start].lower_ in LEADING_VAGUE_WORDS:
        return span
    return Span(doc, start, span.end, label=span.label_, kb_id=doc[start:span.end].text)


def _glued(token) -> bool:
    """The token is the first part of a hyphenated word ("in" of "in-distribution")."""
    return not token.whitespace_ and token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == "-"


_TRIM_POS = {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "PUNCT", "PART", "AUX", "VERB"}


def _trim_span(span: Span) -> Span | None:
    """Drop leading words no name starts with: determiners, verbs ("analyzing score
    estimation"), vague adjectives ("challenging"); and trailing punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end - 1 and (doc[start].pos_ in _TRIM_POS or doc[start].lower_ in LEADING_VAGUE_WORDS) \
            and not _glued(doc[start]) and doc[start].text != "-" \
            and not (not doc[start].whitespace_ and doc[start + 1].text in {"*", "+"}):  # "A* search"
        start += 1  # never inside a hyphenated word: "in-distribution" keeps its "in"
    while end > start + 1 and doc[end - 1].pos_ in {"PUNCT", "ADP", "CCONJ", "DET"} and doc[end - 1].text not in ")]":
        end -= 1
    if (start, end) == (span.start, span.end):
        return span
    trimmed = Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)
    return trimmed if trimmed.text.strip() else None


_FINITE_TAGS = {"VB", "VBZ", "VBP", "VBD"}


def _without_clause(span: Span) -> Span | None:
    """A learned-recogniser span is a name, never a clause: one headed by a finite verb
    ("approaches" read as a verb, "randomly discards", "fact reduce overtraining") is dropped,
    and one holding a subject and its predicate ("data repetition disproportionately damages
    copying") keeps only the subject when the span starts with it."""
    doc = span.doc
    for t in span:
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and span.start <= c.i < span.end
                     and c.i < t.i), None)
        if subj is not None:
            if subj.left_edge.i == span.start and subj.right_edge.i + 1 < span.end:
                return Span(doc, span.start, subj.right_edge.i + 1, label=span.label_, kb_id=span.kb_id_)
            return None
    root = span.root
    if root.tag_ in _FINITE_TAGS and root.pos_ in ("VERB", "AUX"):
        return None
    return span


def _scierc_type(span: Span) -> EntityType | None:
    """Our type for a span the learned recogniser found, trusting it only where it is specific.

    On these abstracts the SciERC model finds many generic phrases ("learning problem",
    "unlabeled data"). A Method/Task/Metric/Dataset is kept when the phrase's head agrees
    with that type or the phrase looks like a name (capitals inside, digits); Material
    becomes a Dataset only when it looks like a dataset and like a name. Everything else
    it found is kept as a Concept, so it stays explorable without polluting the typed
    lists. SciERC has no Model type: a Method whose head says network/model/transformer
    is a Model.
    """
    if span.label_ == EntityType.DATASET.value:
        return EntityType.DATASET  # a name cut from "Kinetics and Charades datasets" (`_pieces`)
    mapped = SCIERC_TO_TYPE.get(span.label_)
    if mapped is None:
        return None
    if is_task_words_phrase(span.text):
        return EntityType.TASK  # "modular arithmetic tasks", "semi-supervised classification problems"
    head_type = type_from_head(span.text)
    words = normalize_key(span.text).split()
    if mapped in (EntityType.METHOD, EntityType.CONCEPT) and words and words[-1] in STRONG_TASK_HEADS:
        return EntityType.TASK  # "binary Gaussian classification", "medical imaging"
    if mapped is EntityType.METHOD and head_type is EntityType.MODEL:
        # Named architectures only; "pretrained model", "ensemble based model" are generic.
        return EntityType.MODEL if _looks_like_name(span.text) else EntityType.CONCEPT
    if mapped is EntityType.DATASET and words and words[-1] in STRONG_TASK_HEADS:
        return EntityType.TASK  # "High-Resolution Salient Object Detection" names a task
    if mapped is EntityType.DATASET:
        # A named dataset, not a description of one: "huge dataset", "training data set"
        # and "medical imaging dataset" look like datasets to SciERC but name none.
        named = looks_like_dataset(span.text) and _looks_like_name(span.text)
        # "2D channels", "RGBD images", "3D point cloud": a kind of data, headed by a plain noun.
        last = span[-1]
        described = len(span) > 1 and last.text.islower() and (
            not looks_like_dataset(last.text) or last.lower_ != last.lemma_.lower() or last.lower_.endswith("s"))
        # ... and "Re-ID datasets" is several datasets, none named
        if named and not described and len(span) == 1 and not in_dataset_context(span):
            return EntityType.CONCEPT   # "algorithms as PEARL", "between MATE and MASC": a name, but of what?
        return EntityType.DATASET if named and not described else EntityType.CONCEPT
    if mapped is EntityType.CONCEPT or head_type is mapped or _looks_like_name(span.text):
        return mapped
    return EntityType.CONCEPT


def _looks_like_name(text: str) -> bool:
    """'WiSE-FT', 'GPT-4', 'Block-LoRA': capitals after the first letter, or letters with digits."""
    text = without_dimensions(text).strip()   # "3D objects" is no name
    return any(c.isupper() for c in text[1:]) or any(
        any(c.isdigit() for c in word) and any(c.isalpha() for c in word) for word in text.split())


def _type_of_long_form(long_span: Span, candidates: list[tuple[int, Span]],
                       min_priority: int = 0) -> EntityType | None:
    """The type of what covers the long form or ends it; with `min_priority`, only from those sources."""
    for priority, span in sorted(candidates, key=lambda c: -c[0]):
        if priority < min_priority:
            continue
        if span.start <= long_span.start and span.end >= long_span.end - 1 or (
            long_span.start <= span.start < long_span.end <= span.end     # ends it, maybe running into "(SF)"
        ):
            return EntityType(span.label_)
    if min_priority:
        return None
    if long_span.label_:
        return EntityType(long_span.label_)
    return type_from_head(long_span.text)


def _canonical(long_span: Span, candidates: list[tuple[int, Span]]) -> str:
    """A long form that is exactly a known entity keeps that entity's canonical name."""
    for _, span in candidates:
        if span.start == long_span.start and span.end == long_span.end:
            return span.kb_id_
    return long_span.text


def _resolve_overlaps(candidates: list[tuple[int, Span]]) -> list[Span]:
    """Non-overlapping spans: higher priority first, then longer."""
    kept: list[Span] = []
    taken: set[int] = set()
    for _, span in sorted(candidates, key=lambda c: (-c[0], -(c[1].end - c[1].start), c[1].start)):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        if not normalize_key(span.text) or (len(span.text) < 2 and not is_acronym(span.text)):
            continue
        kept.append(span)
        taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)
