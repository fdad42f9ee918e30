"""`layout proof`: PNG pages (pypdfium2) and an HTML proof sheet for editors."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from layout.cli import main
from layout.errors import Diagnostic
from layout.proofs import page_fill, write_proofs

from conftest import SAMPLE, STYLES


@pytest.fixture(scope="module")
def proofs(sample_build, tmp_path_factory):
    """The sample's proofs, with two warnings added (the sample may build without any)."""
    warnings = (Diagnostic("warning", "12 column-lines are empty", where="page 1", hint="add a brief"),
                Diagnostic("warning", "caption <b>overset</b> & cut", where="page 2"))
    result = replace(sample_build[0], diagnostics=sample_build[0].diagnostics + warnings)
    folder = tmp_path_factory.mktemp("proofs")
    return result, write_proofs(result, folder, dpi=50)


def test_one_png_per_page_cut_to_the_trim(proofs):
    result, sheet = proofs
    for page in result.layout.pages:
        png = sheet.parent / f"2022-04-04-{page.number:02d}.png"
        with Image.open(png) as im:
            assert im.width == pytest.approx(page.width / 72 * 50, abs=2)
            assert im.height == pytest.approx(page.height / 72 * 50, abs=2)
            gray = np.asarray(im.convert("L"))
            assert (gray < 128).mean() > 0.02, "the page image is blank"


def test_sheet_lists_every_page_module_warning_and_fill(proofs):
    result, sheet = proofs
    text = sheet.read_text(encoding="utf-8")
    for page in result.layout.pages:
        assert f'src="2022-04-04-{page.number:02d}.png"' in text
        assert f"fill {page_fill(page):.0%}" in text
        for module in page.modules:
            assert f'data-article="{module.article_id}"' in text
    for diag in result.diagnostics:
        assert f"<li>{html.escape(str(diag))}</li>" in text
    assert "<b>overset</b>" not in text  # escaped, not markup
    assert len(re.findall(r'<figure class="page"', text)) == len(result.layout.pages)
    assert "Preflight: passed" in text


def test_proof_command_builds_and_writes_the_sheet(tmp_path, capsys):
    status = main(["proof", str(SAMPLE), "-o", str(tmp_path / "2022-04-04.pdf"), "--styles", str(STYLES),
                   "--dpi", "30"])
    out = capsys.readouterr().out
    assert status == 0
    assert (tmp_path / "proofs" / "index.html").is_file()
    assert (tmp_path / "proofs" / "2022-04-04-01.png").is_file() and (tmp_path / "proofs" / "2022-04-04-02.png").is_file()
    assert "page 1:" in out and "preflight passed" in out


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs Debian's chromium)")
def test_sheet_shows_the_pages_in_headless_chromium(proofs, tmp_path):
    result, sheet = proofs
    shot = tmp_path / "shot.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1400,1000", f"--screenshot={shot}", sheet.resolve().as_uri()],
                   check=True, capture_output=True, timeout=60)
    with Image.open(shot) as im:
        gray = np.asarray(im.convert("L")).astype(int)
        rgb = np.asarray(im.convert("RGB")).astype(int)
    h, w = gray.shape
    # the pages side by side: each half of the window shows a white sheet with dark type on it
    for left in (0, w // 2):
        half = gray[80:, left:left + w // 2]
        sheet_px = (half > 238).mean()  # paper (white, or tinted by the overlay); the background is #e8e8e8
        assert sheet_px > 0.3 and (half < 128).mean() > 0.02, f"no page in the half at x={left}"
    # the overlay is on: the module boxes' blue outlines are drawn
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    assert ((b > 200) & (r < 80) & (g < 160)).sum() > 500
