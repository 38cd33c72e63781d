#!/usr/bin/env python3
"""Hand claim annotations of the claims DEV set, as Python data (stdlib only).

Command: python3 data/dev/build_claims_dev.py   (writes data/dev/claims_dev.jsonl and checks it)

Each claim is written as (snippet, subject, effect, negated, hedged, target, context, magnitude).
The snippet is a unique piece of the evidence sentence; it is expanded to the whole sentence
(start at 0 or after ". ", "? ", "! "; end at ".", "!" or "?" followed by a space or the end of
the abstract), so no sentence is retyped by hand. Rules: docs/annotation.md section 2.
Labels come from reading the abstracts only; the extractor was not run on them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ABSTRACTS = HERE / "claims_dev_abstracts.jsonl"
OUT = HERE / "claims_dev.jsonl"
EFFECTS = {"improves", "reduces", "increases", "worsens", "outperforms", "enables", "correlates", "affects",
           "requires"}
F, T = False, True
ABBREVIATIONS = {"i.e.", "e.g."}

# draw index -> claims. An empty list: the abstract states no claim of this kind.
CLAIMS: dict[int, list[tuple]] = {
    0: [  # Dynamic Replanning with Posterior Sampling
        ("DRPS has a higher percentage of success", "DRPS", "improves", F, F, "percentage of success",
         ["comparative baselines"], None),
        ("accelerates total planning time by 4", "DRPS", "reduces", F, F, "total planning time",
         ["comparative baselines"], "4–7×"),
        ("DRPS reduces total distance by 40%", "DRPS", "reduces", F, F, "total distance", [], "40%"),
        ("DRPS reduces total distance by 40%", "DRPS", "reduces", F, F, "total planning time", [], "18×"),
    ],
    1: [  # Visual odometry priors for robust EKF-SLAM
        ("yields better and more robust localization", "visual odometry prior", "improves", F, F,
         "localization and mapping results", ["EKF", "constant linear and angular velocity model"], None),
        ("clearly show the benets of our method", "visual odometry prior", "outperforms", F, F,
         "standard constant velocity model", [], None),
    ],
    2: [  # HSSD
        ("our HSSD algorithm can learn shape dictionary", "HSSD", "enables", F, F, "shape dictionary", [], None),
        ("our HSSD algorithm can learn shape dictionary", "HSSD", "enables", F, F, "shape cues", [], None),
        ("outperforms a widely used VFH shape feature by 13%", "HSSD", "outperforms", F, F, "VFH shape feature",
         [], "13%"),
        ("fusing RGB-D information at lower level does not improve", "fusing RGB-D information at lower level",
         "improves", T, F, "recognition performance", [], None),
    ],
    3: [],  # microwave Doppler sensor: compares methods, states no effect
    4: [  # Filtering with Abstract Particles
        ("our method outperforms beam search", "PROPOSED", "outperforms", F, F, "beam search",
         ["text reconstruction task", "multiple object tracking task"], None),
        ("our method outperforms beam search", "PROPOSED", "outperforms", F, F, "sequential Monte Carlo",
         ["text reconstruction task", "multiple object tracking task"], None),
    ],
    5: [  # LADD
        ("These dense labels require only a 2.5% increase", "dense labels", "increases", F, F, "storage",
         ["ImageNet"], "2.5%"),
        ("These dense labels require only a 2.5% increase", "dense labels", "improves", F, F, "performance", [], None),
        ("Our label-generation strategy can complement", "LADD", "improves", F, F, "training efficiency",
         ["existing dataset distillation methods"], None),
        ("Our label-generation strategy can complement", "LADD", "improves", F, F, "performance",
         ["existing dataset distillation methods"], None),
        ("LADD outperforms existing methods in terms of", "LADD", "reduces", F, F, "computational overhead",
         ["existing methods"], None),
        ("LADD outperforms existing methods in terms of", "LADD", "improves", F, F, "accuracy", ["existing methods"], None),
        ("LADD achieves remarkable gains", "LADD", "improves", F, F, "accuracy", [], "an average of 14.9%"),
        ("our method improves the cross-architecture robustness", "LADD", "improves", F, F,
         "cross-architecture robustness", [], None),
    ],
    6: [  # Discriminability Objective for Training Descriptive Captions
        ("we obtain systems that produce much more discriminative caption", "PROPOSED", "improves", F, F,
         "discriminability", [], None),
        ("our approach leads to improvement in other aspects", "PROPOSED", "improves", F, F,
         "other aspects of generated captions", ["BLEU", "SPICE"], None),
        ("can be applied to a variety of model/loss combinations", "PROPOSED", "enables", F, F,
         "model/loss combinations", ["image captioning"], None),
    ],
    7: [],  # 3D photography: "competitive results with existing SOTA methods" is parity, not encoded
    8: [  # "Bring it to me"
        ("This enables our system to approach and grasp objects", "model-based vision approach", "enables", F, F,
         "grasp objects in an previously unknown scene", [], None),
        ("The model-based image processing allows for an easy transfer", "model-based image processing", "enables",
         F, F, "easy transfer to the internal, dynamic scene representation", [], None),
    ],
    9: [  # Dynamic Programming Approach to Redundancy Resolution
        ("the dynamic programming approach provides a better approximation", "dynamic programming approach",
         "improves", F, F, "approximation of the Pareto optimal set", ["weighting method"], None),
    ],
    10: [  # TensorPlan
        ("planning is possible with state value function realizability", "state value function realizability",
         "enables", F, F, "poly(H,d) planning", [], None),
        ("This is the first algorithm to give a polynomial query complexity", "TensorPlan", "enables", F, F,
         "polynomial query complexity guarantee", [], None),
        ("planners that achieve constant suboptimality need exponentially many queries", "constant suboptimality",
         "requires", F, F, "exponentially many queries", ["infinite-horizon episodic setting"], "exponentially"),
    ],
    11: [],  # soft rotary actuator: design and measurements only
    12: [  # haptic gesture interpretation
        ("neural network classifiers on the raw data outperform", "neural network classifiers", "outperforms", F, F,
         "other combinations of feature sets and algorithms", [], None),
    ],
    13: [  # JOTS
        ("the proposed algorithm performs favorably against", "JOTS", "outperforms", F, F, "state-of-the-art methods",
         ["SegTrack", "SegTrack v2"], None),
    ],
    14: [  # Multi-Objective Non-parametric Sequential Prediction
        ("present an algorithm whose predictions achieve the optimal solution", "PROPOSED", "enables", F, F,
         "optimal solution", [], None),
    ],
    15: [  # Stable Intrinsic Auto-Calibration
        ("providing superior convergence properties", "energy functional", "improves", F, F,
         "convergence properties", [], None),
        ("has a significantly enlarged convergence region", "energy functional", "increases", F, F,
         "convergence region", [], None),
    ],
    16: [  # Dynamic Task Prioritization
        ("imbalances in task difficulty can lead to unnecessary emphasis", "imbalances in task difficulty",
         "increases", F, F, "emphasis on easier tasks", [], None),
        ("imbalances in task difficulty can lead to unnecessary emphasis", "imbalances in task difficulty",
         "reduces", F, F, "progress on difficult tasks", [], None),
        ("Our method outperforms existing multitask methods", "dynamic task prioritization", "outperforms", F, F,
         "existing multitask methods", ["COCO", "MPII"], None),
    ],
    17: [  # Multi-robot SLAM
        ("the proposed algorithm is also scalable", "PROPOSED", "enables", F, F, "scalability", [], None),
    ],
    18: [],  # line-laser 3D sensor: design intentions and "prove the effectiveness" only
    19: [  # post-editing in summarization
        ("it helped in some cases", "post-editing", "improves", F, F, "text summarization", [], None),
        ("it helped in some cases", "post-editing", "improves", T, F, "text summarization", [], None),
    ],
    20: [  # Topology Layer
        ("the topological layer can (i) regularize", "topology layer", "enables", F, F,
         "regularize data reconstruction", [], None),
        ("the topological layer can (i) regularize", "topology layer", "enables", F, F, "topological priors",
         ["deep generative network"], None),
        ("the topological layer can (i) regularize", "topology layer", "enables", F, F,
         "topological adversarial attacks", [], None),
    ],
    21: [  # alignment-based Transfer Learning bound
        ("the minimized error bound is reduced for systems with poles", "poles that lie close to each other",
         "reduces", F, F, "minimized error bound", [], None),
        ("using the reference signal as input to the transformation reduces", "reference signal", "reduces", F, F,
         "minimized bound", [], None),
    ],
    22: [  # Active Mapping via Gradient Ascent
        ("that enables gradient ascent optimization", "PROPOSED", "enables", F, F, "gradient ascent optimization",
         [], None),
        ("Our gradient-based formulation leads to more informative", "PROPOSED", "improves", F, F,
         "informative sensing trajectories", [], None),
    ],
    23: [  # Greedy-GQ
        ("suggests a trade-off between the convergence rate", "convergence rate", "correlates", F, T,
         "quality of the obtained policy", [], None),
    ],
    24: [  # Maximal Couplings
        ("This paper introduces maximal couplings which achieve this bound", "maximal couplings", "enables", F, F,
         "upper bound on one-step meeting probabilities", ["Metropolis-Hastings algorithm"], None),
    ],
    25: [],  # rounding methods: derivations and a comparison with no stated result
    26: [  # depth estimation within interaction range
        ("active vision provides better depth estimations", "active vision", "improves", F, F, "depth estimations",
         ["static-parallel stereo methods"], None),
        ("a combination of methods have the potential", "combination of methods", "improves", F, T,
         "accuracy of estimations", [], None),
    ],
    27: [],  # Learning vs. Refutation: equivalences, no effect
    28: [  # jerk-limited stopping
        ("resulting in a time-efficient computation", "PROPOSED", "enables", F, F, "time-efficient computation",
         [], None),
        ("the proposed method prevents a rebound", "PROPOSED", "reduces", F, F, "rebound", [], None),
    ],
    29: [  # transparent liquid segmentation
        ("we are able to accurately predict a segmentation mask", "PROPOSED", "enables", F, F,
         "segmentation mask for transparent liquids", [], None),
        ("we are able to accurately predict a segmentation mask", "PROPOSED", "requires", T, F,
         "manual annotations", [], None),
    ],
    30: [  # Minimum interference coverage
        ("The approach enables a noisy robotic vacuum", "PROPOSED", "enables", F, F, "avoid busy places", [], None),
        ("the proposed coverage planner significantly reduces interference", "PROPOSED", "reduces", F, F,
         "interference with people", ["TSP planner"], None),
    ],
    31: [  # graph-infused dual conditional VAE
        ("our proposed model outperforms strong baselines", "PROPOSED", "outperforms", F, F, "strong baselines",
         ["ROCStories", "CMU Movie Summary corpus"], None),
    ],
    32: [  # Gait Assistance System
        ("use of the GAS and HC generated significantly better results", "GAS", "outperforms", F, F, "AKO", [], None),
        ("use of the GAS and HC generated significantly better results", "HC", "outperforms", F, F, "AKO", [], None),
        ("there were no significant differences between GAS and HC", "GAS", "outperforms", T, F, "HC", [], None),
    ],
    33: [  # personalization and gait-state tracking
        ("personalization improved estimation error on average", "personalization", "improves", F, F,
         "estimation error", ["EKF"], "8.5 ± 13.8%"),
        ("These findings support the hypothesis", "personalization", "improves", F, F,
         "gait-state estimation performance", ["EKF"], None),
        ("These findings support the hypothesis", "personalization", "enables", F, T,
         "reliable responses to faster human gait changes", [], None),
    ],
    34: [  # Mini Cheetah
        ("outperforms a policy approach", "reflex approach", "outperforms", F, F, "policy approach", [], None),
        ("are able to land the robot on its feet", "PROPOSED", "enables", F, F, "land the robot on its feet",
         ["Mini Cheetah"], None),
    ],
    35: [  # pneumatic actuation for tendon-driven hands
        ("Our actuation system allows us to move", "PROPOSED", "enables", F, F, "move the ShadowHand skeleton faster",
         ["ShadowHand"], "70 msec limit-to-limit movement"),
        ("Our actuation system allows us to move", "PROPOSED", "enables", F, F, "sufficient forces",
         ["ShadowHand"], "40 N at each finger tendon"),
        ("Our actuation system allows us to move", "PROPOSED", "enables", F, F, "high compliance",
         ["ShadowHand"], None),
        ("is a prerequisite for dexterous manipulation", "dexterous manipulation", "requires", F, F,
         "combination of speed, force and compliance", [], None),
    ],
    36: [],  # survey of probabilistic circuits
    37: [],  # Caplygin systems: a condition proposed to guarantee stabilizability (design), no effect
    38: [  # Data-Efficient Backdoor Attacks
        ("the same attack success rate can be achieved with only", "FUS", "reduces", F, F, "poisoned sample volume",
         ["random selection strategy", "CIFAR-10", "ImageNet-10"], "47% to 75%"),
        ("exhibiting strong transferability", "adversaries", "enables", F, F, "transferability", [], None),
    ],
    39: [  # CCA for muscle synergies
        ("synergies identified by CCA give more natural", "CCA", "improves", F, F, "activation patterns", [], None),
        ("synergies identified by CCA give more natural", "CCA", "reduces", F, F, "dimensionality", [], None),
    ],
}


def sentence_of(abstract: str, snippet: str) -> str:
    """The whole sentence around a unique snippet."""
    i = abstract.find(snippet)
    if i < 0 or abstract.find(snippet, i + 1) >= 0:
        raise SystemExit(f"snippet not unique or missing: {snippet!r}")
    start = 0
    for b in (". ", "? ", "! "):
        j = abstract.rfind(b, 0, i)
        # "I.e. it can not diverge" (abstract 15): an abbreviation's period ends no sentence
        while j >= 0 and b == ". " and abstract[max(0, j - 3):j + 1].lower() in ABBREVIATIONS:
            j = abstract.rfind(b, 0, j)
        if j >= 0:
            start = max(start, j + 2)
    end = len(abstract)
    k = i + len(snippet)
    while k < len(abstract):
        if abstract[k] in ".!?" and (k + 1 == len(abstract) or abstract[k + 1] == " "):
            end = k + 1
            break
        k += 1
    return abstract[start:end]


def build(labels: dict[int, list[tuple]], abstracts: Path, out: Path) -> None:
    """Write `out`: each drawn abstract of `abstracts` with its hand claims (`labels`: draw
    index -> claim tuples), the evidence the whole sentence around each snippet."""
    papers = [json.loads(line) for line in abstracts.read_text(encoding="utf-8").splitlines() if line.strip()]
    if sorted(labels) != list(range(len(papers))):
        raise SystemExit("every drawn abstract needs an entry")
    rows = []
    for i, paper in enumerate(papers):
        claims = []
        for snippet, subject, effect, negated, hedged, target, context, magnitude in labels[i]:
            if effect not in EFFECTS:
                raise SystemExit(f"{i}: bad effect {effect}")
            claims.append({"subject": subject, "effect": effect, "negated": negated, "hedged": hedged,
                           "target": target, "context": context, "magnitude": magnitude,
                           "evidence": sentence_of(paper["abstract"], snippet)})
        rows.append({"id": paper["id"], "title": paper["title"], "claims": claims})
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    n = sum(len(r["claims"]) for r in rows)
    print(f"abstracts={len(rows)} claims={n} empty={sum(not r['claims'] for r in rows)} -> {out}", file=sys.stderr)


def main() -> None:
    build(CLAIMS, ABSTRACTS, OUT)


if __name__ == "__main__":
    main()
