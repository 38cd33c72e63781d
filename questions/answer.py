"""A question in plain words, answered by meaning (issue 22).

On top of `understand.parse_question` (the phrasings and the catalogue):

* slots are resolved by the store's names first, then with acronyms expanded inside the
  phrase ("OOD robustness" -> "out-of-distribution robustness"), then by the nearest entity
  names in the embedding space; a broad slot (an effect's target) also takes the names
  nearest in meaning, each shown with its score in the reading;
* new question types: papers that evaluate on a dataset, methods based on a method,
  comparisons of two methods;
* related answers reached by meaning are labelled as related, with the reason: the same
  effect on the same target without the requested model or dataset, and papers whose
  sentences are nearest to the question;
* when no claim matches, ranked evidence sentences from the relevant papers, labelled as
  such: never an empty page.
"""
from __future__ import annotations

import bisect
import re
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from claimgraph.graph import semantic as gs
from claimgraph.graph.catalogue import Answer, EntityMatch, alias_index, pick, run_question
from claimgraph.questions.understand import (
    _ARTICLE,
    _GENERIC_TAIL,
    Parsed,
    Resolve,
    _Filler,
    clean,
    effect_of,
    parse_question,
    store_resolver,
)
from claimgraph.schema import Effect
from claimgraph.schema.keys import normalize_key
from claimgraph.semantic import encoder as enc
from claimgraph.semantic.acronyms import Expander, covered, definitions, looks_like_acronym
from claimgraph.semantic.sentences import split_sentences
from claimgraph.semantic.vectors import VectorStore, for_store

if TYPE_CHECKING:
    from claimgraph.graph.store import Store

NEAR = 0.80        # a phrase that names nothing takes the nearest entity name at this cosine or above
RELATED = 0.72     # a broad slot also takes names this near (shown with their scores)
MAX_RELATED = 12   # ... at most this many
MAX_PARTS = 12     # runs of words of a long phrase tried as a name before its head noun (Meaning.heads)
NEAR_SCAN = 80     # neighbours kept from one scan of every name (Meaning.near): 4 x MAX_RELATED and more
SENTENCES = 8      # related / fallback evidence sentences shown
PER_PAPER = 3      # ... at most this many from one paper


@dataclass
class Result:
    parsed: Parsed            # answer() always has a reading, even one that names no question
    answer: Answer | None
    reading: list[str] = field(default_factory=list)
    related: list[dict] = field(default_factory=list)    # {names, reason, score, paper_id, paper_title, evidence}
    fallback: list[dict] = field(default_factory=list)   # same shape: evidence when no claim matched
    elapsed_ms: float = 0.0

    @property
    def rows(self) -> list[dict]:
        return self.answer.rows if self.answer else []

    def to_json(self) -> dict:
        out = self.answer.to_json() if self.answer else {"question": None, "rows": []}
        out.update(reading=self.reading, related=self.related, fallback=self.fallback,
                   elapsed_ms=round(self.elapsed_ms, 2))
        return out


# ---------------------------------------------------------------------------- the store's meaning

class Meaning:
    """The semantic resources for one store, loaded once: the acronym expander, the encoder,
    the vectors beside the store and the entity table."""

    def __init__(self, store: Store) -> None:
        from claimgraph.extract.name_lists import NameLists

        self.store = store
        aliases = store.alias_table()
        self.expander = Expander(definitions(aliases, NameLists.load().acronyms))
        # resolution's alias step seeks what this lists instead of scanning the graph's aliases;
        # it is as fresh as this Meaning (reloaded when a build has rewritten the vectors)
        self.aliases = alias_index(aliases)
        # name (lower case) -> the acronym the papers defined for it ("Robust Fine-Tuning" -> RFT)
        self.short: dict[str, str] = {}
        for row in aliases:
            for alias in row["aliases"] or []:
                if looks_like_acronym(alias) and alias.lower() != str(row["name"]).lower():
                    self.short.setdefault(str(row["name"]).lower(), alias)
        self.encoder = enc.default_encoder() if enc.available() else None
        self.vectors: VectorStore | None = None
        if self.encoder is not None:
            vectors = for_store(store, self.encoder.fingerprint)
            if vectors.matrix("entities")[0]:
                self.vectors = vectors
        # entity rows by "Label|key", read when a search first returns them (reading all 414k of the
        # 92k graph took ~9 s of every `claimgraph ask`)
        self._entities: dict[str, dict | None] = {}
        self._method_words: defaultdict[str, list[str]] | None = None
        self._keys: list[str] | None = None   # every entity key, sorted (may_name)
        self._key_set: frozenset[str] | None = None
        self._long_by_word: defaultdict[str, list[tuple[int, str, str]]] | None = None
        self.notes: dict[str, list[str]] = {}
        self._near_hits: dict[str, list[tuple[str, float]]] = {}   # a question's scans (near)

    def entities(self, refs: list[str]) -> dict[str, dict]:
        """The entity rows ({label, key, name, aliases, papers}) of these "Label|key" references
        that the graph holds, each read from the store once."""
        missing = [r for r in dict.fromkeys(refs) if r not in self._entities]
        if missing:
            found = {f"{e['label']}|{e['key']}": e for e in gs.entity_rows_by_ref(self.store, missing)}
            self._entities.update({r: found.get(r) for r in missing})
        return {r: e for r in refs if (e := self._entities[r]) is not None}

    def methods_with_word(self, word: str) -> list[str]:
        """"Method|key" references whose key has this word, from the vectors' keys (every entity
        of the graph; keys spell hyphens as spaces). Indexed once: a scan of the 92k graph's
        400k keys per question took ~0.5 s."""
        if self._method_words is None:
            self._method_words = defaultdict(list)
            for ref in self.vectors.matrix("entities")[0] if self.vectors is not None else []:
                if ref.startswith("Method|"):
                    for w in set(re.split(r"[\s\-_/]+", ref[len("Method|"):])):
                        self._method_words[w].append(ref)
        return self._method_words.get(word, [])

    def encode(self, text: str) -> np.ndarray:
        assert self.encoder is not None      # callers check self.vectors, which needs the encoder
        return self.encoder.encode_one(self.expander.expand(text))

    def near(self, text: str, labels: tuple[str, ...], k: int, min_score: float) -> list[tuple[dict, float]]:
        if self.vectors is None:
            return []
        want = k * 4 if labels else k
        hits = self._near_hits.get(text, [])
        if len(hits) < want:
            # One scan of every name per phrase and question: at 92k papers a scan is ~10 ms, and a
            # question asks for the same phrase's neighbours several times with different k.
            hits = self.vectors.search("entities", self.encode(text), k=max(want, NEAR_SCAN))
            self._near_hits[text] = hits
        hits = [h for h in hits[:want] if h[1] >= min_score]
        rows = self.entities([key for key, _ in hits if not labels or key.partition("|")[0] in labels])
        return [(rows[key], s) for key, s in hits if key in rows][:k]

    def scan(self, texts: list[str]) -> None:
        """Scans every name for several phrases at once, ahead of their `near` calls."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._near_hits]
        if self.vectors is not None and len(todo) > 1:
            found = self.vectors.search_many("entities", np.stack([self.encode(t) for t in todo]), NEAR_SCAN)
            self._near_hits.update(zip(todo, found, strict=True))

    def fresh(self) -> None:
        """Forget the lookups of the previous question (the graph may have changed since)."""
        self.notes = {}
        self._near_hits = {}
        self._papers: dict[str, dict] = {}
        self._looked_up: dict[tuple, list[EntityMatch]] = {}
        self._store_resolve = store_resolver(self.store, self.aliases, self.keys())

    def paper_entities(self, ids: list[str]) -> list[dict]:
        """graph.semantic.paper_entities, each paper read once a question."""
        if not hasattr(self, "_papers"):
            self.fresh()
        missing = sorted({i for i in ids if i not in self._papers})
        if missing:
            self._papers.update({p["id"]: p for p in gs.paper_entities(self.store, missing)})
        return [self._papers[i] for i in dict.fromkeys(ids) if i in self._papers]

    def base(self, text: str, labels: tuple[str, ...] = (), narrower: bool = False) -> list[EntityMatch]:
        """The store's resolution (understand.store_resolver), each phrase looked up once a question."""
        if not hasattr(self, "_looked_up"):
            self.fresh()
        key = (text, tuple(labels), narrower)
        if key not in self._looked_up:
            self._looked_up[key] = self._store_resolve(text, labels, narrower)
        return list(self._looked_up[key])

    def resolver(self) -> Resolve:
        base = self.base

        def resolve(text: str, labels: tuple[str, ...] = (), narrower: bool = False) -> list[EntityMatch]:
            notes = self.notes.setdefault(text, [])
            matches = base(text, labels, narrower)
            expanded = self.expander.expand(text)
            if not matches and expanded != text.lower():
                matches = base(expanded, labels, narrower)
                if matches:
                    _add(notes, f'"{text}" read as "{expanded}" (acronym expanded)')
            contracted = self.expander.contract(text)
            if not matches and contracted != text:
                matches = base(contracted, labels, narrower)
                if matches:
                    _add(notes, f'"{text}" read as "{contracted}" (the acronym the papers use)')
            readings = [] if matches else rewritten(text)
            for reading, why in readings:
                matches = base(reading, labels, narrower)
                if matches:
                    _add(notes, f'"{text}" read as "{reading}" ({why})')
                    break
            if not matches and narrower and readings:
                # No name as the papers word it either: go on from their wording ("out-of-distribution
                # accuracy": its head, the family of its acronym, its neighbours in meaning).
                reading, why = readings[0]
                _add(notes, f'"{text}" read as "{reading}" ({why})')
                text, expanded = reading, self.expander.expand(reading)
            if not matches and narrower:
                for head, why in self.heads(text):
                    matches = base(head, labels, narrower)
                    if matches:
                        _add(notes, f'"{text}" read as "{head}" ({why})')
                        matches += self.within_qualifier(text, head, labels, base, notes,
                                                         {(m.label, m.key) for m in matches})
                        break
            if not matches:
                near = self.near(text, labels, 1, NEAR)
                if near:
                    e, s = near[0]
                    matches = [_match(e, "name")]
                    _add(notes, f'"{text}" read as {e["name"]} ({e["label"]}), nearest in meaning ({s:.2f})')
            if narrower and matches:
                have = {(m.label, m.key) for m in matches}
                # Names an acronym of the phrase modifies ("OOD performance" for "out-of-distribution
                # robustness"): the acronym's family, as resolve_name finds it for the bare acronym.
                for short in self.acronyms_in(_condition_part(text)):
                    family = [m for m in base(short, labels, True) if (m.label, m.key) not in have]
                    if family:
                        matches = matches + [EntityMatch(m.label, m.key, m.name, m.papers, m.claims, "narrower")
                                             for m in family]
                        have |= {(m.label, m.key) for m in family}
                        _add(notes, f'"{text}" also counts {len(family)} name{"s" if len(family) != 1 else ""} '
                                    f"that {short} modifies: " + ", ".join(m.name for m in family[:8])
                             + (f" and {len(family) - 8} more" if len(family) > 8 else ""))
                wide = _fold(expanded)
                extra = [(e, s) for e, s in self.near(text, labels, MAX_RELATED, RELATED)
                         if (e["label"], e["key"]) not in have
                         and not (_fold(e["name"]) in wide and _fold(e["name"]) != wide)]   # broader, not related
                if extra:
                    matches = matches + [_match(e, "narrower") for e, _ in extra]
                    _add(notes, f'"{text}" also counts {len(extra)} related name{"s" if len(extra) != 1 else ""} '
                                "by meaning: " + ", ".join(f"{e['name']} ({s:.2f})" for e, s in extra))
            return matches

        return resolve

    def within_qualifier(self, text: str, head: str, labels: tuple[str, ...], base: Resolve, notes: list[str],
                         have: set[tuple[str, str]]) -> list[EntityMatch]:
        """"error of speech recognition": the names holding the head's last word ("word error rate")
        among the entities of the papers that name the qualifier (speech recognition)."""
        m = _QUALIFIER.search(text)
        if not m or text[:m.start()].strip() != head:
            return []
        qualifier = _ARTICLE.sub("", text[m.end():].strip())
        named = pick(base(qualifier, (), False))
        if not named:
            return []
        papers = sorted({pid for ids in gs.papers_linked(self.store, [(x.label, x.key) for x in named]).values()
                         for pid in ids})
        word = _fold(head).split()[-1] if _fold(head) else ""
        out: dict[tuple[str, str], EntityMatch] = {}
        for paper in self.paper_entities(papers[:20]) if word else []:
            for e in paper["named"]:
                ident = (e.get("label"), e.get("key"))
                if e.get("name") and ident not in have and (not labels or e.get("label") in labels) \
                        and word in _fold(e["name"]).split() and _fold(e["name"]) != word:
                    out[ident] = EntityMatch(e["label"], e["key"], e["name"], 0, None, "narrower")
        if out:
            _add(notes, f'"{text}" also counts {len(out)} name{"s" if len(out) != 1 else ""} with "{word}" in the papers '
                        f"about {named[0].name}: " + ", ".join(x.name for x in list(out.values())[:8]))
        return list(out.values())

    def heads(self, text: str) -> list[tuple[str, str]]:
        """Shorter readings of a broad phrase that names nothing as a whole: the words before its
        first preposition ("robustness" of "robustness under distribution shift"), and the phrase
        without its acronym words ("accuracy" of "out-of-distribution accuracy"), whose names join
        as the acronym's family (see `resolve`), and last its head noun ("robustness" of
        "zero-shot robustness")."""
        out = []
        m = _QUALIFIER.search(text)
        before = text[:m.start()].strip() if m and m.start() > 0 else text
        if before != text:
            out.append((before, f'the words before "{m.group(1) if m else ""}"'))
        if _GENERIC_TAIL.search(before):       # "robust fine-tuning methods" -> "robust fine-tuning"
            before = _GENERIC_TAIL.sub("", before)
            out.append((before, "without a generic last word"))
        short = self.expander.contract(text)
        rest = " ".join(w for w in short.split() if not self.expander.long_form(w))
        if rest and rest != short:
            out.append((rest, "without its acronym words, which add their family"))
        words = before.split()
        # "crowd counting" of "crowd counting for dense scenes", "multi-view stereo" of "multi-view
        # stereo depth map estimation": the longest runs of 2-4 words first (at most 12), so
        # a long phrase is not read as its bare head ("estimation")
        runs = [" ".join(words[i:i + n]) for n in range(min(4, len(words) - 1), 1, -1) for i in range(len(words) - n + 1)]
        out += [(run, "the longest part that names something") for run in runs if self.may_name(run)][:MAX_PARTS]
        if len(words) > 1 and not _GENERIC_TAIL.search(" " + words[-1]):
            out.append((words[-1], "its head noun"))
        return [(h, why) for h, why in out if h and h.lower() != text.lower()]

    def keys(self) -> frozenset[str] | None:
        """Every entity key (any label), from the vectors' keys held in memory; None without them."""
        if self.vectors is None:
            return None
        if self._key_set is None:
            self._key_set = frozenset(ref.partition("|")[2] for ref in self.vectors.matrix("entities")[0])
        return self._key_set

    def may_name(self, phrase: str) -> bool:
        """Whether the phrase's key begins an entity's key (any label: "weight norm" begins
        "weight normalization"), from the vectors' keys held in memory; True when there are none.
        A filter before store lookups: a long phrase has up to a dozen runs of words, and at 92k
        papers each lookup is a round trip."""
        if self.vectors is None:
            return True
        if self._keys is None:
            self._keys = sorted(self.keys() or ())
        key = normalize_key(phrase)
        at = bisect.bisect_left(self._keys, key)
        return at < len(self._keys) and self._keys[at].startswith(key)

    def acronyms_in(self, text: str) -> list[str]:
        """Acronyms the phrase uses, written short or long ("OOD" for "out-of-distribution ...")."""
        found = [t.upper() for t in re.findall(r"[A-Za-z][A-Za-z0-9\-]*", text) if self.expander.long_form(t)]
        low = f" {_fold(text)} "
        found += [short.upper() for _, short in sorted(
            (at, short) for word in set(low.split()) for at, short, long in self._long_forms().get(word, ())
            if long in low)]
        return list(dict.fromkeys(found))

    def _long_forms(self) -> dict[str, list[tuple[int, str, str]]]:
        """The expander's long forms of ≥ 6 characters, folded and padded, by their first word,
        with their place in the table (the order answers list them in); folded once (a 92k graph
        knows ~11k, ~40 ms a question when folded each time)."""
        if self._long_by_word is None:
            self._long_by_word = defaultdict(list)
            for at, (short, long) in enumerate(self.expander.table.items()):
                folded = _fold(long)
                if len(long) >= 6 and folded:
                    self._long_by_word[folded.split()[0]].append((at, short, f" {folded} "))
        return self._long_by_word

    def with_short(self, name: str) -> str:
        """"Robust Fine-Tuning (RFT)": a name with the acronym its paper defined for it (not
        "out-of-distribution generalization (OOD)": an acronym that spells at most half the words
        names those words)."""
        short = self.short.get(name.lower())
        if not short or short.lower() in name.lower() or 2 * len(covered(short, name).split()) <= len(name.split()) > 1:
            return name
        return f"{name} ({short})"

    def similarity(self, a: str, b: str) -> float | None:
        if self.encoder is None:
            return None
        return float(self.encode(a) @ self.encode(b))

    def sentences(self, text: str, papers: set[str] | None, k: int) -> list[tuple[str, float]]:
        if self.vectors is None or not self.vectors.matrix("sentences")[0]:
            return []
        q = self.encode(text)
        return self.vectors.search("sentences", q, k=k, within_groups=papers)


_QUALIFIER = re.compile(r"\s+(of|on|for|in|under|to|against|across|with|when|during|after|at|from)\s+", re.I)


def _condition_part(text: str) -> str:
    """The phrase less a trailing owner or purpose ("of CLIP fine-tuning", "for LLMs"), whose
    acronyms name what is asked about, not the quality asked for; a condition ("on OOD data",
    "under distribution shift") stays."""
    m = re.search(r"\s+(?:of|for|with|when|during|after|at)\s+", text, re.I)
    return text[:m.start()] if m and m.start() > 0 else text


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _add(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def _match(e: dict, how: str) -> EntityMatch:
    return EntityMatch(e["label"], e["key"], e["name"], e["papers"], None, how)


_MEANINGS: dict[int, tuple[float, Meaning]] = {}


def meaning_for(store) -> Meaning:
    """The store's Meaning, loaded again when a build has rewritten the vectors since."""
    from claimgraph import config

    manifest = config.vectors_dir(getattr(store, "home", None)) / "manifest.json"
    stamp = manifest.stat().st_mtime if manifest.exists() else 0.0
    if id(store) not in _MEANINGS or _MEANINGS[id(store)][0] != stamp:
        _MEANINGS[id(store)] = (stamp, Meaning(store))
    return _MEANINGS[id(store)][1]


# ---------------------------------------------------------------------------- more phrasings

_R = lambda pattern: re.compile(pattern, re.I)  # noqa: E731
_EVALUATES = [
    _R(r"^(?:(?:papers?|works?|methods?|studies|approaches|who|which\s+papers?)\s+)?(?:that\s+|which\s+)?"
       r"(?:are\s+|were\s+)?(?:with\s+|(?:run|ran|do|did|report\w*)\s+)?"
       r"(?:evaluat\w*|test\w*|benchmark\w*|report\w*\s+(?:results|numbers|scores)|experiment\w*|results)\s+"
       r"(?:on|with|using|against)\s+(?P<x>.+)$"),
    _R(r"^(?:results?|experiments?|evaluations?|performance)\s+(?:on|with|using)\s+(?P<x>.+)$"),
    # "point cloud models benchmarked on ModelNet40", "pose trackers with numbers on YCB-Video"
    _R(r"^(?P<what>.+?)\s+(?:that\s+|which\s+)?(?:(?:are|were|is|was|been)\s+)?(?:evaluat\w*|test\w*|benchmark\w*"
       r"|validat\w*|(?:with\s+)?(?:reported\s+)?(?:numbers|results|scores))\s+(?:on|with|using|against)\s+(?P<x>.+)$"),
]
# "which methods use X", "methods using X to handle Y": methods proposed by papers that use X.
_USES = _R(r"^(?:methods?|approaches|techniques?|models?|works?|papers?)\s+(?:that\s+|which\s+)?"
           r"(?:use|uses|using|used|employ\w*|leverag\w*|rel(?:y|ies|ying)\s+on|appl(?:y|ies|ying))\s+(?P<x>.+)$")
_PURPOSE = re.compile(r"\s+(?:to|for|in\s+order\s+to|so\s+as\s+to|when|in|on)\s+", re.I)
# "new methods proposed for X", "what did papers propose for X", "what has been proposed for X"
_PROPOSES = _R(r"^(?:(?:what|which\s+\w+)\s+(?:did|do|does|have|has)\s+(?:\w+\s+)?(?:propose|proposed|introduce|introduced"
               r"|suggest|suggested)|what\s+(?:has|have)\s+been\s+(?:proposed|introduced)"
               r"|(?:new|novel|recent)?\s*(?:methods?|approaches|techniques)\s+(?:(?:that\s+)?(?:were|are|have\s+been)\s+)?"
               r"(?:proposed|introduced|suggested))\s+(?:for|in|on|to)\s+(?P<task>.+)$")
_BASED = [
    _R(r"^(?:methods?|approaches|techniques?|models?|works?|papers?|variants?|anything|something|what|which|systems?"
       r"|frameworks?|architectures?|stuff|things|tools?)\s+(?:that\s+|which\s+)?"
       r"(?:(?:is|are|was|were|has\s+been|have\s+been)\s+)?"
       r"(?:based\s+on|built\s+(?:up)?on(?:\s+top\s+of)?|building\s+on|extend\w*|derived\s+from|on\s+top\s+of"
       r"|inspired\s+by|variants?\s+of|extensions?\s+of)(?:\s*/\s*(?:\w+\s+){1,2}?(?:with|on|from|by))?"  # "built on / run with"
       r"\s+(?P<x>.+)$"),
    # "YOLO-based detection models": up to three words between "-based" and the generic noun
    _R(r"^(?P<x>.+?)[\s-]based\s+(?:[\w\-]+\s+){0,3}?(?:methods?|approaches|techniques?|models?|works?|detectors?"
       r"|networks?|architectures?|frameworks?)$"),
    _R(r"^(?P<x>.+?)\s+(?:variants?|extensions?)$"),
]
_COMPARE = [
    _R(r"^how\s+(?:does|do|did)\s+(?P<a>.+?)\s+compare\s+(?:to|with|against)\s+(?P<b>.+)$"),
    _R(r"^compare\s+(?P<a>.+?)\s+(?:and|with|to|vs\.?)\s+(?P<b>.+)$"),
    _R(r"^(?P<a>.+?)\s+(?:vs\.?|versus|compared\s+(?:to|with)|against)\s+(?P<b>.+?)(?:\s*[-:,;]\s+.*)?$"),
]
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Za-z][A-Za-z0-9\-]{1,9})\)")
_SLASH = re.compile(r"\b([A-Za-z][\w\-]*)/[A-Za-z][\w\-]*\b")
_GLOSS = re.compile(r"\s*\((?![A-Za-z][A-Za-z0-9\-]{1,9}\))[^()]*\)")   # not an acronym: "(urban street scenes)"
_TRAIL = re.compile(r"\s+(?:dataset|benchmark|datasets|benchmarks|games?)$", re.I)


@lru_cache(maxsize=1)
def _rewrites() -> list[tuple[re.Pattern, str, str]]:
    """questions/readings.toml: phrase patterns and the wording the papers use for them."""
    data = tomllib.loads((Path(__file__).with_name("readings.toml")).read_text(encoding="utf-8"))
    return [(re.compile(rf"^(?:{r['pattern']})$", re.I), r["reading"], r["why"]) for r in data["rewrite"]]


def rewritten(text: str) -> list[tuple[str, str]]:
    """The readings of a phrase in the papers' words (`_rewrites`), with why, in order."""
    return [(reading.format(**m.groupdict()), why) for rx, reading, why in _rewrites()
            if (m := rx.match(text.strip()))]


def simplify(text: str) -> str:
    """Plain-words noise a reader skips: a defined acronym after its long form, 'a/b' alternatives."""
    text = _ACRONYM_AFTER.sub("", text)
    return _SLASH.sub(r"\1", text)


_BETTER = _R(r"^(?:(?P<ctx>.+?)\s+)?(?:methods?|approaches|techniques?|ways?|tricks?|strateg(?:y|ies)|recipes?|solutions?)\s+"
             r"(?:for|to\s+get|to\s+achieve|(?:that\s+|which\s+)?(?:give|gives|yield|yields|lead\s+to|leads\s+to|bring|brings)"
             r"|giving|with)\s+"
             r"(?:(?P<obj>(?!(?:a|better|higher|improved|stronger|more)\b)[\w\-']+(?:\s+[\w\-']+)?)\s+(?=(?:a\s+)?(?:better|higher|improved|stronger|more)\b))?"   # "give CLIP better ..."
             r"(?:a\s+)?(?:better|higher|improved|stronger|more)\s+(?P<target>.+?)"
             r"(?:\s+(?P<sep>on|for|of|with|in|under)\s+(?P<ctx2>.+))?$")
# "make/keep X robust", "stay robust to Y": a state verb, then an adjective whose noun names an entity.
_STATE = _R(r"\b(?P<verb>make|makes|making|keep|keeps|keeping|stay|stays|staying|remain|remains|remaining|become"
            r"|becomes|render|renders)\s+(?P<rest>.+)$")
_NOT_ADJECTIVE = {"more", "less", "very", "much", "it", "them", "the", "a", "an", "models", "model", "better", "sure"}

Link = Callable[[str], list[EntityMatch]]


def nouns_of(adjective: str) -> list[str]:
    """The nouns an adjective may be the quality of, by English suffix rules: robust ->
    robustness, accurate -> accuracy, efficient -> efficiency, stable -> stability, general ->
    generality; and the noun of an -ize verb (generalize -> generalization). Candidates only:
    the caller keeps one that names an entity."""
    w = adjective.lower()
    if len(w) < 4 or w in _NOT_ADJECTIVE or not w.isalpha():
        return []
    out = []
    if w.endswith("ate"):
        out.append(w[:-3] + "acy")
    if w.endswith(("ent", "ant")):
        out += [w[:-1] + "cy", w[:-1] + "ce"]
    if w.endswith("ble"):
        out.append(w[:-3] + "bility")
    if w.endswith("al"):
        out.append(w + "ity")
    if w.endswith(("ize", "ise")):
        out.append(w[:-1] + "ation")         # generalize -> generalization (a verb after "make X")
    out.append(w + "ness")
    return out


def _scope(f: _Filler, chunks: list[str], resolve: Resolve, link: Link | None) -> list[str]:
    """Fills the model/dataset slots from the names the chunks mention (the whole chunk, else
    entity linking inside it); returns the chunks less the names used."""
    out: list[str] = []
    for chunk in chunks:
        if not chunk:
            out.append(chunk)
            continue
        found = resolve(chunk, ("Model", "Dataset"), False)
        if found and found[0].label.lower() not in f.parsed.slots:
            f.entity(found[0].label.lower(), chunk)
            out.append("")
            continue
        for m in (link(chunk) if link else []):
            slot = m.label.lower()
            if m.label in ("Model", "Dataset") and slot not in f.parsed.slots:
                f.entity(slot, m.name)
                f.parsed.notes.append(f'"{m.name}" found in "{chunk}" (entity linking)')
                chunk = re.sub(r"(?<![A-Za-z0-9])" + re.escape(m.name) + rf"(?:[-\s]{_NAME_SUFFIX})?(?![A-Za-z0-9])", " ",
                               chunk, flags=re.I)
                # what held the name on: "the robustness of [CLIP]", "[CLIP]'s robustness"
                chunk = _DANGLING_END.sub("", _DANGLING_START.sub("", chunk.strip()))
        out.append(re.sub(r"\s+", " ", chunk).strip())
    return out


# Words a name is joined to ("CLIP-based", "BERT-style"): removed with the name, split off it for linking.
_NAME_SUFFIX = r"(?:based|like|style|specific|driven|powered|tuned)"
_DANGLING_START = re.compile(r"^(?:(?:['’]s|the|a|an|or|and)\b|[\s,;:])+", re.I)
_DANGLING_END = re.compile(r"(?:\s+(?:of|for|on|in|with|to|from|by|under|at|and|or|the|a|an)\b|[\s,;:])+$", re.I)


def _names_exactly(text: str, resolve: Resolve) -> bool:
    """Whether `text` is itself an entity's name (not only near one in meaning)."""
    key = normalize_key(text)
    return any(normalize_key(m.name) == key or m.key == key for m in resolve(text, (), False))


_LOSING = r"(?:lose|loses|losing|hurt|hurts|hurting|sacrific\w*|compromis\w*|degrad\w*|harm\w*|forget\w*)"
_PRESERVE = _R(r"\b(?P<verb>keep|keeps|keeping|preserv\w*|maintain\w*|retain\w*|protect\w*"
               r"|without\s+(?:losing|hurting|sacrificing|compromising|degrading|harming|reducing)"
               rf"|(?:not|never|avoid\w*|prevent\w*|stop\w*)\s+(?:to\s+)?{_LOSING}"
               rf"|(?:fix\w*|remed\w*|solutions?|cures?)\s+(?:for|to)\s+(?:\S+\s+){{0,4}}?{_LOSING})\s+(?P<rest>.+)$")


def _preserve_question(text: str, resolve: Resolve, link: Link | None) -> Parsed | None:
    """"how do I keep zero-shot robustness when fine-tuning CLIP" -> methods that improve
    (keep) robustness on CLIP: keeping a quality is read as improving it, a clause ("when ...")
    gives the scope."""
    m = _PRESERVE.search(text)
    if not m:
        return None
    parts = _CLAUSE.split(m.group("rest"), maxsplit=1)
    target, clause = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
    f = _Filler("methods_that_effect_target", resolve)
    f.effect(Effect.IMPROVES, m.group("verb"))
    # "fine-tune CLIP without losing X", "fixes for CLIP losing X"
    rest = _scope(f, [target, clause, text[:m.start("rest")]], resolve, link)
    if f.entity("target", rest[0] or target):
        f.parsed.notes.insert(0, f'"{m.group("verb")}" read as improving (not losing) the quality')
        return f.parsed
    return None


def _state_question(text: str, resolve: Resolve, link: Link | None) -> Parsed | None:
    """"how to make fine-tuned CLIP robust under distribution shift" -> methods that improve
    robustness (under distribution shift) on CLIP."""
    m = _STATE.search(text)
    if not m:
        return None
    words = m.group("rest").split()
    for i, word in enumerate(words):
        noun = next((n for n in nouns_of(word.strip(",.;")) if _names_exactly(n, resolve)), None)
        if noun is None:
            continue
        f = _Filler("methods_that_effect_target", resolve)
        f.effect(Effect.IMPROVES, f"{m.group('verb')} ... {word}")
        after = " ".join(words[i + 1:])
        after = re.sub(r"^(?:(?:better|more|well|further|again|enough)\b\s*)+", "", after, flags=re.I)
        # "make CLIP more robust": the degree word belongs to the adjective, not to the object
        before = re.sub(r"(?:\s+\b(?:more|less|very|much|even|so|too|as|most|fully|truly)\b)+$", "",
                        " ".join(words[:i]), flags=re.I)
        obj, qual = _scope(f, [before, after], resolve, link)
        f.parsed.notes.insert(0, f'"{m.group("verb")} ... {word}" read as improving {noun}')
        if (qual and f.entity("target", f"{noun} {qual}")) or f.entity("target", noun):
            f.parsed.unresolved.pop("target", None)
            return f.parsed
    return None


# "... and still generalize out of distribution", "models that generalize to unseen domains":
# what is asked for is that kind of generalization (target), on what the rest names (scope).
_GENERALIZE = _R(r"\b(?:still\s+|better\s+|well\s+)?generali[sz]es?\s+(?:well\s+|better\s+)?"
                 r"(?P<where>out[-\s]of[-\s]distribution|to\s+(?:out[-\s]of[-\s]distribution|ood)\s+data"
                 r"|under\s+distribution\s+shifts?|to\s+(?:new|unseen|novel)\s+(?:domains?|environments?)"
                 r"|across\s+domains?)\b(?P<after>.*)$")


def _generalize_question(text: str, resolve: Resolve, link: Link | None) -> Parsed | None:
    m = _GENERALIZE.search(text)
    if not m:
        return None
    where = m.group("where").lower()
    target = "domain generalization" if "domain" in where or "environment" in where else \
        "out-of-distribution generalization"
    f = _Filler("methods_that_effect_target", resolve)
    f.effect(Effect.IMPROVES, "generalize")
    _scope(f, [text[:m.start()], m.group("after")], resolve, link)
    if not f.entity("target", target):
        return None
    f.parsed.notes.insert(0, f'"generalize {m.group("where")}" read as improving {target}')
    return f.parsed


def _new_types(text: str, resolve: Resolve, link: Link | None = None) -> Parsed | None:
    for rx in _COMPARE:
        # "defenses that improve robustness against attacks" asks for an effect, not a comparison
        if (m := rx.match(text)) and not any(effect_of(w) for w in re.findall(r"[A-Za-z]+", m.group("a"))):
            f = _Filler("claims_about_pair", resolve)
            if f.entity("a", m.group("a")) and f.entity("b", m.group("b")):
                f.parsed.notes.insert(0, "read as a comparison of the two")
                return f.parsed
    if m := _BETTER.match(text):
        f = _Filler("methods_that_effect_target", resolve)
        f.effect(Effect.IMPROVES, "better")
        _, rest, _ = _scope(f, [m.group("ctx") or "", m.group("ctx2") or "", m.group("obj") or ""], resolve, link)
        # what is left of "on shifted test distributions" qualifies the target
        if (rest and f.entity("target", f"{m.group('target')} {m.group('sep')} {rest}")) or \
                f.entity("target", m.group("target")):
            f.parsed.unresolved.pop("target", None)
            return f.parsed
    if parsed := _state_question(text, resolve, link) or _preserve_question(text, resolve, link) or \
            _generalize_question(text, resolve, link):
        return parsed
    for rx in _EVALUATES:
        # "Cityscapes (urban street scenes)": a gloss in brackets, when the whole names nothing
        if (m := rx.match(text)) and (x := _TRAIL.sub("", m.group("x"))) and \
                (filled := _first_filled("papers_evaluating_on", "dataset", [x, _GLOSS.sub("", x).strip()], resolve)):
            return filled[0].parsed
    for rx in _BASED:
        if (m := rx.match(text)) and (filled := _first_filled("methods_based_on", "base", [
                m.group("x"), _GLOSS.sub("", m.group("x")).strip()], resolve)):
            return filled[0].parsed
    if m := _USES.match(text):
        # the used name, less a purpose ("to handle noisy labels") when the whole names nothing
        x = m.group("x")
        if filled := _first_filled("methods_based_on", "base", [x, _PURPOSE.split(x, maxsplit=1)[0]], resolve):
            f, words = filled
            f.parsed.notes.insert(0, "read as methods proposed by papers that use it")
            if words != x:
                f.parsed.notes.append(f'"{x[len(words):].strip()}" read as the purpose, not a name')
            return f.parsed
    if (m := _PROPOSES.match(text)) and (filled := _first_filled("proposed_methods", "task", [
            m.group("task"), _PURPOSE.split(m.group("task"), maxsplit=1)[0]], resolve)):
        return filled[0].parsed
    return None


def _first_filled(question_id: str, slot: str, phrasings: list[str], resolve: Resolve) -> tuple[_Filler, str] | None:
    """The first of these phrasings of a slot (each tried once) that names something, with its filler."""
    for words in dict.fromkeys(phrasings):
        f = _Filler(question_id, resolve)
        if f.entity(slot, words):
            return f, words
    return None


# ---------------------------------------------------------------------------- answering

def answer(store, text: str, *, limit: int = 50, include_negated: bool = False) -> Result:
    """The answer to a question in plain words, its reads all from one state of the graph."""
    started = time.perf_counter()
    result = store.consistently(lambda: _answer(store, text, limit, include_negated))
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    return result


def _answer(store, text: str, limit: int, include_negated: bool) -> Result:
    meaning = meaning_for(store)
    meaning.fresh()
    resolve = meaning.resolver()
    plain = clean(simplify(text))
    scope_link = lambda t: link_entities(store, t, labels=("Model", "Dataset"), aliases=meaning.aliases,  # noqa: E731
                                         keys=meaning.keys())
    parsed = _new_types(plain, resolve, scope_link) or \
        parse_question(simplify(text), resolve=resolve)
    if parsed.question_id is None or not parsed.ok or _effect_in_phrase(parsed, plain):
        parsed = _effect_by_parts(store, meaning, plain, resolve) or parsed
    if parsed.question_id == "methods_that_effect_target" and parsed.ok:
        _scope_from_target(parsed, resolve, scope_link)
    result = Result(parsed, None)
    if parsed.question_id is not None and parsed.ok:
        result.answer = run_question(store, parsed.question_id, limit=limit, include_negated=include_negated,
                                     **parsed.slots)
    if result.answer is not None and parsed.question_id == "papers_studying_topic" and result.rows:
        # A paper row says what the paper proposes, not only which topic name it matched.
        proposed = {r["id"]: r["methods"] for r in gs.paper_summaries(store, sorted({r["paper_id"] for r in result.rows}))}
        for row in result.rows:
            row["methods"] = proposed.get(row["paper_id"], [])
    _name_rows(store, meaning, result.rows)
    result.reading = _reading(parsed, meaning)
    shown_papers = {r.get("paper_id") for r in result.rows}
    shown_names = {n for r in result.rows for n in _names(r)}
    if parsed.question_id == "methods_that_effect_target" and parsed.ok:
        result.related += _effect_related(store, meaning, parsed, simplify(text), result.rows, limit, shown_names)
    if parsed.question_id == "methods_based_on" and parsed.ok:
        result.related += _named_after(meaning, parsed, shown_names)
    if parsed.question_id in _NEAR_SLOT and parsed.ok:
        result.related += _near_names_proposals(store, meaning, parsed, shown_names | shown_papers)
    papers = _papers_of(store, parsed, ("model", "dataset")) or _papers_of(store, parsed)
    if parsed.question_id is None or not parsed.ok:
        # Not understood as a catalogue question: link the names the text mentions, and look for
        # evidence in the papers that name the models/datasets among them (else any of them).
        linked = link_entities(store, simplify(text), aliases=meaning.aliases, keys=meaning.keys())
        for m in linked:
            result.reading.append(f'"{m.name}" linked to the {m.label} {m.name} ({m.papers} papers)')
        scoped = [(m.label, m.key) for m in linked if m.label in ("Model", "Dataset")] or \
                 [(m.label, m.key) for m in linked]
        if scoped:
            papers = {pid for ids in gs.papers_linked(store, scoped).values() for pid in ids}
            names = " or ".join(m.name for m in linked if (m.label, m.key) in scoped)
            wider = _sentence_rows(store, meaning, meaning.sentences(simplify(text), None, SENTENCES * 3),
                                   shown_papers | papers)
            result.related += [dict(r, reason=f"a sentence near the question ({r['score']:.2f}); the paper does "
                                              f"not name {names}{_proposes(r)}") for r in wider[:SENTENCES // 2]]
    hits = meaning.sentences(simplify(text), papers or None, SENTENCES * 3)
    rows = _sentence_rows(store, meaning, hits, shown_papers)
    for row in [*result.related, *rows]:
        row["names"] = [meaning.with_short(n) for n in row.get("names") or []]
    if result.rows:
        result.related += [dict(r, reason=f"a sentence near the question ({r['score']:.2f}){_proposes(r)}")
                           for r in rows[:SENTENCES]]
    else:
        result.fallback = [dict(r, reason=f"evidence sentence ({r['score']:.2f}); no extracted claim matches"
                                          f"{_proposes(r)}") for r in rows[:SENTENCES]]
        result.reading += _nearest_readings(meaning, parsed, plain)
    return result


_CLAUSE = re.compile(r"\b(?:when|while|during|if|by|using|via|after|before|without)\b", re.I)
def _proposes(row: dict) -> str:
    return "; the paper proposes " + ", ".join(row["paper_proposes"]) if row.get("paper_proposes") else ""


def _nearest_readings(meaning: Meaning, parsed: Parsed, text: str) -> list[str]:
    """For an answer with no rows: each slot phrase's nearest entity names by meaning (the
    slot's labels), or the question's when no question was recognised, with their scores."""
    from claimgraph.graph.catalogue import get_question

    phrases = {k: v for k, v in parsed.texts.items() if k not in ("effect", "text")} or {"": text}
    out = []
    for slot, phrase in phrases.items():
        labels: tuple[str, ...] = ()
        if parsed.question_id and slot:
            try:
                labels = get_question(parsed.question_id).slot(slot).labels
            except StopIteration:
                labels = ()
        near = meaning.near(phrase, labels, 5, 0.5) or meaning.near(phrase, (), 5, 0.5)
        if near:
            out.append(f'nearest readings of "{phrase}": '
                       + ", ".join(f"{e['name']} ({e['label']}, {s:.2f})" for e, s in near))
    return out


_FILLER = {"the", "a", "an", "of", "on", "for", "in", "with", "after", "when", "while", "during", "under", "to",
           "and", "or", "its", "their", "it", "models", "model", "based", "s", "'s", "methods", "approaches", "that",
           "which", "can", "do", "does", "i", "we", "you", "me", "how", "what", "most", "best", "better"}


def _effect_in_phrase(parsed: Parsed, text: str) -> bool:
    """"papers on improving OOD generalization for CLIP", "papers propose methods to improve X":
    a question read as a topic or a task that holds an effect verb asks what has that effect
    (read by its parts first, the topic reading kept when that reads nothing)."""
    return parsed.question_id in ("papers_studying_topic", "proposed_methods") and \
        any(effect_of(w) for w in re.findall(r"[A-Za-z]+", text))


def _scope_from_target(parsed: Parsed, resolve: Resolve, link: Link) -> None:
    """"out-of-distribution generalization of CLIP fine-tuning", "CLIP's robustness", "CLIP ViT
    accuracy under distribution shift": a model or dataset named in the target's qualifier, owner
    or modifiers becomes the question's scope when none was given, and the target is read again
    without it when what is left names something ("ViT" was read as the head of "... from
    fine-tuned CLIP ViT models")."""
    target = parsed.texts.get("target") or ""
    if parsed.slots.get("model") or parsed.slots.get("dataset"):
        return
    m = _QUALIFIER.search(target)
    owner = re.match(r"^(.+?)['’]s\s+", target)       # "CLIP's out-of-distribution generalization"
    own = target[owner.end() if owner else 0:m.start() if m else len(target)]
    f = _Filler(parsed.question_id or "", resolve)
    f.parsed = parsed
    qualifier, _, own_left = _scope(f, [target[m.end():] if m else "", owner.group(1) if owner else "", own],
                                    resolve, link)
    if not (parsed.slots.get("model") or parsed.slots.get("dataset")):
        return
    qualifier = _SCOPE_FILLER.sub("", qualifier).strip()
    again = own_left + (f" {m.group(1)} {qualifier}" if m and qualifier else "")
    if again and again != target:
        slots, unresolved, notes = dict(parsed.slots), dict(parsed.unresolved), list(parsed.notes)
        parsed.notes = [n for n in parsed.notes if not n.startswith(f'"{target}" read as ')]
        if f.entity("target", again):
            parsed.unresolved.pop("target", None)
        else:
            parsed.slots, parsed.unresolved, parsed.notes = slots, unresolved, notes
            parsed.texts["target"] = target


# Words left of a qualifier once its model is scope: "(from) fine-tuned [CLIP] ViT models"
_SCOPE_FILLER = re.compile(r"\b(?:fine[-\s]?tun(?:ed|ing)|pre[-\s]?trained|zero[-\s]?shot|models?|networks?|backbones?|"
                           r"encoders?|vit|vits|the|a|an|its|their|of|for|on|in|with|from)\b", re.I)


def _effect_by_parts(store, meaning: Meaning, text: str, resolve: Resolve) -> Parsed | None:
    """A question no phrasing matched but that uses an effect verb ("What improves CLIP's
    robustness after fine-tuning?"): the effect from the verb, the models/datasets the text
    names (entity linking) as context, and what follows the verb, less those names and filler
    words, as the target (shortened from the end until it names something)."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9\-']*", text)
    at = next((i for i, w in enumerate(words) if effect_of(w)), None)
    if at is None:
        return None
    effect = effect_of(words[at])
    f = _Filler("methods_that_effect_target", resolve)
    f.effect(effect, words[at])
    linked = link_entities(store, " ".join(words), aliases=meaning.aliases, keys=meaning.keys())
    context = {m.label.lower(): m for m in linked if m.label in ("Model", "Dataset")}
    for slot, m in context.items():
        f.entity(slot, m.name)
    named = {w.lower() for m in context.values() for w in re.findall(r"[A-Za-z0-9\-']+", m.name)}
    # a verb's noun where it names an entity ("generalize" -> generalization), acronyms written short
    words = words[:at + 1] + meaning.expander.contract(" ".join(
        next((n for n in nouns_of(w) if w.lower().endswith(("ize", "ise")) and _names_exactly(n, resolve)), w)
        for w in words[at + 1:])).split()
    rest = [w for w in words[at + 1:] if re.sub(r"'s$", "", w).lower() not in named and w.lower() not in _FILLER]
    # The words up to a clause word ("increase OOD accuracy when fine-tuning ...") read as the
    # target first, by every reading the resolver knows (acronym families, heads, meaning).
    clause = _CLAUSE.split(" ".join(words[at + 1:]), maxsplit=1)[0].split()
    head = [w for w in clause if re.sub(r"'s$", "", w).lower() not in named and w.lower() not in _FILLER]
    if head and len(head) < len(rest) and f.entity("target", " ".join(head)):
        f.parsed.notes.insert(0, "read by its parts: the effect verb, the names it mentions, the words after the verb "
                                 "up to a clause word")
        return f.parsed
    f.parsed.unresolved.pop("target", None)
    exact = meaning.base
    # The longest run of the remaining words that names something as written; failing any, the
    # whole remainder by meaning (at most 4 words a run and 20 lookups: a long question stays fast).
    spans = [" ".join(rest[i:i + n]) for n in range(min(4, len(rest)), 0, -1) for i in range(len(rest) - n + 1)]
    contract = meaning.expander.contract
    target = next((span for span in spans[:20] if exact(span, (), False) or
                   (contract(span) != span and exact(contract(span), (), False))), " ".join(rest))
    if target and f.entity("target", target):
        f.parsed.unresolved.pop("target", None)
        f.parsed.notes.insert(0, "read by its parts: the effect verb, the names it mentions, the words after the verb")
        return f.parsed
    return None


_CANDIDATE = re.compile(r"[A-Za-z][A-Za-z0-9\-\.]*")
_SUFFIXED = re.compile(rf"-(?={_NAME_SUFFIX}\b)", re.I)   # "CLIP-based" -> "CLIP based"


def link_entities(store, text: str, max_words: int = 3, labels: tuple[str, ...] = (),
                  aliases: dict[str, list[tuple[str, str]]] | None = None,
                  keys: frozenset[str] | None = None) -> list[EntityMatch]:
    """Entity linking: word n-grams (longest first) that are an entity's name, key or alias,
    exactly (of one of `labels`, when given); a linked n-gram's words are not linked again. Only
    n-grams holding a capital letter or a digit (names, acronyms) are tried, so common words
    cost no lookups. `aliases`, `keys`: the store's `alias_index` and entity keys, when the caller holds them."""
    from claimgraph.graph.catalogue import pick, resolve_name

    words = _CANDIDATE.findall(_SUFFIXED.sub(" ", text))
    used: set[int] = set()
    found: list[EntityMatch] = []
    for n in range(max_words, 0, -1):
        for i in range(len(words) - n + 1):
            span = range(i, i + n)
            phrase = " ".join(words[i:i + n]).strip(".-")
            if used & set(span) or not any(c.isupper() or c.isdigit() for c in phrase):
                continue
            chosen = pick(resolve_name(store, phrase, labels, aliases=aliases, keys=keys))
            if chosen:
                found.append(chosen[0])
                used |= set(span)
    return found


def _names(row: dict) -> list[str]:
    out = []
    for col in ("subject", "target", "method", "dataset", "model", "other_subject", "other_target", "base"):
        if isinstance(row.get(col), str):
            out.append(row[col])
    for col in ("methods", "topics", "names", "in_evidence"):
        out += [x for x in row.get(col) or [] if isinstance(x, str)]
    # "RFT = Robust Fine-Tuning": both sides are names the row shows
    out += [side for x in row.get("short_forms") or [] if isinstance(x, str) for side in x.split(" = ")]
    return out


_SHOWN_SHORT = re.compile(r"^(?P<long>.+?)\s+\((?P<short>[^()]+)\)$")


def _shown_forms(name: str) -> list[str]:
    """A name as shown, and its two halves when it is shown with its acronym ("BAlaNced
    averaGing (BANG)", Meaning.with_short)."""
    m = _SHOWN_SHORT.match(name)
    return [name, m.group("long"), m.group("short")] if m else [name]


def answer_names(result: Result) -> tuple[list[str], list[str]]:
    """(every name shown, the names shown as related) - for the question-set score."""
    direct = [n for r in result.rows for n in _names(r)]
    direct += [c.split(": ", 1)[-1] for r in result.rows for c in r.get("context") or [] if isinstance(c, str)]
    related = [n for r in result.related for n in [*r.get("names", []), *r.get("paper_proposes", [])]]
    fallback = [n for r in result.fallback for n in [*r.get("names", []), *r.get("paper_proposes", [])]]
    shown = lambda names: [form for n in names for form in _shown_forms(n)]  # noqa: E731
    return shown(direct + related + fallback), shown(related + fallback)


def _reading(parsed: Parsed, meaning: Meaning) -> list[str]:
    if parsed.question_id is None:
        return ["no question recognised"]
    lines = [f"understood as: {parsed.title}"]
    lines += parsed.notes
    for text in parsed.texts.values():
        lines += meaning.notes.get(text, [])
    if parsed.slots.get("model") or parsed.slots.get("dataset"):
        lines.append("the model/dataset is met by the claim's context or by the paper's subject "
                     "(a paper that uses or evaluates on it)")
    return list(dict.fromkeys(lines))


def _without_scope(store, meaning: Meaning, parsed: Parsed, limit: int, shown: set[str]) -> list[dict]:
    """The same effect on the same target, without the model/dataset: related answers."""
    slots = {k: v for k, v in parsed.slots.items() if k not in ("model", "dataset")}
    scope = " and ".join(v[0].name for k, v in parsed.slots.items() if k in ("model", "dataset") and v)
    rows = [r for r in run_question(store, "methods_that_effect_target", limit=limit, **slots).rows
            if r["subject"] not in shown]
    _name_rows(store, meaning, rows)
    return [_claim_row(r, f"{r['subject']} {r['effect']} {r['target']}; the claim and its paper do not name {scope}",
                       None) for r in rows]


FEW = 3             # an effect question with fewer direct rows also looks for claims near the question
NEAR_SENTENCE = 0.5  # ... in papers with a sentence this near
NEAR_CLAIM_TARGET = 0.45  # ... whose target is this near the question or the asked target
NEAR_TARGET = 0.7   # a claim's target this near the asked target (or an answer's) makes it a related answer


def _claim_row(r: dict, reason: str, score: float | None) -> dict:
    names = [r["subject"], r["target"], *[c.split(": ", 1)[-1] for c in r.get("context") or []],
             *(r.get("in_evidence") or [])]
    return {"names": list(dict.fromkeys(names)), "reason": reason, "score": None if score is None else round(score, 3),
            "paper_id": r["paper_id"], "paper_title": r["paper_title"], "evidence": r["evidence"],
            "target": r["target"]}


# An effect asked -> effects whose claims answer it too, with the reason shown.
_SIBLINGS = {
    Effect.REDUCES.value: [(Effect.IMPROVES.value, "for an error or a cost, an improvement is a reduction")],
    Effect.INCREASES.value: [(Effect.IMPROVES.value, "for a quality such as accuracy, an improvement is an increase")],
    Effect.IMPROVES.value: [(Effect.INCREASES.value, "an increase, read as an improvement")],
}


def _effect_related(store, meaning: Meaning, parsed: Parsed, text: str, rows: list[dict], limit: int,
                    shown: set[str]) -> list[dict]:
    """Related answers to "methods that <effect> <target> [on <model>]", each labelled with why:

    * the same effect on the same target without the model/dataset (`_without_scope`);
    * claims of a sibling effect on the target, with the reason: for "reduces X" those that improve X
      (an improved error is a lower one), for "increases X" those that improve X, and back;
    * when the direct answer has fewer than FEW rows: claims with the effect made by the papers
      whose sentences are nearest to the question (within the model/dataset's papers first);
    * claims with the effect on a target near in meaning (cosine >= NEAR_TARGET) to the asked
      target or to the target of an answer already shown, or in its acronym family ("OOD
      effectiveness" next to "out-of-distribution generalization"), with the score."""
    effect = parsed.slots["effect"]
    scope = " and ".join(v[0].name for k, v in parsed.slots.items() if k in ("model", "dataset") and v)
    out: list[dict] = []
    seen = set(shown)

    def keep(new: list[dict]) -> None:
        for row in new:
            key = (row["names"][0] if row["names"] else "", row.get("target"), row.get("paper_id"))
            if row["names"] and row["names"][0] not in seen and key not in {
                    (r["names"][0], r.get("target"), r.get("paper_id")) for r in out}:
                out.append(row)
        seen.update(r["names"][0] for r in out if r["names"])

    if scope:
        keep(_without_scope(store, meaning, parsed, limit, seen))
    asked = parsed.texts.get("target") or ""
    seeds = [asked, *(r["target"] for r in rows if r.get("target"))]
    siblings = _SIBLINGS.get(effect, [])
    for sibling, why in siblings:
        slots = dict(parsed.slots, effect=sibling)
        other = run_question(store, "methods_that_effect_target", limit=limit, **slots).rows
        _name_rows(store, meaning, other)
        keep([_claim_row(r, f"{r['subject']} {sibling} {r['target']}: {why}", None) for r in other])
        seeds += [r["target"] for r in other]
        if scope:
            keep(_without_scope(store, meaning, replace(parsed, slots=slots), limit, seen))
    effects = [effect, *(sibling for sibling, _ in siblings)]
    if len(rows) < FEW and meaning.vectors is not None:
        near = _claims_near_question(store, meaning, parsed, text, effects)
        keep(near)
        seeds += [r["target"] for r in near if r["score"] >= NEAR_SENTENCE + 0.1]
    seeds = list(dict.fromkeys(seeds))[:4]
    keep(_near_targets(store, meaning, effects, seeds, limit))
    return out[:MAX_RELATED + 4]


def _claims_near_question(store, meaning: Meaning, parsed: Parsed, text: str, effects: list[str]) -> list[dict]:
    """Claims with `effect` made by the papers whose sentences are nearest to the question: the
    model/dataset's papers first, else any paper."""
    scoped = _papers_of(store, parsed, ("model", "dataset"))
    best: dict[str, float] = {}
    near_hits: list[tuple[str, float]] = []
    for within in ([scoped] if scoped else []) + [None]:
        for key, score in meaning.sentences(text, within, SENTENCES * 2):
            pid = key.split("#", 1)[0]
            if score >= NEAR_SENTENCE:
                best[pid] = max(best.get(pid, 0.0), score)
                near_hits.append((key, score))
        if best:
            break
    papers = sorted(best, key=lambda pid: -best[pid])[:4]
    if not papers:
        return []
    claims = gs.claims_of_papers(store, papers, effects)
    # A claim of such a paper answers only if its target is somewhat near the question or the asked
    # target, or is named in one of the near sentences ("... compromise out-of-distribution (OOD) robustness").
    asked = parsed.texts.get("target") or text
    q, a = meaning.encode(text), meaning.encode(asked)
    in_sentences = {n.lower() for r in _sentence_rows(store, meaning, near_hits, set()) for n in r["names"]}
    claims = [r for r in claims if r["target"].lower() in in_sentences
              or max(float(meaning.encode(r["target"]) @ q), float(meaning.encode(r["target"]) @ a)) >= NEAR_CLAIM_TARGET]
    _name_rows(store, meaning, claims)
    claims.sort(key=lambda r: (-best[r["paper_id"]], r["subject_label"] not in ("Method", "Model")))
    return [_claim_row(r, f"{r['subject']} {r['effect']} {r['target']}: a claim of a paper with a sentence near the "
                          f"question ({best[r['paper_id']]:.2f})", best[r["paper_id"]]) for r in claims[:6]]


def _near_targets(store, meaning: Meaning, effects: list[str], seeds: list[str], limit: int) -> list[dict]:
    """Claims with one of `effects` whose target is near in meaning to one of the seed phrases."""
    if meaning.vectors is None or not seeds:
        return []
    targets: dict[str, tuple[dict, float, str]] = {}
    base = meaning.base
    meaning.scan(seeds)
    for seed in seeds:
        near = meaning.near(seed, (), MAX_RELATED, NEAR_TARGET)
        # the seed's acronym family ("OOD effectiveness" for "out-of-distribution generalization"), scored too
        family = [m for short in meaning.acronyms_in(_condition_part(seed)) for m in base(short, (), True)]
        if family:
            q = meaning.encode(seed)
            near += [(e, float(meaning.encode(e["name"]) @ q))
                     for e in meaning.entities([f"{m.label}|{m.key}" for m in family]).values()]
        for e, score in near:
            k = f"{e['label']}|{e['key']}"
            if k not in targets or targets[k][1] < score:
                targets[k] = (e, score, seed)
    if not targets:
        return []
    matches = [_match(e, "name") for e, _, _ in targets.values()]
    by_name = {e["name"]: (score, seed) for e, score, seed in targets.values()}
    rows = [r for effect in effects
            for r in run_question(store, "methods_that_effect_target", limit=limit, effect=effect, target=matches).rows]
    _name_rows(store, meaning, rows)
    rows.sort(key=lambda r: -by_name.get(r["target"], (0.0, ""))[0])
    out = []
    for r in rows:
        if r["target"] not in by_name:
            continue
        score, seed = by_name[r["target"]]
        out.append(_claim_row(r, f"{r['subject']} {r['effect']} {r['target']}: its target is near \"{seed}\" (by meaning "
                                 f"{score:.2f}, or the same acronym)", score))
    return out


def _name_rows(store, meaning: Meaning, rows: list[dict]) -> None:
    """Adds to each row the method/model names its evidence sentence mentions beyond the row's
    own (`in_evidence`: a claim about "fine-tuning" whose sentence names "Robust Fine-Tuning
    (RFT)"), and the acronyms the papers defined for the row's names (`short_forms`)."""
    ids = sorted({r["paper_id"] for r in rows if r.get("paper_id") and r.get("evidence")})
    papers = {p["id"]: p for p in meaning.paper_entities(ids)} if ids else {}
    for row in rows:
        own = _names(row)
        shorts = [f"{meaning.short[n.lower()]} = {n}" for n in own if meaning.with_short(n) != n]
        if shorts:
            row["short_forms"] = list(dict.fromkeys(shorts))
        paper = papers.get(row.get("paper_id") or "")
        if not paper or not isinstance(row.get("evidence"), str):
            continue
        low = row["evidence"].lower()
        mine = {n.lower() for n in own}
        named = [meaning.with_short(e["name"]) for e in paper["named"]
                 if e.get("name") and e["name"].lower() not in mine
                 and (e.get("label") in ("Method", "Model") or e["name"].lower() in meaning.short)
                 and any(_mentions(low, form) for form in (e["name"], *e["aliases"]))]
        if named:
            row["in_evidence"] = list(dict.fromkeys(named))


# Listing questions whose one entity slot may also be read as the names nearest in meaning.
_NEAR_SLOT = {"proposed_methods": "task", "methods_based_on": "base", "papers_evaluating_on": "dataset"}


def _near_names_proposals(store, meaning: Meaning, parsed: Parsed, shown: set) -> list[dict]:
    """For "methods proposed for X" (and based on / evaluated on X): the methods proposed by the
    papers that name an entity near X in meaning (cosine >= RELATED, any label: "Improved
    Test-Time Adaptation" next to the task "test-time adaptation"), labelled with the name and score."""
    slot = _NEAR_SLOT[parsed.question_id or ""]
    text = parsed.texts.get(slot) or ""
    used = {(m.label, m.key) for m in parsed.slots.get(slot) or []}
    near = [(e, s) for e, s in meaning.near(text, (), 6, RELATED) if (e["label"], e["key"]) not in used]
    if not near:
        return []
    linked = gs.papers_linked(store, [(e["label"], e["key"]) for e, _ in near])
    ids = sorted({pid for ids in linked.values() for pid in ids} - shown)
    summaries = {r["id"]: r for r in gs.paper_summaries(store, ids)} if ids else {}
    out, seen = [], set()
    for e, score in near:
        for pid in linked.get(f"{e['label']}|{e['key']}", []):
            paper = summaries.get(pid)
            if not paper or pid in seen:
                continue
            seen.add(pid)
            names = [meaning.with_short(n) for n in paper["methods"] if n not in shown]
            if names:
                out.append({"names": names, "reason": f"proposed in a paper that names {e['name']}, near \"{text}\" "
                            f"in meaning ({score:.2f})", "score": round(score, 3), "paper_id": pid,
                            "paper_title": paper["title"], "evidence": None})
    return out[:MAX_RELATED]


def _named_after(meaning: Meaning, parsed: Parsed, shown: set[str]) -> list[dict]:
    """Methods whose name contains the base's name as a word (Block-LoRA for LoRA)."""
    bases = {m.name.lower() for m in parsed.slots.get("base", [])} | {m.key for m in parsed.slots.get("base", [])}
    if meaning.vectors is None:
        return []
    row = meaning.vectors.matrix("entities")[1]
    refs = sorted({ref for b in bases for ref in meaning.methods_with_word(b)}, key=row.__getitem__)
    out = []
    for e in meaning.entities(refs).values():
        words = set(re.split(r"[\s\-_/]+", e["name"].lower()))
        if e["name"] not in shown and any(b in words for b in bases) and e["name"].lower() not in bases:
            out.append({"names": [e["name"]], "reason": f"its name extends {parsed.slots['base'][0].name}",
                        "score": None, "paper_id": None, "paper_title": None, "evidence": None})
    return out[:MAX_RELATED]


def _papers_of(store, parsed: Parsed, only: tuple[str, ...] = ()) -> set[str]:
    """Papers that name any entity the question's slots (or the `only` slots) resolved to."""
    items = [(m.label, m.key) for k, v in parsed.slots.items() if isinstance(v, list) and (not only or k in only)
             for m in v]
    if not items:
        return set()
    return {pid for ids in gs.papers_linked(store, items).values() for pid in ids}


def _sentence_rows(store, meaning: Meaning, hits: list[tuple[str, float]], skip: set) -> list[dict]:
    """A row per sentence, at most PER_PAPER per paper: the names of the paper's entities
    that the sentence mentions (else the methods the paper proposes)."""
    keep = [(key, s) for key, s in hits if key.split("#", 1)[0] not in skip]
    if not keep:
        return []
    papers = {r["id"]: r for r in meaning.paper_entities(sorted({key.split("#", 1)[0] for key, _ in keep}))}
    rows: list[dict] = []
    seen: Counter[str] = Counter()
    for key, score in keep:
        pid, i = key.split("#", 1)
        if seen[pid] >= PER_PAPER or pid not in papers:
            continue
        sentences = split_sentences(papers[pid]["abstract"])
        if int(i) >= len(sentences):
            continue
        seen[pid] += 1
        sentence = sentences[int(i)]
        low = sentence.lower()
        named = [e for e in papers[pid]["named"] if e.get("name")]
        names = [e["name"] for e in named
                 if any(_mentions(low, form) for form in (e["name"], *e["aliases"]))]
        proposed = list(dict.fromkeys(e["name"] for e in named if e["how"] == "PROPOSES" and e.get("label") == "Method"))
        names = names or proposed
        rows.append({"names": list(dict.fromkeys(names))[:6], "score": round(score, 3), "paper_id": pid,
                     "paper_title": papers[pid]["title"], "evidence": sentence,
                     "paper_proposes": [meaning.with_short(n) for n in proposed[:3] if n not in names]})
    return rows


def _mentions(low_sentence: str, form: str) -> bool:
    """Is `form` written in the lower-case sentence as whole words (no letter or digit either
    side)? A search with str.find: a regex per (sentence, name) overflowed re's cache and
    recompiled ~3,000 patterns a question on the 92k graph."""
    form = form.lower().strip()
    if len(form) < 2:
        return False
    at = low_sentence.find(form)
    while at >= 0:
        end = at + len(form)
        if not (at and _word_char(low_sentence[at - 1])) and not (end < len(low_sentence) and _word_char(low_sentence[end])):
            return True
        at = low_sentence.find(form, at + 1)
    return False


def _word_char(c: str) -> bool:
    return "a" <= c <= "z" or "0" <= c <= "9"
