"""Smoke tests of the ``framing`` command line (framing/cli.py): every verb."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_255c166a244f911a.txt"


def _verbs() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def _tiny_jsonl(folder: Path, bad_lines: bool = False) -> Path:
    rows = []
    for e in range(6):
        rows.append({"id": f"a{e}", "outlet": "Alpha", "event_id": f"e{e}", "title": f"Rebels advance {e}",
                     "text": f"The rebels claimed the town {e}. Officials claimed victory, a commander said."})
        rows.append({"id": f"b{e}", "outlet": "Beta", "event_id": f"e{e}", "title": f"Opposition gains {e}",
                     "text": f"Opposition fighters took the town {e}, officials said. Residents said it was calm."})
    lines = [json.dumps(r) for r in rows]
    if bad_lines:
        lines += ['{"id": "broken", "text": ', json.dumps({"id": "empty", "outlet": "Beta", "text": "  "})]
    path = folder / "tiny.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_verb_is_registered():
    assert {"inspect", "ingest", "datasets", "lexicons", "extract", "compare", "classify", "run"} <= set(_verbs())


@pytest.mark.parametrize("verb", _verbs())
def test_help_of_every_verb(verb, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([verb, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: framing {verb}")


def test_top_level_help_and_version(capsys):
    assert main([]) == 0
    assert "run" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"framing {framing.__version__}"


def test_inspect_json_on_the_seed(capsys):
    assert main(["inspect", str(SEED), "--json"]) == 0
    record = json.loads(capsys.readouterr().out.strip().splitlines()[0])
    assert record["doc_id"] == "000_255c166a244f911a"
    assert record["title"] == "Putin offers Syria's Sharaa support and cooperation"
    assert record["date"] == "2025-03-20"
    assert record["dateline"] == "MOSCOW" and record["origin"] == "Reuters"
    assert record["text"].startswith("President Vladimir Putin sent a message")
    assert "MOSCOW (Reuters)" not in record["text"]
    assert "Follow us on our official WhatsApp channel" in record["boilerplate"]


def test_ingest_counts_rejects(tmp_path, capsys):
    source = _tiny_jsonl(tmp_path, bad_lines=True)
    out, rejects = tmp_path / "corpus.parquet", tmp_path / "rejects.csv"
    assert main(["ingest", str(source), "--out", str(out), "--rejects", str(rejects)]) == 0
    printed = capsys.readouterr().out
    assert "read 14, kept 12, rejected 2" in printed
    assert len(pd.read_parquet(out)) == 12
    reasons = pd.read_csv(rejects)["reason"].tolist()
    assert len(reasons) == 2 and any("broken JSON" in r for r in reasons)
    assert main(["ingest", str(source), "--out", str(out)]) == 2
    assert "exists; pass --overwrite" in capsys.readouterr().err


def test_extract_on_the_seed(tmp_path, capsys):
    features, mentions = tmp_path / "f.csv", tmp_path / "m.csv"
    assert main(["extract", str(SEED), "--lexicon", "syria-transition", "--extractors", "wording,sourcing",
                 "--out", str(features), "--mentions", str(mentions)]) == 0
    assert "1 article(s)" in capsys.readouterr().out
    table = pd.read_csv(features)
    assert table.loc[0, "wording__syria_transition__anti_assad_forces__rebels__per_1k"] > 0
    assert table.loc[0, "sourcing__n_direct"] >= 3
    m = pd.read_csv(mentions)
    assert {"wording", "sourcing"} == set(m["extractor"])
    assert "rebels" in set(m["matched"])


def test_compare_on_a_tiny_corpus(tmp_path, capsys):
    source = _tiny_jsonl(tmp_path)
    out = tmp_path / "cmp"
    assert main(["compare", str(source), "--lexicon", "report-verbs", "--events", "event_id", "--keep-syndicated",
                 "--n-boot", "50", "--n-permutations", "50", "--min-count", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Fightin' Words" in printed
    fw = pd.read_csv(out / "fighting_words.csv")
    alpha = fw[fw["group"] == "Alpha"].sort_values("z", ascending=False)
    assert "rebels" in alpha["term"].head(5).tolist()
    lc = pd.read_csv(out / "label_choice.csv")
    claim = lc[(lc["label"] == "claim")].set_index("group")["mentions"]
    assert claim["Alpha"] == 12 and claim["Beta"] == 0


def test_datasets_and_lexicons_list(capsys, tmp_path):
    assert main(["datasets", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "basil" in out and "allsides_abp" in out
    assert main(["lexicons"]) == 0
    assert "report-verbs" in capsys.readouterr().out


def test_run_verb(tmp_path, capsys):
    config = tmp_path / "run.yaml"
    config.write_text(f"corpus:\n  source: {SEED}\nextract:\n  - wording: {{lexicons: [report-verbs]}}\n",
                      encoding="utf-8")
    assert main(["run", str(config), "--check"]) == 0
    assert "valid (1 extractor(s), no compare" in capsys.readouterr().out
    out = tmp_path / "out"
    assert main(["run", str(config), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "read 1, rejected 0" in printed and "kept 1" in printed
    assert f"report: {out / 'report.md'}" in printed
    assert (out / "manifest.json").is_file() and (out / "tables" / "mentions_wording.csv").is_file()
    assert main(["run", str(config), "--out", str(out)]) == 2
    assert "exists and is not empty; pass overwrite=True (--overwrite)" in capsys.readouterr().err
    assert main(["run", str(config), "--out", str(out), "--overwrite"]) == 0
    assert main(["run", str(config)]) == 2
    assert "--out is required" in capsys.readouterr().err


def test_run_verb_reports_config_errors_in_one_line(tmp_path, capsys):
    config = tmp_path / "bad.yaml"
    config.write_text(f"corpus:\n  source: {SEED}\ncompare:\n  fighting_word: {{}}\n", encoding="utf-8")
    assert main(["run", str(config), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith(f"framing run: error: {config}:4: compare.fighting_word: unknown key 'fighting_word'")
    assert not (tmp_path / "out").exists()
    config.write_text("corpus:\n  source: nowhere/articles.jsonl\n", encoding="utf-8")
    assert main(["run", str(config), "--check"]) == 2
    assert f"looked at {tmp_path.resolve() / 'nowhere' / 'articles.jsonl'}" in capsys.readouterr().err
