"""Command line: `layout build|watch|check|proof|schema`. Errors are one line; --debug shows tracebacks."""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import traceback
from pathlib import Path

from layout.errors import LayoutError


def run() -> None:
    """The `layout` command: main(), then leave at once. The build's fonts and boxes are a few
    hundred thousand objects that the interpreter would otherwise free one by one (≈0.1 s)."""
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="layout", description="Chinese newspaper print-edition engine")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="build an edition into a PDF")
    p_build.add_argument("edition", type=Path, help="edition YAML file")
    p_build.add_argument("-o", "--output", type=Path, help="PDF to write (default out/DATE.pdf)")
    p_build.add_argument("--styles", type=Path, help="styles.yaml (default: next to the edition or above)")
    p_build.add_argument("--marks", action="store_true", default=None,
                         help="draw crop marks outside the bleed (MediaBox grows to hold them)")
    p_build.add_argument("--handoff", type=Path, metavar="DIR",
                         help="also write one PDF per page and a manifest (SHA-256) for the print shop")
    p_build.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                         help="show tracebacks")
    p_watch = sub.add_parser("watch", help="build, then build again whenever the edition, styles, a picture or "
                                           "a font changes (rebuilds in a fraction of a cold build)")
    p_watch.add_argument("edition", type=Path, help="edition YAML file")
    p_watch.add_argument("-o", "--output", type=Path, help="PDF to write (default out/DATE.pdf)")
    p_watch.add_argument("--styles", type=Path, help="styles.yaml (default: next to the edition or above)")
    p_watch.add_argument("--marks", action="store_true", default=None, help="draw crop marks outside the bleed")
    p_watch.add_argument("--interval", type=float, default=0.1, help="seconds between looks at the files (default 0.1)")
    p_watch.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    p_check = sub.add_parser("check", help="preflight a PDF (PDF/X-1a:2001, print limits)")
    p_check.add_argument("pdf", type=Path, help="PDF file to check")
    p_check.add_argument("--ink-limit", type=float, default=None, help="total ink limit in %% (default: styles.yaml or 240)")
    p_check.add_argument("--min-ppi", type=float, default=None, help="lowest image resolution (default: styles.yaml or 200)")
    p_check.add_argument("--styles", type=Path, help="take the limits from this styles.yaml")
    p_check.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    p_proof = sub.add_parser("proof", help="build an edition and write PNG pages and an HTML proof sheet")
    p_proof.add_argument("edition", type=Path, help="edition YAML file")
    p_proof.add_argument("-o", "--output", type=Path, help="PDF to write (default out/DATE.pdf)")
    p_proof.add_argument("--dir", type=Path, help="folder for the proofs (default: proofs/ next to the PDF)")
    p_proof.add_argument("--dpi", type=float, default=100, help="resolution of the PNG pages (default 100)")
    p_proof.add_argument("--styles", type=Path, help="styles.yaml (default: next to the edition or above)")
    p_proof.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    p_schema = sub.add_parser("schema", help="print the JSON Schema of the edition or styles file (for editors)")
    p_schema.add_argument("which", nargs="?", choices=["edition", "styles"],
                          help="which file format (default: both, as {\"edition\": …, \"styles\": …})")
    p_schema.add_argument("--dir", type=Path, help="write edition.schema.json and styles.schema.json there instead")
    p_schema.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    args = parser.parse_args(argv)
    previous = _terminate_cleanly()
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "watch":
            return _watch(args)
        if args.command == "check":
            return _check(args)
        if args.command == "proof":
            return _proof(args)
        if args.command == "schema":
            return _schema(args)
    except LayoutError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("interrupted: no half-written file was left; an earlier PDF is as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal fault: say so, in one line unless --debug
        if args.debug:
            traceback.print_exc()
        print(f"internal error: {type(exc).__name__}: {exc} (run with --debug and report it)",
              file=sys.stderr)
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _terminate_cleanly():
    """Turn SIGTERM (a killed deadline job) into KeyboardInterrupt, so that the temporary PDF is
    removed on the way out. Returns the previous handler (None when not in the main thread)."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        return None


def _schema(args) -> int:
    from layout.models.schema import schemas

    found = schemas()
    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=True)
        for name, schema in found.items():
            if args.which in (None, name):
                path = args.dir / f"{name}.schema.json"
                path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
                print(f"wrote {path}")
        return 0
    chosen = found[args.which] if args.which else found
    print(json.dumps(chosen, ensure_ascii=False, indent=2))
    return 0


def _summary(result) -> None:
    for diag in result.diagnostics:
        print(diag, file=sys.stderr)
    for page in result.layout.pages:
        ids = ", ".join(m.article_id + ("(续)" if m.part else "") for m in page.modules)
        print(f"page {page.number}: {len(page.modules)} modules, fill {page.fill:.0%}: {ids}")
    for jump in result.layout.jumps:
        print(f"jump: {jump.article_id} page {jump.from_page} → page {jump.to_page}")
    print(f"wrote {result.pdf}")
    if result.preflight is not None:
        print(result.preflight.table())


def _build(args) -> int:
    from layout.build import build

    result = build(args.edition, args.output, args.styles, marks=args.marks, handoff=args.handoff)
    _summary(result)
    if result.preflight is not None and not result.preflight.ok:
        if args.handoff:
            print(f"error: preflight failed: nothing was written to {args.handoff}", file=sys.stderr)
        return 1
    if args.handoff:
        print(f"handoff: {len(result.handoff)} page files, manifest.json and SHA256SUMS in {args.handoff}")
    return 0


def _watch(args) -> int:
    from layout.build import build
    from layout.watch import restart_process, watch

    def build_once() -> bool:
        try:
            result = build(args.edition, args.output, args.styles, marks=args.marks)
        except LayoutError as exc:
            if args.debug:
                traceback.print_exc()
            print(f"error: {exc}", file=sys.stderr, flush=True)
            return False
        except Exception as exc:  # an internal fault: report it and keep watching
            if args.debug:
                traceback.print_exc()
            print(f"internal error: {type(exc).__name__}: {exc} (run with --debug and report it)",
                  file=sys.stderr, flush=True)
            return False
        for diag in result.diagnostics:
            print(diag, file=sys.stderr)
        pages = len(result.layout.pages)
        print(f"wrote {result.pdf} ({pages} page{'s' if pages != 1 else ''})")
        if result.preflight is not None and not result.preflight.ok:
            print(result.preflight.table())
            return False
        return True

    try:
        watch(args.edition, build_once, args.styles, interval=args.interval, restart=restart_process)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while leaving
        print("stopped watching", file=sys.stderr)
    return 0


def _check(args) -> int:
    from layout.errors import InputError
    from layout.models import load_styles
    from layout.preflight import preflight

    ink_limit, min_ppi = 240.0, 200.0
    if args.styles:
        spec = load_styles(args.styles)[0].print
        ink_limit, min_ppi = spec.ink_limit_pct, spec.min_ppi
    ink_limit = args.ink_limit if args.ink_limit is not None else ink_limit
    min_ppi = args.min_ppi if args.min_ppi is not None else min_ppi
    if not args.pdf.is_file():
        raise InputError("no such file", file=args.pdf, hint="give the path of a PDF")
    report = preflight(args.pdf, ink_limit=ink_limit, min_ppi=min_ppi)
    print(report.table())
    return 0 if report.ok else 1


def _proof(args) -> int:
    from layout.build import build
    from layout.proofs import write_proofs

    result = build(args.edition, args.output, args.styles)
    _summary(result)
    folder = args.dir or result.pdf.parent / "proofs"
    sheet = write_proofs(result, folder, dpi=args.dpi)
    print(f"proofs: {sheet}")
    return 0 if result.preflight is None or result.preflight.ok else 1
