"""Vectors beside the store: one float16 matrix per kind (entity names, evidence sentences).

Layout under a folder (the embedded store's home/vectors, or the path configured for Neo4j):

    manifest.json       {"model": fingerprint, "graph": graph id, "kinds": {kind: {"rows": n}}}
    <kind>.npy          float16, one unit vector a row
    <kind>.json         [[key, text hash], ...] in row order

`update` is incremental (only keys whose text is new or changed are encoded; keys gone
from the graph are dropped) and resumable (files are replaced atomically, the manifest
last, so a stopped update leaves the previous complete state or the new one). A model or
graph fingerprint that differs from the manifest's starts the kind afresh. Search is exact
(a matrix product): 19 ms p95 over 500k x 256 on this machine.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimgraph import config

Encode = Callable[[list[str]], np.ndarray]
ENCODE_SHARE = 50_000   # texts encoded at once by `update`


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@dataclass
class Updated:
    kind: str
    encoded: int = 0
    kept: int = 0
    dropped: int = 0


def _atomic_write(path: Path, write) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        write(fh)
    os.replace(tmp, path)


class VectorStore:
    def __init__(self, folder: Path, model: str, graph: str = ""):
        self.folder = Path(folder)
        self.model = model
        self.graph = graph
        self._cache: dict[str, tuple[list[str], dict[str, int], np.ndarray]] = {}
        self._groups: dict[str, dict[str, list[int]]] = {}

    # ---------------------------------------------------------------- state

    def manifest(self) -> dict:
        path = self.folder / "manifest.json"
        if not path.exists():
            return {"model": self.model, "graph": self.graph, "kinds": {}}
        return json.loads(path.read_text(encoding="utf-8"))

    def _fresh(self) -> bool:
        m = self.manifest()
        return m.get("model") == self.model and m.get("graph", "") == self.graph

    def _load(self, kind: str) -> tuple[list[list[str]], np.ndarray]:
        keys_path, vec_path = self.folder / f"{kind}.json", self.folder / f"{kind}.npy"
        if not (self._fresh() and keys_path.exists() and vec_path.exists()):
            return [], np.zeros((0, 0), dtype=np.float16)
        rows = json.loads(keys_path.read_text(encoding="utf-8"))
        vectors = np.load(vec_path)
        if len(rows) != len(vectors):      # a torn pair: start this kind afresh
            return [], np.zeros((0, 0), dtype=np.float16)
        return rows, vectors

    # ---------------------------------------------------------------- writing

    def update(self, kind: str, texts: Mapping[str, str], encode: Encode) -> Updated:
        """Bring `kind` to exactly `texts` (key -> text): encode new or changed texts only."""
        self.folder.mkdir(parents=True, exist_ok=True)
        rows, vectors = self._load(kind)
        done = Updated(kind)
        keep_idx, keep_rows = [], []
        for i, (key, h) in enumerate(rows):
            if key in texts and text_hash(texts[key]) == h:
                keep_idx.append(i)
                keep_rows.append([key, h])
        kept = {key for key, _ in keep_rows}
        done.kept, done.dropped = len(keep_rows), len(rows) - len(keep_rows)
        todo = [key for key in texts if key not in kept]
        if not todo and not done.dropped and self.manifest().get("kinds", {}).get(kind):
            return done
        # Encoded a share at a time, so only a share is ever float32 (a 92k build's 630k sentences
        # at once held 645 MB of float32 beside their float16 copy).
        todo_texts = [texts[k] for k in todo]
        parts = [vectors[keep_idx]] if keep_idx else []
        parts += [encode(todo_texts[i:i + ENCODE_SHARE]).astype(np.float16) for i in range(0, len(todo), ENCODE_SHARE)]
        matrix = np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float16)
        all_rows = keep_rows + [[k, text_hash(texts[k])] for k in todo]
        done.encoded = len(todo)
        _atomic_write(self.folder / f"{kind}.npy", lambda fh: np.save(fh, matrix))
        _atomic_write(self.folder / f"{kind}.json", lambda fh: fh.write(json.dumps(all_rows).encode()))
        manifest = self.manifest() if self._fresh() else {"kinds": {}}
        manifest.update(model=self.model, graph=self.graph)
        manifest.setdefault("kinds", {})[kind] = {"rows": len(all_rows)}
        _atomic_write(self.folder / "manifest.json",
                      lambda fh: fh.write(json.dumps(manifest, indent=1, sort_keys=True).encode()))
        self._cache.pop(kind, None)
        self._groups.pop(kind, None)
        return done

    # ---------------------------------------------------------------- reading

    def matrix(self, kind: str) -> tuple[list[str], dict[str, int], np.ndarray]:
        if kind not in self._cache:
            rows, vectors = self._load(kind)
            keys = [k for k, _ in rows]
            self._cache[kind] = (keys, {k: i for i, k in enumerate(keys)}, vectors.astype(np.float32))
        return self._cache[kind]

    def groups(self, kind: str) -> dict[str, list[int]]:
        """Row numbers by the key's part before "#" (a sentence key "paper#3" -> its paper),
        built once: selecting a paper's rows by scanning every key took ~200 ms at 92k papers."""
        if kind not in self._groups:
            grouped: dict[str, list[int]] = {}
            for i, key in enumerate(self.matrix(kind)[0]):
                grouped.setdefault(key.split("#", 1)[0], []).append(i)
            self._groups[kind] = grouped
        return self._groups[kind]

    def search(self, kind: str, query: np.ndarray, k: int = 10, *, within_groups: set[str] | None = None,
               min_score: float = -1.0) -> list[tuple[str, float]]:
        """The k keys nearest to `query` (cosine), best first; optionally only keys of the groups
        in `within_groups` (`groups`: a sentence's paper, an entity key without "#" its own)."""
        keys, _, matrix = self.matrix(kind)
        if not keys:
            return []
        if within_groups is not None:
            grouped = self.groups(kind)
            rows = sorted(i for g in within_groups for i in grouped.get(g, ()))
            if not rows:
                return []
            idx = np.array(rows, dtype=np.int64)
            scores = matrix[idx] @ query
            order = np.argsort(-scores)[:k]
            hits = [(keys[idx[i]], float(scores[i])) for i in order]
        else:
            hits = _top(keys, matrix @ query, k)
        return [h for h in hits if h[1] >= min_score]

    def search_many(self, kind: str, queries: np.ndarray, k: int = 10) -> list[list[tuple[str, float]]]:
        """`search` for each row of `queries` (no restriction), in one pass over the matrix: at
        92k papers a pass is ~10 ms of memory traffic, and three queries together cost ~half of three."""
        keys, _, matrix = self.matrix(kind)
        if not keys:
            return [[] for _ in queries]
        return [_top(keys, scores, k) for scores in queries @ matrix.T]

    def vector(self, kind: str, key: str) -> np.ndarray | None:
        keys, index, matrix = self.matrix(kind)
        return matrix[index[key]] if key in index else None


def _top(keys: list[str], scores: np.ndarray, k: int) -> list[tuple[str, float]]:
    """The k best (key, score), best first; ties by key, so the order is the same whatever k."""
    top = np.argpartition(-scores, min(k, len(scores) - 1))[:k] if len(scores) > k else np.arange(len(scores))
    return sorted(((keys[i], float(scores[i])) for i in top), key=lambda h: (-h[1], h[0]))


def graph_id(backend: str, uri: str, database: str, home: Path | None = None) -> str:
    """Which graph the vectors belong to: the embedded store's home, or a Neo4j address."""
    return str(home or config.home()) if backend == "embedded" else f"{uri}/{database}"


def for_store(store, model: str) -> VectorStore:
    """The vectors beside a store (config.vectors_dir), fingerprinted by model and graph."""
    home = getattr(store, "home", None)
    info = store.info
    return VectorStore(config.vectors_dir(home), model, graph_id(info.backend, info.uri, info.database, home))
