from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "editions" / "2022-04-04.yaml"
STYLES = ROOT / "styles.yaml"
_CACHE = tempfile.mkdtemp(prefix="layout-test-cache-")


def pytest_configure(config):
    """The font cache of the tests starts empty and is their own (subprocesses inherit it):
    the first font load takes the parsing path, later ones the cache."""
    os.environ["LAYOUT_CACHE_DIR"] = _CACHE
    os.environ.pop("LAYOUT_CACHE", None)


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample edition built once per test session: (BuildResult, loaded edition, styles)."""
    from layout.build import build
    from layout.models import load_edition, load_styles

    out = tmp_path_factory.mktemp("sample") / "2022-04-04.pdf"
    result = build(SAMPLE, out, STYLES)
    return result, load_edition(SAMPLE), load_styles(STYLES)[0]


@pytest.fixture(scope="session")
def fonts():
    from layout.fonts import load_fonts
    from layout.models import load_styles

    _, files = load_styles(STYLES)
    return load_fonts(files, STYLES)
