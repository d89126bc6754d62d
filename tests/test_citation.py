"""CITATION.cff: valid Citation File Format 1.2.0, in step with the package version."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

import framing

ROOT = Path(__file__).resolve().parent.parent
CFF = ROOT / "CITATION.cff"

#: Keys CFF 1.2.0 requires at the top level.
REQUIRED = ("cff-version", "message", "title", "authors")
#: Top-level keys the CFF 1.2.0 schema allows.
ALLOWED = {
    "abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi", "identifiers", "keywords",
    "license", "license-url", "message", "preferred-citation", "references", "repository", "repository-artifact",
    "repository-code", "title", "type", "url", "version",
}
PERSON_KEYS = {"family-names", "given-names", "name-particle", "name-suffix", "affiliation", "address", "alias",
               "city", "country", "email", "fax", "orcid", "post-code", "region", "tel", "website"}
ENTITY_KEYS = {"name", "address", "alias", "city", "country", "date-end", "date-start", "email", "fax", "location",
               "orcid", "post-code", "region", "tel", "website"}


@pytest.fixture(scope="module")
def cff() -> dict:
    assert CFF.is_file(), "CITATION.cff is missing at the repository root"
    data = yaml.safe_load(CFF.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "CITATION.cff must be a YAML mapping"
    return data


def test_required_keys_and_no_unknown_ones(cff):
    missing = [k for k in REQUIRED if k not in cff]
    assert not missing, f"CITATION.cff lacks required keys {missing}"
    unknown = sorted(set(cff) - ALLOWED)
    assert not unknown, f"CITATION.cff has keys outside the CFF 1.2.0 schema: {unknown}"
    assert cff["cff-version"] == "1.2.0"
    assert isinstance(cff["message"], str) and cff["message"].strip()
    assert isinstance(cff["title"], str) and "framing" in cff["title"]


def test_version_matches_the_package(cff):
    assert str(cff.get("version")) == framing.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+([ab]|rc)?\d*", framing.__version__)


def test_authors_are_persons_or_entities(cff):
    authors = cff["authors"]
    assert isinstance(authors, list) and authors, "authors must be a non-empty list"
    for a in authors:
        assert isinstance(a, dict)
        if "name" in a:
            assert set(a) <= ENTITY_KEYS, f"entity author with unknown keys: {sorted(set(a) - ENTITY_KEYS)}"
            assert isinstance(a["name"], str) and a["name"].strip()
        else:
            assert set(a) <= PERSON_KEYS, f"person author with unknown keys: {sorted(set(a) - PERSON_KEYS)}"
            assert a.get("family-names") or a.get("given-names")


def test_optional_fields_have_valid_values(cff):
    if "date-released" in cff:
        value = cff["date-released"]
        assert isinstance(value, dt.date) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value))
    if "type" in cff:
        assert cff["type"] in ("software", "dataset")
    if "license" in cff:
        pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        assert f'license = {{text = "{cff["license"]}"}}' in pyproject
    if "keywords" in cff:
        assert all(isinstance(k, str) and k for k in cff["keywords"])
