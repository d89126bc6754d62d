"""Structure of scraped news pages: title, section, date, captions, dateline, credits, boilerplate.

A scraped article (a page dump saved as text, a body field of a dataset, or an
HTML page) mixes the story with page furniture. The functions here split it
into the fields of the corpus table (:data:`framing.corpus.schema.CORPUS_COLUMNS`)
with general, documented rules; nothing is special-cased for one site. The
text is first normalized with :func:`framing.corpus.text.normalize_text`
(quotes, dashes, spaces), then handled line by line. **Nothing is lost**:
every line that is not body text is kept verbatim in ``title``, ``captions``,
``credits`` (without enclosing parentheses) or ``boilerplate`` (which also
keeps the metadata lines, such as ``• Thursday, 20 Mar 2025`` or
``By Jane Doe``, that the metadata fields were read from); only a dateline
prefix such as ``MOSCOW (Reuters) -`` is reduced to its ``dateline`` and
``origin`` fields. The caller keeps the raw input as ``raw_text``.

Result fields
-------------
Every public parser returns a dict with these keys:

============== ===================================================================
key            value
============== ===================================================================
title          headline (``str``, ``''`` when none was found)
section        site section such as ``'World'`` (``str`` or ``None``)
date           publication date as ISO ``'YYYY-MM-DD'`` (``str`` or ``None``)
byline         author line without its ``By`` (``'Jane Doe, Reuters'``) or ``None``
dateline       place of the dateline (``'MOSCOW'``, ``'KANSAS CITY, Mo.'``) or ``None``
origin         canonical wire agency (a key of :data:`AGENCIES`) or ``None``
credits        reporting/editing credits, one per line, parentheses removed, or ``None``
captions       photo captions with their photo credits, one per line (``str``)
photo_credits  the photo credit of each caption that has one, one per line (``str``)
boilerplate    every other removed line, one per line, in page order (``str``)
text           the clean, normalized body (``''`` when none was found)
flags          notes about the parse (``list`` of ``str``, see below)
============== ===================================================================

Rules (in the order they are tried on each line)
------------------------------------------------
1. **Boilerplate lines**: advertisement markers (``Advertisement``,
   ``ADVERTISEMENT``, ``Sponsored``, ``Story continues below advertisement``),
   navigation and share buttons (``Share``, ``Facebook Twitter Email``,
   ``Skip to content``, ``Sign in``), calls to action (``Follow us on ...``,
   ``Sign up for our newsletter``, ``Subscribe ...``, ``Join our WhatsApp /
   Telegram channel``, ``Download the app``, ``Support local journalism``),
   copyright lines (``©``, ``(c)``, ``Copyright``, ``All rights reserved``),
   cookie and privacy notices, ``Tags:``/``Topics:`` lines, ``5 min read``,
   ``6 years ago``, gallery counters (``1 of 5``, ``Slideshow (12 Images)``),
   separator lines (``___``, ``* * *``), one-line links (``Read more:
   <headline>``, ``RELATED: ...``, ``Also read | ...``, ``WATCH: ...``) and
   lines made only of such items (``Privacy Policy | Terms of Use``). A
   sign-up line (newsletter, subscription, download, podcast) of three or
   more words also takes the non-sentence lines right under it in the same
   paragraph (a newsletter box: ``Sign up to ...`` /
   ``Free daily newsletter`` / ``Get set for the working day ...``).
2. **Link-list headings**: a short line such as ``Next In World``, ``Related``,
   ``Read more``, ``Also read``, ``Others Also Read``, ``Most popular``,
   ``Recommended``, ``Trending``, ``You may also like``, ``More from ...``,
   ``Most Read from Bloomberg``, ``Topics`` goes to ``boilerplate`` together with the headline-like lines that follow
   it (in its own paragraph, or in the next paragraph when the heading stands
   alone), up to the first sentence-like line.
3. **Photo captions**: a line that ends with a photo credit
   (``REUTERS/Name/File Photo``, ``Name/Sputnik/Pool via REUTERS``,
   ``(AP Photo/Name)``, ``(Photo by Name/AFP via Getty Images)``,
   ``Photo: ...``, ``Photograph: ...``, ``[Photo/Xinhua]``, ``(Xinhua/Name)``,
   ``... . Getty Images``), or that starts like a caption (``FILE PHOTO:``,
   AP's ``FILE - ...``, ``In this photo ...``, ``Image copyright ...``,
   ``Image caption ...``), goes to ``captions``; the credit
   itself is also listed in ``photo_credits`` (see :func:`photo_credits`).
4. **Credits**: ``(Reporting by ...; editing by ...)``, ``(Additional
   reporting by ...)``, ``(Writing by ...)``, ``(Compiled by ...)``, the same
   without parentheses, ``<Agency> writer X contributed to this report.``,
   ``Contributing: ...``, ``Editor: ...``, ``--With assistance from ...``,
   ``To contact the reporter ...``, short contact lines with an e-mail
   address, ``(With inputs from ...)``, AFP editor slugs
   (``bur-abc/def``) and agency sign-offs (a line that is only ``- Reuters``,
   ``(AFP)``, ``Source: Reuters``). A Reuters-style credit glued to the end of
   the last paragraph (``... Tartous. (Reporting by ...)``) is split off too,
   and so is a final ``... contributed to this report.`` sentence.
5. **Bylines**: ``By Jane Doe``, ``By Jane Doe and John Roe``,
   ``By JANE DOE, Associated Press``, ``By The Associated Press``,
   ``Written by ...``; every word after ``By`` must be a name word (capitalized,
   an initial, or a particle such as ``de``, ``van``, ``al``, ``and``), so
   ``By the time ...`` or ``By Monday, the ...`` stay in the text. Several
   metadata items on one line separated by ``|`` or ``·`` are split first.
6. **Date lines**: a short line whose only content is a date (plus words such
   as ``Published``/``Updated``, a weekday, a time and a time zone). The first
   one gives ``date``; later ones go to ``boilerplate``.
7. Everything else is body text.

Then, on the body:

* **Dateline**: the first of the first three body lines that starts with a
  dateline loses it: ``MOSCOW (Reuters) -``, ``WASHINGTON, March 3 (Reuters) -``,
  ``WASHINGTON (AP) -`` (AP's em dash is normalized), ``PARIS (AFP) -``,
  ``BEIJING, Jan. 5 (Xinhua) --``, ``KANSAS CITY, Mo. (AP) -``,
  ``New Delhi [India], March 20 (ANI):``, ``MOSCOW, March 20. /TASS/.``,
  ``(Bloomberg) --``, ``(CNN) -``, ``Washington (CNN)`` and an all-caps place
  followed by a dash (``GAZA CITY -``). A place followed by a colon alone is
  not a dateline (``AMY GOODMAN:`` is a transcript speaker). A mixed-case
  place is accepted only with a known agency or broadcaster in the
  parentheses and never after a title (``Ms.``, ``Sen.``, ``President``), so
  ``Senator Warren (D-Mass.) said`` or ``Apple (AAPL) shares`` are left alone.
  Labels such as ``EDITOR'S NOTE -`` or ``BREAKING -`` are not places.
* **Trailing link lists**: two or more headline-like lines (four words or
  more, not ending in a number) after the last sentence-like paragraph go to
  ``boilerplate``. A single such line, or a tally such as ``Arizona: 51,539``,
  is kept.
* Ordinary paragraphs are never removed.

:func:`parse_scraped` additionally reads a page header: leading navigation
lines are boilerplate; a one- or two-word capitalized line directly above a
longer headline is the ``section``; the first remaining line is the ``title`` when it
looks like a headline (at most 30 words, starts with a capital, digit or
quote, does not end with ``.``, ``,``, ``;`` or ``:``); the lines after it
that are bullets (``•``, ``*``, ``-``, ``·``), breadcrumbs
(``Home > World``), ``Section: ...``, dates, bylines or a one-to-three-word
capitalized line are header markers: a date gives ``date``, a byline gives
``byline``, the first other marker gives ``section`` (a breadcrumb without its
``Home``, joined by `` > ``: ``World > Europe``). The header ends at the
first caption, credit, link-list heading, dateline or body line.

Dates
-----
Recognized formats (see :func:`find_date`): ``2025-03-20`` (also with ``/``
or ``.``), ``Thursday, 20 Mar 2025``, ``20 March 2025``, ``March 20, 2025``,
``Mar. 20 2025``, ``Thu March 20, 2025`` and numeric day/month forms
``20/03/2025``, ``03/20/2025`` (also with ``.`` or ``-``). A numeric form is
**ambiguous** when both numbers are at most 12 (``05/03/2025``): it is then
read day-first with ``dayfirst=True``, month-first with ``dayfirst=False``,
and not read at all with the default ``dayfirst=None`` (``date`` stays
``None``, the flag ``'ambiguous_date'`` is set and the line is kept in
``boilerplate``). Two-digit years are not read.

Wire origin
-----------
:func:`detect_origin` reads only structural positions, never a bare mention:
the strongest signal wins (dateline > byline > contributed/credit/sign-off
lines > copyright lines > Reuters-style ``(Reporting by ...; Editing by ...)``
credits > AFP editor slugs). ``Reuters reported on Monday that ...`` in a
paragraph is not a signal. Photo credits are not signals either (an outlet's
own story often carries a Reuters photo).

Flags
-----
``'empty_input'`` (nothing but whitespace), ``'no_body_found'`` (no body text
remains), ``'no_title'`` (:func:`parse_scraped`/:func:`parse_html` found no
headline), ``'ambiguous_date'`` (see Dates), ``'unparseable_html'``,
``'bad_encoding'`` (:func:`parse_html` was given bytes that
:func:`framing.corpus.text.decode_bytes` had to guess or repair).

Examples
--------
>>> r = clean_body("MOSCOW (Reuters) - Putin spoke.\\n\\n(Reporting by Guy Faulconbridge)")
>>> r["dateline"], r["origin"], r["text"], r["credits"]
('MOSCOW', 'Reuters', 'Putin spoke.', 'Reporting by Guy Faulconbridge')
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from framing.corpus.text import decode_bytes, normalize_text

__all__ = [
    "AGENCIES",
    "RESULT_KEYS",
    "parse_scraped",
    "clean_body",
    "parse_html",
    "detect_origin",
    "find_date",
    "photo_credits",
]

logger = logging.getLogger(__name__)

#: Wire agencies: canonical name -> the names it appears under. ``origin`` is always a key.
AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "Thomson Reuters", "Reuters Breakingviews", "Breakingviews"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "Xinhua": ("Xinhua", "Xinhua News Agency"),
    "TASS": ("TASS", "Tass", "ITAR-TASS"),
    "UPI": ("UPI", "United Press International"),
    "ANI": ("ANI", "Asian News International"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "UNI": ("UNI", "United News of India"),
    "EFE": ("EFE", "Agencia EFE"),
    "ANSA": ("ANSA",),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Jiji": ("Jiji", "Jiji Press"),
    "Yonhap": ("Yonhap", "Yonhap News Agency"),
    "Anadolu": ("Anadolu", "Anadolu Agency", "AA"),
    "Interfax": ("Interfax",),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Sputnik": ("Sputnik",),
    "PA Media": ("PA Media", "Press Association", "PA"),
    "Canadian Press": ("The Canadian Press", "Canadian Press", "CP"),
    "AAP": ("AAP", "Australian Associated Press"),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
    "IRNA": ("IRNA",),
    "KCNA": ("KCNA",),
}

#: Keys of every result dict, in order.
RESULT_KEYS: tuple[str, ...] = (
    "title",
    "section",
    "date",
    "byline",
    "dateline",
    "origin",
    "credits",
    "captions",
    "photo_credits",
    "boilerplate",
    "text",
    "flags",
)

# two-letter aliases that are also common abbreviations (Pennsylvania, ...):
# trusted only after an all-caps dateline place or in a byline/credit line
_WEAK_ALIASES = frozenset({"AA", "PA", "CP"})

_ALIAS_TO_AGENCY: dict[str, str] = {}
for _canon, _aliases in AGENCIES.items():
    for _alias in _aliases:
        for _variant in {_alias, _alias.upper()} if len(_alias) > 4 else {_alias}:
            _ALIAS_TO_AGENCY[_variant] = _canon
_AGENCY_ALT = "|".join(re.escape(a) for a in sorted(_ALIAS_TO_AGENCY, key=len, reverse=True))
_AGENCY = rf"(?<![\w-])(?:{_AGENCY_ALT})(?![\w-])"
_AGENCY_RE = re.compile(_AGENCY)

# broadcasters/outlets that use a "Place (SOURCE)" dateline without being wire agencies
_DATELINE_OUTLETS = r"(?:CNN|CNBC|NBC|CBS|ABC|BBC|VOA|NPR|RFE/RL|KHN|JTA|RNS|CNS)(?: [A-Z][A-Za-z]+)?"


def _agency_of(name: str) -> str | None:
    name = name.strip()
    if name.startswith("The ") and name not in _ALIAS_TO_AGENCY:
        name = name[4:]
    return _ALIAS_TO_AGENCY.get(name)


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?"
_DATE_YMD_RE = re.compile(r"(?<![\d.])(?P<y>1[89]\d\d|20\d\d|2100)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d])")
_DATE_DMY_NAME_RE = re.compile(
    rf"(?<![\w])(?:{_WEEKDAY},?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<y>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_DATE_MDY_NAME_RE = re.compile(
    rf"(?<![\w])(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_DATE_NUMERIC_RE = re.compile(r"(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d])")


@dataclass(frozen=True)
class _DateHit:
    iso: str | None
    ambiguous: bool
    start: int
    end: int


def _valid(y: int, m: int, d: int) -> str | None:
    if not 1800 <= y <= 2100:
        return None
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _find_date(text: str, dayfirst: bool | None) -> _DateHit | None:
    hits: list[_DateHit] = []
    for regex in (_DATE_YMD_RE, _DATE_DMY_NAME_RE, _DATE_MDY_NAME_RE, _DATE_NUMERIC_RE):
        for m in regex.finditer(text):
            groups = m.groupdict()
            if "a" in groups:
                a, b, y = int(groups["a"]), int(groups["b"]), int(groups["y"])
                if a > 12 and b <= 12:
                    iso = _valid(y, b, a)
                elif b > 12 and a <= 12:
                    iso = _valid(y, a, b)
                elif a <= 12 and b <= 12 and a != b:
                    if dayfirst is None:
                        hits.append(_DateHit(None, True, m.start(), m.end()))
                        break
                    iso = _valid(y, b, a) if dayfirst else _valid(y, a, b)
                else:
                    iso = _valid(y, a, b)
            elif "mon" in groups:
                iso = _valid(int(groups["y"]), _MONTHS[groups["mon"][:3].lower()], int(groups["d"]))
            else:
                iso = _valid(int(groups["y"]), int(groups["m"]), int(groups["d"]))
            if iso:
                hits.append(_DateHit(iso, False, m.start(), m.end()))
                break
    if not hits:
        return None
    return min(hits, key=lambda h: h.start)


def find_date(text: str, *, dayfirst: bool | None = None) -> str | None:
    """Find the first date in a text and return it as ISO ``'YYYY-MM-DD'``.

    Parameters
    ----------
    text : str
        A line or text holding a date in one of the formats listed in the
        module docstring.
    dayfirst : bool or None, default None
        How to read an ambiguous numeric date such as ``05/03/2025``:
        ``True`` day-first (5 March), ``False`` month-first (3 May), ``None``
        not at all (returns ``None``).

    Returns
    -------
    str or None
        The ISO date of the earliest date in ``text``, or ``None``.

    Examples
    --------
    >>> find_date("Thursday, 20 Mar 2025")
    '2025-03-20'
    >>> find_date("Published March 20, 2025 at 5:00 p.m.")
    '2025-03-20'
    >>> find_date("20/03/2025"), find_date("05/03/2025"), find_date("05/03/2025", dayfirst=True)
    ('2025-03-20', None, '2025-03-05')
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    hit = _find_date(text, dayfirst)
    return hit.iso if hit else None


_TIME_RE = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?\s?m\.?)?(?=\W|$)|\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$)|T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)
def _date_line(text: str, dayfirst: bool | None) -> _DateHit | None:
    """A date hit when the line is nothing but a date (with its usual companions)."""
    if len(text) > 120:
        return None
    hit = _find_date(text, dayfirst)
    if hit is None:
        return None
    rest = text[: hit.start] + " " + text[hit.end :]
    rest = _TIME_RE.sub(" ", rest)
    rest = re.sub(r"\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?|\b(?:[A-Z]{1,2}[SD]?T|GMT|UTC|IST|CET|CEST|BST|MSK|AEST|AEDT|JST|KST|HKT|SGT)\b", " ", rest)
    words = [w for w in re.findall(r"[A-Za-z]+", rest) if w.lower() not in _DATE_FILLERS]
    return hit if len(words) == 0 else None


_DATE_FILLERS = frozenset(
    "published updated posted last first modified created date dated on at am pm a p m "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "edition issue time ago hr hrs hour hours min mins minute minutes day days".split()
)

# ---------------------------------------------------------------------------
# Line rules
# ---------------------------------------------------------------------------

_BULLET_RE = re.compile(r"^[•*\-·▪◦‣●■>]\s*")

_EXACT_BOILERPLATE = frozenset(
    p.strip()
    for p in (
        "advertisement|advertisements|ad|ads|sponsored|sponsored content|paid content|paid post|promoted|"
        "partner content|story continues below|story continues below advertisement|article continues below|"
        "article continues below advertisement|continue reading|continue reading below|scroll to continue|"
        "scroll to continue with content|content continues below|advertisement - scroll to continue|"
        "skip to content|skip to main content|skip to navigation|skip to footer|menu|main menu|open menu|"
        "close menu|search|close|home|back to top|top|sign in|sign up|log in|login|log out|register|"
        "subscribe|subscribe now|create account|create free account|my account|newsletter|newsletters|"
        "share|share this|share this article|share this story|share article|share story|tweet|email|print|"
        "copy link|link copied|save|save article|comments|comment|view comments|show comments|"
        "listen|listen to this article|listen to article|play|audio|watch|watch video|watch now|video|"
        "toggle caption|hide caption|show caption|enlarge this image|open image in gallery|view gallery|"
        "view image|expand image|loading|please wait|privacy policy|terms of use|terms of service|"
        "terms and conditions|cookie policy|cookie settings|manage cookies|accept|accept all|accept cookies|"
        "reject all|contact us|about us|follow us|newsletter sign up|sign up now|get the app|download the app|"
        "reuse this content|free daily newsletter|free weekly newsletter|facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|flipboard|instagram|youtube|"
        "email this|jump to|table of contents|show more|show less|read less|more|next|previous|prev|"
        "next article|previous article|next story|previous story|go to comments|breaking news|live|"
        "updated|published|by|photos|gallery|image|images|print this page|font size|text size"
    ).split("|")
)
_SHARE_WORDS = frozenset(
    "facebook twitter x linkedin whatsapp telegram reddit pinterest flipboard messenger sms email e-mail mail "
    "print share copy link tumblr comments comment save bluesky threads instagram youtube".split()
)
_HEADING_RE = re.compile(
    r"^(?:next in\b.*|more (?:from|in|on|about)\b.*|more [\w' ]{1,30} (?:news|stories)|"
    r"related(?: articles?| stories| story| coverage| content| news| topics| links| reading| posts| videos?)?|"
    r"read more|read also|also read|see also|read next|others also read|people also read|"
    r"most (?:popular|read|viewed|shared|watched|commented)(?: (?:news|stories|articles))?|"
    r"recommended(?: for you| stories| articles| reading| videos?)?|trending(?: now| stories| news| topics)?|"
    r"you (?:may|might) (?:also )?(?:like|enjoy)|you may have missed|top (?:stories|news|headlines)|"
    r"latest(?: news| stories| headlines| articles| updates)?|more (?:stories|news|articles|headlines)|"
    r"editor'?s'? (?:picks?|choice)|don'?t miss|must read|in other news|popular(?: now| stories| articles)?|"
    r"what to read next|up next|keep reading|also on [\w' ]{1,30}|from around the web|around the web|"
    r"more to explore|further reading|explore more|recent posts|latest posts|topics|tags|"
    r"more on (?:this|these) (?:story|stories|topics?)|explore more on these topics)"
    r"(?: (?:from|on|in|at) [\w.'& ]{1,30})?\s*:?$",
    re.IGNORECASE,
)
_LINK_LINE_RE = re.compile(
    r"^(?:read more|read also|also read|related(?: coverage| story| stories| article| articles| content)?|see also|"
    r"more|watch|listen|read|recommended|must read|also see|don'?t miss|click here|more on this|"
    r"opinion|trending|explainer|analysis|video|photos|gallery|live updates?)\s*(?::|\||>>|-{1,2})\s*\S",
    re.IGNORECASE,
)
# calls to action and page furniture; every alternative is anchored at the line start (used with .match)
_CTA_RE = re.compile(
    r"(?:follow|join|like|find|connect with|add) us\b|"
    r"(?:sign up|signup|subscribe|register|download|install|get|click|tap|join|follow|read|watch|listen|stay|"
    r"never miss|don'?t miss|want|like this|enjoy|support|become a (?:member|subscriber)|for (?:the latest|more|breaking)|"
    r"we'?d like|keep up|be the first|want more)\b.{0,200}\b(?:newsletters?|apps?|podcasts?|channel|whatsapp|telegram|"
    r"google news|alerts?|inbox|subscribers?|subscriptions?|subscribe|membership|e-?mail updates?|briefing|"
    r"notifications|follow us|on (?:facebook|twitter|x|instagram|linkedin|youtube|tiktok))\b|"
    r"support (?:real|local|independent|quality|our|trusted) journalism|your subscription\b|"
    r"(?:this|the) (?:article|story|content) is (?:only )?(?:available|for|reserved) (?:to |for )?(?:subscribers|members)|"
    r"already a (?:subscriber|member)|(?:thank you|thanks) for (?:reading|subscribing|signing up|your support)|"
    r"(?:have|got) a (?:news )?tip\b|(?:click|tap) here\b|share (?:this|on|via|with)\b|"
    r"(?:listen to|watch) (?:this|the) (?:article|story|video|podcast)\b|(?:advertisement|sponsored)\b.{0,40}$|"
    r"(?:tags?|topics?|filed under|categories|keywords|more about)\s*:|"
    r"(?:image|photo|picture|video|slide|gallery)?\s*\d{1,3} (?:of|/) \d{1,3}$|\d+\s*(?:min(?:ute)?s?|mins?)\.? read$|"
    r"reading time\b|this (?:article|story|content) (?:was|has been) (?:originally )?(?:published|updated|refiled|corrected)|"
    r"\(this (?:story|article|version) (?:has been|was) (?:refiled|corrected|updated)[^)]*\)\.?$|"
    r"\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago$|our standards\s*:|slideshow \(\d+ images?\)$|[\W_]+$|(?:report|suggest) (?:a|an) (?:correction|error|typo)|"
    r"(?:sign up|subscribe) (?:for|to|here|now|today)\b|privacy (?:notice|policy)\s*:|"
    r".{0,200}\b(?:see|read|agree to|review) (?:our|the) privacy (?:policy|notice)|"
    r"(?:[\w'-]+ ){0,3}(?:newsletters?|subscription|subscribe)(?: [\w'-]+){0,3}$",
    re.IGNORECASE,
)
_PROMO_RE = re.compile(r"\b(?:sign[ -]?up|subscribe|subscription|newsletters?|download|podcast)\b", re.IGNORECASE)
_COPYRIGHT_RE = re.compile(r"(?:©|\(c\)\s|copyright\b)|.*\ball rights reserved\b|this material may not be published", re.IGNORECASE)
_COOKIE_RE = re.compile(
    r"\bcookies?\b.{0,200}\b(?:consent|accept|privacy|policy|settings|preferences|browsing experience|agree)\b"
    r"|^(?:we use|this (?:web)?site uses) cookies",
    re.IGNORECASE,
)

_SEP_RE = re.compile(r"\s+[|·•]\s+")
_BREADCRUMB_RE = re.compile(r"\s+(?:>|»|›|/)\s+")
_SECTION_PREFIX_RE = re.compile(r"^(?:section|category|categories|filed in|in)\s*:\s*(?P<s>.+)$", re.IGNORECASE)

# photo credits at the end of a caption, most specific first
_PHOTO_AGENCY = (
    r"(?:REUTERS TV|REUTERS|Reuters|AFP|AP|EPA-EFE|EPA|XINHUA|Xinhua|SPUTNIK|Sputnik|ANADOLU AGENCY|ANADOLU|Anadolu Agency|"
    r"Anadolu|TASS|Tass|POOL|Pool|BLOOMBERG|Bloomberg|dpa|DPA|ANSA|EFE|YONHAP|Yonhap|KYODO|Kyodo|UPI|NurPhoto|"
    r"SOPA Images|LightRocket|Shutterstock|Alamy|WANA|HANDOUT|Handout|KCNA|IMAGO|Imago|ZUMA Press|ZUMA|Zuma|"
    r"AAP|PA Images|PA Wire|PA|THE CANADIAN PRESS|Getty Images|Getty|Redux|SIPA|Sipa|Polaris|ABACA|Abaca)"
)
_NAMEWORD = r"(?:[A-Z]\.|[A-Za-z][\w'\-]*)"
_CHAIN = rf"{_NAMEWORD}(?: {_NAMEWORD}){{0,4}}"
# (gate, pattern): the pattern is tried only when the gate (a substring) is in the caption's tail
_CREDIT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # (AP Photo/Evan Vucci), (Photo by X/AFP via Getty Images), (Xinhua/Li Xin)
    (")", re.compile(r"\((?=[^()]*(?:\bPhotos?\b|\bPHOTO\b|\bImages?\b|\bPicture\b|\bGetty\b|\bCredit\b|[A-Za-z]{2,}/ ?[A-Z]))[^()]{2,150}\)\.?$")),
    # [Photo/Xinhua], [Photo: Name]
    ("]", re.compile(r"\[(?:Photos?|Images?|Pic|Picture|Video)\s*(?:/|:)\s*[^\]\n]{1,80}\]\.?$", re.IGNORECASE)),
    # REUTERS/Name/File Photo
    ("/", re.compile(rf"(?<![\w/])(?:{_CHAIN}/)*{_PHOTO_AGENCY}(?:/[\w.'\- ]{{1,50}}){{1,4}}\.?$")),
    # Name/Sputnik/Pool via REUTERS, Name/AFP via Getty Images, Name/AP
    ("/", re.compile(rf"(?<![\w/])(?:Photo(?:graph)? by )?(?:{_CHAIN}/){{1,3}}{_PHOTO_AGENCY}(?: (?:via|for) {_PHOTO_AGENCY})?\.?$")),
    # ... via REUTERS / via Getty Images
    ("via ", re.compile(rf"\b(?:Photo(?:graph)? by [^.]{{1,80}} )?via {_PHOTO_AGENCY}\.?$")),
    # Photo by Name / Picture courtesy of ...
    ("", re.compile(r"\b(?:Photo|Photograph|Image|Picture)s? (?:by|courtesy(?: of)?) [A-Z][^.\n]{1,100}\.?$")),
    # Photo: ... / Photograph: ... / Credit: ...
    (":", re.compile(
        r"(?<!FILE )(?<!File )\b(?:Photo illustration|Photo Illustration|Photo credit|Image credit|Photograph|Photographer|Photos|Photo|Picture|Pic|Image|Credit|Illustration|PHOTO)\s*:\s*[^:\n]{2,80}\.?$"
    )),
    # ... sentence. Getty Images
    ("", re.compile(r"(?:^|(?<=[.!?\"']\s))(?:Getty Images|Shutterstock|AP Photo|File photo|FILE PHOTO)\.?$")),
    # ... sentence. Name/Outlet
    ("/", re.compile(rf"(?:^|(?<=[.!?\"']\s))[A-Z][\w'\-]*(?: {_NAMEWORD}){{0,3}}/(?:The )?[A-Z][\w'\-]*(?: [A-Z][\w'\-]*){{0,4}}\.?$")),
)
_CAPTION_START_RE = re.compile(
    r"^(?:Image|Photo|Picture|Video) (?:copyright|source|caption)\b|^Media caption\b|"
    r"^(?:FILE PHOTO|FILE PHOTOS|PHOTO|File photo|FILE)\s*(?::|-{1,2})\s*\S|"
    r"^In this (?:file |handout |undated |screen grab )*(?:photo|image|picture|video|screengrab|screen grab|frame grab)\b|"
    r"^This (?:file |handout |undated )*(?:photo|image|picture) (?:shows|taken|provided|released|made)\b"
)

_PAREN_CREDIT_RE = re.compile(
    r"^\(\s*(?:(?:additional|writing and additional|editing and additional)\s+)?(?:reporting|writing|editing|edited|"
    r"compiled|compiling|reported|research|graphics|translation|translated|production|produced|fact-checking|"
    r"with (?:inputs?|additional reporting|reporting|assistance) (?:from|by))\b[^\n]*\)\.?$",
    re.IGNORECASE,
)
_BARE_CREDIT_RE = re.compile(
    r"^(?:-{1,2}\s*)?(?:(?:additional|writing and additional)\s+)?(?:reporting|writing|editing|edited|compiled|"
    r"research|translation|translated|graphics|produced|fact-checking)\s+by\s+\S|"
    r"^(?:-{1,2}\s*)?with (?:assistance|additional reporting|reporting|inputs?) (?:from|by)\s+\S|"
    r"^(?:contributing(?: reporters?| writers?| editors?)?|editors?|edited by|editing|sub-?editor|translated by|translation)\s*:|^to contact the (?:reporters?|editors?|authors?|writers?)\b|"
    r"^\(?with inputs? from\b|^information from [^\n]{1,80}\b(?:was|were|is|has been) (?:used|included)\b|"
    r"^this (?:story|article|report) (?:has not been edited|is auto-generated|was generated|is published|has been published) "
    r"(?:by|from)\b",
    re.IGNORECASE,
)
_CONTRIBUTED_RE = re.compile(r"^[A-Z\"'(][^\n]{0,300}\bcontributed (?:to )?this (?:report|story|article)\)?\.?\)?$")
_SLUG_RE = re.compile(r"^[a-z]{2,6}(?:-[a-z]{2,6})*(?:/[a-z]{2,6}(?:-[a-z]{2,6})*)+$")
_SIGNOFF_RE = re.compile(rf"^(?:[\-(\s]*|(?:source|sources|via|with)\s*:?\s*)(?:The\s+)?({_AGENCY_ALT})(?:\s*(?:,|and|&)\s*(?:The\s+)?(?:{_AGENCY_ALT}))*[)\s.]*$", re.IGNORECASE)
_INLINE_CREDIT_RE = re.compile(
    r"\s*\(\s*(?:(?:additional|writing and additional)\s+)?(?:reporting|writing|editing|compiled|compiling)\s+by\b"
    r"[^()]*(?:\([^()]*\)[^()]*)*\)\.?$",
    re.IGNORECASE,
)
# a sentence end: not after an initial or a common abbreviation (D.C., St. Louis, Sen. Reyes)
_SENTENCE_BREAK_RE = re.compile(
    r"(?<![A-Z])(?<!\bSt)(?<!\bMt)(?<!\bFt)(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bJr)(?<!\bSr)(?<!\bMrs)(?<!\bGov)"
    r"(?<!\bSen)(?<!\bRep)(?<!\bGen)(?<!\bCol)(?<!\bSgt)(?<!\bNo)[.!?][\"')]*\s+(?=[\"'(]?[A-Z])"
)

_BYLINE_RE = re.compile(r"^(?:By|BY|Written by|Words by|Story by|Text by|Author|Authors)\s*:?\s+(?P<who>\S.*)$")
_NAME_PARTICLES = frozenset(
    "and in de del della da di dos du van von der den la le bin ibn al el of for the with at y e".split()
)
_NAME_TOKEN_RE = re.compile(r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.|&|\|)[,;]?$")

_HEADLINE_END_BAD = (".", ",", ";", ":")

# datelines -----------------------------------------------------------------
_UPPER_PLACE = r"[A-Z][A-Z'.\-]*(?: (?:[A-Z][A-Z'.\-]*|de|da|del|el|al|es))*"
_TITLE_PLACE = r"[A-Z][a-z'.\-]+(?: [A-Z][A-Za-z'.\-]+){0,3}"
_REGION = rf"(?:,\s*(?!{_MONTH}\s*\d)[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){{0,3}})"
_REGION_RE = re.compile(rf"\s*{_REGION}")
_DL_DATE = rf"(?:,?\s*(?:{_MONTH}\s*\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s*\d{{4}})?)"
_DL_SEP = r"\s*(?:-{1,2}|:|\.)?\s*"
_DATELINE_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # MOSCOW (Reuters) -, WASHINGTON, March 3 (Reuters) -, KANSAS CITY, Mo. (AP) -, WASHINGTON (CNN)
    (
        "upper",
        re.compile(
            rf"^(?P<place>{_UPPER_PLACE}){_REGION}?(?:\s*\[[^\]\n]{{1,40}}\])?{_DL_DATE}?\s*"
            rf"(?:\((?P<src>[^()\n]{{1,40}})\)|\.?\s*/(?P<src2>[A-Za-z\-]{{2,20}})/\.?){_DL_SEP}"
        ),
    ),
    # New Delhi [India], March 20 (ANI): , Washington (CNN)
    (
        "title",
        re.compile(
            rf"^(?P<place>{_TITLE_PLACE}){_REGION}?(?:\s*\[[^\]\n]{{1,40}}\])?{_DL_DATE}?\s*"
            rf"(?:\((?P<src>[^()\n]{{1,40}})\)|\.?\s*/(?P<src2>[A-Za-z\-]{{2,20}})/\.?){_DL_SEP}"
        ),
    ),
    # (Reuters) - , (Bloomberg) --
    ("source", re.compile(rf"^\((?P<src>[^()\n]{{1,40}})\)(?P<sep>\s*(?:-{{1,2}}|:))?\s*")),
    # GAZA CITY - , MOSCOW, March 20 - (no colon: "AMY GOODMAN:" is a transcript speaker)
    ("bare", re.compile(rf"^(?P<place>{_UPPER_PLACE}){_REGION}?{_DL_DATE}?\s*(?P<sep>-{{1,2}})\s+")),
)
_DATELINE_STOP = frozenset(
    "EDITOR'S EDITORS EDITOR EXCLUSIVE BREAKING UPDATE UPDATED WATCH LISTEN LIVE FILE PHOTO VIDEO ANALYSIS OPINION EDITORIAL COMMENTARY "
    "CORRECTION NOTE REVIEW INTERVIEW FACTBOX EXPLAINER FEATURE GRAPHIC POLL WRAPUP INSIGHT COLUMN URGENT ALERT "
    "FLASH REFILE UPDATE-1 Q&A READ RELATED MORE SEE ALSO ADVERTISEMENT SPONSORED FIRST TOP LATEST".split()
)
_HONORIFICS = frozenset(
    "Mr. Mrs. Ms. Dr. Sen. Rep. Gov. Gen. Lt. Col. Sgt. Capt. Prof. Rev. President Senator Representative "
    "Governor Judge Justice Secretary Minister Prime Chancellor King Queen Prince Princess Pope Mayor".split()
)
_UNKNOWN_SRC_RE = re.compile(r"^[A-Z][A-Za-z.]*[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z]+)?$")
_OUTLET_SRC_RE = re.compile(rf"^{_DATELINE_OUTLETS}$")


@dataclass
class _Line:
    text: str
    para: bool  # a blank line precedes it
    role: str = "body"
    prefix: str = ""  # dateline removed from the start of the line
    original: str = ""  # the line before any prefix or credit was split off
    split_credits: list[str] = field(default_factory=list)  # credits split off its end


def _words(text: str) -> int:
    # lines are normalized (single spaces, no tabs), so counting spaces is enough
    return text.count(" ") + 1 if text else 0


def _strip_bullet(text: str) -> tuple[str, bool]:
    m = _BULLET_RE.match(text)
    if m and m.end() < len(text) and not text.startswith("--"):
        return text[m.end() :], True
    return text, False


_EDGE_PUNCT_RE = re.compile(r"^[\W_]+|[\W_]+$")
_TOKEN_SPLIT_RE = re.compile(r"[\s|·•/,]+")


def _key(text: str) -> str:
    return _EDGE_PUNCT_RE.sub("", text.lower())


def _is_boilerplate(text: str) -> bool:
    n = _words(text)
    if n > 60:
        return False
    if n <= 12:
        if _key(text) in _EXACT_BOILERPLATE:
            return True
        tokens = [k for k in (_key(t) for t in _TOKEN_SPLIT_RE.split(text)) if k]
        if tokens and all(t in _SHARE_WORDS for t in tokens):
            return True
    if n <= 40 and (_CTA_RE.match(text) or _LINK_LINE_RE.match(text)):
        return True
    if "|" in text or "·" in text or "•" in text:
        parts = _SEP_RE.split(text)
        if len(parts) > 1 and all(_is_boilerplate(p) for p in parts if p):
            return True
    lower = text.lower()
    if "trust principles" in lower:
        return True
    if ("©" in text or "(c)" in lower or "copyright" in lower or "rights reserved" in lower or "this material" in lower) and _COPYRIGHT_RE.match(text):
        return True
    return "cookie" in lower and bool(_COOKIE_RE.search(text))


def _is_heading(text: str) -> bool:
    return _words(text) <= 8 and bool(_HEADING_RE.match(text))


_CREDIT_HINTS = ("/", "Photo", "PHOTO", "Image", "Getty", "Credit", "Picture", "Pic", "Illustration", "Shutterstock", "via ", "courtesy")


def _caption_credit(text: str) -> str | None:
    """The photo credit at the end of a caption line, or None."""
    # credits sit at the end: look at the tail only (keeps long paragraphs cheap)
    tail = text[-220:]
    if not any(h in tail for h in _CREDIT_HINTS):
        return None
    for gate, pattern in _CREDIT_PATTERNS:
        if gate not in tail:
            continue
        m = pattern.search(tail)
        if m:
            credit = m.group().strip()
            if credit.startswith("(") and credit.rstrip(".").endswith(")"):
                credit = credit.rstrip(".")[1:-1].strip()
            elif credit.startswith("[") and credit.rstrip(".").endswith("]"):
                credit = credit.rstrip(".")[1:-1].strip()
            return credit
    return None


def _is_caption(text: str) -> bool:
    if _words(text) > 120:
        return False
    return _caption_credit(text) is not None or bool(_CAPTION_START_RE.match(text))


def _is_credit(text: str) -> bool:
    n = _words(text)
    if n > 80:
        return False
    if _PAREN_CREDIT_RE.match(text) or _BARE_CREDIT_RE.match(text):
        return True
    if "contributed" in text and _CONTRIBUTED_RE.search(text) and not _SENTENCE_BREAK_RE.search(text):
        return True
    if n == 1 and _SLUG_RE.match(text):
        return True
    if n <= 15 and "@" in text and _EMAIL_RE.search(text) and not _is_sentence(text):
        return True  # a contact line: "Jane Doe in London at jdoe@example.com"
    return n <= 12 and bool(_SIGNOFF_RE.match(text))


_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _clean_credit(text: str) -> str:
    text = text.strip()
    if text.startswith("(") and text.rstrip(".").endswith(")"):
        text = text.rstrip(".")[1:-1].strip()
    return re.sub(r"^-{1,2}\s*", "", text)


def _byline(text: str) -> str | None:
    m = _BYLINE_RE.match(text)
    if not m:
        return None
    who = m.group("who").strip()
    tokens = who.replace(",", " , ").split()
    if not tokens or len(tokens) > 18 or not tokens[0][:1].isupper():
        return None
    for tok in tokens:
        if tok in (",", "|", "&", "-") or tok.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_TOKEN_RE.match(tok):
            return None
    if who.endswith((".", "!", "?", ":")) and not re.search(r"(?:\b[A-Z]\.|\bJr\.|\bSr\.|\bInc\.|\bL\.P\.)$", who):
        return None
    return who.rstrip(" ,")


def _listed_headline(text: str) -> bool:
    """A line of a trailing link list: headline-like, 4+ words, not a 'name: number' tally."""
    text, _ = _strip_bullet(text)
    return _headline_like(text) and _words(text) >= 4 and not text[-1:].isdigit()


def _is_sentence(text: str) -> bool:
    """Ends like a sentence (``.``, ``!``, ``?``, maybe before closing quotes/brackets), or is long."""
    return text.rstrip("\"')]").endswith((".", "!", "?")) or _words(text) > 30


def _headline_like(text: str, max_words: int = 25) -> bool:
    text, _ = _strip_bullet(text)
    n = _words(text)
    if n == 0 or n > max_words or len(text) > 300:
        return False
    if text.endswith(_HEADLINE_END_BAD) and not text.endswith("..."):
        return False
    first = re.search(r"\w", text)
    if first is None or first.group().islower():
        return False
    return True


# ---------------------------------------------------------------------------
# Datelines and origin
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Dateline:
    place: str | None
    agency: str | None
    end: int


def _match_dateline(text: str) -> _Dateline | None:
    text = text[:240]  # a dateline is short: never scan a long paragraph
    if "(" not in text and "/" not in text and " -" not in text:
        return None  # every dateline form has a parenthesis, a /SOURCE/ or a dash
    for kind, regex in _DATELINE_RES:
        m = regex.match(text)
        if not m:
            continue
        groups = m.groupdict()
        src = (groups.get("src") or groups.get("src2") or "").strip()
        place = groups.get("place")
        if place is not None:
            place_full = text[: m.end("place")]
            region = _REGION_RE.match(text, m.end("place"))
            if region:
                place_full = text[: region.end()]
            place = place_full.strip().rstrip(",")
            first_word = place.split()[0].rstrip(".,:")
            if place in _DATELINE_STOP or first_word in _DATELINE_STOP:
                continue
        agency = _agency_of(src) if src else None
        if kind == "upper":
            if len(re.sub(r"[^A-Z]", "", place or "")) < 3:
                continue
            if agency is None and not (_UNKNOWN_SRC_RE.match(src) or _OUTLET_SRC_RE.match(src)):
                continue
        elif kind == "title":
            if (place or "").split()[0] in _HONORIFICS or first_word in _HONORIFICS:
                continue
            if agency in ("Anadolu", "PA Media", "Canadian Press") and src in _WEAK_ALIASES:
                continue
            if agency is None and not _OUTLET_SRC_RE.match(src):
                continue
        elif kind == "source":
            if agency is None and not (groups.get("sep") and re.match(r"^[A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3}$", src)):
                continue
            if agency is not None and src in _WEAK_ALIASES and not groups.get("sep"):
                continue
        elif kind == "bare":
            letters = re.sub(r"[^A-Za-z]", "", place or "")
            if len(letters) < 3 or not (place or "").isupper():
                continue
        rest = text[m.end() :]
        if rest and not re.match(r"[\w\"'(\[]", rest):
            continue
        return _Dateline(place, agency, m.end())
    return None


_P_DATELINE, _P_BYLINE, _P_CREDIT, _P_COPYRIGHT, _P_STYLE, _P_SLUG = range(6)
_COPYRIGHT_AGENCY_RE = re.compile(
    rf"(?<!(?i:image|photo|video) )(?<!(?i:picture) )(?i:©|\(c\)|\bcopyright\b)(?:\s*(?:(?i:©|\(c\)|copyright)|\d{{4}}(?:\s*-\s*\d{{4}})?|,))*\s*(?:Thomson\s+)?(?:The\s+)?({_AGENCY_ALT})(?![\w-])"
    r"|(?i:thomson reuters trust principles)"
)
_CONTRIB_AGENCY_RE = re.compile(
    rf"(?:^|(?<=[.!?\"']\s))(?:The\s+)?({_AGENCY_ALT})(?:\s+(?:writers?|reporters?|correspondents?|photographers?|staff|"
    rf"journalists?|videojournalists?|researchers?|news\s+researcher))?\b[^.\n]{{0,200}}?\bcontributed\b"
    rf"|(?im:^contributing(?: reporters?| writers?)?\s*:[^\n]*?(?<![\w-])(?:The\s+)?({_AGENCY_ALT})(?![\w-]))"
    rf"|(?i:\binformation from (?:the\s+)?)({_AGENCY_ALT})\b[^.\n]{{0,80}}\b(?i:was|were|is|has been) (?i:used|included)"
    rf"|(?i:\bwith (?:inputs?|additional reporting|reporting|assistance) from (?:the\s+)?)({_AGENCY_ALT})(?![\w-])"
)
_STYLE_CREDIT_RE = re.compile(r"\(\s*(?:Additional\s+)?[Rr]eporting by [^()\n]{1,300}?;\s*(?:[Ee]diting|[Ww]riting) by [^()\n]{1,300}\)")


def _origin_signals(lines: list[str]) -> list[tuple[int, int, str]]:
    """(priority, line index, agency) for each structural origin signal."""
    signals: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        dl = _match_dateline(line)
        if dl and dl.agency:
            signals.append((_P_DATELINE, i, dl.agency))
        if line[:1] in "BWSAT":
            who = _byline(line)
            if who:
                for m in _AGENCY_RE.finditer(who):
                    agency = _ALIAS_TO_AGENCY.get(m.group())
                    if agency:
                        signals.append((_P_BYLINE, i, agency))
                        break
        lower = line.lower()
        if "contribut" in lower or "information from" in lower or ("with " in lower and " from " in lower):
            for m in _CONTRIB_AGENCY_RE.finditer(line):
                name = next(g for g in m.groups() if g)
                signals.append((_P_CREDIT, i, _ALIAS_TO_AGENCY[name]))
        n = _words(line)
        if n <= 12:
            m = _SIGNOFF_RE.match(line)
            if m:
                agency = _ALIAS_TO_AGENCY.get(m.group(1)) or _ALIAS_TO_AGENCY.get(m.group(1).upper())
                if agency:
                    signals.append((_P_CREDIT, i, agency))
        if "©" in line or "copyright" in lower or "(c)" in lower or "trust principles" in lower:
            for m in _COPYRIGHT_AGENCY_RE.finditer(line):
                signals.append((_P_COPYRIGHT, i, _ALIAS_TO_AGENCY[m.group(1)] if m.group(1) else "Reuters"))
        if "eporting by" in line and _STYLE_CREDIT_RE.search(line):
            signals.append((_P_STYLE, i, "Reuters"))
        if n == 1 and _SLUG_RE.match(line):
            signals.append((_P_SLUG, i, "AFP"))
    return signals


def _best_origin(lines: list[str]) -> str | None:
    signals = _origin_signals(lines)
    if not signals:
        return None
    return min(signals)[2]


def detect_origin(text: str) -> str | None:
    """Name the wire agency that wrote a text, from structural signals only.

    Signals, strongest first: a dateline at the start of a line
    (``MOSCOW (Reuters) -``, ``WASHINGTON (AP) -``, ``(Bloomberg) --``,
    ``BEIJING, Jan. 5 (Xinhua) --``, ``MOSCOW, March 20. /TASS/.``); a byline
    naming an agency (``By Jane Doe, Reuters``, ``By The Associated Press``);
    contributed/credit lines (``Associated Press writer X contributed to this
    report.``, ``The Associated Press contributed ...``, ``Contributing: ...
    Associated Press``, ``Information from Reuters was used ...``, ``(With
    inputs from PTI)``) and sign-off lines (``- Reuters``, ``(AFP)``, ``Source:
    AFP``); copyright lines (``(c) Copyright Thomson Reuters 2025``, ``©2025
    Bloomberg L.P.``, ``Copyright 2025 The Associated Press``); a
    Reuters-style ``(Reporting by ...; Editing by ...)`` credit; an AFP editor
    slug (``bur-abc/def``). Ties go to the earliest line. A sentence such as
    ``Reuters reported in December that ...`` is not a signal, nor is a photo
    credit.

    Parameters
    ----------
    text : str
        A body, a whole page dump, or a single line (normalized or not).

    Returns
    -------
    str or None
        A key of :data:`AGENCIES`, or ``None``.

    Examples
    --------
    >>> detect_origin("WASHINGTON, March 3 (Reuters) - Talks resumed.")
    'Reuters'
    >>> detect_origin("BEIJING, Jan. 5 (Xinhua) -- Talks resumed.")
    'Xinhua'
    >>> detect_origin("Talks resumed.\\nAssociated Press writer Jane Doe contributed to this report.")
    'AP'
    >>> detect_origin("Reuters reported in December that talks resumed.") is None
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return _best_origin(normalize_text(text).split("\n"))


# ---------------------------------------------------------------------------
# The parsers
# ---------------------------------------------------------------------------


def photo_credits(captions: str) -> list[str]:
    """List the photo credit of each caption line that has one.

    Parameters
    ----------
    captions : str
        Captions, one per line (the ``captions`` field of a result).

    Returns
    -------
    list of str
        The credits, in order (parentheses and brackets around a credit removed).

    Examples
    --------
    >>> photo_credits("Syria's president in Damascus, March 10, 2025. REUTERS/Khalil Ashawi/File Photo")
    ['REUTERS/Khalil Ashawi/File Photo']
    >>> photo_credits("A rally in Ohio. (AP Photo/Jane Doe, File)\\nNo credit here")
    ['AP Photo/Jane Doe, File']
    """
    if not isinstance(captions, str):
        raise TypeError(f"captions must be a str, got {type(captions).__name__}")
    found = []
    for line in captions.split("\n"):
        credit = _caption_credit(line.strip()) if line.strip() else None
        if credit:
            found.append(credit)
    return found


class _Collector:
    """Metadata found during one parse (the lines themselves keep their roles)."""

    def __init__(self) -> None:
        self.section: str | None = None
        self.date: str | None = None
        self.byline: str | None = None
        self.dateline: str | None = None
        self.flags: list[str] = []

    def flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.append(name)


def _empty_result(flags: list[str]) -> dict[str, Any]:
    return {
        "title": "",
        "section": None,
        "date": None,
        "byline": None,
        "dateline": None,
        "origin": None,
        "credits": None,
        "captions": "",
        "photo_credits": "",
        "boilerplate": "",
        "text": "",
        "flags": list(flags),
    }


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    para = True
    for raw in text.split("\n"):
        if not raw:
            para = True
            continue
        lines.append(_Line(raw, para, original=raw))
        para = False
    return lines


def _meta_kind(part: str, col: _Collector, dayfirst: bool | None, allow_section: bool) -> str | None:
    """Record one metadata item of a header line; returns its kind, or None when it is not metadata."""
    who = _byline(part)
    if who is not None:
        if col.byline is None:
            col.byline = who
        return "byline"
    hit = _date_line(part, dayfirst)
    if hit is not None:
        if col.date is None:
            if hit.iso:
                col.date = hit.iso
            elif hit.ambiguous:
                col.flag("ambiguous_date")
        return "date"
    if _is_boilerplate(part):
        return "boilerplate"
    if allow_section:
        m = _SECTION_PREFIX_RE.match(part)
        if m:
            part = m.group("s").strip()
        crumbs = [c.strip() for c in _BREADCRUMB_RE.split(part) if c.strip() and _key(c) != "home"]
        if crumbs and all(_words(c) <= 4 and _headline_like(c, 4) for c in crumbs):
            if col.section is None:
                col.section = " > ".join(crumbs)
            return "section"
    return None


def _split_meta(text: str) -> list[str]:
    return _SEP_RE.split(text) if ("|" in text or "·" in text or "•" in text) else [text]


def _classify(line: str) -> str:
    if _is_boilerplate(line):
        return "boilerplate"
    if _is_heading(line):
        return "heading"
    if _is_caption(line):
        return "caption"
    if _is_credit(line):
        return "credit"
    if _byline(line) is not None:
        return "byline"
    return "body"


def _body_rules(lines: list[_Line], start: int, col: _Collector, dayfirst: bool | None) -> None:
    """Assign roles to lines[start:] and fill the collector (shared by all parsers)."""
    n = len(lines)
    i = start
    while i < n:
        ln = lines[i]
        text = ln.text
        role = _classify(text)
        if role == "heading":
            ln.role = "boilerplate"
            j = i + 1
            while j < n:
                nxt = lines[j]
                # the list is in the heading's paragraph, or the next one when the heading stands alone
                if nxt.para and j > i + 1:
                    break
                if _is_heading(nxt.text) or not _headline_like(nxt.text) or _is_sentence(nxt.text):
                    break
                nxt.role = "boilerplate"
                j += 1
            i = j
            continue
        if role == "body":
            parts = _split_meta(text)
            is_meta = len(parts) > 1 and all(
                _byline(p) is not None or _date_line(p, dayfirst) is not None or _is_boilerplate(p) for p in parts
            )
            if is_meta or _date_line(text, dayfirst) is not None:
                for p in parts:
                    _meta_kind(p, col, dayfirst, allow_section=False)
                role = "meta"
        elif role == "byline":
            if col.byline is None:
                col.byline = _byline(text)
            role = "meta"
        elif role == "boilerplate" and _words(text) >= 3 and _PROMO_RE.search(text):
            # a sign-up box: the non-sentence lines right under a call to sign up
            j = i + 1
            while j < n and not lines[j].para and _words(lines[j].text) <= 25 and not _is_sentence(lines[j].text):
                lines[j].role = "boilerplate"
                j += 1
            ln.role = role
            i = j
            continue
        ln.role = role
        i += 1

    body = [ln for ln in lines[start:] if ln.role == "body"]
    # dateline on one of the first three body lines
    for ln in body[:3]:
        dl = _match_dateline(ln.text)
        if dl is not None:
            col.dateline = dl.place
            ln.prefix = ln.text[: dl.end].strip()
            ln.text = ln.text[dl.end :].lstrip()
            if not ln.text:
                ln.role = "dateline"
            break
    body = [ln for ln in body if ln.role == "body"]
    if not body:
        return
    # credits glued to the end of the last paragraph
    last = body[-1]
    m = _INLINE_CREDIT_RE.search(last.text)
    if m and m.start() > 0:
        last.split_credits.append(_clean_credit(m.group()))
        last.text = last.text[: m.start()].rstrip()
    if "contributed" in last.text:
        breaks = list(_SENTENCE_BREAK_RE.finditer(last.text))
        if breaks and _CONTRIBUTED_RE.search(last.text[breaks[-1].end() :]):
            last.split_credits.insert(0, last.text[breaks[-1].end() :])
            last.text = last.text[: breaks[-1].end()].rstrip()
    # trailing link lists after the last sentence-like paragraph
    last_sentence = max((k for k, ln in enumerate(body) if _is_sentence(ln.text)), default=-1)
    tail = body[last_sentence + 1 :]
    if len(tail) >= 2 and all(_listed_headline(ln.text) for ln in tail):
        for ln in tail:
            ln.role = "boilerplate"


def _assemble(lines: list[_Line], col: _Collector, title: str = "") -> dict[str, Any]:
    pieces: list[str] = []
    captions: list[str] = []
    credits: list[str] = []
    boilerplate: list[str] = []
    origin_lines: list[str] = []
    pending_para = False
    seen_body = False
    for ln in lines:
        if ln.para:
            pending_para = True
        role = ln.role
        if role == "caption":
            captions.append(ln.text)
            continue  # photo credits do not tell who wrote the text
        origin_lines.append(ln.original)
        if role == "credit":
            credits.append(_clean_credit(ln.text))
        elif role in ("boilerplate", "meta"):
            boilerplate.append(ln.text)
        if role == "body":
            if seen_body:
                pieces.append("\n\n" if pending_para else "\n")
            pieces.append(ln.text)
            seen_body = True
            pending_para = False
        credits.extend(ln.split_credits)
    text = "".join(pieces).strip()
    if not text:
        col.flag("no_body_found")
    caption_text = "\n".join(captions)
    return {
        "title": title,
        "section": col.section,
        "date": col.date,
        "byline": col.byline,
        "dateline": col.dateline,
        "origin": _best_origin(origin_lines),
        "credits": "\n".join(credits) if credits else None,
        "captions": caption_text,
        "photo_credits": "\n".join(photo_credits(caption_text)),
        "boilerplate": "\n".join(boilerplate),
        "text": text,
        "flags": col.flags,
    }


def _check_input(value: object, name: str) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"{name} must be a str, got bytes; decode it first with framing.corpus.text.decode_bytes()")
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def clean_body(text: str, *, dayfirst: bool | None = None) -> dict[str, Any]:
    """Clean an article body that was already separated from its title.

    For bodies from datasets (JSONL, CSV, ...): finds the dateline and wire
    origin at the start, bylines and date lines, photo captions, credit lines,
    boilerplate lines and trailing link lists (see the module docstring); never
    removes an ordinary paragraph and never looks for a title.

    Parameters
    ----------
    text : str
        The body as stored (it is normalized here).
    dayfirst : bool or None, default None
        How to read ambiguous numeric dates (see :func:`find_date`).

    Returns
    -------
    dict
        The keys of :data:`RESULT_KEYS`; ``title`` is always ``''``.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> r = clean_body("WASHINGTON (AP) — Lawmakers met.\\n\\nAdvertisement\\n\\nThey left.\\n\\n"
    ...                "Associated Press writer Jane Doe contributed to this report.")
    >>> r["dateline"], r["origin"], r["text"]
    ('WASHINGTON', 'AP', 'Lawmakers met.\\n\\nThey left.')
    >>> r["credits"]
    'Associated Press writer Jane Doe contributed to this report.'
    >>> r["boilerplate"]
    'Advertisement'
    >>> clean_body("   ")["flags"]
    ['empty_input', 'no_body_found']
    """
    text = _check_input(text, "text")
    norm = normalize_text(text)
    if not norm:
        return _empty_result(["empty_input", "no_body_found"])
    lines = _split_lines(norm)
    col = _Collector()
    _body_rules(lines, 0, col, dayfirst)
    return _assemble(lines, col)


def parse_scraped(raw: str, *, dayfirst: bool | None = None) -> dict[str, Any]:
    """Split a scraped page dump (plain text) into title, metadata, captions, credits, boilerplate and body.

    The header rules (title, bullets, section, date, byline) are applied first,
    then the body rules of :func:`clean_body`; both are listed in the module
    docstring. Bad input (empty, whitespace only, only boilerplate) gives an
    empty ``text`` and a flag, never an exception.

    Parameters
    ----------
    raw : str
        The page text as scraped (it is normalized here).
    dayfirst : bool or None, default None
        How to read ambiguous numeric dates (see :func:`find_date`).

    Returns
    -------
    dict
        The keys of :data:`RESULT_KEYS`.

    Raises
    ------
    TypeError
        If ``raw`` is not a ``str``.

    Examples
    --------
    >>> page = ("Putin offers support\\n\\n  • World\\n  • Thursday, 20 Mar 2025\\n\\n"
    ...         "MOSCOW (Reuters) -President Vladimir Putin sent a message.\\n\\n"
    ...         "(Reporting by Guy Faulconbridge)\\n\\nFollow us on our WhatsApp channel!")
    >>> r = parse_scraped(page)
    >>> r["title"], r["section"], r["date"], r["dateline"], r["origin"]
    ('Putin offers support', 'World', '2025-03-20', 'MOSCOW', 'Reuters')
    >>> r["text"]
    'President Vladimir Putin sent a message.'
    >>> r["boilerplate"].split("\\n")
    ['• World', '• Thursday, 20 Mar 2025', 'Follow us on our WhatsApp channel!']
    """
    raw = _check_input(raw, "raw")
    norm = normalize_text(raw)
    if not norm:
        return _empty_result(["empty_input", "no_body_found"])
    lines = _split_lines(norm)
    col = _Collector()
    i = 0
    n = len(lines)
    # leading navigation
    while i < n and _is_boilerplate(lines[i].text):
        lines[i].role = "boilerplate"
        i += 1
    # a one- or two-word section label above the headline ("World" / "Putin offers ...")
    if (
        i + 1 < n
        and _words(lines[i].text) <= 2
        and _headline_like(lines[i].text, 2)
        and all(w[:1].isupper() for w in lines[i].text.split())
        and _words(lines[i + 1].text) >= 4
        and _looks_like_title(lines[i + 1].text, dayfirst)
    ):
        col.section = lines[i].text
        lines[i].role = "meta"
        i += 1
    # title
    title = ""
    if i < n and _looks_like_title(lines[i].text, dayfirst):
        title = lines[i].text
        lines[i].role = "title"
        i += 1
    else:
        col.flag("no_title")
    # header markers: bullets, breadcrumbs, section, date and byline lines
    while i < n:
        text = lines[i].text
        stripped, bullet = _strip_bullet(text)
        if _is_caption(stripped) or _is_credit(stripped) or _is_heading(stripped) or _match_dateline(stripped):
            break
        allow_section = (
            bullet
            or (_words(stripped) <= 3 and not _is_sentence(stripped))
            or bool(_SECTION_PREFIX_RE.match(stripped))
            or bool(_BREADCRUMB_RE.search(stripped))
        )
        kinds = []
        for p in _split_meta(stripped):
            kind = _meta_kind(p, col, dayfirst, allow_section=allow_section)
            if kind is None:
                break
            kinds.append(kind)
        else:
            lines[i].role = "boilerplate" if set(kinds) == {"boilerplate"} else "meta"
            i += 1
            continue
        if bullet and _words(stripped) <= 8 and not _is_sentence(stripped):
            lines[i].role = "boilerplate"  # an unrecognized marker (tag, label)
            i += 1
            continue
        break
    _body_rules(lines, i, col, dayfirst)
    return _assemble(lines, col, title)


def _looks_like_title(text: str, dayfirst: bool | None) -> bool:
    if _strip_bullet(text)[1] or not _headline_like(text, max_words=30):
        return False
    if _is_caption(text) or _is_credit(text) or _byline(text) is not None or _is_heading(text):
        return False
    if _date_line(text, dayfirst) is not None or _match_dateline(text) is not None:
        return False
    return True


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DOCTYPE_RE = re.compile(r"<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>", re.IGNORECASE)
# characters XML (and so lxml) cannot hold: C0 controls other than tab/newline/return,
# lone surrogates and the non-characters U+FFFE/U+FFFF; removed before parsing
# (normalize_text removes control characters from the result anyway)
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd blockquote figcaption caption td th pre address div section article aside "
    "header footer nav main figure ul ol dl table tr form".split()
)
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object", "embed", "button", "select")


# page furniture never holds the article body (it still reaches ``boilerplate`` via the page lines)
_PRUNE_XPATH = ["//nav", "//footer", "//aside", "//form", "//header[not(ancestor::article)]"]


def _paragraphs(text: str) -> str:
    """Blank lines between extracted lines, except between consecutive list items (``- ...``)."""
    out: list[str] = []
    previous = ""
    for line in text.split("\n"):
        if out:
            out.append("\n" if previous.startswith("- ") and line.startswith("- ") else "\n\n")
        out.append(line)
        previous = line
    return "".join(out)


def _page_lines(tree: Any) -> list[str]:
    """Visible text of a page, one normalized line per innermost block element."""
    out: list[str] = []
    body = tree.find(".//body")
    root = body if body is not None else tree
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCK_TAGS:
            continue
        if any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el.iterdescendants()):
            # text directly inside a container: its own text, inline children, tails
            direct = [el.text or ""]
            for child in el:
                if not (isinstance(child.tag, str) and child.tag in _BLOCK_TAGS):
                    if any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in child.iterdescendants()):
                        pass  # an inline element wrapping blocks: its blocks are visited on their own
                    else:
                        direct.append(child.text_content())
                direct.append(child.tail or "")
            line = normalize_text(" ".join(direct).replace("\n", " "))
        else:
            line = normalize_text(el.text_content().replace("\n", " "))
        if line:
            out.append(line)
    return out


def parse_html(html: str | bytes, *, url: str | None = None, dayfirst: bool | None = None) -> dict[str, Any]:
    """Parse an HTML article page into the result fields, via trafilatura.

    The page is parsed locally with lxml (no network access; DTDs and external
    entities are not loaded), the main text and metadata (title, date, author,
    categories) are extracted with trafilatura, and the body rules of
    :func:`clean_body` are applied to the extracted text. ``<figcaption>``
    texts go to ``captions``; every visible line of the page that is not part
    of the result goes to ``boilerplate`` (navigation, footers, related links),
    so nothing visible is lost. A page without an article body gives
    ``text == ''`` and the flag ``'no_body_found'``.

    Parameters
    ----------
    html : str or bytes
        The page source; bytes are decoded with
        :func:`framing.corpus.text.decode_bytes`.
    url : str, optional
        The page address, passed to trafilatura as metadata only (never fetched).
    dayfirst : bool or None, default None
        How to read ambiguous numeric dates in the body (see :func:`find_date`).

    Returns
    -------
    dict
        The keys of :data:`RESULT_KEYS`.

    Raises
    ------
    ImportError
        If trafilatura is not installed (``pip install framing[html]``).
    TypeError
        If ``html`` is neither ``str`` nor ``bytes``.

    References
    ----------
    .. [1] Barbaresi, A. (2021). Trafilatura: A Web Scraping Library and
       Command-Line Tool for Text Discovery and Extraction. Proceedings of
       ACL-IJCNLP 2021: System Demonstrations, 122-131.

    Examples
    --------
    >>> page = ("<html><head><title>Talks resume</title></head><body><nav><a href='/'>Home</a></nav>"
    ...         "<article><h1>Talks resume</h1><p>MOSCOW (Reuters) - Talks between the two sides resumed on "
    ...         "Thursday after a pause of several weeks, officials said.</p><p>Both delegations met in "
    ...         "the capital and agreed to meet again next month, according to a joint statement.</p>"
    ...         "</article><footer>Copyright 2025 Example News</footer></body></html>")
    >>> r = parse_html(page)
    >>> r["title"], r["dateline"], r["origin"]
    ('Talks resume', 'MOSCOW', 'Reuters')
    >>> r["text"].startswith("Talks between the two sides resumed")
    True
    """
    bad_encoding = False
    if isinstance(html, (bytes, bytearray, memoryview)):
        html, bad_encoding = decode_bytes(bytes(html))
    if not isinstance(html, str):
        raise TypeError(f"html must be a str or bytes, got {type(html).__name__}")
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "parse_html needs the optional dependency trafilatura; install it with: pip install framing[html]"
        ) from exc
    import lxml.etree
    import lxml.html

    if not html.strip():
        return _empty_result(["empty_input", "no_body_found"])
    source = _DOCTYPE_RE.sub("", _XML_DECL_RE.sub("", html), count=1)
    source = _XML_INVALID_RE.sub(" ", source)

    def parse() -> Any:
        parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)
        return lxml.html.document_fromstring(source, parser=parser)

    try:
        page_tree = parse()
        extract_tree = parse()
    except (lxml.etree.ParserError, ValueError) as exc:
        logger.info("HTML could not be parsed: %s", exc)
        result = _empty_result(["unparseable_html", "no_body_found"])
        result["boilerplate"] = normalize_text(re.sub(r"<[^>]*>", " ", html))
        return result
    for el in list(page_tree.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    page = _page_lines(page_tree)
    figcaptions = [normalize_text(el.text_content().replace("\n", " ")) for el in page_tree.iter("figcaption")]
    figcaptions = [c for c in figcaptions if c]

    doc = trafilatura.bare_extraction(
        extract_tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_tables=True,
        include_links=False,
        deduplicate=False,
        favor_precision=True,
        prune_xpath=_PRUNE_XPATH,
        # publication date from the page's markup only: no guess from copyright years
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body_text = ""
    meta: dict[str, Any] = {}
    if doc is not None:
        meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        body_text = normalize_text(meta.get("text") or "")
    title = normalize_text(meta.get("title") or "")
    if not title:
        h1 = page_tree.find(".//h1")
        title = normalize_text(h1.text_content().replace("\n", " ")) if h1 is not None else ""
    # the headline repeated at the top of the extracted text is the title, not body
    first, _, rest = body_text.partition("\n")
    if title and first.strip() == title:
        body_text = rest
    # one extracted line per block element: make each a paragraph, keeping list items together
    body_text = _paragraphs(body_text)
    result = clean_body(body_text, dayfirst=dayfirst) if body_text.strip() else _empty_result(["no_body_found"])
    if "empty_input" in result["flags"]:
        result["flags"] = [f for f in result["flags"] if f != "empty_input"]

    # figcaptions that trafilatura kept in the body
    if figcaptions and result["text"]:
        kept, moved = [], []
        for para in result["text"].split("\n"):
            (moved if para.strip() in figcaptions else kept).append(para)
        if moved:
            result["text"] = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    captions = [c for c in result["captions"].split("\n") if c]
    for cap in figcaptions:
        if cap not in captions:
            captions.append(cap)
    result["captions"] = "\n".join(captions)
    result["photo_credits"] = "\n".join(photo_credits(result["captions"]))

    result["title"] = title
    if not title:
        result["flags"].append("no_title")
    if meta.get("date"):
        result["date"] = find_date(str(meta["date"]), dayfirst=False) or result["date"]
    if meta.get("author") and not result["byline"]:
        result["byline"] = normalize_text(str(meta["author"]))
    categories = meta.get("categories") or []
    if isinstance(categories, str):
        categories = [c for c in categories.split(";") if c.strip()]
    if categories and not result["section"]:
        result["section"] = normalize_text(str(categories[0]))

    # everything visible that is not in the result is boilerplate
    used = "\n".join(
        [result["title"], result["text"], result["captions"], result["credits"] or "", result["byline"] or "", result["boilerplate"]]
    )
    used_lines = set(used.split("\n"))
    # a long page line may be part of a longer extracted paragraph; short ones (menu items
    # such as "World") must match a whole line, or they would vanish into any body word
    substring_ok = len(used) <= 500_000
    extra = []
    seen: set[str] = set()
    for line in page:
        if line in seen or line in used_lines or _clean_credit(line) in used_lines:
            continue
        if substring_ok and len(line) >= 40 and line in used:
            continue
        who = _byline(line)
        if who is not None and who == result["byline"]:
            continue
        dl = _match_dateline(line)
        if dl is not None and line[dl.end :].strip() in used:
            continue
        seen.add(line)
        extra.append(line)
    result["boilerplate"] = "\n".join([b for b in [result["boilerplate"], *extra] if b])
    if result["origin"] is None:
        result["origin"] = _best_origin([ln for ln in page if ln not in captions])
    if not result["text"] and "no_body_found" not in result["flags"]:
        result["flags"].append("no_body_found")
    if bad_encoding:
        result["flags"].append("bad_encoding")
    return result
