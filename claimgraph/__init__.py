"""ClaimGraph: research-paper abstracts into a knowledge graph of claims and methods.

One import namespace. Each top-level folder of the repository is a subpackage, linked
here (claimgraph/extract -> ../extract, ...); the wheel installs them as such:

    claimgraph.schema         pydantic models, errors, name keys (depends on nothing of ours)
    claimgraph.config         every CLAIMGRAPH_* / NEO4J_* setting
    claimgraph.extract        text -> schema objects (spaCy pipeline, patterns, name lists)
    claimgraph.graph          schema objects <-> the store (driver, Cypher, server, exports)
    claimgraph.orchestration  build, load, shards, Dask: joins extract and graph
    claimgraph.evaluation     scoring against hand-labelled sets
    claimgraph.questions      free-text questions -> catalogue questions
    claimgraph.ui             the command line and the Streamlit explorer
"""
__version__ = "0.2.0"
