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
