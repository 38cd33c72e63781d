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

from extract.normalize import is_acronym, normalize_key
from extract.patterns import find_abbreviations, find_proposals
from extract.typing_rules import is_generic_topic, type_from_head
from schema import EntityType

# SciERC labels the learned recogniser predicts -> our types (docs/extraction.md).
SCIERC_TO_TYPE = {
    "Method": EntityType.METHOD,
    "Task": EntityType.TASK,
    "Metric": EntityType.METRIC,
    "Material": EntityType.DATASET,
    "OtherScientificTerm": EntityType.CONCEPT,
}
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
            for span in doc.spans.get(group, []):
                label = span.label_
                if group == "cg_scierc":
                    mapped = _scierc_type(span)
                    if mapped is None:
                        continue
                    label = mapped.value
                if group == "cg_abbrev":
                    continue  # typed below, from what overlaps it
                canonical = span.kb_id_ or span.text
                if label == EntityType.TASK.value and is_generic_topic(canonical):
                    label = EntityType.CONCEPT.value
                candidates.append((priority, Span(doc, span.start, span.end, label=label, kb_id=canonical, span_id=group)))

        short_forms: dict[str, Span] = {}
        # A short form already typed elsewhere ("we propose DARAG (…)") gives its type to the long form.
        typed_texts = {span.text: EntityType(span.label_) for _, span in sorted(candidates, key=lambda c: c[0])}
        listed = {span.text for span in doc.spans.get("cg_gazetteer", [])}
        for long_span in doc.spans.get("cg_abbrev", []):
            if long_span.kb_id_ in listed:
                continue  # the name lists already know this short form and its canonical name
            typed = typed_texts.get(long_span.kb_id_) or _type_of_long_form(long_span, candidates)
            if typed is None:
                continue
            entity = Span(doc, long_span.start, long_span.end, label=typed.value,
                          kb_id=_canonical(long_span, candidates), span_id="cg_abbrev")
            candidates.append((2, entity))
            short_forms[long_span.kb_id_] = entity

        # Every mention of a defined short form, including ones other sources typed, is its long form.
        for i, (priority, span) in enumerate(candidates):
            long_form = short_forms.get(span.text)
            if long_form is not None and span.id_ != "cg_abbrev":
                candidates[i] = (priority, Span(doc, span.start, span.end, label=long_form.label_,
                                                kb_id=long_form.kb_id_, span_id=span.id_))
        for token in doc:
            entity = short_forms.get(token.text) or short_forms.get(token.text.rstrip("s"))
            if entity is not None and not (entity.start <= token.i < entity.end):
                candidates.append((2, Span(doc, token.i, token.i + 1, label=entity.label_, kb_id=entity.kb_id_, span_id="cg_abbrev")))

        doc.spans["cg_entities"] = _resolve_overlaps(candidates)
        return doc


def _scierc_type(span: Span) -> EntityType | None:
    """Our type for a span the learned recogniser found, trusting it only where it is specific.

    On these abstracts the SciERC model finds many generic phrases ("learning problem",
    "unlabeled data"). A Method/Task/Metric/Dataset is kept when the phrase's head agrees
    with that type or the phrase looks like a name (capitals inside, digits); Material
    becomes a Dataset only when it looks like one. Everything else it found is kept as a
    Concept, so it stays explorable without polluting the typed lists. SciERC has no
    Model type: a Method whose head says network/model/transformer is a Model.
    """
    from extract.scierc import looks_like_dataset

    mapped = SCIERC_TO_TYPE.get(span.label_)
    if mapped is None:
        return None
    head_type = type_from_head(span.text)
    if mapped is EntityType.METHOD and head_type is EntityType.MODEL:
        # Named architectures only; "pretrained model", "ensemble based model" are generic.
        return EntityType.MODEL if _looks_like_name(span.text) else EntityType.CONCEPT
    if mapped is EntityType.DATASET:
        return EntityType.DATASET if looks_like_dataset(span.text) else EntityType.CONCEPT
    if mapped is EntityType.CONCEPT or head_type is mapped or _looks_like_name(span.text):
        return mapped
    return EntityType.CONCEPT


def _looks_like_name(text: str) -> bool:
    """'WiSE-FT', 'GPT-4', 'Block-LoRA': capitals after the first letter, or letters with digits."""
    return any(c.isupper() for c in text[1:]) or (any(c.isdigit() for c in text) and any(c.isalpha() for c in text))


def _type_of_long_form(long_span: Span, candidates: list[tuple[int, Span]]) -> EntityType | None:
    for _, span in sorted(candidates, key=lambda c: -c[0]):
        if span.start <= long_span.start and span.end >= long_span.end - 1 or (
            long_span.start <= span.start and long_span.end == span.end
        ):
            return EntityType(span.label_)
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
