"""Shared fixtures: the seed article, the datasets folder, tiny inline corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_255c166a244f911a.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """Path of the seed article (a scraped Reuters story republished by another site)."""
    return SEED


@pytest.fixture(scope="session")
def seed_raw() -> str:
    """The seed article's raw text, exactly as stored."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared datasets folder from ``FRAMING_DATA_DIR``.

    Skips when the variable is unset (a machine without the data); fails when it
    is set but does not point to a folder, since that is a broken set-up.
    """
    value = os.environ.get("FRAMING_DATA_DIR")
    if not value:
        pytest.skip("FRAMING_DATA_DIR is not set: real-data tests need the shared datasets")
    path = Path(value)
    if not path.is_dir():
        pytest.fail(f"FRAMING_DATA_DIR={value!r} is not a folder")
    return path
