#!/usr/bin/env python3
"""Self-check of the frozen ClaimGraph question set (stdlib only).

    python3 data/questions/check_questions.py

Checks:
  * every line of questions.jsonl and card_paraphrases.jsonl parses; ids are unique;
  * fields: corpus in {demo, graph3000}, kind in the allowed set, 1-6 distinct expected names,
    "why" has exactly one entry per expected name, aliases/related only name expected names;
  * each "why" entry cites a paper of that corpus (demo: by exact title; graph3000: by
    paper_id, whose title must match) and every phrase occurs verbatim (case-insensitive)
    in that paper's abstract;
  * each expected name (or one of its aliases) occurs, case/punctuation-folded, in the
    cited paper's title or abstract (names found only in the title are listed);
  * graph3000_ids.txt is reproduced by re-drawing with random.Random(3000);
  * the paraphrase file has 10 lines with the card question's expected names.
It also holds fold() and contains_name(), the proposed scoring rule (see QUESTIONS.md).
Exit status 1 if any check fails.
"""
import gzip
import json
import os
import random
import re
import sys
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = str(Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "hf_papers_generalization.txt")
PAPERLISTS = str(Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "paperlists" / "paperlists_abstracts.jsonl.gz")
KINDS = {"effect", "evaluates_on", "based_on", "reduces", "compare", "proposes", "uses", "task", "other"}


def fold(s):
    """Case/punctuation fold: lower-case, keep only letters and digits."""
    return re.sub(r"[^0-9a-z]", "", s.lower())


def contains_name(expected, answer_names, aliases=()):
    """Proposed scoring rule: an expected name counts as contained when its folded form
    (or an alias's) equals the folded form of a name in the answer rows, or, for folded
    names of at least 4 characters, is a substring of one."""
    answers = [fold(a) for a in answer_names]
    for cand in [expected, *aliases]:
        f = fold(cand)
        if not f:
            continue
        for a in answers:
            if f == a or (len(f) >= 4 and f in a):
                return True
    return False


def load_demo():
    lines = [l.strip() for l in open(DEMO, encoding="utf-8") if l.strip()]
    body = lines[5:]  # 5 non-blank lines of page chrome
    assert len(body) % 2 == 0, "demo corpus: title/abstract pairs expected"
    papers = {body[i]: body[i + 1] for i in range(0, len(body), 2)}
    return {t: (t, a) for t, a in papers.items()}


def load_g3000():
    out = {}
    for l in open(os.path.join(HERE, "graph3000.jsonl"), encoding="utf-8"):
        p = json.loads(l)
        out[p["id"]] = (p["title"], p["abstract"] or "")
    return out


def main():
    errs, notes = [], []
    demo, g3 = load_demo(), load_g3000()
    print(f"demo corpus: {len(demo)} papers; graph3000: {len(g3)} papers")

    # reproduce the draw
    papers = []
    with gzip.open(PAPERLISTS, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                papers.append(json.loads(line))
    papers.sort(key=lambda p: p["id"])
    ids = [p["id"] for p in random.Random(3000).sample(papers, 3000)]
    stored = [l.strip() for l in open(os.path.join(HERE, "graph3000_ids.txt"))]
    if ids != stored:
        errs.append("graph3000_ids.txt is not reproduced by the seeded draw")
    if list(g3) != stored:
        errs.append("graph3000.jsonl ids differ from graph3000_ids.txt")

    qs, seen = [], set()
    for n, line in enumerate(open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8"), 1):
        try:
            o = json.loads(line)
        except Exception as e:
            errs.append(f"questions.jsonl line {n}: {e}")
            continue
        qs.append(o)
        qid = o.get("id")
        if qid in seen:
            errs.append(f"duplicate id {qid}")
        seen.add(qid)
        for k in ("id", "corpus", "question", "expected", "kind", "why"):
            if k not in o:
                errs.append(f"{qid}: missing {k}")
        if o.get("corpus") not in ("demo", "graph3000"):
            errs.append(f"{qid}: bad corpus")
        if o.get("kind") not in KINDS:
            errs.append(f"{qid}: bad kind {o.get('kind')}")
        exp = o.get("expected", [])
        if not (1 <= len(exp) <= 6) or len(set(exp)) != len(exp):
            errs.append(f"{qid}: expected must be 1-6 distinct names")
        why = o.get("why", {})
        if set(why) != set(exp):
            errs.append(f"{qid}: why keys {sorted(why)} != expected {sorted(exp)}")
        for k in list(o.get("aliases", {})) + list(o.get("related", [])):
            if k not in exp:
                errs.append(f"{qid}: alias/related name {k!r} not in expected")
        corpus = demo if o.get("corpus") == "demo" else g3
        for name, ents in why.items():
            ents = ents if isinstance(ents, list) else [ents]
            name_found = False
            for e in ents:
                if o["corpus"] == "demo":
                    key = e.get("paper")
                else:
                    key = e.get("paper_id")
                if key not in corpus:
                    errs.append(f"{qid}/{name}: paper {key!r} not in {o['corpus']}")
                    continue
                title, abstract = corpus[key]
                if o["corpus"] == "graph3000" and e.get("paper") != title:
                    errs.append(f"{qid}/{name}: title mismatch for {key}")
                phrases = e.get("phrase")
                phrases = phrases if isinstance(phrases, list) else [phrases]
                for ph in phrases:
                    if not ph or ph.lower() not in abstract.lower():
                        errs.append(f"{qid}/{name}: phrase not in abstract of {key!r}: {ph!r}")
                cands = [name, *o.get("aliases", {}).get(name, [])]
                if any(fold(c) in fold(abstract) for c in cands):
                    name_found = True
                elif any(fold(c) in fold(title) for c in cands):
                    name_found = True
                    notes.append(f"{qid}/{name}: name occurs in the title only ({title[:60]})")
            if not name_found:
                errs.append(f"{qid}/{name}: name not found in cited paper(s)")

    card = qs[0] if qs else {}
    ps, pseen = [], set()
    for n, line in enumerate(open(os.path.join(HERE, "card_paraphrases.jsonl"), encoding="utf-8"), 1):
        try:
            p = json.loads(line)
        except Exception as e:
            errs.append(f"card_paraphrases.jsonl line {n}: {e}")
            continue
        ps.append(p)
        if p.get("id") in pseen:
            errs.append(f"duplicate paraphrase id {p.get('id')}")
        pseen.add(p.get("id"))
        if p.get("expected") != card.get("expected"):
            errs.append(f"{p.get('id')}: expected differs from the card question")
        if p.get("question", "").strip().lower() == card.get("question", "").strip().lower():
            errs.append(f"{p.get('id')}: not a paraphrase")
    if len(ps) != 10:
        errs.append(f"{len(ps)} paraphrases, 10 expected")

    # counts
    by = {}
    for o in qs:
        c = by.setdefault(o["corpus"], [0, 0])
        c[0] += 1
        c[1] += len(o["expected"])
    kinds = {}
    for o in qs:
        kinds[o["kind"]] = kinds.get(o["kind"], 0) + 1
    print(f"questions: {len(qs)}  expected names: {sum(len(o['expected']) for o in qs)}")
    for c, (nq, nn) in sorted(by.items()):
        print(f"  {c}: {nq} questions, {nn} expected names")
    print("  kinds:", ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"paraphrases: {len(ps)} (x {len(card.get('expected', []))} names = {len(ps) * len(card.get('expected', []))})")
    # sanity of the scoring rule
    assert contains_name("WiSE-FT", ["wise-ft (weight-space ensembles)"])
    assert contains_name("RFT", ["RFT"]) and not contains_name("RFT", ["RFT-based tuning"])
    assert contains_name("RFT", ["Robust fine-tuning (RFT)"], ["Robust Fine-Tuning"])
    for n in notes:
        print("note:", n)
    for e in errs:
        print("ERROR:", e)
    print("OK" if not errs else f"{len(errs)} error(s)")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
