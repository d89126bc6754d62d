"""The demonstration that ``make demo`` runs: ``python -m framing.demo --out out``.

1. **Seed walkthrough**: the seed article (a scraped Reuters story republished
   by another site) is parsed; its fields are printed (headline, date,
   dateline, wire origin, credits, captions, boilerplate, body), then the
   evidence behind its features as keyword-in-context lines: wording choices
   (``syria-transition`` and ``report-verbs`` lexicons), sourcing (quotes and
   attributions) and agency (passives and nominalizations).
2. **Seed run**: ``examples/seed.yaml`` into ``<out>/seed``.
3. **BASIL run**: ``examples/basil.yaml`` into ``<out>/basil`` when the BASIL
   dataset is available (``FRAMING_DATA_DIR``, else ``./data``); otherwise a
   note says how to get it.

This module is a console program like :mod:`framing.cli`: :func:`main` prints;
the functions it calls return text.

Examples
--------
>>> kwic("Rebels took the city on Sunday.", 0, 6, width=10)
'          [Rebels] took the '
"""

from __future__ import annotations

import argparse
import logging
import sys
import textwrap
import time
from pathlib import Path
from typing import Sequence

__all__ = ["kwic", "seed_walkthrough", "main", "ROOT", "SEED"]

#: The source checkout (examples/ and seeds/ live here).
ROOT = Path(__file__).resolve().parent.parent
#: The seed article.
SEED = ROOT / "seeds" / "000_255c166a244f911a.txt"


def kwic(text: str, start: int, end: int, width: int = 40, max_hit: int = 60) -> str:
    """A keyword-in-context line: ``width`` characters either side of ``text[start:end]``, hit in brackets.

    Line breaks become spaces so that each hit stays on one line; a hit longer
    than ``max_hit`` characters is shortened in its middle.

    Examples
    --------
    >>> kwic("He said no.", 3, 7, width=3)
    'He [said] no'
    >>> kwic("a " + "b" * 30 + " c", 2, 32, width=2, max_hit=13)
    'a [bbbb ... bbbb] c'
    """
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    hit = text[start:end].replace("\n", " ")
    if len(hit) > max_hit:
        keep = (max_hit - 5) // 2
        hit = f"{hit[:keep]} ... {hit[-keep:]}"
    return f"{left:>{width}}[{hit}]{right:<{width}}"


def _field_lines(row: dict, fields: Sequence[str]) -> list[str]:
    out = []
    for name in fields:
        value = row.get(name)
        if value is None or (isinstance(value, float) and value != value):
            shown = "(none)"
        elif hasattr(value, "date") and not isinstance(value, str):
            shown = value.date().isoformat()
        else:
            shown = str(value)
        lines = shown.splitlines() or [""]
        out.append(f"  {name:>11}: {lines[0]}")
        out.extend(f"  {'':>11}  {ln}" for ln in lines[1:])
    return out


def seed_walkthrough(path: str | Path = SEED, width: int = 38) -> list[str]:
    """The seed walkthrough as lines of text: parsed fields, then evidence as keyword-in-context lines.

    Parameters
    ----------
    path : str or Path
        A scraped article (default: the seed).
    width : int
        Context characters on each side of a hit.

    Returns
    -------
    list of str

    Examples
    --------
    >>> lines = seed_walkthrough()
    >>> lines[0]
    'Seed article: 000_255c166a244f911a.txt'
    >>> any("[rebels]" in ln for ln in lines), any("[Dmitry Peskov said]" in ln for ln in lines)
    (True, True)
    """
    from framing.corpus.read import read_corpus
    from framing.extract.agency import AgencyFeatures
    from framing.extract.sourcing import SourcingFeatures
    from framing.extract.wording import WordingFeatures

    path = Path(path)
    corpus = read_corpus(path)
    row = corpus.iloc[0].to_dict()
    lines = [f"Seed article: {path.name}", "", "Parsed fields (framing.read_corpus):"]
    lines += _field_lines(row, ["title", "date", "section", "dateline", "origin", "byline", "credits", "captions"])
    boiler = (row.get("boilerplate") or "").splitlines()
    lines.append(f"  {'boilerplate':>11}: {len(boiler)} line(s) set aside, e.g. {boiler[0]!r}" if boiler
                 else f"  {'boilerplate':>11}: (none)")
    paragraphs = [p for p in (row.get("text") or "").split("\n\n") if p.strip()]
    lines.append(f"  {'text':>11}: {len(paragraphs)} paragraph(s), {len((row.get('text') or '').split())} words:")
    for p in paragraphs:
        lines += textwrap.wrap(p, width=96, initial_indent=" " * 15, subsequent_indent=" " * 15)
    fields = {f: row.get(f) or "" for f in ("title", "captions", "text")}

    def show(title: str, mentions, label) -> None:  # noqa: ANN001
        lines.extend(["", title])
        if not len(mentions):
            lines.append("  (none)")
        for m in mentions.itertuples(index=False):
            lines.append(f"  {m.field:>8} {kwic(fields[m.field], m.start, m.end, width)}  {label(m)}")

    wording = WordingFeatures(lexicons=("syria-transition", "report-verbs")).fit(corpus)
    _, wm = wording.extract(corpus)
    show("Wording choices (lexicons syria-transition, report-verbs: concept -> label [tags]):", wm,
         lambda m: f"{m.lexicon}: {m.concept} -> {m.label}" + (f" [{m.tags}]" if m.tags else ""))
    _, sm = SourcingFeatures().fit(corpus).extract(corpus)
    sm = sm[sm["kind"].isin(["direct_quote", "attribution", "according_to", "anonymous"])]
    show("Sourcing (quotes and attributions: kind, speaker, verb and its class):", sm,
         lambda m: f"{m.kind}: speaker={m.speaker or '?'}" + (f", verb={m.verb} ({m.verb_class})" if m.verb else ""))
    _, am = AgencyFeatures().fit(corpus).extract(corpus)
    show("Agency (passives and event nominalizations, with or without an agent):", am,
         lambda m: f"{m.kind}: head={m.head}, " + ("agentless" if m.agentless else f"agent={m.agent}"))
    return lines


def _run_example(name: str, out: Path) -> str:
    from framing.run import run

    t0 = time.perf_counter()
    result = run(ROOT / "examples" / f"{name}.yaml", out / name, overwrite=True)
    c = result.counts
    return (f"{name}: {c['n_kept']} article(s) kept of {c['n_read']} read, {len(result.tables)} tables, "
            f"{len(result.figures)} figure files in {time.perf_counter() - t0:.0f} s -> report {result.report}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demonstration; prints to standard output."""
    parser = argparse.ArgumentParser(prog="python -m framing.demo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="out", help="folder for the runs (default: out); its seed/ and basil/ "
                                                     "sub-folders are replaced when they hold an earlier run")
    parser.add_argument("--skip-basil", action="store_true", help="do not run the BASIL example")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not SEED.is_file() or not (ROOT / "examples").is_dir():
        print(f"framing.demo: the demo needs the source checkout (seeds/ and examples/ under {ROOT})", file=sys.stderr)
        return 2
    out = Path(args.out)
    print("=" * 100)
    print("\n".join(seed_walkthrough()))
    print("=" * 100)
    print(_run_example("seed", out))
    from framing.datasets import dataset_path

    basil = dataset_path("basil")
    if args.skip_basil:
        print("basil: skipped (--skip-basil)")
    elif basil.is_file():
        print("basil: running examples/basil.yaml (about a minute on two cores)...", flush=True)
        print(_run_example("basil", out))
    else:
        print(f"basil: skipped: the BASIL dataset is not at {basil}. Set FRAMING_DATA_DIR to the folder holding "
              "basil/articles.jsonl.gz (see docs/datasets.md) and run `make demo` again.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
