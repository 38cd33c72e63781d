"""Type a noun phrase by its head word, for names no list or model knows.

"Uncertainty-Aware Dynamic Fusion" is a Method because of "fusion"; "length
generalization" a Task; "word error rate" a Metric.
"""
from __future__ import annotations

from extract.normalize import normalize_key
from schema import EntityType

_HEADS: dict[EntityType, set[str]] = {
    EntityType.MODEL: {
        "network", "model", "transformer", "architecture", "llm", "vlm", "encoder", "decoder",
        "autoencoder", "gan", "cnn", "rnn", "lstm", "mlp", "gnn", "dnn", "perceptron", "vit", "bert",
    },
    EntityType.TASK: {
        "generalization", "generalisation", "learning", "classification", "detection", "segmentation",
        "recognition", "translation", "adaptation", "reasoning", "prediction", "generation",
        "retrieval", "answering", "synthesis", "summarization", "estimation", "forecasting",
        "tracking", "reconstruction", "localization", "parsing", "tagging", "captioning",
        "planning", "control", "navigation", "modeling", "modelling", "matching", "calibration",
        "correction", "inference", "filtering", "completion", "alignment", "understanding",
        "discovery", "search", "ranking", "recommendation", "shift", "robustness",
    },
    EntityType.METRIC: {
        "accuracy", "error", "rate", "score", "precision", "recall", "f1", "auc", "auroc", "bleu",
        "rouge", "perplexity", "wer", "cer", "map", "iou", "psnr", "ssim", "fid", "gap", "ece",
    },
    EntityType.METHOD: {
        "method", "algorithm", "optimization", "regularization", "normalization", "augmentation",
        "tuning", "training", "dropout", "averaging", "distillation", "pruning", "quantization",
        "descent", "mixup", "fusion", "prompting", "decoding", "sampling", "approach", "framework",
        "technique", "strategy", "loss", "objective", "minimization", "pretraining", "finetuning",
        "ensemble", "ensembling", "attention", "bridge", "regularizer", "optimizer", "mechanism",
        "initialization", "scheduling", "collection", "refinement", "interpolation", "search",
        "balancing", "filtering", "weighting", "merging", "soup", "adapter", "lora",
    },
    EntityType.DATASET: {"dataset", "benchmark", "corpus", "suite", "collection", "bank", "set"},
}
# Heads that name a thing only with a qualifier before them ("learning" alone is not a task).
_NEEDS_MODIFIER = {"learning", "model", "network", "method", "approach", "framework", "training", "error", "rate", "score", "set", "search", "control"}


def type_from_head(phrase: str) -> EntityType | None:
    """The entity type a phrase's last word implies, or None when it says nothing."""
    words = normalize_key(phrase).split()
    if not words:
        return None
    head = words[-1]
    for entity_type, heads in _HEADS.items():
        if head in heads:
            if head in _NEEDS_MODIFIER and len(words) < 2:
                return None
            return entity_type
    return None


# Whole fields rather than tasks: as Task nodes they would link every paper to every other.
GENERIC_TOPICS = {
    "generalization", "generalisation", "machine learning", "deep learning", "learning", "artificial intelligence",
    "ai", "optimization", "training", "inference", "performance", "data processing", "model design", "scaling",
}


def is_generic_topic(phrase: str) -> bool:
    return normalize_key(phrase) in GENERIC_TOPICS
