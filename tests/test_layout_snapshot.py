"""Layout snapshots: the placed boxes of the sample edition as data.

A change here means the pages changed: look at the rendered pages before regenerating
(`python -m pytest tests/test_layout_snapshot.py --force-regen`).
"""
from __future__ import annotations

from layout.boxes import to_data


def test_sample_edition_layout(sample_build, data_regression):
    result, _, _ = sample_build
    data = {"pages": [to_data(page) for page in result.layout.pages],
            "jumps": [to_data(jump) for jump in result.layout.jumps]}
    data_regression.check(data)


def test_same_input_gives_identical_pdf(sample_build, tmp_path):
    from layout.build import build

    from conftest import SAMPLE, STYLES

    result, _, _ = sample_build
    again = build(SAMPLE, tmp_path / "again.pdf", STYLES)
    assert again.pdf.read_bytes() == result.pdf.read_bytes()
