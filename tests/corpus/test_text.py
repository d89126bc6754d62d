"""Tests for framing.corpus.text: normalization, offsets, decoding."""

from __future__ import annotations

import codecs
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus.text import _composing_starters, decode_bytes, normalize_text, normalize_with_offsets

# characters the rules touch, mixed with plain ones
SPECIAL = (
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb\u2032\u2033\u02bc\u00b4"  # quotes
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a"  # dashes
    "\u00a0\u2009\u202f\u3000\t\u200b\ufeff\u00ad\u200e"  # spaces, invisibles
    "\r\n\u2028\u2029\x0b\x0c\x85\x00\x07"  # line breaks, controls
    "\u2026\u0301\u0308\u00e9\u1100\u1161\u11a8"  # ellipsis, combining marks, jamo
)
texts = st.text(alphabet=st.sampled_from(list("ab Zé-'\".\n") + list(SPECIAL)), max_size=60)


class TestNormalizeText:
    def test_quotes_become_ascii(self):
        assert normalize_text("Syria\u2019s \u201cfriendly\u201d \u2018ally\u2019") == "Syria's \"friendly\" 'ally'"
        assert normalize_text("\u00abBonjour\u00bb \u201eja\u201c it\u02bcs Obama\u00b4s") == '"Bonjour" "ja" it\'s Obama\'s'

    def test_hyphen_like_dashes_keep_their_spacing(self):
        assert normalize_text("1990\u201395") == "1990-95"
        assert normalize_text("Paris \u2013 Berlin") == "Paris - Berlin"
        assert normalize_text("\u22125 degrees") == "-5 degrees"
        assert normalize_text("Russian\u2010Syrian") == "Russian-Syrian"

    def test_clause_dashes_are_spaced(self):
        assert normalize_text("said\u2014no") == "said - no"
        assert normalize_text("said \u2014 no") == "said - no"
        assert normalize_text("WASHINGTON (AP) \u2014 A vote") == "WASHINGTON (AP) - A vote"
        assert normalize_text("\u2014 a quote") == "- a quote"

    def test_ascii_dashes_untouched(self):
        assert normalize_text("BEIJING (Xinhua) -- text -President") == "BEIJING (Xinhua) -- text -President"

    def test_spaces(self):
        assert normalize_text("a\u00a0b\u2009c\u202fd\u3000e\tf") == "a b c d e f"
        assert normalize_text("zero\u200bwidth\ufeff soft\u00adhyphen") == "zerowidth softhyphen"
        assert normalize_text("many     spaces") == "many spaces"
        assert normalize_text("keep\u200djoiner") == "keep\u200djoiner"

    def test_lines_and_paragraphs(self):
        assert normalize_text("a  \r\nb\rc") == "a\nb\nc"
        assert normalize_text("p1\n\n\n\n\np2") == "p1\n\np2"
        assert normalize_text("p1\n   \n  p2  ") == "p1\n\np2"
        assert normalize_text("\n\n  lead and trail  \n\n") == "lead and trail"
        assert normalize_text("x\u2029y\u2028z") == "x\n\ny\nz"

    def test_nfc(self):
        assert normalize_text("Cafe\u0301") == "Caf\u00e9"
        assert normalize_text("\u212b") == "\u00c5"  # angstrom sign -> A with ring

    def test_ellipsis_and_controls(self):
        assert normalize_text("wait\u2026 \x00\x07what") == "wait... what"

    def test_empty_and_whitespace(self):
        assert normalize_text("") == ""
        assert normalize_text(" \n\t\u00a0\u200b ") == ""

    def test_rejects_non_str(self):
        with pytest.raises(TypeError, match="decode_bytes"):
            normalize_text(b"bytes")  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            normalize_with_offsets(None)  # type: ignore[arg-type]

    @settings(max_examples=300, deadline=None)
    @given(texts)
    def test_idempotent(self, text):
        once = normalize_text(text)
        assert normalize_text(once) == once

    @settings(max_examples=300, deadline=None)
    @given(texts)
    def test_output_is_clean(self, text):
        out = normalize_text(text)
        assert out == out.strip()
        assert "  " not in out and "\n\n\n" not in out and " \n" not in out and "\n " not in out
        assert not any(ch in out for ch in "\u2019\u201c\u2014\u2013\u00a0\u200b\r\t\u2028\u2029")
        assert unicodedata.is_normalized("NFC", out)


def test_textblob_parser_reads_normalized_possessive():
    """pattern's tokenizer splits the apostrophe off either way, but only ASCII ``'`` is read as
    a possessive marker (POS): the curly one is tagged as a noun inside ``Obama ’ s``."""
    from textblob.en import parse

    def tokens(text):
        return [tok.split("/") for tok in str(parse(text)).split()]

    curly = tokens("Obama\u2019s plan")
    assert curly[1][:2] == ["\u2019", "NN"]  # the raw form: apostrophe as a noun, one noun phrase
    assert curly[1][2] == "I-NP"
    fixed = tokens(normalize_text("Obama\u2019s plan"))
    assert [t[0] for t in fixed] == ["Obama", "'", "s", "plan"]
    assert fixed[0][1] == "NNP" and fixed[1][1] == "POS"
    assert fixed == tokens("Obama's plan")


class TestOffsets:
    def test_example(self):
        norm, off = normalize_with_offsets("a\u00a0\u00a0b\u2014c")
        assert norm == "a b - c"
        assert off.tolist() == [0, 1, 3, 4, 4, 4, 5]

    def test_crlf_and_composition(self):
        text = "Cafe\u0301\r\n\r\n\r\nnext\u2026"
        norm, off = normalize_with_offsets(text)
        assert norm == "Caf\u00e9\n\nnext..."
        assert off.dtype == np.int64
        assert off[3] == 3  # the composed e-acute points at the base letter
        assert text[off[norm.index("n")]] == "n"
        assert off[-3:].tolist() == [len(text) - 1] * 3  # the three dots point at the ellipsis

    def test_empty(self):
        norm, off = normalize_with_offsets("")
        assert norm == "" and off.shape == (0,)
        norm, off = normalize_with_offsets(" \n ")
        assert norm == "" and off.shape == (0,)

    def test_seed(self, seed_raw):
        norm, off = normalize_with_offsets(seed_raw)
        assert norm == normalize_text(seed_raw)
        i = norm.index("Syria's interim")
        assert seed_raw[off[i] : off[i] + 15] == "Syria\u2019s interim"
        assert seed_raw[off[i + 5]] == "\u2019"

    @settings(max_examples=400, deadline=None)
    @given(texts)
    def test_matches_normalize_text_and_points_back(self, text):
        norm, off = normalize_with_offsets(text)
        assert norm == normalize_text(text)
        assert len(off) == len(norm)
        if len(off):
            assert off.min() >= 0 and off.max() < len(text)
            assert np.all(np.diff(off) >= 0)
        for ch, o in zip(norm, off):
            if ch.isascii() and ch.isalpha():
                assert text[o] == ch

    def test_non_nfc_pieces_hangul(self):
        text = "\u1100\u1161\u11a8 x"  # conjoining jamo compose into one syllable
        norm, off = normalize_with_offsets(text)
        assert norm == "\uac01 x"
        assert off.tolist() == [0, 3, 4]


def test_composing_starters_known_members():
    glue = _composing_starters()
    assert "\u0bbe" in glue  # Tamil vowel sign AA composes with a preceding vowel sign
    assert "\u1161" in glue and "\u11a8" in glue
    assert "a" not in glue and " " not in glue


class TestDecodeBytes:
    def test_utf8(self):
        assert decode_bytes("Syria\u2019s".encode()) == ("Syria\u2019s", False)

    def test_boms(self):
        assert decode_bytes(codecs.BOM_UTF8 + "x\u2019".encode()) == ("x\u2019", False)
        assert decode_bytes(codecs.BOM_UTF16_LE + "h\u00e9".encode("utf-16-le")) == ("h\u00e9", False)
        assert decode_bytes(codecs.BOM_UTF16_BE + "h\u00e9".encode("utf-16-be")) == ("h\u00e9", False)
        assert decode_bytes(codecs.BOM_UTF32_LE + "h\u00e9".encode("utf-32-le")) == ("h\u00e9", False)
        assert decode_bytes("h\u00e9".encode("utf-16")) == ("h\u00e9", False)  # platform BOM

    def test_bad_bytes_after_bom_are_replaced(self):
        text, flagged = decode_bytes(codecs.BOM_UTF8 + b"ok \xff")
        assert text == "ok \ufffd" and flagged

    def test_cp1252_fallback(self):
        data = "\u201cCaf\u00e9\u201d \u2013 Obama\u2019s".encode("cp1252")
        assert decode_bytes(data) == ("\u201cCaf\u00e9\u201d \u2013 Obama\u2019s", True)

    def test_mixed_is_utf8_with_replacement(self):
        data = "caf\u00e9 ".encode() + b"\x92s"  # valid UTF-8 plus a stray cp1252 byte
        text, flagged = decode_bytes(data)
        assert text == "caf\u00e9 \ufffds" and flagged

    def test_undefined_cp1252_byte_falls_to_replacement(self):
        text, flagged = decode_bytes(b"a\x81b")
        assert text == "a\ufffdb" and flagged

    def test_empty_and_types(self):
        assert decode_bytes(b"") == ("", False)
        assert decode_bytes(bytearray(b"abc")) == ("abc", False)
        with pytest.raises(TypeError, match="normalize_text"):
            decode_bytes("already text")  # type: ignore[arg-type]
