"""Corpus readers: the demo page text, JSON Lines, CSV, and folders of them.

Every reader yields `Paper` or `RecordError` in file order, so one broken record is
reported (file, line/record number, reason) and skipped while the rest go on.
"""
from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from claimgraph.schema import InputError, Paper, RecordError, make_id
from claimgraph.schema.keys import normalize_key

Record = Paper | RecordError

SUFFIXES = {".txt": "page", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
# Lines of the papers-listing page that are chrome, not papers.
_MIN_ABSTRACT_WORDS = 25
_MAX_TITLE_CHARS = 400
_MAX_CSV_FIELD = 16 * 1024 * 1024
# Control characters other than tab/newline (C0 and C1), zero-width marks and the bidi
# embedding/override/isolate controls (which can make a title display as something
# else): removed on read.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e"
                        r"\u2060\u2066-\u2069\ufeff]")
# Line and paragraph separators other than newline become a space, so the words either
# side of one stay two words.
_SEPARATORS = re.compile(r"[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
# Lone UTF-16 surrogates (e.g. a JSON "\ud800" escape) cannot be encoded as UTF-8, so the
# store would refuse the whole batch: replaced by U+FFFD.
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def paper_id_for(title: str, given: str | None = None) -> str:
    """A given id wins; otherwise a hash of the normalised title (stable across runs)."""
    if given is not None and str(given).strip():
        return str(given).strip()
    return make_id("paper", normalize_key(title))


# A soft hyphen marks where a word may break: as U+00AD, or as "(cid:173)" in text taken from
# PDFs ("ap(cid:173) plying", in 1.7 % of the paperlists abstracts). The word halves are joined.
_SOFT_HYPHEN = re.compile(r"\(cid:173\)\s*|\u00ad")


def clean_text(text: str) -> str:
    """Normalise Unicode (NFC), drop control / zero-width characters and join words split by a
    soft hyphen; keep the rest verbatim."""
    text = _SOFT_HYPHEN.sub("", _SEPARATORS.sub(" ", _SURROGATES.sub("\ufffd", text)))
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text)).strip()


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 / Latin-1; refuse binary files."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise InputError(f"{source}: looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _decode_8bit(data)


def _decode_8bit(data: bytes) -> str:
    """Text that is not UTF-8: Windows-1252 (Latin-1 plus curly quotes and dashes in 0x80-0x9f,
    where Latin-1 has only control characters), else Latin-1, which decodes any byte."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _as_text(value, field: str) -> str:
    """A field's value as text: numbers are read as text; a JSON object, list or boolean is refused."""
    if value is None:
        return ""
    if isinstance(value, (dict, list, bool)):
        kind = {dict: "an object", list: "a list", bool: "a boolean"}[type(value)]
        raise ValueError(f"{field} is {kind}, not text")
    return str(value)


def make_paper(source: str, *, title, abstract, id=None, **extra) -> Record:
    """Validate one record into a Paper, or say why it cannot be one."""
    try:
        abstract, title = clean_text(_as_text(abstract, "abstract")), clean_text(_as_text(title, "title"))
    except ValueError as e:
        return RecordError(source=source, reason=str(e))
    if not abstract:
        return RecordError(source=source, reason="missing or empty abstract")
    if not title:
        return RecordError(source=source, reason="missing or empty title")
    fields = {k: extra.get(k) for k in ("url", "year", "venue") if extra.get(k) not in (None, "")}
    try:
        return Paper(id=paper_id_for(title, id), title=title, abstract=abstract, source=source, **fields)
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        return RecordError(source=source, reason=f"invalid field ({problems})")


def read_page(path: Path, text: str) -> Iterator[Record]:
    """A papers-listing page copied as text: title line, blank line, abstract paragraph.

    Page chrome (menus, dates, 'Subscribe') is skipped: a paper is a short block
    followed by a block of at least `_MIN_ABSTRACT_WORDS` words.
    """
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    line_no, start = 0, 0
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not current:
                start = line_no
            current.append(line.strip())
        elif current:
            blocks.append((start, " ".join(current)))
            current = []
    if current:
        blocks.append((start, " ".join(current)))

    i = 0
    while i < len(blocks) - 1:
        (t_line, title), (_, abstract) = blocks[i], blocks[i + 1]
        is_title = len(title) <= _MAX_TITLE_CHARS and len(title.split()) < _MIN_ABSTRACT_WORDS
        if is_title and len(abstract.split()) >= _MIN_ABSTRACT_WORDS:
            yield make_paper(f"{path}:{t_line}", title=title, abstract=abstract)
            i += 2
        else:
            i += 1


def read_jsonl(path: Path, lines: Iterable[str]) -> Iterator[Record]:
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        source = f"{path}:{line_no}"
        try:
            obj = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as e:
            yield RecordError(source=source, reason=f"not valid JSON ({e.msg.removesuffix(' at')} at column {e.colno})")
            continue
        except RecursionError:
            yield RecordError(source=source, reason="JSON nested too deeply to be a paper record")
            continue
        if not isinstance(obj, dict):
            yield RecordError(source=source, reason=f"JSON {type(obj).__name__} is not an object")
            continue
        yield make_paper(source, **_known_fields(obj))


def read_csv(path: Path, text: str) -> Iterator[Record]:
    # Big enough that an over-long abstract is read and reported by its length, not as a CSV error.
    csv.field_size_limit(max(csv.field_size_limit(), _MAX_CSV_FIELD))
    # A StringIO keeps the line breaks inside quoted fields (text.splitlines() would drop them).
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = {(h or "").strip().lower() for h in (reader.fieldnames or [])}
    if not {"title", "abstract"} <= header:
        raise InputError(f"{path}: CSV needs 'title' and 'abstract' columns, found {sorted(header)}")
    record_no = 0
    while True:
        record_no += 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:   # e.g. a field over the size limit: this record only
            yield RecordError(source=f"{path}:record {record_no} (line {reader.line_num})", reason=f"bad CSV ({e})")
            continue
        row = {(k or "").strip().lower(): v for k, v in row.items()}
        yield make_paper(f"{path}:record {record_no} (line {reader.line_num})", **_known_fields(row))


def _known_fields(obj: dict) -> dict:
    return {k: obj.get(k) for k in ("id", "title", "abstract", "url", "year", "venue")}


_TEXT_READERS = {"page": read_page, "csv": read_csv}   # JSON Lines: read_jsonl, line by line
_EXPECTED = {"page": "expected a title line, a blank line, then an abstract of at least "
                     f"{_MIN_ABSTRACT_WORDS} words", "jsonl": "expected one JSON object per line",
             "csv": "the CSV has a header but no rows"}


def file_kind(path: Path) -> str | None:
    """Reader for a file name, looking through .gz; None for files a folder scan skips."""
    suffixes = [x.lower() for x in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


def corpus_files(path: Path) -> list[Path]:
    """The readable files of a path: the file itself, or a folder's corpus files in name order."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and file_kind(p))
    return [path]


def _decoded_lines(fh) -> Iterator[str]:
    """Lines of a UTF-8 stream; a line that is not UTF-8 is read as Latin-1."""
    for raw in fh:
        try:
            yield raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            yield _decode_8bit(raw)


def read_file(path: Path) -> Iterator[Record]:
    """Records of one file; an unreadable file becomes one RecordError.

    JSON Lines stream line by line (memory stays flat on big corpora); page and CSV
    files are read whole. A file named otherwise is read as page text.
    """
    kind = file_kind(path) or "page"
    try:
        with gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb") as fh:
            head = fh.read(4096)
            if not head.strip():
                raise InputError(f"{path}: file is empty")
            utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            if kind == "jsonl" and not utf16:
                if b"\x00" in head:
                    raise InputError(f"{path}: looks like a binary file (NUL bytes), not text")
                fh.seek(0)
                yield from read_jsonl(path, _decoded_lines(fh))
                return
            text = decode(head + fh.read(), str(path))
        if not text.strip():
            raise InputError(f"{path}: file is empty")
        # JSON Lines end at "\n" only: str.splitlines() would also split inside strings at U+2028, U+0085...
        found = False
        records = read_jsonl(path, text.split("\n")) if kind == "jsonl" else _TEXT_READERS[kind](path, text)
        for record in records:
            found = True
            yield record
        if not found:
            raise InputError(f"{path}: no papers found ({_EXPECTED[kind]})")
    except (InputError, OSError, EOFError) as e:
        yield RecordError(source=str(path), reason=str(e).removeprefix(f"{path}: "))


def read_corpus(paths: list[Path]) -> Iterator[Record]:
    """Every record of every file under `paths`; the same paper id twice is reported once."""
    seen: dict[str, str] = {}
    for root in paths:
        for path in corpus_files(root):
            for record in read_file(path):
                if isinstance(record, Paper):
                    if record.id in seen:
                        yield RecordError(
                            source=record.source,
                            reason=f"duplicate paper id {record.id!r} (first at {seen[record.id]}); kept the first",
                        )
                        continue
                    seen[record.id] = record.source
                yield record
