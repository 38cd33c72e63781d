"""Read-only guard: the text check refuses every write form and says why; reads pass.

The store-side guard (read-only account / read access mode) is tested against the real
server in test_store_integration.py with these same queries.
"""
import pytest

from claimgraph.graph.readonly import check_read_only
from claimgraph.schema import ReadOnlyError

WRITE_QUERIES = [
    "CREATE (n:Paper {id: 'x'})",
    "MERGE (n:Method {key: 'x'})",
    "MATCH (n:Paper) SET n.title = 'x'",
    "MATCH (n:Paper) REMOVE n.title",
    "MATCH (n:Paper) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "DROP INDEX method_key IF EXISTS",
    "CREATE INDEX foo IF NOT EXISTS FOR (m:Method) ON (m.name)",
    "CREATE CONSTRAINT c IF NOT EXISTS FOR (p:Paper) REQUIRE p.id IS UNIQUE",
    "DROP CONSTRAINT paper_id",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "CALL db.createLabel('Evil')",
    "CALL apoc.create.node(['X'], {})",
    "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS",
    "MATCH (n) RETURN n; MATCH (n) DETACH DELETE n",
    "MATCH (n) RETURN n /* harmless */ ; CREATE (:X)",
    "MATCH (n) // comment\nSET n.x = 1 RETURN n",
    "UNWIND [1,2] AS i CREATE (:X {i: i})",
    "MATCH (a:Paper), (b:Paper) MERGE (a)-[:CITES]->(b)",
    "FOREACH (i IN [1] | CREATE (:X))",
    "match (n) detach delete n",
    "MATCH (n) WITH n LIMIT 1 SET n += {x: 1}",
    "CALL dbms.security.createUser('u', 'p', false)",
]

READ_QUERIES = [
    "MATCH (n:Paper) RETURN n.title LIMIT 5",
    "MATCH (m:Method) WHERE m.name = 'CREATE (x)' RETURN m",  # write words inside strings are data
    "MATCH (m:Method) // DELETE in a comment is harmless\nRETURN count(m)",
    "MATCH (p:Paper)-[:PROPOSES]->(m) RETURN p.title, m.name ORDER BY p.title",
    "CALL db.labels()",
    "MATCH (p:Paper) WHERE p.title CONTAINS $q RETURN p.id;",
    "MATCH (d:Dataset) RETURN d.`set` AS quoted",
]


@pytest.mark.parametrize("query", WRITE_QUERIES)
def test_write_forms_are_refused_with_a_reason(query):
    with pytest.raises(ReadOnlyError, match="refused"):
        check_read_only(query)


@pytest.mark.parametrize("query", READ_QUERIES)
def test_reads_pass(query):
    check_read_only(query)


def test_empty_query_refused():
    with pytest.raises(ReadOnlyError, match="empty"):
        check_read_only("   ")
