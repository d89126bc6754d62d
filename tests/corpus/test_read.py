"""Tests for framing.corpus.read: every source kind, column mapping, bad input and rejects."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path

import pandas as pd
import pytest

from framing.corpus.read import (
    CorpusReadError,
    RejectsTable,
    read_corpus,
    read_corpus_with_rejects,
)
from framing.corpus.schema import CORPUS_COLUMN_NAMES, REJECT_COLUMNS

BODY = (
    "The council voted on Tuesday to expand the bus network.\n\n"
    "Supporters said the plan would cut travel times across the city."
)


def check_invariant(corpus: pd.DataFrame, rejects: pd.DataFrame, n_inputs: int) -> None:
    assert len(corpus) + len(rejects) == n_inputs
    assert list(rejects.columns) == REJECT_COLUMNS
    assert corpus.attrs["rejects"] is rejects


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- DataFrames


def test_dataframe_canonical_columns_first_and_extras_untouched():
    frame = pd.DataFrame({
        "stance": ["pro", "anti"],
        "text": ["First story.", "Second story."],
        "id": ["a", "b"],
        "date": ["2020-03-01", None],
        "score": [1, 2],
    })
    corpus = read_corpus(frame, clean=False)
    assert corpus.columns.tolist() == CORPUS_COLUMN_NAMES + ["read_flags", "stance", "score"]
    assert corpus["doc_id"].tolist() == ["a", "b"]
    assert corpus["stance"].tolist() == ["pro", "anti"]
    assert corpus["score"].tolist() == [1, 2]
    assert str(corpus["date"].dtype) == "datetime64[ns]"
    assert corpus.loc[0, "date"] == pd.Timestamp("2020-03-01")
    assert pd.isna(corpus.loc[1, "date"])
    assert corpus["raw_text"].tolist() == ["First story.", "Second story."]
    assert corpus["language"].tolist() == ["en", "en"]
    assert corpus["source_path"].isna().all()
    assert corpus["read_flags"].tolist() == [[], []]


def test_dataframe_default_ids_are_row_positions():
    corpus = read_corpus(pd.DataFrame({"text": ["x one.", "y two."]}), clean=False)
    assert corpus["doc_id"].tolist() == ["0", "1"]


def test_column_mapping_renames_and_consumes_source_columns():
    frame = pd.DataFrame({
        "key": [7, 8],
        "body": ["Story one.", "Story two."],
        "paper": ["Daily A", "Daily B"],
        "headline": ["H1", "H2"],
        "published": ["2021-01-05", "05/02/2021"],
        "link": ["http://a/1", "http://b/2"],
        "story": ["e1", "e1"],
        "text": ["not the body", "not the body"],
    })
    corpus = read_corpus(frame, text_col="body", id_col="key", outlet_col="paper", title_col="headline",
                         date_col="published", url_col="link", event_col="story", clean=False)
    row = corpus.iloc[0]
    assert (row["doc_id"], row["outlet"], row["title"], row["url"], row["event_id"]) == (
        "7", "Daily A", "H1", "http://a/1", "e1")
    assert row["text"] == "Story one."
    assert corpus.loc[1, "date"] == pd.Timestamp("2021-05-02")
    for consumed in ("key", "body", "paper", "headline", "published", "link", "story"):
        assert consumed not in corpus.columns
    # a source column clashing with a canonical name is kept under another name
    assert corpus["text_source"].tolist() == ["not the body", "not the body"]


def test_named_column_missing_raises_with_columns_found():
    frame = pd.DataFrame({"text": ["A."], "source": ["X"]})
    with pytest.raises(ValueError, match=r"no column 'paper' \(outlet_col\).*\['text', 'source'\]"):
        read_corpus(frame, outlet_col="paper")


def test_outlet_option_overrides_every_document():
    frame = pd.DataFrame({"text": ["A.", "B."], "outlet": ["X", None]})
    corpus = read_corpus(frame, outlet="Wire", clean=False)
    assert corpus["outlet"].tolist() == ["Wire", "Wire"]


def test_bad_texts_in_records_are_rejected_with_reasons():
    frame = pd.DataFrame({"id": list("abcdef"),
                          "text": ["Good.", None, "", "  \n ", 3.5, ["a", "list"]]})
    corpus, rejects = read_corpus_with_rejects(frame, clean=False)
    check_invariant(corpus, rejects, 6)
    assert corpus["doc_id"].tolist() == ["a"]
    assert rejects["doc_id"].tolist() == ["b", "c", "d", "e", "f"]
    assert rejects["reason"].tolist() == [
        "text is missing (null)", "empty text", "whitespace-only text",
        "text is not a string (found float)", "text is not a string (found list)"]
    assert rejects["line"].tolist() == [1, 2, 3, 4, 5]


def test_rejects_warning_names_the_count(caplog):
    frame = pd.DataFrame({"text": ["Good.", "", ""]})
    with caplog.at_level(logging.WARNING, logger="framing.corpus.read"):
        read_corpus(frame, clean=False)
    assert any("2 of 3 documents rejected" in r.getMessage() for r in caplog.records)


def test_errors_raise_names_file_and_line(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", ['{"id": "x", "text": "Fine."}', '{"id": "y", "text": 12}'])
    with pytest.raises(CorpusReadError, match=r"a\.jsonl:2 \(doc_id 'y'\): text is not a string"):
        read_corpus(path, errors="raise", clean=False)
    with pytest.raises(ValueError, match="errors must be"):
        read_corpus(path, errors="ignore")


def test_duplicate_ids_are_kept_with_suffix_and_flag(caplog):
    frame = pd.DataFrame({"id": ["a", "a", "a#2", "a"], "text": ["1.", "2.", "3.", "4."]})
    with caplog.at_level(logging.WARNING, logger="framing.corpus.read"):
        corpus = read_corpus(frame, clean=False)
    assert corpus["doc_id"].tolist() == ["a", "a#3", "a#2", "a#4"]
    assert corpus["doc_id"].is_unique
    assert corpus["read_flags"].tolist() == [[], ["duplicate_id"], [], ["duplicate_id"]]
    assert any("doc_id already used" in r.getMessage() for r in caplog.records)


def test_unparseable_dates_become_nat_and_are_flagged():
    frame = pd.DataFrame({"text": ["A.", "B.", "C."], "date": ["2019-07-01T10:00:00Z", "sometime", None]})
    corpus = read_corpus(frame, clean=False)
    assert corpus.loc[0, "date"] == pd.Timestamp("2019-07-01 10:00:00")
    assert pd.isna(corpus.loc[1, "date"]) and pd.isna(corpus.loc[2, "date"])
    assert corpus["read_flags"].tolist() == [[], ["unparsed_date"], []]


def test_dates_with_mixed_offsets_are_read_as_utc():
    frame = pd.DataFrame({"text": ["A.", "B.", "C."],
                          "date": ["2019-07-01T10:00:00Z", "2019-07-03T10:00:00+02:00", "July 4, 2019"]})
    corpus = read_corpus(frame, clean=False)
    assert corpus["date"].tolist() == [pd.Timestamp("2019-07-01 10:00"), pd.Timestamp("2019-07-03 08:00"),
                                       pd.Timestamp("2019-07-04")]


def test_limit_counts_input_documents():
    frame = pd.DataFrame({"text": ["A.", "", "C.", "D."]})
    corpus, rejects = read_corpus_with_rejects(frame, limit=3, clean=False)
    check_invariant(corpus, rejects, 3)
    assert corpus["text"].tolist() == ["A.", "C."]


def test_rejects_attr_survives_concat_and_merge():
    a = read_corpus(pd.DataFrame({"id": ["a"], "text": ["A."]}), clean=False)
    b = read_corpus(pd.DataFrame({"id": ["b", "c"], "text": ["B.", ""]}), clean=False)
    assert isinstance(b.attrs["rejects"], RejectsTable)
    both = pd.concat([a, b], ignore_index=True)
    assert both["doc_id"].tolist() == ["a", "b"]
    merged = a.merge(pd.DataFrame({"doc_id": ["a"], "y": [1]}), on="doc_id")
    assert merged.loc[0, "y"] == 1
    # a filtered corpus keeps its rejects table
    assert len(b[b["doc_id"] == "b"].attrs["rejects"]) == 1


def test_flags_column_of_an_earlier_corpus_is_read_back():
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": ["A.", "B."],
                          "read_flags": [["bad_encoding"], "['duplicate_id']"]})
    corpus = read_corpus(frame, clean=False)
    assert corpus["read_flags"].tolist() == [["bad_encoding"], ["duplicate_id"]]


def test_unknown_source_and_type_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a known dataset name"):
        read_corpus(str(tmp_path / "missing.jsonl"))
    with pytest.raises(TypeError, match="source must be"):
        read_corpus(42)
    with pytest.raises(ValueError, match="unknown format"):
        read_corpus(pd.DataFrame({"text": ["A."]}), format="xml")


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_broken_line_is_warned_rejected_and_rest_kept(tmp_path, caplog):
    path = write_jsonl(tmp_path / "feed.jsonl", [
        json.dumps({"id": "a", "text": "One.", "outlet": "X"}),
        '{"id": "b", "text": "Two.", ',
        "",
        json.dumps({"id": "c", "text": "Three.", "outlet": "Y"}),
    ])
    with caplog.at_level(logging.WARNING, logger="framing.corpus.read"):
        corpus, rejects = read_corpus_with_rejects(path, clean=False)
    check_invariant(corpus, rejects, 3)  # the blank line is not a document
    assert corpus["doc_id"].tolist() == ["a", "c"]
    assert rejects.loc[0, "line"] == 2
    assert rejects.loc[0, "reason"].startswith("broken JSON")
    assert rejects.loc[0, "raw"] == '{"id": "b", "text": "Two.", '
    assert any("feed.jsonl:2" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert corpus["source_path"].tolist() == [str(path), str(path)]


def test_jsonl_wrong_types_are_rejected(tmp_path):
    path = write_jsonl(tmp_path / "typed.jsonl", [
        json.dumps({"id": "a", "text": "Fine."}),
        json.dumps({"id": "b", "text": 17}),
        json.dumps({"id": "c", "text": {"body": "nested"}}),
        json.dumps({"id": "d", "text": None}),
        json.dumps({"id": "e"}),
        json.dumps(["not", "an", "object"]),
        json.dumps("just a string"),
    ])
    corpus, rejects = read_corpus_with_rejects(path, clean=False)
    check_invariant(corpus, rejects, 7)
    assert rejects["line"].tolist() == [2, 3, 4, 5, 6, 7]
    assert rejects["reason"].tolist() == [
        "text is not a string (found int)", "text is not a string (found dict)",
        "text is missing (null)", "text is missing (null)",
        "record is not a JSON object (found list)", "record is not a JSON object (found str)"]


def test_jsonl_default_ids_use_file_stem_and_line(tmp_path):
    path = tmp_path / "wire.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"text": "One."}) + "\n\n" + json.dumps({"text": "Two."}) + "\n")
    corpus = read_corpus(path, clean=False)
    assert corpus["doc_id"].tolist() == ["wire:1", "wire:3"]


def test_json_array_and_ndjson(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"id": 1, "text": "A."}, {"id": 2, "text": ""}]))
    corpus, rejects = read_corpus_with_rejects(tmp_path / "a.json", clean=False)
    check_invariant(corpus, rejects, 2)
    assert rejects["line"].tolist() == [1]  # 0-based position in the array
    lines = tmp_path / "b.json"
    lines.write_text(json.dumps({"id": 1, "text": "A."}) + "\n" + json.dumps({"id": 2, "text": "B."}) + "\n")
    assert read_corpus(lines, clean=False)["doc_id"].tolist() == ["1", "2"]


def test_jsonl_missing_text_field_everywhere_raises(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [json.dumps({"id": 1, "body": "A."})])
    with pytest.raises(ValueError, match=r"columns found: \['id', 'body'\].*text_col="):
        read_corpus(path)


def test_empty_record_file_is_one_reject(tmp_path):
    (tmp_path / "empty.jsonl").write_text("\n\n")
    corpus, rejects = read_corpus_with_rejects(tmp_path / "empty.jsonl")
    check_invariant(corpus, rejects, 1)
    assert rejects["reason"].tolist() == ["empty file (no records)"]
    assert corpus.columns.tolist()[: len(CORPUS_COLUMN_NAMES)] == CORPUS_COLUMN_NAMES


def test_jsonl_undecodable_bytes_are_replaced_and_flagged(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "a", "text": "Fine."}).encode()
    bad = b'{"id": "b", "text": "Caf\xe9 \xff\xfe society \xe2\x80\x94 news"}'
    path.write_bytes(good + b"\n" + bad + b"\n")
    corpus, rejects = read_corpus_with_rejects(path, clean=False)
    check_invariant(corpus, rejects, 2)
    assert corpus["read_flags"].tolist() == [[], ["bad_encoding"]]
    assert "\ufffd" in corpus.loc[1, "text"]


# --------------------------------------------------------------------------- CSV, TSV, Parquet


def test_csv_missing_text_column_raises_clear_error(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,headline,content\n1,H,Body\n")
    with pytest.raises(ValueError) as info:
        read_corpus(path)
    message = str(info.value)
    assert "news.csv" in message and "['id', 'headline', 'content']" in message and "text_col=" in message


def test_csv_quoting_line_numbers_bad_rows_and_types(tmp_path, caplog):
    path = tmp_path / "news.csv"
    path.write_text(
        'id,text,score,ok\n'
        '1,"Line one,\nline two.",0.5,True\n'
        '2,,1.5,False\n'
        '3,x,y,z,extra\n'
        '4,Plain.,2,True\n'
    )
    with caplog.at_level(logging.WARNING, logger="framing.corpus.read"):
        corpus, rejects = read_corpus_with_rejects(path, clean=False)
    check_invariant(corpus, rejects, 4)
    assert corpus["doc_id"].tolist() == ["1", "4"]
    assert corpus.loc[0, "text"] == "Line one,\nline two."
    assert corpus["score"].tolist() == [0.5, 2.0]
    assert corpus["ok"].tolist() == [True, True]
    assert rejects[["line", "reason"]].values.tolist() == [
        [4, "text is missing (null)"], [5, "row has 5 fields, header has 4"]]
    assert any("news.csv:5" in r.getMessage() for r in caplog.records)


def test_csv_delimiter_detection_gz_and_tsv(tmp_path):
    path = tmp_path / "labels.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("text;outlet;label\nA story.;X;Biased\n")
    corpus = read_corpus(path, clean=False)
    assert corpus[["text", "outlet", "label"]].values.tolist() == [["A story.", "X", "Biased"]]
    tsv = tmp_path / "t.tsv"
    tsv.write_text("doc_id\ttext\nz\tTabbed, with comma.\n")
    assert read_corpus(tsv, clean=False)[["doc_id", "text"]].values.tolist() == [["z", "Tabbed, with comma."]]
    assert read_corpus(tsv, clean=False).loc[0, "doc_id"] == "z"


def test_csv_header_only_is_one_reject(tmp_path):
    (tmp_path / "h.csv").write_text("id,text\n")
    corpus, rejects = read_corpus_with_rejects(tmp_path / "h.csv")
    check_invariant(corpus, rejects, 1)
    assert rejects.loc[0, "reason"] == "empty file (no records)"


def test_parquet_round_trip(tmp_path):
    frame = pd.DataFrame({"id": ["p1", "p2", "p3"], "text": ["A.", "B.", None], "label": [0, 1, 2]})
    path = tmp_path / "c.parquet"
    frame.to_parquet(path)
    corpus, rejects = read_corpus_with_rejects(path, clean=False)
    check_invariant(corpus, rejects, 3)
    assert corpus["label"].tolist() == [0, 1]
    assert rejects[["line", "doc_id"]].values.tolist() == [[2, "p3"]]
    # a corpus written to Parquet reads back unchanged
    corpus.to_parquet(tmp_path / "corpus.parquet")
    again = read_corpus(tmp_path / "corpus.parquet", clean=False)
    assert again[["doc_id", "text", "raw_text", "label"]].equals(corpus[["doc_id", "text", "raw_text", "label"]])


# --------------------------------------------------------------------------- text files and folders


def make_folder(root: Path) -> Path:
    (root / "reuters").mkdir(parents=True)
    (root / "ap" / "2020").mkdir(parents=True)
    (root / "reuters" / "b.txt").write_text(BODY, encoding="utf-8")
    (root / "reuters" / "a.txt").write_text("Another story here.\n\nWith two paragraphs.", encoding="utf-8")
    (root / "ap" / "2020" / "c.txt").write_text("A third story.", encoding="utf-8")
    (root / ".hidden.txt").write_text("not read")
    (root / "notes.md").write_text("not an article")
    return root


def test_folder_is_read_sorted_recursively_with_outlet_from_folder(tmp_path):
    root = make_folder(tmp_path / "corpus")
    corpus, rejects = read_corpus_with_rejects(root, clean=False)
    check_invariant(corpus, rejects, 3)
    assert corpus["doc_id"].tolist() == ["ap/2020/c", "reuters/a", "reuters/b"]
    assert corpus["outlet"].tolist() == ["2020", "reuters", "reuters"]
    assert corpus.loc[2, "text"] == BODY and corpus.loc[2, "raw_text"] == BODY
    assert corpus.loc[2, "source_path"] == str(root / "reuters" / "b.txt")
    # deterministic: the same call gives the same table
    assert read_corpus(root, clean=False)["doc_id"].tolist() == corpus["doc_id"].tolist()


def test_glob_reads_matching_files(tmp_path):
    root = make_folder(tmp_path / "corpus")
    corpus = read_corpus(str(root / "reuters" / "*.txt"), clean=False)
    assert corpus["doc_id"].tolist() == ["a", "b"]
    corpus = read_corpus(str(root / "**" / "*.txt"), clean=False)
    assert corpus["doc_id"].tolist() == ["ap/2020/c", "reuters/a", "reuters/b"]
    with pytest.raises(FileNotFoundError, match="no files match"):
        read_corpus(str(root / "*.html"))


def test_metadata_sidecar_in_folder_and_explicit(tmp_path):
    root = make_folder(tmp_path / "corpus")
    (root / "metadata.csv").write_text(
        "file,outlet,date,url,title,event_id,stance\n"
        "reuters/a.txt,Reuters,2020-02-03,http://r/a,Meta title,ev1,pro\n"
        "c.txt,AP,2020-02-04,,,ev1,anti\n"
    )
    corpus = read_corpus(root, clean=False).set_index("doc_id")
    assert corpus.loc["reuters/a", ["outlet", "url", "title", "event_id", "stance"]].tolist() == [
        "Reuters", "http://r/a", "Meta title", "ev1", "pro"]
    assert corpus.loc["reuters/a", "date"] == pd.Timestamp("2020-02-03")
    assert corpus.loc["ap/2020/c", "outlet"] == "AP"  # matched by file name
    assert corpus.loc["reuters/b", "outlet"] == "reuters"  # no metadata row: folder name
    # the outlet= option wins over metadata
    assert set(read_corpus(root, clean=False, outlet="Mine")["outlet"]) == {"Mine"}
    # an explicit sidecar keyed by doc_id
    side = tmp_path / "side.csv"
    side.write_text("doc_id,outlet\nb,Reuters Wire\n")
    corpus = read_corpus(root / "reuters", clean=False, metadata=side)
    assert corpus.set_index("doc_id").loc["b", "outlet"] == "Reuters Wire"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,outlet\nx,y\n")
    with pytest.raises(ValueError, match="no key column"):
        read_corpus(root, metadata=bad)


def test_folder_without_articles_says_which_extensions(tmp_path):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "a.jsonl").write_text("{}\n")
    (tmp_path / "feeds" / "notes.md").write_text("x")
    with pytest.raises(FileNotFoundError) as info:
        read_corpus(tmp_path / "feeds")
    message = str(info.value)
    assert ".txt" in message and ".html" in message and "1 .jsonl" in message


def test_empty_whitespace_and_binary_files_are_rejected(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("  \n\t\n ")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (root / "good.txt").write_text("A real story.")
    corpus, rejects = read_corpus_with_rejects(root, clean=False)
    check_invariant(corpus, rejects, 4)
    assert corpus["doc_id"].tolist() == ["good"]
    reasons = dict(zip(rejects["doc_id"], rejects["reason"]))
    assert reasons == {"empty": "empty file", "blank": "whitespace only", "image": "binary content (not text)"}
    assert rejects["source_path"].str.endswith(".txt").all()


def test_undecodable_text_file_is_kept_and_flagged(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "latin.txt").write_bytes("Caf\u00e9 society \u2019news\u2019.".encode("cp1252"))
    (root / "broken.txt").write_bytes("Na\u00efve \u2014 ".encode("utf-8") + b"\xff\xfe tail")
    corpus, rejects = read_corpus_with_rejects(root, clean=False)
    check_invariant(corpus, rejects, 2)
    by_id = corpus.set_index("doc_id")
    assert by_id.loc["latin", "text"] == "Caf\u00e9 society \u2019news\u2019."
    assert "\ufffd" in by_id.loc["broken", "text"]
    assert all(flags == ["bad_encoding"] for flags in corpus["read_flags"])
    # an explicit encoding is used as given
    corpus = read_corpus(root / "latin.txt", encoding="cp1252", clean=False)
    assert corpus["read_flags"].tolist() == [[]]
    assert corpus["doc_id"].tolist() == ["latin"] and corpus["outlet"].tolist() == ["site"]


def test_twenty_megabyte_text_file(tmp_path):
    paragraph = ("The minister said the talks would continue next week, officials added. " * 12).strip()
    text = "\n\n".join([paragraph] * 24000)
    assert len(text) > 20_000_000
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    corpus, rejects = read_corpus_with_rejects(path)  # the full page parser, as by default
    check_invariant(corpus, rejects, 1)
    assert corpus.loc[0, "raw_text"] == text
    assert corpus.loc[0, "text"] == text  # ordinary paragraphs are never removed
    assert read_corpus(path, clean=False).loc[0, "text"] == text


def test_list_of_sources_in_order(tmp_path):
    root = make_folder(tmp_path / "corpus")
    jsonl = write_jsonl(tmp_path / "x.jsonl", [json.dumps({"id": "j", "text": "J."})])
    corpus = read_corpus([root / "reuters" / "b.txt", jsonl, root / "reuters" / "a.txt"], clean=False)
    assert corpus["doc_id"].tolist() == ["b", "j", "a"]


def test_corpus_with_rejects_writes_to_parquet_and_pickles(tmp_path):
    import pickle

    corpus = read_corpus(pd.DataFrame({"id": ["a", "b"], "text": ["A.", ""]}), clean=False)
    corpus.to_parquet(tmp_path / "c.parquet")
    assert pd.read_parquet(tmp_path / "c.parquet")["doc_id"].tolist() == ["a"]
    again = pickle.loads(pickle.dumps(corpus))
    assert isinstance(again.attrs["rejects"], RejectsTable)
    assert again.attrs["rejects"]["doc_id"].tolist() == ["b"]


# --------------------------------------------------------------------------- cleaning (scrape rules)


def test_seed_page_is_parsed_into_fields(seed_path, seed_raw):
    corpus, rejects = read_corpus_with_rejects(seed_path)
    check_invariant(corpus, rejects, 1)
    row = corpus.iloc[0]
    assert row["doc_id"] == seed_path.stem and row["outlet"] == "seeds"
    assert row["title"] == "Putin offers Syria's Sharaa support and cooperation"
    assert row["date"] == pd.Timestamp("2025-03-20")
    assert (row["dateline"], row["origin"], row["section"]) == ("MOSCOW", "Reuters", "World")
    assert row["text"].startswith("President Vladimir Putin sent a message")
    assert "Reporting by Guy Faulconbridge" in row["credits"]
    assert "REUTERS/Khalil Ashawi" in row["captions"]
    assert "WhatsApp" in row["boilerplate"] and "WhatsApp" not in row["text"]
    assert row["raw_text"] == seed_raw


def test_clean_false_keeps_the_whole_file_as_text(seed_path, seed_raw):
    row = read_corpus(seed_path, clean=False).iloc[0]
    assert row["text"] == seed_raw and row["title"] == "" and row["dateline"] is None


def test_records_are_cleaned_but_source_fields_win():
    frame = pd.DataFrame({
        "id": ["a", "b"],
        "title": ["Given title", None],
        "text": ["WASHINGTON (AP) \u2014 Lawmakers met \u201cearly\u201d.\n\nAdvertisement\n\nThey left.",
                 "Advertisement"],
        "byline": ["Given Byline", None],
    })
    corpus, rejects = read_corpus_with_rejects(frame)
    check_invariant(corpus, rejects, 2)
    a = corpus.iloc[0]
    assert a["text"] == 'Lawmakers met "early".\n\nThey left.'
    assert (a["dateline"], a["origin"], a["title"], a["byline"]) == ("WASHINGTON", "AP", "Given title", "Given Byline")
    assert a["boilerplate"] == "Advertisement"
    assert a["raw_text"] == frame.loc[0, "text"]
    # a record whose whole text looks like boilerplate is kept, normalized and flagged
    b = corpus.iloc[1]
    assert b["text"] == "Advertisement" and "clean_emptied_text" in b["read_flags"]


def test_text_file_without_body_is_rejected(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "nav.txt").write_text("Advertisement\n\nShare\n\nSign up for our newsletter\n")
    (root / "ok.txt").write_text("Headline Here\n\n" + BODY)
    corpus, rejects = read_corpus_with_rejects(root)
    check_invariant(corpus, rejects, 2)
    assert rejects[["doc_id", "reason"]].values.tolist() == [["nav", "no article body"]]
    assert corpus.loc[0, "title"] == "Headline Here"


def test_html_pages(tmp_path):
    pytest.importorskip("trafilatura")
    root = tmp_path / "pages"
    root.mkdir()
    (root / "article.html").write_text(
        "<html><head><title>Talks resume</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Talks resume</h1><p>MOSCOW (Reuters) - Talks between the two sides resumed on "
        "Thursday after a pause of several weeks, officials said.</p><p>Both delegations met in the "
        "capital and agreed to meet again next month, according to a joint statement.</p></article>"
        "<footer>Copyright 2025 Example News</footer></body></html>", encoding="utf-8")
    (root / "menu.htm").write_text(
        "<html><head><title>Page not found</title></head><body><nav><a href='/'>Home</a></nav>"
        "<div class='menu'><ul><li><a href='/a'>Politics</a></li><li><a href='/b'>Sports</a></li></ul></div>"
        "<footer>Copyright 2025 Example</footer></body></html>", encoding="utf-8")
    corpus, rejects = read_corpus_with_rejects(root)
    check_invariant(corpus, rejects, 2)
    assert rejects[["doc_id", "reason"]].values.tolist() == [["menu", "no article body"]]
    row = corpus.iloc[0]
    assert (row["doc_id"], row["title"], row["dateline"], row["origin"]) == ("article", "Talks resume", "MOSCOW", "Reuters")
    assert row["text"].startswith("Talks between the two sides resumed")
    assert row["raw_text"].startswith("<html>")
