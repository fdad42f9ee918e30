"""The font cache (layout/fonts/cache.py) gives reportlab exactly the face a parse gives, and
is invalidated by the file's content, never trusted on its name."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from layout.errors import FontError
from layout.fonts import cache

FONTS = Path(__file__).resolve().parent.parent / "fonts"
SANS = FONTS / "LayoutSansSC-Bold.ttf"
SERIF = FONTS / "LayoutSerifSC-Bold.ttf"
TABLES = ("charToGlyph", "charWidths", "glyphToChar", "hmetrics", "glyphPos")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("LAYOUT_CACHE_DIR", str(folder))
    monkeypatch.delenv("LAYOUT_CACHE", raising=False)
    return folder


def _cached(name: str, path: Path) -> TTFont:
    """A font as a later build gets it: parsed and stored once, then restored from the cache."""
    font, extra = cache.load_font(name, path)
    if not extra:
        cache.store_extra(font, {"widths": [], "blanks": {}, "dash": None})
        font, extra = cache.load_font(name, path)
    assert isinstance(font.face, cache.CachedFace) and "widths" in extra
    return font


def test_restored_face_is_the_parsed_face(cache_dir):
    parsed = TTFont("Sans", str(SANS))
    restored = _cached("Sans", SANS)
    assert set(vars(restored)) == set(vars(parsed))  # what TTFont.__init__ sets
    assert restored.shapable == parsed.shapable and restored._asciiReadable == parsed._asciiReadable
    for name in TABLES:
        assert list(getattr(restored.face, name)) == list(getattr(parsed.face, name)), name
        if isinstance(getattr(parsed.face, name), dict):
            assert list(getattr(restored.face, name).items()) == list(getattr(parsed.face, name).items()), name
    for name, value in vars(parsed.face).items():
        if name not in (*TABLES, "_ttf_data", "_pdfScale", "_pos"):
            assert getattr(restored.face, name) == value, name
    assert restored.face._pdfScale(517) == parsed.face._pdfScale(517)
    subset = [0x20] + [ord(c) for c in "北碚报，。「」——新闻"]
    assert restored.face.makeSubset(subset) == parsed.face.makeSubset(subset)


def test_a_changed_font_is_read_again(cache_dir, tmp_path):
    font_file = tmp_path / "Face.ttf"
    shutil.copyfile(SANS, font_file)
    assert _cached("Face", font_file).face.fullName == TTFont("x", str(SANS)).face.fullName
    os.replace(shutil.copyfile(SERIF, tmp_path / "new.ttf"), font_file)  # same name, other content
    font, extra = cache.load_font("Face", font_file)
    assert extra == {} and not isinstance(font.face, cache.CachedFace)
    assert font.face.fullName == TTFont("y", str(SERIF)).face.fullName


def test_same_content_elsewhere_shares_the_entry(cache_dir, tmp_path):
    _cached("Sans", SANS)
    copy = tmp_path / "copy.ttf"
    shutil.copyfile(SANS, copy)  # a fresh clone: other path and times, same bytes
    font, extra = cache.load_font("Copy", copy)
    assert isinstance(font.face, cache.CachedFace) and "widths" in extra
    assert font.face.filename == str(copy)


def test_font_replaced_during_the_build_is_an_error(cache_dir, tmp_path):
    font_file = tmp_path / "Face.ttf"
    shutil.copyfile(SANS, font_file)
    font = _cached("Face", font_file)
    os.replace(shutil.copyfile(SERIF, tmp_path / "new.ttf"), font_file)
    with pytest.raises(FontError, match="changed"):
        font.face.makeSubset([0x20, ord("北")])


def test_damaged_entry_is_read_again(cache_dir):
    _cached("Sans", SANS)
    for entry in cache_dir.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    font, extra = cache.load_font("Sans", SANS)
    assert extra == {} and font.face.charToGlyph[ord("北")]


def test_cache_off_writes_nothing(cache_dir, monkeypatch):
    monkeypatch.setenv("LAYOUT_CACHE", "off")
    font, extra = cache.load_font("Sans", SANS)
    cache.store_extra(font, {"widths": []})
    assert extra == {} and not cache_dir.exists()
