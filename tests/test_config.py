"""Run configuration schema and validation (framing/config.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from framing.config import (
    FIGURES,
    SCHEMA,
    ConfigError,
    ConfigFileNotFoundError,
    ConfigTypeError,
    DatasetUnavailableError,
    load_config,
    schema_markdown,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_255c166a244f911a.txt"


def _write(tmp_path: Path, text: str, name: str = "run.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _seed_config(**extra):
    return {"corpus": {"source": str(SEED)}, **extra}


# ---------------------------------------------------------------- good configurations


def test_defaults_are_filled_and_paths_resolved(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("Title\n\nSome text here.", encoding="utf-8")
    path = _write(tmp_path, """
        corpus:
          source: seeds/a.txt
        extract: [tone, {wording: {lexicons: [hedges]}}]
        compare: {by: outlet}
    """)
    cfg = load_config(path)
    s = cfg.settings
    assert s["seed"] == 0
    assert s["report"]["figure_formats"] == ["png", "pdf"]
    assert s["corpus"]["source"] == [{"kind": "path", "path": str((tmp_path / "seeds" / "a.txt").resolve()),
                                      "given": "seeds/a.txt"}]
    assert [e["name"] for e in s["extract"]] == ["tone", "wording"]
    assert s["compare"]["events"] is None
    assert s["compare"]["fighting_words"] == {"ngram_range": [1, 2], "min_count": 2, "top": 20}
    assert s["compare"]["label_choice"]["lexicons"] == ["hedges"]
    assert s["compare"]["features"]["n_permutations"] == 1000
    assert cfg.source == path.resolve() and cfg.base_dir == tmp_path.resolve()
    assert {"role": "corpus", "path": str((tmp_path / "seeds" / "a.txt").resolve())} in cfg.inputs
    assert cfg.raw["extract"][1] == {"wording": {"lexicons": ["hedges"]}}


def test_examples_are_valid_in_shape():
    for name in ("seed", "basil", "allsides"):
        cfg = load_config(ROOT / "examples" / f"{name}.yaml", check_inputs=False)
        assert cfg.settings["corpus"]["source"]
    basil = load_config(ROOT / "examples" / "basil.yaml", check_inputs=False).settings
    assert basil["compare"]["events"] == "event_id"
    assert [f["figure"] for f in basil["figures"]] == ["label_choice", "fighting_words", "feature_heatmap", "trend",
                                                      "confusion_matrix", "top_features"]
    assert basil["classify"][0]["groups"] == "event_id"
    allsides = load_config(ROOT / "examples" / "allsides.yaml", check_inputs=False).settings
    assert allsides["corpus"]["sample"] == {"n": 3000, "frac": None, "by": "bias_label"}
    assert allsides["classify"][0]["split"] == "split_media" and allsides["classify"][0]["train_on"] == ["train"]
    assert basil["classify"][0]["train_on"] == ["train", "valid"]


def test_dates_are_kept_as_iso_strings(tmp_path):
    path = _write(tmp_path, f"""
        corpus:
          source: {SEED}
          from: 2025-01-01
          to: "2025-12-31"
    """)
    cfg = load_config(path)
    assert (cfg.settings["corpus"]["from"], cfg.settings["corpus"]["to"]) == ("2025-01-01", "2025-12-31")
    assert cfg.raw["corpus"]["from"] == "2025-01-01"  # JSON-able for the manifest


def test_sample_forms():
    assert load_config(_seed_config(corpus={"source": str(SEED), "sample": 5}))\
        .settings["corpus"]["sample"] == {"n": 5, "frac": None, "by": None}
    s = load_config({"corpus": {"source": str(SEED), "sample": {"frac": 0.5, "by": "outlet"}}}).settings
    assert s["corpus"]["sample"] == {"n": None, "frac": 0.5, "by": "outlet"}
    with pytest.raises(ConfigError, match="exactly one of n"):
        load_config({"corpus": {"source": str(SEED), "sample": {"n": 3, "frac": 0.5}}})


def test_schema_documents_every_key_and_docs_show_it():
    assert schema_markdown().count("\n") == len(SCHEMA) + 1
    doc = (ROOT / "docs" / "reproducibility.md").read_text(encoding="utf-8")
    missing = [k for k in SCHEMA if f"`{k}`" not in doc]
    assert not missing, f"docs/reproducibility.md does not describe {missing}"
    for figure in FIGURES:
        assert f"`{figure}`" in doc


# ---------------------------------------------------------------- unknown keys


def test_unknown_nested_key_names_path_line_and_allowed_keys(tmp_path):
    path = _write(tmp_path, f"""
        corpus:
          source: {SEED}
        compare:
          by: outlet
          fighting_word: {{min_count: 3}}
    """)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    msg = str(err.value)
    assert err.value.key == "compare.fighting_word"
    assert err.value.line == 6
    assert f"{path}:6: compare.fighting_word: unknown key 'fighting_word'" in msg
    assert "did you mean 'fighting_words'?" in msg
    assert "allowed keys under compare: by, drop_syndicated, events, features, fighting_words, label_choice, trend" in msg


def test_unknown_top_level_key():
    with pytest.raises(ConfigError, match=r"unknown key 'extracts' \(did you mean 'extract'\?\); allowed keys at the "
                                          r"top level: classify, compare, corpus, extract, figures, report, seed, "
                                          r"similarity"):
        load_config(_seed_config(extracts=["tone"]))


def test_unknown_key_in_list_item_and_extractor_parameter():
    with pytest.raises(ConfigError) as err:
        load_config(_seed_config(classify=[{"target": "outlet", "group": "event_id"}]))
    assert err.value.key == "classify[0].group"
    assert "did you mean 'groups'?" in str(err.value) and "target" in str(err.value)
    with pytest.raises(ConfigError) as err:
        load_config(_seed_config(extract=[{"wording": {"lexicon": ["hedges"]}}]))
    assert err.value.key == "extract[0].wording.lexicon"
    assert "did you mean 'lexicons'?" in str(err.value) and "fields, lexicons, normalize" in str(err.value)


def test_unknown_extractor_and_figure_names():
    with pytest.raises(ConfigError, match=r"unknown extractor 'wordings' \(did you mean 'wording'\?\)"):
        load_config(_seed_config(extract=["wordings"]))
    with pytest.raises(ConfigError, match=r"unknown figure 'heatmap'"):
        load_config(_seed_config(extract=["tone"], compare={}, figures=["heatmap"]))


# ---------------------------------------------------------------- types and values


@pytest.mark.parametrize("config, key, expected", [
    ({"seed": "1"}, "seed", "expected an integer >= 0, found a string"),
    ({"seed": True}, "seed", "expected an integer >= 0, found a boolean"),
    ({"extract": "tone"}, "extract", "expected a list of extractors"),
    ({"report": {"top_rows": 0}}, "report.top_rows", "expected an integer >= 1, found 0"),
    ({"compare": {"events": 3}}, "compare.events", "expected a string"),
    ({"classify": [{"target": "outlet", "cv": 1}]}, "classify[0].cv", "expected an integer >= 2"),
    ({"classify": [{"target": "outlet", "features": "words"}]}, "classify[0].features",
     "expected one of tfidf, features, both"),
    ({"report": {"figure_formats": ["png", "jpg"]}}, "report.figure_formats[1]", "expected one of png, pdf, svg"),
    ({"classify": [{"target": "outlet", "train_on": ["train"]}]}, "classify[0].train_on", "add split"),
    ({"classify": [{"target": "outlet", "split": "s", "train_on": ["train", "test"]}]}, "classify[0].train_on",
     "expected the training values"),
])
def test_wrong_types_and_values(config, key, expected):
    with pytest.raises(ConfigError) as err:
        load_config(_seed_config(**config))
    assert err.value.key == key
    assert expected in str(err.value)


def test_wrong_type_is_a_type_error_too():
    with pytest.raises(TypeError):
        load_config(_seed_config(seed=[1]))
    with pytest.raises(ConfigTypeError):
        load_config({"corpus": {"source": 5}})


def test_top_level_must_be_a_mapping_and_corpus_is_required(tmp_path):
    with pytest.raises(ConfigError, match="expected a mapping of keys at the top level, found a list"):
        load_config(_write(tmp_path, "- corpus\n"))
    with pytest.raises(ConfigError, match="corpus: missing"):
        load_config({"extract": ["tone"]})
    with pytest.raises(ConfigError, match="the file is empty"):
        load_config(_write(tmp_path, "# nothing\n", "empty.yaml"))
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(_write(tmp_path, "corpus: [unclosed\n", "bad.yaml"))


def test_yaml_is_loaded_safely(tmp_path):
    path = _write(tmp_path, f"""
        corpus:
          source: {SEED}
        report: !!python/object/apply:os.system ["echo unsafe"]
    """)
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(path)


def test_inconsistent_parts_are_refused_before_work():
    with pytest.raises(ConfigError, match="label choice compares the labels found by a wording extractor"):
        load_config(_seed_config(extract=["tone"], compare={"label_choice": {"n_boot": 10}}))
    with pytest.raises(ConfigError, match="'hedges' is not used by the wording extractor"):
        load_config(_seed_config(extract=[{"wording": {"lexicons": ["report-verbs"]}}],
                                 compare={"label_choice": {"lexicons": ["hedges"]}}))
    with pytest.raises(ConfigError, match="give groups .* or split .*, not both"):
        load_config(_seed_config(classify=[{"target": "outlet", "groups": "a", "split": "b"}]))
    with pytest.raises(ConfigError, match="'agency' is not in extract"):
        load_config(_seed_config(extract=["tone"], classify=[{"target": "o", "features": "both",
                                                              "extractors": ["agency"]}]))
    with pytest.raises(ConfigError, match="extractor 'tone' is listed twice"):
        load_config(_seed_config(extract=["tone", {"tone": {"backend": "vader"}}]))
    with pytest.raises(ConfigError, match="the date range is empty"):
        load_config({"corpus": {"source": str(SEED), "from": "2025-02-01", "to": "2025-01-01"}})


# ---------------------------------------------------------------- figures need their comparisons


@pytest.mark.parametrize("figure, need", [
    ("fighting_words", "the Fightin' Words comparison (compare)"),
    ("label_choice", "the label-choice comparison"),
    ("feature_heatmap", "the feature comparison (compare.features)"),
    ("trend", "the trend table (compare.trend)"),
    ("confusion_matrix", "a classification task (classify)"),
    ("top_features", "a classification task (classify)"),
    ("similarity_map", "the outlet similarity (similarity)"),
])
def test_figure_for_a_comparison_not_run(figure, need):
    with pytest.raises(ConfigError) as err:
        load_config(_seed_config(extract=["tone"], figures=[figure]))
    assert err.value.key == "figures[0]"
    assert f"figure {figure!r} needs {need}" in str(err.value)
    assert "which this configuration does not run" in str(err.value)


def test_figure_for_a_disabled_part_and_unknown_task():
    with pytest.raises(ConfigError, match="figure 'feature_heatmap' needs"):
        load_config(_seed_config(extract=["tone"], compare={"features": False}, figures=["feature_heatmap"]))
    with pytest.raises(ConfigError, match="no classify task named 'other'"):
        load_config(_seed_config(classify=[{"target": "outlet"}], figures=[{"confusion_matrix": {"task": "other"}}]))
    cfg = load_config(_seed_config(classify=[{"target": "outlet"}, {"target": "bias", "name": "b"}],
                                   figures=["confusion_matrix"]))
    assert cfg.settings["figures"][0]["outputs"] == [("confusion_matrix_outlet", "outlet"), ("confusion_matrix_b", "b")]


# ---------------------------------------------------------------- files, datasets, output names


def test_missing_corpus_file_says_where_it_looked(tmp_path):
    path = _write(tmp_path, """
        corpus:
          source: articles/missing.jsonl
    """)
    with pytest.raises(ConfigFileNotFoundError) as err:
        load_config(path)
    msg = str(err.value)
    assert isinstance(err.value, FileNotFoundError)
    assert err.value.key == "corpus.source" and err.value.line == 3
    assert f"looked at {tmp_path.resolve() / 'articles' / 'missing.jsonl'}" in msg
    assert f"resolved against the config file's folder {tmp_path.resolve()}" in msg


def test_missing_metadata_lexicon_and_glob(tmp_path):
    with pytest.raises(ConfigFileNotFoundError, match=r"corpus.read.metadata: file 'meta.csv' not found: looked at"):
        load_config({"corpus": {"source": str(SEED), "read": {"metadata": "meta.csv"}}}, base_dir=tmp_path)
    with pytest.raises(ConfigFileNotFoundError) as err:
        load_config(_seed_config(extract=[{"wording": {"lexicons": ["hedges", "my/lex.yaml"]}}]), base_dir=tmp_path)
    assert err.value.key == "extract[0].wording.lexicons[1]"
    assert str(tmp_path.resolve() / "my" / "lex.yaml") in str(err.value)
    with pytest.raises(ConfigFileNotFoundError, match=r"the pattern 'pages/\*.txt' matches no file"):
        load_config({"corpus": {"source": "pages/*.txt"}}, base_dir=tmp_path)


def test_lexicon_path_is_resolved_and_recorded(tmp_path):
    lex = ROOT / "framing" / "lexicons" / "data" / "hedges.yaml"
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "hedges.yaml").write_bytes(lex.read_bytes())
    cfg = load_config(_seed_config(extract=[{"wording": {"lexicons": ["lex/hedges.yaml"]}}]), base_dir=tmp_path)
    resolved = str((tmp_path / "lex" / "hedges.yaml").resolve())
    assert cfg.settings["extract"][0]["params"]["lexicons"] == [resolved]
    assert {"role": "lexicon", "path": resolved} in cfg.inputs


def test_dataset_not_available(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_DATA_DIR", str(tmp_path))
    with pytest.raises(DatasetUnavailableError) as err:
        load_config({"corpus": {"source": "basil"}})
    msg = str(err.value)
    assert isinstance(err.value, FileNotFoundError)
    assert f"dataset 'basil' is not available: no file {tmp_path / 'basil' / 'articles.jsonl.gz'}" in msg
    assert f"FRAMING_DATA_DIR={tmp_path}" in msg
    assert "https://github.com/launchnlp/BASIL" in msg and "docs/datasets.md" in msg
    monkeypatch.delenv("FRAMING_DATA_DIR")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatasetUnavailableError, match="FRAMING_DATA_DIR is not set, so ./data"):
        load_config({"corpus": {"source": "pac"}})


def test_unknown_dataset_subset():
    with pytest.raises(ConfigError, match="dataset 'babe' has no subset 'nope'"):
        load_config({"corpus": {"source": "babe:nope"}}, check_inputs=False)


@pytest.mark.parametrize("name", ["../escape", "/tmp/abs", "sub/dir", "..", ".hidden", "a b"])
def test_output_names_cannot_leave_the_output_folder(name):
    with pytest.raises(ConfigError, match="would write outside the output folder"):
        load_config(_seed_config(classify=[{"target": "outlet", "name": name}]))
    with pytest.raises(ConfigError, match="would write outside the output folder"):
        load_config(_seed_config(classify=[{"target": "outlet"}], figures=[{"confusion_matrix": {"name": name}}]))


def test_duplicate_output_names():
    with pytest.raises(ConfigError, match="two classify tasks are named 'x'"):
        load_config(_seed_config(classify=[{"target": "a", "name": "x"}, {"target": "b", "name": "x"}]))
    with pytest.raises(ConfigError, match="two figures would be written as 'fighting_words'"):
        load_config(_seed_config(compare={}, figures=["fighting_words", "fighting_words"]))
