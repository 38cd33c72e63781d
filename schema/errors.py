"""One root exception; the CLI and the app catch only these at their boundary."""


class ClaimGraphError(Exception):
    """Base of every error ClaimGraph raises on purpose; the message is for the user."""


class InputError(ClaimGraphError):
    """A corpus file or record that cannot be read."""


class StoreError(ClaimGraphError):
    """The graph store cannot be started, reached or written."""


class ReadOnlyError(ClaimGraphError):
    """A query sent through a read-only entry point would write."""
