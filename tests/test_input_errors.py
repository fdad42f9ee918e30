"""Bad input gets one clear line naming file, line and field; exit status 2; nothing written."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from layout.cli import main

from conftest import ROOT, SAMPLE, STYLES


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the sample edition (and its images) to break."""
    shutil.copy(SAMPLE, tmp_path / "edition.yaml")
    shutil.copytree(SAMPLE.parent / "images", tmp_path / "images")
    return tmp_path


def _run(workdir: Path, capsys) -> tuple[int, str]:
    out = workdir / "out.pdf"
    status = main(["build", str(workdir / "edition.yaml"), "-o", str(out), "--styles", str(STYLES)])
    err = capsys.readouterr().err
    assert not out.exists(), "a PDF was written despite the error"
    assert "Traceback" not in err
    return status, err.strip()


def _edit(workdir: Path, change) -> None:
    path = workdir / "edition.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _line_of(workdir: Path, needle: str) -> int:
    for n, line in enumerate((workdir / "edition.yaml").read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def test_yaml_syntax_error(workdir, capsys):
    path = workdir / "edition.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("pages:"))
    lines.insert(n + 1, "  - number: [1")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, err = _run(workdir, capsys)
    assert status == 2
    assert "edition.yaml:" in err and "YAML syntax error" in err


def test_unknown_key_names_line_and_suggests(workdir, capsys):
    _edit(workdir, lambda d: d["articles"][1].update(headlnie=d["articles"][1].pop("headline")))
    line = _line_of(workdir, "headlnie:")
    status, err = _run(workdir, capsys)
    assert status == 2
    assert f"edition.yaml:{line}:" in err
    assert "articles[1].headlnie" in err and "unknown key" in err and "headline" in err


def test_wrong_type(workdir, capsys):
    _edit(workdir, lambda d: d["articles"][0].update(priority="high"))
    line = _line_of(workdir, "priority: high")
    status, err = _run(workdir, capsys)
    assert status == 2
    assert f"edition.yaml:{line}:" in err and "articles[0].priority" in err


def test_missing_required_field(workdir, capsys):
    _edit(workdir, lambda d: d["articles"][0].pop("priority"))
    status, err = _run(workdir, capsys)
    assert status == 2
    assert "articles[0].priority" in err and "missing" in err


def test_missing_image(workdir, capsys):
    (workdir / "images" / "industrial-park.jpg").unlink()
    status, err = _run(workdir, capsys)
    assert status == 2
    assert "image file not found: images/industrial-park.jpg" in err
    assert f"edition.yaml:{_line_of(workdir, 'industrial-park.jpg')}:" in err


def test_page_lists_unknown_article(workdir, capsys):
    _edit(workdir, lambda d: d["pages"][0]["articles"].append("no-such-story"))
    status, err = _run(workdir, capsys)
    assert status == 2
    assert "unknown article 'no-such-story'" in err
    assert f"edition.yaml:{_line_of(workdir, 'no-such-story')}:" in err


def test_unknown_font_role_in_styles(tmp_path, capsys):
    data = yaml.safe_load(STYLES.read_text(encoding="utf-8"))
    data["styles"]["body"]["font"] = "fangsong"
    styles = tmp_path / "styles.yaml"
    styles.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for key, rel in data["fonts"].items():
        (tmp_path / "fonts").mkdir(exist_ok=True)
        (tmp_path / rel).symlink_to(ROOT / rel)
    out = tmp_path / "out.pdf"
    status = main(["build", str(SAMPLE), "-o", str(out), "--styles", str(styles)])
    err = capsys.readouterr().err
    assert status == 2 and not out.exists()
    assert "unknown font 'fangsong'" in err and "styles.yaml:" in err


def test_failed_build_keeps_previous_pdf(workdir, capsys):
    out = workdir / "out.pdf"
    out.write_bytes(b"%PDF-1.3 previous good build")
    _edit(workdir, lambda d: d["pages"][0]["articles"].append("no-such-story"))
    status = main(["build", str(workdir / "edition.yaml"), "-o", str(out), "--styles", str(STYLES)])
    capsys.readouterr()
    assert status == 2
    assert out.read_bytes() == b"%PDF-1.3 previous good build"
    assert [p.name for p in workdir.iterdir() if p.name.endswith(".tmp")] == []


# ---------------------------------------------------------------- small editions to break

def _mini(folder: Path, articles: list[dict], pages: list[dict] | None = None) -> Path:
    """A one-page edition (or the pages given) of the articles, written to folder/edition.yaml."""
    pages = pages or [{"number": 1, "section": "要闻", "articles": [a["id"] for a in articles]}]
    data = {"paper": "北碚报", "date": "2022-04-04", "pages": pages, "articles": articles}
    path = folder / "edition.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _story(n: int = 1, **fields) -> dict:
    return {"id": f"story-{n}", "priority": n, "headline": "区政府召开专题会议部署工作",
            "body": ["会议强调，要切实做好各项工作。" * 12, "各有关部门负责人参加会议。"], **fields}


def _build(edition: Path, capsys, out: Path | None = None, styles: Path = STYLES, *extra: str):
    """Build in-process; (status, stdout, stderr). Never a traceback unless --debug."""
    out = out or edition.parent / "out.pdf"
    status = main(["build", str(edition), "-o", str(out), "--styles", str(styles), *extra])
    captured = capsys.readouterr()
    if "--debug" not in extra:
        assert "Traceback" not in captured.err
    return status, captured.out, captured.err.strip()


def _fails(edition: Path, capsys, styles: Path = STYLES) -> str:
    """The build fails with exit status 2, one error line, and writes no PDF; the line."""
    out = edition.parent / "out.pdf"
    status, _, err = _build(edition, capsys, out, styles)
    assert status == 2, err
    assert not out.exists(), "a PDF was written despite the error"
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    return errors[0]


def _pdf_text(pdf: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    text = "".join(page.get_textpage().get_text_range() for page in doc)
    doc.close()
    return "".join(text.split())


def _styles_copy(folder: Path, change) -> Path:
    """styles.yaml changed by ``change(data, folder)``, with the fonts linked beside it."""
    data = yaml.safe_load(STYLES.read_text(encoding="utf-8"))
    (folder / "fonts").mkdir(exist_ok=True)
    for rel in data["fonts"].values():
        if not (folder / rel).exists():
            (folder / rel).symlink_to(ROOT / rel)
    change(data, folder)
    path = folder / "styles.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


# ---------------------------------------------------------------- structure of the edition

def test_duplicate_article_id(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1), _story(2, id="story-1")],
                    pages=[{"number": 1, "section": "要闻", "articles": ["story-1"]}])
    err = _fails(edition, capsys)
    line = [n for n, text in enumerate(edition.read_text().splitlines(), 1) if "id: story-1" in text][1]
    assert f"edition.yaml:{line}: articles[1].id: duplicate article id 'story-1'" in err


def test_article_on_no_page(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1), _story(2)],
                    pages=[{"number": 1, "section": "要闻", "articles": ["story-1"]}])
    err = _fails(edition, capsys)
    assert f"edition.yaml:{_line(edition, 'id: story-2')}:" in err
    assert "article 'story-2' is on no page" in err and "articles[1]" in err


def test_article_listed_twice(tmp_path, capsys):
    # one article given two places
    edition = _mini(tmp_path, [_story(1), _story(2)],
                    pages=[{"number": 1, "section": "要闻", "articles": ["story-1", "story-2"]},
                           {"number": 2, "section": "综合", "articles": ["story-2"]}])
    err = _fails(edition, capsys)
    assert "pages[1].articles[0]" in err and "'story-2' is listed on page 1 and page 2" in err


def test_unknown_value_suggests(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1, kind="promos")])
    err = _fails(edition, capsys)
    assert f"edition.yaml:{_line(edition, 'kind: promos')}: articles[0].kind: unknown value 'promos'" in err
    assert "did you mean 'promo'?" in err


def test_duplicate_yaml_key(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1)])
    text = edition.read_text(encoding="utf-8").replace("  priority: 1\n", "  priority: 1\n  priority: 2\n", 1)
    edition.write_text(text, encoding="utf-8")
    err = _fails(edition, capsys)
    assert f"edition.yaml:{_line(edition, 'priority: 2')}:" in err and "duplicate key 'priority'" in err


def test_span_wider_than_the_grid(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1, span=7), _story(2)])
    err = _fails(edition, capsys)
    assert f"edition.yaml:{_line(edition, 'span: 7')}: articles[0].span (story-1): span 7 is wider than " \
           "the grid's 6 columns" in err


def test_depth_deeper_than_the_page(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1, depth=500, jump_to=2), _story(2)],
                    pages=[{"number": 1, "section": "要闻", "articles": ["story-1"]},
                           {"number": 2, "section": "综合", "articles": ["story-2"]}])
    err = _fails(edition, capsys)
    assert f"edition.yaml:{_line(edition, 'depth: 500')}: articles[0].depth (story-1): depth 500" in err
    assert "body lines of a whole page" in err


# ---------------------------------------------------------------- images

def _with_image(folder: Path, make) -> Path:
    name = make(folder)
    return _mini(folder, [_story(1, images=[{"path": name, "caption": "图为会议现场。"}])])


def _image_error(tmp_path, capsys, make) -> str:
    edition = _with_image(tmp_path, make)
    err = _fails(edition, capsys)
    assert f"edition.yaml:{_line(edition, 'path: ')}: articles[0].images[0].path: image " in err
    return err


def test_corrupt_image(tmp_path, capsys):
    from PIL import Image

    def truncated(folder):
        Image.new("RGB", (800, 600), "red").save(folder / "photo.jpg", quality=95)
        data = (folder / "photo.jpg").read_bytes()
        (folder / "photo.jpg").write_bytes(data[: len(data) // 2])
        return "photo.jpg"
    assert "photo.jpg is damaged (image file is truncated" in _image_error(tmp_path, capsys, truncated)


def test_not_an_image(tmp_path, capsys):
    def text(folder):
        (folder / "photo.png").write_text("this is not a picture")
        return "photo.png"
    assert "photo.png is damaged or not an image" in _image_error(tmp_path, capsys, text)


def test_unsupported_image_format(tmp_path, capsys):
    from PIL import Image

    def gif(folder):
        Image.new("RGB", (800, 600), "red").save(folder / "photo.gif")
        return "photo.gif"
    err = _image_error(tmp_path, capsys, gif)
    assert "photo.gif is in GIF format, which is not supported — convert it to JPEG, PNG or TIFF" in err


@pytest.mark.parametrize("kind", ["empty file", "zero width"])
def test_zero_size_image(tmp_path, capsys, kind):
    import struct
    import zlib

    def make(folder):
        if kind == "empty file":
            (folder / "photo.png").write_bytes(b"")
            return "photo.png"
        def chunk(tag, data):
            return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
        (folder / "photo.png").write_bytes(
            b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 0, 10, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))
        return "photo.png"
    err = _image_error(tmp_path, capsys, make)
    assert ("photo.png is empty (0 bytes)" if kind == "empty file" else "photo.png has zero size (0 × 10 pixels)") in err


def test_unreadable_image(tmp_path, capsys, monkeypatch):
    from PIL import Image

    def make(folder):
        Image.new("RGB", (800, 600), "red").save(folder / "photo.jpg")
        return "photo.jpg"
    real_open = Image.open

    def deny(fp, *args, **kwargs):  # the tests run as root, where chmod 000 does not stop reading
        if str(fp).endswith("photo.jpg"):
            raise PermissionError(13, "Permission denied", str(fp))
        return real_open(fp, *args, **kwargs)
    monkeypatch.setattr(Image, "open", deny)
    assert "photo.jpg cannot be read (permission denied)" in _image_error(tmp_path, capsys, make)


def test_image_path_is_a_folder(tmp_path, capsys):
    def folder_(folder):
        (folder / "photos").mkdir()
        return "photos"
    assert "image path photos is a folder" in _fails(_with_image(tmp_path, folder_), capsys)


def test_rgba_image_is_converted_not_rejected(tmp_path, capsys):
    import pikepdf
    from PIL import Image

    def rgba(folder):
        Image.new("RGBA", (1600, 1200), (200, 30, 30, 128)).save(folder / "photo.png")
        return "photo.png"
    edition = _with_image(tmp_path, rgba)
    status, out, err = _build(edition, capsys)
    assert status == 0, err
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        images = [obj for page in pdf.pages for obj in page.get_images().values()]
        assert images
        for image in images:
            assert "/SMask" not in image and "/Mask" not in image
            assert image.ColorSpace in (pikepdf.Name.DeviceCMYK, pikepdf.Name.DeviceGray)


def test_low_resolution_image_warns_naming_the_file(tmp_path, capsys):
    from PIL import Image

    def tiny(folder):
        Image.new("RGB", (80, 60), "blue").save(folder / "tiny-photo.jpg")
        return "tiny-photo.jpg"
    status, out, err = _build(_with_image(tmp_path, tiny), capsys)
    assert status == 0, err  # a warning, not a failure
    warn = [line for line in out.splitlines() if "image resolution" in line]
    assert warn and "WARN" in warn[0] and "tiny-photo.jpg" in warn[0] and "ppi" in warn[0]


# ---------------------------------------------------------------- text

def test_headline_only_brief_builds(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1), {"id": "brief", "priority": 2, "headline": "区图书馆延长开放时间"}])
    status, _, err = _build(edition, capsys)
    assert status == 0, err
    assert "区图书馆延长开放时间" in _pdf_text(tmp_path / "out.pdf")


def test_empty_paragraph_is_an_error(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1, body=["第一段。", "   ", "第三段。"])])
    err = _fails(edition, capsys)
    assert "articles[0].body[1]: empty paragraph" in err


def test_huge_body_fails_on_fit_in_bounded_time(tmp_path, capsys):
    import time

    edition = _mini(tmp_path, [_story(1, body=["正文测试内容，" * 28_572])])  # 200,004 characters
    start = time.perf_counter()
    err = _fails(edition, capsys)
    elapsed = time.perf_counter() - start
    assert "page 1: the page cannot hold its articles (story-1)" in err and "characters) over" in err
    assert elapsed < 20, f"took {elapsed:.1f} s"  # about 4 s on the development machine


def test_long_token_is_broken_not_lost(tmp_path, capsys):
    url = "https://example.com/" + "/".join(["segment" + str(n) for n in range(30)])
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
    edition = _mini(tmp_path, [_story(1, body=[f"详情见{url}。另有{word}一词。"])])
    status, _, err = _build(edition, capsys)
    assert status == 0, err
    text = _pdf_text(tmp_path / "out.pdf")
    assert url.replace("/", "") in text.replace("-", "").replace("/", "")
    assert word in text.replace("-", "")


def test_characters_outside_every_font_are_listed(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1, body=["正文\U0002A6D6测试\U0001F600。"])])
    err = _fails(edition, capsys)
    assert "characters missing from the fonts" in err
    assert "U+2A6D6 in story-1 (body)" in err and "U+1F600 in story-1 (body)" in err


def test_control_character_is_rejected_with_its_place(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1, body=["第一段。", "会议\x07强调。"])])
    err = _fails(edition, capsys)
    assert f"edition.yaml:{_line(edition, '强调。')}: articles[0].body[1]: control character U+0007 " \
           "at character 3, after '会议'" in err


def test_odd_whitespace_is_normalised(tmp_path, capsys):
    from layout.models import load_edition

    body = ["\u3000\u3000会议\u00a0强调，要\t切实\u200b做好\n各项工作。",   # pasted indent, NBSP, tab, ZWSP, break
            "Hello\u2003\u2003world\nagain\ufeff。"]
    edition = _mini(tmp_path, [_story(1, body=body, headline="区政府\u200b召开会议")])
    article = load_edition(edition).edition.articles[0]
    assert article.body == ("会议 强调，要 切实做好各项工作。", "Hello world again。")
    assert article.headline == "区政府召开会议"
    status, _, err = _build(edition, capsys)
    assert status == 0, err
    text = _pdf_text(tmp_path / "out.pdf")
    assert "会议强调，要切实做好各项工作。" in text and "Helloworldagain。" in text


def test_half_width_punctuation_in_chinese_is_set_full_width(tmp_path, capsys):
    from layout.models import load_edition

    edition = _mini(tmp_path, [_story(1, body=["今天,我们去了北京; 然后(下午)回来! 时间是10:30, price: 5 (USD)."])])
    loaded = load_edition(edition)
    assert loaded.edition.articles[0].body == ("今天，我们去了北京；然后（下午）回来！时间是10:30, price: 5 (USD).",)
    status, _, err = _build(edition, capsys)
    assert status == 0, err
    note = [line for line in err.splitlines() if line.startswith("note:") and "full width" in line]
    assert note and f"line {_line(edition, '今天,我们')} articles[0].body[0] (5)" in note[0]


def test_headline_longer_than_any_span(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1, headline="不断加强和创新基层社会治理有力有序有效做好各项工作" * 10), _story(2)])
    err = _fails(edition, capsys)
    assert f"edition.yaml:{_line(edition, 'headline: 不断')}: articles[0].headline: headline of 'story-1'" in err
    assert "smallest size of the ladder" in err and "shorten it" in err


# ---------------------------------------------------------------- styles

def _styles_error(tmp_path, capsys, change) -> str:
    styles = _styles_copy(tmp_path, change)
    edition = _mini(tmp_path, [_story(1)])
    return _fails(edition, capsys, styles)


def test_columns_wider_than_the_type_area(tmp_path, capsys):
    err = _styles_error(tmp_path, capsys, lambda d, f: d["grid"].update(columns=9))
    assert f"styles.yaml:{_line(tmp_path / 'styles.yaml', 'grid:')}: grid: the column grid is 963.0 pt wide " \
           "but the type area is only 652.0 pt" in err


@pytest.mark.parametrize("where, change", [
    ("styles.body.size_pt", lambda d, f: d["styles"]["body"].update(size_pt=-9)),
    ("page.margins_mm.top", lambda d, f: d["page"]["margins_mm"].update(top=-5)),
    ("grid.gutter_em", lambda d, f: d["grid"].update(gutter_em=-1)),
])
def test_negative_sizes(tmp_path, capsys, where, change):
    err = _styles_error(tmp_path, capsys, change)
    assert f"styles.yaml:" in err and f"{where}: Input should be greater than" in err and "(found -" in err


def test_unknown_style_role(tmp_path, capsys):
    err = _styles_error(tmp_path, capsys, lambda d, f: d["styles"].update(headlnie=d["styles"]["headline"]))
    assert f"styles.yaml:{_line(tmp_path / 'styles.yaml', 'headlnie:')}: styles.headlnie: unknown key " \
           "'headlnie' — did you mean 'headline'?" in err


def test_font_file_missing(tmp_path, capsys):
    err = _styles_error(tmp_path, capsys, lambda d, f: d["fonts"].update(kai="fonts/NoSuchFont.ttf"))
    assert f"styles.yaml:{_line(tmp_path / 'styles.yaml', 'NoSuchFont')}: fonts.kai: font file not found" in err


@pytest.mark.parametrize("content, says", [(b"hello, not a font", "is not a font file"),
                                           (b"OTTO" + bytes(100), "has CFF (PostScript) outlines"),
                                           (b"", "is not a font file (empty)")])
def test_font_file_not_a_truetype_font(tmp_path, capsys, content, says):
    def change(data, folder):
        (folder / "fonts" / "Broken.ttf").write_bytes(content)
        data["fonts"]["kai"] = "fonts/Broken.ttf"
    err = _styles_error(tmp_path, capsys, change)
    assert f"styles.yaml:{_line(tmp_path / 'styles.yaml', 'Broken.ttf')}: fonts.kai: fonts/Broken.ttf {says}" in err


def test_font_file_damaged_inside(tmp_path, capsys):
    # a TrueType header and nothing usable after it: reportlab's own error, named by font key
    def change(data, folder):
        (folder / "fonts" / "Broken.ttf").write_bytes(b"\x00\x01\x00\x00" + bytes(200))
        data["fonts"]["kai"] = "fonts/Broken.ttf"
    err = _styles_error(tmp_path, capsys, change)
    assert "fonts.kai: font 'kai' cannot be used: Broken.ttf" in err


def test_ladder_span_wider_than_the_grid(tmp_path, capsys):
    err = _styles_error(tmp_path, capsys, lambda d, f: d["headline_ladder"][0].update(span=8))
    assert "headline_ladder[0].span: span 8 is wider than the grid's 6 columns" in err


# ---------------------------------------------------------------- output

def test_missing_output_folder_is_created(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1)])
    out = tmp_path / "deep" / "er" / "2022-04-04.pdf"
    status, _, err = _build(edition, capsys, out)
    assert status == 0, err
    assert out.read_bytes().startswith(b"%PDF-1.3")


def test_output_folder_that_cannot_be_made(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1)])
    (tmp_path / "blocker").write_text("a file where the folder should be")
    status, _, err = _build(edition, capsys, tmp_path / "blocker" / "out.pdf")
    assert status == 2
    assert err == f"error: {tmp_path / 'blocker' / 'out.pdf'}: cannot create the output folder " \
                  f"{tmp_path / 'blocker'} (File exists) — choose another output with -o"


def test_output_is_a_folder(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1)])
    (tmp_path / "out.pdf").mkdir()
    status, _, err = _build(edition, capsys, tmp_path / "out.pdf")
    assert status == 2 and "the output is a folder, not a file" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_output_folder_not_writable(tmp_path, capsys):
    edition = _mini(tmp_path, [_story(1)])
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        status, _, err = _build(edition, capsys, folder / "out.pdf")
    finally:
        folder.chmod(0o755)
    assert status == 2 and f"the output folder {folder} is not writable" in err


def test_write_error_is_one_line(tmp_path, capsys, monkeypatch):
    import errno

    import layout.build

    def disk_full(layout_, target, *args, **kwargs):
        Path(target).write_bytes(b"%PDF-1.3 partial")
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(layout.build, "render_pdf", disk_full)
    edition = _mini(tmp_path, [_story(1)])
    status, _, err = _build(edition, capsys)
    assert status == 2 and "cannot write the file (No space left on device)" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edition.yaml"]


def test_interrupted_build_keeps_previous_pdf(tmp_path, capsys, monkeypatch):
    import layout.build

    def interrupted(layout_, target, *args, **kwargs):
        Path(target).write_bytes(b"%PDF-1.3 half of a new")
        raise KeyboardInterrupt
    monkeypatch.setattr(layout.build, "render_pdf", interrupted)
    edition = _mini(tmp_path, [_story(1)])
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF-1.3 previous good build")
    status, _, err = _build(edition, capsys, out)
    assert status == 130 and "interrupted" in err
    assert out.read_bytes() == b"%PDF-1.3 previous good build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edition.yaml", "out.pdf"]


def test_terminated_build_keeps_previous_pdf(tmp_path):
    """SIGTERM (a killed deadline job) while the PDF is being written: the old one stays."""
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF-1.3 previous good build")
    flag = tmp_path / "writing"
    script = (
        "import sys, time, pathlib, layout.build as B\n"
        "def slow(layout_, target, *a, **k):\n"
        "    pathlib.Path(target).write_bytes(b'%PDF-1.3 half')\n"
        f"    pathlib.Path({str(flag)!r}).touch()\n"
        "    time.sleep(60)\n"
        "B.render_pdf = slow\n"
        "from layout.cli import main\n"
        f"sys.exit(main(['build', {str(SAMPLE)!r}, '-o', {str(out)!r}, '--styles', {str(STYLES)!r}]))\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not flag.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert out.read_bytes() == b"%PDF-1.3 previous good build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf", "writing"]


def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path, sample_build):
    import subprocess
    import sys

    import pikepdf

    out = tmp_path / "same.pdf"
    cmd = [sys.executable, "-m", "layout", "build", str(SAMPLE), "-o", str(out), "--styles", str(STYLES)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert out.read_bytes() == sample_build[0].pdf.read_bytes()  # complete and deterministic
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["same.pdf"]


# ---------------------------------------------------------------- exit status and --debug

def test_internal_fault_is_one_line_with_status_1(tmp_path, capsys, monkeypatch):
    import layout.build

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(layout.build, "compose_edition", broken)
    edition = _mini(tmp_path, [_story(1)])
    status, _, err = _build(edition, capsys)
    assert status == 1
    assert err == "internal error: ZeroDivisionError: division by zero (run with --debug and report it)"


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(tmp_path, capsys, where):
    edition = _mini(tmp_path, [_story(1, span=9)])
    argv = ["build", str(edition), "-o", str(tmp_path / "out.pdf"), "--styles", str(STYLES)]
    status = main(["--debug", *argv] if where == "before" else [*argv, "--debug"])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" in err and "check_against_styles" in err
    assert err.strip().splitlines()[-1].startswith("error: ") and "span 9" in err


@pytest.mark.parametrize("second", [{"column": 1, "line": 0}, {"column": 4, "line": 20}])
def test_two_articles_pinned_on_one_page(tmp_path, capsys, second):
    edition = _mini(tmp_path, [_story(1, span=3, position={"column": 1, "line": 0}),
                               _story(2, span=3, position=second), _story(3)])
    err = _fails(edition, capsys)
    lines = [n for n, text in enumerate(edition.read_text().splitlines(), 1) if text.strip() == "position:"]
    assert f"edition.yaml:{lines[1]}: articles[1].position (story-2): 'story-2' and 'story-1' are both " \
           "pinned to a position on page 1" in err
    assert ("(the same place)" in err) == (second["line"] == 0)


@pytest.mark.parametrize("pin, says", [
    ({"span": 3, "position": {"column": 5}}, "position.column (story-1): column 5 with span 3 runs past the grid's 6 columns"),
    ({"position": {"column": 7}}, "position.column (story-1): column 7 runs past the grid's 6 columns"),
    ({"position": {"column": 1, "line": 90}}, "position.line (story-1): line 90 runs past the page's 82 body lines"),
    ({"depth": 40, "jump_to": 2, "position": {"column": 1, "line": 50}},
     "position.line (story-1): line 50 with depth 40 runs past the page's 82 body lines"),
])
def test_pinned_position_outside_the_page(tmp_path, capsys, pin, says):
    edition = _mini(tmp_path, [_story(1, **pin), _story(2)],
                    pages=[{"number": 1, "section": "要闻", "articles": ["story-1"]},
                           {"number": 2, "section": "综合", "articles": ["story-2"]}])
    assert says in _fails(edition, capsys)
