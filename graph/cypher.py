"""The Cypher that writes and maintains the graph, and the label checks every statement uses.

Cypher lives in `graph/` only: the writes, schema and maintenance statements here, the
explorer's reads in `reads.py`, the question catalogue's in `catalogue.py`. Values travel
only as parameters. Labels and relationship types cannot be parameters, so they are
formatted in, always through `node_label()` / `relationship_type()`, which accept only the schema's own.
"""
from __future__ import annotations

from dataclasses import dataclass

from claimgraph.schema import Effect, EntityType, RelType

ENTITY_LABELS = [t.value for t in EntityType]
NODE_LABELS = ["Paper", *ENTITY_LABELS, "Claim"]
SHORTCUT_TYPES = {e: e.value.upper() for e in Effect}
PAPER_REL_TYPES = [r.value for r in RelType]
CLAIM_REL_TYPES = ["MAKES", "SUBJECT", "TARGET", "CONTEXT", "CONTRADICTS"]


def node_label(value: str) -> str:
    """`value` if it is one of our node labels; ValueError otherwise (input is never formatted in)."""
    if value not in NODE_LABELS and value != TITLE_INDEX[0]:
        raise ValueError(f"not a node label: {value!r}")
    return value


def relationship_type(value: str) -> str:
    """`value` if it is one of our relationship types; ValueError otherwise."""
    if value not in PAPER_REL_TYPES and value not in SHORTCUT_TYPES.values() and value not in CLAIM_REL_TYPES \
            and value != TITLE_INDEX[1]:
        raise ValueError(f"not a relationship type: {value!r}")
    return value


def schema_statements() -> list[str]:
    stmts = [
        "CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE",
    ]
    for label in ENTITY_LABELS:
        stmts.append(f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE")
        # Name look-up (claimgraph.graph.catalogue): compounds headed by a word, names an acronym modifies,
        # a name that is not a key, entities that have aliases.
        for prop in [*KEY_WORDS, *NAME_FORMS]:
            stmts.append(f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
    # Questions and contested-claim detection look claims up by their subject and target keys.
    for prop in ("subject_key", "target_key", "paper_id", "subject_head", "contests"):
        stmts.append(f"CREATE INDEX claim_{prop} IF NOT EXISTS FOR (n:Claim) ON (n.{prop})")
    # Pairs, so that the claims of a broad target ("performance": 5,105 at 92k papers) are not
    # all read to find those with one effect, or its 940 contesting ones.
    for first, then in (("target_key", "effect"), ("subject_key", "contests"), ("target_key", "contests")):
        stmts.append(f"CREATE INDEX claim_{first}_{then} IF NOT EXISTS FOR (n:Claim) ON (n.{first}, n.{then})")
    stmts.append("CREATE INDEX method_proposed IF NOT EXISTS FOR (n:Method) ON (n.proposed)")
    for listing in LISTINGS:
        stmts.append(f"CREATE INDEX {listing.label.lower()}_{listing.rank} IF NOT EXISTS "
                     f"FOR (n:{listing.label}) ON (n.{listing.rank})")
    stmts.append("CREATE CONSTRAINT title_word IF NOT EXISTS FOR (n:TitleWord) REQUIRE n.word IS UNIQUE")
    # Finishing a build looks up the entities its papers touched (see PENDING below).
    for label in ENTITY_LABELS:
        stmts.append(f"CREATE INDEX {label.lower()}_pending IF NOT EXISTS FOR (n:{label}) ON (n.pending)")
    return stmts


def folded(expr: str) -> str:
    """Cypher for `expr` case-, hyphen-, underscore- and slash-folded (claimgraph.graph.catalogue.fold's
    spelling comparison, on the graph side)."""
    return f"trim(replace(replace(replace(toLower({expr}), '-', ' '), '_', ' '), '/', ' '))"


# The first and last word of an entity's key, folded, and its last two words (the one word of
# a one-word key), stored so that "names ending in <words>" is an index seek rather than a scan
# of every entity: 7,491 methods of the 92k graph end in "method", 6 in "existing method".
_FOLDED_KEY_WORDS = f"split({folded('e.key')}, ' ')"
KEY_WORDS = {"first_word": f"head({_FOLDED_KEY_WORDS})", "last_word": f"last({_FOLDED_KEY_WORDS})",
             "last_pair": f"CASE WHEN size({_FOLDED_KEY_WORDS}) > 1 THEN {_FOLDED_KEY_WORDS}[size({_FOLDED_KEY_WORDS}) - 2]"
                          f" + ' ' + last({_FOLDED_KEY_WORDS}) ELSE last({_FOLDED_KEY_WORDS}) END"}
_SET_KEY_WORDS = ", ".join(f"e.{prop} = {expr}" for prop, expr in KEY_WORDS.items())
# The entity's name folded, and a mark on entities that have aliases, kept with each write (a
# name can change, aliases accumulate), so that a name that is not a key is a seek and only
# the 8 % of entities with aliases are scanned for an alias (of 534,808 at 92k papers).
NAME_FORMS = {"name_form": folded("e.name"), "aliased": "CASE WHEN size(coalesce(e.aliases, [])) > 0 THEN true END"}
_SET_NAME_FORMS = ", ".join(f"e.{prop} = {expr}" for prop, expr in NAME_FORMS.items())


# Entities written before one of them existed (`aliased` is null when there are none).
_LACKING_NAME_INDEX = "(" + " OR ".join(f"e.{prop} IS NULL" for prop in [*KEY_WORDS, "name_form"]) + ")"


def lacking_name_index(label: str) -> str:
    return f"MATCH (e:{node_label(label)}) WHERE {_LACKING_NAME_INDEX} AND e.key IS NOT NULL RETURN e.key AS key LIMIT 1"


def backfill_name_index(label: str) -> str:
    """Graphs written before KEY_WORDS or NAME_FORMS existed: fill them in, a bounded batch per run."""
    return f"""
MATCH (e:{node_label(label)}) WHERE {_LACKING_NAME_INDEX} AND e.key IS NOT NULL
WITH e LIMIT $batch
SET {_SET_KEY_WORDS}, {_SET_NAME_FORMS}
RETURN count(e) AS filled
"""


# ------------------------------------------------------------------ writes

# Papers whose stored content is already this exact extraction: skipped on rebuild and resume.
DONE_PAPERS = """
UNWIND $rows AS row
MATCH (p:Paper {id: row.id})
WHERE p.content_hash = row.content_hash AND p.extractor_version = row.extractor_version
RETURN p.id AS id
"""

# Consistent reads (graph/store.py, Store.read): a batch that replaces papers already stored
# is bracketed by BEGIN_UPDATE and END_UPDATE, each committed on its own, so that a reader
# can tell whether an update ran (or was running) while it read. The guard node is
# bookkeeping, not content: exports leave it out. `since` lets readers ignore the open
# bracket of a writer that died (GUARD_LEASE_MS).
GUARD_SCOPE = "papers"
GUARD_LEASE_MS = 30_000
BEGIN_UPDATE = ("MERGE (g:UpdateGuard {scope: $scope}) SET g.started = coalesce(g.started, 0) + 1, "
                "g.finished = coalesce(g.finished, 0), g.since = timestamp()")
# One build at a time writes a store, so closing sets finished = started, which also
# closes a bracket a killed build left open.
END_UPDATE = "MATCH (g:UpdateGuard {scope: $scope}) SET g.finished = g.started"
READ_GUARD = ("MATCH (g:UpdateGuard {scope: $scope}) "
              "RETURN g.started AS started, g.finished AS finished, timestamp() - g.since AS age")

# The same kind of bookkeeping node, scope "schema", records what Store.ensure_schema last
# brought the graph to (store.SCHEMA_FINGERPRINT): a graph an older version wrote lacks it,
# or has another, and open_store brings it up to date before it is read.
SCHEMA_SCOPE = "schema"
READ_SCHEMA = "MATCH (g:UpdateGuard {scope: $scope}) RETURN g.schema AS schema"
MARK_SCHEMA = "MERGE (g:UpdateGuard {scope: $scope}) SET g.schema = $schema"
ANY_PAPER = "MATCH (p:Paper) RETURN p.id AS id LIMIT 1"

STORED_PAPERS = """
UNWIND $ids AS pid
MATCH (p:Paper {id: pid})
RETURN p.id AS id
"""

# Every entity a build touches is marked `pending` in the transaction that touches it (what a
# replaced paper named before, what a written paper names now), so finishing the build (also
# after a crash) knows which paper counts, orphans and contradictions to look at again.
MARK_PAPER_ENTITIES = """
UNWIND $ids AS pid
MATCH (:Paper {id: pid})-[]->(e)
WHERE e.key IS NOT NULL
SET e.pending = true
"""

MARK_CLAIM_ENTITIES = """
UNWIND $ids AS pid
MATCH (:Paper {id: pid})-[:MAKES]->(:Claim)-[]->(e)
WHERE e.key IS NOT NULL
SET e.pending = true
"""

# Drop what an earlier extraction of these papers wrote, so a changed abstract leaves nothing stale.
CLEAR_PAPER_CLAIMS = """
UNWIND $ids AS pid
MATCH (:Paper {id: pid})-[:MAKES]->(c:Claim)
DETACH DELETE c
"""


def clear_paper_edges(rel_type: str) -> str:
    return f"""
UNWIND $ids AS pid
MATCH (:Paper {{id: pid}})-[r:{relationship_type(rel_type)}]->()
DELETE r
"""


# Shortcut edges hang off the claim's subject and carry its claim_id.
CLEAR_PAPER_SHORTCUTS = """
UNWIND $ids AS pid
MATCH (:Paper {id: pid})-[:MAKES]->(c:Claim)-[:SUBJECT]->(s)
MATCH (s)-[r]->()
WHERE r.claim_id = c.id
DELETE r
"""


MERGE_PAPERS = """
UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
SET p.title = row.title, p.name = row.title, p.abstract = row.abstract, p.url = row.url,
    p.year = row.year, p.venue = row.venue, p.source = row.source,
    p.content_hash = row.content_hash, p.extractor_version = row.extractor_version
"""

# ------------------------------------------------------------------ title-word index
# "Papers about X" also finds papers with X in their title. Scanning every title costs
# ~50-100 ms at 92k papers, so each title's words are linked from a (:TitleWord {word})
# node: the question starts from the rarest word of X and checks the phrase on those
# titles only. Words are split as title_folded folds (one spelling comparison for both sides);
# stop words are left out (they would be hubs linked to most papers). Bookkeeping, not
# content: exports and counts leave TitleWord and IN_TITLE out.
TITLE_INDEX = ("TitleWord", "IN_TITLE")   # the index's label and relationship type
TITLE_SEPARATORS = (":", ",", "-", "?", "(", ")")
TITLE_STOPWORDS = frozenset(
    "a an and as at by for from in into is of on or the to toward towards under via vs with without".split())


def title_folded(expr: str) -> str:
    """Cypher for a title lower-cased, TITLE_SEPARATORS made spaces, padded with a space each
    side, so that `contains ' ' + folded name + ' '` is a whole-word phrase test."""
    chars = ", ".join(f"'{c}'" for c in TITLE_SEPARATORS)
    return f"' ' + reduce(s = toLower({expr}), ch IN [{chars}] | replace(s, ch, ' ')) + ' '"


def title_words(text: str) -> list[str]:
    """The indexed words of a title (or of a folded name), as title_folded splits them."""
    folded = text.lower()
    for ch in TITLE_SEPARATORS:
        folded = folded.replace(ch, " ")
    return list(dict.fromkeys(w for w in folded.split() if w not in TITLE_STOPWORDS))


INDEX_TITLES = """
UNWIND $rows AS row
MATCH (p:Paper {id: row.id})
UNWIND row.words AS word
MERGE (w:TitleWord {word: word})
CREATE (w)-[:IN_TITLE]->(p)
"""
# CREATE, not MERGE: a paper's old links are cleared first (CLEAR_TITLE_WORDS), and ArcadeDB
# would check a MERGE against every link of a common word.

CLEAR_TITLE_WORDS = """
UNWIND $ids AS pid
MATCH (:Paper {id: pid})<-[r:IN_TITLE]-(w)
DELETE r
RETURN DISTINCT w.word AS word
"""

# Words no title has any more (a replaced paper's old title), so an updated graph equals a fresh build.
DELETE_UNUSED_TITLE_WORDS = """
UNWIND $words AS word
MATCH (w:TitleWord {word: word})
WHERE NOT (w)-->()
DELETE w
"""

# Graphs written before the index get it from the next build (graph.store). A sentinel word
# (never a real one) says every title is indexed, so that check is one seek, not a scan.
# Not a mark on each paper: setting one on 92k stored papers made unrelated questions
# ~20 % slower (ArcadeDB moves a record that grows).
TITLE_INDEX_COMPLETE = "MATCH (w:TitleWord {word: ''}) RETURN w.word AS word"
MARK_TITLE_INDEX_COMPLETE = "MERGE (:TitleWord {word: ''})"
TITLES_TO_INDEX = "MATCH (p:Paper) WHERE NOT EXISTS { (p)<-[:IN_TITLE]-() } RETURN p.id AS id, p.title AS title"


# An entity's display name is the least of every name written for it under one total
# order, so it does not depend on the order papers, batches or shards are written in
# (graph.store.name_rank is the same order in Python):
#   0. a natural name, one whose key is its own (row.natural: normalize_key(name) = key), before
#      one that reached the key otherwise: "robustness" before the PDF-broken "ro bustness",
#      "generalization" before "gen- eralization" (both joined to the key elsewhere);
#   1. case-folded text ("large language model" before "large language models");
#   2. among spellings that differ only in case, one not cased to highlight an acronym's
#      letters ("Transformer" before "TRansformer", schema.keys.irregular_casing), then one
#      with a capital inside a word ("ImageNet", "BERT", "CIFAR-10") first, then one starting lower-case
#      ("performance" before the sentence-initial "Performance");
#   3. the text itself.
_INNER_CAPITAL = "'.*[A-Za-z][A-Z].*'"
_HIGHLIGHTED = "'(.*[ -])?[A-Z][A-Z][a-z][a-z][a-z]+([ -].*)?'"   # schema.keys.irregular_casing


def _lower_initial(x: str) -> str:
    return f"(substring({x}, 0, 1) = toLower(substring({x}, 0, 1)))"


_PICK_NAME = f"""CASE
      WHEN toLower(row.name) <> toLower(e.name) THEN
        CASE WHEN toLower(row.name) < toLower(e.name) THEN row.name ELSE e.name END
      WHEN (row.name =~ {_HIGHLIGHTED}) <> (e.name =~ {_HIGHLIGHTED}) THEN
        CASE WHEN row.name =~ {_HIGHLIGHTED} THEN e.name ELSE row.name END
      WHEN (row.name =~ {_INNER_CAPITAL}) <> (e.name =~ {_INNER_CAPITAL}) THEN
        CASE WHEN row.name =~ {_INNER_CAPITAL} THEN row.name ELSE e.name END
      WHEN {_lower_initial("row.name")} <> {_lower_initial("e.name")} THEN
        CASE WHEN {_lower_initial("row.name")} THEN row.name ELSE e.name END
      WHEN row.name < e.name THEN row.name ELSE e.name END"""


def merge_entities(label: str) -> str:
    # Aliases accumulate across papers: every surface form stays findable.
    return f"""
UNWIND $rows AS row
MERGE (e:{node_label(label)} {{key: row.key}})
ON CREATE SET e.id = row.id, e.name = row.name, e.name_natural = row.natural, e.type = row.type,
    e.aliases = row.aliases, {_SET_KEY_WORDS}
ON MATCH SET e.aliases = e.aliases + [a IN row.aliases WHERE NOT a IN e.aliases],
    e.name = CASE WHEN row.natural <> coalesce(e.name_natural, false)
                  THEN CASE WHEN row.natural THEN row.name ELSE e.name END
                  ELSE {_PICK_NAME} END,
    e.name_natural = row.natural OR coalesce(e.name_natural, false)
SET e.pending = true
SET {_SET_NAME_FORMS}
"""


def merge_paper_edges(rel_type: str, label: str) -> str:
    return f"""
UNWIND $rows AS row
MATCH (p:Paper {{id: row.paper_id}})
MATCH (e:{node_label(label)} {{key: row.key}})
MERGE (p)-[r:{relationship_type(rel_type)}]->(e)
SET r += row.props
"""


MERGE_CLAIMS = """
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper_id})
MERGE (c:Claim {id: row.id})
SET c += row.props
MERGE (p)-[r:MAKES]->(c)
SET r.paper_id = row.paper_id, r.evidence = row.props.evidence
"""


def merge_claim_edges(rel_type: str, label: str) -> str:
    """(Claim)-[:SUBJECT|TARGET|CONTEXT]->(entity), with its evidence."""
    return f"""
UNWIND $rows AS row
MATCH (c:Claim {{id: row.claim_id}})
MATCH (e:{node_label(label)} {{key: row.key}})
MERGE (c)-[r:{relationship_type(rel_type)} {{role: row.role}}]->(e)
SET r.paper_id = row.paper_id, r.evidence = row.evidence
"""


def merge_shortcuts(rel_type: str, subject_label: str, target_label: str) -> str:
    """Derived (subject)-[:IMPROVES {claim_id, …}]->(target) edges: questions are one MATCH."""
    return f"""
UNWIND $rows AS row
MATCH (s:{node_label(subject_label)} {{key: row.subject_key}})
MATCH (t:{node_label(target_label)} {{key: row.target_key}})
MERGE (s)-[r:{relationship_type(rel_type)} {{claim_id: row.claim_id}}]->(t)
SET r += row.props
"""


# ------------------------------------------------------------------ finishing a build

def pending_entities(label: str) -> str:
    return f"MATCH (e:{node_label(label)}) WHERE e.pending = true RETURN e.key AS key"


def delete_orphans(label: str) -> str:
    """Pending entities nothing links to any more: the last paper naming them was replaced."""
    return f"""
UNWIND $keys AS key
MATCH (e:{node_label(label)} {{key: key}})
WHERE NOT (e)--()
DELETE e
RETURN count(*) AS deleted
"""


def finish_entities(label: str) -> str:
    # `proposed` (indexed) marks the methods some paper proposes: the listing of proposed
    # methods seeks them instead of walking every paper.
    # A method no longer proposed leaves the listing's rank too (LISTINGS renumbers the rest).
    proposed = (", EXISTS { (e)<-[:PROPOSES]-() } AS proposes" if label == "Method" else "")
    set_proposed = (", e.proposed = CASE WHEN proposes THEN true ELSE null END, "
                    "e.proposed_rank = CASE WHEN proposes THEN e.proposed_rank ELSE null END"
                    if label == "Method" else "")
    return f"""
UNWIND $keys AS key
MATCH (e:{node_label(label)} {{key: key}})
OPTIONAL MATCH (p:Paper)-[]->(e)
WITH e, count(DISTINCT p) AS n{proposed}
SET e.paper_count = n{set_proposed}
"""


def clear_pending(label: str) -> str:
    # Last step of finalize: until it runs, the next build finishes what this one left.
    return f"""
UNWIND $keys AS key
MATCH (e:{node_label(label)} {{key: key}})
REMOVE e.pending
"""


# Contradictions link claims of one subject head word (both bases group by it), so the claims
# and links of the questions a build touched are found by the head words of pending entities.
CLAIM_POLARITIES = """
UNWIND $heads AS head
MATCH (c:Claim {subject_head: head})
RETURN c.id AS id, c.paper_id AS paper_id, c.subject_key AS subject_key, c.target_key AS target_key,
       c.axis AS axis, c.sign AS sign, [(c)-[:CONTEXT]->(e) | e.key] AS context_keys, c.evidence AS evidence
"""

CONTRADICTIONS = """
UNWIND $heads AS head
MATCH (a:Claim {subject_head: head})-[r:CONTRADICTS]->(b:Claim)
RETURN a.id AS a, b.id AS b, r.basis AS basis, r.a_opposed_by AS a_opposed_by, r.b_opposed_by AS b_opposed_by
"""

# Per claim: how many other papers say the same about the same subject and target, how many
# the opposite, and a few of their ids (extract.claims.agreement).
SET_AGREEMENT = """
UNWIND $rows AS row
MATCH (c:Claim {id: row.id})
SET c.supported_by = row.supported_by, c.support_papers = row.support_papers,
    c.contrasted_by = row.contrasted_by, c.contrast_papers = row.contrast_papers
"""

DELETE_CONTRADICTIONS = """
UNWIND $rows AS row
MATCH (:Claim {id: row.a})-[r:CONTRADICTS]->(:Claim {id: row.b})
DELETE r
"""

# `contests` marks the claims with an outgoing CONTRADICTS link (indexed), so that listing
# contested claims seeks them instead of walking every claim. Reset per head word after its
# links are rewritten: a link also goes when the opposing claim's paper is replaced.
MARK_CONTESTS = """
UNWIND $heads AS head
MATCH (a:Claim {subject_head: head})
WITH a, EXISTS { (a)-[:CONTRADICTS]->() } AS contests
WHERE coalesce(a.contests, false) <> contests
SET a.contests = CASE WHEN contests THEN true ELSE null END,
    a.contest_rank = CASE WHEN contests THEN a.contest_rank ELSE null END
"""

# Graphs finished before a mark existed get it from the next build: (find one lacking, fill in).
BACKFILL_MARKS = [
    ("MATCH (a:Claim)-[:CONTRADICTS]->() WHERE a.contests IS NULL RETURN a.id AS id LIMIT 1",
     "MATCH (a:Claim)-[:CONTRADICTS]->() WHERE a.contests IS NULL SET a.contests = true"),
    ("MATCH (m:Method)<-[:PROPOSES]-() WHERE m.proposed IS NULL RETURN m.key AS key LIMIT 1",
     "MATCH (m:Method)<-[:PROPOSES]-() WHERE m.proposed IS NULL SET m.proposed = true"),
    # effect_text (schema.effect_text): every effect word ends in 's'; "correlates" reads "with"
    ("MATCH (c:Claim) WHERE c.effect_text IS NULL RETURN c.id AS id LIMIT 1",
     "MATCH (c:Claim) WHERE c.effect_text IS NULL "
     "WITH c, substring(c.effect, 0, size(c.effect) - 1) AS base, "
     "CASE WHEN c.effect = 'correlates' THEN ' with' ELSE '' END AS prep "
     "SET c.effect_text = CASE WHEN coalesce(c.hedged, false) THEN "
     "'may ' + (CASE WHEN coalesce(c.negated, false) THEN 'not ' ELSE '' END) + base + prep "
     "WHEN coalesce(c.negated, false) THEN 'does not ' + base + prep ELSE c.effect + prep END"),
]

# The unfiltered listings (proposed methods, contested claims) read their first $limit entries
# by a dense rank that finishing a build renumbers, one index seek per rank (`UNWIND
# range(0, $limit - 1)`): ArcadeDB's Cypher seeks an index neither for a range (`rank <
# $limit`) nor to order, and ordering the 23,366 proposed methods of the 92k graph by name
# took 145 ms, seeking 200 ranks 14 ms. `ranked` returns the marked nodes with their sort
# values (in the listing's order) and current rank; `set_rank` writes rows {id, rank}.
@dataclass(frozen=True)
class Listing:
    label: str
    mark: str                # the indexed boolean that puts a node in the listing
    rank: str                # the dense rank (indexed)
    id_prop: str
    order: tuple[str, ...]   # the listing's order (the question orders by the same properties)

    def _node(self, props: str) -> str:
        return f"(n:{node_label(self.label)} {{{props}}})"

    @property
    def ranked(self) -> str:
        order = ", ".join(f"coalesce(n.{prop}, '')" for prop in self.order)
        return (f"MATCH {self._node(self.mark + ': true')} "
                f"RETURN n.{self.id_prop} AS id, [{order}] AS sort, n.{self.rank} AS rank")

    @property
    def set_rank(self) -> str:
        return f"UNWIND $rows AS row MATCH {self._node(self.id_prop + ': row.id')} SET n.{self.rank} = row.rank"

    @property
    def first_marked(self) -> str:
        return f"MATCH {self._node(self.mark + ': true')} RETURN n.{self.id_prop} AS id LIMIT 1"

    @property
    def first_ranked(self) -> str:
        return f"MATCH {self._node(self.rank + ': 0')} RETURN n.{self.id_prop} AS id LIMIT 1"


LISTINGS = (Listing("Method", "proposed", "proposed_rank", "key", ("name", "key")),
            Listing("Claim", "contests", "contest_rank", "id", ("subject_name", "target_name", "paper_id", "id")))


# A claim's scope for the model and dataset filters of the effect question: the models
# (datasets) in its context and those its paper uses, proposes (or evaluates on), copied
# onto the claim as keys when written, so the filter is a property test instead of two
# walks per claim (6,212 claims improve a "performance" entity at 92k papers).
CLAIM_SCOPE = {"model_keys": ("Model", ("USES", "PROPOSES")),
               "dataset_keys": ("Dataset", ("EVALUATES_ON", "PROPOSES"))}

# Graphs written before the scope existed: read a batch of claims lacking it, with the keys
# (the store sorts and writes them, as for a fresh claim); every claim gets a list, maybe empty.
CLAIMS_LACKING_SCOPE = "MATCH (c:Claim) WHERE c.model_keys IS NULL RETURN c.id AS id LIMIT 1"
CLAIM_SCOPE_TO_FILL = "MATCH (c:Claim) WHERE c.model_keys IS NULL WITH c LIMIT $batch\nRETURN c.id AS id, " + ", ".join(
    f"[(c)-[:CONTEXT]->(e:{label}) | e.key] + [(c)<-[:MAKES]-()-[:{'|'.join(rels)}]->(e:{label}) | e.key] AS {prop}"
    for prop, (label, rels) in CLAIM_SCOPE.items())
SET_CLAIM_SCOPE = ("UNWIND $rows AS row MATCH (c:Claim {id: row.id}) "
                   + "SET " + ", ".join(f"c.{prop} = row.{prop}" for prop in CLAIM_SCOPE))

MERGE_CONTRADICTIONS = """
UNWIND $rows AS row
MATCH (a:Claim {id: row.a})
MATCH (b:Claim {id: row.b})
MERGE (a)-[r:CONTRADICTS]->(b)
SET r.subject_key = a.subject_key, r.target_key = a.target_key, r.basis = row.basis,
    r.a_opposed_by = row.a_opposed_by, r.b_opposed_by = row.b_opposed_by
"""

ALIAS_TABLE = """
MATCH (e)
WHERE e.key IS NOT NULL AND size(e.aliases) > 0
RETURN labels(e)[0] AS label, e.key AS key, e.name AS name, e.aliases AS aliases
"""

# ------------------------------------------------------------------ reads

# Counting one label or type at a time uses ArcadeDB's per-type counts; a scan of all
# nodes grouped by label takes seconds on a large graph.
def count_label(label: str) -> str:
    return f"MATCH (n:{node_label(label)}) RETURN count(n) AS count"


# The label every relationship of a type starts from, where there is one: ArcadeDB counts
# `(:Claim)-[r:CONTRADICTS]->()` by scanning claims, `()-[r:CONTRADICTS]->()` every node.
_START_LABEL = {**{t: "Paper" for t in [*PAPER_REL_TYPES, "MAKES"]},
                **{t: "Claim" for t in ["SUBJECT", "TARGET", "CONTEXT", "CONTRADICTS"]}, "IN_TITLE": "TitleWord"}


def count_type(rel_type: str) -> str:
    start = f":{_START_LABEL[rel_type]}" if rel_type in _START_LABEL else ""
    return f"MATCH ({start})-[r:{relationship_type(rel_type)}]->() RETURN count(r) AS count"


ALL_REL_TYPES = [*PAPER_REL_TYPES, *CLAIM_REL_TYPES, *SHORTCUT_TYPES.values()]

ALL_NODES = ("MATCH (n) WHERE NOT n:UpdateGuard AND NOT n:TitleWord "
             "RETURN elementId(n) AS eid, labels(n)[0] AS label, properties(n) AS props")


def nodes_for_export(label: str) -> str:
    """One label's nodes, for the streaming bulk export (graph.bulk)."""
    return f"MATCH (n:{node_label(label)}) RETURN coalesce(n.id, elementId(n)) AS id, properties(n) AS props"


def edges_for_export(rel_type: str) -> str:
    """One type's relationships with their end nodes' ids, for the streaming bulk export."""
    return (f"MATCH (a)-[r:{relationship_type(rel_type)}]->(b) RETURN coalesce(a.id, elementId(a)) AS source, "
            "coalesce(b.id, elementId(b)) AS target, properties(r) AS props")
# Neither the title index nor the entity links (graph/links.py: RELATED, derived and remade by
# every build) are part of an export.
ALL_EDGES = ("MATCH (a)-[r]->(b) WHERE NOT type(r) IN ['IN_TITLE', 'RELATED'] RETURN elementId(a) AS source, "
             "elementId(b) AS target, type(r) AS type, properties(r) AS props")
