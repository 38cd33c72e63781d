"""The `cg_gazetteer` spaCy component: marks every name of the name lists
(`extract/name_lists.py` reads them) in a Doc.

Matching rules, decided per surface form from its tokens (`match_attr`):
- several tokens: case-insensitive (LOWER) - "domain generalization", "GPT-4";
  except Dataset names made only of common words ("Natural Questions"): exact case;
- one token written all lower-case in the list ("dropout", "accuracy"): LOWER;
- one distinctive token ("ResNet", "softmax", "GSM8K"): LOWER;
- one token that is a common English word ("CLIP", "Whisper", "Transformer"), a short
  all-caps name ("MAE", "OOD") or a plain Title-case dataset name ("Cora"): exact case
  (ORTH), so "clip" is no Model.
Ambiguous acronyms are never matched; the paper's own definition decides them. Spans are
the longest non-overlapping matches, in `doc.spans["cg_gazetteer"]`, label = EntityType
value, kb_id = canonical name.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimgraph.extract.name_lists import NameLists, match_attr

SPANS_KEY = "cg_gazetteer"
_MAX_NAME_TOKENS = 8  # tokens of a name before an interrupting "(SF)"

# ----------------------------------------------------------------------------- component

class Gazetteer:
    """Marks every listed name in a Doc: `doc.spans[spans_key]`, label = type, kb_id = canonical name."""

    def __init__(self, nlp: Language, name: str = "cg_gazetteer", *, names: NameLists,
                 spans_key: str = SPANS_KEY):
        self.name = name
        self.spans_key = spans_key
        self.names = names
        self.matchers = {attr: PhraseMatcher(nlp.vocab, attr=attr) for attr in ("LOWER", "ORTH")}
        self._labels: dict[int, tuple[str, str]] = {}
        grouped: dict[tuple[str, int], list[Doc]] = {}
        forms = names.patterns
        tokenizer: Tokenizer = nlp.tokenizer
        for (_, position), doc in zip(forms, tokenizer.pipe(f for f, _ in forms), strict=True):
            entry = names.entries[position]
            attr = match_attr([t.text for t in doc], entry.type, names.common_words)
            grouped.setdefault((attr, position), []).append(doc)
        for (attr, position), docs in grouped.items():
            entry = names.entries[position]
            key = f"{entry.type.value}\t{entry.name}"
            self._labels[nlp.vocab.strings.add(key)] = (entry.type.value, entry.name)
            self.matchers[attr].add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in self.matchers.values():
            for match_id, start, end in matcher(doc):
                label, name = self._labels[match_id]
                spans.append(Span(doc, start, end, label=label, kb_id=name))
        spans += self._around_short_forms(doc)
        doc.spans[self.spans_key] = filter_spans(spans)  # longest first, then leftmost
        return doc

    def _around_short_forms(self, doc: Doc) -> list[Span]:
        """Names interrupted by their own short form: "out-of-distribution (OOD) robustness"
        is the listed "out-of-distribution robustness" with "(OOD)" written inside it."""
        found = []
        for i in range(1, len(doc) - 3):
            if doc[i].text != "(" or doc[i + 2].text != ")" or not any(c.isupper() for c in doc[i + 1].text):
                continue
            best = None
            for left in range(1, min(i, _MAX_NAME_TOKENS) + 1):
                if any(t.is_punct and t.text != "-" for t in doc[i - left:i]):
                    break
                for right in (1, 2):
                    if i + 3 + right > len(doc) or any(t.is_punct and t.text != "-" for t in doc[i + 3:i + 3 + right]):
                        break
                    hit = self.names.lookup(f"{doc[i - left:i].text} {doc[i + 3:i + 3 + right].text}")
                    if hit is not None:
                        best = Span(doc, i - left, i + 3 + right, label=hit[0].value, kb_id=hit[1])
            if best is not None:
                found.append(best)
        return found


# spaCy keeps a full stop on a token that ends in a capital after a non-capital ("ViT.",
# "GSM8K.", "ImageNet-R.") because it could be an initial; such a sentence-final name would
# never match. This suffix rule splits it off (initials like "J." and "U.S." are untouched).
_FINAL_PERIOD = r"(?<=[a-z0-9\-][A-Z])\.$"


def add_final_period_rule(nlp: Language) -> None:
    """Make `nlp`'s tokenizer split "ViT." into "ViT" "." (idempotent; offsets unchanged)."""
    tokenizer: Tokenizer = nlp.tokenizer
    search = tokenizer.suffix_search
    pattern = search.__self__.pattern if search is not None else None
    if pattern is None:
        tokenizer.suffix_search = re.compile(_FINAL_PERIOD).search
    elif _FINAL_PERIOD not in pattern:
        tokenizer.suffix_search = re.compile(f"{pattern}|{_FINAL_PERIOD}").search


@Language.factory(
    "cg_gazetteer",
    default_config={"resources_dir": None, "spans_key": SPANS_KEY, "split_final_period": True},
)
def make_gazetteer(nlp: Language, name: str, resources_dir: str | None, spans_key: str,
                   split_final_period: bool) -> Gazetteer:
    if split_final_period:
        add_final_period_rule(nlp)
    return Gazetteer(nlp, name, names=NameLists.load(resources_dir), spans_key=spans_key)
