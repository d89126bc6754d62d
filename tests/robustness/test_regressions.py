"""Regression tests for bugs found by the robustness suites (one test per bug)."""

from __future__ import annotations

import json

import pandas as pd

from framing.corpus.read import read_corpus_with_rejects
from framing.corpus.schema import parse_dates


def test_parse_dates_out_of_range_become_nat() -> None:
    # "-1" parsed as year -1 (microsecond unit) made the cast to datetime64[ns] raise
    values = pd.Series(["-1", "2024-01-01", "0200-01-01", "3000-01-01", None], dtype=object)
    parsed = parse_dates(values)
    assert str(parsed.dtype) == "datetime64[ns]"
    assert parsed.isna().tolist() == [True, False, True, True, True]
    wide = pd.Series(pd.to_datetime(["3000-01-01", "2020-05-01"]).astype("datetime64[s]"))
    assert parse_dates(wide).isna().tolist() == [True, False]


def test_read_csv_with_out_of_range_date_keeps_and_flags(tmp_path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text("text,date\nTalks resumed.,-1\nTalks stalled.,2024-03-01\n", encoding="utf-8")
    corpus, rejects = read_corpus_with_rejects(path, clean=False)
    assert len(corpus) == 2 and len(rejects) == 0
    assert pd.isna(corpus.loc[0, "date"]) and "unparsed_date" in corpus.loc[0, "read_flags"]
    lines = tmp_path / "dates.jsonl"
    lines.write_text(json.dumps({"text": "Talks resumed.", "date": "0200-01-01"}) + "\n", encoding="utf-8")
    corpus, _ = read_corpus_with_rejects(lines, clean=False)
    assert "unparsed_date" in corpus.loc[0, "read_flags"]


def test_json_lone_surrogate_escapes_are_replaced_and_flagged(tmp_path) -> None:
    # a JSON "\ud800" escape decodes to a lone surrogate, which pandas' string columns
    # (and Arrow, Parquet, UTF-8 writers) refuse: the whole read used to fail
    path = tmp_path / "surrogates.jsonl"
    path.write_text(
        '{"id": "a\\udc00", "text": "Rebels \\ud800 said.", "extra\\ud800": ["\\udfff"]}\n'
        '{"id": "b", "text": "A pair \\ud83d\\ude00 is one character."}\n'
        '{"id": "c", "text": "An escaped backslash \\\\ud800 is plain text."}\n',
        encoding="utf-8",
    )
    for clean in (True, False):
        corpus, rejects = read_corpus_with_rejects(path, clean=clean)
        assert len(corpus) == 3 and len(rejects) == 0
        assert corpus["doc_id"].tolist() == ["a\ufffd", "b", "c"]
        assert corpus.loc[0, "text"] == "Rebels \ufffd said."
        assert corpus["read_flags"].tolist() == [["bad_encoding"], [], []]
        assert "\U0001f600" in corpus.loc[1, "text"] and "\\ud800" in corpus.loc[2, "text"]
        corpus.to_parquet(tmp_path / "out.parquet")  # writable: no surrogate left
    array = tmp_path / "surrogates.json"
    array.write_text('[{"text": "a\\ud800"}, {"text": "fine"}, ["\\udc00"]]', encoding="utf-8")
    corpus, rejects = read_corpus_with_rejects(array, clean=False)
    assert corpus["text"].tolist() == ["a\ufffd", "fine"] and corpus["read_flags"].tolist() == [["bad_encoding"], []]
    assert rejects["reason"].tolist() == ["record is not a JSON object (found list)"]


def test_dataframe_lone_surrogates_are_replaced() -> None:
    frame = pd.DataFrame({"id": pd.Series(["x\udc80", "y"], dtype=object),
                          "text": pd.Series(["Talks \ud800 resumed.", "Talks stalled."], dtype=object)})
    corpus, rejects = read_corpus_with_rejects(frame, clean=False)
    assert corpus["doc_id"].tolist() == ["x\ufffd", "y"] and len(rejects) == 0
    assert corpus["read_flags"].tolist() == [["bad_encoding"], []]
    assert frame.loc[0, "text"] == "Talks \ud800 resumed."  # the caller's table is not modified


def test_deeply_nested_json_is_a_reject_not_a_crash(tmp_path) -> None:
    path = tmp_path / "nested.jsonl"
    path.write_text('{"text": "ok"}\n' + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    corpus, rejects = read_corpus_with_rejects(path, clean=False)
    assert len(corpus) == 1
    assert rejects[["line", "reason"]].values.tolist() == [[2, "broken JSON (nested too deeply)"]]
    array = tmp_path / "nested.json"
    array.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    corpus, rejects = read_corpus_with_rejects(array, clean=False)
    assert len(corpus) == 0 and rejects["reason"].tolist() == ["broken JSON (nested too deeply)"]


def test_pretty_printed_json_object_is_one_record(tmp_path) -> None:
    path = tmp_path / "one.json"
    path.write_text('{\n  "id": "one",\n  "text": "Rebels took the city."\n}\n', encoding="utf-8")
    corpus, rejects = read_corpus_with_rejects(path, clean=False)
    assert corpus[["doc_id", "text"]].values.tolist() == [["one", "Rebels took the city."]]
    assert len(rejects) == 0


def test_unreadable_files_are_one_reject_each(tmp_path) -> None:
    import gzip

    from framing.corpus.read import CorpusReadError

    data = gzip.compress(b'{"text": "hello world"}\n' * 2000)
    (tmp_path / "truncated.jsonl.gz").write_bytes(data[: len(data) // 2])
    corrupt = bytearray(data)
    corrupt[20:30] = b"\xff" * 10
    (tmp_path / "corrupt.jsonl.gz").write_bytes(bytes(corrupt))
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 not parquet")
    (tmp_path / "page.txt.gz").write_bytes(gzip.compress(b"Some article text here.")[:15])
    (tmp_path / "good.jsonl").write_text('{"text": "Talks resumed."}\n', encoding="utf-8")
    corpus, rejects = read_corpus_with_rejects(sorted(tmp_path.iterdir()), clean=False)
    assert corpus["text"].tolist() == ["Talks resumed."]
    reasons = dict(zip(rejects["source_path"].map(lambda p: p.rsplit("/", 1)[-1]), rejects["reason"]))
    assert set(reasons) == {"truncated.jsonl.gz", "corrupt.jsonl.gz", "junk.parquet", "page.txt.gz"}
    assert reasons["truncated.jsonl.gz"].startswith("cannot decompress .gz data")
    assert reasons["corrupt.jsonl.gz"].startswith("cannot decompress .gz data")
    assert reasons["junk.parquet"].startswith("not a readable Parquet file")
    ids = dict(zip(rejects["source_path"].map(lambda p: p.rsplit("/", 1)[-1]), rejects["doc_id"]))
    assert ids["page.txt.gz"] == "page" and pd.isna(ids["junk.parquet"])
    try:
        read_corpus_with_rejects(tmp_path / "junk.parquet", errors="raise")
    except CorpusReadError as exc:
        assert "junk.parquet" in str(exc)
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("errors='raise' must raise CorpusReadError for a broken Parquet file")


def test_parse_html_control_characters_and_surrogates() -> None:
    from framing.corpus.scrape import parse_html

    # lxml refused to re-join a dropped element's tail holding a control character
    assert parse_html("<SVG></SVG>\x1f")["text"] == ""
    body = ("<p>Rebels \x00took\ud800 the city of Aleppo on Friday after a long siege, "
            "officials said today.</p>")
    assert parse_html(body)["text"] == "Rebels took the city of Aleppo on Friday after a long siege, officials said today."


def test_normalize_with_offsets_lone_surrogates() -> None:
    from framing.corpus.text import normalize_text, normalize_with_offsets

    text = "\x1f\ud800 a\u00a0b\u2014\udc00"
    norm, offsets = normalize_with_offsets(text)
    assert norm == normalize_text(text) == "\ud800 a b - \udc00"
    assert offsets.tolist() == [1, 2, 3, 4, 5, 6, 6, 6, 7]


def test_sentence_id_at_matches_a_linear_scan() -> None:
    # it used to rebuild the list of starts on every call (quadratic over a long article)
    from framing.extract.base import sentence_id_at

    spans = [(i * 10, i * 10 + 8) for i in range(1000)]
    for offset in (0, 5, 9, 10, 4321, 9999, 20000):
        expected = max([k for k, (s, _e) in enumerate(spans) if s <= offset] or [0])
        assert sentence_id_at(spans, offset) == expected
    assert sentence_id_at([], 3) == 0 and sentence_id_at(spans, -1) == 0


def test_long_articles_keep_every_mention() -> None:
    # 8,000 sentences: sourcing's longest-match selection and the sentence lookup were quadratic
    from framing.extract.sourcing import SourcingFeatures

    text = "Rebels said the regime fell. " * 8000
    features, mentions = SourcingFeatures(fields=("text",)).fit([text]).extract([text])
    said = mentions[mentions["kind"] == "attribution"]
    assert len(said) == 8000 and (said["verb"] == "said").all()
    assert said["sentence_id"].tolist() == list(range(8000))
    assert all(text[s:e] == "Rebels said" for s, e in zip(said["start"], said["end"]))


def test_split_token_long_punctuation_runs() -> None:
    # TextBlob's punctuation splitting re-sliced the token per character (minutes for 900 KB)
    from framing.text.sentiment import _model, polarity_subjectivity

    model = _model()
    assert model.split_token("?!." * 4) == list("?!." * 4)
    assert model.split_token("(U.S.)") == ["(", "U.S.", ")"]
    assert model.split_token("\"great!\"") == ["\"", "great", "!", "\""]
    assert model.split_token("a." * 100 + "!") == ["a." * 100, "!"]  # a long letter-dot chain is one abbreviation
    assert model.split_token("B" + "c" * 100 + "x.") == ["B" + "c" * 100 + "x."]
    assert len(model.split_token("?!." * 300_000)) == 900_000
    assert polarity_subjectivity("?!." * 100_000) == (0.0, 0.0)


def test_utf16_without_bom_is_detected(tmp_path) -> None:
    # read as UTF-8, every "\n\x00" made a phantom broken line and the CSV header unreadable
    from framing.corpus.text import decode_bytes

    lines = "".join(json.dumps({"id": f"r{i}", "text": f"Story {i} about the talks."}) + "\n" for i in range(3))
    for codec in ("utf-16-le", "utf-16-be"):
        (tmp_path / "u.jsonl").write_bytes(lines.encode(codec))
        corpus, rejects = read_corpus_with_rejects(tmp_path / "u.jsonl", clean=False)
        assert corpus["doc_id"].tolist() == ["r0", "r1", "r2"] and len(rejects) == 0
        assert all(f == ["bad_encoding"] for f in corpus["read_flags"])
        (tmp_path / "u.csv").write_bytes("id,text\nr1,Talks resumed.\n".encode(codec))
        corpus, rejects = read_corpus_with_rejects(tmp_path / "u.csv", clean=False)
        assert corpus["text"].tolist() == ["Talks resumed."]
    assert decode_bytes("Talks".encode("utf-16-le")) == ("Talks", True)
    assert decode_bytes(b"\x00\x00\x00\x00") == ("\x00\x00\x00\x00", False)  # not text either way
    assert decode_bytes(b"ab\x00\x00") == ("ab\x00\x00", False)


def test_truncated_bz2_and_carriage_return_header(tmp_path) -> None:
    import bz2

    import pytest

    # a truncated bz2 stream raises ValueError (not OSError) in the standard library
    (tmp_path / "cut.jsonl.bz2").write_bytes(bz2.compress(b'{"text": "x"}\n' * 500)[:60])
    corpus, rejects = read_corpus_with_rejects(tmp_path / "cut.jsonl.bz2")
    assert len(corpus) == 0 and rejects["reason"].iloc[0].startswith("cannot decompress .bz2 data")
    # a carriage return inside the first line made the delimiter sniffing raise csv.Error
    (tmp_path / "cr.csv").write_bytes(b"id\rbody,x\nA,b\n")
    with pytest.raises(ValueError, match="no column 'text'"):
        read_corpus_with_rejects(tmp_path / "cr.csv")
