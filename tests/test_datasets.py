"""Tests for framing.datasets: the registry, the data folder, and loading the real datasets."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from framing.corpus.schema import CORPUS_COLUMN_NAMES
from framing.datasets import (
    DATASETS,
    UnknownDatasetError,
    data_dir,
    dataset_path,
    list_datasets,
    load_dataset,
)

NAMES = ["basil", "pac", "allsides_abp", "babe", "narrative_frames"]


# --------------------------------------------------------------------------- without data


def test_registry_names_counts_and_citations():
    assert sorted(DATASETS) == sorted(NAMES)
    assert {n: DATASETS[n].records[DATASETS[n].default_subset] for n in NAMES} == {
        "basil": 300, "pac": 304, "allsides_abp": 20700, "babe": 984, "narrative_frames": 428}
    assert DATASETS["babe"].records == {"articles": 984, "sentences": 7074, "SG2": 3674, "SG1": 1700,
                                        "MBIC": 1700}
    for info in DATASETS.values():
        assert info.citation.lstrip().startswith("@") and info.citation.rstrip().endswith("}")
        assert info.citation.count("{") == info.citation.count("}")
        assert "/" in info.repository and len(info.commit) == 40
        assert info.license
    # the entries fixed from the READMEs parse as BibTeX fields
    assert "Zou, Kaijian and" in DATASETS["pac"].citation
    assert "year        = {2020}," in DATASETS["allsides_abp"].citation


def test_data_dir_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("FRAMING_DATA_DIR", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert data_dir(tmp_path / "arg") == tmp_path / "arg"
    monkeypatch.delenv("FRAMING_DATA_DIR")
    monkeypatch.chdir(tmp_path)
    assert data_dir() == tmp_path / "data"


def test_list_datasets_without_files(tmp_path):
    table = list_datasets(tmp_path)
    assert table["name"].tolist() == NAMES
    assert not table["available"].any()
    assert table.columns.tolist() == ["name", "available", "path", "unit", "records", "subsets", "repository",
                                      "license", "citation"]
    assert table.loc[0, "path"] == str(tmp_path / "basil" / "articles.jsonl.gz")


def test_unknown_name_and_subset_list_the_known_ones():
    with pytest.raises(UnknownDatasetError, match="known datasets: allsides_abp, babe, basil, narrative_frames, pac"):
        load_dataset("basill")
    with pytest.raises(UnknownDatasetError, match="its subsets are: articles, sentences, SG2, SG1, MBIC"):
        load_dataset("babe", subset="SG3")
    assert issubclass(UnknownDatasetError, ValueError)


def test_missing_files_say_where_and_how(monkeypatch, tmp_path):
    monkeypatch.setenv("FRAMING_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError) as info:
        load_dataset("pac")
    message = str(info.value)
    assert str(tmp_path / "pac" / "articles.jsonl.gz") in message
    assert "FRAMING_DATA_DIR" in message
    assert "github.com/launchnlp/Partisan-Event-Dataset" in message


def test_subset_paths_and_case():
    assert dataset_path("babe", data_dir="/d", subset="sg2") == Path("/d/babe/sentences.jsonl.gz")
    assert dataset_path("BASIL", data_dir="/d") == Path("/d/basil/articles.jsonl.gz")


def test_load_from_a_small_folder(tmp_path):
    folder = tmp_path / "babe"
    folder.mkdir()
    records = [
        {"id": "sg2_0000", "subset": "SG2", "outlet": "Reuters", "title": None, "text": "A calm sentence.",
         "date": None, "url": "http://x", "label_bias": "Non-biased", "biased_words": []},
        {"id": "sg1_0000", "subset": "SG1", "outlet": "Fox News", "title": None, "text": "A loaded sentence.",
         "date": None, "url": "http://y", "label_bias": "Biased", "biased_words": ["loaded"]},
    ]
    with gzip.open(folder / "sentences.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(r) for r in records) + "\n")
    corpus = load_dataset("babe", data_dir=tmp_path, subset="SG1", clean=False)
    assert corpus["doc_id"].tolist() == ["sg1_0000"]
    assert corpus.loc[0, "biased_words"] == ["loaded"]
    assert corpus.attrs["dataset"] == "babe" and corpus.attrs["subset"] == "SG1"
    assert len(load_dataset("babe", data_dir=tmp_path, subset="sentences", clean=False)) == 2


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def allsides(data_dir: Path) -> pd.DataFrame:
    return load_dataset("allsides_abp", data_dir=data_dir, clean=False)


@pytest.mark.data
@pytest.mark.parametrize("name, subset, expected", [
    ("basil", None, 300),
    ("pac", None, 304),
    ("narrative_frames", None, 428),
    ("babe", None, 984),
    ("babe", "sentences", 7074),
    ("babe", "SG2", 3674),
    ("babe", "SG1", 1700),
    ("babe", "MBIC", 1700),
])
def test_row_counts_match_the_readmes(data_dir, name, subset, expected):
    # cleaning never drops a record (see test_cleaning_keeps_every_record), so the
    # counts are checked on the fast path
    corpus = load_dataset(name, data_dir=data_dir, subset=subset, clean=False)
    assert len(corpus) == expected
    assert len(corpus.attrs["rejects"]) == 0
    assert corpus.columns.tolist()[: len(CORPUS_COLUMN_NAMES)] == CORPUS_COLUMN_NAMES
    assert corpus["doc_id"].is_unique
    assert str(corpus["date"].dtype) == "datetime64[ns]"
    assert (corpus["text"].str.strip() != "").all()


@pytest.mark.data
def test_allsides_counts_splits_and_byline(allsides, data_dir):
    assert len(allsides) == 20700
    assert allsides["outlet"].nunique() == 491
    assert allsides["bias_label"].value_counts().to_dict() == {"left": 6900, "center": 6900, "right": 6900}
    media = allsides["split_media"].fillna("none").value_counts().to_dict()
    assert media == {"train": 11465, "valid": 1486, "test": 1300, "none": 6449}
    random = allsides["split_random"].fillna("none").value_counts().to_dict()
    assert random == {"train": 14458, "valid": 3732, "test": 1300, "none": 1210}
    assert allsides["date"].isna().sum() == 3799
    # the official test splits are in the subset, as the split files say
    for split in ("media", "random"):
        official = pd.read_csv(data_dir / "allsides_abp" / "original" / "splits" / split / "test.tsv", sep="\t")
        ours = set(allsides.loc[allsides[f"split_{split}"] == "test", "doc_id"])
        assert set(official["ID"]) == ours
    assert (allsides["byline"].isna() == allsides["authors"].isna()).all()


@pytest.fixture(scope="module")
def basil_clean(data_dir: Path) -> pd.DataFrame:
    return load_dataset("basil", data_dir=data_dir, clean=True)


@pytest.mark.data
def test_cleaning_keeps_every_record(data_dir, basil_clean):
    raw = load_dataset("basil", data_dir=data_dir, clean=False)
    assert basil_clean["doc_id"].tolist() == raw["doc_id"].tolist()
    assert basil_clean["raw_text"].tolist() == raw["text"].tolist()
    assert (basil_clean["text"].str.strip() != "").all()
    assert len(basil_clean.attrs["rejects"]) == 0
    # datelines such as "WASHINGTON -" are separated from the body
    assert basil_clean["dateline"].value_counts().get("WASHINGTON", 0) > 50
    assert not basil_clean["text"].str.startswith("WASHINGTON").any()


@pytest.mark.data
def test_basil_structure_and_span_offsets(basil_clean):
    basil = basil_clean
    assert basil["outlet"].value_counts().to_dict() == {"Fox News": 100, "New York Times": 100, "HuffPost": 100}
    assert basil.groupby("event_id").size().eq(3).all() and basil["event_id"].nunique() == 100
    spans = [s for row in basil.itertuples() for s in row.spans]
    assert len(spans) == 1726
    # annotation offsets index raw_text (the text as distributed)
    for row in basil.itertuples():
        for span in row.spans:
            if span["location"] == "body":
                assert row.raw_text[span["start"]:span["end"]] == span["txt"]


@pytest.mark.data
def test_pac_babe_narrative_labels(data_dir):
    pac = load_dataset("pac", data_dir=data_dir, clean=False)
    assert pac.groupby("event_id").size().eq(2).all() and pac["event_id"].nunique() == 152
    assert pac["split"].value_counts().to_dict() == {"train": 190, "test": 70, "dev": 44}
    assert pac["date"].isna().sum() == 20
    assert (pac["text"] == pac["raw_text"]).all()  # clean=False keeps the text as distributed
    sg2 = load_dataset("babe", data_dir=data_dir, subset="SG2", clean=False)
    assert sg2["label_bias"].value_counts().to_dict() == {"Non-biased": 1863, "Biased": 1810, "No agreement": 1}
    frames = load_dataset("narrative_frames", data_dir=data_dir, clean=False)
    assert frames["outlet"].nunique() == 36
    co = sum(1 for f in frames["frames"] if isinstance(f, dict) and f["CO"])
    assert co == 268


@pytest.mark.data
def test_read_corpus_accepts_dataset_names(data_dir, monkeypatch):
    from framing.corpus.read import read_corpus_with_rejects

    monkeypatch.setenv("FRAMING_DATA_DIR", str(data_dir))
    corpus, rejects = read_corpus_with_rejects("basil", limit=6)
    assert len(corpus) == 6 and len(rejects) == 0
    assert read_corpus_with_rejects("babe:MBIC", limit=3, clean=False)[0]["subset"].tolist() == ["MBIC"] * 3
