"""Tests for framing.corpus.scrape: scraped-page structure, body cleaning, wire origin, HTML."""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus.scrape import (
    AGENCIES,
    _match_dateline,
    RESULT_KEYS,
    clean_body,
    detect_origin,
    find_date,
    parse_html,
    parse_scraped,
    photo_credits,
)
from framing.corpus.text import normalize_text

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text))


def kept_tokens(result: dict) -> Counter:
    """Every word the result keeps anywhere (title, text, captions, credits, boilerplate)."""
    return tokens(
        "\n".join(
            [result["title"], result["text"], result["captions"], result["credits"] or "", result["boilerplate"]]
        )
    )


def assert_nothing_lost(raw: str, result: dict) -> None:
    """Every word of the input is kept somewhere, except in a dateline prefix
    ("WASHINGTON, March 3 (Reuters) -"), which is kept as its dateline and origin fields only."""
    norm = normalize_text(raw)
    missing = tokens(norm) - kept_tokens(result)
    if missing:
        prefixes = " ".join(line[: m.end] for line in norm.split("\n") if (m := _match_dateline(line)))
        missing -= tokens(prefixes)
    assert not missing, f"words lost: {dict(missing)}"


def assert_result_shape(result: dict) -> None:
    assert tuple(result) == RESULT_KEYS
    for key in ("title", "captions", "photo_credits", "boilerplate", "text"):
        assert isinstance(result[key], str)
    for key in ("section", "date", "byline", "dateline", "origin", "credits"):
        assert result[key] is None or isinstance(result[key], str)
    assert isinstance(result["flags"], list)
    assert result["origin"] is None or result["origin"] in AGENCIES


# ---------------------------------------------------------------------------
# the seed article
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def result(seed_raw):
    return parse_scraped(seed_raw)


class TestSeed:
    def test_header(self, result):
        assert result["title"] == "Putin offers Syria's Sharaa support and cooperation"
        assert result["section"] == "World"
        assert result["date"] == "2025-03-20"

    def test_caption(self, result):
        caption = (
            "Syria's interim President Ahmed al-Sharaa attends an interview with Reuters at the presidential "
            "palace, in Damascus, Syria March 10, 2025. REUTERS/Khalil Ashawi/File Photo"
        )
        assert result["captions"].split("\n") == [caption]
        assert "al-Sharaa attends" not in result["text"]
        assert result["photo_credits"] == "REUTERS/Khalil Ashawi/File Photo"
        assert photo_credits(result["captions"]) == ["REUTERS/Khalil Ashawi/File Photo"]

    def test_dateline_and_origin(self, result):
        assert result["dateline"] == "MOSCOW"
        assert result["origin"] == "Reuters"

    def test_text(self, result):
        text = result["text"]
        assert text.startswith("President Vladimir Putin sent a message")
        assert text.endswith("the naval facility in Tartous.")
        assert "MOSCOW" not in text and "(Reuters)" not in text
        assert "Reuters reported in December" in text  # an ordinary paragraph stays
        assert text.count("\n\n") == 5  # six paragraphs, breaks kept
        assert "Russia's \"practical cooperation\"" in text  # quotes normalized

    def test_credits(self, result):
        assert result["credits"] == "Reporting by Guy Faulconbridge; editing by Mark Heinrich"

    def test_boilerplate(self, result):
        lines = result["boilerplate"].split("\n")
        assert "Follow us on our official WhatsApp channel for breaking news alerts and key updates!" in lines
        start = lines.index("Next In World")
        headlines = lines[start + 1 : start + 11]
        assert headlines[0] == "WTO chief stresses need to learn from history on U.S. push for import substitution"
        assert headlines[-1] == "Crude futures settle lower"
        assert len(headlines) == 10
        assert "Others Also Read" in lines
        assert "Next In World" not in result["text"] and "Crude futures" not in result["text"]

    def test_nothing_lost(self, seed_raw, result):
        assert_result_shape(result)
        assert result["flags"] == []
        assert_nothing_lost(seed_raw, result)

    def test_clean_body_on_the_body_alone(self, seed_raw):
        body = seed_raw[seed_raw.index("MOSCOW (Reuters)") :]
        result = clean_body(body)
        assert result["title"] == ""
        assert result["origin"] == "Reuters" and result["dateline"] == "MOSCOW"
        assert result["text"] == parse_scraped(seed_raw)["text"]


# ---------------------------------------------------------------------------
# other layouts
# ---------------------------------------------------------------------------


def test_ap_layout():
    raw = fixture("ap_washington.txt")
    r = parse_scraped(raw)
    assert r["title"] == "Senate panel advances bipartisan rail safety bill"
    assert r["byline"] == "JANE MARLOW"
    assert r["date"] == "2025-03-04"
    assert (r["dateline"], r["origin"]) == ("WASHINGTON", "AP")
    assert r["text"].startswith("A Senate committee on Tuesday advanced")
    assert r["text"].endswith("rail companies had been consulted.")
    assert '"would save lives"' in r["text"]
    assert r["captions"].startswith("FILE - In this Feb. 3, 2023, file photo")
    assert r["photo_credits"] == "AP Photo/Gene Parker, File"
    assert r["credits"] == "Associated Press writer Mark Ellison in Columbus, Ohio, contributed to this report."
    boiler = r["boilerplate"].split("\n")
    assert "Advertisement" in boiler and "___" in boiler
    assert any(b.startswith("Copyright 2025 The Associated Press") for b in boiler)
    assert "Advertisement" not in r["text"] and "Copyright" not in r["text"]
    assert_nothing_lost(raw, r)


def test_afp_layout():
    raw = fixture("afp_paris.txt")
    r = parse_scraped(raw)
    assert r["title"] == "France unveils plan to halve farm pesticide use"
    assert r["date"] == "2025-02-06"
    assert (r["dateline"], r["origin"]) == ("PARIS", "AFP")
    assert r["section"] is None  # the agency label is a credit, not a section
    assert r["credits"].split("\n") == ["AFP", "jd-abc/fz/jm"]
    assert r["photo_credits"] == "Photo by Jean Dupuis / AFP"
    assert "© Agence France-Presse" in r["boilerplate"]
    assert r["text"].startswith("France on Thursday unveiled")
    assert r["text"].endswith("according to a parliamentary report.")
    assert "farmer sprays" not in r["text"]
    assert_nothing_lost(raw, r)


def test_bloomberg_layout_with_byline_and_inline_link_list():
    raw = fixture("bloomberg_style.txt")
    r = parse_scraped(raw)
    assert r["title"] == "Copper Climbs as China Stimulus Bets Lift Metals Demand"
    assert r["byline"] == "Jane Whitfield and Omar Haddad"
    assert r["date"] == "2025-03-20"  # the first date; the "Updated" line is kept in boilerplate
    assert r["origin"] == "Bloomberg" and r["dateline"] is None
    assert r["text"].startswith("Copper rose to the highest")
    assert "Most Read" not in r["text"] and "Fed Officials Signal" not in r["text"]
    assert '"The market is looking through' in r["text"]  # the paragraph after the list is kept
    assert r["text"].endswith("for six straight weeks.")
    assert r["credits"].split("\n") == [
        "With assistance from Li Wen.",
        "To contact the reporters on this story:",
        "Jane Whitfield in London at jwhitfield@example.net",
    ]
    assert "Updated on March 20, 2025 at 6:40 AM EDT" in r["boilerplate"]
    assert "©2025 Bloomberg L.P." in r["boilerplate"]
    assert_nothing_lost(raw, r)


def test_local_non_wire_story():
    raw = fixture("local_news.txt")
    r = parse_scraped(raw)
    assert r["title"] == "City council approves new bike lanes on Main Street"
    assert r["section"] == "News > Local"
    assert r["byline"] == "Priya Natarajan"
    assert r["date"] == "2025-03-18"
    # "Reuters reported ..." and "The Associated Press has covered ..." are mentions, not origin
    assert r["origin"] is None and r["dateline"] is None
    assert "Reuters reported last year" in r["text"]
    assert r["text"].startswith("The Riverton City Council voted 5-2")
    assert r["text"].endswith("last about three months.")
    for gone in ("Advertisement", "ADVERTISEMENT", "Read more", "Sign up", "Related", "Farmers market", "Copyright"):
        assert gone not in r["text"]
    boiler = r["boilerplate"].split("\n")
    assert boiler[:3] == ["Skip to main content", "Menu", "Search"]
    assert "Read more: Riverton's downtown parking study, explained" in boiler
    assert "Farmers market returns to Elm Park this weekend" in boiler
    assert "Privacy Policy | Terms of Use | Cookie Settings" in boiler
    assert r["text"].count("\n\n") == 3  # the four story paragraphs survive
    assert_nothing_lost(raw, r)


def test_xinhua_layout():
    raw = fixture("xinhua_beijing.txt")
    r = parse_scraped(raw)
    assert r["title"] == "China's foreign trade up 5 pct in 2024"
    assert r["date"] == "2025-01-13"
    assert (r["dateline"], r["origin"]) == ("BEIJING", "Xinhua")
    assert r["credits"].split("\n") == ["Source: Xinhua", "Editor: Zhang Min"]
    assert r["photo_credits"] == "Xinhua/Li Ming"
    assert r["text"].startswith("China's foreign trade in goods rose 5 percent")
    assert_nothing_lost(raw, r)


def test_guardian_like_layout_with_newsletter_block_and_topics():
    raw = fixture("guardian_style.txt")
    r = parse_scraped(raw)
    assert r["title"] == "Heatwave pushes UK power demand to summer record"
    assert r["section"] == "Energy"
    assert r["origin"] is None
    assert r["photo_credits"] == "Sam Porter/Getty Images"
    assert r["text"].split("\n\n") == [
        "Electricity demand in Britain hit a summer record on Tuesday as temperatures climbed above 33C for "
        "a third day, the grid operator said.",
        "Air-conditioning use in offices was the main driver, the operator added, while solar output helped "
        "cover the afternoon peak.",
        "By Monday, the network had already issued two warnings to suppliers.",  # not a byline
    ]
    assert "Free daily newsletter" in r["boilerplate"] and "Reuse this content" in r["boilerplate"]
    assert_nothing_lost(raw, r)


def test_fixture_bodies_through_clean_body_keep_origin():
    for name, origin in [
        ("ap_washington.txt", "AP"),
        ("afp_paris.txt", "AFP"),
        ("bloomberg_style.txt", "Bloomberg"),
        ("xinhua_beijing.txt", "Xinhua"),
        ("local_news.txt", None),
    ]:
        raw = fixture(name)
        body = raw.split("\n\n", 1)[1]  # as a dataset would store it: without the headline
        r = clean_body(body)
        assert r["origin"] == origin, name
        assert r["title"] == ""
        if origin is not None:  # (the local page starts with navigation, not its headline)
            assert r["text"] == parse_scraped(raw)["text"], name


# ---------------------------------------------------------------------------
# rules one by one
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("(Reuters) - Oil prices rose.", "Reuters"),
        ("MOSCOW (Reuters) -President Putin spoke.", "Reuters"),
        ("WASHINGTON (AP) \u2014 Lawmakers met.", "AP"),
        ("WASHINGTON, March 3 (Reuters) - Talks resumed.", "Reuters"),
        ("PARIS (AFP) - France said.", "AFP"),
        ("BEIJING, Jan. 5 (Xinhua) -- China said.", "Xinhua"),
        ("MOSCOW, March 20. /TASS/. Russia said.", "TASS"),
        ("New Delhi [India], March 20 (ANI): The government said.", "ANI"),
        ("SEOUL, March 20 (Yonhap) -- North Korea fired.", "Yonhap"),
        ("BERLIN (dpa) - Germany said.", "dpa"),
        ("ANKARA (AA) - Turkey said.", "Anadolu"),
        ("(Bloomberg) -- Copper rose.", "Bloomberg"),
        ("Talks resumed.\n\n(Reporting by Guy Faulconbridge; editing by Mark Heinrich)", "Reuters"),
        ("Talks resumed.\n\n(c) Copyright Thomson Reuters 2025", "Reuters"),
        ("Talks resumed.\n\nCopyright 2025 The Associated Press. All rights reserved.", "AP"),
        ("Talks resumed.\n\nThe Associated Press contributed to this report.", "AP"),
        ("Talks resumed.\n\nAssociated Press writer Jane Doe contributed to this report.", "AP"),
        ("Talks resumed.\n\nContributing: Jane Doe, USA TODAY; The Associated Press", "AP"),
        ("Talks resumed.\n\n(With inputs from PTI)", "PTI"),
        ("Talks resumed.\n\n- Reuters", "Reuters"),
        ("Talks resumed.\n\nSource: AFP", "AFP"),
        ("By Jane Doe, Reuters\n\nTalks resumed.", "Reuters"),
        ("By The Associated Press\n\nTalks resumed.", "AP"),
        ("Talks resumed.\n\n\u00a92025 Bloomberg L.P.", "Bloomberg"),
        ("Talks resumed.\n\nbur-abc/def", "AFP"),
    ],
)
def test_detect_origin_signals(text, origin):
    assert detect_origin(text) == origin


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Reuters reported in December that Russia was pulling back forces.",
        "The Associated Press has covered the debate, and AFP reported the same.",
        "The company told Reuters it would appeal.\n\nIt declined to comment to AFP.",
        "Syria's president in Damascus. REUTERS/Khalil Ashawi/File Photo",  # a photo credit is not authorship
        "Image copyright Reuters Image caption A rally in London",
        "Washington (CNN) Talks resumed.",  # a broadcaster's dateline, not a wire agency
        "Senator Casey (PA) said the bill would pass.",
        "Copyright 2025 The Riverton Gazette. All rights reserved.",
    ],
)
def test_detect_origin_ignores_mentions(text):
    assert detect_origin(text) is None


def test_dateline_strongest_signal_wins():
    text = "WASHINGTON (AP) - Talks resumed.\n\nReuters contributed to this report."
    assert detect_origin(text) == "AP"


@pytest.mark.parametrize(
    ("body", "dateline", "origin", "start"),
    [
        ("KANSAS CITY, Mo. (AP) \u2014 The city council met.", "KANSAS CITY, Mo.", "AP", "The city council met."),
        ("SAN JUAN, Puerto Rico (AP) - Power returned.", "SAN JUAN, Puerto Rico", "AP", "Power returned."),
        ("ST. LOUIS (AP) - A jury ruled.", "ST. LOUIS", "AP", "A jury ruled."),
        ("NEW YORK, March 3 (Reuters Breakingviews) - Banks rallied.", "NEW YORK", "Reuters", "Banks rallied."),
        ("Washington (CNN)Hillary Clinton agreed.", "Washington", None, "Hillary Clinton agreed."),
        ("GAZA CITY - Israeli strikes hit.", "GAZA CITY", None, "Israeli strikes hit."),
        ("(CNN) - The court ruled.", None, None, "The court ruled."),
    ],
)
def test_datelines(body, dateline, origin, start):
    r = clean_body(body)
    assert (r["dateline"], r["origin"], r["text"]) == (dateline, origin, start)


@pytest.mark.parametrize(
    "body",
    [
        "Senator Warren (D-Mass.) said the bill would pass.",
        "Apple (AAPL) shares rose 3% on Monday.",
        "AMY GOODMAN: Welcome to the show.",
        "NATO (North Atlantic Treaty Organization) officials met.",
        "EDITOR'S NOTE - This story contains graphic details.",
        "Ms. Smith (AP) said she would run.",
        "BREAKING - A strong earthquake struck.",
        "By the time police arrived, the crowd had left.",
        "By Monday, the team had left the city.",
    ],
)
def test_lines_that_only_look_structural_stay_in_text(body):
    r = clean_body(body)
    assert r["text"] == body and r["dateline"] is None and r["byline"] is None


def test_clean_body_never_removes_ordinary_paragraphs():
    body = (
        "The council met on Tuesday.\n\n"
        "Members argued about the budget, the schools and the roads.\n\n"
        '"We will decide next week," the mayor said.\n\n'
        "Short line\n\n"
        "The vote is set for May 2."
    )
    r = clean_body(body)
    assert r["text"] == body
    assert r["boilerplate"] == "" and r["captions"] == "" and r["credits"] is None
    assert r["flags"] == []


def test_single_newline_paragraphs_are_kept_and_joined_consistently():
    body = "First paragraph.\nAdvertisement\nSecond paragraph.\n\nThird paragraph."
    r = clean_body(body)
    assert r["text"] == "First paragraph.\nSecond paragraph.\n\nThird paragraph."


def test_inline_credits_at_the_end_are_split_off():
    r = clean_body("Talks resumed. Both sides met. (Reporting by Jane Doe; Editing by John Roe)")
    assert r["text"] == "Talks resumed. Both sides met."
    assert r["credits"] == "Reporting by Jane Doe; Editing by John Roe"
    assert r["origin"] == "Reuters"
    r = clean_body("They met on Monday. Associated Press writer Jane Doe contributed to this report.")
    assert r["text"] == "They met on Monday."
    assert r["credits"] == "Associated Press writer Jane Doe contributed to this report."
    r = clean_body("They met. AP writer Jim Salter in St. Louis, Mo., contributed to this report.")
    assert r["credits"] == "AP writer Jim Salter in St. Louis, Mo., contributed to this report."
    line = "Associated Press writers Jim Salter in St. Louis and Jane Doe in Washington, D.C., contributed to this report."
    assert clean_body(f"They met.\n\n{line}")["credits"] == line


@pytest.mark.parametrize(
    "line",
    [
        "(Additional reporting by Jane Doe in Paris)",
        "(Writing by John Roe; Editing by Alex Poe)",
        "(Compiled by Jane Doe)",
        "Reporting by Jane Doe; Editing by John Roe",
        "Writing by John Roe",
        "--With assistance from Li Wen.",
        "Contributing: Jane Doe",
    ],
)
def test_credit_lines(line):
    r = clean_body(f"Talks resumed on Monday.\n\n{line}")
    assert r["text"] == "Talks resumed on Monday."
    assert r["credits"] == line.strip("()").lstrip("-")


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("Putin meets Sharaa in Moscow, March 20, 2025. Sputnik/Kristina Kormilitsina/Pool via REUTERS",
         "Sputnik/Kristina Kormilitsina/Pool via REUTERS"),
        ("Trump speaks in Washington. (AP Photo/Evan Vucci)", "AP Photo/Evan Vucci"),
        ("Crowds gather in Paris. (Photo by Jean Dupuis/AFP via Getty Images)", "Photo by Jean Dupuis/AFP via Getty Images"),
        ("A woman attends a blessing in Minsk. Photo: Sergei Gapon/AFP via Getty Images", "Sergei Gapon/AFP via Getty Images"),
        ("Supporters celebrate in Paris. Photograph: Jean Pelissier/Reuters", "Jean Pelissier/Reuters"),
        ("A view of the port. [Photo/Xinhua]", "Photo/Xinhua"),
        ("Minds will not be changed. Photo: Getty Images", "Photo: Getty Images"),
        ("The senator speaks on March 24. Getty Images", "Getty Images"),
        ("Cranes at the port in Qingdao, Jan. 10, 2025. (Xinhua/Li Ming)", "Xinhua/Li Ming"),
    ],
)
def test_photo_captions(caption, credit):
    r = clean_body(f"{caption}\n\nThe story begins here.")
    assert r["captions"] == caption
    assert r["photo_credits"] == credit
    assert r["text"] == "The story begins here."


def test_caption_start_markers():
    body = "FILE PHOTO: A view of the Kremlin in Moscow.\n\nIn this photo taken on May 2, a man walks.\n\nText."
    r = clean_body(body)
    assert r["captions"].split("\n") == ["FILE PHOTO: A view of the Kremlin in Moscow.", "In this photo taken on May 2, a man walks."]
    assert r["text"] == "Text." and r["photo_credits"] == ""


def test_photo_credits_helper():
    assert photo_credits("") == []
    assert photo_credits("A.\nNo credit\nB. REUTERS/Jane Doe") == ["REUTERS/Jane Doe"]
    with pytest.raises(TypeError):
        photo_credits(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Sponsored",
        "Story continues below advertisement",
        "Follow us on Telegram for the latest updates",
        "Join our WhatsApp channel",
        "Sign up for our newsletter",
        "Subscribe to our daily briefing newsletter",
        "Download the app for breaking news alerts",
        "Share this article",
        "Facebook Twitter Email",
        "Share: Facebook | X | LinkedIn",
        "Read more: Why the council voted against the plan",
        "RELATED: Five things to know about the budget",
        "Copyright 2025 Example News. All rights reserved.",
        "\u00a9 2025 Example Media Group",
        "We use cookies to improve your browsing experience. By continuing you accept our cookie policy.",
        "Tags: budget, council",
        "5 min read",
        "6 years ago",
        "Slideshow (12 Images)",
    ],
)
def test_boilerplate_lines(line):
    r = clean_body(f"Talks resumed on Monday.\n\n{line}\n\nThey ended on Friday.")
    assert r["text"] == "Talks resumed on Monday.\n\nThey ended on Friday."
    assert r["boilerplate"] == normalize_text(line)


@pytest.mark.parametrize("heading", ["Related", "Read more", "Also read", "Most popular", "Recommended", "More from World", "You may also like"])
def test_link_list_headings_take_their_headlines(heading):
    body = f"Talks resumed.\n\n{heading}\n\nFirst linked headline here\nSecond linked headline here\n\nThe talks end Friday."
    r = clean_body(body)
    assert r["text"] == "Talks resumed.\n\nThe talks end Friday."
    assert r["boilerplate"].split("\n") == [heading, "First linked headline here", "Second linked headline here"]


def test_trailing_headline_list_without_heading():
    body = "Talks resumed.\n\nFinland cuts taxes to boost growth\nU.S. stocks close higher\nCrude futures settle lower"
    r = clean_body(body)
    assert r["text"] == "Talks resumed."
    assert len(r["boilerplate"].split("\n")) == 3


def test_trailing_tallies_and_single_lines_are_kept():
    body = "Results by state:\n\n- Arizona: 51,539\n- Ohio: 22,506"
    assert clean_body(body)["text"] == normalize_text(body)
    body = "Talks resumed.\n\nA final word"
    assert clean_body(body)["text"] == body


# ---------------------------------------------------------------------------
# header rules
# ---------------------------------------------------------------------------


def test_header_variants():
    page = "Talks resume in Geneva\n\nHome > World > Europe\nBy Jane Doe | March 3, 2025\n\nTalks resumed on Monday."
    r = parse_scraped(page)
    assert r["title"] == "Talks resume in Geneva"
    assert r["section"] == "World > Europe"
    assert r["byline"] == "Jane Doe" and r["date"] == "2025-03-03"
    assert r["text"] == "Talks resumed on Monday."
    page = "Talks resume\n\nSection: Politics\n2025-03-03\n\nTalks resumed on Monday."
    r = parse_scraped(page)
    assert (r["section"], r["date"]) == ("Politics", "2025-03-03")


def test_section_label_above_the_headline():
    r = parse_scraped("World\n\nPutin offers Syria's Sharaa support\n\nBy Jane Doe, Reuters\n\nTalks resumed on Monday.")
    assert (r["section"], r["title"], r["byline"], r["origin"]) == ("World", "Putin offers Syria's Sharaa support", "Jane Doe, Reuters", "Reuters")
    r = parse_scraped("Talks resume\n\nTalks resumed on Monday.")  # a short headline stays the title
    assert (r["section"], r["title"]) == (None, "Talks resume")


def test_no_headline_first_line():
    r = parse_scraped("MOSCOW (Reuters) - Talks resumed on Monday after a long pause.")
    assert r["title"] == "" and "no_title" in r["flags"]
    assert r["text"] == "Talks resumed on Monday after a long pause."


def test_ambiguous_date_is_flagged_not_guessed():
    page = "Talks resume\n\n05/03/2025\n\nTalks resumed on Monday."
    r = parse_scraped(page)
    assert r["date"] is None and "ambiguous_date" in r["flags"]
    assert "05/03/2025" in r["boilerplate"]
    assert parse_scraped(page, dayfirst=True)["date"] == "2025-03-05"
    assert parse_scraped(page, dayfirst=False)["date"] == "2025-05-03"
    assert parse_scraped(page.replace("05/03", "20/03"))["date"] == "2025-03-20"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Thursday, 20 Mar 2025", "2025-03-20"),
        ("March 20, 2025", "2025-03-20"),
        ("Mar. 20 2025", "2025-03-20"),
        ("2025-03-20", "2025-03-20"),
        ("2025/3/20", "2025-03-20"),
        ("20/03/2025", "2025-03-20"),
        ("03/20/2025", "2025-03-20"),
        ("20.03.2025", "2025-03-20"),
        ("20th of March, 2025", "2025-03-20"),
        ("Updated 4:10 p.m. ET, Thu March 20, 2025", "2025-03-20"),
        ("2025-03-20T09:15:00Z", "2025-03-20"),
        ("MARCH 20, 2025", "2025-03-20"),
        ("05/03/2025", None),
        ("20/03/25", None),
        ("February 30, 2025", None),
        ("no date here", None),
        ("", None),
    ],
)
def test_find_date(text, iso):
    assert find_date(text) == iso


def test_find_date_dayfirst_and_earliest():
    assert find_date("05/03/2025", dayfirst=True) == "2025-03-05"
    assert find_date("05/03/2025", dayfirst=False) == "2025-05-03"
    assert find_date("Published March 20, 2025. Updated 2025-03-22") == "2025-03-20"
    with pytest.raises(TypeError):
        find_date(20250320)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("parser", [parse_scraped, clean_body])
@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t\n", "\u200b\u00a0"])
def test_empty_input(parser, raw):
    r = parser(raw)
    assert_result_shape(r)
    assert r["text"] == "" and r["flags"] == ["empty_input", "no_body_found"]


@pytest.mark.parametrize("parser", [parse_scraped, clean_body])
def test_only_boilerplate(parser):
    raw = "Advertisement\n\nSubscribe now\n\nFollow us on Facebook\n\nCopyright 2025 Example News"
    r = parser(raw)
    assert r["text"] == "" and "no_body_found" in r["flags"]
    assert r["boilerplate"].split("\n") == ["Advertisement", "Subscribe now", "Follow us on Facebook", "Copyright 2025 Example News"]


@pytest.mark.parametrize("parser", [parse_scraped, clean_body, detect_origin])
def test_type_errors(parser):
    with pytest.raises(TypeError, match="str"):
        parser(b"bytes")
    with pytest.raises(TypeError):
        parser(None)


PIECES = [
    "Putin offers support",
    "• World",
    "• Thursday, 20 Mar 2025",
    "MOSCOW (Reuters) -President Putin sent a message.",
    "WASHINGTON (AP) \u2014 Lawmakers met.",
    "A man walks. REUTERS/Jane Doe/File Photo",
    "(Reporting by Jane Doe; editing by John Roe)",
    "Advertisement",
    "Next In World",
    "Finland cuts taxes to boost growth",
    "By Jane Doe",
    "Related",
    "It said so. (AP Photo/X Y)",
    "The talks ended.",
    "Reuters reported that talks ended.",
    "Associated Press writer Jane Doe contributed to this report.",
    "05/03/2025",
    "Home > World",
    "|",
    "(",
    "-",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(PIECES), st.text(alphabet=st.characters(codec="utf-8"), max_size=30)),
        max_size=14,
    ),
    st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", " \r\n"]), min_size=14, max_size=14),
)
def test_random_pages_never_raise_and_lose_nothing(pieces, seps):
    raw = "".join(p + s for p, s in zip(pieces, seps))
    for parser in (parse_scraped, clean_body):
        r = parser(raw)
        assert_result_shape(r)
        assert_nothing_lost(raw, r)
        if not r["text"]:
            assert "no_body_found" in r["flags"]


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


class TestHtml:
    def test_article_page(self):
        html = fixture("reuters_page.html")
        r = parse_html(html, url="https://example.org/business/port-strike")
        assert_result_shape(r)
        assert r["title"] == "Port strike halts container traffic in Rotterdam"
        assert r["date"] == "2025-03-21" and r["byline"] == "Bart Meijer" and r["section"] == "Business"
        assert (r["dateline"], r["origin"]) == ("AMSTERDAM", "Reuters")
        assert r["credits"] == "Reporting by Bart Meijer; Editing by Jan Harvey"
        assert r["photo_credits"] == "REUTERS/Piroschka van de Wouw"
        paragraphs = r["text"].split("\n\n")
        assert len(paragraphs) == 4
        assert paragraphs[0].startswith("A strike by lashers at the port of Rotterdam")
        assert paragraphs[-1].endswith("rival ports in Antwerp and Hamburg.")
        boiler = r["boilerplate"].split("\n")
        for line in ("Home", "Markets", "Read more", "Dutch government to review port labour rules",
                     "Sign up for our daily newsletter", "\u00a9 2025 Example Wire Reader. All rights reserved."):
            assert line in boiler
            assert line not in r["text"]
        assert "dataLayer" not in r["boilerplate"] and "font-family" not in r["boilerplate"]

    def test_bytes_input(self):
        html = fixture("reuters_page.html").encode("utf-8")
        r = parse_html(html)
        assert r["title"] == "Port strike halts container traffic in Rotterdam" and "bad_encoding" not in r["flags"]
        r = parse_html(fixture("reuters_page.html").replace("Europe's", "Europe\u2019s").encode("cp1252"))
        assert "Europe's largest port" in r["text"] and "bad_encoding" in r["flags"]

    def test_menu_words_that_also_occur_in_the_body_stay_in_boilerplate(self):
        r = parse_html(fixture("reuters_page.html"))
        assert "Business" in r["boilerplate"].split("\n")  # a menu item, although "Business" is the section
        assert "Markets" in r["boilerplate"].split("\n")

    def test_page_without_article(self):
        html = "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav><footer>Copyright 2025 Example</footer></body></html>"
        r = parse_html(html)
        assert r["text"] == "" and "no_body_found" in r["flags"]
        assert "Home World" in r["boilerplate"] and "Copyright 2025 Example" in r["boilerplate"]

    @pytest.mark.parametrize("html", ["", "   ", "<html></html>", "<<<>>>", "plain words only"])
    def test_degenerate_pages_do_not_raise(self, html):
        r = parse_html(html)
        assert_result_shape(r)
        if not r["text"]:
            assert "no_body_found" in r["flags"]

    def test_external_entities_are_not_loaded(self, tmp_path):
        secret = tmp_path / "secret.txt"
        secret.write_text("TOPSECRETVALUE", encoding="utf-8")
        html = (
            f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            "<html><body><article><p>Talks resumed on Thursday after a long pause, officials in the capital "
            "said in a statement. &xxe;</p><p>Both sides agreed to meet again next month to continue the "
            "negotiations on trade and energy.</p></article></body></html>"
        )
        r = parse_html(html)
        assert "TOPSECRETVALUE" not in str(r)
        assert r["text"].startswith("Talks resumed on Thursday")

    def test_missing_trafilatura_says_how_to_install(self, monkeypatch):
        monkeypatch.setitem(sys.modules, "trafilatura", None)
        with pytest.raises(ImportError, match=r"pip install framing\[html\]"):
            parse_html("<html><body><p>x</p></body></html>")

    def test_type_error(self):
        with pytest.raises(TypeError):
            parse_html(None)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# real datasets
# ---------------------------------------------------------------------------


def _load(data_dir: Path, name: str, step: int = 1) -> list[dict]:
    path = data_dir / name / "articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for i, line in enumerate(handle) if i % step == 0]


@pytest.fixture(scope="module")
def allsides(data_dir):
    """Every 8th AllSides article (about 2,600, all outlets)."""
    return _load(data_dir, "allsides_abp", step=8)


@pytest.mark.data
def test_clean_body_on_real_datasets(data_dir, allsides):
    records = allsides[::3] + _load(data_dir, "basil") + _load(data_dir, "pac")
    assert len(records) > 1000
    empty = 0
    for record in records:
        raw = record["text"] or ""
        r = clean_body(raw)
        assert_result_shape(r)
        assert_nothing_lost(raw, r)
        empty += r["text"] == ""
    assert empty <= len(records) * 0.002  # (a caption-only record is legitimately empty)


@pytest.mark.data
def test_wire_origin_on_real_agency_articles(allsides):
    wires = {"Reuters": "Reuters", "Associated Press": "AP"}
    others = [r for r in allsides if r["outlet"] not in wires][::4]
    hits, totals = Counter(), Counter()
    for record in [r for r in allsides if r["outlet"] in wires]:
        totals[record["outlet"]] += 1
        hits[record["outlet"]] += clean_body(record["text"] or "")["origin"] == wires[record["outlet"]]
    for outlet in wires:
        assert totals[outlet] > 20
        assert hits[outlet] / totals[outlet] > 0.7, (outlet, hits[outlet], totals[outlet])
    # other outlets: mostly their own text; when an origin is found it is a real wire credit
    found = Counter(clean_body(r["text"] or "")["origin"] for r in others)
    assert found[None] / len(others) > 0.85
