from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "editions" / "2022-04-04.yaml"
STYLES = ROOT / "styles.yaml"


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
