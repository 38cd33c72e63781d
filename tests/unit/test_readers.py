"""Corpus readers: the three formats, folders, encodings and every bad-record path."""
import codecs
import json

import pytest
from conftest import FIXTURES, REPO

from claimgraph.extract.readers import decode, paper_id_for, read_corpus, read_file
from claimgraph.schema import InputError, Paper, RecordError

SMALL = FIXTURES / "corpus_small"


def split(records):
    records = list(records)
    papers = [r for r in records if isinstance(r, Paper)]
    errors = [r for r in records if isinstance(r, RecordError)]
    return papers, errors


def test_demo_page_skips_chrome_and_reads_74_papers():
    papers, errors = split(read_corpus([REPO / "orchestration" / "demo_corpus" / "hf_papers_generalization.txt"]))
    assert errors == []
    assert len(papers) == 74
    assert papers[0].title == "High-dimensional dynamics of generalization error in neural networks"
    assert papers[0].abstract.startswith("We perform an average case analysis")
    assert papers[0].source.endswith(":11")
    assert len({p.id for p in papers}) == 74


def test_jsonl_good_and_bad_records():
    papers, errors = split(read_file(SMALL / "papers.jsonl"))
    assert [p.id for p in papers] == ["jl-1", "jl-2"]
    assert papers[0].year == 2021 and papers[0].venue == "ICLR"
    reasons = {e.source.rsplit(":", 1)[1]: e.reason for e in errors}
    assert "not valid JSON" in reasons["3"]
    assert "list is not an object" in reasons["4"]
    assert "empty abstract" in reasons["5"]
    assert "empty title" in reasons["6"]


def test_csv_good_and_bad_records():
    papers, errors = split(read_file(SMALL / "papers.csv"))
    assert [p.title for p in papers] == ["Dropout for Transformers"]
    assert papers[0].id == paper_id_for("Dropout for Transformers")
    assert len(errors) == 2
    assert "record 2" in errors[0].source and "title" in errors[0].reason
    assert "record 3" in errors[1].source and "abstract" in errors[1].reason


def test_csv_without_columns_is_one_clear_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,text\na,b\n")
    (error,) = read_file(path)
    assert isinstance(error, RecordError) and "'title' and 'abstract'" in error.reason


def test_folder_reads_every_format_in_order():
    papers, errors = split(read_corpus([SMALL]))
    assert {p.title for p in papers} >= {"Dropout for Transformers", "Length Generalization in Transformers",
                                         "Fine-tuning CLIP robustly"}
    assert len(papers) == 5


def test_id_is_stable_hash_of_normalised_title():
    assert paper_id_for("Deep  Residual-Learning") == paper_id_for("deep residual learning")
    assert paper_id_for("x", "given-7") == "given-7"


def test_duplicate_ids_keep_first(tmp_path):
    path = tmp_path / "d.jsonl"
    rows = [{"id": "a", "title": "T1", "abstract": "first version"}, {"id": "a", "title": "T2", "abstract": "second"}]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    papers, errors = split(read_corpus([path]))
    assert [p.title for p in papers] == ["T1"]
    assert "duplicate paper id 'a'" in errors[0].reason


@pytest.mark.parametrize("encoding", ["utf-16", "latin-1", "utf-8-sig"])
def test_encodings(tmp_path, encoding):
    path = tmp_path / "e.jsonl"
    line = json.dumps({"id": "e", "title": "Schrödinger bridges", "abstract": "Café résumé naïve"}, ensure_ascii=False)
    path.write_bytes(line.encode(encoding))
    (paper,) = read_file(path)
    assert paper.title == "Schrödinger bridges" and paper.abstract == "Café résumé naïve"


def test_binary_and_empty_files_are_reported(tmp_path):
    binary, empty = tmp_path / "b.jsonl", tmp_path / "e.txt"
    binary.write_bytes(b"\x00\x01\x02garbage\x00")
    empty.write_text("  \n")
    assert "binary" in next(read_file(binary)).reason
    assert "empty" in next(read_file(empty)).reason
    with pytest.raises(InputError):
        decode(b"\x00abc", "x")
    assert decode(codecs.BOM_UTF8 + "é".encode(), "x") == "é"


def test_control_and_zero_width_characters_are_removed(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "c", "title": "Zero\u200bwidth\x07", "abstract": "ok\u0000 text"}))
    (paper,) = read_file(path)
    assert paper.title == "Zerowidth" and paper.abstract == "ok text"


def test_words_split_by_a_soft_hyphen_are_joined():
    from claimgraph.extract.readers import clean_text

    assert clean_text("show that ap(cid:173) plying noise may improve con\u00advergence") == \
        "show that applying noise may improve convergence"
    assert clean_text("(cid:12) stays, a - dash stays") == "(cid:12) stays, a - dash stays"


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_corpus([tmp_path / "nope"]))
