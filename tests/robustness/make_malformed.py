"""Build a folder of malformed corpus files and a manifest of what each one holds.

Usage: ``python tests/robustness/make_malformed.py OUT_DIR`` (the test suite calls
:func:`build` on a temporary folder). Files go to ``OUT_DIR/files/``, the manifest
to ``OUT_DIR/manifest.json``: one entry per file with

``documents``
    how many input documents the file holds, counted here from what was written
    (one per article file; one per non-blank line of JSON Lines, per element of a
    JSON array, per CSV row, per Parquet row; one for a file that holds no
    readable record at all: empty, truncated or corrupt);
``kept`` / ``rejected``
    how many of them must become corpus rows / rejects rows;
``kept_ids``
    the ``doc_id`` of every document that must be kept (before any ``#2`` suffix
    given to duplicates), when the file names them;
``reject_lines``
    the line (or row position) of every document that must be rejected, ``null``
    for a rejection of the whole file;
``raises``
    the exception a read must raise instead (a source without its text column is
    a usage error, reported at once);
``what``
    what is wrong with the file.

Counting follows the formats' own rules, not the reader's: a JSON line ends at
``\\n`` (a lone ``\\r`` does not end it), a CSV quote left open runs to the end
of the file (RFC 4180), a compressed file that does not decompress, or a
Parquet file that does not load, is one unreadable document. Nothing here
imports the package, so the counts are independent of the code under test.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import json
import lzma
import random
import sys
from pathlib import Path
from typing import Any

ARTICLE = (
    "Talks resume in Geneva\n\n"
    "GENEVA (Reuters) - Delegations from both sides met on Thursday for a new round of talks, "
    "officials said, after weeks of clashes around the northern city.\n\n"
    "\u201cWe are ready to listen,\u201d one negotiator told reporters. The meeting lasted three hours.\n"
)
BODY = ("Delegations met on Thursday for a new round of talks, officials said. "
        "\u201cWe are ready to listen,\u201d one negotiator told reporters.")


class Builder:
    """Writes files under ``root/files`` and collects their manifest entries."""

    def __init__(self, root: Path, seed: int = 0) -> None:
        self.root = root
        self.files = root / "files"
        self.files.mkdir(parents=True, exist_ok=True)
        self.entries: list[dict[str, Any]] = []
        self.rng = random.Random(seed)

    def add(self, name: str, data: bytes | str, *, documents: int, kept: int | None = None,
            kept_ids: list[str] | None = None, reject_lines: list[int | None] | None = None,
            raises: str | None = None, what: str) -> None:
        path = self.files / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if kept is None and kept_ids is not None:
            kept = len(kept_ids)
        if kept is None and reject_lines is not None:
            kept = documents - len(reject_lines)
        entry = {"file": name, "documents": documents, "kept": kept,
                 "rejected": None if kept is None else documents - kept,
                 "kept_ids": kept_ids, "reject_lines": reject_lines, "raises": raises, "what": what}
        if raises is not None:
            entry.update(documents=0, kept=None, rejected=None)
        self.entries.append(entry)

    def junk(self, n: int) -> bytes:
        """Random bytes with a NUL every 50 bytes and no newline (one line, surely binary)."""
        data = bytearray(self.rng.randrange(256) for _ in range(n))
        for i in range(0, n, 50):
            data[i] = 0
        return bytes(b if b != 0x0A else 0x0B for b in data)


def _jsonl(records: list[Any], sep: str = "\n") -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + sep for r in records)


def _csv(rows: list[list[Any]], delimiter: str = ",", terminator: str = "\r\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=terminator)
    writer.writerows(rows)
    return out.getvalue()


def _records(prefix: str, n: int) -> list[dict[str, Any]]:
    return [{"id": f"{prefix}-{i}", "outlet": "Example", "text": f"Story {i}: {BODY}"} for i in range(n)]


# --------------------------------------------------------------------------- article files


def article_files(b: Builder) -> None:
    b.add("article/empty.txt", b"", documents=1, reject_lines=[None], what="empty text file")
    b.add("article/empty.html", b"", documents=1, reject_lines=[None], what="empty HTML file")
    b.add("article/bom_only.txt", codecs.BOM_UTF8, documents=1, reject_lines=[None], what="a UTF-8 BOM and nothing else")
    for i, blank in enumerate([" ", "\n\n\n", "\r\n\t \r\n", "\u00a0\u3000\n"]):
        b.add(f"article/blank_{i}.txt", blank, documents=1, reject_lines=[None], what="white space only")
    for i in range(12):
        kind = "txt" if i % 2 == 0 else "html"
        b.add(f"article/junk_{i}.{kind}", b.junk(2000 + 500 * i), documents=1, reject_lines=[None],
              what="binary junk")
    # the same article in many encodings: always kept
    encodings = {
        "utf8": ARTICLE.encode("utf-8"),
        "utf8_bom": codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
        "utf16_bom": ARTICLE.encode("utf-16"),
        "utf16le_nobom": ARTICLE.encode("utf-16-le"),
        "utf16be_nobom": ARTICLE.encode("utf-16-be"),
        "utf32_bom": ARTICLE.encode("utf-32"),
        "cp1252": ARTICLE.encode("cp1252"),
        "latin1": ARTICLE.replace("\u201c", "\"").replace("\u201d", "\"").replace("Geneva", "Gen\u00e8ve").encode("latin-1"),
        "utf8_broken": ARTICLE.encode("utf-8")[:150] + b"\xff\xfe\xc3" + ARTICLE.encode("utf-8")[150:],
        "mac_roman_guess": ARTICLE.replace("\u201c", "\u00e9").replace("\u201d", "\u00e8").encode("mac_roman"),
    }
    for name, data in encodings.items():
        b.add(f"article/enc_{name}.txt", data, documents=1, kept_ids=[f"enc_{name}"],
              what=f"article encoded as {name}")
    for i, (name, ending) in enumerate([("crlf", "\r\n"), ("cr", "\r"), ("mixed", None), ("ls", "\u2028")]):
        text = ARTICLE if ending is None else ARTICLE.replace("\n", ending)
        if ending is None:
            text = ARTICLE.replace("\n\n", "\r\n\r\n", 1).replace("\n", "\r", 1)
        b.add(f"article/endings_{name}.txt", text, documents=1, kept_ids=[f"endings_{name}"],
              what=f"line endings: {name}")
    b.add("article/nul_inside.txt", ARTICLE.replace("talks", "tal\x00ks"), documents=1,
          kept_ids=["nul_inside"], what="a few NUL characters in a real article")
    b.add("article/giant_line.txt", ("Rebels said the regime fell, officials said. " * 110_000)[:5_000_000],
          documents=1, kept_ids=["giant_line"], what="one 5 MB line")
    b.add("article/control_soup.txt", "".join(chr(c) for c in range(32)) * 3 + "Talks resumed.",
          documents=1, reject_lines=[None], what="mostly control characters")
    b.add("article/invisible_only.txt", "\u200b\u200e\u202e\ufeff\u2060" * 10, documents=1, reject_lines=[None],
          what="only invisible characters")
    b.add("article/rtl_emoji.txt", "\u0645\u0631\u062d\u0628\u0627\n\n" + "\U0001f468\u200d\U0001f469 " * 50 + BODY,
          documents=1, kept=1, what="RTL title, emoji and a body")
    # HTML
    html_cases = {
        "head_only": ("<html><head><title>Talks</title><meta charset='utf-8'></head></html>", 0),
        "script_only": ("<html><body><script>var x = '<p>not text</p>';</script></body></html>", 0),
        "comments_only": ("<html><body><!-- <p>hidden</p> --></body></html>", 0),
        "style_only": ("<style>p { color: red }</style>", 0),
        "tags_only": ("<div><span></span><br/><img src='x.png'/></div>", 0),
        "unclosed": (f"<html><body><article><h1>Talks resume<p>{BODY} {BODY}<p>{BODY}", 1),
        "no_body_tag": (f"<html><h1>Talks resume</h1><p>{BODY} {BODY}</p><p>{BODY}</p></html>", 1),
        "xxe": ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                f"<html><body><article><h1>Talks</h1><p>&xxe; {BODY} {BODY}</p><p>{BODY}</p></article></body></html>", 1),
        "remote_assets": ("<html><head><link rel='stylesheet' href='http://127.0.0.1:9/s.css'>"
                          "<script src='http://127.0.0.1:9/x.js'></script></head><body><article><h1>Talks</h1>"
                          f"<img src='http://127.0.0.1:9/i.png'><p>{BODY} {BODY}</p><p>{BODY}</p></article></body></html>", 1),
        "nested_deep": ("<div>" * 3000 + f"<p>{BODY} {BODY}</p>" + "</div>" * 3000, None),
        "entities": (f"<html><body><p>{'&amp;&lt;&#0;&#x110000;&bogus;' * 200}</p></body></html>", None),
    }
    for name, (html, kept) in html_cases.items():
        if kept == 1:
            b.add(f"html/{name}.html", html, documents=1, kept_ids=[name], what=f"HTML: {name}")
        elif kept == 0:
            b.add(f"html/{name}.html", html, documents=1, reject_lines=[None], what=f"HTML: {name}")
        else:
            b.add(f"html/{name}.html", html, documents=1, what=f"HTML: {name}")
    b.add("html/latin1.html", f"<html><body><article><p>Gen\u00e8ve: {BODY} {BODY}</p></article></body></html>"
          .replace("\u201c", "'").replace("\u201d", "'").encode("latin-1"), documents=1, kept=1,
          what="HTML in latin-1 without a charset")
    for i in range(6):
        b.add(f"html/junk_{i}.htm", b"<html>" + b.junk(3000), documents=1, what="binary junk after <html>")


# --------------------------------------------------------------------------- JSON Lines and JSON


def json_files(b: Builder) -> None:
    good = _records("good", 5)
    b.add("jsonl/good.jsonl", _jsonl(good), documents=5, kept_ids=[r["id"] for r in good], what="five good records")
    b.add("jsonl/empty.jsonl", b"", documents=1, reject_lines=[None], what="empty file")
    b.add("jsonl/blank.jsonl", "\n \n\t\n", documents=1, reject_lines=[None], what="blank lines only")
    # lines that are valid JSON but not objects, one file per type and one mixed
    for i, value in enumerate([[], [1, 2], 3, -1.5, None, True, "text", {"nested": {"text": "x"}}]):
        if isinstance(value, dict):
            b.add(f"jsonl/not_object_{i}.jsonl", _jsonl([good[0], value]), documents=2, kept_ids=["good-0"],
                  reject_lines=[2], what="a record without a text field next to a good one")
            continue
        b.add(f"jsonl/not_object_{i}.jsonl", _jsonl([good[0], value, good[1]]), documents=3,
              kept_ids=["good-0", "good-1"], reject_lines=[2], what=f"a JSON line that is {type(value).__name__}")
    # wrong types of the text field: rejected; of other fields: kept
    for i, value in enumerate([None, 42, 4.5, True, False, [], ["a", "b"], {"a": 1}, "", "   \n\t", 1e308]):
        b.add(f"jsonl/text_type_{i}.jsonl", _jsonl([{"id": "x", "text": value}, good[0]]), documents=2,
              kept_ids=["good-0"], reject_lines=[1], what=f"text is {value!r:.20}")
    other = [("id", 7), ("id", 7.0), ("id", [1, 2]), ("id", {"a": 1}), ("id", True), ("id", None), ("id", 10**40),
             ("outlet", 5), ("outlet", ["A"]), ("title", {"t": 1}), ("title", 12), ("date", "not a date"),
             ("date", -1), ("date", "0200-01-01"), ("date", 10**30), ("date", [2024, 1, 1]), ("url", 3.5),
             ("event_id", {"e": 1}), ("captions", ["a", "b"]), ("language", 0), ("read_flags", "oops"),
             ("raw_text", 5), ("source_path", 1)]
    for i, (key, value) in enumerate(other):
        record = {"id": f"typed-{i}", "text": BODY, key: value}
        expected_id = f"typed-{i}" if key != "id" else None
        b.add(f"jsonl/field_type_{i:02d}.jsonl", _jsonl([record]), documents=1,
              kept_ids=[expected_id] if expected_id else None, kept=1, what=f"{key} is {value!r:.20}")
    broken = ['{"id": "b1", "text": "unterminated', '{"id": "b2", "text": "x",}', "{'id': 'b3', 'text': 'single'}",
              '{"id": "b4" "text": "no comma"}', '{"id": "b5", "text": "raw\tcontrol\x01"}', "}{", "\ufeff{\"text\": \"bom\"}",
              '{"text": "a"} {"text": "b"}', "[" * 50_000 + "]" * 50_000, '{"text": "' + "\\" + '"}']
    lines = [json.dumps(good[0])] + broken + [json.dumps(good[1])]
    b.add("jsonl/broken_lines.jsonl", "\n".join(lines) + "\n", documents=len(lines), kept_ids=["good-0", "good-1"],
          reject_lines=list(range(2, len(broken) + 2)), what="broken JSON lines between good ones")
    b.add("jsonl/nan_literals.jsonl", '{"id": "n1", "text": NaN}\n{"id": "n2", "text": "ok", "score": Infinity}\n',
          documents=2, kept_ids=["n2"], reject_lines=[1], what="NaN/Infinity literals (Python's JSON extension)")
    b.add("jsonl/surrogates.jsonl", '{"id": "s1", "text": "lone \\ud800 half"}\n{"id": "s2\\udc00", "text": "ok"}\n',
          documents=2, kept_ids=["s1", "s2\ufffd"], what="lone surrogate escapes")
    dups = [{"id": "same", "text": f"Copy {i}. {BODY}"} for i in range(4)]
    b.add("jsonl/duplicate_ids.jsonl", _jsonl(dups), documents=4, kept_ids=["same"] * 4, what="four records, one id")
    b.add("jsonl/no_text_key.jsonl", _jsonl([{"id": "a", "body": BODY}]), documents=0, raises="ValueError",
          what="no record has the text field")
    b.add("jsonl/crlf.jsonl", _jsonl(good, sep="\r\n"), documents=5, kept_ids=[r["id"] for r in good],
          what="CRLF line endings")
    b.add("jsonl/cr_only.jsonl", _jsonl(good, sep="\r"), documents=1, reject_lines=[1],
          what="lone CR separators: one JSON line by the JSON Lines rules")
    b.add("jsonl/blank_between.jsonl", _jsonl(good[:2], sep="\n\n \n"), documents=2, kept_ids=["good-0", "good-1"],
          what="blank lines between records")
    b.add("jsonl/no_final_newline.jsonl", _jsonl(good[:2]).rstrip("\n"), documents=2, kept_ids=["good-0", "good-1"],
          what="no newline at the end")
    b.add("jsonl/truncated_last.jsonl", _jsonl(good[:3])[:-25], documents=3, kept_ids=["good-0", "good-1"],
          reject_lines=[3], what="last line cut short")
    for name, codec in [("cp1252", "cp1252"), ("latin1", "latin-1"), ("utf16le", "utf-16-le"), ("utf16be", "utf-16-be"),
                        ("utf16_bom", "utf-16"), ("utf8_bom", "utf-8-sig")]:
        recs = [{"id": f"{name}-{i}", "text": f"Gen\u00e8ve {i}: talks resumed."} for i in range(3)]
        b.add(f"jsonl/enc_{name}.jsonl", _jsonl(recs).encode(codec), documents=3, kept_ids=[r["id"] for r in recs],
              what=f"JSON Lines in {name}")
    b.add("jsonl/giant_line.jsonl", _jsonl([{"id": "giant", "text": ("Rebels took the city. " * 240_000)[:5_000_000]}]),
          documents=1, kept_ids=["giant"], what="one 5 MB record")
    for i in range(10):
        b.add(f"jsonl/junk_{i}.jsonl", b.junk(1000 + 300 * i), documents=1, reject_lines=[1], what="binary junk, one line")
    b.add("jsonl/junk_lines.jsonl", b"\n".join(b"X" + b.junk(200) for _ in range(7)) + b"\n", documents=7,
          reject_lines=list(range(1, 8)), what="seven lines of binary junk")
    # .json: arrays, objects, broken arrays
    b.add("json/array.json", json.dumps(good), documents=5, kept_ids=[r["id"] for r in good], what="JSON array")
    b.add("json/empty_array.json", "[]", documents=0, kept=0, what="an empty array holds no document")
    b.add("json/array_mixed.json", json.dumps([good[0], 1, None, "x", [good[1]], good[2]]), documents=6,
          kept_ids=["good-0", "good-2"], reject_lines=[1, 2, 3, 4], what="array with non-objects")
    b.add("json/broken_array.json", json.dumps(good)[:-30], documents=1, reject_lines=[1],
          what="array cut short: the whole file is one unreadable document")
    b.add("json/pretty_object.json", json.dumps(good[0], indent=2), documents=1, kept_ids=["good-0"],
          what="one pretty-printed object")
    b.add("json/pretty_array.json", json.dumps(good[:3], indent=4), documents=3, kept_ids=["good-0", "good-1", "good-2"],
          what="pretty-printed array")
    b.add("json/wrapped.json", json.dumps({"articles": good}), documents=0, raises="ValueError",
          what="records wrapped in an object: no text field at the top")
    b.add("json/deep_array.json", "[" * 100_000 + "]" * 100_000, documents=1, reject_lines=[1],
          what="nesting deeper than any parser stack")


# --------------------------------------------------------------------------- CSV / TSV


def csv_files(b: Builder) -> None:
    header = ["id", "outlet", "title", "text"]
    rows = [[f"c-{i}", "Example", f"Title {i}", f"Story {i}. {BODY}"] for i in range(5)]
    b.add("csv/good.csv", _csv([header] + rows), documents=5, kept_ids=[r[0] for r in rows], what="five rows")
    b.add("csv/empty.csv", b"", documents=1, reject_lines=[None], what="empty file")
    b.add("csv/header_only.csv", _csv([header]), documents=1, reject_lines=[None], what="header and no row")
    tricky = [["q-1", "A", "Quotes", 'He said "no", then left.\nA second line, with commas.'],
              ["q-2", "A", "Newlines", "Line one\r\nLine two\n\nParagraph three."],
              ["q-3", "A", "Delims", "a;b\tc|d,e"],
              ["q-4", "A", "Unicode", "\u0645\u0631\u062d\u0628\u0627 \U0001f468\u200d\U0001f469 \u200b e\u0301"],
              ["q-5", "A", "=HYPERLINK(\"http://127.0.0.1\")", "@SUM(1+1) +cmd|' /C calc'!A0 " + BODY]]
    b.add("csv/embedded.csv", _csv([header] + tricky), documents=5, kept_ids=[r[0] for r in tricky],
          what="quoted newlines, quotes, delimiters, formula-like cells")
    ragged = [header, rows[0], ["r-short", "A", "only three"], rows[1], ["r-long", "A", "t", "text", "extra", "more"],
              ["r-one"], rows[2]]
    b.add("csv/ragged.csv", _csv(ragged), documents=6, kept_ids=["c-0", "c-1", "c-2"], reject_lines=[3, 5, 6],
          what="rows with too few and too many fields")
    for i in range(8):  # more ragged patterns: row k has k fields
        body = [header] + [([f"g{i}-{k}", "A", "T", BODY, "x", "x"])[: (k + i) % 6 + 1] for k in range(1, 13)]
        expect = [k for k in range(1, 13) if len(body[k]) != 4]
        kept = [f"g{i}-{k}" for k in range(1, 13) if len(body[k]) == 4]
        b.add(f"csv/ragged_{i}.csv", _csv(body, terminator="\n" if i % 2 else "\r\n"), documents=12, kept_ids=kept,
              reject_lines=[k + 1 for k in expect], what="ragged rows, pattern %d" % i)
    b.add("csv/duplicate_ids.csv", _csv([header] + [["dup", "A", "T", f"Copy {i}. {BODY}"] for i in range(3)]),
          documents=3, kept_ids=["dup"] * 3, what="three rows, one id")
    b.add("csv/empty_text.csv", _csv([header, ["e-1", "A", "T", ""], rows[0], ["e-2", "A", "T", "   "]]),
          documents=3, kept_ids=["c-0"], reject_lines=[2, 4], what="empty and blank text cells")
    b.add("csv/semicolon.csv", _csv([header] + rows[:2], delimiter=";"), documents=2, kept_ids=["c-0", "c-1"],
          what="semicolon-delimited")
    b.add("csv/tab_in_csv.csv", _csv([header] + rows[:2], delimiter="\t"), documents=2, kept_ids=["c-0", "c-1"],
          what="tab-delimited with a .csv name")
    b.add("csv/good.tsv", _csv([header] + rows[:3], delimiter="\t"), documents=3, kept_ids=["c-0", "c-1", "c-2"],
          what="TSV")
    plain = [[f"p-{i}", "A", "T", "plain words without delimiters or quotes"] for i in range(2)]
    b.add("csv/unclosed_quote.csv", _csv([header] + rows[:2]) + 'u-1,A,T,"never closed\n' + _csv(plain),
          documents=3, kept_ids=["c-0", "c-1", "u-1"],
          what="a quote left open swallows the rest of the file into its last field (RFC 4180)")
    b.add("csv/nul.csv", _csv([header, ["n-1", "A", "T", "tal\x00ks " + BODY], rows[0]]), documents=2,
          kept_ids=["n-1", "c-0"], what="NUL inside a field")
    b.add("csv/bom.csv", codecs.BOM_UTF8 + _csv([header] + rows[:2]).encode(), documents=2, kept_ids=["c-0", "c-1"],
          what="UTF-8 BOM before the header")
    for name, codec in [("cp1252", "cp1252"), ("latin1", "latin-1"), ("utf16le", "utf-16-le"), ("utf16_bom", "utf-16")]:
        body = [header] + [[f"{name}-{i}", "A", "T", f"Gen\u00e8ve {i}: talks."] for i in range(3)]
        b.add(f"csv/enc_{name}.csv", _csv(body).encode(codec), documents=3, kept_ids=[r[0] for r in body[1:]],
              what=f"CSV in {name}")
    b.add("csv/mixed_endings.csv", "id,outlet,title,text\r\nm-1,A,T,One.\nm-2,A,T,Two.\r\nm-3,A,T,Three.\n",
          documents=3, kept_ids=["m-1", "m-2", "m-3"], what="CRLF and LF rows")
    b.add("csv/blank_lines.csv", "id,outlet,title,text\n\nb-1,A,T,One.\n\n\nb-2,A,T,Two.\n\n", documents=2,
          kept_ids=["b-1", "b-2"], what="blank lines between rows")
    b.add("csv/giant_field.csv", _csv([header, ["big", "A", "T", ("Rebels took the city. " * 240_000)[:5_000_000]]]),
          documents=1, kept_ids=["big"], what="one 5 MB field")
    b.add("csv/no_text_column.csv", _csv([["id", "body"], ["a", BODY]]), documents=0, raises="ValueError",
          what="no text column")
    b.add("csv/junk.csv", b.junk(3000), documents=0, raises="ValueError", what="binary junk: no header")
    b.add("csv/duplicate_header.csv", _csv([["id", "text", "text"], ["d-1", "first", BODY]]), documents=1,
          kept=1, what="two columns named text")


# --------------------------------------------------------------------------- Parquet


def parquet_files(b: Builder) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    def write(name: str, table: Any, **entry: Any) -> None:
        sink = io.BytesIO()
        pq.write_table(table, sink)
        b.add(name, sink.getvalue(), **entry)

    ids = pa.array([f"p-{i}" for i in range(4)])
    write("parquet/good.parquet", pa.table({"id": ids, "text": pa.array([f"Story {i}. {BODY}" for i in range(4)])}),
          documents=4, kept_ids=[f"p-{i}" for i in range(4)], what="four good rows")
    write("parquet/text_int.parquet", pa.table({"id": ids, "text": pa.array([1, 2, 3, 4])}), documents=4,
          reject_lines=[0, 1, 2, 3], what="text column of integers")
    write("parquet/text_float_nan.parquet", pa.table({"id": ids, "text": pa.array([1.5, None, float("nan"), 2.0])}),
          documents=4, reject_lines=[0, 1, 2, 3], what="text column of floats and nulls")
    write("parquet/text_binary.parquet", pa.table({"id": ids, "text": pa.array([b"a", b"\xff", b"", b"text"])}),
          documents=4, reject_lines=[0, 1, 2, 3], what="text column of bytes")
    write("parquet/text_list.parquet", pa.table({"id": ids, "text": pa.array([["a"], [], ["b", "c"], None])}),
          documents=4, reject_lines=[0, 1, 2, 3], what="text column of lists")
    write("parquet/text_nulls.parquet", pa.table({"id": ids, "text": pa.array([BODY, None, "", BODY])}),
          documents=4, kept_ids=["p-0", "p-3"], reject_lines=[1, 2], what="some null and empty texts")
    write("parquet/text_dictionary.parquet",
          pa.table({"id": ids, "text": pa.array([BODY, BODY, "Other. " + BODY, BODY]).dictionary_encode()}),
          documents=4, kept_ids=[f"p-{i}" for i in range(4)], what="dictionary-encoded text column")
    write("parquet/id_struct.parquet", pa.table({"id": pa.array([{"a": 1}, {"a": 2}]), "text": pa.array([BODY, BODY])}),
          documents=2, kept=2, what="id column of structs")
    write("parquet/date_types.parquet", pa.table({"id": ids[:3], "text": pa.array([BODY] * 3),
                                                  "date": pa.array([0, -10**18, 2**62])}),
          documents=3, kept_ids=["p-0", "p-1", "p-2"], what="dates as huge integers")
    write("parquet/date_strings.parquet", pa.table({"id": ids[:3], "text": pa.array([BODY] * 3),
                                                    "date": pa.array(["2024-12-08", "nonsense", "-1"])}),
          documents=3, kept_ids=["p-0", "p-1", "p-2"], what="dates as strings, some unreadable")
    write("parquet/empty_rows.parquet", pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())}),
          documents=1, reject_lines=[None], what="schema and no row")
    write("parquet/no_text.parquet", pa.table({"id": ids, "body": pa.array([BODY] * 4)}), documents=0,
          raises="ValueError", what="no text column")
    good = io.BytesIO()
    pq.write_table(pa.table({"id": ids, "text": pa.array([BODY] * 4)}), good)
    data = good.getvalue()
    b.add("parquet/truncated.parquet", data[: len(data) // 2], documents=1, reject_lines=[None], what="cut in half")
    b.add("parquet/empty.parquet", b"", documents=1, reject_lines=[None], what="zero bytes")
    b.add("parquet/junk.parquet", b"PAR1" + b.junk(500) + b"PAR1", documents=1, reject_lines=[None], what="junk between magic bytes")
    b.add("parquet/csv_named_parquet.parquet", _csv([["id", "text"], ["a", BODY]]), documents=1, reject_lines=[None],
          what="a CSV file with a .parquet name")


# --------------------------------------------------------------------------- compression


def compressed_files(b: Builder) -> None:
    good = _records("z", 4)
    raw = _jsonl(good).encode()
    for ext, compress in ((".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress)):
        b.add(f"compressed/good.jsonl{ext}", compress(raw), documents=4, kept_ids=[r["id"] for r in good],
              what=f"JSON Lines compressed with {ext}")
        b.add(f"compressed/article.txt{ext}", compress(ARTICLE.encode()), documents=1, kept_ids=["article"],
              what=f"article compressed with {ext}")
        data = compress(raw)
        b.add(f"compressed/corrupt.jsonl{ext}", data[:10] + bytes(255 - x for x in data[10:40]) + data[40:],
              documents=1, reject_lines=[None], what=f"corrupted {ext} stream")
        b.add(f"compressed/not_compressed.csv{ext}", _csv([["id", "text"], ["a", BODY]]), documents=1,
              reject_lines=[None], what=f"plain CSV named {ext}")
        b.add(f"compressed/empty_stream.jsonl{ext}", compress(b""), documents=1, reject_lines=[None],
              what=f"{ext} of nothing")
    big = _jsonl(_records("big", 800)).encode()
    gz = gzip.compress(big)
    for i, cut in enumerate([10, 100, len(gz) // 4, len(gz) // 2, len(gz) - 100, len(gz) - 9, len(gz) - 1]):
        b.add(f"compressed/truncated_{i}.jsonl.gz", gz[:cut], documents=1, reject_lines=[None],
              what=f"gzip cut at byte {cut} of {len(gz)}")
    b.add("compressed/truncated.txt.gz", gzip.compress(ARTICLE.encode())[:30], documents=1, reject_lines=[None],
          what="article gzip cut short")
    b.add("compressed/truncated.csv.bz2", bz2.compress(_csv([["id", "text"]] + [[f"t{i}", BODY] for i in range(50)]).encode())[:200],
          documents=1, reject_lines=[None], what="bz2 cut short")
    # a few MB once decompressed, small on disk (a bounded "bomb")
    many = [{"id": f"m-{i}", "text": "Rebels took the city. " * 30} for i in range(4000)]
    b.add("compressed/large.jsonl.gz", gzip.compress(_jsonl(many).encode(), compresslevel=9), documents=4000,
          kept=4000, what="2.7 MB of records in a small gzip file")
    padded = gzip.compress(_jsonl(good[:1]).encode() + b" " * 4_000_000 + b"\n" + _jsonl(good[1:2]).encode())
    b.add("compressed/padding.jsonl.gz", padded, documents=2, kept_ids=["z-0", "z-1"],
          what="4 MB of spaces between two records")


# --------------------------------------------------------------------------- more volume: variants


def variants(b: Builder) -> None:
    """Many small variants of the cases above (random mixes of good and bad lines and rows)."""
    rng = b.rng
    for n in range(30):
        lines, kept, rejected = [], [], []
        for k in range(1, rng.randint(3, 12)):
            roll = rng.random()
            if roll < 0.5:
                lines.append(json.dumps({"id": f"v{n}-{k}", "text": f"Story {k}. {BODY}"}))
                kept.append(f"v{n}-{k}")
            elif roll < 0.65:
                lines.append(json.dumps(rng.choice([[1], 2, None, "s", True])))
                rejected.append(k)
            elif roll < 0.8:
                lines.append(json.dumps({"id": f"v{n}-{k}", "text": f"Story {k}."})[: rng.randint(1, 20)])
                rejected.append(k)
            elif roll < 0.9:
                lines.append(json.dumps({"id": f"v{n}-{k}", "text": rng.choice([None, 1, "", " ", [], {}])}))
                rejected.append(k)
            else:
                lines.append(json.dumps({"id": f"v{n}-{k}", "text": "\u202e\U0001f44d\u0301 \U0001f600 " + BODY},
                                        ensure_ascii=rng.random() < 0.5))
                kept.append(f"v{n}-{k}")
        ending = rng.choice(["\n", "\r\n"])
        b.add(f"variants/mix_{n:02d}.jsonl", ending.join(lines) + ending, documents=len(lines), kept_ids=kept,
              reject_lines=rejected, what="random mix of good, non-object, broken and wrong-type lines")
    for n in range(20):
        body, kept, rejected = [["id", "title", "text"]], [], []
        for k in range(1, rng.randint(3, 12)):
            roll = rng.random()
            if roll < 0.6:
                body.append([f"w{n}-{k}", "T", rng.choice([BODY, 'A "quoted"\nline, ' + BODY, "x,y;z\t" + BODY])])
                kept.append(f"w{n}-{k}")
            elif roll < 0.85:
                body.append([f"w{n}-{k}", "T"] + ["extra"] * rng.randint(0, 3) * 2)
                rejected.append(k + 1)
            else:
                body.append([f"w{n}-{k}", "T", rng.choice(["", "  "])])
                rejected.append(k + 1)
        terminator = rng.choice(["\n", "\r\n"])
        # a reject names the physical line its row starts on: quoted newlines count
        starts, line = [], 1
        for row in body:
            starts.append(line)
            line += _csv([row], terminator=terminator).count("\n")
        b.add(f"variants/rows_{n:02d}.csv", _csv(body, terminator=terminator),
              documents=len(body) - 1, kept_ids=kept, reject_lines=[starts[k - 1] for k in rejected],
              what="random mix of good, ragged and empty-text rows")


def build(root: Path | str, seed: int = 0) -> dict[str, Any]:
    """Write every malformed file under ``root/files`` and the manifest ``root/manifest.json``; return it."""
    root = Path(root)
    builder = Builder(root, seed)
    for family in (article_files, json_files, csv_files, parquet_files, compressed_files, variants):
        family(builder)
    manifest = {"files": builder.entries,
                "total_documents": sum(e["documents"] for e in builder.entries if e["raises"] is None)}
    (root / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return manifest


if __name__ == "__main__":  # pragma: no cover - a convenience for looking at the files
    if len(sys.argv) != 2:
        raise SystemExit("usage: python tests/robustness/make_malformed.py OUT_DIR")
    result = build(sys.argv[1])
    print(f"{len(result['files'])} files, {result['total_documents']} documents -> {sys.argv[1]}")
