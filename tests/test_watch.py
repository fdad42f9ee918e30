"""`layout watch`: every change of an input gives a rebuild, with the same bytes as a cold build."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

from layout.watch import watch, watched_inputs

ROOT = Path(__file__).resolve().parents[1]


def _copy_sample(tmp: Path) -> Path:
    """The sample edition with its styles, picture and fonts (hard links where possible)."""
    shutil.copytree(ROOT / "editions", tmp / "editions")
    shutil.copyfile(ROOT / "styles.yaml", tmp / "styles.yaml")
    (tmp / "fonts").mkdir()
    for font in (ROOT / "fonts").glob("*.ttf"):
        try:
            os.link(font, tmp / "fonts" / font.name)
        except OSError:
            shutil.copyfile(font, tmp / "fonts" / font.name)
    return tmp / "editions" / "2022-04-04.yaml"


def _text(pdf: Path) -> str:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in doc)
        return "".join(text.split())  # lines joined: a word may be broken over two lines
    finally:
        doc.close()


def test_inputs_are_the_edition_styles_pictures_and_fonts(tmp_path):
    edition = _copy_sample(tmp_path)
    files, fonts = watched_inputs(edition, None)
    names = {path.name for path in files}
    assert {"2022-04-04.yaml", "styles.yaml", "industrial-park.jpg"} <= names
    assert fonts and all(path.suffix == ".ttf" and path in files for path in fonts)


def test_each_change_rebuilds_and_a_font_change_restarts(tmp_path):
    edition = _copy_sample(tmp_path)
    font = sorted((tmp_path / "fonts").glob("*.ttf"))[0]
    calls, restarts = [], []

    def build_once() -> bool:
        calls.append(edition.read_text(encoding="utf-8"))
        if len(calls) == 1:  # an edit, written in two steps as some editors do
            text = calls[0].replace("文明绿色祭", "文明、绿色祭")
            edition.write_text(text[: len(text) // 2], encoding="utf-8")
            edition.write_text(text, encoding="utf-8")
        elif len(calls) == 2:  # a font replaced by another file
            shutil.copyfile(font, tmp_path / "new.ttf")
            os.replace(tmp_path / "new.ttf", font)
        return True

    deadline = time.monotonic() + 60
    with open(os.devnull, "w") as quiet:
        watch(edition, build_once, interval=0.02, restart=lambda: restarts.append(1), out=quiet,
              stop=lambda: len(calls) >= 3 or time.monotonic() > deadline)
    assert len(calls) == 3
    assert "文明、绿色祭" in calls[1] and calls[1] == calls[2]  # the second build saw the whole edit
    assert restarts == [1]


def test_watch_rebuilds_the_pdf_as_a_cold_build_would(tmp_path):
    edition = _copy_sample(tmp_path)
    out = tmp_path / "out" / "w.pdf"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "layout", "watch", str(edition), "-o", str(out),
                             "--interval", "0.05"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    lines: list[str] = []

    def wait_for(word: str, count: int) -> None:
        deadline = time.monotonic() + 60
        while sum(word in line for line in lines) < count:
            assert time.monotonic() < deadline and proc.poll() is None, "".join(lines)
            lines.append(proc.stdout.readline())

    try:
        wait_for("watching", 1)
        assert "龙凤桥" in _text(out)
        edition.write_text(edition.read_text(encoding="utf-8").replace("龙凤桥", "龙凤新桥"), encoding="utf-8")
        wait_for("built in", 2)
        assert "龙凤新桥" in _text(out)
        edition.write_text("articles: [", encoding="utf-8")  # broken YAML: an error, and watching on
        wait_for("failed in", 1)
        assert any("YAML syntax error" in line for line in lines)
        shutil.copyfile(ROOT / "editions" / "2022-04-04.yaml", edition)
        wait_for("built in", 3)
    finally:
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "stopped watching" in rest
    cold = tmp_path / "cold.pdf"
    subprocess.run([sys.executable, "-m", "layout", "build", str(edition), "-o", str(cold)], cwd=tmp_path,
                   check=True, capture_output=True)
    assert out.read_bytes() == cold.read_bytes()
