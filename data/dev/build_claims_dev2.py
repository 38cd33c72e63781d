#!/usr/bin/env python3
"""Hand claim annotations of the SECOND claims DEV set (seed 20261231), as Python data (stdlib only).

Command: python3 data/dev/build_claims_dev2.py   (writes data/dev/claims_dev2.jsonl and checks it)

Each claim is written as (snippet, subject, effect, negated, hedged, target, context, magnitude).
The snippet is a unique piece of the evidence sentence; it is expanded to the whole sentence
(start at 0 or after ". ", "? ", "! "; end at ".", "!" or "?" followed by a space or the end of
the abstract), so no sentence is retyped by hand. Rules: docs/annotation.md section 2.
Labels come from reading the abstracts only; the extractor was not run on them.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_claims_dev import build  # noqa: E402  (the first dev set's writer: same sentences, same checks)

ABSTRACTS = HERE / "claims_dev2_abstracts.jsonl"
OUT = HERE / "claims_dev2.jsonl"
F, T = False, True

# draw index -> claims. An empty list: the abstract states no claim of this kind.
CLAIMS: dict[int, list[tuple]] = {
    0: [  # neural network controller for a nonholonomic mobile robot (unnamed: PROPOSED)
        ("The real-time fine control of a mobile robot is achieved", "PROPOSED", "enables", F, F,
         "real-time fine control of a mobile robot", [], None),
        ("is capable of learning the kinematic parameters online", "PROPOSED", "enables", F, F,
         "learning the kinematic parameters online", [], None),
    ],
    1: [  # Exploiting redundancy to implement multiobjective behavior
        ("leading to the improvement of overall performance", "PROPOSED", "improves", F, F, "overall performance",
         [], None),
        ("Thus it allows to build controllers", "PROPOSED", "enables", F, F,
         "build controllers exhibiting complex behavior from simple primitives", [], None),
    ],
    2: [  # SMPLpix ("our model"); "show the advantage over ... in terms of Q1 and Q2"
        ("show the advantage over conventional differentiable renderers", "SMPLpix", "improves", F, F,
         "level of photorealism", ["conventional differentiable renderers"], None),
        ("show the advantage over conventional differentiable renderers", "SMPLpix", "improves", F, F,
         "rendering efficiency", ["conventional differentiable renderers"], None),
    ],
    3: [],  # Equitable Scheduling: problem statement only
    4: [  # stereo obstacle detection (unnamed)
        ("our methods can reliably detect different types of obstacles", "PROPOSED", "enables", F, F,
         "detect different types of obstacles", [], None),
    ],
    5: [],  # asymmetrically-relaxed alignment: "overcomes some limitations" is in the proposal; "empirical benefits" vague
    6: [],  # Batch-BH: "interpolate between" is no effect
    7: [  # UQ for ICL: a finding in the paper's voice, hedged by "may"
        ("such uncertainties may stem from both the provided demonstrations", "provided demonstrations", "affects",
         F, T, "predictive uncertainty", ["LLMs"], None),
        ("such uncertainties may stem from both the provided demonstrations", "model's configurations", "affects",
         F, T, "predictive uncertainty", ["LLMs"], None),
    ],
    8: [  # H2O2 actuators
        ("is possible to operate the decomposition process at acceptable temperature",
         "basic solutions of hydrogen peroxide", "enables", F, F,
         "operate the decomposition process at acceptable temperature", [], None),
        ("tin becomes an effective catalyst for H2O2 dissociation", "tin", "enables", F, F, "H2O2 dissociation",
         ["basic pH solutions"], None),
    ],
    9: [  # Minimal Supervision for Morphological Inflection
        ("orthographic regularities on their own allow inflection models", "orthographic regularities", "enables",
         F, F, "respectable accuracy", ["Paradigm Cell Filling Problem"], None),
        ("Combined orthographic and semantic regularities alleviate difficulties",
         "combined orthographic and semantic regularities", "reduces", F, F,
         "difficulties with particularly complex morpho-phonological systems", [], None),
        ("our bootstrapping methods substantially outperform", "PROPOSED", "outperforms", F, F,
         "hallucination-based methods", [], None),
    ],
    10: [  # Best-Buddies Similarity
        ("BBS has several key features that make it robust", "BBS", "improves", F, F,
         "robustness against complex geometric deformations", [], None),
        ("BBS has several key features that make it robust", "BBS", "improves", F, F,
         "robustness against high levels of outliers", [], None),
    ],
    11: [  # Unnatural L0 sparse representation (unnamed)
        ("partly stems from their respective intermediate steps", "intermediate steps", "affects", F, F,
         "success of previous MAP based blur removal methods", [], None),
        ("Our system does not require extra filtering", "PROPOSED", "requires", T, F, "extra filtering", [], None),
        ("Our system does not require extra filtering", "PROPOSED", "reduces", F, F, "number of iterations", [], None),
    ],
    12: [  # SARB
        ("obtains superior performance over current leading competitors", "SARB", "outperforms", F, F,
         "current leading competitors", ["MS-COCO", "Visual Genome", "Pascal VOC 2007"], None),
        ("obtains superior performance over current leading competitors", "SARB", "improves", F, F, "mAP",
         ["MS-COCO", "Visual Genome", "Pascal VOC 2007"], "4.6%, 4.6%, 2.2%"),
    ],
    13: [  # FlatGAN
        ("the proposed shift to k>0 leads to interpretable", "shift to k>0", "enables", F, F,
         "interpretable and disentangled latent representations", [], None),
    ],
    14: [  # UAV path planning (unnamed); the comparison names the quantity (time)
        ("Our method is also more time-saving than the state-of-the-arts", "PROPOSED", "reduces", F, F, "time",
         ["state-of-the-arts"], None),
    ],
    15: [  # aerial manipulator contact force control (unnamed)
        ("the proposed method is able to control the contact force", "PROPOSED", "enables", F, F,
         "control the contact force", [], None),
    ],
    16: [],  # virtual handover: no result stated
    17: [  # Language Induction by Phase Transition
        ("A small weight adjustment causes a", "small weight adjustment", "affects", F, F,
         "limit behavior of the network", [], None),
        ("This phase transition corresponds to the onset", "phase transition", "correlates", F, F,
         "onset of the network's capacity for generalizing to arbitrary-length strings", [], None),
        ("the architecture does appear capable of generating", "PROPOSED", "enables", F, T,
         "generating non(cid:173) regular languages", [], None),
    ],
    18: [  # Noisy Sparse Subspace Clustering
        ("a modified version of SSC is", "modified version of SSC", "enables", F, F,
         "correctly identifying the underlying subspaces", ["noisy data"], None),
    ],
    19: [  # VSA-CubeBot
        ("which shows the actual benefits of variable stiffness in rejecting disturbances", "variable stiffness",
         "improves", F, F, "rejecting disturbances", [], None),
        ("the sub-optimal joints stiffness settings allow the arm", "sub-optimal joints stiffness settings",
         "enables", F, F, "follow the circular trajectory on the uneven surface", [], None),
    ],
    20: [  # phase variable prosthesis control (unnamed); "is expected to" hedges
        ("The proposed approach is expected to provide better understanding", "PROPOSED", "improves", F, T,
         "understanding of volitional motions", [], None),
        ("The proposed approach is expected to provide better understanding", "PROPOSED", "improves", F, T,
         "control of multi-joint prostheses", [], None),
    ],
    21: [  # RNGNet ("our method")
        ("our method achieves significant >20 % performance gains", "RNGNet", "improves", F, F, "performance",
         [], ">20 %"),
        ("demonstrate the potential of our proposed method for closed-loop grasping", "RNGNet", "enables", F, T,
         "closed-loop grasping in dynamic scenarios", [], None),
    ],
    22: [  # SILS manipulator
        ("can apply forces at its tip up to 5.6 N", "Single Incision Laparoscopic Manipulator System", "enables",
         F, F, "apply forces at its tip", [], "up to 5.6 N"),
    ],
    23: [  # Deep Future Gaze
        ("DFG significantly outperforms all well-established baselines", "DFG", "outperforms", F, F,
         "well-established baselines", ["egocentric datasets"], None),
        ("DFG achieves better performance of gaze prediction", "DFG", "outperforms", F, F,
         "state-of-the-art methods", ["gaze prediction"], None),
    ],
    24: [],  # semi-supervised clustering: hardness proofs only
    25: [  # encoderless robot motion control (unnamed)
        ("The enhanced method for encoderless robotic arm systems is able to overcome", "PROPOSED", "reduces", F, F,
         "difficulties", [], None),
        ("the method is able to be activated as a fail-safe system", "PROPOSED", "enables", F, F,
         "fail-safe system of robots with encoders", [], None),
        ("The method, however, realizes precise manipulation", "PROPOSED", "enables", F, F, "precise manipulation",
         [], None),
    ],
    26: [  # Dynamic Convolutional Layer
        ("show performance improvements compared to other baselines", "dynamic convolutional layer", "improves",
         F, F, "performance", ["other baselines", "short range weather prediction"], None),
    ],
    27: [  # direction-aware shadow detection network (unnamed network; DSC is a module)
        ("Experimental results show that our network outperforms", "PROPOSED", "outperforms", F, F,
         "state-of-the-art methods", [], None),
        ("Experimental results show that our network outperforms", "PROPOSED", "reduces", F, F,
         "balance error rate", [], "38%"),
    ],
    28: [  # GP-SLAM+
        ("This tool enables us to recover surfaces", "spatial GP regression", "enables", F, F, "recover surfaces",
         [], None),
        ("This tool enables us to recover surfaces", "spatial GP regression", "enables", F, F,
         "obtain uniform samples with uncertainty", [], None),
        ("this work overcomes the prohibitive computational complexity of GP", "GP-SLAM+", "reduces", F, F,
         "computational complexity", ["previous GP-SLAM"], None),
        ("our method allows robust odometry and precise mapping", "GP-SLAM+", "enables", F, F, "robust odometry",
         [], None),
        ("our method allows robust odometry and precise mapping", "GP-SLAM+", "enables", F, F, "precise mapping",
         [], None),
        ("It also outperforms the state-of-the-art lidar SLAM systems", "GP-SLAM+", "outperforms", F, F,
         "state-of-the-art lidar SLAM systems", [], None),
    ],
    29: [],  # robust fairness: "demonstrate the benefits" is vague
    30: [  # Wikipedia graph similarity measure (unnamed: PROPOSED)
        ("our measure correlates well with a large group", "PROPOSED", "correlates", F, F,
         "traditional similarity measures", ["English Wikipedia"], None),
        ("our measure correlates well with a large group", "PROPOSED", "increases", F, F, "proportion of words",
         [], None),
        ("our measure correlates well with a large group", "PROPOSED", "requires", T, F, "explicit human labeling",
         [], None),
        ("our measure can easily be adapted to other languages", "PROPOSED", "enables", F, F, "other languages",
         [], None),
    ],
    31: [],  # content-oriented compression: "competitive results" is parity, not encoded
    32: [  # Hierarchical Iconoid Shift
        ("show that it can extract an often surprising amount", "Hierarchical Iconoid Shift", "enables", F, F,
         "extract an often surprising amount of detail and structure", [], None),
    ],
    33: [  # OCR inventory management (unnamed)
        ("our method is not only robust against various damaged images", "PROPOSED", "improves", F, F,
         "robustness against various damaged images", [], None),
        ("our method is not only robust against various damaged images", "PROPOSED", "enables", F, F,
         "applicable in both large and small scale distributions stores", [], None),
    ],
    34: [  # autonomous surgical tool navigation (unnamed)
        ("the network can reliably navigate a needle surgical tool", "PROPOSED", "enables", F, F,
         "navigate a needle surgical tool to various desired locations", [], "within 137 μm accuracy"),
        ("the network can reliably navigate a needle surgical tool", "PROPOSED", "enables", F, F,
         "unseen situations", [], None),
    ],
    35: [],  # VT&R lidar: an autonomy rate with no baseline; the first sentence is prior work
    36: [  # AFGRL: "demonstrate the superiority" names no baseline (vague)
        ("is highly dependent on the choice of augmentation scheme", "choice of augmentation scheme", "affects", F, F,
         "performance of existing augmentation-based methods", [], None),
    ],
    37: [  # tactile saliency (unnamed approach)
        ("our tactile saliency prediction approach gives robust sim-to-real tactile control", "PROPOSED", "enables",
         F, F, "robust sim-to-real tactile control", ["unknown distractors"], None),
    ],
    38: [],  # caging: "is achieved by relying solely on" describes the design
    39: [  # multi-stage contextual deep model (unnamed)
        ("the training strategy helps to avoid overfitting", "training strategy", "reduces", F, F, "overfitting", [],
         None),
        ("show that our approach outperforms the state-of-the-art approaches", "PROPOSED", "outperforms", F, F,
         "state-of-the-art approaches", ["Caltech", "ETH", "TUD-Brussels"], None),
    ],
}



def main() -> None:
    build(CLAIMS, ABSTRACTS, OUT)


if __name__ == "__main__":
    main()
