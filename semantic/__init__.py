"""Meaning: acronym expansion, a static embedding model and vectors beside the store.

Runtime needs numpy and `tokenizers` only (no torch, nothing downloaded). May import
`schema` and `config` only (tests/unit/test_layers.py)."""
