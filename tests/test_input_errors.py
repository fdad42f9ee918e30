"""Bad input gets one clear line naming file, line and field; exit status 2; nothing written."""
from __future__ import annotations

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
