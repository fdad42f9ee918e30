"""Speed of the text composer alone, cold, on every paragraph a build composes.

    python bench/text_speed.py                       # the sample edition
    python bench/text_speed.py EDITION --styles S    # e.g. a generated 48-page edition
    python bench/text_speed.py --digest              # also print a digest of the composed lines
    python bench/text_speed.py --against tests/text/reference_compose.py   # old vs new, interleaved

Each edition is composed once (page composer included) with ``compose_paragraph`` wrapped, to
collect every distinct paragraph × measure × indent × align the build asks for, in the order it
asks (span variants of one paragraph come one after another, as in the build). These are then
composed again ``--runs`` times with every cache of the composer cleared before each pass: the
median pass is the composer's cold time for one build. Times are the process's CPU time, so
that other work on a shared machine does not count. ``--body`` also times the body text at
one basic column, as bench/run.py's throughput section does.

``--against FILE`` times another version of compose.py (e.g. the reference copy of the composer
before its speed work) in the same process, the passes of the two interleaved so that a busy
machine slows both alike, and checks that both set the same lines.

The digest is a SHA-256 of the repr of every composed line (floats in full precision), so two
versions of the composer that give the same digest set the same lines, runs and positions.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import layout.pages.blocks as blocks  # noqa: E402
import layout.text.compose as C  # noqa: E402
from layout.build import compose_pages, load  # noqa: E402


def clear_caches(module=C) -> None:
    """Every cache of the composer, whatever this version of it keeps."""
    module._compose.cache_clear()
    extra = getattr(module, "clear_caches", None)
    if extra is not None:
        extra()


def load_composer(path: Path):
    import importlib.util
    spec = importlib.util.spec_from_file_location(f"composer_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def collect(edition: Path, styles_path: Path | None):
    """The distinct calls of one build, in order, as _compose's arguments; and the loaded edition."""
    loaded, styles, fonts = load(edition, styles_path)
    calls: dict = {}
    original = blocks.compose_paragraph

    def recording(spans, measure, *, indent=0.0, align="justify", spacing=C.Spacing()):
        calls.setdefault((tuple(spans), round(measure, 4), round(indent, 4), align, spacing), None)
        return original(spans, measure, indent=indent, align=align, spacing=spacing)

    blocks.compose_paragraph = recording
    try:
        compose_pages(loaded, styles, fonts)
    finally:
        blocks.compose_paragraph = original
    return list(calls), (loaded, styles, fonts)


def time_pass(calls, module=C) -> float:
    clear_caches(module)
    compose = module._compose
    t0 = time.process_time()
    for key in calls:
        compose(*key)
    return time.process_time() - t0


def time_body(loaded, styles, fonts) -> tuple[float, int]:
    from layout.pages.blocks import Typesetter
    from layout.pages.grid import Grid
    grid = Grid.from_styles(styles)
    ts = Typesetter(styles, fonts, grid)
    articles = [a for a in loaded.edition.articles if a.kind != "promo"]
    clear_caches()
    t0 = time.process_time()
    lines = sum(len(ts.body_lines(a, grid.column_w)) for a in articles)
    return time.process_time() - t0, lines


def digest(calls, module=C) -> str:
    clear_caches(module)
    h = hashlib.sha256()
    for key in calls:
        h.update(repr(module._compose(*key)).encode())
    return h.hexdigest()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("edition", nargs="?", type=Path, default=ROOT / "editions" / "2022-04-04.yaml")
    p.add_argument("--styles", type=Path)
    p.add_argument("--runs", type=int, default=9)
    p.add_argument("--digest", action="store_true")
    p.add_argument("--body", action="store_true", help="also time the body text at one column")
    p.add_argument("--profile", action="store_true", help="cProfile one pass")
    p.add_argument("--against", type=Path, help="another compose.py to time and compare with")
    args = p.parse_args(argv)

    calls, loaded = collect(args.edition, args.styles)
    chars = sum(len(s.text) for key in calls for s in key[0])
    time_pass(calls)  # warm-up: imports, font dictionaries
    gc.collect()
    runs = [time_pass(calls) for _ in range(args.runs)]
    med = statistics.median(runs)
    print(f"{args.edition.name}: {len(calls)} distinct compositions, {chars} characters; "
          f"cold pass median {med * 1000:.1f} ms (min {min(runs) * 1000:.1f}, "
          f"max {max(runs) * 1000:.1f}, {args.runs} runs), {chars / med:,.0f} characters/s")
    if args.against:
        other = load_composer(args.against)
        time_pass(calls, other)
        mine, theirs = [], []
        for _ in range(args.runs):
            theirs.append(time_pass(calls, other))
            mine.append(time_pass(calls))
        a, b = statistics.median(theirs), statistics.median(mine)
        same = digest(calls, other) == digest(calls)
        print(f"  interleaved: {args.against.name} {a * 1000:.1f} ms (min {min(theirs) * 1000:.1f}), "
              f"this composer {b * 1000:.1f} ms (min {min(mine) * 1000:.1f}): {a / b:.2f}× faster; "
              f"lines {'identical' if same else 'DIFFERENT'}")
    if args.body:
        body = [time_body(*loaded) for _ in range(args.runs)]
        print(f"  body text at one column: median {statistics.median(t for t, _ in body) * 1000:.1f} ms, "
              f"{body[0][1]} lines")
    if args.digest:
        print(f"  digest {digest(calls)}")
    if args.profile:
        import cProfile
        import pstats
        clear_caches()
        prof = cProfile.Profile()
        prof.enable()
        for key in calls:
            C._compose(*key)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
