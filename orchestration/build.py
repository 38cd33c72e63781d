"""Build: corpus -> extraction -> resolution -> store. The one place that joins extract/ and graph/.

Streaming and restartable: records are read lazily, papers already stored with the
same content and extractor version are skipped (so an interrupted build resumes and a
rebuild changes nothing), and each batch is written in one transaction.
"""
from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from pydantic import ValidationError

from claimgraph.extract.pipeline import Extractor
from claimgraph.extract.readers import corpus_files, file_kind, read_corpus, read_file
from claimgraph.extract.resolution import Resolver
from claimgraph.graph.store import Finalized, Store
from claimgraph.schema import EntityType, ExtractionResult, Paper, RecordError, make_id

DEMO_CORPUS = Path(__file__).resolve().parent / "demo_corpus" / "hf_papers_generalization.txt"
# spaCy refuses texts over 1,000,000 characters; abstracts that long are not abstracts.
MAX_ABSTRACT_CHARS = 100_000


@dataclass
class BuildSummary:
    papers_read: int = 0
    papers_written: int = 0
    papers_unchanged: int = 0
    errors: list[RecordError] = field(default_factory=list)
    merges: int = 0
    contested: int = 0           # CONTRADICTS links in the graph after the build
    finalized: Finalized = field(default_factory=Finalized)
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    write_seconds: float = 0.0   # of `seconds`, spent writing batches to the store
    finalize_seconds: float = 0.0   # of `seconds`, spent finishing (contradictions, counts, orphans)
    semantic: object = None      # orchestration.semantic.SemanticSummary: vectors and SAME_AS links
    semantic_seconds: float = 0.0   # of `seconds`, spent on the semantic step

    @property
    def skipped(self) -> list[RecordError]:
        return [e for e in self.errors if e.skipped]


def chunked(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def count_records(paths: list[Path]) -> int:
    """How many records the corpus holds, for the progress bar's total and ETA.

    JSON Lines files (also gzipped) are counted by their non-blank lines, without
    parsing: about a second per 100,000 abstracts. Page and CSV files are read whole
    by their readers anyway, so they are counted by reading them. Bad and duplicate
    records count too, as the bar advances for them as well.
    """
    total = 0
    for root in paths:
        for path in corpus_files(root):
            if file_kind(path) == "jsonl":
                total += _count_lines(path)
            else:
                total += sum(1 for _ in read_file(path))
    return total


def _count_lines(path: Path) -> int:
    try:
        with gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    except (OSError, EOFError):
        return 1   # the reader reports the file as one bad record


def in_shard(paper_id: str, shard: tuple[int, int] | None) -> bool:
    """Stable split of papers over n machines: shard (i, n) keeps ids hashing to i mod n."""
    if shard is None:
        return True
    index, count = shard
    return int(make_id("shard", paper_id), 16) % count == index


def parse_shard(text: str) -> tuple[int, int]:
    """'2/8' -> (2, 8), shards numbered from 0."""
    try:
        index, count = (int(x) for x in text.split("/"))
    except ValueError:
        raise ValueError(f"shard {text!r}: expected i/n, e.g. 0/4") from None
    if not (count >= 1 and 0 <= index < count):
        raise ValueError(f"shard {text!r}: need 0 <= i < n")
    return index, count


class Builder:
    """Writes extraction results to a store in batches, resolving names across papers."""

    def __init__(self, store: Store, *, batch_size: int = 64,
                 on_progress: Callable[[int], None] | None = None,
                 on_error: Callable[[RecordError], None] | None = None):
        self.store = store
        self.batch_size = batch_size
        self.summary = BuildSummary()
        self.on_progress = on_progress
        self.on_error = on_error
        self._started = time.perf_counter()
        store.ensure_schema()
        self.resolver = Resolver.from_name_lists()
        # Definitions stored by earlier runs still count (resume, incremental builds).
        for row in store.alias_table():
            self.resolver.learn(EntityType(row["label"]), row["key"], row["name"], row["aliases"] or [])

    def report(self, error: RecordError) -> None:
        self.summary.errors.append(error)
        if self.on_error:
            self.on_error(error)

    def pending(self, records: Iterable[Paper | RecordError], version: str) -> Iterator[Paper]:
        """Papers not yet stored with this content and extractor `version`; reports bad
        records and counts unchanged papers."""
        for chunk in chunked(records, 256):
            papers = []
            for record in chunk:
                if isinstance(record, RecordError):
                    self.report(record)
                elif len(record.abstract) > MAX_ABSTRACT_CHARS:
                    self.report(RecordError(source=record.source, reason=(
                        f"abstract is {len(record.abstract):,} characters (limit {MAX_ABSTRACT_CHARS:,}); "
                        "is this a whole paper?")))
                else:
                    papers.append(record)
            self.summary.papers_read += len(papers)
            done = self.store.done_papers([(p.id, p.content_hash) for p in papers], version)
            self.summary.papers_unchanged += len(done)
            if self.on_progress and done:
                self.on_progress(len(done))
            yield from (p for p in papers if p.id not in done)

    def write(self, results: Iterable[ExtractionResult]) -> None:
        for batch in chunked(results, self.batch_size):
            started = time.perf_counter()
            self.store.write_results(self.resolver.resolve(batch))
            self.summary.write_seconds += time.perf_counter() - started
            self.summary.papers_written += len(batch)
            if self.on_progress:
                self.on_progress(len(batch))

    def finish(self, merge_log: Path | None = None) -> BuildSummary:
        started = time.perf_counter()
        self.summary.finalized = self.store.finalize(contested_pairs, agreement=claim_agreement)
        self.summary.finalize_seconds = time.perf_counter() - started
        self.summary.contested = self.summary.finalized.contested
        from claimgraph.orchestration.semantic import refresh

        self.summary.semantic = refresh(self.store)
        self.summary.semantic_seconds = self.summary.semantic.seconds
        self.summary.merges = len(self.resolver.log)
        if merge_log is not None:
            write_merge_log(self.resolver, merge_log)
        self.summary.labels, self.summary.types = self.store.counts()
        self.summary.seconds = time.perf_counter() - self._started
        return self.summary


def build(
    paths: list[Path],
    store: Store,
    *,
    batch_size: int = 64,
    n_process: int = 1,
    use_model: bool = True,
    merge_log: Path | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_error: Callable[[RecordError], None] | None = None,
    limit: int | None = None,
) -> BuildSummary:
    """Build (or update) the graph from `paths`; returns what happened."""
    builder = Builder(store, batch_size=batch_size, on_progress=on_progress, on_error=on_error)
    records = read_corpus(paths)
    extractor = Extractor(use_model=use_model, n_process=n_process)
    papers = builder.pending(islice(records, limit) if limit else records, extractor.version)
    builder.write(extractor.extract(papers, on_error=builder.report))
    return builder.finish(merge_log)


def load(paths: list[Path], store: Store, *, merge_log: Path | None = None, **options) -> BuildSummary:
    """Write results that `claimgraph extract` saved as JSON Lines (skipping unchanged papers)."""
    builder = Builder(store, **options)
    for path in result_files(paths):
        for chunk in chunked(read_results(path, on_error=builder.report), 256):
            todo = set()
            for version in {r.extractor_version for r in chunk}:
                same = [r.paper for r in chunk if r.extractor_version == version]
                todo |= {p.id for p in builder.pending(same, version)}
            builder.write(r for r in chunk if r.paper.id in todo)
    return builder.finish(merge_log)


def result_files(paths: list[Path]) -> list[Path]:
    """Result files: the files given, and the *.jsonl files of folders given (in name order)."""
    files = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    return files


def save_results(results: Iterable[ExtractionResult], fh) -> int:
    """One ExtractionResult per line; returns how many were written."""
    n = 0
    for result in results:
        fh.write(result.model_dump_json() + "\n")
        n += 1
    return n


def read_results(path: Path, *, on_error: Callable[[RecordError], None]) -> Iterator[ExtractionResult]:
    """Results saved by `save_results`; a line that does not validate is reported and skipped."""
    with open(path, encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield ExtractionResult.model_validate_json(line)
            except ValidationError as e:
                on_error(RecordError(source=f"{path}:{line_no}", reason=f"not an extraction result: "
                                     f"{e.errors()[0]['msg']} at {'.'.join(map(str, e.errors()[0]['loc']))}"))


# Each claim links to at most this many of the claims contradicting it (the first by paper id),
# so links grow linearly with the claims on a question; each link says how many there are in all.
CONTRADICTIONS_PER_CLAIM = 3


def contested_pairs(rows: list[dict]) -> list[dict]:
    """Claim polarity rows from the store -> CONTRADICTS link rows {a, b, basis, a_opposed_by,
    b_opposed_by} (claim ids sorted; `*_opposed_by`: how many claims contradict that end on
    this basis in total, of which at most CONTRADICTIONS_PER_CLAIM are linked to it).

    basis "same subject and target" for identical keys, "same head words" for the looser
    topic-level match. The rule lives in `extract.claims.find_contested`, which reads the
    rows as they are (`schema.ClaimPolarity`).
    """
    from claimgraph.extract.claims import find_contested

    links = []
    # Only claims about the same things contradict: identical resolved subject and target keys
    # (aliases and acronyms are folded into the key by the resolver). The looser "same head
    # words" basis paired "models"/"performance" claims about different things (issue 21).
    for basis, by_head in (("same subject and target", False),):
        opposed: dict[str, int] = {}
        for a, b in find_contested(rows, by_head=by_head, per_claim=CONTRADICTIONS_PER_CLAIM, opposed=opposed):
            links.append({"a": a, "b": b, "basis": basis, "a_opposed_by": opposed[a], "b_opposed_by": opposed[b]})
    return links


def claim_agreement(rows: list[dict]) -> list[dict]:
    """Claim polarity rows -> per-claim support / contrast counts with paper ids
    (`extract.claims.agreement`): what the claim and answer views show as "N papers support ·
    M contrast"."""
    from claimgraph.extract.claims import agreement

    return agreement(rows)


def write_merge_log(resolver: Resolver, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for merge in resolver.log:
            fh.write(json.dumps(merge.__dict__, ensure_ascii=False) + "\n")


def extract_only(paths: list[Path], *, use_model: bool = True, n_process: int = 1,
                 shard: tuple[int, int] | None = None,
                 on_error: Callable[[RecordError], None] | None = None) -> Iterator[ExtractionResult]:
    """Extraction without a store (`claimgraph extract`, evaluation, scale-out workers).

    Results are not resolved across papers here: `load` does that when it writes.
    """
    report = on_error or (lambda e: None)

    def papers():
        for record in read_corpus(paths):
            if isinstance(record, RecordError):
                if in_shard(record.source, shard):   # each bad record is reported by one shard only
                    report(record)
            elif in_shard(record.id, shard):
                yield record

    yield from Extractor(use_model=use_model, n_process=n_process).extract(papers(), on_error=report)
