"""The question catalogue: parameterised questions with one fixed Cypher string each.

Every question takes entity slots as lists of keys (`$<slot>_keys`, matched on the
indexed `key`) and the effect as `$effect`; values travel only as parameters. Names
are turned into keys first by `resolve_name` (the free-text layer is `questions/understand.py`).
Every answer row carries the paper (`paper_id`, `paper_title`), the entity names and
the evidence sentence.
"""
from __future__ import annotations

import difflib
import re
import time
from dataclasses import dataclass, field

from claimgraph.graph import cypher
from claimgraph.schema import ClaimGraphError, Effect, EntityType
from claimgraph.schema.keys import normalize_key

ANY = "entity"     # slot kind: an entity of any label
EFFECT = "effect"  # slot kind: an Effect value
_PAPER_RELS = cypher.PAPER_REL_TYPES


class UnknownEntity(ClaimGraphError, LookupError):
    """A slot was given a name that no entity in the graph has."""


@dataclass(frozen=True)
class Slot:
    name: str
    kind: str                 # an EntityType value, ANY or EFFECT
    optional: bool = False
    broad: bool = False       # also match narrower names ("domain generalization" for "generalization")

    @property
    def labels(self) -> tuple[str, ...]:
        return () if self.kind in (ANY, EFFECT) else (self.kind,)


@dataclass(frozen=True)
class Question:
    id: str
    title: str                # "{slot}" fills in; a "[... {slot}]" group is dropped when the slot is empty
    slots: tuple[Slot, ...]
    cypher: str
    description: str = ""

    def slot(self, name: str) -> Slot:
        return next(s for s in self.slots if s.name == name)

    def render(self, shown: dict[str, str]) -> str:
        """The title with slot values filled in (optional groups without a value dropped)."""
        def group(m: re.Match) -> str:
            names = re.findall(r"\{(\w+)\}", m.group(1))
            return m.group(1) if all(shown.get(n) for n in names) else ""

        text = re.sub(r"\[([^\]]*)\]", group, self.title)
        text = re.sub(r"\{(\w+)\}", lambda m: shown.get(m.group(1)) or f"<{m.group(1)}>", text)
        return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class EntityMatch:
    label: str
    key: str
    name: str
    papers: int           # papers naming it directly (paper_count)
    claims: int | None    # claims with it as subject, target or context (None: a narrower
                          # name not counted, because an exact match was found)
    how: str              # "key" | "name" | "narrower"


@dataclass
class Answer:
    question: Question
    cypher: str
    params: dict
    rows: list[dict]
    elapsed_ms: float
    slots: dict[str, str] = field(default_factory=dict)   # slot -> the value as shown

    @property
    def title(self) -> str:
        return self.question.render(self.slots)

    def to_json(self) -> dict:
        return {"question": self.question.id, "slots": self.slots, "cypher": self.cypher.strip(),
                "params": self.params, "rows": self.rows, "elapsed_ms": round(self.elapsed_ms, 2)}


# ---------------------------------------------------------------------------- the catalogue

def _lookup(var: str, param: str, *more: tuple[str, str], prop: str = "key") -> str:
    """Entities of any label whose `prop` is in $param (and, for each (param, prop) in `more`,
    whose prop is in that param): one indexed seek per label and value (labels from the
    schema enum). A label-free `MATCH (e) WHERE e.key IN ...` scans every node, and ArcadeDB
    seeks an index inside CALL only for an inline `{key: k}` pattern."""
    union = "UNION" if more else "UNION ALL"      # one entity can match on two properties
    seeks = f"\n  {union}\n".join(f"  UNWIND ${p} AS k MATCH ({var}:{label} {{{q}: k}}) RETURN {var}"
                                   for p, q in ((param, prop), *more) for label in cypher.ENTITY_LABELS)
    return f"CALL {{\n{seeks}\n}}"


def _slot_entities(var: str, slot: str) -> str:
    """The entities a slot resolved to: one indexed seek per key under the label it was found
    with (`$<slot>_by_label`, label -> keys). Seeking every key under every label (as
    `_lookup` must for a typed name) costs 8x the seeks: ~100 ms for a broad topic's 1,000
    narrower keys."""
    seeks = "\n  UNION ALL\n".join(f"  UNWIND coalesce(${slot}_by_label.{label}, []) AS k "
                                    f"MATCH ({var}:{label} {{key: k}}) RETURN {var}"
                                    for label in cypher.ENTITY_LABELS)
    return f"CALL {{\n{seeks}\n}}"


# Patterns walk out from the entities found (`(t)<-[:TARGET]-(c)`, not `(c:Claim)-[:TARGET]->(t)`):
# the relationship type already implies the label, and ArcadeDB's planner would scan the label.
_CONTEXT = """
OPTIONAL MATCH (c)-[x:CONTEXT]->(ctx)
WITH p, c, s, t, collect(x.role + ': ' + ctx.name) AS context"""

_CLAIM_COLUMNS = """
RETURN s.name AS subject, labels(s)[0] AS subject_label, c.effect AS effect,
       coalesce(c.effect_text, c.effect) AS effect_text, t.name AS target,
       context, c.negated AS negated, c.hedged AS hedged, c.magnitude AS magnitude,
       coalesce(c.supported_by, 0) AS support, coalesce(c.contrasted_by, 0) AS contrast,
       p.id AS paper_id, p.title AS paper_title, c.evidence AS evidence"""

QUESTIONS: tuple[Question, ...] = (
    # Filtered and ranked on the claim's own copies of its scope (cypher.CLAIM_SCOPE) and of its
    # subject's label and name (a broad target such as "performance" has thousands of claims);
    # only the shown claims are walked to their ends.
    Question(
        id="methods_that_effect_target",
        title="Methods that {effect} {target} [on {model}] [on {dataset}]",
        slots=(Slot("effect", EFFECT), Slot("target", ANY, broad=True),
               Slot("model", EntityType.MODEL.value, optional=True),
               Slot("dataset", EntityType.DATASET.value, optional=True)),
        description="Claims with this effect on the target; model/dataset through the claim's "
                    "context or the paper's USES/EVALUATES_ON (copied onto the claim as model_keys/"
                    "dataset_keys). Negated claims only with include_negated.",
        cypher="""
UNWIND $target_keys AS k
MATCH (c:Claim {target_key: k, effect: $effect})
WHERE ($include_negated OR NOT c.negated)
  AND (size($model_keys) = 0 OR any(k IN c.model_keys WHERE k IN $model_keys))
  AND (size($dataset_keys) = 0 OR any(k IN c.dataset_keys WHERE k IN $dataset_keys))
WITH c, CASE WHEN c.subject_label IN ['Method', 'Model'] THEN 0 ELSE 1 END AS kind
ORDER BY c.negated, kind, c.hedged, c.confidence DESC, c.subject_name, c.paper_id, c.id
LIMIT $limit
MATCH (c)-[:SUBJECT]->(s)
MATCH (c)-[:TARGET]->(t)
MATCH (c)<-[:MAKES]-(p)""" + _CONTEXT + ", kind" + _CLAIM_COLUMNS + """
ORDER BY negated, kind, hedged, c.confidence DESC, subject, paper_id, c.id"""),
    Question(
        id="what_does_method_improve",
        title="Effects of {method}[: what it {effect}s]",
        slots=(Slot("method", ANY), Slot("effect", EFFECT, optional=True)),
        description="Every claim whose subject is the method (optionally one effect), negated ones included.",
        cypher=_slot_entities("s", "method") + """
MATCH (s)<-[:SUBJECT]-(c)
WHERE $effect IS NULL OR c.effect = $effect
MATCH (c)-[:TARGET]->(t)
MATCH (c)<-[:MAKES]-(p)""" + _CONTEXT + _CLAIM_COLUMNS + """
ORDER BY negated, effect, target, paper_title, paper_id, c.id
LIMIT $limit"""),
    Question(
        id="datasets_for_task",
        title="Datasets used for {task}",
        slots=(Slot("task", EntityType.TASK.value),),
        description="Datasets evaluated on (or proposed) by papers that address the task, most papers first.",
        cypher="""
UNWIND $task_keys AS k
MATCH (t:Task {key: k})<-[:ADDRESSES]-(p)-[r:EVALUATES_ON|PROPOSES]->(d:Dataset)
WITH d, t, p, r ORDER BY p.title
WITH d, collect({task: t.name, how: type(r), paper_id: p.id, paper_title: p.title, evidence: r.evidence}) AS uses
UNWIND uses AS u
RETURN d.name AS dataset, size(uses) AS papers, u.task AS task, u.how AS how,
       u.paper_id AS paper_id, u.paper_title AS paper_title, u.evidence AS evidence
ORDER BY papers DESC, dataset, d.key, paper_title, paper_id, task, how
LIMIT $limit"""),
    Question(
        id="papers_studying_topic",
        title="Papers about {topic}",
        slots=(Slot("topic", ANY, broad=True),),
        description="Papers that name the topic (propose/use/evaluate on/address/report/mention), make "
                    "claims about it, or have it in the title; ranked by how much they say about it.",
        cypher="CALL {\n" + _slot_entities("e", "topic") + """
  MATCH (e)<-[r:""" + "|".join(_PAPER_RELS) + """]-(p)
  RETURN p, e, r, null AS c, size(coalesce(r.starts, [0])) AS weight
  UNION ALL
""" + _slot_entities("e", "topic") + """
  MATCH (e)<-[x:SUBJECT|TARGET|CONTEXT]-(c)<-[:MAKES]-(p)
  RETURN p, e, x AS r, c, 2 AS weight
  UNION ALL
  UNWIND $title_names AS tn
  UNWIND tn.words AS word
  OPTIONAL MATCH (w:TitleWord {word: word})
  WITH tn, w, CASE WHEN w IS NULL THEN -1 ELSE COUNT { (w)-[:IN_TITLE]->() } END AS n ORDER BY n
  WITH tn, min(n) AS fewest, head(collect(w)) AS rarest
  WHERE fewest > 0
  MATCH (rarest)-[:IN_TITLE]->(p)
  WHERE """ + cypher.title_folded("p.title") + """ CONTAINS ' ' + tn.name + ' '
  WITH DISTINCT p
  RETURN p, null AS e, null AS r, null AS c, 3 AS weight
}
WITH p, sum(weight) AS score, collect({e: e, r: r, c: c}) AS why
ORDER BY score DESC, p.title, p.id
LIMIT $limit
UNWIND why AS w
WITH p, score, w.e.name AS topic, coalesce(w.c.evidence, w.r.evidence) AS evidence,
     CASE WHEN w.c IS NOT NULL THEN 'CLAIM ' + type(w.r) WHEN w.r IS NOT NULL THEN type(w.r) ELSE 'TITLE' END AS how
WITH p, score, collect(DISTINCT topic) AS topics, collect(DISTINCT how) AS how, collect(evidence) AS evidence
RETURN p.id AS paper_id, p.title AS paper_title, topics, how, score, head(evidence) AS evidence
ORDER BY score DESC, paper_title, paper_id"""),
    Question(
        id="methods_applied_to_model",
        title="Methods applied to {model}",
        slots=(Slot("model", EntityType.MODEL.value),),
        description="Methods proposed or used by papers that use the model, and subjects of claims "
                    "with the model as context or target; most papers first.",
        cypher="""
CALL {
  UNWIND $model_keys AS k
  MATCH (m:Model {key: k})<-[:USES|PROPOSES]-(p)-[r:PROPOSES|USES]->(x:Method)
  RETURN x, m, p, r, null AS c
  UNION ALL
  UNWIND $model_keys AS k
  MATCH (m:Model {key: k})<-[:CONTEXT|TARGET]-(c)-[:SUBJECT]->(x:Method)
  MATCH (c)<-[:MAKES]-(p)
  RETURN x, m, p, null AS r, c
}
WITH x, collect({m: m, p: p, r: r, c: c}) AS uses
ORDER BY size(uses) DESC, x.name, x.key
LIMIT $limit
WITH collect({x: x, uses: uses}) AS ranked
WITH reduce(cut = {rows: 0, methods: []}, e IN ranked |
            CASE WHEN cut.rows >= $limit THEN cut
                 ELSE {rows: cut.rows + size(e.uses), methods: cut.methods + [e]} END).methods AS shown
UNWIND shown AS e
UNWIND e.uses AS u
WITH e.x AS x, size(e.uses) AS uses, u.m AS m, u.p AS p, u.r AS r, u.c AS c
WITH x, uses, m, p, p.title AS title, CASE WHEN c IS NULL THEN type(r) ELSE 'CLAIM ' + c.effect END AS how,
     coalesce(r.evidence, c.evidence) AS evidence
ORDER BY uses DESC, x.name, x.key, title, p.id, m.key, how, evidence
LIMIT $limit
RETURN x.name AS method, uses, m.name AS model, how, p.id AS paper_id, title AS paper_title, evidence
ORDER BY uses DESC, method, x.key, paper_title, paper_id, m.key, how, evidence"""),
    Question(
        id="claims_about_pair",
        title="Claims about {a}[ and {b}]",
        slots=(Slot("a", ANY), Slot("b", ANY, optional=True)),
        description="Claims with A (and B) as subject, target or context, in either direction.",
        cypher=_slot_entities("e", "a") + """
MATCH (e)<-[:SUBJECT|TARGET|CONTEXT]-(c)<-[:MAKES]-(p)
WITH DISTINCT p, c
WHERE size($b_keys) = 0 OR EXISTS { (c)-[:SUBJECT|TARGET|CONTEXT]->(y) WHERE y.key IN $b_keys }
MATCH (c)-[:SUBJECT]->(s)
MATCH (c)-[:TARGET]->(t)""" + _CONTEXT + _CLAIM_COLUMNS + """
ORDER BY paper_title, paper_id, subject, effect, target, c.id
LIMIT $limit"""),
    Question(
        id="papers_evaluating_on",
        title="Papers that evaluate on {dataset}",
        slots=(Slot("dataset", EntityType.DATASET.value),),
        description="Papers with an EVALUATES_ON link to the dataset, with the methods they propose.",
        cypher=_slot_entities("d", "dataset") + """
MATCH (d)<-[r:EVALUATES_ON]-(p)
OPTIONAL MATCH (p)-[:PROPOSES]->(m:Method)
WITH d, r, p, collect(DISTINCT m.name) AS methods
RETURN d.name AS dataset, methods, p.id AS paper_id, p.title AS paper_title, r.evidence AS evidence
ORDER BY paper_title, paper_id, dataset
LIMIT $limit"""),
    Question(
        id="methods_based_on",
        title="Methods based on {base}",
        slots=(Slot("base", ANY),),
        description="Methods proposed by papers that use (build on) the method or model.",
        cypher=_slot_entities("b", "base") + """
MATCH (b)<-[r:USES]-(p)-[q:PROPOSES]->(m:Method)
WHERE m.key <> b.key
RETURN m.name AS method, b.name AS base, p.id AS paper_id, p.title AS paper_title,
       coalesce(q.evidence, r.evidence) AS evidence
ORDER BY paper_title, paper_id, method
LIMIT $limit"""),
    # Without a task (about), the listings read the first $limit entries of their rank
    # (cypher.LISTINGS: proposed methods by name and key, contesting claims by subject,
    # target, paper and id), which hold the answer: each entry has at least one row.
    Question(
        id="contested_claims",
        title="Contested claims[ about {about}]",
        slots=(Slot("about", ANY, optional=True),),
        description="Pairs of claims that contradict each other (CONTRADICTS), with both sentences and papers.",
        cypher="""
CALL {
  UNWIND CASE WHEN size($about_keys) = 0 THEN range(0, $limit - 1) ELSE [] END AS rank
  MATCH (a:Claim {contest_rank: rank})
  RETURN a
  UNION
  UNWIND $about_keys AS k
  MATCH (a:Claim {subject_key: k, contests: true})
  RETURN a
  UNION
  UNWIND $about_keys AS k
  MATCH (a:Claim {target_key: k, contests: true})
  RETURN a
}
MATCH (a)-[r:CONTRADICTS]->(b)
WITH a, r, b ORDER BY a.subject_name, a.target_name, a.paper_id, a.id, b.paper_id, b.id LIMIT $limit
MATCH (a)<-[:MAKES]-(pa)
MATCH (b)<-[:MAKES]-(pb)
RETURN a.subject_name AS subject, a.target_name AS target, r.basis AS basis,
       b.subject_name AS other_subject, b.target_name AS other_target,
       a.effect AS effect, coalesce(a.effect_text, a.effect) AS effect_text, a.negated AS negated, a.hedged AS hedged,
       pa.id AS paper_id, pa.title AS paper_title, a.evidence AS evidence,
       b.effect AS other_effect, coalesce(b.effect_text, b.effect) AS other_effect_text,
       b.negated AS other_negated, b.hedged AS other_hedged,
       pb.id AS other_paper_id, pb.title AS other_paper_title, b.evidence AS other_evidence
ORDER BY subject, target, paper_id, a.id, other_paper_id, b.id"""),
    Question(
        id="proposed_methods",
        title="Methods proposed[ for {task}]",
        slots=(Slot("task", EntityType.TASK.value, optional=True),),
        description="Methods that papers propose (optionally papers addressing a task), with the sentence.",
        cypher="""
CALL {
  UNWIND $task_keys AS k
  MATCH (:Task {key: k})<-[:ADDRESSES]-(p)-[r:PROPOSES]->(m:Method)
  RETURN DISTINCT m, p, r
  UNION
  UNWIND CASE WHEN size($task_keys) = 0 THEN range(0, $limit - 1) ELSE [] END AS rank
  MATCH (m:Method {proposed_rank: rank})
  MATCH (m)<-[r:PROPOSES]-(p)
  RETURN m, p, r
}
WITH m, p, r, p.title AS title ORDER BY m.name, m.key, title, p.id LIMIT $limit
RETURN m.name AS method, p.id AS paper_id, title AS paper_title, r.evidence AS evidence"""),
)

_BY_ID = {q.id: q for q in QUESTIONS}


def catalogue() -> tuple[Question, ...]:
    return QUESTIONS


def get_question(question_id: str) -> Question:
    try:
        return _BY_ID[question_id]
    except KeyError:
        raise KeyError(f"no question {question_id!r}; known: {', '.join(_BY_ID)}") from None


# ---------------------------------------------------------------------------- running

SlotValue = str | Effect | EntityMatch | list[EntityMatch] | None


def effect_verb(effect: str) -> str:
    """'improves' -> 'improve' (titles read as 'Methods that improve ...')."""
    return effect[:-1] if effect.endswith("s") else effect


def run_question(store, question_id: str, *, limit: int = 200, include_negated: bool = False,
                 **slots: SlotValue) -> Answer:
    """Run a catalogue question. Entity slots take EntityMatch(es) (from resolve_name) or a
    name, which is resolved here; the effect slot takes an Effect or its value."""
    question = get_question(question_id)
    unknown = set(slots) - {s.name for s in question.slots}
    if unknown:
        raise TypeError(f"{question_id} has no slot(s) {', '.join(sorted(unknown))}")
    params: dict = {"limit": limit}
    shown: dict[str, str] = {}
    for slot in question.slots:
        value = slots.get(slot.name)
        if value in (None, "", []):
            if not slot.optional:
                raise TypeError(f"{question_id} needs a value for {slot.name!r}")
        if slot.kind == EFFECT:
            effect = Effect(value).value if value else None
            params["effect"] = effect
            shown[slot.name] = effect_verb(effect) if effect else ""
            continue
        if isinstance(value, str):
            name, value = value, pick(resolve_name(store, value, slot.labels, narrower=slot.broad), broad=slot.broad)
            if not value:  # an empty filter would silently widen the question
                raise UnknownEntity(f"no entity named {name!r} for {slot.name} ({slot.kind}); "
                                    f"closest: {', '.join(suggest_names(store, name, slot.labels)) or 'none'}")
        matches = [value] if isinstance(value, EntityMatch) else list(value or [])
        params[f"{slot.name}_keys"] = sorted({m.key for m in matches})
        by_label: dict[str, set[str]] = {}
        for m in matches:
            by_label.setdefault(m.label, set()).add(m.key)
        params[f"{slot.name}_by_label"] = {label: sorted(keys) for label, keys in sorted(by_label.items())}
        shown[slot.name] = matches[0].name if matches else ""
        if slot.name == "topic":
            # Titles are searched for the exact matches' names and keys (the key is the singular:
            # "accuracy" for an entity named "accuracies"), from the rarest of their words
            # (cypher.INDEX_TITLES); a name of stop words alone is not looked for in titles.
            names = sorted({fold(n) for m in matches if m.how != "narrower" for n in (m.name, m.key)})
            params["title_names"] = [{"name": n, "words": cypher.title_words(n)} for n in names
                                     if cypher.title_words(n)]
    if question_id == "methods_that_effect_target":
        params["include_negated"] = include_negated
    started = time.perf_counter()
    rows = store.read(question.cypher, **params)
    elapsed = (time.perf_counter() - started) * 1000
    return Answer(question=question, cypher=question.cypher, params=params, rows=rows, elapsed_ms=elapsed,
                  slots=shown)


# ---------------------------------------------------------------------------- names -> keys

def fold(text: str) -> str:
    """Case, hyphen and space fold - the graph-side spelling comparison (keys come from
    claimgraph.schema.keys.normalize_key; callers that have it pass its output as a form)."""
    return re.sub(r"[\s\-_/]+", " ", text.lower()).strip(" .")


_CLAIM_COUNT = "COUNT { (e)<-[:SUBJECT|TARGET|CONTEXT]-() }"
_MATCH_COLUMNS = f"""
RETURN labels(e)[0] AS label, e.key AS key, e.name AS name, coalesce(e.paper_count, 0) AS papers,
       {_CLAIM_COUNT} AS claims, how
"""

# By key: indexed seeks, enough when a spelling normalises to the key.
_RESOLVE_KEY = _lookup("e", "forms") + """
WITH e, 'key' AS how
WHERE size($labels) = 0 OR labels(e)[0] IN $labels""" + _MATCH_COLUMNS

# By name: seeks on the folded name (cypher.NAME_FORMS), run only when no key matched (a
# typed name usually normalises to a key; a "the method proposed in ..." name does not).
_RESOLVE_NAME = _lookup("e", "forms", prop="name_form") + """
WITH e, 'name' AS how
WHERE size($labels) = 0 OR labels(e)[0] IN $labels""" + _MATCH_COLUMNS

# By alias, case/hyphen/space-folded: a scan of the entities that have aliases, run only when
# neither a key nor a name matched (an alias that normalises to the key is found by key).
_RESOLVE_ALIAS = _lookup("e", "aliased", prop="aliased") + f"""
WITH e WHERE size($labels) = 0 OR labels(e)[0] IN $labels
WITH e, 'name' AS how, [n IN e.aliases | {cypher.folded('n')}] AS names
WHERE any(n IN names WHERE n IN $forms)""" + _MATCH_COLUMNS

# By alias through an index the caller holds (`alias_index`): seeks on the keys it lists.
_RESOLVE_LISTED = _slot_entities("e", "listed") + """
WITH e, 'name' AS how""" + _MATCH_COLUMNS


def graph_fold(text: str) -> str:
    """`cypher.folded` in Python: how the alias scan folds an alias on the graph side."""
    return text.lower().replace("-", " ").replace("_", " ").replace("/", " ").strip()


def alias_index(rows: list[dict]) -> dict[str, list[tuple[str, str]]]:
    """Folded alias -> (label, key) of the entities with it, from `Store.alias_table()` rows: the
    alias step of `resolve_name` without a scan (~160 ms a miss at 92k papers, and most typed
    phrases miss)."""
    index: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        for alias in dict.fromkeys(graph_fold(a) for a in row["aliases"] or []):
            index.setdefault(alias, []).append((row["label"], row["key"]))
    return index


# Narrower names: compounds headed by the name, or names an acronym modifies. Candidates come
# from index seeks on the last word (a one-word head), last two words (a longer head) or first
# word (an acronym) of the key (graph.cypher.KEY_WORDS), so the compound must end (or start)
# with those words in its key as in the name or alias matched.
# A compound whose key ends in a one-word head is narrower without folding its names and
# aliases (the costly part when a broad word such as "performance" heads a thousand names).
# Its claims are counted only when needed: when nothing matched exactly, to pick the best.
# One row of lists: a thousand rows cost ~20 ms more to send and decode.
_RESOLVE_NARROWER = _lookup("e", "last_words", ("last_pairs", "last_pair"), ("first_words", "first_word"),
                            prop="last_word") + f"""
WITH e WHERE size($labels) = 0 OR labels(e)[0] IN $labels
WITH e, e.last_word IN $one_word_heads AND {cypher.folded('e.key')} <> e.last_word AS headed
WITH e, headed, CASE WHEN headed THEN [] ELSE [n IN [e.key, e.name] + coalesce(e.aliases, []) | {cypher.folded('n')}] END AS names
WHERE headed OR any(n IN names WHERE any(f IN $heads WHERE n ENDS WITH ' ' + f)
                                  OR any(f IN $prefixes WHERE n STARTS WITH f + ' '))
RETURN collect([labels(e)[0], e.key, e.name, coalesce(e.paper_count, 0),
                CASE WHEN $count_claims THEN {_CLAIM_COUNT} END]) AS found"""

_HOW_RANK = {"key": 0, "name": 0, "narrower": 1}


def _looks_like_acronym(text: str) -> bool:
    core = text.strip()
    return 2 <= len(core) <= 6 and " " not in core and sum(c.isupper() for c in core) >= 2


def resolve_name(store, text: str, labels: tuple[str, ...] | list[str] | None = None, *,
                 forms: tuple[str, ...] | list[str] = (), narrower: bool = False,
                 aliases: dict[str, list[tuple[str, str]]] | None = None,
                 keys: set[str] | frozenset[str] | None = None) -> list[EntityMatch]:
    """Entities whose key, name or an alias is `text` or one of `forms` (extra spellings the
    caller knows, e.g. its normalize_key or an acronym's long form), compared case-, hyphen-
    and space-folded: by key (indexed), else by name (indexed), else by alias (a scan of the
    entities that have aliases, or seeks on what the caller's `alias_index` lists). With
    `narrower`, also entities named by a compound headed by the name or by what it resolved
    to ("domain generalization" for "generalization"; English compounds are head-final),
    and for an acronym, names it modifies ("OOD performance" for "OOD").
    Best first: exact before narrower, then most papers, then most claims.
    `keys`: every entity key of the store, when the caller holds them (with `aliases`): a
    spelling that is neither a key nor an alias is then known to match no key, name or alias
    without asking the store (a name's folded form is its key's but for rare display names)."""
    # Keys are made by normalize_key ("ResNet-50" -> "resnet50"): trying it keeps the common
    # case on the key path.
    folded = sorted({fold(f) for f in (text, normalize_key(text), *forms) if fold(f)})
    if not folded:
        return []
    labels = list(labels or [])
    unknown = keys is not None and aliases is not None and not any(f in keys or f in aliases for f in folded)
    rows = [] if unknown else (store.read(_RESOLVE_KEY, labels=labels, forms=folded)
                               or store.read(_RESOLVE_NAME, labels=labels, forms=folded)
                               or _by_alias(store, folded, labels, aliases))
    if narrower:
        # Headed by what was typed or by what it resolved to ("DG" -> "... domain generalization").
        heads = sorted(set(folded) | {r["key"] for r in rows} | {fold(r["name"]) for r in rows})
        prefixes = [fold(text)] if _looks_like_acronym(text) else []
        seen = {(r["label"], r["key"]) for r in rows}
        found = store.read(_RESOLVE_NARROWER, labels=labels, heads=heads, prefixes=prefixes,
                           **_key_endings(heads),
                           one_word_heads=[h for h in heads if " " not in h],
                           first_words=sorted({p.split()[0] for p in prefixes}), count_claims=not rows)
        rows += [dict(zip(("label", "key", "name", "papers", "claims"), r, strict=True), how="narrower")
                 for r in (found[0]["found"] if found else []) if (r[0], r[1]) not in seen]
    matches = [EntityMatch(**r) for r in rows]
    return sorted(matches, key=lambda m: (_HOW_RANK[m.how], -m.papers, -(m.claims or 0), len(m.name), m.label))


def _by_alias(store, folded: list[str], labels: list[str],
              aliases: dict[str, list[tuple[str, str]]] | None) -> list[dict]:
    if aliases is None:
        return store.read(_RESOLVE_ALIAS, labels=labels, forms=folded, aliased=[True])
    listed: dict[str, set[str]] = {}
    for label, key in (pair for form in folded for pair in aliases.get(form, ())):
        if not labels or label in labels:
            listed.setdefault(label, set()).add(key)
    if not listed:
        return []
    return store.read(_RESOLVE_LISTED, listed_by_label={label: sorted(keys) for label, keys in listed.items()})


def _key_endings(heads: list[str]) -> dict[str, list[str]]:
    """What to seek the keys of compounds headed by `heads` by (the heads hold the typed name's
    key form too): the last word of a one-word head, the last two words of a longer one. Keys
    glue a word that starts with a digit to the word before ("coarse 3D shape" -> "coarse3d
    shape"): such a head is sought by its last word."""
    words, pairs = set(), set()
    for split in (head.split() for head in heads):
        if len(split) > 1 and not split[-2][0].isdigit():
            pairs.add(" ".join(split[-2:]))
        elif split:
            words.add(split[-1])
    return {"last_words": sorted(words), "last_pairs": sorted(pairs)}


def pick(matches: list[EntityMatch], *, broad: bool = False) -> list[EntityMatch]:
    """The entity meant: the best exact match (with every label holding its key), else the
    best narrower one; with `broad`, plus every narrower name."""
    if not matches:
        return []
    pool = [m for m in matches if m.how != "narrower"] or matches
    best = pool[0]
    chosen = [m for m in pool if m.key == best.key]
    if broad:
        chosen += [m for m in matches if m.how == "narrower" and m not in chosen]
    return chosen


_SUGGEST = """
MATCH (e)
WHERE e.key IS NOT NULL
  AND any(w IN $stems WHERE any(n IN [e.name] + coalesce(e.aliases, []) WHERE toLower(n) CONTAINS w))
RETURN labels(e)[0] AS label, e.name AS name, coalesce(e.paper_count, 0) AS papers
LIMIT 2000
"""


def suggest_names(store, text: str, labels: tuple[str, ...] | list[str] | None = None, *,
                  limit: int = 5) -> list[str]:
    """The closest entity names to `text` (for 'did you mean'): candidates sharing a word
    stem with it, ranked by string similarity."""
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 3] or [text.lower()]
    stems = sorted({w[:4] for w in words})
    rows = [r for r in store.read(_SUGGEST, stems=stems) if not labels or r["label"] in labels]

    def similarity(row: dict) -> float:
        return difflib.SequenceMatcher(None, text.lower(), row["name"].lower()).ratio()

    ranked = sorted(rows, key=lambda r: (-similarity(r), -r["papers"]))
    return list(dict.fromkeys(r["name"] for r in ranked))[:limit]
