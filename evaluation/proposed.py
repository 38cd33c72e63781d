"""`claimgraph eval proposed FILE`: proposed-method recall against per-paper method labels.

FILE is JSON Lines, one paper a line: `id`, `title`, `abstract` and
`proposed: [{"name": ..., "full_name": ...}]` (the methods the paper introduced, e.g. the
Papers-with-Code "introduced in" labels of ../shared/data/eval/pwc_proposed_dev.jsonl).

Matching rule (`names_match`): both names are folded (lower case, letters and digits
only: "Fast R-CNN" -> "fastrcnn"); two names match when their folded forms are equal,
or when one contains the other and the contained one has at least 4 characters
("PGNet" ~ "PGNet model"; "GLN" only equals "GLN", "G.L.N." or "gln"). A gold method is
found when any name or alias of a PROPOSES edge of its paper matches its `name` or its
`full_name`.

Figures:
  recall              found gold methods / gold methods
  any-PROPOSES rate   papers with at least one PROPOSES edge / papers
  recall, in abstract recall over the gold methods whose name or full name is written in
                      the abstract (folded containment; a short name of < 4 characters
                      must appear as a whole word)
  precision proxy     PROPOSES edges matching some gold name or full name of their paper /
                      PROPOSES edges, over papers with at least one gold method. A proxy:
                      the labels list one or two methods per paper, so a correct second
                      contribution the labels leave out counts against it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from claimgraph.schema import ExtractionResult, Paper, RelType

MIN_CONTAINED = 4


def fold(name: str) -> str:
    """Lower case, letters and digits only (any script): 'Fast R-CNN' -> 'fastrcnn'."""
    return "".join(c for c in name.casefold() if c.isalnum())


def names_match(a: str, b: str) -> bool:
    """Equal folded forms, or one folded form inside the other when the inner one has >= 4 characters."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    short, long = (fa, fb) if len(fa) <= len(fb) else (fb, fa)
    return len(short) >= MIN_CONTAINED and short in long


def written_in(name: str, text: str) -> bool:
    """The name appears in the text: folded containment, or as a whole word when it is short."""
    folded = fold(name)
    if not folded:
        return False
    if len(folded) >= MIN_CONTAINED:
        return folded in fold(text)
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text, re.I) is not None


@dataclass
class GoldPaper:
    paper: Paper
    proposed: list[dict]


def load(path: Path) -> list[GoldPaper]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        obj = json.loads(line)
        if not {"title", "abstract", "proposed"} <= obj.keys():
            raise ValueError(f"{path}:{n}: needs title, abstract and proposed")
        paper = Paper(id=str(obj.get("id") or f"line-{n}"), title=obj["title"], abstract=obj["abstract"],
                      year=obj.get("year"), venue=obj.get("venue"), source=f"{path}:{n}")
        rows.append(GoldPaper(paper, [p for p in obj["proposed"] if p.get("name") or p.get("full_name")]))
    return rows


def proposed_names(result: ExtractionResult) -> list[list[str]]:
    """Each PROPOSES edge of a paper as its list of names (display name first, then aliases)."""
    return [[rel.entity.name, *rel.entity.aliases] for rel in result.relations if rel.type is RelType.PROPOSES]


def _gold_names(item: dict) -> list[str]:
    return [n for n in (item.get("name"), item.get("full_name")) if n]


def evaluate(rows: list[GoldPaper], results: dict[str, ExtractionResult]) -> dict:
    """Recall, any-PROPOSES rate, recall in abstract and precision proxy; per-paper misses and extras."""
    gold_n = found = in_abs_n = in_abs_found = papers_with_edge = 0
    edges = edges_ok = 0
    details = []
    for row in rows:
        result = results.get(row.paper.id)
        edges_here = proposed_names(result) if result is not None else []
        papers_with_edge += bool(edges_here)
        missed = []
        for item in row.proposed:
            names = _gold_names(item)
            hit = any(names_match(p, g) for edge in edges_here for p in edge for g in names)
            written = any(written_in(g, row.paper.abstract) for g in names)
            gold_n += 1
            found += hit
            in_abs_n += written
            in_abs_found += hit and written
            if not hit:
                missed.append({**item, "in_abstract": written})
        extra = []
        if row.proposed:
            for edge in edges_here:
                ok = any(names_match(p, g) for p in edge for item in row.proposed for g in _gold_names(item))
                edges += 1
                edges_ok += ok
                if not ok:
                    extra.append(edge[0])
        if missed or extra:
            details.append({"id": row.paper.id, "title": row.paper.title, "missed": missed, "extra": extra,
                            "predicted": [e[0] for e in edges_here]})

    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    return {
        "papers": len(rows), "gold": gold_n, "found": found,
        "recall": ratio(found, gold_n),
        "any_proposes": ratio(papers_with_edge, len(rows)),
        "in_abstract": {"gold": in_abs_n, "found": in_abs_found, "recall": ratio(in_abs_found, in_abs_n)},
        "precision_proxy": {"edges": edges, "matching": edges_ok, "precision": ratio(edges_ok, edges)},
        "errors": details,
    }


def run(path: Path, *, use_model: bool = True) -> dict:
    """Extract the file's papers (resolved as a build resolves them) and score them."""
    from claimgraph.extract.pipeline import Extractor
    from claimgraph.extract.resolution import Resolver

    rows = load(path)
    resolver = Resolver.from_name_lists()
    results = resolver.resolve(list(Extractor(use_model=use_model).extract([r.paper for r in rows])))
    return evaluate(rows, {r.paper.id: r for r in results})


def format_report(report: dict) -> str:
    ia, pp = report["in_abstract"], report["precision_proxy"]
    return "\n".join([
        f"recall                    {report['recall']:.3f}  ({report['found']}/{report['gold']} gold methods)",
        f"any-PROPOSES rate         {report['any_proposes']:.3f}  (papers with at least one PROPOSES edge)",
        f"recall, name in abstract  {ia['recall']:.3f}  ({ia['found']}/{ia['gold']})",
        f"precision proxy           {pp['precision']:.3f}  ({pp['matching']}/{pp['edges']} PROPOSES edges match a gold name)",
        f"({report['papers']} papers)",
    ])
