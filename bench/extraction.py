"""Extraction speed: ClaimGraph's pipeline against raw en_core_web_sm on the same abstracts.

Baseline, measured in the same run on the same texts: `spacy.load(base_model_name())`
with its full pipeline (tagger, parser, NER, ...) through `nlp.pipe`. ClaimGraph's
pipeline drops the NER and adds the gazetteer, patterns, the SciERC recogniser when
it is trained, and the claim rules, then builds the `ExtractionResult`s. With n_process > 1,
raw spaCy runs `nlp.pipe(n_process=N)`; ClaimGraph runs N worker processes that each do
the whole extraction (`Extractor._in_processes`).

    python -m bench.run --only extraction [--quick] [--n-texts 2000]
"""
from __future__ import annotations

import time

from bench.common import header, load, model_available, sample_papers


def _run(label: str, fn, texts_words: int, n_texts: int, n_process: int) -> dict:
    before = load()
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    after = load()
    row = {"pipeline": label, "n_process": n_process, "seconds": round(seconds, 2),
           "abstracts_per_s": round(n_texts / seconds, 2), "words_per_s": round(texts_words / seconds, 1),
           "abstracts_per_s_per_process": round(n_texts / seconds / n_process, 2),
           "words_per_s_per_process": round(texts_words / seconds / n_process, 1),
           "load_before": before[0], "load_after": after[0]}
    print(f"  {label:<11} n_process={n_process}: {row['abstracts_per_s']:7.1f} abstracts/s "
          f"{row['words_per_s']:9.0f} words/s  ({row['abstracts_per_s_per_process']:.1f} abstracts/s per process) "
          f"in {seconds:.1f} s  [load {before[0]:.2f} -> {after[0]:.2f}]", flush=True)
    return row


def run(n_texts: int = 2000, processes: tuple[int, ...] = (1, 2), command: str = "") -> dict:
    import spacy

    from claimgraph.extract.pipeline import Extractor, base_model_name

    header(f"Extraction ({n_texts} paperlists abstracts)", command)
    papers = sample_papers(n_texts)
    texts = [p.abstract for p in papers]
    words = sum(len(t.split()) for t in texts)
    use_model = model_available()
    print(f"  {len(texts)} abstracts, {words:,} words ({words / len(texts):.0f} per abstract); "
          f"SciERC recogniser {'on' if use_model else 'not trained yet, off'}", flush=True)

    started = time.perf_counter()
    raw = spacy.load(base_model_name())
    raw_load = time.perf_counter() - started
    started = time.perf_counter()
    extractor = Extractor(use_model=use_model)
    ours_load = time.perf_counter() - started
    # warm both (first-call allocations), outside the timings
    list(raw.pipe(texts[:16]))
    list(extractor.extract(papers[:16]))
    print(f"  load: raw {raw_load:.1f} s ({', '.join(raw.pipe_names)}); "
          f"ClaimGraph {ours_load:.1f} s ({', '.join(extractor.nlp.pipe_names)})", flush=True)

    rows = []
    for n in processes:
        def raw_pass(n=n):
            for _ in raw.pipe(texts, batch_size=32, n_process=n):
                pass

        def ours_pass(n=n):
            for _ in Extractor(use_model=use_model, n_process=n, batch_size=32).extract(papers):
                pass

        rows.append(_run("raw spaCy", raw_pass, words, len(texts), n))
        rows.append(_run("ClaimGraph", ours_pass, words, len(texts), n))
    by = {(r["pipeline"], r["n_process"]): r for r in rows}
    summary = {}
    for n in processes:
        ratio = by[("ClaimGraph", n)]["abstracts_per_s"] / by[("raw spaCy", n)]["abstracts_per_s"]
        summary[f"ratio_n{n}"] = round(ratio, 3)
        print(f"  ClaimGraph / raw spaCy at n_process={n}: {ratio:.2f} (target >= 0.25)", flush=True)
    if 1 in processes and 2 in processes:
        for label in ("ClaimGraph", "raw spaCy"):
            scale = by[(label, 2)]["abstracts_per_s"] / by[(label, 1)]["abstracts_per_s"]
            summary[f"scaling_{'ours' if label == 'ClaimGraph' else 'raw'}_2_vs_1"] = round(scale, 3)
            print(f"  {label}: n_process=2 is {scale:.2f}x n_process=1 (target >= 1.7 for ClaimGraph)", flush=True)
    return {"n_texts": len(texts), "words": words, "use_model": use_model, "rows": rows, "summary": summary,
            "pipes_raw": raw.pipe_names, "pipes_ours": extractor.nlp.pipe_names}
