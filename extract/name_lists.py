"""The name lists (methods, datasets, tasks, metrics), the acronym table and the common
words, read from `extract/resources/` (see its README), and the spelling rules they are
matched with. Pure Python, no spaCy: question parsing reads the lists too.

`methods.tsv`, `datasets.tsv`, `tasks.tsv`, `metrics.tsv`: `name<TAB>type<TAB>alias|alias`;
`acronyms.tsv`: `short<TAB>long<TAB>type<TAB>ambiguous`; `common_words.txt`: lower-case
English words that occur as name tokens. All are made by
`python -m claimgraph.extract.resources.derive_name_lists`.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from claimgraph.schema import EntityType, InputError
from claimgraph.schema.keys import normalize_key, singular

RESOURCES_DIR = Path(__file__).parent / "resources"
NAME_LIST_FILES = ("methods.tsv", "datasets.tsv", "tasks.tsv", "metrics.tsv")
ACRONYMS_FILE = "acronyms.tsv"
COMMON_WORDS_FILE = "common_words.txt"

_SHORT_CAPS = 5  # all-caps names up to this many letters match case-sensitively
_NO_PLURAL = {EntityType.DATASET, EntityType.TASK}  # "domain generalizations": never


class Entry(NamedTuple):
    name: str
    type: EntityType
    aliases: tuple[str, ...]


class Acronym(NamedTuple):
    long: str
    type: EntityType
    ambiguous: bool


# ----------------------------------------------------------------------------- files

def _rows(path: Path, min_fields: int) -> Iterable[tuple[int, list[str]]]:
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < min_fields or not fields[0]:
            raise InputError(f"{path}:{line_no}: expected {min_fields} tab-separated fields, got {line!r}")
        yield line_no, fields


def _entity_type(value: str, where: str) -> EntityType:
    try:
        return EntityType(value)
    except ValueError:
        allowed = ", ".join(t.value for t in EntityType)
        raise InputError(f"{where}: unknown type {value!r} (one of {allowed})") from None


def read_name_list(path: Path) -> list[Entry]:
    """`name<TAB>type<TAB>alias|alias` lines; `#` comments and blank lines skipped."""
    entries = []
    for line_no, fields in _rows(path, 2):
        aliases = fields[2].split("|") if len(fields) > 2 else []
        entries.append(Entry(fields[0], _entity_type(fields[1], f"{path}:{line_no}"),
                             tuple(a.strip() for a in aliases if a.strip())))
    return entries


def read_acronyms(path: Path) -> dict[str, tuple[Acronym, ...]]:
    """`short<TAB>long<TAB>type<TAB>ambiguous(0/1)` lines -> every reading of each short form.

    A short form may have several rows (SAM: sharpness-aware minimization, Segment Anything
    Model) only if every one of them is marked ambiguous; the first row is the usual reading.
    """
    table: dict[str, list[Acronym]] = {}
    for line_no, (short, long, type_, *rest) in _rows(path, 3):
        flag = (rest[0] if rest else "0").strip()
        if flag not in ("0", "1"):
            raise InputError(f"{path}:{line_no}: ambiguous must be 0 or 1, got {flag!r}")
        readings = table.setdefault(short, [])
        readings.append(Acronym(long, _entity_type(type_, f"{path}:{line_no}"), flag == "1"))
        if len(readings) > 1 and not all(r.ambiguous for r in readings):
            raise InputError(f"{path}:{line_no}: {short!r} has several readings, so each must be marked ambiguous (1)")
    return {short: tuple(readings) for short, readings in table.items()}


def write_name_list(path: Path, entries: Iterable[Entry], header: str = "") -> None:
    lines = [f"# {line}" for line in header.splitlines()]
    lines += [f"{e.name}\t{e.type.value}\t{'|'.join(e.aliases)}" for e in entries]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------- lists

class NameLists:
    """Every known name, its type and canonical name; acronyms; the common-word list."""

    def __init__(self, entries: list[Entry], readings: dict[str, tuple[Acronym, ...]],
                 common_words: frozenset[str]):
        self.readings = readings                                    # short -> every reading
        self.acronyms = {short: r[0] for short, r in readings.items()}  # short -> usual reading
        self.common_words = common_words
        self.ambiguous_keys = {normalize_key(s) for s, a in self.acronyms.items() if a.ambiguous}
        self._index: dict[str, int] = {}
        self.entries: list[Entry] = []
        for entry in entries:
            self._add(entry)
        for short, acronym in self.acronyms.items():
            if acronym.ambiguous:
                continue
            target = self._index.get(normalize_key(acronym.long))
            if target is None:
                self._add(Entry(acronym.long, acronym.type, (short,)))
            elif normalize_key(short) not in self._index:
                name, type_, aliases = self.entries[target]
                self.entries[target] = Entry(name, type_, aliases + (short,))
                self._index[normalize_key(short)] = target

    def _add(self, entry: Entry) -> None:
        """First come, first served: a key already taken keeps its entity."""
        keys = [normalize_key(form) for form in (entry.name, *entry.aliases)]
        if not keys[0] or keys[0] in self._index or keys[0] in self.ambiguous_keys:
            return
        position = len(self.entries)
        self.entries.append(entry)
        for key in keys:
            if key and key not in self.ambiguous_keys:
                self._index.setdefault(key, position)

    @classmethod
    def load(cls, resources_dir: str | Path | None = None) -> NameLists:
        """The lists of `resources_dir` (default: the packaged ones), read once per process."""
        return _load(Path(resources_dir or RESOURCES_DIR).resolve())

    def lookup(self, text: str) -> tuple[EntityType, str] | None:
        """(type, canonical name) of a name or alias, compared by `normalize_key`."""
        position = self._index.get(normalize_key(text))
        if position is None:
            return None
        entry = self.entries[position]
        return entry.type, entry.name

    def surface_forms(self) -> list[tuple[str, int]]:
        """(form, entry position) for every name and alias that may be matched in text."""
        forms = []
        for position, entry in enumerate(self.entries):
            for form in dict.fromkeys((entry.name, *entry.aliases)):
                key = normalize_key(form)
                if key and key not in self.ambiguous_keys and self._index.get(key) == position:
                    forms.append((form, position))
        return forms

    @functools.cached_property
    def patterns(self) -> list[tuple[str, int]]:
        """Surface forms with their spelling variants (hyphens, plurals): what the matcher looks for."""
        out: dict[str, int] = {}
        for form, position in self.surface_forms():
            plural = self.entries[position].type not in _NO_PLURAL
            for variant in spelling_variants(form, plural=plural):
                out.setdefault(variant, position)
        return list(out.items())


@functools.lru_cache(maxsize=8)
def _load(root: Path) -> NameLists:
    if not root.is_dir():
        raise InputError(f"{root}: no such resources folder")
    entries = [e for name in NAME_LIST_FILES if (root / name).exists() for e in read_name_list(root / name)]
    if not entries:
        raise InputError(f"{root}: none of {', '.join(NAME_LIST_FILES)} found or all are empty")
    acronyms = read_acronyms(root / ACRONYMS_FILE) if (root / ACRONYMS_FILE).exists() else {}
    common_path = root / COMMON_WORDS_FILE
    common = frozenset(
        w.strip().lower() for w in common_path.read_text(encoding="utf-8").splitlines()
        if w.strip() and not w.startswith("#")
    ) if common_path.exists() else frozenset()
    return NameLists(entries, acronyms, common)


# ----------------------------------------------------------------------------- rules

_DIGIT_SUFFIX = re.compile(r"(?<=[A-Za-z])(\d+)$")
_HYPHEN_DIGIT = re.compile(r"(?<=[A-Za-z])-(?=\d)")


def plural_of(word: str) -> str:
    if word.isupper() or any(c.isupper() for c in word[1:]):
        return word + "s"  # LLMs, ViTs, ResNets
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if word.endswith(("x", "ch", "sh")):
        return word + "es"
    return word + "s"


def spelling_variants(form: str, *, plural: bool = True) -> list[str]:
    """The form, its hyphen/space/joined spellings (GPT-4, GPT 4, GPT4), and plurals."""
    variants = {form, form.replace("-", " ") if "-" in form else form}
    variants.add(_HYPHEN_DIGIT.sub("", form))          # ResNet-50 -> ResNet50
    variants.add(_DIGIT_SUFFIX.sub(r"-\1", form))      # ResNet50 -> ResNet-50
    words = form.split(" ")
    if 2 <= len(words) <= 3 and all(w.isalpha() for w in words):  # length-generalization,
        variants.add(" ".join(words[:-2] + ["-".join(words[-2:])]))  # denoising score-matching
    if plural:
        for v in list(variants):
            last = v.rsplit(" ", 1)[-1]
            if last.isalpha() and (len(last) > 2 or last.isupper()) and not last.endswith("s"):
                variants.add(v[: len(v) - len(last)] + plural_of(last))
    return sorted(variants)


def is_distinctive(token: str, common_words: frozenset[str]) -> bool:
    """A token whose lower-case form is no everyday word: ResNet, softmax, GSM8K."""
    letters = [c for c in token if c.isalpha()]
    if not letters:
        return False
    if token.isupper() and len(letters) <= _SHORT_CAPS and not any(c.isdigit() for c in token):
        return False  # MAE, OOD, SICK: all-caps short forms stay case-sensitive
    lower = token.lower()
    return lower not in common_words and singular(lower) not in common_words


def match_attr(tokens: list[str], type_: EntityType, common_words: frozenset[str]) -> str:
    """'LOWER' (case-insensitive) or 'ORTH' (exact case) for one tokenised surface form."""
    if len(tokens) > 1:
        if type_ is EntityType.DATASET and not any(is_distinctive(t, common_words) for t in tokens):
            return "ORTH"  # Natural Questions, Common Voice: proper names of common words
        return "LOWER"
    token = tokens[0]
    if type_ is EntityType.DATASET and token[1:].islower() and token.isalpha():
        return "ORTH"  # Cora, Douban: a dataset's plain-word name is a proper name
    if token.islower() or is_distinctive(token, common_words):
        return "LOWER"
    return "ORTH"
