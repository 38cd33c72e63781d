"""The static embedding model: a model2vec distillation of all-MiniLM-L6-v2 (semantic/model/).

Encoding a text is a tokenizer call, a row lookup per token and a mean: no torch. The
model files were made once by `semantic/distill.py` (a tool, not run at run time) and
ship as float16 (`embeddings.npy`) with the tokenizer (`tokenizer.json`).
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "model"


class Encoder:
    def __init__(self, folder: Path = MODEL_DIR):
        from tokenizers import Tokenizer

        self.folder = folder
        self.embeddings = np.load(folder / "embeddings.npy").astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        meta = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.max_tokens = int(meta.get("max_tokens", 512))
        self.unk_id = meta.get("unk_id")
        self.name = meta.get("name", folder.name)
        self.dim = self.embeddings.shape[1]
        digest = hashlib.sha256((folder / "embeddings.npy").read_bytes()[:1 << 20]).hexdigest()[:12]
        self.fingerprint = f"{self.name}:{self.dim}:{digest}"

    def encode(self, texts: list[str], batch: int = 1024) -> np.ndarray:
        """Unit vectors (float32, one row per text); an empty text gives a zero row."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), batch):
            encodings = self.tokenizer.encode_batch_fast(texts[start:start + batch], add_special_tokens=False)
            for i, enc in enumerate(encodings, start=start):
                ids = [t for t in enc.ids[:self.max_tokens] if t != self.unk_id]
                if ids:
                    out[i] = self.embeddings[ids].mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


@lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    return Encoder()


def available() -> bool:
    return (MODEL_DIR / "embeddings.npy").exists()
