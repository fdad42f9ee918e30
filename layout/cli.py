"""Command line: `layout build EDITION [-o PDF]`. Errors are one line; --debug shows tracebacks."""
from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from layout.errors import LayoutError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="layout", description="Chinese newspaper print-edition engine")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="build an edition into a PDF")
    p_build.add_argument("edition", type=Path, help="edition YAML file")
    p_build.add_argument("-o", "--output", type=Path, help="PDF to write (default out/DATE.pdf)")
    p_build.add_argument("--styles", type=Path, help="styles.yaml (default: next to the edition or above)")
    p_build.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                         help="show tracebacks")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
    except LayoutError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal fault: say so, in one line unless --debug
        if args.debug:
            traceback.print_exc()
        print(f"internal error: {type(exc).__name__}: {exc} (run with --debug and report it)",
              file=sys.stderr)
        return 1
    return 0


def _build(args) -> int:
    from layout.build import build

    result = build(args.edition, args.output, args.styles)
    for diag in result.diagnostics:
        print(diag, file=sys.stderr)
    for page in result.layout.pages:
        x, y, w, h = page.type_area
        used = sum(m.w * m.h for m in page.modules)
        ids = ", ".join(m.article_id + ("(续)" if m.part else "") for m in page.modules)
        print(f"page {page.number}: {len(page.modules)} modules, fill {used / (w * h):.0%}: {ids}")
    for jump in result.layout.jumps:
        print(f"jump: {jump.article_id} page {jump.from_page} → page {jump.to_page}")
    print(f"wrote {result.pdf}")
    return 0
