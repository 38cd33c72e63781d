"""Hostile input: every bad record is named and skipped (or normalised), every good one is written.

tests/fixtures/hostile/ holds the inputs (its README says what each is); the 1 MB
abstracts are generated here into tmp_path. EXPECTED below is the contract, one entry per
file or record: skipped with a reason, or written with exactly this title. The reader
must produce exactly these outcomes, the build must write exactly the written ones, and
names that look like Cypher must be stored byte for byte without touching the graph.
"""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from conftest import FIXTURES
from test_crash_safety import cli, snapshot

from claimgraph.extract.readers import paper_id_for, read_corpus
from claimgraph.schema import Paper

HOSTILE = FIXTURES / "hostile"
RECORDS = HOSTILE / "13_records.jsonl"

# source (relative to the fixture folder) -> ("skip", words of the reason) or ("ok", exact stored title)
EXPECTED: dict[str, tuple[str, str]] = {
    "01_empty.jsonl": ("skip", "file is empty"),
    "02_blank_lines.txt": ("skip", "file is empty"),
    "03_binary_png.txt": ("skip", "binary file"),
    "04_binary_nuls.jsonl": ("skip", "binary file"),
    "05_utf16_without_bom.csv": ("skip", "binary file"),
    "06_not_gzip.jsonl.gz": ("skip", "Not a gzipped file"),
    **{f"07_truncated.jsonl.gz:{i + 1}": ("ok", f"Gzip record {i}") for i in range(20)},
    "07_truncated.jsonl.gz": ("skip", "Compressed file ended before the end-of-stream marker"),
    "08_latin1.jsonl:1": ("ok", "Schrödinger café: naïve résumé"),
    "09_windows1252.csv:record 1 (line 2)": ("ok", "\u201cSmart quotes\u201d \u2013 a Windows-1252 title"),
    "10_utf16le_bom.jsonl:1": ("ok", "UTF-16 little endian"),
    "10_utf16le_bom.jsonl:2": ("ok", "Line separator inside a string"),
    "11_utf16be_bom.txt:3": ("ok", "Big-endian page title"),
    "12_utf8_bom.csv:record 1 (line 2)": ("ok", "UTF-8 with a byte order mark"),
    "13_records.jsonl:1": ("ok", "A perfectly ordinary paper"),
    "13_records.jsonl:2": ("skip", "not valid JSON (Unterminated string"),
    "13_records.jsonl:3": ("skip", "JSON list is not an object"),
    "13_records.jsonl:4": ("skip", "JSON str is not an object"),
    "13_records.jsonl:5": ("skip", "JSON int is not an object"),
    "13_records.jsonl:6": ("skip", "JSON NoneType is not an object"),
    "13_records.jsonl:7": ("skip", "missing or empty abstract"),
    "13_records.jsonl:8": ("skip", "missing or empty abstract"),
    "13_records.jsonl:9": ("skip", "missing or empty abstract"),
    "13_records.jsonl:10": ("skip", "missing or empty title"),
    "13_records.jsonl:11": ("skip", "missing or empty title"),
    "13_records.jsonl:12": ("skip", "title is an object, not text"),
    "13_records.jsonl:13": ("skip", "abstract is a list, not text"),
    "13_records.jsonl:14": ("skip", "invalid field (year"),
    "13_records.jsonl:15": ("skip", "invalid field (year: Input should be a finite number"),
    "13_records.jsonl:16": ("skip", "JSON nested too deeply"),
    "13_records.jsonl:17": ("ok", "<b>Bold</b> &amp; <script>alert('x')</script> <img src=x onerror=alert(1)>"),
    "13_records.jsonl:18": ("ok", r"$\mathcal{O}(n \log n)$ bounds for \textsc{SGD} with 95\% accuracy"),
    "13_records.jsonl:19": ("ok", "Control characters[31m red"),
    "13_records.jsonl:20": ("ok", "Zerowidth title"),
    "13_records.jsonl:21": ("ok", "Invoice gnp.exe and isolate"),
    "13_records.jsonl:22": ("ok", "Lone \ufffd surrogate"),
    "13_records.jsonl:23": ("ok", "A 10,000-character token"),
    "13_records.jsonl:24": ("ok", "T" * 10_000),
    "13_records.jsonl:25": ("ok", "Duplicate id, first version"),
    "13_records.jsonl:26": ("skip", "duplicate paper id 'h-dup' (first at"),
    "13_records.jsonl:27": ("ok", "A perfectly ordinary paper"),
    "13_records.jsonl:28": ("skip", "duplicate paper id"),
    "13_records.jsonl:29": ("ok", "'}) DETACH DELETE n //"),
    "13_records.jsonl:30": ("ok", "\"}) MATCH (n) DETACH DELETE n RETURN 1 //"),
    "13_records.jsonl:31": ("ok", "`Paper`) DETACH DELETE n; CREATE (:Pwned {x: `1`}) //"),
    "13_records.jsonl:32": ("ok", "O'Brien's \"quoted\" \\'escaped\\' title \\"),
    "13_records.jsonl:33": ("ok", "Injection in the id"),
    "13_records.jsonl:34": ("ok", "$rows {id: 'x'} UNWIND $ids AS i"),
    "13_records.jsonl:35": ("ok", "Evil abstract"),
    "13_records.jsonl:36": ("ok", "Caf\u00e9 r\u00e9sum\u00e9"),   # NFD in, NFC stored
    "13_records.jsonl:37": ("ok", "\U0001F680 Rocket \U0001D518\U0001D52B\U0001D526 title \u4e2d\u6587"),
    "13_records.jsonl:38": ("ok", "Raw separator and NEL"),
    "13_records.jsonl:39": ("ok", "CRLF line ending"),
    "13_records.jsonl:40": ("skip", "not valid JSON (Invalid control character"),
    "13_records.jsonl:41": ("skip", "invalid field (year"),
    "13_records.jsonl:42": ("ok", "Unknown fields are ignored"),
    "13_records.jsonl:43": ("ok", "Title with a\nnewline"),
    "13_records.jsonl:44": ("ok", "Blank id falls back to the title hash"),
    "13_records.jsonl:45": ("ok", "Numeric id"),
    "13_records.jsonl:46": ("ok", "1984"),
    "13_records.jsonl:47": ("skip", "title is a boolean, not text"),
    "13_records.jsonl:49": ("ok", "The last good record"),
    "14_records.csv:record 1 (line 2)": ("ok", "A good CSV record"),
    "14_records.csv:record 2 (line 4)": ("ok", 'Title, with "quotes" and\na newline'),
    "14_records.csv:record 3 (line 5)": ("skip", "missing or empty abstract"),
    "14_records.csv:record 4 (line 6)": ("skip", "missing or empty abstract"),
    "14_records.csv:record 5 (line 7)": ("ok", "'}) DETACH DELETE n //"),
    "14_records.csv:record 6 (line 8)": ("ok", '=HYPERLINK("http://evil.example","click")'),
    "14_records.csv:record 7 (line 9)": ("skip", "invalid field (year"),
    "15_page_markup.txt:4": ("ok", "<h1>HTML heading as a title</h1>"),
    "15_page_markup.txt:8": ("ok", r"\section{LaTeX title: $\epsilon$-greedy}"),
    "16_chrome_only.txt": ("skip", "no papers found"),
    "17_header_only.csv": ("skip", "no papers found"),
    "18_wrong_columns.csv": ("skip", "CSV needs 'title' and 'abstract' columns"),
    "19_crlf.jsonl:1": ("ok", "CRLF file 1"),
    "19_crlf.jsonl:2": ("ok", "CRLF file 2"),
    "20_cr_only.txt:1": ("ok", "Old Mac line endings"),
    "21_cross_file_duplicate.jsonl:1": ("skip", "duplicate paper id 'h-good-1' (first at"),
}
WRITTEN = {src: title for src, (kind, title) in EXPECTED.items() if kind == "ok"}
SKIPPED = {src: words for src, (kind, words) in EXPECTED.items() if kind == "skip"}
# Lines of 13_records.jsonl whose title, id, venue, url or abstract is written to look like Cypher.
INJECTION_LINES = [29, 30, 31, 32, 33, 34, 35]


def relative(source: str) -> str:
    return source.split(f"{HOSTILE}/", 1)[-1]


def raw_record(line_no: int) -> dict:
    return json.loads(RECORDS.read_text(encoding="utf-8").split("\n")[line_no - 1])


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """1 MB abstracts, made here rather than committed: in JSON Lines and in CSV (where a field
    that long used to stop the CSV reader), each beside a good record."""
    folder = tmp_path_factory.mktemp("big")
    abstract = ("We propose HugeNet. " + "word " * 200_000)[:999_999] + "."   # exactly 1,000,000 characters
    (folder / "big.jsonl").write_text(
        json.dumps({"id": "h-big", "title": "A 1 MB abstract", "abstract": abstract}) + "\n"
        + json.dumps({"id": "h-after-big", "title": "Good record after a 1 MB one",
                      "abstract": "We propose AfterNet, a method. AfterNet improves accuracy on MNIST."}) + "\n")
    (folder / "big.csv").write_text(
        "id,title,abstract\nh-big-csv,A 1 MB CSV abstract," + abstract + "\n"
        "h-after-big-csv,Good CSV record after a 1 MB one,We propose CsvAfterNet. It improves accuracy.\n")
    return folder


BIG_WRITTEN = {"h-after-big": "Good record after a 1 MB one", "h-after-big-csv": "Good CSV record after a 1 MB one"}
BIG_SKIPPED = {"big.jsonl:1": "abstract is 1,000,000 characters (limit 100,000)",
               "big.csv:record 1 (line 2)": "abstract is 1,000,000 characters (limit 100,000)"}


# ---------------------------------------------------------------- reading


def test_there_are_at_least_40_hostile_inputs():
    files = [p for p in HOSTILE.iterdir() if p.name != "README.md"]
    assert len(files) >= 20 and len(EXPECTED) >= 40
    assert len(SKIPPED) >= 25 and len(WRITTEN) >= 40


def test_reader_names_every_bad_record_and_normalises_the_rest():
    """Exactly the expected outcome per file and record: nothing crashes the reader, nothing
    is silently dropped, every message names its file (and line or record) and a reason."""
    got_written, got_skipped = {}, {}
    for record in read_corpus([HOSTILE]):
        source = relative(record.source)
        target = got_written if isinstance(record, Paper) else got_skipped
        assert source not in target, f"two outcomes for {source}"
        target[source] = record.title if isinstance(record, Paper) else record.reason
    assert set(got_skipped) == set(SKIPPED), (set(got_skipped) ^ set(SKIPPED))
    for source, words in SKIPPED.items():
        assert words in got_skipped[source], (source, got_skipped[source])
    assert set(got_written) == set(WRITTEN), (set(got_written) ^ set(WRITTEN))
    mismatched = {s: (got_written[s], t) for s, t in WRITTEN.items() if got_written[s] != t}
    assert not mismatched, mismatched


def _expected_ids() -> dict[str, str]:
    """Paper id -> title of every record that must be written."""
    ids = {}
    for record in read_corpus([HOSTILE]):
        if isinstance(record, Paper):
            ids[record.id] = record.title
    assert len(ids) == len(WRITTEN)
    return ids


# ---------------------------------------------------------------- building


@pytest.fixture(scope="module")
def hostile_build(session_store, big):
    """Build the hostile folder and the 1 MB files into the session store, beside a canary node
    that must survive untouched."""
    from claimgraph.orchestration.build import build

    session_store._write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
    session_store._demo_built = False
    session_store._write(lambda tx: tx.run("CREATE (:Canary {id: 'canary', note: 'must survive'})").consume())
    errors = []
    summary = build([HOSTILE, big], session_store, batch_size=8, use_model=False, on_error=errors.append)
    return session_store, summary, errors


@pytest.mark.integration
def test_build_writes_every_good_record_and_reports_every_bad_one(hostile_build):
    store, summary, errors = hostile_build
    expected = {**_expected_ids(), **BIG_WRITTEN}
    stored = {r["id"]: r["title"] for r in store.read("MATCH (p:Paper) RETURN p.id AS id, p.title AS title")}
    assert stored == expected
    assert summary.papers_written == len(expected) and summary.papers_unchanged == 0
    reported = {relative(e.source).rsplit("/", 1)[-1] if "big." in e.source else relative(e.source): e.reason
                for e in summary.skipped}
    assert set(reported) == set(SKIPPED) | set(BIG_SKIPPED), set(reported) ^ (set(SKIPPED) | set(BIG_SKIPPED))
    for source, words in {**SKIPPED, **BIG_SKIPPED}.items():
        assert words in reported[source]
    assert errors == summary.errors   # the on_error callback saw every one, as the CLI prints them


@pytest.mark.integration
def test_names_that_look_like_cypher_are_stored_verbatim_and_change_nothing(hostile_build):
    store, _, _ = hostile_build
    for line_no in INJECTION_LINES:
        raw = raw_record(line_no)
        pid = paper_id_for(raw["title"], raw.get("id"))
        (row,) = store.read("MATCH (p:Paper {id: $id}) RETURN p.title AS title, p.venue AS venue, p.url AS url, "
                            "p.abstract AS abstract", id=pid)
        assert row["title"].encode("utf-8") == raw["title"].encode("utf-8"), line_no
        for field in ("venue", "url", "abstract"):
            if field in raw:
                assert row[field] == raw[field], (line_no, field)
    # Entities and claims named from the evil abstract (line 35) are stored verbatim too.
    names = {r["n"] for r in store.read("MATCH (:Paper {id: 'h-inject-6'})-[*1..2]->(e) RETURN e.name AS n")}
    assert any("pwned" in (n or "").lower() for n in names), names
    assert store.read("MATCH (c:Canary) RETURN properties(c) AS p") == [{"p": {"id": "canary", "note": "must survive"}}]
    assert store.read("MATCH (n) WHERE n.pwned IS NOT NULL OR 'Pwned' IN labels(n) RETURN n") == []
    from claimgraph.graph.cypher import NODE_LABELS

    labels, _ = store.counts()
    assert set(labels) <= set(NODE_LABELS) | {"Canary"}, labels
    assert labels["Paper"] == len(WRITTEN) + len(BIG_WRITTEN)


@pytest.mark.integration
def test_hostile_names_survive_a_graphml_round_trip(hostile_build, tmp_path):
    from claimgraph.graph import export

    store, _, _ = hostile_build
    graph = export.to_networkx(store.all_nodes(), store.all_edges())
    path = tmp_path / "hostile.graphml"
    export.write(graph, "graphml", path)
    back = nx.read_graphml(path)
    titles = {a["title"] for _, a in back.nodes(data=True) if a.get("label") == "Paper"}
    assert set(WRITTEN.values()) | set(BIG_WRITTEN.values()) == titles


@pytest.mark.integration
def test_rebuild_of_hostile_input_changes_nothing(hostile_build, big):
    from claimgraph.orchestration.build import build

    store, first, _ = hostile_build
    before = snapshot(store)
    again = build([HOSTILE, big], store, batch_size=8, use_model=False)
    assert (again.papers_written, again.papers_unchanged) == (0, first.papers_written)
    assert len(again.skipped) == len(first.skipped)
    after = snapshot(store)
    assert after.digest == before.digest, before.diff(after)


@pytest.mark.integration
def test_cli_build_exit_status_and_summary_say_what_happened(hostile_build, server_home, big):
    """`claimgraph build` on the hostile input: every skip on stderr with its source and reason,
    the summary counts, and exit status 2 because records were skipped."""
    store, first, _ = hostile_build
    result = cli("build", HOSTILE, big, "--no-model", "--quiet", "--batch-size", "8", home=server_home)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    written, unchanged, skipped = _summary(result.stdout)
    assert (written, unchanged, skipped) == (0, first.papers_written, len(SKIPPED) + len(BIG_SKIPPED))
    lines = [x for x in result.stderr.splitlines() if x.startswith("skipped ")]
    assert len(lines) == skipped
    for source, words in {**SKIPPED, **BIG_SKIPPED}.items():
        assert any(source in x and words in x for x in lines), source
    assert f"{skipped} record(s) were skipped" in result.stderr


def _summary(stdout: str) -> tuple[int, int, int]:
    m = re.search(r"Papers: ([\d,]+) written, ([\d,]+) unchanged, ([\d,]+) skipped", stdout)
    assert m, stdout
    return tuple(int(x.replace(",", "")) for x in m.groups())


@pytest.mark.integration
def test_good_input_alone_exits_zero(server_home, tmp_path):
    """The other side of exit status 2: the same command on clean input exits 0."""
    path = tmp_path / "good.jsonl"
    path.write_text(json.dumps(raw_record(1)) + "\n")
    result = cli("build", path, "--no-model", "--quiet", home=server_home)
    assert result.returncode == 0, result.stderr
    assert _summary(result.stdout)[2] == 0
