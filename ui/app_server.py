"""The process `claimgraph app` runs: Streamlit's own command line, after importing what every
page of the explorer needs (the driver, pandas, pydantic, our graph layer).

Streamlit runs the app script inside its server process, so whatever the script imports
is paid by the first visitor of a fresh server (about 1 s on a loaded 2-core machine);
imported here, it is paid while the server starts instead.

    python -m claimgraph.ui.app_server run ui/app.py --server.address 127.0.0.1 ...
"""
import sys

import neo4j  # noqa: F401
import pandas  # noqa: F401
import pydantic  # noqa: F401
from streamlit.web.cli import main

import claimgraph.graph.reads  # noqa: F401
import claimgraph.graph.store  # noqa: F401
from claimgraph.ui import hostcheck

if __name__ == "__main__":
    hostcheck.install()   # only the configured host and origin (ui/hostcheck.py)
    sys.exit(main())
