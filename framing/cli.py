"""The ``framing`` command: thin argument parsing over the library; the only place that prints.

Run ``framing --help`` for the verbs and ``framing VERB --help`` for each.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

import framing

log = logging.getLogger("framing")


class CLIError(Exception):
    """An error to show the user as one line, without a traceback."""


def _progress(iterable, total: int | None, label: str, enabled: bool):
    """Yield from ``iterable`` while drawing a one-line progress bar on stderr."""
    if not enabled or not sys.stderr.isatty():
        yield from iterable
        return
    for i, item in enumerate(iterable, 1):
        _draw_progress(label, i, total)
        yield item
    sys.stderr.write("\n")


def _draw_progress(label: str, done: int, total: int | None) -> None:
    if total:
        filled = int(30 * done / total)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
    else:
        sys.stderr.write(f"\r{label} {done}")


def _progress_callback(label: str) -> Callable[[int, int], None] | None:
    """A ``(done, total)`` callback drawing a progress bar on stderr when it is a terminal, else ``None``."""
    if not sys.stderr.isatty():
        return None

    def draw(done: int, total: int) -> None:
        _draw_progress(label, done, total)
        if done >= total:
            sys.stderr.write("\n")
    return draw


def _read_options(args: argparse.Namespace) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for key in ("text_col", "outlet_col", "title_col", "date_col", "id_col", "outlet", "metadata", "limit"):
        value = getattr(args, key, None)
        if value is not None:
            options[key] = value
    return options


def _add_read_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="a text/HTML file, a folder or glob, a .jsonl[.gz]/.csv/.parquet file, or a dataset name")
    g = p.add_argument_group("reading")
    g.add_argument("--text-col", dest="text_col", help="column holding the article body (default: text)")
    g.add_argument("--outlet-col", dest="outlet_col", help="column holding the outlet name")
    g.add_argument("--title-col", dest="title_col", help="column holding the headline")
    g.add_argument("--date-col", dest="date_col", help="column holding the publication date")
    g.add_argument("--id-col", dest="id_col", help="column holding the document id")
    g.add_argument("--outlet", help="outlet name for plain-text files")
    g.add_argument("--metadata", help="sidecar CSV with per-file metadata (outlet, date, url, title, event_id)")
    g.add_argument("--limit", type=int, help="read at most this many documents")


def _to_jsonable(value: Any) -> Any:
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_to_jsonable(v) for v in value.tolist()]
    if isinstance(value, dict):
        return {k: _to_jsonable(v) for k, v in value.items()}
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


# -- verbs ---------------------------------------------------------------------------------


def cmd_inspect(args: argparse.Namespace) -> int:
    from framing.corpus.read import read_corpus_with_rejects
    from framing.corpus.schema import CORPUS_COLUMN_NAMES

    corpus, rejects = read_corpus_with_rejects(args.source, **_read_options(args))
    shown = corpus.head(args.n)
    if args.json:
        for _, row in shown.iterrows():
            record = {c: _to_jsonable(row[c]) for c in corpus.columns}
            print(json.dumps(record, ensure_ascii=False))
        return 0
    for _, row in shown.iterrows():
        print("=" * 78)
        for col in CORPUS_COLUMN_NAMES:
            if col in ("text", "raw_text", "boilerplate", "captions"):
                continue
            print(f"{col:>12}: {_to_jsonable(row[col])}")
        for col in ("captions", "boilerplate"):
            value = row[col] or ""
            print(f"{col:>12}: " + ("(none)" if not value else ""))
            for line in value.splitlines():
                print(f"{'':>14}{line}")
        print(f"{'text':>12}:")
        for para in (row["text"] or "").split("\n\n"):
            print(f"{'':>14}{para}")
            print()
    if len(rejects):
        print(f"rejected {len(rejects)} document(s):")
        for _, r in rejects.iterrows():
            print(f"  {r['source_path']}:{r['line']}: {r['reason']}")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from framing.corpus.read import read_corpus_with_rejects

    if _streaming(args):
        return _stream_verb(args, extractors=[])
    out = Path(args.out)
    if out.exists() and not args.overwrite:
        raise CLIError(f"{out} exists; pass --overwrite to replace it")
    corpus, rejects = read_corpus_with_rejects(args.source, **_read_options(args))
    n_syndicated = 0
    if args.syndication:
        from framing.corpus.syndication import find_syndication

        corpus = find_syndication(corpus, threshold=args.threshold)
        n_syndicated = int(corpus["syndication_group"].notna().sum())
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    if out.suffix == ".csv":
        corpus.to_csv(tmp, index=False)
    elif out.suffix in (".jsonl", ".json"):
        corpus.to_json(tmp, orient="records", lines=True, date_format="iso", force_ascii=False)
    else:
        corpus.to_parquet(tmp, index=False)
    tmp.replace(out)
    if args.rejects:
        rejects.to_csv(args.rejects, index=False)
    total = len(corpus) + len(rejects)
    print(f"read {total}, kept {len(corpus)}, rejected {len(rejects)}, syndicated {n_syndicated}")
    print(f"wrote {out}" + (f" and {args.rejects}" if args.rejects else ""))
    return 0


def cmd_datasets(args: argparse.Namespace) -> int:
    from framing.datasets import list_datasets

    table = list_datasets(data_dir=args.data_dir)
    with _wide_pandas():
        print(table.to_string(index=False))
    return 0


def cmd_lexicons(args: argparse.Namespace) -> int:
    from framing.lexicons import list_lexicons, load_lexicon

    if args.action == "list":
        with _wide_pandas():
            print(list_lexicons().to_string(index=False))
    else:
        if not args.name:
            raise CLIError("'framing lexicons show' needs a lexicon name or path")
        lex = load_lexicon(args.name)
        with _wide_pandas():
            print(lex.entries().to_string(index=False))
    return 0


def _parse_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def build_extractors(extractors: Sequence[str], lexicons: Sequence[str], fields: Sequence[str] | None) -> list[Any]:
    """Extractor objects for the command line's ``--extractors`` and ``--lexicon`` options."""
    from framing.extract import make_extractor

    names = list(extractors) or (["wording"] if lexicons else [])
    if not names:
        raise CLIError("nothing to extract: give --lexicon NAME and/or --extractors wording,tone,labels,sourcing,agency")
    built = []
    for name in names:
        params: dict[str, Any] = {}
        if fields:
            params["fields"] = tuple(fields)
        if name == "wording":
            params["lexicons"] = tuple(lexicons) or ("syria-transition",)
        built.append(make_extractor(name, **params))
    return built


def cmd_extract(args: argparse.Namespace) -> int:
    import pandas as pd

    from framing.corpus.read import read_corpus_with_rejects
    from framing.parallel import fit_extract_together

    extractors = build_extractors(_parse_list(args.extractors), args.lexicon or [], _parse_list(args.fields) or None)
    if _streaming(args):
        return _stream_verb(args, extractors=extractors)
    corpus, rejects = read_corpus_with_rejects(args.source, **_read_options(args))
    features, mentions = [], []
    if args.n_jobs == 1:
        # fitted and extracted batch by batch together: one parse of each text for all of them
        results = fit_extract_together(extractors, corpus, progress=_progress_callback("extract"))
    else:
        results = [ex.fit(corpus).extract(corpus, n_jobs=args.n_jobs)
                   for ex in _progress(extractors, len(extractors), "extract", True)]
    for ex, (f, m) in zip(extractors, results):
        features.append(f)
        m = m.copy()
        m.insert(0, "extractor", ex.prefix)
        mentions.append(m)
    table = pd.concat(features, axis=1)
    if "outlet" in corpus.columns:
        table.insert(0, "outlet", corpus.set_index("doc_id").loc[table.index, "outlet"].to_numpy())
    ment = pd.concat(mentions, ignore_index=True, sort=False)
    _write_table(table.reset_index(), args.out)
    if args.mentions:
        _write_table(ment, args.mentions)
    print(f"{len(table)} article(s), {table.shape[1] - 1} feature(s), {len(ment)} mention(s); rejected {len(rejects)}")
    if args.out:
        print(f"wrote {args.out}" + (f" and {args.mentions}" if args.mentions else ""))
    if args.show or not args.out:
        cols = [c for c in ("extractor", "doc_id", "field", "start", "end", "matched") if c in ment.columns]
        extra = [c for c in ment.columns if c not in cols and c not in ("sentence_id",)][:4]
        with _wide_pandas():
            print(ment[cols + extra].head(args.show or 40).to_string(index=False))
    return 0


def _prepare_output_dir(path: str, overwrite: bool) -> Path:
    out = Path(path)
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise CLIError(f"output folder {out} exists and is not empty; pass --overwrite to write into it")
    out.mkdir(parents=True, exist_ok=True)
    return out


def cmd_compare(args: argparse.Namespace) -> int:
    from framing.compare import compare_corpus
    from framing.corpus.read import read_corpus_with_rejects

    out = _prepare_output_dir(args.out, args.overwrite)
    corpus, rejects = read_corpus_with_rejects(args.source, **_read_options(args))
    mentions = None
    if args.lexicon:
        from framing.extract.wording import WordingFeatures

        wording = WordingFeatures(lexicons=tuple(args.lexicon))
        _, mentions = wording.fit(corpus).extract(corpus)
    events = None if args.events in (None, "none") else args.events
    result = compare_corpus(corpus, mentions, by=args.by, events=events, drop_syndicated=not args.keep_syndicated,
                            ngram_range=(1, args.max_n), min_count=args.min_count,
                            n_boot=args.n_boot, n_permutations=args.n_permutations, random_state=args.seed)
    result.fighting_words.to_csv(out / "fighting_words.csv", index=False)
    result.label_choice.to_csv(out / "label_choice.csv", index=False)
    result.tests.to_csv(out / "tests.csv", index=False)
    (out / "summary.md").write_text(result.summary + "\n", encoding="utf-8")
    print(result.summary)
    print(f"rejected {len(rejects)} document(s) while reading; wrote {out}/fighting_words.csv, label_choice.csv, "
          f"tests.csv, summary.md")
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    from framing.classify import evaluate, make_pipeline
    from framing.corpus.read import read_corpus_with_rejects

    out = _prepare_output_dir(args.out, args.overwrite)
    corpus, rejects = read_corpus_with_rejects(args.source, **_read_options(args))
    pipe = make_pipeline(args.features, C=args.C)
    result = evaluate(pipe, corpus, args.target, groups=args.groups, split=args.split, train_on=args.train_on,
                      cv=args.cv, n_boot=args.n_boot, n_permutations=args.n_permutations, random_state=args.seed)
    (out / "metrics.json").write_text(json.dumps(_to_jsonable(result.metrics), indent=2) + "\n", encoding="utf-8")
    result.predictions.to_csv(out / "predictions.csv", index=False)
    result.top_features.to_csv(out / "top_features.csv", index=False)
    result.report.to_csv(out / "report.csv", index=False)
    result.confusion.to_csv(out / "confusion.csv")
    m = result.metrics
    print(f"{m['evaluation']}: macro-F1 {m['macro_f1']:.3f} [{m['macro_f1_ci_low']:.3f}, {m['macro_f1_ci_high']:.3f}], "
          f"accuracy {m['accuracy']:.3f} on {m['n_tested']} documents")
    if "permutation_p_value" in m:
        print(f"permutation p-value {m['permutation_p_value']:.4f} ({m['permutation_n']} permutations)")
    print(f"wrote {out}/metrics.json, predictions.csv, top_features.csv, report.csv, confusion.csv")
    return 0


def _write_table(frame, path: str | None) -> None:
    if not path:
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix == ".parquet":
        frame.to_parquet(target, index=False)
    else:
        frame.to_csv(target, index=False)


class _wide_pandas:
    def __enter__(self):
        import pandas as pd

        self._ctx = pd.option_context("display.width", 200, "display.max_columns", 50, "display.max_colwidth", 60)
        self._ctx.__enter__()

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


def _add_scale_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("large corpora (docs/scale.md)")
    g.add_argument("--chunk-size", dest="chunk_size", type=int,
                   help="stream the input in chunks of N documents and write Parquet parts into the --out folder")
    g.add_argument("--n-jobs", dest="n_jobs", type=int, default=1, help="worker processes (-1: all cores; default 1)")
    g.add_argument("--restart", action="store_true", help="streaming: start over instead of resuming the --out folder")


def _streaming(args: argparse.Namespace) -> bool:
    """Stream when asked to (--chunk-size) or when --out names a folder."""
    out = getattr(args, "out", None)
    return bool(args.chunk_size) or bool(out and (Path(out).is_dir() or out.endswith(("/", "\\")) or not Path(out).suffix))


def _stream_verb(args: argparse.Namespace, extractors: list[Any]) -> int:
    import resource
    import time

    from framing.stream import StreamError, read_parts, stream_extract

    if not args.out:
        raise CLIError("streaming writes Parquet parts into a folder: give --out FOLDER")
    tty = sys.stderr.isatty()

    def bar(p: Any) -> None:
        if tty:
            rate = (p.n_input - p.n_input_resumed) / p.seconds if p.seconds else 0.0
            sys.stderr.write(f"\r{args.verb}: {p.n_parts} part(s), {p.n_input} documents, {rate:,.0f} documents/s ")
            sys.stderr.flush()

    start = time.perf_counter()
    try:
        result = stream_extract(args.source, extractors, args.out, chunk_size=args.chunk_size or 10_000,
                                n_jobs=args.n_jobs, resume=not (args.restart or getattr(args, "overwrite", False)),
                                write_corpus=not extractors, progress=bar, **_read_options(args))
    except StreamError as exc:
        raise CLIError(f"{exc} (on the command line: --restart)") from None
    except KeyboardInterrupt:
        if tty:
            sys.stderr.write("\n")
        print(f"framing {args.verb}: interrupted; the finished parts are kept in {args.out} "
              "(run the same command again to resume)", file=sys.stderr)
        return 130
    if tty:
        sys.stderr.write("\n")
    seconds = time.perf_counter() - start
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    if getattr(args, "syndication", False):
        print("note: near-duplicate grouping needs the whole corpus and is skipped when streaming")
    if getattr(args, "rejects", None):
        read_parts(args.out, "rejects").to_csv(args.rejects, index=False)
    print(f"read {result.n_input}, kept {result.n_docs}, rejected {result.n_rejects}"
          + (f", {result.n_mentions} mention(s)" if extractors else "")
          + f"; {result.n_parts} part(s), {result.n_resumed_parts} resumed")
    print(f"{(result.n_input - result.n_input_resumed) / seconds if seconds else 0.0:,.0f} articles/s over {seconds:.1f} s, {args.n_jobs} job(s); "
          f"peak memory {peak / 1024:,.0f} MB (largest process)")
    print(f"wrote {args.out}/" + ("features, mentions, rejects" if extractors else "corpus, rejects")
          + " (Parquet parts) and manifest.json" + (f"; {args.rejects}" if getattr(args, "rejects", None) else ""))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from framing.config import load_config
    from framing.run import OutputExistsError, run

    cfg = load_config(args.config)
    if args.check:
        s = cfg.settings
        parts = [f"{len(s['extract'])} extractor(s)", "compare" if s["compare"] else "no compare",
                 f"{len(s['classify'])} classify task(s)", "similarity" if s["similarity"] else "no similarity",
                 f"{len(s['figures'])} figure(s)"]
        print(f"{args.config}: valid ({', '.join(parts)}); inputs: "
              + (", ".join(i["path"] for i in cfg.inputs) or "none"))
        return 0
    if not args.out:
        raise CLIError("--out is required (the output folder), unless --check is given")
    try:
        result = run(cfg, args.out, overwrite=args.overwrite)
    except OutputExistsError as exc:
        raise CLIError(str(exc)) from None
    c = result.counts
    print(f"read {c['n_read']}, rejected {c['n_rejected']}, filtered out {c['n_filtered_out']}, "
          f"out of date range {c['n_out_of_date_range']}, syndicated dropped {c['n_syndicated_dropped']}, "
          f"sampled out {c['n_sampled_out']}, kept {c['n_kept']}")
    for note in result.notes:
        print(f"note: {note}")
    print(f"wrote {len(result.tables)} table(s) and {len(result.figures)} figure file(s) to {result.out_dir}")
    print(f"report: {result.report}")
    return 0


def _register_run(sub: Any) -> None:
    p = sub.add_parser("run", help="carry out a YAML run configuration: tables, figures, report.md, manifest.json")
    p.add_argument("config", help="YAML run configuration (schema in docs/reproducibility.md; examples/*.yaml)")
    p.add_argument("--out", help="output folder (created; refused if it exists and is not empty)")
    p.add_argument("--overwrite", action="store_true", help="replace the output folder of an earlier run")
    p.add_argument("--check", action="store_true", help="only validate the configuration and its inputs")
    p.set_defaults(func=cmd_run)


# -- parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``framing`` command."""
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Media bias and framing analysis: read articles, score wording choices, compare outlets.",
    )
    parser.add_argument("--version", action="version", version=f"framing {framing.__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-v info, -vv debug)")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")

    p = sub.add_parser("inspect", help="parse articles and show title, metadata, clean text, captions, credits, boilerplate")
    _add_read_arguments(p)
    p.add_argument("-n", type=int, default=1, help="show the first N articles (default 1)")
    p.add_argument("--json", action="store_true", help="one JSON object per article, canonical column names as keys")
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("ingest", help="read a corpus and write the canonical corpus table")
    _add_read_arguments(p)
    p.add_argument("--out", required=True, help="output table (.parquet, .csv or .jsonl)")
    p.add_argument("--rejects", help="write the rejects table (CSV) here")
    p.add_argument("--no-syndication", dest="syndication", action="store_false",
                   help="skip near-duplicate (wire copy) grouping")
    p.add_argument("--threshold", type=float, default=0.5, help="Jaccard threshold on 5-word shingles for near-duplicates (default 0.5; see docs/wire_copy.md)")
    p.add_argument("--overwrite", action="store_true", help="replace --out if it exists")
    _add_scale_arguments(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("datasets", help="list the known datasets and whether they are available")
    p.add_argument("action", nargs="?", default="list", choices=["list"])
    p.add_argument("--data-dir", help="folder holding the datasets (default: $FRAMING_DATA_DIR, else ./data)")
    p.set_defaults(func=cmd_datasets)

    p = sub.add_parser("lexicons", help="list the shipped lexicons or show one")
    p.add_argument("action", nargs="?", default="list", choices=["list", "show"])
    p.add_argument("name", nargs="?", help="lexicon name or path (with 'show')")
    p.set_defaults(func=cmd_lexicons)

    p = sub.add_parser("extract", help="score articles with extractors; write features and the mentions (evidence)")
    _add_read_arguments(p)
    p.add_argument("--lexicon", action="append", help="concept lexicon name or path for wording features (repeatable)")
    p.add_argument("--extractors", help="comma-separated: wording,tone,labels,sourcing,agency,frames,policy_frames")
    p.add_argument("--fields", help="comma-separated text fields to read (default: title,captions,text)")
    p.add_argument("--out", help="features table (.csv or .parquet), one row per article")
    p.add_argument("--mentions", help="mentions table (.csv or .parquet), one row per hit")
    p.add_argument("--show", type=int, default=0, help="print the first N mentions")
    _add_scale_arguments(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("compare", help="compare groups: Fightin' Words, label choice with CIs and tests")
    _add_read_arguments(p)
    p.add_argument("--by", default="outlet", help="grouping column (default: outlet)")
    p.add_argument("--lexicon", action="append", help="concept lexicon for label choice (repeatable)")
    p.add_argument("--events", help="event column (e.g. event_id), 'auto' to match stories, or none (default)")
    p.add_argument("--keep-syndicated", action="store_true", help="keep every copy of wire-copy duplicates")
    p.add_argument("--max-n", type=int, default=2, help="longest n-gram for Fightin' Words (default 2)")
    p.add_argument("--min-count", type=int, default=2, help="minimum corpus count of a scored term (default 2)")
    p.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples (default 2000)")
    p.add_argument("--n-permutations", type=int, default=2000, help="permutations (default 2000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--overwrite", action="store_true", help="write into a non-empty output folder")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("classify", help="predict a label (leaning, outlet, frame) with honest grouped evaluation")
    _add_read_arguments(p)
    p.add_argument("--target", required=True, help="column to predict")
    p.add_argument("--groups", help="column for grouped cross-validation (e.g. outlet, event_id)")
    p.add_argument("--split", help="column with train/valid/test values for a fixed split (e.g. split_media)")
    p.add_argument("--train-on", type=lambda v: tuple(_parse_list(v)), default=("train", "valid"), metavar="VALUES",
                   help="with --split: comma-separated values to fit on (default train,valid; 'train' keeps "
                        "valid out, the official protocol of AllSides' media split)")
    p.add_argument("--cv", type=int, default=5, help="folds (default 5)")
    p.add_argument("--features", choices=["tfidf", "features", "both"], default="tfidf",
                   help="TF-IDF, framing features, or both (default tfidf)")
    p.add_argument("--C", type=float, default=1.0, help="inverse regularization of the logistic regression")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for CIs (default 1000)")
    p.add_argument("--n-permutations", type=int, default=0, help="permutation-test resamples (default 0: skip)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--overwrite", action="store_true", help="write into a non-empty output folder")
    p.set_defaults(func=cmd_classify)

    for register in _EXTRA_VERBS:
        register(sub)
    return parser


#: Further verbs register themselves here: functions taking the subparsers object.
_EXTRA_VERBS: list[Callable[[Any], None]] = [_register_run]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framing`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=[logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)],
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except CLIError as exc:
        print(f"framing {args.verb}: {exc}", file=sys.stderr)
        return 2
    except (ValueError, TypeError, FileNotFoundError, ImportError, KeyError) as exc:
        print(f"framing {args.verb}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
