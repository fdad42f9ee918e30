"""Pages composed by an earlier build of the same process (`layout watch`) are reused only when
nothing they are made from changed, and a build from the cache is the build without it."""
from __future__ import annotations

import shutil

import yaml

from layout.boxes import to_data
from layout.build import compose
from layout.pages import paginate

from conftest import SAMPLE, STYLES
from test_page_composition import _article, forced_jump


def _edition(tmp_path, change=None):
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    if change:
        change(data)
    if not (tmp_path / "images").exists():
        shutil.copytree(SAMPLE.parent / "images", tmp_path / "images")
    path = tmp_path / "edition.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _compose(path, counted):
    counted.clear()
    return to_data(compose(path, STYLES)[3].layout)


def _count_packs(monkeypatch):
    packed: list[int] = []
    real = paginate._compose_page

    def counting(ts, items, number, *rest):
        packed.append(number)
        return real(ts, items, number, *rest)

    monkeypatch.setattr(paginate, "_compose_page", counting)
    monkeypatch.setattr(paginate, "_PAGES", type(paginate._PAGES)())
    return packed


def test_unchanged_pages_come_from_the_cache_and_are_the_same(tmp_path, monkeypatch):
    packed = _count_packs(monkeypatch)
    path = _edition(tmp_path)
    first = _compose(path, packed)
    assert sorted(packed) == [1, 2]
    assert _compose(path, packed) == first and packed == []

    def edit_page_two(data):
        _article(data, "wenming-city-drive")["body"][0] += "本报将持续关注。"
    second = _compose(_edition(tmp_path, edit_page_two), packed)
    assert packed == [2]  # page 1 did not change
    paginate._PAGES.clear()
    assert _compose(_edition(tmp_path, edit_page_two), packed) == second  # the same without the cache


def test_styles_and_pictures_are_part_of_the_key(tmp_path, monkeypatch):
    packed = _count_packs(monkeypatch)
    path = _edition(tmp_path)
    _compose(path, packed)
    picture = tmp_path / "images" / "industrial-park.jpg"
    picture.write_bytes(picture.read_bytes())  # same bytes, new mtime: the page is set again
    _compose(path, packed)
    assert packed == [2]
    styles = yaml.safe_load(STYLES.read_text(encoding="utf-8"))
    styles["colors"]["red"] = [0, 0.9, 0.9, 0]
    other = tmp_path / "styles.yaml"
    other.write_text(yaml.safe_dump(styles, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for font in STYLES.parent.joinpath("fonts").iterdir():
        (tmp_path / "fonts").mkdir(exist_ok=True)
        (tmp_path / "fonts" / font.name).symlink_to(font)
    packed.clear()
    compose(path, other)
    assert sorted(packed) == [1, 2]


def test_a_cached_page_still_sends_its_continuation_on(tmp_path, monkeypatch):
    packed = _count_packs(monkeypatch)

    path = _edition(tmp_path, forced_jump)
    first = _compose(path, packed)
    assert first["jumps"] and sorted(packed) == [1, 2]
    assert _compose(path, packed) == first and packed == []

    def edit_page_two(data):
        forced_jump(data)
        _article(data, "zhualuoshi-interview")["body"][0] += "（完）"
    edited = _compose(_edition(tmp_path, edit_page_two), packed)
    assert packed == [2]  # page 1 from the cache; its continuation still reached page 2
    assert edited["jumps"] == first["jumps"]
    assert sum(m["article_id"] == "qingming-culture-tourism" for p in edited["pages"] for m in p["modules"]) == 2
