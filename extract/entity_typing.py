"""Type a noun phrase by its head word, for names no list or model knows.

"Uncertainty-Aware Dynamic Fusion" is a Method because of "fusion"; "length
generalization" a Task; "word error rate" a Metric.
"""
from __future__ import annotations

from claimgraph.schema import EntityType
from claimgraph.schema.keys import normalize_key

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
        "regression", "processing", "imaging", "sensing", "comprehension", "bandit",
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


# Heads that make a phrase a task whatever a recogniser called it: "binary Gaussian
# classification" is no Method, "medical imaging" and "meta-regression" are no mere
# Concepts. Only heads that never name a technique ("learning", "adaptation", "search",
# "generation" do, as in "in-context learning" or "text-to-image generation techniques").
STRONG_TASK_HEADS = {
    "classification", "regression", "detection", "segmentation", "recognition", "translation",
    "summarization", "captioning", "answering", "forecasting", "tracking", "localization",
    "comprehension", "imaging", "sensing", "processing", "bandit",
}

# Words that only say "this is a task": "modular arithmetic tasks", "the DG problem".
TASK_WORDS = {"task", "problem", "setting", "setup", "domain", "application"}
# Modifiers that leave "X tasks" unspecific: "downstream tasks", "various classification tasks".
_VAGUE = {
    "the", "a", "an", "this", "these", "those", "that", "its", "their", "our", "such", "all", "any", "each",
    "some", "many", "most", "several", "various", "different", "diverse", "multiple", "other", "same",
    "similar", "related", "new", "novel", "existing", "specific", "particular", "certain", "general",
    "challenging", "difficult", "hard", "easy", "simple", "complex", "real", "world", "real-world",
    "downstream", "target", "source", "unseen", "seen", "original", "standard", "common", "typical",
    "practical", "important", "key", "main", "one", "two", "three", "four", "five", "fine", "tuning",
    "fine-tuning", "finetuning", "training", "test", "testing", "evaluation", "learning", "ml",
    "benchmark", "auxiliary", "individual", "single", "wide", "range", "variety", "of", "and", "or",
}
# Leading words trimmed off a task mention: "the challenging task of X" -> "X".
LEADING_VAGUE_WORDS = _VAGUE - {"single", "real", "world", "real-world", "learning", "training", "test",
                          "source", "target", "general", "fine", "tuning", "fine-tuning", "ml"}
# ... and words that only place or grade what follows ("the resulting control strategy", "critical
# 3D geometry data", "prior approaches"); never "large" ("large language models").
LEADING_VAGUE_WORDS |= {"prior", "previous", "recent", "current", "modern", "traditional", "conventional", "classical",
                        "classic", "popular", "generic", "powerful", "resulting", "critical", "unknown", "leading",
                        "easy", "favorable", "favourable", "promising", "impressive", "remarkable", "desirable",
                        "additional", "further", "overall", "underlying", "final", "corresponding", "respective",
                        "proposed", "aforementioned", "above", "following", "certain", "suitable", "appropriate",
                        "varied", "numerous", "mild", "significant", "substantial", "considerable", "slight",
                        "marginal", "extensive", "excessive"}


def task_name(phrase: str) -> str | None:
    """The task a phrase names, without determiners, vague adjectives or a trailing "task(s)".

    "modular arithmetic tasks" -> "modular arithmetic", "the challenging task of
    semantic segmentation" -> "semantic segmentation", "various downstream tasks" -> None.
    """
    words = phrase.split()
    if len(words) >= 4 and words[-1] == words[-1].lower():
        for i, w in enumerate(words[:-1]):  # "the task of X", "the problem of X"
            if w.lower() == "of" and i >= 1 and normalize_key(words[i - 1]) in TASK_WORDS:
                words = words[i + 1:]
                break
    while words and words[0].lower().strip(",") in LEADING_VAGUE_WORDS:
        words = words[1:]
    while len(words) > 1 and normalize_key(words[-1]) in TASK_WORDS:
        words = words[:-1]
    if not words or all(w.lower().strip(",") in _VAGUE or normalize_key(w) in TASK_WORDS for w in words):
        return None
    return " ".join(words)


def is_task_words_phrase(phrase: str) -> bool:
    """ "modular arithmetic tasks", "semi-supervised classification problems": X + task word, X specific."""
    words = phrase.split()
    return len(words) >= 2 and normalize_key(words[-1]) in {"task", "problem"} \
        and task_name(phrase) is not None


# Whole fields rather than tasks: as Task nodes they would link every paper to every other.
GENERIC_TOPICS = {
    "generalization", "generalisation", "machine learning", "deep learning", "learning", "artificial intelligence",
    "ai", "optimization", "training", "inference", "performance", "data processing", "model design", "scaling",
    "sota", "state of the art", "state-of-the-art", "processing", "task", "problem",
}


def is_generic_topic(phrase: str) -> bool:
    """A field, or a bare task head with nothing saying which ("adaptation", "reasoning").

    Bare heads that are tasks on their own ("classification", "regression") are not generic."""
    key = normalize_key(phrase)
    if key in GENERIC_TOPICS:
        return True
    words = key.split()
    return len(words) == 1 and words[0] in _HEADS[EntityType.TASK] and words[0] not in STRONG_TASK_HEADS
