"""Free text -> a catalogue question with resolved slots (`claimgraph ask`).

`parse_question` matches the text against a few phrasings per question, then resolves
each entity phrase to keys through the store (names, aliases, `normalize_key`, the
curated acronym table), choosing the entity with the most papers when several match,
and records what it assumed. It takes a `resolve` function so it can be tested
without a server.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from claimgraph.graph.catalogue import Answer, EntityMatch, get_question, pick, resolve_name, run_question, suggest_names
from claimgraph.schema import Effect
from claimgraph.schema.effect_words import QUESTION_VERBS

# resolve(text, labels, narrower) -> matches, best first
Resolve = Callable[[str, tuple[str, ...], bool], list[EntityMatch]]

EXAMPLES = [
    "methods that improve OOD on CLIP",
    "what does mixup improve",
    "datasets for domain generalization",
    "papers about sharpness",
    "methods applied to CLIP",
    "claims about sharpness and generalization",
    "contested claims",
    "proposed methods for domain generalization",
]


@dataclass
class Parsed:
    """What the text was understood as. Unpacks as (question_id, slots)."""

    question_id: str | None
    slots: dict = field(default_factory=dict)       # entity slot -> [EntityMatch]; "effect" -> value
    texts: dict[str, str] = field(default_factory=dict)   # slot -> the words it came from
    notes: list[str] = field(default_factory=list)        # what was assumed
    unresolved: dict[str, str] = field(default_factory=dict)  # slot -> words that named no entity

    def __iter__(self):
        return iter((self.question_id, self.slots))

    @property
    def ok(self) -> bool:
        return self.question_id is not None and not self.unresolved

    @property
    def title(self) -> str:
        if self.question_id is None:
            return "(no question recognised)"
        shown = {name: (v[0].name if isinstance(v, list) and v else str(v)) for name, v in self.slots.items()}
        shown.update({name: repr(text) for name, text in self.unresolved.items()})
        if "effect" in shown:
            shown["effect"] = shown["effect"][:-1] if shown["effect"].endswith("s") else shown["effect"]
        return get_question(self.question_id).render(shown)


# ---------------------------------------------------------------------------- resolution

def store_resolver(store, aliases: dict[str, list[tuple[str, str]]] | None = None,
                   keys: set[str] | frozenset[str] | None = None) -> Resolve:
    """Names -> entities in `store`: by the name as typed and its normalize_key (the graph keeps
    every surface form as an alias, acronyms included); when the graph has no such name, also
    by the curated lists' canonical name and the acronym table's readings (OOD ->
    out-of-distribution generalization). The lists are read only then (once per process).
    `aliases` is an `alias_index` of the store, and `keys` every entity key, when the caller
    holds them (see `resolve_name`)."""
    from claimgraph.schema.keys import normalize_key

    def resolve(text: str, labels: tuple[str, ...] = (), narrower: bool = False) -> list[EntityMatch]:
        forms = [normalize_key(text)]
        matches = resolve_name(store, text, labels, forms=forms, aliases=aliases, keys=keys)
        if not matches:
            from claimgraph.extract.name_lists import NameLists

            more = spellings(text, NameLists.load())
            if len(more) > len(forms):
                forms = more
                matches = resolve_name(store, text, labels, forms=forms, aliases=aliases, keys=keys)
        # Narrower names are looked for once, headed by what the name resolved to.
        return resolve_name(store, text, labels, forms=forms, narrower=True, aliases=aliases, keys=keys) if narrower \
            else matches

    return resolve


def spellings(text: str, lists) -> list[str]:
    from claimgraph.schema.keys import normalize_key

    forms = [normalize_key(text)]
    known = lists.lookup(text)
    if known:
        forms.append(known[1])
    singular = text[:-1] if text.endswith("s") else text
    for short in dict.fromkeys((text, text.upper(), singular, singular.upper())):
        forms += [reading.long for reading in lists.readings.get(short, ())]
    return list(dict.fromkeys(forms))


# ---------------------------------------------------------------------------- phrasings

# Effect -> the verbs a question may use for it (schema/effect_words.toml, shared with extraction).
_EFFECT_WORDS = QUESTION_VERBS
_GENERAL_VERBS = {"do", "does", "did", "achieve", "change", "affect", "influence", "impact"}


def effect_of(word: str) -> Effect | None:
    """'improves', 'improving', 'boosted' -> Effect.IMPROVES."""
    w = word.lower()
    for effect, bases in _EFFECT_WORDS.items():
        for base in bases:
            stem = base[:-1] if base.endswith("e") else base
            if w in {base, base + "s", base + "es", base + "d", base + "ed", stem + "ed", stem + "ing",
                     base + base[-1] + "ed", base + base[-1] + "ing"}:
                return effect
    return None


_LEAD = re.compile(
    r"^(?:please\s+)?(?:(?:show|list|find|give|get|tell)(?:\s+me)?\s+)?(?:all\s+|the\s+)?"
    r"(?:(?:which|what)\s+(?:are\s+(?:the\s+)?)?(?=(?:methods?|approaches|techniques|datasets?|benchmarks?|papers?"
    r"|claims?|models?|works?|studies|contested|contradict\w*|conflicting|proposed|new|novel)\b))?", re.I)
# What every answer shows anyway, asked for after the question: ", and which papers propose
# them", ", and what evidence do they give", ", according to the literature".
_FOLLOW_UP = re.compile(
    r"(?:\s*,\s*|\s+)(?:(?:and|with)\s+(?:what|which|how\s+much|whose)\b.*?\b(?:evidence|results?|papers?|proof|"
    r"sources?|references?|citations?|numbers?|gains?|propose[sd]?|report(?:s|ed)?|show(?:s|n)?|give|say)\b.*"
    r"|(?:and\s+)?(?:according\s+to|in|from)\s+(?:the\s+)?(?:literature|papers|research|studies)"
    r"|and\s+(?:what'?s|what\s+is)\s+the\s+evidence.*)$", re.I)
_NOUN = r"(?:methods?|approaches|approach|techniques?|models?|ways?|things?|what|who|algorithms?|papers?|works?|studies)"
_R = lambda pattern: re.compile(pattern, re.I)  # noqa: E731

_CONTESTED = _R(r"\b(?:contested|contradict\w*|conflict\w*|disput\w*|disagree\w*|inconsistent)\b"
                r"(?:.*?\b(?:about|on|regarding|concerning|for|over|involving)\s+(?P<about>.+)|.*)$")
_PROPOSED = [
    _R(r"^(?:proposed|new|novel|introduced)\s+(?:methods?|approaches|techniques)"
       r"(?:\s+(?:for|in|on|to)\s+(?P<task>.+))?$"),
    _R(r"^(?:methods?|approaches|techniques)\s+(?:that\s+)?(?:are\s+|were\s+|have\s+been\s+)?(?:proposed|introduced)"
       r"(?:\s+(?:for|in|on|to)\s+(?P<task>.+))?$"),
]
_DATASETS = _R(r"^(?:datasets?|benchmarks?)"
               r"(?:\s+(?:that|are|is|were|commonly|typically|usually|used|to|evaluate|evaluating|test|testing"
               r"|benchmark|methods|models|papers|do|use))*"
               r"\s+(?:(?:for|in|on|of|about)\s+)?(?P<task>.+)$")
_PAPERS = [
    _R(r"^(?:papers?|works?|articles?|publications?|studies|research)(?:\s+(?:that|which|are|is))*\s+"
       r"(?:about|on|studying|study|studies|addressing|address|addresses|using|use|uses|mentioning|mention|mentions"
       r"|regarding|investigating|investigate|investigates|exploring|explore|explores|concerning|with|of|into"
       r"|proposing|propose|proposes)\s+(?P<topic>.+)$"),
    _R(r"^who\s+(?:studies|studied|works\s+on|worked\s+on|uses|used|writes\s+about)\s+(?P<topic>.+)$"),
    _R(r"^(?P<topic>.+?)\s+papers$"),
]
_PAIR = [
    _R(r"^(?:claims?|findings?|evidence|results?|statements?)\s+(?:about|on|regarding|concerning|involving|linking"
       r"|connecting|between|relating)\s+(?P<rest>.+)$"),
    _R(r"^(?:the\s+)?(?:relationship|relation|link|connection|interplay|correlation)\s+(?:between|of)\s+(?P<rest>.+)$"),
    _R(r"^how\s+(?:does|do|did|is|are)\s+(?P<a>.+?)\s+(?:affect|influence|impact|relate(?:d)?\s+to|interact\s+with"
       r"|correlate\s+with|connected\s+to)\s+(?P<b>.+)$"),
]
_METHOD_EFFECTS = [
    _R(r"^what\s+(?:does|do|did|can|could)\s+(?P<method>.+?)\s+(?P<verb>\w+)(?:\s+(?:on|for|in|at))?$"),
    _R(r"^(?:the\s+)?(?:effects?|impacts?|benefits?|results?)\s+(?:of|for)\s+(?P<method>.+)$"),
    _R(r"^what\s+is\s+(?P<method>.+?)\s+good\s+for$"),
]
_APPLIED = [
    _R(r"^(?:methods?|techniques?|approaches|algorithms?)\s+(?:that\s+(?:are|were|have\s+been)\s+|are\s+|were\s+)?"
       r"(?:applied|used|tried|tested|combined|paired)\s+(?:to|with|on|for|in)\s+(?P<model>.+)$"),
]
_FOR = _R(r"^(?:methods?|techniques?|approaches|algorithms?)\s+(?:for|on|with)\s+(?P<x>.+)$")
_EFFECT = [
    _R(rf"^(?:{_NOUN}\s+)?(?:that\s+|which\s+|to\s+|can\s+|could\s+|do\s+|does\s+|will\s+)*(?P<verb>\w+)\s+(?P<rest>.+)$"),
    _R(r"^how\s+(?:to|can\s+\w+|do\s+\w+|does\s+one)\s+(?P<verb>\w+)\s+(?P<rest>.+)$"),
]
_LOST = re.compile(r"^(?:the\s+|a\s+|any\s+)?(?P<noun>loss|losses|drop|degradation|decline|deterioration|erosion)"
                   r"\s+(?:of|in)\s+(?P<quality>.+)$", re.I)
_CONTEXT_SPLIT = re.compile(r"\s+(on|with|for|using|in|when\s+using)\s+", re.I)
_PAIR_SPLIT = re.compile(r"\s+(?:and|&|vs\.?|versus|with|to)\s+|\s*,\s*", re.I)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_ALTERNATIVES = re.compile(r"\s+[-–—:;/]\s+|\s*;\s*")   # "X - Y", "X: Y", "X / Y": two wordings of one topic
_GENERIC_TAIL = re.compile(r"\s+(?:models?|methods?|tasks?|datasets?|benchmarks?|papers?|setting|approach(?:es)?"
                           r"|techniques?|algorithms?|frameworks?|strateg(?:y|ies)|solutions?)$", re.I)


def clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().rstrip("?!. ").strip()
    text = text.strip("\"'`")
    text = _FOLLOW_UP.sub("", text).strip()
    return _LEAD.sub("", text).strip()


# ---------------------------------------------------------------------------- parsing

class _Filler:
    """Resolves slot phrases for one question and keeps the notes."""

    def __init__(self, question_id: str, resolve: Resolve):
        self.parsed = Parsed(question_id)
        self.question = get_question(question_id)
        self.resolve = resolve

    def entity(self, name: str, text: str | None) -> bool:
        if not text:
            return False
        slot = self.question.slot(name)
        text = _ARTICLE.sub("", text.strip(" ,.;:\"'"))
        matches = self._matches(text, slot)
        if not matches and _GENERIC_TAIL.search(text):
            text = _GENERIC_TAIL.sub("", text)
            matches = self._matches(text, slot)
        chosen = pick(matches, broad=slot.broad)
        self.parsed.texts[name] = text
        if not chosen:
            self.parsed.unresolved[name] = text
            return False
        self.parsed.slots[name] = chosen
        self.parsed.notes.append(_describe(text, chosen, matches))
        return True

    def _matches(self, text: str, slot) -> list[EntityMatch]:
        """Exact matches (plus narrower names for broad slots); failing those, narrower names."""
        return self.resolve(text, slot.labels, slot.broad) or (
            [] if slot.broad else self.resolve(text, slot.labels, True))

    def effect(self, effect: Effect | None, word: str = "") -> None:
        if effect is not None:
            self.parsed.slots["effect"] = effect.value
            self.parsed.texts["effect"] = word or effect.value
            if word and word.lower() not in (effect.value, effect.value[:-1]):
                self.parsed.notes.append(f'"{word}" read as the effect "{effect.value}"')


def _describe(text: str, chosen: list[EntityMatch], matches: list[EntityMatch]) -> str:
    best = chosen[0]
    also = sorted({m.label for m in chosen if m.key == best.key} - {best.label})
    note = (f'"{text}" read as {best.name} ({best.label}{", also " + "/".join(also) if also else ""}; '
            f"{best.papers} paper{'s' if best.papers != 1 else ''}, {best.claims} claim{'s' if best.claims != 1 else ''})")
    if best.how == "narrower":
        note += ", the best-known narrower name (no exact match)"
    others = [m for m in matches if m.how != "narrower" and m.key != best.key]
    if others:
        note += "; other matches, fewer papers: " + ", ".join(f"{m.name} ({m.label})" for m in others[:4])
    narrower = [m.name for m in chosen if m.how == "narrower" and m is not best]
    if narrower:
        shown = ", ".join(narrower[:5]) + (f" and {len(narrower) - 5} more" if len(narrower) > 5 else "")
        note += f"; also counting narrower names: {shown}"
    return note


def parse_question(text: str, store=None, *, resolve: Resolve | None = None) -> Parsed:
    """Free text -> the best-matching catalogue question with resolved slots.

    `qid, slots = parse_question(...)` works; the result also carries `notes` (what was
    assumed) and `unresolved` (phrases that named no entity). Give `store` or `resolve`."""
    if resolve is None:
        if store is None:
            raise TypeError("parse_question needs a store or a resolve function")
        resolve = store_resolver(store)
    text = clean(text)

    if m := _CONTESTED.search(text):
        f = _Filler("contested_claims", resolve)
        f.entity("about", m.group("about"))
        return f.parsed
    for rx in _PROPOSED:
        if m := rx.match(text):
            f = _Filler("proposed_methods", resolve)
            f.entity("task", m.group("task"))
            return f.parsed
    if m := _DATASETS.match(text):
        f = _Filler("datasets_for_task", resolve)
        f.entity("task", m.group("task"))
        return f.parsed
    for rx in _PAPERS:
        if m := rx.match(text):
            f = _Filler("papers_studying_topic", resolve)
            f.entity("topic", m.group("topic"))
            return f.parsed
    for rx in _PAIR:
        if m := rx.match(text):
            return _pair(m, resolve)
    for rx in _METHOD_EFFECTS:
        if m := rx.match(text):
            verb = m.groupdict().get("verb") or ""
            f = _Filler("what_does_method_improve", resolve)
            f.entity("method", m.group("method"))
            f.effect(None if verb.lower() in _GENERAL_VERBS else effect_of(verb), verb)
            return f.parsed
    for rx in _APPLIED:
        if m := rx.match(text):
            f = _Filler("methods_applied_to_model", resolve)
            f.entity("model", m.group("model"))
            return f.parsed
    if m := _FOR.match(text):
        f = _Filler("methods_applied_to_model", resolve)
        if resolve(m.group("x"), ("Model",), False) and f.entity("model", m.group("x")):
            return f.parsed
        f = _Filler("proposed_methods", resolve)
        f.entity("task", m.group("x"))
        return f.parsed
    for rx in _EFFECT:
        if (m := rx.match(text)) and (effect := effect_of(m.group("verb"))):
            return _effect_question(effect, m.group("verb"), m.group("rest"), resolve)
    # A bare name: the papers about it; "MVS methods - multi-view stereo ...": its first part
    # that names something (each part is read by itself, not the whole by its last noun).
    for part in [p for p in _ALTERNATIVES.split(text) if p.strip()] or [text]:
        f = _Filler("papers_studying_topic", resolve)
        if f.entity("topic", part):
            f.parsed.notes.insert(0, "no question phrasing recognised; showing papers about the name")
            return f.parsed
    return Parsed(None, texts={"text": text}, unresolved={"text": text})


def _effect_question(effect: Effect, verb: str, rest: str, resolve: Resolve) -> Parsed:
    """'improve OOD on CLIP with ImageNet' -> target OOD, model CLIP, dataset ImageNet.
    A trailing 'on/with/for X' is context when X is a model or a dataset, else part of the target."""
    f = _Filler("methods_that_effect_target", resolve)
    if effect is Effect.REDUCES and (lost := _LOST.match(rest)) and _quality(lost.group("quality")):
        # "reduce the loss of OOD robustness": what is asked for is the quality kept, improved
        # (not "reduce the loss of the network": a loss function)
        effect, rest = Effect.IMPROVES, lost.group("quality")
        f.parsed.notes.append(f'"{verb} the {lost.group("noun")} of ..." read as improving it')
    f.effect(effect, verb)
    pieces = _CONTEXT_SPLIT.split(rest)
    target = pieces[0]
    for sep, chunk in zip(pieces[1::2], pieces[2::2], strict=True):
        found = resolve(_ARTICLE.sub("", chunk), ("Model", "Dataset"), False)
        slot = found[0].label.lower() if found else None
        if slot and slot not in f.parsed.slots:
            f.entity(slot, chunk)
        else:
            target += f" {sep} {chunk}"
    if f.entity("target", target) or target == rest:
        return f.parsed
    # The split left a target that names nothing: try the whole phrase as the target.
    whole = _Filler("methods_that_effect_target", resolve)
    whole.effect(effect, verb)
    return whole.parsed if whole.entity("target", rest) else f.parsed


def _quality(text: str) -> bool:
    """Does the phrase name a quality (robustness, accuracy, ...: the claim rules' list)?"""
    from claimgraph.extract.claims.lexicon import QUALITY_NOUNS

    return any(w in QUALITY_NOUNS for w in re.findall(r"[a-z0-9]+", text.lower()))


def _pair(m: re.Match, resolve: Resolve) -> Parsed:
    groups = m.groupdict()
    f = _Filler("claims_about_pair", resolve)
    if groups.get("a"):
        f.entity("a", groups["a"])
        f.entity("b", groups["b"])
        return f.parsed
    rest = groups["rest"]
    # Try every split point; keep the first where both sides name an entity.
    for sep in _PAIR_SPLIT.finditer(rest):
        a, b = rest[:sep.start()], rest[sep.end():]
        if resolve(_ARTICLE.sub("", a), (), False) and resolve(_ARTICLE.sub("", b), (), False):
            f.entity("a", a)
            f.entity("b", b)
            return f.parsed
    f.entity("a", rest)
    return f.parsed


# ---------------------------------------------------------------------------- asking

def ask(store, text: str, *, limit: int = 200, include_negated: bool = False) -> tuple[Parsed, Answer | None]:
    """Parse `text` and run the question it names; the answer is None when the text could
    not be understood (see `parsed.unresolved` and `suggestions`)."""
    parsed = parse_question(text, store)
    if parsed.question_id is None or not parsed.ok:
        return parsed, None
    return parsed, run_question(store, parsed.question_id, limit=limit, include_negated=include_negated,
                                **parsed.slots)


def suggestions(store, parsed: Parsed, *, limit: int = 5) -> dict[str, list[str]]:
    """For each phrase that named no entity, the closest entity names in the store."""
    out = {}
    for name, text in parsed.unresolved.items():
        labels = get_question(parsed.question_id).slot(name).labels if parsed.question_id else ()
        out[name] = suggest_names(store, text, labels, limit=limit) or suggest_names(store, text, limit=limit)
    return out
