"""One root exception; the CLI and the app catch only these at their boundary."""
from __future__ import annotations

from typing import Protocol


class PointsAtQuery(Protocol):
    """Where in a user's query it failed (graph.diagnostics.QueryError; schema imports nothing of ours)."""

    def pointer(self, query: str) -> str | None: ...


class ClaimGraphError(Exception):
    """Base of every error ClaimGraph raises on purpose; the message is for the user."""


class InputError(ClaimGraphError):
    """A corpus file or record that cannot be read."""


class StoreError(ClaimGraphError):
    """The graph store cannot be started, reached or written."""

    # The embedded server's detail of a failed user query, from its log (graph/store.py);
    # the query console points at the position it names.
    query_error: PointsAtQuery | None = None


class ReadOnlyError(ClaimGraphError):
    """A query sent through a read-only entry point would write."""
