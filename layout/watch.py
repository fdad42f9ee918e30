"""``layout watch``: build, then build again each time an input changes.

The inputs are the edition file, its styles.yaml, the pictures the edition places and the font
files the styles name. The process stays up between builds, so a rebuild pays neither Python's
start-up and imports nor the fonts, and paragraphs whose text and measure did not change come
out of the text composer's cache (it is a pure function of its inputs). That is what makes a
rebuild after an edit feel instant (issue 7); each rebuild still writes the whole PDF atomically
and preflights it, exactly as ``layout build`` does, and gives the same bytes.

Files are polled (a few stat calls every ``interval`` seconds), so nothing beyond the standard
library is needed and network or container folders work as well as local ones. A changed font
file restarts the process (reportlab keeps fonts by name for the life of the process).
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from layout.errors import LayoutError

Signature = tuple[int, int, int] | None  # (mtime ns, size, inode); None: the file is missing


def signature(path: Path) -> Signature:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def watched_inputs(edition: Path, styles: Path | None) -> tuple[list[Path], list[Path]]:
    """(files the build reads, font files among them), as far as they can be found now: when the
    edition or the styles cannot be read, at least those two files are watched."""
    from layout.build import find_styles
    from layout.models import load_styles

    files, fonts = [edition], []
    try:
        styles = styles or find_styles(edition)
    except LayoutError:
        return files, fonts
    files.append(styles)
    try:
        fonts = sorted(set(load_styles(styles)[1].values()))
    except LayoutError:
        pass
    files += sorted(set(_pictures(edition)))  # also one not there yet: it is watched for
    return files + fonts, fonts


def _pictures(edition: Path) -> Iterable[Path]:
    """The picture files the edition names, read leniently (the edition may be invalid now)."""
    from layout.models.load import read_yaml

    try:
        data, _ = read_yaml(edition)
    except LayoutError:
        return
    articles = data.get("articles") if isinstance(data, dict) else None
    for article in articles if isinstance(articles, list) else ():
        images = article.get("images") if isinstance(article, dict) else None
        for image in images if isinstance(images, list) else ():
            if isinstance(image, dict) and isinstance(image.get("path"), str):
                yield (edition.parent / image["path"]).resolve()


def watch(edition: Path, build_once: Callable[[], bool], styles: Path | None = None, *,
          interval: float = 0.1, out=sys.stdout, restart: Callable[[], None] | None = None,
          stop: Callable[[], bool] = lambda: False) -> None:
    """Call ``build_once`` now and after every change of an input, until interrupted (or until
    ``stop()`` is true, for tests). ``restart`` is called when a font file changed."""
    files, fonts = watched_inputs(edition, styles)
    seen = {path: signature(path) for path in files}
    _run(build_once, out)
    print(f"watching {len(files)} files; Ctrl-C to stop", file=out, flush=True)
    while not stop():
        time.sleep(interval)
        if all(signature(path) == seen[path] for path in files):
            continue
        now = _settled(files, interval)  # an editor may save in several writes
        changed = [path for path in files if now[path] != seen[path]]
        font = next((path for path in changed if path in fonts), None)
        if font is not None:
            print(f"font changed: {font}; restarting", file=out, flush=True)
            if restart is not None:
                restart()
        print(f"changed: {', '.join(path.name for path in changed)}", file=out, flush=True)
        seen = now  # as read before the build: a change made during the build brings another
        _run(build_once, out)
        files, fonts = watched_inputs(edition, styles)  # the edition may place another picture now
        for path in files:
            seen.setdefault(path, signature(path))


def _settled(files: list[Path], interval: float) -> dict[Path, Signature]:
    """Wait until the files stop changing (two polls alike, at most 2 s); their signatures then."""
    last = {path: signature(path) for path in files}
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        time.sleep(min(interval, 0.05))
        now = {path: signature(path) for path in files}
        if now == last:
            break
        last = now
    return last


def _run(build_once: Callable[[], bool], out) -> None:
    start = time.perf_counter()
    ok = build_once()
    took = time.perf_counter() - start
    stamp = dt.datetime.now().strftime("%H:%M:%S")
    print(f"[{stamp}] {'built' if ok else 'failed'} in {took:.2f} s", file=out, flush=True)


def restart_process() -> None:
    """Replace this process by a fresh ``layout`` with the same arguments."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "layout", *sys.argv[1:]])
