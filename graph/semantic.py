"""The semantic layer's reads and writes: entity names and abstract sentences to embed,
and the SAME_AS links between concept groups. Labels are checked against the schema;
values travel as parameters."""
from __future__ import annotations

from claimgraph.graph import cypher

SAME_AS = "SAME_AS"


def _label(label: str) -> str:
    if label not in cypher.ENTITY_LABELS:
        raise ValueError(f"not an entity label: {label!r}")
    return label


def entity_rows(store) -> list[dict]:
    """Every entity: label, key, name, aliases, papers (paper_count)."""
    rows = []
    for label in cypher.ENTITY_LABELS:
        rows += store.read(f"MATCH (e:{_label(label)}) WHERE e.key IS NOT NULL "
                           "RETURN $label AS label, e.key AS key, e.name AS name, coalesce(e.aliases, []) AS aliases, "
                           "coalesce(e.paper_count, 0) AS papers", label=label)
    return rows


def entity_rows_by_ref(store, refs: list[str]) -> list[dict]:
    """The entity_rows of these "Label|key" references (the vectors' keys); unknown ones are left out."""
    by_label: dict[str, list[str]] = {}
    for ref in dict.fromkeys(refs):
        label, _, key = ref.partition("|")
        by_label.setdefault(_label(label), []).append(key)
    rows = []
    for label, keys in by_label.items():
        rows += store.read(f"UNWIND $keys AS k MATCH (e:{label} {{key: k}}) "
                           "RETURN $label AS label, e.key AS key, e.name AS name, coalesce(e.aliases, []) AS aliases, "
                           "coalesce(e.paper_count, 0) AS papers", label=label, keys=keys)
    return rows


PAPER_TEXTS = """
MATCH (p:Paper)
RETURN p.id AS id, p.title AS title, p.abstract AS abstract
"""


def paper_texts(store) -> list[dict]:
    return store.read(PAPER_TEXTS)


def paper_summaries(store, ids: list[str]) -> list[dict]:
    """id, title, abstract and the names of the methods each paper proposes (or, failing
    those, the entities it uses)."""
    return store.read("UNWIND $ids AS pid MATCH (p:Paper {id: pid}) "
                      "OPTIONAL MATCH (p)-[:PROPOSES]->(m) "
                      "WITH p, collect(DISTINCT m.name) AS proposed "
                      "OPTIONAL MATCH (p)-[:USES]->(u:Method) "
                      "WITH p, proposed, collect(DISTINCT u.name)[..3] AS used "
                      "RETURN p.id AS id, p.title AS title, p.abstract AS abstract, "
                      "CASE WHEN size(proposed) > 0 THEN proposed ELSE used END AS methods", ids=ids)


def paper_entities(store, ids: list[str]) -> list[dict]:
    """id, title, abstract, and every entity the paper names
    ({name, aliases, how, label, key}), for picking the names a sentence mentions."""
    return store.read("UNWIND $ids AS pid MATCH (p:Paper {id: pid}) "
                      "OPTIONAL MATCH (p)-[r:PROPOSES|USES|EVALUATES_ON|ADDRESSES|REPORTS|MENTIONS]->(e) "
                      "WITH p, collect({name: e.name, aliases: coalesce(e.aliases, []), how: type(r), "
                      "label: labels(e)[0], key: e.key}) AS named "
                      "RETURN p.id AS id, p.title AS title, p.abstract AS abstract, named", ids=ids)


def claims_of_papers(store, ids: list[str], effects: list[str]) -> list[dict]:
    """The claims these papers make with one of these effects (not negated): subject, effect,
    target, context and evidence, as the catalogue's claim rows."""
    return store.read("UNWIND $ids AS pid MATCH (p:Paper {id: pid})-[:MAKES]->(c:Claim) "
                      "WHERE c.effect IN $effects AND NOT coalesce(c.negated, false) "
                      "MATCH (c)-[:SUBJECT]->(s) MATCH (c)-[:TARGET]->(t) "
                      "OPTIONAL MATCH (c)-[x:CONTEXT]->(ctx) "
                      "WITH p, c, s, t, collect(x.role + ': ' + ctx.name) AS context "
                      "RETURN s.name AS subject, labels(s)[0] AS subject_label, c.effect AS effect, t.name AS target, "
                      "context, p.id AS paper_id, p.title AS paper_title, c.evidence AS evidence "
                      "ORDER BY paper_id, c.id", ids=ids, effects=effects)


def papers_naming(store, label: str, keys: list[str], limit: int = 5) -> list[str]:
    """Ids of papers linked to any of these entities (a few, for SAME_AS provenance)."""
    rows = store.read(f"UNWIND $keys AS k MATCH (e:{_label(label)} {{key: k}})<-[r]-(p:Paper) "
                      "RETURN DISTINCT p.id AS id ORDER BY id LIMIT $limit", keys=keys, limit=limit)
    return [r["id"] for r in rows]


def papers_linked(store, items: list[tuple[str, str]]) -> dict[str, list[str]]:
    """'label|key' -> ids of papers that name the entity (any paper relationship)."""
    out: dict[str, list[str]] = {}
    by_label: dict[str, list[str]] = {}
    for label, key in items:
        by_label.setdefault(label, []).append(key)
    for label, keys in by_label.items():
        for r in store.read(f"UNWIND $keys AS k MATCH (e:{_label(label)} {{key: k}})<-[]-(p:Paper) "
                            "RETURN k AS key, collect(DISTINCT p.id) AS ids", keys=keys):
            out[f"{label}|{r['key']}"] = r["ids"]
    return out


def same_as_links(store) -> list[dict]:
    return store.read("MATCH (a)-[s:SAME_AS]->(b) RETURN labels(a)[0] AS label, a.key AS a, a.name AS a_name, "
                      "b.key AS b, b.name AS b_name, s.score AS score, s.rule AS rule, s.model AS model, "
                      "s.paper_ids AS paper_ids ORDER BY label, a, b")


def write_same_as(store, label: str, rows: list[dict]) -> None:
    """rows: {a, b, score, rule, model, paper_ids}; a SAME_AS b (a < b), merged, properties set."""
    if rows:
        store._write(lambda tx: tx.run(
            f"UNWIND $rows AS row MATCH (a:{_label(label)} {{key: row.a}}) MATCH (b:{label} {{key: row.b}}) "
            "MERGE (a)-[s:SAME_AS]->(b) SET s.score = row.score, s.rule = row.rule, s.model = row.model, "
            "s.paper_ids = row.paper_ids", rows=rows).consume())


def delete_same_as(store, label: str, pairs: list[dict]) -> None:
    """pairs: {a, b}; the SAME_AS link between them, either direction, removed."""
    if pairs:
        store._write(lambda tx: tx.run(
            f"UNWIND $rows AS row MATCH (a:{_label(label)} {{key: row.a}})-[s:SAME_AS]-(b:{label} {{key: row.b}}) "
            "DELETE s", rows=pairs).consume())
