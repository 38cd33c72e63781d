"""Every read the explorer needs: functions that take a Store and return plain data.

Values travel only as parameters; labels come from the schema's enums through
`graph.cypher`'s validators. Nothing here knows about Streamlit, so the same reads
serve the app, its tests and the render benchmark, on either store.
"""
from __future__ import annotations

from claimgraph.graph import cypher, links, semantic
from claimgraph.graph.store import Store
from claimgraph.schema import effect_text as schema_effect_text

ENTITY_LABELS = cypher.ENTITY_LABELS
NODE_LABELS = cypher.NODE_LABELS
CLAIM_ROLES = ["SUBJECT", "TARGET", "CONTEXT"]
MAX_ROWS_PER_HOP = 3000
MAX_CLOSING = 300   # an outer ring larger than this is not searched for the links among its nodes


def _lookup_prop(label: str) -> str:
    """The indexed property that identifies a node of this label."""
    return "id" if label in ("Paper", "Claim") else "key"


# ------------------------------------------------------------------ how a claim reads

def effect_text(claim: dict) -> str:
    """The effect as a person reads it: "improves", "does not correlate with", "may improve".
    The claim's stored `effect_text` wins; older rows without one are read through
    `schema.effect_text`, the one place that words an effect."""
    stored = claim.get("effect_text")
    if isinstance(stored, str) and stored.strip():
        return stored.strip()
    return schema_effect_text(claim.get("effect"), bool(claim.get("negated")), bool(claim.get("hedged")))


# ------------------------------------------------------------------ overview

def counts(store: Store) -> dict:
    """Nodes by label and the number of contested claim pairs (per-label counts are index-fast;
    a whole-graph `labels(n)` scan is not)."""
    labels = {label: store.read(cypher.count_label(label))[0]["count"] for label in NODE_LABELS}
    contested = store.read(cypher.count_type("CONTRADICTS"))[0]["count"]
    return {"labels": labels, "contested": contested}


def top_entities(store: Store, label: str, limit: int = 10) -> list[dict]:
    """The entities of one type named by the most papers."""
    return store.read(f"""
MATCH (e:{cypher.node_label(label)})
WHERE e.paper_count > 0
RETURN e.name AS name, e.key AS key, e.paper_count AS papers
ORDER BY e.paper_count DESC, e.name
LIMIT $limit""", limit=limit)


# ------------------------------------------------------------------ search

def _search_entities_query() -> str:
    parts = [f"""
MATCH (e:{cypher.node_label(label)})
WITH e, toLower(e.name) AS n, [a IN coalesce(e.aliases, []) | toLower(a)] AS al
WHERE n CONTAINS $q OR any(a IN al WHERE a CONTAINS $q)
RETURN '{label}' AS label, e.key AS key, e.name AS name, e.aliases AS aliases,
       coalesce(e.paper_count, 0) AS papers,
       CASE WHEN n = $q OR $q IN al THEN 0 WHEN n STARTS WITH $q THEN 1 ELSE 2 END AS rank
ORDER BY rank, papers DESC
LIMIT $limit""" for label in ENTITY_LABELS]
    return "\nUNION ALL\n".join(parts)


def search(store: Store, text: str, limit: int = 30) -> list[dict]:
    """Entities whose name or an alias contains `text`, and papers whose title does.

    Best first: exact name/alias matches, then prefixes, then the most-cited.
    Each row: label, key (a paper's id), name, aliases, papers (None for a paper),
    matched (the alias that matched when the name did not).
    """
    q = " ".join(text.split()).lower()
    if not q:
        return []
    rows = store.read(_search_entities_query(), q=q, limit=limit)
    rows += store.read("""
MATCH (p:Paper)
WITH p, toLower(p.title) AS t
WHERE t CONTAINS $q
RETURN 'Paper' AS label, p.id AS key, p.title AS name, [] AS aliases, 1 AS papers,
       CASE WHEN t = $q THEN 0 WHEN t STARTS WITH $q THEN 1 ELSE 3 END AS rank
ORDER BY rank, p.title
LIMIT $limit""", q=q, limit=limit)
    for row in rows:
        aliases = row["aliases"] or []
        row["matched"] = None if q in row["name"].lower() else next(
            (a for a in aliases if q in a.lower()), None)
    rows.sort(key=lambda r: (r["rank"], -r["papers"], r["label"] == "Paper", r["name"].lower()))
    for row in rows:
        if row["label"] == "Paper":
            row["papers"] = None
    return rows[:limit]


def entity_names(store: Store, labels: tuple[str, ...] = (), limit: int = 2000) -> list[dict]:
    """Entities of `labels` (all when empty) that papers name, most papers first: the choices
    offered for a question's slot (any other name can still be typed)."""
    rows = []
    for label in [l for l in (labels or ENTITY_LABELS) if l in ENTITY_LABELS]:
        rows += store.read(f"""
MATCH (e:{cypher.node_label(label)})
WHERE e.paper_count > 0
RETURN '{label}' AS label, e.key AS key, e.name AS name, e.paper_count AS papers
ORDER BY papers DESC, name
LIMIT $limit""", limit=limit)
    rows.sort(key=lambda r: (-r["papers"], r["name"] or ""))
    return rows[:limit]


# ------------------------------------------------------------------ entity page

def entity(store: Store, label: str, key: str) -> dict | None:
    rows = store.read(f"MATCH (e:{cypher.node_label(label)} {{key: $key}}) RETURN properties(e) AS props", key=key)
    if not rows:
        return None
    props = rows[0]["props"]
    return {"label": label, "key": key, "name": props.get("name") or key,
            "aliases": props.get("aliases") or [], "paper_count": props.get("paper_count") or 0, "props": props}


# Reads below anchor on the indexed node and tell node kinds apart by relationship type, not
# by a label on the far end: ArcadeDB checks such labels slowly (10x on a 20k-paper graph).

def entity_papers(store: Store, label: str, key: str) -> list[dict]:
    """Papers that name the entity: how (PROPOSES, USES, …) and the sentence that shows it."""
    rows = store.read(f"""
MATCH (e:{cypher.node_label(label)} {{key: $key}})<-[r]-(p)
WHERE type(r) IN $rels
RETURN p.id AS paper_id, p.title AS title, p.year AS year, type(r) AS relation,
       r.evidence AS evidence, r.extractor AS extractor, r.confidence AS confidence""",
                      key=key, rels=cypher.PAPER_REL_TYPES)
    rows.sort(key=lambda r: (r["relation"] != "PROPOSES", -(r["year"] or 0), r["title"] or ""))
    return rows


def entity_counts(store: Store, label: str, key: str) -> dict:
    """How many rows entity_papers and entity_claims would return, counted in the store (a hub's
    page shows the counts before any of its thousands of rows is read)."""
    node = f"(e:{cypher.node_label(label)} {{key: $key}})"
    papers = store.read(f"MATCH {node}<-[r]-(p) WHERE type(r) IN $rels RETURN count(*) AS n",
                        key=key, rels=cypher.PAPER_REL_TYPES)
    claims = store.read(f"MATCH {node}<-[r]-(c) WHERE type(r) IN $roles MATCH (c)<-[:MAKES]-(p) RETURN count(*) AS n",
                        key=key, roles=CLAIM_ROLES)
    return {"papers": papers[0]["n"], "claims": claims[0]["n"]}


def entity_claims(store: Store, label: str, key: str) -> list[dict]:
    """Claims whose subject, target or context is the entity, with the paper that makes them."""
    rows = store.read(f"""
MATCH (e:{cypher.node_label(label)} {{key: $key}})<-[r]-(c)
WHERE type(r) IN $roles
MATCH (c)<-[:MAKES]-(p)
RETURN properties(c) AS claim, toLower(type(r)) AS role, p.id AS paper_id, p.title AS title""",
                      key=key, roles=CLAIM_ROLES)
    order = {"subject": 0, "target": 1, "context": 2}
    rows.sort(key=lambda r: (order[r["role"]], -(r["claim"].get("confidence") or 0)))
    return [{**r["claim"], "role": r["role"], "paper_id": r["paper_id"], "title": r["title"]} for r in rows]


def _expand(store: Store, frontier: list[dict], labels: list[str], *, among: list[str] | None = None,
            limit: int = MAX_ROWS_PER_HOP) -> tuple[list[dict], bool]:
    """Every relationship of the frontier nodes to nodes of `labels` (only to `among` ids if given)."""
    by_label: dict[str, list[str]] = {}
    for node in frontier:
        by_label.setdefault(node["label"], []).append(node["props"][_lookup_prop(node["label"])])
    rows, truncated = [], False
    for label, values in by_label.items():
        prop = _lookup_prop(label)
        where = f"labels(b)[0] IN $labels AND type(r) <> '{links.RELATED}'" + (
            " AND b.id IN $among" if among is not None else "")
        found = store.read(f"""
UNWIND $values AS v
MATCH (a:{cypher.node_label(label)} {{{prop}: v}})-[r]-(b)
WHERE {where}
RETURN a.id AS from_id, startNode(r) = a AS outgoing, type(r) AS type, properties(r) AS rel,
       labels(b)[0] AS label, properties(b) AS props
LIMIT $limit""", values=values, labels=labels, among=among, limit=limit)
        truncated |= len(found) >= limit
        rows += found
    return rows, truncated


def neighbourhood(store: Store, label: str, key: str, *, depth: int = 1, labels: list[str] | None = None,
                  max_nodes: int = 1000) -> dict:
    """The entity and everything within `depth` hops through nodes of `labels`, its reads all
    from one state of the graph (Store.consistently; see `_neighbourhood`)."""
    return store.consistently(lambda: _neighbourhood(store, label, key, depth=depth, labels=labels,
                                                     max_nodes=max_nodes))


def _neighbourhood(store: Store, label: str, key: str, *, depth: int, labels: list[str] | None,
                   max_nodes: int) -> dict:
    """The entity and everything within `depth` hops through nodes of `labels`.

    Once `max_nodes` are collected no further hop is taken ("truncated"): a view that
    shows the nearest nodes first would never show the farther ones anyway.

    Returns {"nodes": [{eid, label, props, hop}], "edges": [{source, target, type, props}],
    "truncated": bool} — the shape `graph.export.to_networkx` takes — with the relationships
    among the collected nodes (within the outermost ring only when it has <= MAX_CLOSING nodes).
    """
    labels = [l for l in (NODE_LABELS if labels is None else labels) if l in NODE_LABELS]
    rows = store.read(f"MATCH (e:{cypher.node_label(label)} {{key: $key}}) RETURN properties(e) AS props", key=key)
    if not rows:
        return {"nodes": [], "edges": [], "truncated": False}
    center = {"eid": rows[0]["props"]["id"], "label": label, "props": rows[0]["props"], "hop": 0}
    nodes = {center["eid"]: center}
    edges: dict[tuple, dict] = {}
    frontier, truncated = [center], False

    def add_edges(found):
        for row in found:
            other = row["props"].get("id")
            if other is None or other not in nodes:
                continue
            source, target = (row["from_id"], other) if row["outgoing"] else (other, row["from_id"])
            rel = row["rel"]
            edges.setdefault((source, row["type"], target, rel.get("claim_id"), rel.get("role")),
                             {"source": source, "target": target, "type": row["type"], "props": rel})

    for hop in range(1, depth + 1):
        if len(nodes) >= max_nodes:
            truncated = True
            break
        found, cut = _expand(store, frontier, labels)
        truncated |= cut
        frontier = []
        for row in found:
            nid = row["props"].get("id")
            if nid is not None and nid not in nodes:
                nodes[nid] = {"eid": nid, "label": row["label"], "props": row["props"], "hop": hop}
                frontier.append(nodes[nid])
        add_edges(found)
    if 0 < len(frontier) <= MAX_CLOSING:  # relationships among the outermost ring
        found, _ = _expand(store, frontier, labels, among=list(nodes))
        add_edges(found)
    return {"nodes": list(nodes.values()), "edges": list(edges.values()), "truncated": truncated}


# ------------------------------------------------------------------ entity-centred graph

def entity_links(store: Store, label: str, key: str, limit: int = 1000) -> dict:
    """`_entity_links`, its reads all from one state of the graph (Store.consistently)."""
    return store.consistently(lambda: _entity_links(store, label, key, limit))


def _entity_links(store: Store, label: str, key: str, limit: int) -> dict:
    """The entity and the `limit` entities linked to it most strongly (graph/links.py:
    co-occurrence in papers and shared claims), with the links among those neighbours. Links
    are read where stored (computed at build time) and chosen now where not (entities of one
    paper, `links.chosen_around`), when the stored ones leave room. (A hub of the 92k graph
    has ~27,000 linked entities; reading the links among 1,000 of them takes ~0.6 s, among
    2,000 twice that, for the same few communities.)

    Returns {"center": {label, key, name, papers}, "nodes": [{label, key, name, papers}],
    "links": [{a: (label, key), b: (label, key), papers, claims, paper_ids}]} — the centre's
    links first, heaviest first.
    """
    rows = store.read(f"""
MATCH (e:{cypher.node_label(label)} {{key: $key}})
OPTIONAL MATCH (e)-[l:{links.RELATED}]-(o)
RETURN e.name AS name, coalesce(e.paper_count, 0) AS papers, labels(o)[0] AS label, o.key AS other,
       o.name AS other_name, coalesce(o.paper_count, 0) AS other_papers, l.papers AS weight,
       l.claims AS claims, l.paper_ids AS paper_ids
ORDER BY weight DESC, other_papers DESC, other
LIMIT $limit""", key=key, limit=limit)
    if not rows:
        return {"center": None, "nodes": [], "links": []}
    me = (label, key)
    center = {"label": label, "key": key, "name": rows[0]["name"] or key, "papers": rows[0]["papers"]}
    around = links.chosen_around(store, label, key) if len(rows) < limit else []
    if around:
        # Unstored links with the centre at one end join the stored ones, ranked alike.
        mine = [(l, l["b"] if l["a"] == me else l["a"]) for l in around if me in (l["a"], l["b"])]
        info = {(r["label"], r["key"]): r
                for r in semantic.entity_rows_by_ref(store, [f"{o[0]}|{o[1]}" for _, o in mine])}
        rows = sorted([r for r in rows if r["other"] is not None] + [
            {"label": o[0], "other": o[1], "other_name": info[o]["name"], "other_papers": info[o]["papers"],
             "weight": l["papers"], "claims": l["claims"], "paper_ids": l["paper_ids"]}
            for l, o in mine if o in info],
            key=lambda r: (-(r["weight"] or 0), -r["other_papers"], r["label"], r["other"]))[:limit]
    nodes: dict[tuple[str, str], dict] = {}
    found: list[dict] = []
    for r in rows:
        # a pair both ends chose has two links (graph/links.py): one row per neighbour
        if r["other"] is None or r["label"] not in ENTITY_LABELS or (r["label"], r["other"]) in nodes:
            continue
        nodes[(r["label"], r["other"])] = {"label": r["label"], "key": r["other"], "name": r["other_name"] or r["other"],
                                           "papers": r["other_papers"]}
        found.append({"a": me, "b": (r["label"], r["other"]), "papers": r["weight"] or 0,
                      "claims": r["claims"] or 0, "paper_ids": r["paper_ids"] or []})
    by_label: dict[str, list[str]] = {}
    for lab, k in nodes:
        by_label.setdefault(lab, []).append(k)
    among = [{"a": (lab, r["a"]), "b": (r["label"], r["b"]), "papers": r["papers"], "claims": r["claims"]}
             for lab, keys in by_label.items() for r in store.read(f"""
UNWIND $keys AS k
MATCH (a:{cypher.node_label(lab)} {{key: k}})-[l:{links.RELATED}]->(b)
WHERE b.key IN $all
RETURN k AS a, labels(b)[0] AS label, b.key AS b, l.papers AS papers, l.claims AS claims""",
                                                                keys=keys, all=[k for _, k in nodes])]
    seen = set()
    for l in among + around:
        pair = (l["a"], l["b"])
        if pair[0] in nodes and pair[1] in nodes and frozenset(pair) not in seen:
            seen.add(frozenset(pair))
            found.append({"a": pair[0], "b": pair[1], "papers": l["papers"] or 0, "claims": l["claims"] or 0,
                          "paper_ids": []})
    return {"center": center, "nodes": list(nodes.values()), "links": found}


# ------------------------------------------------------------------ comparison and trends

COMPARED_SUBJECTS = ["Method", "Model"]


def comparison_claims(store: Store, label: str, key: str, limit: int = 1000) -> list[dict]:
    """Claims of the papers on a task (ADDRESSES) or dataset (EVALUATES_ON/PROPOSES), and claims
    targeting it, whose subject is a method or model: the rows of a methods × datasets × metrics
    table. Each row: method, target, target_label, metrics and datasets (from the claim's context;
    datasets fall back to those the paper evaluates on), effect fields, magnitude, evidence, paper."""
    if label not in ("Task", "Dataset"):
        raise ValueError(f"a comparison is made for a Task or a Dataset, not {label!r}")
    via = "ADDRESSES" if label == "Task" else "EVALUATES_ON|PROPOSES"
    rows = store.read(f"""
CALL {{
  MATCH (:{cypher.node_label(label)} {{key: $key}})<-[:{via}]-(p)-[:MAKES]->(c)
  RETURN c, p
  UNION
  MATCH (c:Claim {{target_key: $key}})<-[:MAKES]-(p)
  RETURN c, p
}}
WITH c, p WHERE c.subject_label IN $subjects
WITH c, p ORDER BY c.subject_name, p.title, c.id LIMIT $limit
OPTIONAL MATCH (c)-[:CONTEXT]->(x)
WITH c, p, collect(DISTINCT [labels(x)[0], x.name]) AS context
OPTIONAL MATCH (p)-[:EVALUATES_ON]->(d)
WITH c, p, context, collect(DISTINCT d.name) AS paper_datasets
RETURN c.subject_name AS method, c.subject_label AS method_label, c.target_name AS target,
       c.target_label AS target_label, c.effect AS effect, c.negated AS negated, c.hedged AS hedged,
       c.effect_text AS effect_text, c.magnitude AS magnitude, c.evidence AS evidence,
       [x IN context WHERE x[0] = 'Metric' | x[1]] AS metrics,
       [x IN context WHERE x[0] = 'Dataset' | x[1]] AS datasets, paper_datasets,
       p.id AS paper_id, p.title AS paper_title""", key=key, subjects=COMPARED_SUBJECTS, limit=limit)
    for r in rows:
        if not r["datasets"]:
            r["datasets"] = r.pop("paper_datasets") or []
        else:
            r.pop("paper_datasets")
    return rows


def entity_years(store: Store, label: str, key: str) -> list[dict]:
    """Papers naming the entity and claims about it, per year: [{year, papers, claims}] (papers
    without a year are counted under year None)."""
    papers = store.read(f"""
MATCH (e:{cypher.node_label(label)} {{key: $key}})<-[r]-(p)
WHERE type(r) IN $rels
WITH DISTINCT p
RETURN p.year AS year, count(p) AS n""", key=key, rels=cypher.PAPER_REL_TYPES)
    claims = store.read(f"""
MATCH (e:{cypher.node_label(label)} {{key: $key}})<-[r]-(c)
WHERE type(r) IN $roles
WITH DISTINCT c
MATCH (c)<-[:MAKES]-(p)
RETURN p.year AS year, count(c) AS n""", key=key, roles=CLAIM_ROLES)
    years: dict = {}
    for kind, found in (("papers", papers), ("claims", claims)):
        for r in found:
            years.setdefault(r["year"], {"year": r["year"], "papers": 0, "claims": 0})[kind] += r["n"]
    return sorted(years.values(), key=lambda r: (r["year"] is None, r["year"] or 0))


def search_papers(store: Store, text: str, limit: int = 30) -> list[dict]:
    """Papers whose title contains `text` (case-folded), prefix matches first: the paper picker."""
    q = " ".join(text.split()).lower()
    if not q:
        return []
    return store.read("""
MATCH (p:Paper)
WITH p, toLower(p.title) AS t
WHERE t CONTAINS $q
RETURN p.id AS id, p.title AS title, p.year AS year
ORDER BY CASE WHEN t STARTS WITH $q THEN 0 ELSE 1 END, p.title
LIMIT $limit""", q=q, limit=limit)


def paper_titles(store: Store, ids: list[str]) -> dict[str, str]:
    """Paper id -> title, for the ids given (a link's papers, listed on hover)."""
    if not ids:
        return {}
    rows = store.read("UNWIND $ids AS i MATCH (p:Paper {id: i}) RETURN p.id AS id, p.title AS title", ids=ids)
    return {r["id"]: r["title"] or r["id"] for r in rows}


# ------------------------------------------------------------------ paper page

def papers(store: Store, limit: int = 500) -> list[dict]:
    return store.read("MATCH (p:Paper) RETURN p.id AS id, p.title AS title ORDER BY p.title LIMIT $limit",
                      limit=limit)


def paper(store: Store, paper_id: str) -> dict | None:
    rows = store.read("MATCH (p:Paper {id: $id}) RETURN properties(p) AS props", id=paper_id)
    return rows[0]["props"] if rows else None


def paper_mentions(store: Store, paper_id: str) -> list[dict]:
    """Every entity the paper names, with all its character offsets in the abstract."""
    return store.read("""
MATCH (p:Paper {id: $id})-[r]->(e)
WHERE type(r) IN $rels
RETURN type(r) AS relation, labels(e)[0] AS label, e.key AS key, e.name AS name,
       r.starts AS starts, r.ends AS ends, r.evidence AS evidence
ORDER BY r.start""", id=paper_id, rels=cypher.PAPER_REL_TYPES)


def paper_claims(store: Store, paper_id: str) -> list[dict]:
    """The paper's claims in text order, each with its context entities and the number of claims
    opposing it (stored on its CONTRADICTS links, of which at most 3 are picked per claim)."""
    rows = store.read("""
MATCH (p:Paper {id: $id})-[:MAKES]->(c)
OPTIONAL MATCH (c)-[x:CONTEXT]->(e)
WITH c, collect({role: x.role, name: e.name, label: labels(e)[0]}) AS context
OPTIONAL MATCH (c)-[outgoing:CONTRADICTS]->()
WITH c, context, max(outgoing.a_opposed_by) AS as_start
OPTIONAL MATCH (c)<-[incoming:CONTRADICTS]-()
WITH c, context, as_start, max(incoming.b_opposed_by) AS as_end
RETURN properties(c) AS claim, context, coalesce(as_start, as_end, 0) AS contradicted_by""",
                      id=paper_id)
    out = [{**r["claim"], "context": [c for c in r["context"] if c.get("name")],
            "contradicted_by": r["contradicted_by"]} for r in rows]
    return sorted(out, key=lambda c: (c.get("start") or 0, c.get("name") or ""))


# ------------------------------------------------------------------ contested claims

def contested(store: Store, limit: int = 500) -> list[dict]:
    """Pairs of claims that say opposite things about the same subject and target."""
    return store.read("""
MATCH (a:Claim)-[:CONTRADICTS]->(b)
MATCH (a)<-[:MAKES]-(pa)
MATCH (b)<-[:MAKES]-(pb)
RETURN properties(a) AS a, properties(b) AS b, pa.id AS a_paper_id, pa.title AS a_title,
       pb.id AS b_paper_id, pb.title AS b_title
LIMIT $limit""", limit=limit)


# ------------------------------------------------------------------ whole graph

def whole_graph(store: Store) -> dict:
    return {"nodes": store.all_nodes(), "edges": store.all_edges(), "truncated": False}
