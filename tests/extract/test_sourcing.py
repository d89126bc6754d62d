"""SourcingFeatures: quotes, speakers, reporting verbs, according-to and anonymous sourcing."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import math
import pickle
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline

from framing.corpus.scrape import parse_scraped
from framing.extract.sourcing import FEATURES, SourcingFeatures, find_quotes

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ("basil", "pac", "allsides_abp", "babe", "narrative_frames")


@pytest.fixture(scope="module")
def sf() -> SourcingFeatures:
    return SourcingFeatures().fit(pd.DataFrame({"text": [""]}))


@pytest.fixture(scope="module")
def seed_doc(seed_raw: str) -> pd.DataFrame:
    page = parse_scraped(seed_raw)
    return pd.DataFrame({"doc_id": ["seed"], "title": [page["title"]], "captions": [page["captions"]],
                         "text": [page["text"]]})


def mentions_of(sf: SourcingFeatures, text: str) -> pd.DataFrame:
    return sf.mentions(pd.DataFrame({"text": [text]}))


def check_offsets(frame: pd.DataFrame, ments: pd.DataFrame) -> None:
    """Every mention's offsets point at its matched text, speaker and quote."""
    texts = frame.set_index(frame["doc_id"].astype(str) if "doc_id" in frame else frame.index.astype(str))
    for m in ments.itertuples(index=False):
        text = texts.loc[m.doc_id, m.field]
        assert text[m.start:m.end] == m.matched
        if m.speaker_start >= 0:
            assert text[m.speaker_start:m.speaker_end] == m.speaker
        else:
            assert m.speaker == "" or m.kind == "according_to"
        if m.quote_start >= 0:
            assert m.start <= m.quote_start <= m.quote_end <= m.end


# ---------------------------------------------------------------------------
# quotes


def contents(text: str) -> list[str]:
    return [text[q.content_start:q.content_end] for q in find_quotes(text)]


def test_straight_and_curly_quotes_and_multi_sentence():
    text = 'He said "We won. We will win again." She said “No way.” Then “A” and "B".'
    assert contents(text) == ["We won. We will win again.", "No way.", "A", "B"]
    assert all(q.closed for q in find_quotes(text))
    for q in find_quotes(text):
        assert text[q.start] in '"“' and text[q.end - 1] in '"”'


def test_paragraph_opening_quote_convention_gives_one_quote():
    text = '"First paragraph of the quote.\n\n"Second paragraph," he said.\n\nNo quote here.'
    qs = find_quotes(text)
    assert len(qs) == 1
    assert text[qs[0].content_start:qs[0].content_end] == 'First paragraph of the quote.\n\n"Second paragraph,'
    assert qs[0].closed


def test_unbalanced_quotes_close_at_paragraph_end_or_before_next_opening():
    # paragraph without closing mark, next paragraph not a quote
    text = 'He said "this never closes.\n\nNext paragraph is plain.'
    assert contents(text) == ["this never closes."]
    assert find_quotes(text)[0].closed is False
    # an opening mark while a quote is open: the open one ends at its last sentence end
    text = 'Obama said the task force had “presented steps to us. He added: “My point is this.”'
    assert contents(text) == ["presented steps to us.", "My point is this."]
    # end of text
    assert contents('Trailing "open quote') == ["open quote"]
    # only a stray closing mark
    assert find_quotes('a stray” mark and a 6" board') == []


def test_nested_single_quotes_are_part_of_the_double_quote():
    text = '"He said \'I knew you\'d say that,\'" Sestak said. “It is ‘subject to’ review.”'
    assert contents(text) == ["He said 'I knew you'd say that,'", "It is ‘subject to’ review."]


def test_top_level_single_quotes_as_in_headlines_but_not_apostrophes():
    title = "Trump vows birthright citizenship ‘will be ended one way or the other,’ as debate rages"
    assert contents(title) == ["will be ended one way or the other,"]
    assert contents("Rock 'n' roll in the '90s and the rebels' base, Syria's army") == []
    assert contents("Critics call it 'reckless' today") == ["reckless"]


def test_mixed_glyphs_close_each_other():
    text = '“We can’t put this off any longer." Obama said.'
    assert contents(text) == ["We can’t put this off any longer."]


# ---------------------------------------------------------------------------
# speakers and verbs


def test_seed_acceptance(sf: SourcingFeatures, seed_doc: pd.DataFrame):
    feats, ments = sf.extract(seed_doc)
    check_offsets(seed_doc, ments)
    text = seed_doc.loc[0, "text"]
    direct = ments[ments.kind == "direct_quote"]
    # Peskov quoted via "Kremlin spokesman Dmitry Peskov said, according to Russian news agencies"
    efforts = direct[direct.matched.str.startswith('"efforts to stabilise')].iloc[0]
    assert efforts.speaker in ("Peskov", "Dmitry Peskov") and efforts.verb == "said"
    assert efforts.verb_class == "neutral"
    acc = ments[ments.kind == "according_to"]
    assert acc.speaker.tolist() == ["Russian news agencies"]
    assert acc.sentence_id.iloc[0] == efforts.sentence_id
    # the "Peskov said" after the second quote
    readiness = direct[direct.matched.str.startswith("\"Russia's continuing readiness")].iloc[0]
    assert readiness.speaker == "Peskov" and readiness.verb == "said"
    assert text[readiness.end:readiness.end + 12] == " Peskov said"
    attrib = ments[ments.kind == "attribution"]
    pairs = set(zip(attrib.speaker, attrib.verb))
    assert ("Kremlin", "said") in pairs  # "the Kremlin said"
    assert ("Reuters", "reported") in pairs  # "Reuters reported"
    assert ("Dmitry Peskov", "said") in pairs and ("Peskov", "said") in pairs
    # "Reuters reported in December that ..." is indirect speech
    ind = ments[ments.kind == "indirect"]
    reuters = ind[ind.speaker == "Reuters"].iloc[0]
    assert text[reuters.quote_start:reuters.quote_end].startswith("Russia was pulling back forces")
    assert feats.loc["seed", "sourcing__n_direct"] == 4
    assert feats.loc["seed", "sourcing__n_according_to"] == 1
    assert feats.loc["seed", "sourcing__n_loaded_verbs"] == 0
    assert feats.loc["seed", "sourcing__loaded_verb_share"] == 0.0
    # speakers: Kremlin, Putin, Peskov, Reuters
    assert feats.loc["seed", "sourcing__n_speakers"] == 4


@pytest.mark.parametrize(
    ("text", "speaker", "verb"),
    [
        ('"We will stay," said Peskov.', "Peskov", "said"),
        ('"We will stay," said a senior administration official.', "a senior administration official", "said"),
        ('"We will stay," Kremlin spokesman Dmitry Peskov told reporters.', "Dmitry Peskov", "told"),
        ('The Kremlin, which backed Assad for decades, said: "We will stay."', "Kremlin", "said"),
        ('"We will stay," Matt Bennett, a spokesman for Third Way, a research group, said.', "Matt Bennett", "said"),
        ('Mr. Obama on Thursday said, "I can assure the public."', "Mr. Obama", "said"),
        ('"The ban is wrong," a spokesman for the NRA said.', "a spokesman for the NRA", "said"),
        ('"We will stay," he insisted.', "he", "insisted"),
    ],
)
def test_speaker_patterns(sf: SourcingFeatures, text: str, speaker: str, verb: str):
    ments = mentions_of(sf, text)
    q = ments[ments.kind == "direct_quote"].iloc[0]
    assert (q.speaker, q.verb) == (speaker, verb)
    assert text[q.speaker_start:q.speaker_end] == speaker


def test_continuing_quote_inherits_the_speaker(sf: SourcingFeatures):
    text = '"This is the tactic," Weiner told reporters. "But I will not allow it."\n\n"Never," he added.'
    q = mentions_of(sf, text).query("kind == 'direct_quote'")
    assert q.speaker.tolist() == ["Weiner", "Weiner", "he"]
    assert q.verb.tolist() == ["told", "told", "added"]


def test_loaded_verbs_and_share(sf: SourcingFeatures):
    docs = ["Critics claimed the plan had failed. The minister admitted the plan was late. Aides said it was fine.",
            "No one spoke about the plan at all."]
    feats = pd.DataFrame(sf.transform(docs), columns=sf.get_feature_names_out())
    assert feats.loc[0, "sourcing__n_loaded_verbs"] == 2
    assert feats.loc[0, "sourcing__n_neutral_verbs"] == 1
    assert feats.loc[0, "sourcing__loaded_verb_share"] == pytest.approx(2 / 3)
    assert feats.loc[0, "sourcing__n_indirect"] == 3
    assert math.isnan(feats.loc[1, "sourcing__loaded_verb_share"])
    assert math.isnan(feats.loc[1, "sourcing__quotes_per_speaker"])
    assert feats.loc[1, "sourcing__n_quotes"] == 0


def test_according_to_and_anonymous_sources(sf: SourcingFeatures):
    text = ("Troops pulled back, according to a statement from the defence ministry. "
            "The talks stalled, officials said on condition of anonymity.")
    ments = mentions_of(sf, text)
    acc = ments[ments.kind == "according_to"].iloc[0]
    assert acc.speaker == "a statement from the defence ministry"
    anon = ments[ments.kind == "anonymous"]
    assert set(anon.matched) >= {"on condition of anonymity"}
    feats = sf.transform([text])[0]
    names = list(sf.get_feature_names_out())
    assert feats[names.index("sourcing__n_anonymous")] >= 1
    assert feats[names.index("sourcing__n_according_to")] == 1


def test_pronoun_speakers_resolve_for_counting(sf: SourcingFeatures):
    text = ('"We won," said Josh Horowitz. "We are ready," he said. '
            'Senator Harry Reid said the bill was dead. The White House said it disagreed.')
    feats = pd.DataFrame(sf.transform([text]), columns=sf.get_feature_names_out())
    assert feats.loc[0, "sourcing__n_speakers"] == 3  # horowitz (= he), reid, house
    assert feats.loc[0, "sourcing__quoted_word_share"] == pytest.approx(5 / len(text.split()))


# ---------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize(
    "text",
    [
        "there is no capitalised name anywhere in this text, only words said softly.",
        'THE KREMLIN SAID ON THURSDAY THAT "RUSSIA WILL STAY," PESKOV SAID.',
        'He said "open and never closed',
        '"Outer \'inner "deep" inner\' outer," she said.',
        '"One paragraph\n\n"Two paragraphs\n\n"Three," he said.\n\n""',
        '”"“”"“',
        "",
        "   \n\n  ",
    ],
)
def test_bad_input_gives_clear_results(sf: SourcingFeatures, text: str):
    frame = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    feats, ments = sf.extract(frame)
    assert list(feats.columns) == [f"sourcing__{n}" for n in FEATURES]
    check_offsets(frame, ments)
    assert set(ments.kind) <= {"direct_quote", "indirect", "according_to", "anonymous", "attribution"}


def test_all_caps_text_still_finds_quotes_and_verbs(sf: SourcingFeatures):
    text = '"RUSSIA WILL STAY," PESKOV SAID.'
    ments = mentions_of(sf, text)
    q = ments[ments.kind == "direct_quote"].iloc[0]
    assert q.matched == '"RUSSIA WILL STAY,"' and q.verb == "SAID"


def test_ten_thousand_word_sentence(sf: SourcingFeatures):
    text = " ".join(["officials said the rebels were advancing and"] * 1450) + ' "fine," he said.'
    frame = pd.DataFrame({"doc_id": ["long"], "text": [text]})
    feats, ments = sf.extract(frame)
    assert len(text.split()) > 10_000
    assert feats.loc["long", "sourcing__n_direct"] == 1
    check_offsets(frame, ments)


# ---------------------------------------------------------------------------
# scikit-learn contract


def test_sklearn_contract(sf: SourcingFeatures, seed_doc: pd.DataFrame):
    est = clone(SourcingFeatures(fields=("title", "text")))
    assert est.get_params()["fields"] == ("title", "text")
    out = est.fit(seed_doc).set_output(transform="pandas").transform(seed_doc)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == [f"sourcing__{n}" for n in FEATURES]
    again = pickle.loads(pickle.dumps(est))
    assert np.allclose(again.transform(seed_doc), est.transform(seed_doc), equal_nan=True)
    pipe = Pipeline([("src", SourcingFeatures()), ("impute", SimpleImputer(strategy="constant", fill_value=0.0))])
    assert pipe.fit_transform(seed_doc).shape == (1, len(FEATURES))


def test_fit_validates_the_lexicons(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        SourcingFeatures(report_verbs="no-such-lexicon").fit(["x"])
    with pytest.raises(ValueError, match="report_verbs is None"):
        SourcingFeatures(report_verbs=None).fit(["x"])
    lex = tmp_path / "plain-verbs.yaml"
    lex.write_text(
        "name: plain-verbs\nversion: '1'\ndescription: d\nlanguage: en\ncitation: c\ntags: {}\n"
        "concepts:\n  report_verb:\n    description: d\n    labels:\n      say:\n        variants: [said]\n"
        "        rationale: r\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="stance"):
        SourcingFeatures(report_verbs=str(lex)).fit(["x"])
    est = SourcingFeatures(anonymous=None).fit(["x"])
    assert est.anon_lexicon_ is None


# ---------------------------------------------------------------------------
# real data


def _sample(data_dir: Path, name: str, n: int) -> pd.DataFrame:
    path = data_dir / name / "articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        recs = [json.loads(line) for line in islice(f, n)]
    return pd.DataFrame({"doc_id": [str(r["id"]) for r in recs], "title": [r.get("title") for r in recs],
                         "text": [r["text"] for r in recs]})


@pytest.mark.data
@pytest.mark.parametrize("name", DATASETS)
def test_runs_on_every_dataset(data_dir: Path, sf: SourcingFeatures, name: str):
    frame = _sample(data_dir, name, 25)
    feats, ments = sf.extract(frame)
    assert feats.shape == (len(frame), len(FEATURES))
    check_offsets(frame.fillna(""), ments)
    assert (feats["sourcing__n_quotes"] >= 0).all()
    if name != "babe":  # news articles with quotes in every dataset
        assert feats["sourcing__n_direct"].sum() > 0


@pytest.mark.data
def test_quote_extraction_on_hand_annotated_basil_sample(data_dir: Path):
    spec = importlib.util.spec_from_file_location("quote_eval", ROOT / "scripts" / "quote_eval.py")
    quote_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(quote_eval)
    with (ROOT / "tests" / "data" / "basil_quotes_gold.csv").open(encoding="utf-8", newline="") as f:
        gold = list(csv.DictReader(f))
    ids = {g["doc_id"] for g in gold}
    assert len(gold) >= 100 and len(ids) >= 10
    with gzip.open(data_dir / "basil" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        texts = {r["id"]: r["text"] for r in map(json.loads, f) if r["id"] in ids}
    for g in gold:  # the annotations point at the text they describe
        assert texts[g["doc_id"]][int(g["quote_start"]):].startswith(g["quote_head"])
    corpus = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})
    ments = SourcingFeatures(fields=("text",)).fit(corpus).mentions(corpus)
    res = quote_eval.evaluate(gold, ments[ments.kind == "direct_quote"].to_dict("records"), texts)
    # measured: precision 0.971, recall 1.000, speaker accuracy 0.773 (docs/sourcing_agency.md)
    assert res["precision"] >= 0.9 and res["recall"] >= 0.95
    assert res["speaker_accuracy"] >= 0.7


def test_public_names_exist():
    import framing.extract.sourcing as sourcing

    assert all(hasattr(sourcing, name) for name in sourcing.__all__)


@pytest.mark.parametrize(
    ("text", "contents"),
    [
        ("He said 'we won' today", ["we won"]),
        ("'It's fine,' he said", ["It's fine,"]),  # an apostrophe before a letter does not close
        ("'abc ' def' x", ["abc ' def"]),  # a mark after a space does not close
        ("'abc\ndef' x", []),  # a single quote does not cross a line break
        ("'" + "a" * 398 + "' x", ["a" * 398]),  # closing mark 399 characters after the opening one
        ("'" + "a" * 399 + "' x", []),  # ... 400 characters after: too far
        ("'a ‘b’ c'", ["a ‘b"]),  # the first mark that can close does (single quotes do not nest)
    ],
)
def test_single_quote_closing_marks(text: str, contents: list[str]):
    assert [text[q.content_start:q.content_end] for q in find_quotes(text)] == contents


def test_positions_of_marks():
    from framing.extract.sourcing import _positions

    text = 'x "a" “b” ‘c’ \'d\' «e»'
    for chars in ('"', '"“”„«»', "'‘", "?"):
        assert _positions(text, chars) == [i for i, c in enumerate(text) if c in chars]


def test_in_quote_marks_the_characters_of_the_quotes():
    from bisect import bisect_left

    from framing.extract.sourcing import _in_quote_fn

    text = 'He said "no." She said \'yes\' and "maybe\n\nthen'
    quotes = find_quotes(text)
    starts = [q.start for q in quotes]

    def by_bisect(pos: int) -> bool:  # the last quote starting at or before pos holds it
        k = bisect_left(starts, pos + 1) - 1
        return k >= 0 and quotes[k].start <= pos < quotes[k].end

    in_quote = _in_quote_fn(quotes, len(text))
    assert [bool(in_quote(i)) for i in range(len(text))] == [by_bisect(i) for i in range(len(text))]
    assert not _in_quote_fn([], 10)(3)


def test_bounds_give_each_token_its_sentence():
    from framing.extract.sourcing import _bounds

    assert _bounds([]) == []
    assert _bounds([3, 0, 1, 2]) == [(0, 3)] * 3 + [(3, 4)] + [(4, 6)] * 2


def test_hits_by_lexicon_is_find_per_lexicon_and_counts_words():
    from framing.extract.sourcing import _hits_by_lexicon
    from framing.lexicons.schema import load_lexicon

    verbs, anon = load_lexicon("report-verbs"), load_lexicon("anonymous-sourcing")
    both = verbs.matcher()
    anon.add_to(both)
    for text in ("", "Officials said, according to people familiar with the matter, who spoke on condition "
                     "of anonymity.\nHe   ADDED: “no”", "nothing to see"):
        by_lex, n_words = _hits_by_lexicon(both, text)
        assert n_words == len(text.split())
        for lex in (verbs, anon):
            want = [(h.start, h.end, h.payloads[0]) for h in lex.matcher().find(text)]
            assert [(h.start, h.end, h.payloads[0]) for h in by_lex.get(lex.name, [])] == want
