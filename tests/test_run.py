"""Reproducible runs (framing/run.py): outputs, determinism, manifest, report, refusals."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import framing
from framing.config import ConfigError
from framing.run import (
    DEPENDENCIES,
    OutputExistsError,
    _inside,
    compare_features,
    run,
    stratified_sample,
    write_table,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_CONFIG = ROOT / "examples" / "seed.yaml"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _without_run_specifics(manifest: dict) -> dict:
    """The manifest without what legitimately differs between two runs: timings and the output path."""
    m = dict(manifest)
    m.pop("timings")
    m.pop("output_dir")
    return m


def _assert_same_outputs(a: Path, b: Path) -> None:
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    tables = [k for k in fa if k.startswith("tables/")]
    assert tables and all(k.endswith((".csv", ".parquet")) for k in tables)
    different = [k for k in fa if k != "manifest.json" and fa[k] != fb[k]]
    assert not different, f"files differ between two runs: {different}"
    assert _without_run_specifics(_manifest(a)) == _without_run_specifics(_manifest(b))


# ---------------------------------------------------------------- the seed run


@pytest.fixture(scope="module")
def seed_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("seed")
    first = run(SEED_CONFIG, base / "a")
    second = run(SEED_CONFIG, base / "b")
    return base, first, second


def test_seed_run_writes_tables_report_and_manifest(seed_runs):
    base, result, _ = seed_runs
    out = base / "a"
    assert result.out_dir == out and result.report == out / "report.md"
    names = {p.name for p in (out / "tables").iterdir()}
    for table in ("documents", "features", "features_summary", "mentions_wording", "mentions_labels",
                  "mentions_sourcing", "mentions_agency", "mentions_tone"):
        assert {f"{table}.csv", f"{table}.parquet"} <= names
    assert result.counts == {"n_read": 1, "n_rejected": 0, "n_filtered_out": 0, "n_out_of_date_range": 0,
                             "n_syndicated_dropped": 0, "n_sampled_out": 0, "n_kept": 1}
    assert not (out / "figures").exists()  # one article: nothing to compare or draw
    wording = pd.read_csv(out / "tables" / "mentions_wording.csv")
    assert {"rebels", "interim President", "said", "claimed"} & set(wording["matched"]) >= {"rebels", "said"}
    assert set(wording["lexicon"]) == {"syria-transition", "report-verbs"}
    features = pd.read_parquet(out / "tables" / "features.parquet")
    assert features["doc_id"].tolist() == ["000_255c166a244f911a"]
    assert features.loc[0, "wording__syria_transition__anti_assad_forces__rebels__count"] == 1.0
    sourcing = pd.read_csv(out / "tables" / "mentions_sourcing.csv")
    assert "Dmitry Peskov" in set(sourcing["speaker"])


def test_seed_run_twice_gives_identical_files(seed_runs):
    base, _, _ = seed_runs
    _assert_same_outputs(base / "a", base / "b")


def test_seed_run_in_another_process_is_identical(seed_runs, tmp_path):
    """Another interpreter (another hash seed), through the command line: the same bytes."""
    base, _, _ = seed_runs
    env = dict(os.environ, PYTHONHASHSEED="12345")
    proc = subprocess.run([sys.executable, "-m", "framing", "run", str(SEED_CONFIG), "--out", str(tmp_path / "c")],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert f"report: {tmp_path / 'c' / 'report.md'}" in proc.stdout
    _assert_same_outputs(base / "a", tmp_path / "c")


def test_manifest_records_versions_config_inputs_counts_and_outputs(seed_runs):
    base, result, _ = seed_runs
    out = base / "a"
    m = _manifest(out)
    assert m == json.loads(json.dumps(result.manifest))
    assert m["framing_version"] == framing.__version__
    assert set(m["dependencies"]) == set(DEPENDENCIES)
    assert m["dependencies"]["pandas"] == pd.__version__ and m["dependencies"]["numpy"] == np.__version__
    assert m["python"] == ".".join(map(str, sys.version_info[:3]))
    assert m["config"]["corpus"]["source"] == "../seeds/000_255c166a244f911a.txt"  # as loaded
    assert m["config_file"] == str(SEED_CONFIG)
    assert m["seed"] == 0
    inputs = {Path(i["path"]).name: i for i in m["inputs"]}
    seed_file = ROOT / "seeds" / "000_255c166a244f911a.txt"
    assert inputs[seed_file.name]["sha256"] == hashlib.sha256(seed_file.read_bytes()).hexdigest()
    assert inputs[seed_file.name]["role"] == "corpus"
    assert inputs["seed.yaml"]["role"] == "config"
    assert {"syria-transition.yaml", "report-verbs.yaml", "nominalizations.yaml"} <= set(inputs)
    assert m["counts"]["n_kept"] == 1
    assert set(m["timings"]["seconds"]) >= {"read", "select", "extract", "extract.wording", "write_tables", "total"}
    listed = {o["path"]: o for o in m["outputs"]}
    on_disk = {k: v for k, v in _files(out).items() if k != "manifest.json"}
    assert set(listed) == set(on_disk)
    for path, data in on_disk.items():
        assert listed[path]["sha256"] == hashlib.sha256(data).hexdigest()
        assert listed[path]["bytes"] == len(data)


def test_tables_carry_the_version_in_parquet_metadata_not_as_a_column(seed_runs):
    base, _, _ = seed_runs
    for path in (base / "a" / "tables").glob("*.parquet"):
        meta = pq.read_schema(path).metadata
        assert meta[b"framing_version"] == framing.__version__.encode()
        assert meta[b"framing_table"] == path.stem.encode()
        assert "framing_version" not in pq.read_schema(path).names
        assert b"index" not in meta[b"pandas"] or b'"index_columns": []' in meta[b"pandas"]


def test_report_shows_tables_methods_and_references(seed_runs):
    base, _, _ = seed_runs
    report = (base / "a" / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# Seed article: Putin offers Syria's Sharaa support and cooperation\n")
    assert f"framing {framing.__version__}" in report
    for table in ("documents", "mentions_wording", "mentions_sourcing", "mentions_agency", "features_summary"):
        assert f"**Table `{table}`**" in report
    assert "| doc_id | field | sentence_id | start | end | matched | lexicon | concept | label | tags |" in report
    assert "*Method (Sourcing).*" in report
    assert "## References" in report and "Entman, R. M. (1993)" in report


# ---------------------------------------------------------------- output folder rules


def test_existing_output_needs_overwrite(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    config = {"corpus": {"source": str(ROOT / "seeds" / "000_255c166a244f911a.txt")}}
    with pytest.raises(OutputExistsError, match="exists and is not empty; pass overwrite=True"):
        run(config, out)
    with pytest.raises(OutputExistsError, match="holds no manifest.json"):
        run(config, out, overwrite=True)  # never replace a folder that is not an earlier run
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    fresh = tmp_path / "fresh"
    run(config, fresh)
    (fresh / "stale.txt").write_text("old", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        run(config, fresh)
    run(config, fresh, overwrite=True)
    assert not (fresh / "stale.txt").exists() and (fresh / "manifest.json").is_file()
    empty = tmp_path / "empty"
    empty.mkdir()
    run(config, empty)  # an empty folder is fine
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_run_leaves_no_output(tmp_path, monkeypatch):
    import framing.run as run_module

    def boom(*args, **kwargs):
        raise RuntimeError("extractor crashed")

    monkeypatch.setattr(run_module, "_extract", boom)
    with pytest.raises(RuntimeError, match="extractor crashed"):
        run({"corpus": {"source": str(ROOT / "seeds" / "000_255c166a244f911a.txt")}}, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_overwrite_keeps_the_earlier_output(tmp_path, monkeypatch):
    import framing.run as run_module

    config = {"corpus": {"source": str(ROOT / "seeds" / "000_255c166a244f911a.txt")}}
    run(config, tmp_path / "out")
    before = _files(tmp_path / "out")
    monkeypatch.setattr(run_module, "_report", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("late failure")))
    with pytest.raises(RuntimeError, match="late failure"):
        run(config, tmp_path / "out", overwrite=True)
    assert _files(tmp_path / "out") == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_paths_cannot_escape_the_output_folder(tmp_path):
    with pytest.raises(ValueError, match="outside the output folder"):
        _inside(tmp_path, "../elsewhere.csv")
    with pytest.raises(ValueError, match="outside the output folder"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path, "../../escape")
    assert _inside(tmp_path, "tables/x.csv") == (tmp_path / "tables" / "x.csv").resolve()
    config = {"corpus": {"source": str(ROOT / "seeds" / "000_255c166a244f911a.txt")},
              "classify": [{"target": "outlet", "name": "../../escape"}]}
    with pytest.raises(ConfigError, match="would write outside the output folder"):
        run(config, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # refused before any work


def test_bad_config_is_refused_before_the_output_folder_is_made(tmp_path):
    config = {"corpus": {"source": str(ROOT / "seeds" / "000_255c166a244f911a.txt")}, "figures": ["trend"]}
    with pytest.raises(ConfigError, match="figure 'trend' needs the trend table"):
        run(config, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- a tiny two-outlet corpus, every stage


def _tiny_corpus(folder: Path) -> Path:
    rows = []
    for e in range(12):
        year = 2019 + e % 2
        rows.append({"id": f"a{e}", "outlet": "Alpha", "event_id": f"e{e}", "date": f"{year}-03-{e + 1:02d}",
                     "title": f"Rebels advance in region {e}",
                     "text": f"The rebels claimed the town {e}. Officials claimed victory. The rebels were praised "
                             f"by residents. 'We won,' a rebel commander said. It was a great day."})
        rows.append({"id": f"b{e}", "outlet": "Beta", "event_id": f"e{e}", "date": f"{year}-03-{e + 2:02d}",
                     "title": f"Opposition fighters enter region {e}",
                     "text": f"Opposition fighters took the town {e}, officials said. The government said it was "
                             f"a terrible loss. Residents said the fighting was bad and sad."})
    rows.append({"id": "bad", "outlet": "Beta", "text": ""})
    path = folder / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _tiny_config(source: Path) -> dict:
    return {
        "seed": 3,
        "corpus": {"source": str(source), "read": {"clean": False}},
        "extract": [{"wording": {"lexicons": ["report-verbs", "syria-transition"], "normalize": ["count", "share"]}},
                    "tone"],
        "compare": {"by": "outlet", "events": "event_id", "fighting_words": {"min_count": 2, "top": 5},
                    "label_choice": {"n_boot": 100, "n_permutations": 100},
                    "features": {"columns": ["tone__polarity", "wording__report_verbs__*__count"],
                                 "n_boot": 100, "n_permutations": 200},
                    "trend": {"period": "year", "columns": ["tone__polarity"], "n_boot": 50}},
        "classify": [{"name": "outlet", "target": "outlet", "groups": "event_id", "cv": 3, "n_boot": 50,
                      "min_df": 1, "top_k": 3},
                     {"name": "outlet_tone", "target": "outlet", "groups": "event_id", "cv": 3, "n_boot": 50,
                      "features": "features", "extractors": ["tone"], "n_permutations": 20, "top_k": 3}],
        "similarity": {"n_boot": 20, "n_clusters": 2},
        "figures": [{"label_choice": {"concepts": ["report-verbs:*"]}}, "feature_heatmap",
                    {"confusion_matrix": {"task": "outlet"}}],
        "report": {"title": "Tiny", "figure_formats": ["png", "pdf"]},
    }


@pytest.fixture(scope="module")
def tiny_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("tiny")
    config = _tiny_config(_tiny_corpus(base))
    return base, run(config, base / "a"), run(config, base / "b")


def test_tiny_run_makes_every_table_and_figure(tiny_runs):
    base, result, _ = tiny_runs
    assert result.counts["n_read"] == 25 and result.counts["n_rejected"] == 1 and result.counts["n_kept"] == 24
    for name in ("rejects", "fighting_words", "label_choice", "label_tests", "features_by_group", "feature_tests",
                 "trend", "classify_outlet_metrics", "classify_outlet_confusion", "classify_outlet_predictions",
                 "classify_outlet_top_features", "similarity_pairs", "similarity_coordinates"):
        assert name in result.tables, name
        assert (base / "a" / "tables" / f"{name}.csv").is_file()
    figures = sorted(p.name for p in (base / "a" / "figures").iterdir())
    assert figures == ["confusion_matrix_outlet.pdf", "confusion_matrix_outlet.png", "feature_heatmap.pdf",
                       "feature_heatmap.png", "label_choice.pdf", "label_choice.png"]
    fw = result.tables["fighting_words"]
    top_alpha = fw[fw["group"] == "Alpha"].sort_values("z", ascending=False)["term"].head(5).tolist()
    assert "rebels" in top_alpha
    tests = result.tables["feature_tests"].set_index("feature")
    assert tests.loc["tone__polarity", "p_value"] < 0.05  # Alpha's sentences are positive, Beta's negative
    claim = result.tables["features_by_group"]
    claim = claim[claim["feature"] == "wording__report_verbs__report_verb__claim__count"].set_index("group")["mean"]
    assert claim["Alpha"] == 2.0 and claim["Beta"] == 0.0
    assert result.tables["rejects"]["reason"].tolist() == ["empty text"]
    report = result.report.read_text(encoding="utf-8")
    assert "![feature_heatmap](figures/feature_heatmap.png)" in report
    assert "Same-event comparison on `event_id`: 12 events" in report
    assert "## Classification `outlet`" in report and "## Similarity by `outlet`" in report
    tone = result.tables["classify_outlet_tone_metrics"].set_index("metric")["value"]
    assert tone["macro_f1"] == 1.0  # Alpha's sentences are positive, Beta's negative: tone alone separates them
    assert tone["permutation_n"] == 20 and tone["permutation_p_value"] < 0.1
    top = result.tables["classify_outlet_tone_top_features"]
    assert set(top["kind"]) == {"framing"} and top["feature"].str.startswith("tone__").all()


def test_tiny_run_twice_gives_identical_tables_and_figures(tiny_runs):
    base, _, _ = tiny_runs
    _assert_same_outputs(base / "a", base / "b")


def test_csv_floats_and_line_ends_are_fixed(tiny_runs):
    base, _, _ = tiny_runs
    data = (base / "a" / "tables" / "features_by_group.csv").read_bytes()
    assert b"\r\n" not in data
    first = pd.read_csv(base / "a" / "tables" / "features_by_group.csv", dtype=str)
    assert all(len(v.replace("-", "").replace(".", "").lstrip("0")) <= 10 or "e" in v
               for v in first["mean"].dropna())


def test_selection_filters_dates_and_sample(tmp_path):
    source = _tiny_corpus(tmp_path)
    base = {"corpus": {"source": str(source), "read": {"clean": False}}, "extract": ["tone"]}
    r = run({**base, "corpus": {**base["corpus"], "filters": {"outlet": "Alpha"}, "from": "2020-01-01"}},
            tmp_path / "f")
    assert r.counts["n_filtered_out"] == 12 and r.counts["n_out_of_date_range"] == 6 and r.counts["n_kept"] == 6
    assert set(r.tables["documents"]["outlet"]) == {"Alpha"}
    r = run({**base, "seed": 1, "corpus": {**base["corpus"], "sample": {"n": 6, "by": "outlet"}}}, tmp_path / "s")
    assert r.counts["n_sampled_out"] == 18
    assert r.tables["documents"]["outlet"].value_counts().to_dict() == {"Alpha": 3, "Beta": 3}
    with pytest.raises(ValueError, match=r"corpus.filters.leaning: the corpus has no column 'leaning'"):
        run({**base, "corpus": {**base["corpus"], "filters": {"leaning": "left"}}}, tmp_path / "x")
    with pytest.raises(ValueError, match=r"classify\[0\].target: the corpus has no column 'leaning'"):
        run({**base, "classify": [{"target": "leaning"}]}, tmp_path / "z")
    with pytest.raises(ValueError, match="no article is left"):
        run({**base, "corpus": {**base["corpus"], "filters": {"outlet": "Gamma"}}}, tmp_path / "y")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f", "s", "tiny.jsonl"]


def test_compare_on_one_group_is_skipped_with_a_note(tmp_path):
    config = {"corpus": {"source": str(ROOT / "seeds" / "000_255c166a244f911a.txt")},
              "extract": [{"wording": {"lexicons": ["report-verbs"]}}], "compare": {"by": "outlet"}}
    result = run(config, tmp_path / "out")
    assert any("compare: skipped" in n and "two or more" in n for n in result.notes)
    assert "fighting_words" not in result.tables
    assert "## Notes" in result.report.read_text(encoding="utf-8")


# ---------------------------------------------------------------- building blocks


def test_stratified_sample_is_proportional_and_seeded():
    corpus = pd.DataFrame({"g": ["a"] * 50 + ["b"] * 30 + ["c"] * 20, "x": range(100)})
    s1 = stratified_sample(corpus, n=10, by="g", seed=4)
    assert s1["g"].value_counts().to_dict() == {"a": 5, "b": 3, "c": 2}
    assert s1.index.is_monotonic_increasing
    assert s1.equals(stratified_sample(corpus, n=10, by="g", seed=4))
    assert not s1.equals(stratified_sample(corpus, n=10, by="g", seed=5))
    assert len(stratified_sample(corpus, frac=0.25, seed=0)) == 25
    assert len(stratified_sample(corpus, n=500, seed=0)) == 100


def test_compare_features_within_strata():
    features = pd.DataFrame({"x": [1.0, 2.0, 5.0, 6.0, 1.5, 5.5, 1.2, 5.2, 1.1, 5.1]})
    groups = ["A", "A", "B", "B", "A", "B", "A", "B", "A", "B"]
    _, tests = compare_features(features, groups, n_boot=50, n_permutations=500, random_state=0)
    assert tests.loc[0, "p_value"] < 0.05  # exact p: 2 / 252 label assignments are as extreme
    # every event covered by one group only: permuting within events changes nothing, so p = 1
    _, tests = compare_features(features, groups, strata=["e1", "e1", "e2", "e2", "e3", "e4", "e3", "e4", "e5", "e6"],
                                n_boot=50, n_permutations=100, random_state=0)
    assert tests.loc[0, "p_value"] == 1.0
    assert tests.loc[0, "method"].endswith("within events")
    by_group, _ = compare_features(features, groups, n_boot=200, n_permutations=10, random_state=0)
    a = by_group.set_index("group").loc["A"]
    assert a["mean"] == pytest.approx(1.36) and a["ci_low"] <= 1.36 <= a["ci_high"] and a["n_docs"] == 5


def test_write_table_is_deterministic(tmp_path):
    frame = pd.DataFrame({"a": [0.1 + 0.2, 1e-12, np.nan], "b": ["x", None, "z"],
                          "d": pd.to_datetime(["2020-01-01", None, "2021-05-06"])})
    frame.attrs["note"] = "dropped"
    write_table(frame, tmp_path / "1", "t") if (tmp_path / "1").mkdir() is None else None
    write_table(frame, tmp_path / "2", "t") if (tmp_path / "2").mkdir() is None else None
    for ext in ("csv", "parquet"):
        assert (tmp_path / "1" / f"t.{ext}").read_bytes() == (tmp_path / "2" / f"t.{ext}").read_bytes()
    assert (tmp_path / "1" / "t.csv").read_text() == "a,b,d\n0.3,x,2020-01-01\n1e-12,,\n,z,2021-05-06\n"
    assert b"dropped" not in (tmp_path / "1" / "t.parquet").read_bytes()


# ---------------------------------------------------------------- BASIL (real data)


def _basil_config() -> dict:
    return {
        "seed": 11,
        "corpus": {"source": "basil", "limit": 60},  # the first 20 events, three outlets each
        "extract": [{"wording": {"lexicons": ["report-verbs", "hedges"], "normalize": ["per_1k_words", "share"]}},
                    "tone"],
        "compare": {"by": "outlet", "events": "event_id", "fighting_words": {"min_count": 3, "top": 5},
                    "label_choice": {"lexicons": ["report-verbs"], "n_boot": 200, "n_permutations": 200},
                    "features": {"columns": ["wording__*__per_1k", "tone__polarity"], "n_boot": 200,
                                 "n_permutations": 200}},
        "classify": [{"name": "outlet_within_events", "target": "outlet", "groups": "event_id", "cv": 3,
                      "n_boot": 100, "top_k": 5}],
        "figures": ["label_choice", "feature_heatmap", "confusion_matrix"],
    }


@pytest.mark.data
def test_basil_small_run_twice_is_identical(data_dir, tmp_path):
    config = _basil_config()
    first = run(config, tmp_path / "a")
    run(config, tmp_path / "b")
    _assert_same_outputs(tmp_path / "a", tmp_path / "b")
    assert first.counts["n_kept"] == 60
    assert first.manifest["results"]["compare"]["n_events"] == 20
    assert set(first.tables["documents"]["outlet"]) == {"Fox News", "New York Times", "HuffPost"}
    inputs = {i["role"]: i for i in first.manifest["inputs"] if i["role"] == "dataset"}
    dataset = data_dir / "basil" / "articles.jsonl.gz"
    assert inputs["dataset"]["path"] == str(dataset.resolve())
    assert inputs["dataset"]["sha256"] == hashlib.sha256(dataset.read_bytes()).hexdigest()
    metrics = first.tables["classify_outlet_within_events_metrics"].set_index("metric")
    assert 0.0 <= metrics.loc["macro_f1", "value"] <= 1.0
    assert "3-fold cross-validation grouped by 20 groups" in metrics.loc["evaluation", "text"]
    lc = first.tables["label_choice"]
    assert set(lc["group"]) == {"Fox News", "New York Times", "HuffPost"}
    assert (lc.groupby(["group", "concept"])["share"].sum().round(6) == 1.0).all()
