"""The package stays light to import and its public names resolve."""

from __future__ import annotations

import subprocess
import sys

import pytest

import framing


def test_import_is_light():
    code = (
        "import sys, framing; heavy = [m for m in ('pandas', 'matplotlib', 'dask', 'sklearn', 'scipy', 'textblob') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"import framing pulled in: {out}"


@pytest.mark.parametrize("name", [n for n in framing.__all__ if n != "__version__"])
def test_public_names_resolve(name):
    try:
        value = getattr(framing, name)
    except ModuleNotFoundError as exc:  # a family not shipped in this build
        pytest.fail(f"framing.{name} points to a missing module: {exc}")
    assert value is not None


def test_unknown_attribute():
    with pytest.raises(AttributeError):
        framing.no_such_name  # noqa: B018
