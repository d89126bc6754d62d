"""Concept lexicons: the shipped files, the loader's validation and its error messages."""

from __future__ import annotations

import copy
import pickle
import re
import textwrap
from pathlib import Path

import pytest

from framing.lexicons import (
    Lexicon,
    LexiconError,
    LexiconNotFoundError,
    Sense,
    available_lexicons,
    list_lexicons,
    load_lexicon,
    noun_forms,
    parse_lexicon,
    verb_forms,
)

OWN = ("syria-transition", "hedges", "factives", "assertives", "implicatives", "report-verbs", "intensifiers",
       "anonymous-sourcing")

HEADER = """\
name: demo
version: "1"
description: A demo lexicon.
language: en
citation: Nobody (2025).
tags:
  stance: [neutral, loaded]
concepts:
"""


def lex_text(body: str, header: str = HEADER) -> str:
    return header + textwrap.indent(textwrap.dedent(body), "  ")


def problems(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(LexiconError) as info:
        parse_lexicon(text, "demo.yaml")
    return info.value.problems


# -- shipped lexicons -------------------------------------------------------


def test_every_shipped_lexicon_loads_with_rationale_tags_and_citation() -> None:
    names = available_lexicons()
    assert set(OWN) <= set(names)
    for name in names:
        lex = load_lexicon(name)
        assert lex.name == name and lex.version and lex.language == "en"
        assert lex.citation or lex.sources
        assert lex.path is not None and Path(lex.path).name == f"{name}.yaml"
        for concept in lex.concepts.values():
            assert concept.description
            assert concept.labels
            for label in concept.labels.values():
                assert label.variants, (name, concept.name, label.name)
                assert label.rationale, (name, concept.name, label.name)
                assert set(label.tags) <= set(lex.tag_schema)


def test_own_lexicons_tag_every_label() -> None:
    for name in OWN:
        lex = load_lexicon(name)
        for concept in lex.concepts.values():
            for label in concept.labels.values():
                assert label.tags, (name, concept.name, label.name)


def test_syria_transition_cites_entman_and_hamborg_and_has_the_concepts() -> None:
    lex = load_lexicon("syria-transition")
    refs = " ".join(lex.sources)
    assert "Entman, R. M. (1993)" in refs and "43(4)" in refs
    assert "Hamborg, F., Zhukova, A., & Gipp, B. (2019)" in refs and "JCDL" in refs
    assert {"anti_assad_forces", "sharaa_titles", "end_of_assad_rule", "assad", "post_transition_violence"} <= set(lex.concepts)
    assert lex.tag_schema["stance"] == ("legitimizing", "delegitimizing", "neutral")
    assert lex.tag_schema["voice"] == ("agentive", "agentless")
    ouster = lex.concepts["end_of_assad_rule"].labels["ouster"]
    assert {v.text for v in ouster.variants} == {"ouster", "oust", "ousts", "ousted", "ousting"}
    assert ouster.tags == {"stance": "neutral", "voice": "agentive"}


def test_list_lexicons_table() -> None:
    table = list_lexicons()
    assert list(table.columns) == ["name", "version", "language", "n_concepts", "n_labels", "n_variants", "description"]
    row = table.set_index("name").loc["report-verbs"]
    assert row.n_concepts == 1 and row.n_labels > 20 and row.n_variants > row.n_labels


def test_entries_and_matcher_payloads() -> None:
    lex = load_lexicon("syria-transition")
    entries = lex.entries()
    assert list(entries.columns) == ["concept", "label", "variant", "followed_by", "case_sensitive", "stance", "voice"]
    row = entries[(entries.variant == "President") & (entries.followed_by == "al-Sharaa")].iloc[0]
    assert (row.concept, row.label, row.case_sensitive, row.stance) == ("sharaa_titles", "president", True, "legitimizing")
    hits = lex.matcher().find("Syrian President Bashar al-Assad met rebels")
    assert [h.payloads for h in hits] == [
        (Sense("syria-transition", "assad", "president", len("Syrian President")),),
        (Sense("syria-transition", "anti_assad_forces", "rebels", -1),),
    ]


def test_lexicon_survives_pickle_and_deepcopy() -> None:
    lex = load_lexicon("hedges")
    assert pickle.loads(pickle.dumps(lex)) == lex
    assert copy.deepcopy(lex) == lex


# -- inflection ---------------------------------------------------------------


@pytest.mark.parametrize(("word", "forms"), [
    ("rebel", ["rebel", "rebels"]),
    ("clash", ["clash", "clashes"]),
    ("atrocity", ["atrocity", "atrocities"]),
    ("day", ["day", "days"]),
    ("armed group", ["armed group", "armed groups"]),
])
def test_noun_forms(word: str, forms: list[str]) -> None:
    assert noun_forms(word) == forms


@pytest.mark.parametrize(("word", "forms"), [
    ("oust", ["oust", "ousts", "ousted", "ousting"]),
    ("topple", ["topple", "topples", "toppled", "toppling"]),
    ("deny", ["deny", "denies", "denied", "denying"]),
    ("agree", ["agree", "agrees", "agreed", "agreeing"]),
    ("fail to", ["fail to", "fails to", "failed to", "failing to"]),
])
def test_verb_forms(word: str, forms: list[str]) -> None:
    assert verb_forms(word) == forms


def test_inflection_needs_an_alphabetic_word() -> None:
    with pytest.raises(ValueError, match="not alphabetic"):
        noun_forms("al-Qaeda")
    found = problems(lex_text("""\
      c:
        description: d
        labels:
          x: {variants: [HTS-led], inflect: verb, rationale: r}
    """))
    assert found[0][0] == 12 and "not alphabetic" in found[0][1]


# -- validation -------------------------------------------------------------------


def test_valid_file_with_case_and_followed_by() -> None:
    lex = parse_lexicon(lex_text("""\
      title:
        description: Titles.
        labels:
          president:
            variants:
              - {text: President, case_sensitive: true, followed_by: [Ahmed al-Sharaa, Sharaa]}
              - {text: US, case_sensitive: true}
              - {text: Us, case_sensitive: true}
            tags: {stance: neutral}
            rationale: Title.
    """))
    variants = lex.concepts["title"].labels["president"].variants
    assert [v.phrase for v in variants] == ["President Ahmed al-Sharaa", "President Sharaa", "US", "Us"]
    assert all(v.case_sensitive for v in variants)


def test_malformed_yaml_gives_the_line() -> None:
    text = lex_text("""\
      c:
        description: d
        labels:
          x: {variants: [a, b, rationale: r}
    """)
    found = problems(text)
    assert len(found) == 1 and found[0][0] == 12 and "malformed YAML" in found[0][1]


def test_malformed_yaml_in_a_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(lex_text("""\
      c:
        description: d
         labels: {}
    """), encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    message = str(info.value)
    assert str(path) in message and re.search(r"demo\.yaml:1[01]: malformed YAML", message)


def test_duplicate_variant_within_a_label() -> None:
    found = problems(lex_text("""\
      c:
        description: d
        labels:
          x:
            variants: [rebel, Rebel]
            rationale: r
    """))
    assert found == [(13, "variant 'Rebel' is listed twice in label c.x (also line 13); remove one")]


def test_inflected_form_equal_to_a_listed_one_is_not_a_duplicate() -> None:
    lex = parse_lexicon(lex_text("""\
      c:
        description: d
        labels:
          x: {variants: [rebel, {text: rebels, inflect: none}], inflect: noun, rationale: r}
    """))
    assert [v.text for v in lex.concepts["c"].labels["x"].variants] == ["rebel", "rebels"]


def test_duplicate_variant_across_labels_and_concepts() -> None:
    found = problems(lex_text("""\
      c:
        description: d
        labels:
          x: {variants: [rebel], inflect: noun, rationale: r}
          y:
            variants:
              - rebels
            rationale: r
      d:
        description: d
        labels:
          z: {variants: [REBEL], rationale: r}
    """))
    assert [line for line, _ in found] == [15, 20]
    assert "already a variant of label c.x (line 12)" in found[0][1]
    assert "'REBEL' of label d.z is already a variant of label c.x" in found[1][1]


def test_unknown_tag_key_and_value() -> None:
    found = problems(lex_text("""\
      c:
        description: d
        labels:
          x:
            variants: [a]
            tags: {stance: loud, tone: calm}
            rationale: r
    """))
    assert [line for line, _ in found] == [14, 14]
    assert "unknown value 'loud' for tag 'stance' in label c.x; allowed: ['neutral', 'loaded']" in found[0][1]
    assert "unknown tag key 'tone'" in found[1][1] and "declare it under 'tags:'" in found[1][1]


def test_unknown_and_missing_keys() -> None:
    text = lex_text("""\
      c:
        description: d
        labels:
          x:
            variant: [a]
            rationale: r
    """).replace("language: en\n", "langauge: en\n")
    found = problems(text)
    msgs = {line: msg for line, msg in found}
    assert "unknown key 'langauge' in the lexicon file" in msgs[4]
    assert "lacks the required key 'language'" in msgs[1]
    assert "unknown key 'variant' in label c.x" in msgs[13]
    assert "label c.x lacks the required key 'variants'" in msgs[12]


def test_empty_labels_and_variants() -> None:
    found = problems(lex_text("""\
      c:
        description: d
        labels: {}
      e:
        description: d
        labels:
          x: {variants: [], rationale: r}
          y: {variants: ["  "], rationale: r}
    """))
    msgs = [m for _, m in found]
    assert [line for line, _ in found] == [11, 15, 16]
    assert "concept 'c' has no labels" in msgs[0]
    assert "label e.x has no variants" in msgs[1]
    assert "is empty" in msgs[2]


def test_names_must_be_identifiers_and_concepts_must_not_shadow_tags() -> None:
    found = problems(lex_text("""\
      stance:
        description: d
        labels:
          Bad-Label: {variants: [a], rationale: r}
    """))
    msgs = " | ".join(m for _, m in found)
    assert "concept 'stance' has the name of a tag key" in msgs
    assert "label name 'Bad-Label'" in msgs


def test_duplicate_mapping_key() -> None:
    found = problems(lex_text("""\
      c:
        description: d
        labels:
          x: {variants: [a], rationale: r}
          x: {variants: [b], rationale: r}
    """))
    assert found == [(13, "duplicate key 'x' in the labels of concept 'c' (first at line 12); merge or remove one")]


def test_arbitrary_python_tags_are_rejected() -> None:
    found = problems(lex_text("""\
      c:
        description: !!python/object/apply:os.system ["echo unsafe"]
        labels:
          x: {variants: [a], rationale: r}
    """))
    assert found[0][0] == 10


def test_name_must_match_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(lex_text("""\
      c:
        description: d
        labels:
          x: {variants: [a], rationale: r}
    """), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"other\.yaml:1: name 'demo' differs from the file name 'other'"):
        load_lexicon(path)
    good = tmp_path / "demo.yaml"
    good.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_lexicon(str(good)).name == "demo"


def test_empty_file_and_citation_required() -> None:
    assert problems("")[0][1].startswith("the file is empty")
    text = lex_text("""\
      c:
        description: d
        labels:
          x: {variants: [a], rationale: r}
    """).replace("citation: Nobody (2025).\n", "")
    assert any("give a 'citation'" in m for _, m in problems(text))


def test_unknown_lexicon_name_lists_available() -> None:
    with pytest.raises(LexiconNotFoundError) as info:
        load_lexicon("syria")
    message = str(info.value)
    assert "unknown lexicon 'syria'" in message
    for name in OWN:
        assert name in message
    with pytest.raises(FileNotFoundError, match="no lexicon file at 'missing.yaml'"):
        load_lexicon("missing.yaml")
    with pytest.raises(TypeError):
        load_lexicon(3)  # type: ignore[arg-type]


def test_lexicon_object_passes_through() -> None:
    lex = load_lexicon("hedges")
    assert load_lexicon(lex) is lex
    assert isinstance(lex, Lexicon)


def test_edited_file_is_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    body = """\
      c:
        description: d
        labels:
          x: {variants: [a], rationale: r}
    """
    path.write_text(lex_text(body), encoding="utf-8")
    assert load_lexicon(path).concepts["c"].labels["x"].variants[0].text == "a"
    path.write_text(lex_text(body.replace("[a]", "[bb]")), encoding="utf-8")
    assert load_lexicon(path).concepts["c"].labels["x"].variants[0].text == "bb"
