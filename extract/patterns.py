"""Pattern families over sentence text: proposed-method statements and abbreviations.

Pure functions returning character offsets, so they are tested without spaCy; the
spaCy components in `extract.components` turn them into spans.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from claimgraph.schema import EntityType

# A name as papers write their contributions: WiSE-FT, BANG, OptMATH, Robust
# Fine-Tuning, Light SB, C-Mixup, GPT-4, AdaNPC. Lower-case words may join
# capitalised ones only inside the name ("Learning to Rank").
_NAME_WORD = r"(?:[A-Z0-9][\w\-+.'’]*[\w+]|[A-Z]|[a-z]+[A-Z][\w\-+]*)"
_NAME = rf"{_NAME_WORD}(?:(?:\s+|-)(?:(?:of|for|and|to|with|via|in|on)\s+)?{_NAME_WORD}){{0,5}}"
_VERB = r"(?:propose|proposes|introduce|introduces|present|presents|develop|develops|design|designs|devise|devises|build|builds|call|term|name|coin|dub)"
_KIND = (r"(?:method|approach|framework|algorithm|technique|strategy|model|architecture|"
         r"paradigm|scheme|pipeline|procedure|objective|loss|regularizer|regulariser|optimizer|"
         r"dataset|benchmark|corpus|suite|metric|measure|score|module|network|system|recipe|protocol|"
         r"method\w*|mechanism|estimator|bound|principle|prompting|training|fine-tuning|tuning)")
_ADJ = r"(?:(?:a|an|the|our|this)\s+)?(?:(?:novel|new|simple|general|unified|efficient|effective|lightweight|principled|"\
       r"scalable|generic|plug-and-play|two-stage|theoretically[- ]grounded|[\w-]+-based|[\w-]+-aware|[\w-]+-free)[,]?\s+)*"
_SF = r"(?:\s*\(\s*(?P<sf>[A-Za-z][\w\-+.]{0,14})\s*\))?"

# "called/dubbed/named/termed/coined X"
_NAMED = re.compile(rf"\b(?:called|dubbed|named|termed|coined|namely)\s*[,:]?\s*[\"“']?(?P<name>{_NAME})[\"”']?{_SF}")
# "which we call multi-sample dropout," / "we term this lazy training": lower-case names after "we call"
_WE_CALL = re.compile(r"\b(?:which|that|what)?\s*we\s+(?:call|term|dub|name|coin)\s+(?:it\s+|this\s+|them\s+)?[\"“']?"
                      r"(?P<name>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,3}?)[\"”']?(?=\s*(?:[,.;:(]|\s(?:for|to|that|which|and|as|in)\b))")
# 'we propose a "random walk on random landscape" model': quoted names
_QUOTED = re.compile(r"\b(?:propose|introduce|present|develop)s?\s+(?:a|an|the|our)\s+(?:[\w-]+\s+)?[\"“]"
                     r"(?P<name>[^\"”]{3,60})[\"”]")
# "we propose X, a novel ..." / "we introduce X: ..." / "we propose X (SF), ..."
_WE = r"(?:\b[Ww]e|\b[Tt]his\s+(?:paper|work|study|article|letter)|\b[Ii]n\s+this\s+(?:paper|work),?\s+we)"
_ADV = r"(?:(?:also|thus|therefore|hence|here|further|then|first|instead|now|next|finally|\w+ly),?\s+)?"
_PAREN_LONG = r"(?:\s*\((?P<long>[^()]{8,120})\))?"
_PROPOSE_NAME = re.compile(
    rf"{_WE}\s+{_ADV}{_VERB}\s+(?P<name>{_NAME}){_SF}{_PAREN_LONG}\s*(?:[,:—–.-]|$|\s+which\b|\s+that\b|\s+as\b|\s+to\b|\s+for\b)"
)
# "we propose a novel Long Form (SF)" / "we propose Sharpness-Aware Minimization (SAM)"
_PROPOSE_ABBREV = re.compile(
    rf"(?:{_WE}\s+{_ADV}{_VERB}|\bby\s+(?:proposing|introducing|presenting|developing|designing))\s+{_ADJ}(?P<name>[\w\-]+(?:\s+[\w\-]+){{0,6}}?)\s*\(\s*(?P<sf>[A-Za-z][\w\-+.]{{0,14}})\s*\)"
)
# Sentence-initial "X, a novel/simple ... framework"
_APPOSITION = re.compile(rf"^(?:[Hh]ere,?\s+)?(?P<name>{_NAME}){_SF}\s*,\s+(?:a|an)\s+(?:novel|new|simple|[\w-]+)\b")
# "our method, X," / "our framework (X)"
_OUR_KIND = re.compile(rf"\b[Oo]ur\s+(?:[\w-]+\s+)?{_KIND}\s*[,(]\s*(?P<name>{_NAME})\s*[,)]")
# Title "X: rest of title"
_TITLE_NAME = re.compile(rf"^(?P<name>{_NAME_WORD}(?:[\s-]{_NAME_WORD}){{0,3}})\s*:\s+\S")

_KIND_TO_TYPE = [
    (re.compile(r"\b(?:dataset|benchmark|corpus|suite|collection)s?\b", re.I), EntityType.DATASET),
    (re.compile(r"\b(?:metric|measure|score)s?\b", re.I), EntityType.METRIC),
]
_NOT_NAMES = {
    "We", "In", "This", "The", "Our", "It", "To", "A", "An", "However", "Moreover", "Specifically",
    "Furthermore", "Finally", "Here", "These", "First", "Second", "Third", "Experiments", "Extensive",
    "Results", "Code", "Based", "Using", "By", "With", "For", "On", "As", "Theoretically",
    "Empirically", "Additionally", "Importantly", "Concretely", "Unlike", "Inspired", "Despite",
}


@dataclass(frozen=True)
class Found:
    """A character span found by a pattern, with what it is."""

    start: int
    end: int
    type: EntityType
    pattern: str
    short: tuple[int, int] | None = None  # the abbreviation's span, when one follows


def _clean_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim trailing junk words and refuse sentence words that are not names."""
    name = text[start:end]
    while name and name[-1] in ".,;:'’-":
        name, end = name[:-1], end - 1
    words = name.split()
    while words and words[-1].lower() in {"of", "for", "and", "to", "with", "via", "in", "on", "a", "an", "the"}:
        end -= len(text[start:end]) - len(text[start:end].rstrip()[: -len(words[-1])].rstrip())
        words.pop()
        name = text[start:end]
    if not words or words[0] in _NOT_NAMES or len(name) < 2 or name.isdigit():
        return None
    if len(words) == 1 and _is_plain_word(name):
        return None
    return start, end


def _is_plain_word(word: str) -> bool:
    """'Then', 'Generally', 'Results': sentence words, not names."""
    lower = word.lower()
    return word[1:].islower() and (lower in STOP_WORDS or lower.endswith("ly"))


def _type_after(text: str, pos: int) -> EntityType:
    """Proposed things are methods unless the words right after call them a dataset or metric."""
    window = text[pos: pos + 80]
    for pattern, entity_type in _KIND_TO_TYPE:
        match = pattern.search(window)
        if match and not re.search(r"\b(?:method|framework|approach|algorithm)\b", window[: match.start()], re.I):
            return entity_type
    return EntityType.METHOD


def find_proposals(sentence: str, *, offset: int = 0) -> list[Found]:
    """Named contributions stated in one sentence ("we propose X", "called X", "X, a novel ...")."""
    found: list[Found] = []
    families = [("named", _NAMED), ("we-call", _WE_CALL), ("quoted", _QUOTED), ("we-propose", _PROPOSE_NAME),
                ("we-propose-abbrev", _PROPOSE_ABBREV), ("apposition", _APPOSITION), ("our-kind", _OUR_KIND)]
    for family, pattern in families:
        for m in pattern.finditer(sentence):
            span = _clean_name(sentence, m.start("name"), m.end("name"))
            if span is None:
                continue
            if family == "we-propose-abbrev" and not _abbreviation_matches(sentence[span[0]:span[1]], m.group("sf")):
                continue
            if family == "we-propose-abbrev":
                span = _trim_to_abbreviation(sentence, span, m.group("sf"))
            short = None
            if m.groupdict().get("sf"):
                short = (m.start("sf") + offset, m.end("sf") + offset)
            found.append(Found(span[0] + offset, span[1] + offset, _type_after(sentence, m.end()), family, short))
    return _dedupe(found)


def find_title_name(title: str) -> Found | None:
    """'OptMATH: A Scalable ... Framework' names the proposed thing before the colon."""
    m = _TITLE_NAME.match(title)
    if not m:
        return None
    span = _clean_name(title, m.start("name"), m.end("name"))
    if span is None:
        return None
    name = title[span[0]:span[1]]
    # A title head like "Deep Learning: ..." is a topic, not a name: want caps inside a word or an
    # acronym, or a single word introducing "A/An …" ("Chameleon: A Data-Efficient Generalist").
    distinctive = re.search(r"[A-Z]{2}|[a-z][A-Z]|\d|-[A-Z]", name)
    single_word_intro = " " not in name and re.match(r"\s*(?:A|An)\s", title[m.end("name") + 1:])
    if not (distinctive or single_word_intro) or _is_plain_word(name):
        return None
    return Found(span[0], span[1], _type_after(title, m.end()), "title")


def _dedupe(found: list[Found]) -> list[Found]:
    """Keep the longest of overlapping finds."""
    kept: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


# ---------------------------------------------------------------- abbreviations


def _abbreviation_matches(long_form: str, short: str | None) -> bool:
    if not short:
        return False
    return _best_long_form(long_form, short) is not None


def _trim_to_abbreviation(text: str, span: tuple[int, int], short: str) -> tuple[int, int]:
    start = _best_long_form(text[span[0]:span[1]], short)
    return (span[0] + start, span[1]) if start is not None else span


def _best_long_form(candidate: str, short: str) -> int | None:
    """Schwartz & Hearst (2003): offset in `candidate` where the long form of `short` starts.

    Characters of the short form are matched right to left inside the candidate; the
    first one must start a word. Returns None when the short form does not fit.
    """
    s_chars = [c.lower() for c in short if c.isalnum()]
    if not s_chars:
        return None
    s_i, l_i = len(s_chars) - 1, len(candidate) - 1
    while s_i >= 0:
        c = s_chars[s_i]
        while l_i >= 0 and (
            candidate[l_i].lower() != c
            or (s_i == 0 and l_i > 0 and candidate[l_i - 1].isalnum())
        ):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    start = l_i + 1
    # Start at the beginning of that word.
    while start > 0 and candidate[start - 1].isalnum():
        start -= 1
    return start


_PAREN = re.compile(r"\(\s*(?P<sf>[A-Za-z][\w\-+.]{0,14}?)s?\s*\)")
# "DARAG (Data- and Retrieval-Augmented Generative Error Correction)": short form first
_REVERSED = re.compile(r"(?P<sf>\b[A-Za-z][\w\-+]{1,14})\s*\((?P<long>[A-Za-z][^()]{6,120})\)")


def find_abbreviations(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs ((long_start, long_end), (short_start, short_end)) for 'long form (SF)'."""
    pairs = []
    for m in _PAREN.finditer(text):
        short = m.group("sf")
        letters = [c for c in short if c.isalpha()]
        if not letters or not any(c.isupper() for c in short) or len(short) < 2:
            continue
        before = text[: m.start()].rstrip()
        words = list(re.finditer(r"[\w\-’']+", before))
        max_words = min(len(short) + 5, len(short) * 2)
        window = words[-max_words:] if words else []
        if not window:
            continue
        window_start = window[0].start()
        # Stop at clause punctuation: a long form does not cross a comma or full stop.
        cut = max(before.rfind(p, window_start) for p in (",", ".", ";", ":", "("))
        window_start = max(window_start, cut + 1)
        candidate = before[window_start:]
        start = _best_long_form(candidate, short)
        if start is None:
            continue
        long_start = window_start + start
        long_text = before[long_start:]
        if len(long_text) <= len(short) or len(long_text.split()) > max_words:
            continue
        pairs.append(((long_start, len(before)), (m.start("sf"), m.start("sf") + len(short))))
    for m in _REVERSED.finditer(text):
        short, long = m.group("sf"), m.group("long").rstrip()
        if sum(c.isupper() for c in short) < 2 or len(long.split()) < 2:
            continue
        if _best_long_form(long, short) == 0:
            pairs.append(((m.start("long"), m.start("long") + len(long)), (m.start("sf"), m.end("sf"))))
    return pairs
