"""Every scale benchmark, end to end, in one command; figures and command lines printed.

    python -m bench.run                 # extraction (2,000 abstracts), ingestion (1,000 papers),
                                        # end-to-end builds of 1k and 10k papers, questions on both
    python -m bench.run --quick         # the same at small sizes (a few minutes)
    python -m bench.run --sizes 1000,10000,all      # also the whole ~92k corpus (about an hour or more)
    python -m bench.run --only extraction,ingestion

Each benchmark measures its baseline in the same run. Graphs and samples live under
/tmp/claimgraph-bench (CLAIMGRAPH_BENCH_DIR); the results, with the machine and its
load, go to a JSON file there (--json). Other processes on the machine change the
figures: the load average is printed next to each one.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench import end_to_end, extraction, ingestion, questions_scale
from bench.common import WORK, command_line, header, load_text, machine, save_json

ALL = ("extraction", "ingestion", "end_to_end", "questions")


def _sizes(text: str) -> list[int | None]:
    return [None if s.strip() == "all" else int(s) for s in text.split(",") if s.strip()]


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: 200 texts, 200 papers, graphs of 500")
    ap.add_argument("--only", default=",".join(ALL), help=f"comma-separated subset of {','.join(ALL)}")
    ap.add_argument("--n-texts", type=int, help="abstracts for the extraction benchmark (default 2000)")
    ap.add_argument("--n-papers", type=int, help="papers for the ingestion benchmark (default 1000)")
    ap.add_argument("--batch-sizes", default="64,256", help="ingestion batch sizes (default 64,256)")
    ap.add_argument("--sizes", help="graph sizes for end_to_end and questions, 'all' = whole corpus "
                                    "(default 1000,10000)")
    ap.add_argument("--n-process", type=int, default=1, help="extraction processes of the end-to-end builds")
    ap.add_argument("--repeats", type=int, default=3, help="runs per question and slot value")
    ap.add_argument("--json", type=Path, help="where to write the results (default under /tmp/claimgraph-bench)")
    args = ap.parse_args(argv)

    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(ALL)
    if unknown:
        ap.error(f"unknown benchmark(s) {', '.join(sorted(unknown))}; choose from {', '.join(ALL)}")
    n_texts = args.n_texts or (200 if args.quick else 2000)
    n_papers = args.n_papers or (200 if args.quick else 1000)
    sizes = _sizes(args.sizes) if args.sizes else ([500] if args.quick else [1000, 10000])
    command = command_line()

    results = {"command": command, "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "machine": machine()}
    header("ClaimGraph scale benchmarks", command)
    m = results["machine"]
    print(f"machine: {m['nproc']} x {m['cpu']}, {m['memory_gb']} GB, Python {m['python']}, spaCy {m['spacy']}")
    out = args.json or WORK / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"

    if "extraction" in only:
        results["extraction"] = extraction.run(n_texts, command=command + "  # extraction")
        save_json(results, out)
    if "ingestion" in only:
        batch_sizes = tuple(int(b) for b in args.batch_sizes.split(","))
        results["ingestion"] = ingestion.run(n_papers, batch_sizes=batch_sizes, command=command + "  # ingestion")
        save_json(results, out)
    if "end_to_end" in only:
        header("End to end", command + "  # end_to_end")
        results["end_to_end"] = []
        for size in sizes:
            results["end_to_end"].append(end_to_end.run(size, n_process=args.n_process, command=command))
            save_json(results, out)
    if "questions" in only:
        homes = [(f"{s or 'all'} papers", end_to_end.build_home(s)) for s in sizes]
        results["questions"] = questions_scale.run(homes, command=command + "  # questions", repeats=args.repeats)
        save_json(results, out)

    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    save_json(results, out)
    print(f"\nresults: {out}  ({load_text()})")
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
