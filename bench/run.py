"""Benchmark of `layout build` (issue 7): whole-process time and memory, per-stage profile,
text composer throughput, growth with pages, and Typst side by side.

    python bench/run.py            # full run (~2–3 min on 2 cores), writes bench/results.md
    python bench/run.py --quick    # fewer repetitions, no 48-page editions (→ out/bench/results-quick.md)
    python bench/run.py --no-typst # skip the Typst comparison

What is measured, per edition (the sample and the generated 8/16/48-page editions on 四开
and 对开, see bench/generate.py):

* whole process: ``python -m layout build EDITION -o TMP --styles S``, one warm-up then the
  median of N runs; peak memory is the child's ru_maxrss (``os.wait4``, per process);
* stages, in a fresh process each time (so fonts are cold as in a real build) by wrapping
  the functions layout/build.py calls: import, load+validate, fonts, coverage check, text
  composition (every ``compose_paragraph`` call, wherever it is called from), page composition
  (``compose_edition`` minus the text inside it), PDF writing (``render_pdf``), preflight
  (anything of ``layout.preflight`` the build calls; n/a if it calls none), other; also a warm
  rebuild in the same process (fonts registered, composer cache cleared);
* text composer throughput: all body text at its real measure (one basic column), composer
  cache cleared before each timing (cold), median;
* Typst (if ``import typst`` works): a comparable document generated from the same edition
  (bench/typst_source.py), compiled as a whole process ``python -c "import typst; ..."`` (one
  warm-up, median of N), with the compile call's own time and the peak memory.

Nothing here is a test: numbers are printed and written to bench/results.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SAMPLE = ROOT / "editions" / "2022-04-04.yaml"
FONTS_DIR = ROOT / "fonts"
# measure the checkout this file is in (also when it is an exported copy of a commit), not
# whatever `layout` the environment would import
sys.path.insert(0, str(ROOT))

STAGES = ["import", "load", "fonts", "coverage", "text", "pages", "pdf", "preflight", "other"]
STAGE_NAMES = {"import": "import (python modules)", "load": "load + validate (YAML, pydantic, images)",
               "fonts": "fonts (font cache → reportlab faces + metrics)", "coverage": "coverage check (glyphs)",
               "text": "text composition (compose_paragraph)",
               "pages": "page composition (minus text)", "pdf": "PDF writing (render_pdf + save)",
               "preflight": "preflight", "other": "other (rest of build())"}
# functions in layout.build's namespace → stage (the child wraps whichever of them exist)
STAGE_FUNCS = {"find_styles": "load", "load_styles": "load", "load_edition": "load",
               "load_fonts": "fonts", "check_coverage": "coverage", "compose_edition": "pages",
               "render_pdf": "pdf"}


# ------------------------------------------------------------------ the child: stage profile

def _child_stages(edition: Path, styles_path: Path, workdir: Path, typst_out: Path | None) -> dict:
    """Run in a fresh interpreter: one build with every stage timed, then extras."""
    t_start = time.perf_counter()
    import layout.build as B
    import layout.text.compose as C
    from layout.pages.blocks import Typesetter
    from layout.pages.grid import Grid
    t_import = time.perf_counter() - t_start

    import resource
    times = dict.fromkeys(STAGES, 0.0)
    rss = {"import": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    text_in: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    stack: list[str] = []
    count = {"calls": 0, "chars": 0}
    captured: dict = {}

    def stage_wrapper(stage, fn, name):
        def wrapped(*args, **kwargs):
            stack.append(stage)
            t0 = time.perf_counter()
            try:
                out = fn(*args, **kwargs)
            finally:
                times[stage] += time.perf_counter() - t0
                stack.pop()
                rss.setdefault(stage, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            if name == "compose_edition":
                captured["args"], captured["result"] = args, out
            return out
        return wrapped

    original_cp = C.compose_paragraph

    def text_wrapper(spans, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return original_cp(spans, *args, **kwargs)
        finally:
            dt_ = time.perf_counter() - t0
            times["text"] += dt_
            if stack:
                text_in[stack[-1]] += dt_
            count["calls"] += 1
            count["chars"] += sum(len(s.text) for s in spans)

    # fonts are read on first use (layout.fonts.registry._register), inside whichever stage
    # first needs them: time them as their own stage and take them out of that one
    import layout.fonts.registry as R
    original_register = R._register
    fonts_in: dict[str, float] = dict.fromkeys(STAGES, 0.0)

    def register_wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return original_register(*args, **kwargs)
        finally:
            dt_ = time.perf_counter() - t0
            times["fonts"] += dt_
            if stack:
                fonts_in[stack[-1]] += dt_
            rss.setdefault("fonts", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    R._register = register_wrapper

    found = []
    for name, stage in STAGE_FUNCS.items():
        if callable(getattr(B, name, None)):
            setattr(B, name, stage_wrapper(stage, getattr(B, name), name))
            found.append(name)
    preflight = []
    for name in dir(B):
        obj = getattr(B, name)
        if callable(obj) and name not in STAGE_FUNCS and (
                "preflight" in name.lower() or getattr(obj, "__module__", "").startswith("layout.preflight")):
            setattr(B, name, stage_wrapper("preflight", obj, name))
            preflight.append(name)
    for mod in list(sys.modules.values()):
        if getattr(mod, "__name__", "").startswith("layout.") and \
                getattr(mod, "compose_paragraph", None) is original_cp:
            mod.compose_paragraph = text_wrapper

    pdf = workdir / "stages.pdf"
    t0 = time.perf_counter()
    B.build(edition, pdf, styles_path)
    total = time.perf_counter() - t0
    cache = C._compose.cache_info()
    for stage in STAGES:  # text and fonts are reported once, on their own
        if stage not in ("text", "import", "other", "fonts"):
            times[stage] -= text_in[stage] + fonts_in[stage]
    times["import"] = t_import
    times["other"] = total - sum(v for k, v in times.items() if k not in ("import", "other"))
    text_counts = dict(count, hits=cache.hits, misses=cache.misses)
    first_times, first_rss = dict(times), dict(rss)  # the wrappers stay installed: keep the first build's

    loaded, styles, fonts = captured["args"][:3]
    result = captured["result"]

    # warm rebuild as `layout watch` does it, same inputs: fonts registered, modules imported,
    # composer cache kept
    t0 = time.perf_counter()
    B.build(edition, workdir / "warm.pdf", styles_path)
    warm_kept = time.perf_counter() - t0
    # warm rebuild: same process (fonts registered, modules imported), composer cache cleared
    clear = getattr(C, "clear_caches", C._compose.cache_clear)  # every cache of the composer
    clear()
    import layout.pages.paginate as P
    getattr(P, "_PAGES", {}).clear()  # and the composed pages
    t0 = time.perf_counter()
    B.build(edition, workdir / "warm.pdf", styles_path)
    warm = time.perf_counter() - t0

    # text composer throughput: the body text at its real measure, cold cache each time
    grid = Grid.from_styles(styles)
    ts = Typesetter(styles, fonts, grid)
    articles = [a for a in loaded.edition.articles if a.kind != "promo"]
    runs, chars = [], 0
    cached = C._compose
    C._compose = getattr(cached, "__wrapped__", cached)  # no cache at all: generated editions repeat paragraphs
    try:
        for _ in range(5):
            count["chars"] = 0
            if hasattr(C, "_paragraph"):  # the per-paragraph cache too (_compose is bypassed here)
                C._paragraph.cache_clear()
            t0 = time.perf_counter()
            lines = sum(len(ts.body_lines(a, grid.column_w)) for a in articles)
            runs.append(time.perf_counter() - t0)
            chars = count["chars"]
    finally:
        C._compose = cached

    out = {"times": first_times, "rss_after": first_rss, "total_build": total, "warm_build": warm, "warm_kept": warm_kept, "text_counts": text_counts,
           "wrapped": found, "preflight": preflight,
           "throughput": {"chars": chars, "lines": lines, "measure_pt": grid.column_w,
                          "first_s": runs[0], "median_s": statistics.median(runs)},
           "pages": len(result.layout.pages), "jumps": len(result.layout.jumps),
           "fill": [_fill(p) for p in result.layout.pages]}
    if typst_out is not None:
        sys.path.insert(0, str(BENCH))
        from typst_source import typst_source
        typst_out.write_text(typst_source(loaded, styles, fonts, result, ts), encoding="utf-8")
    return out


def _fill(page) -> float:
    x, y, w, h = page.type_area
    return sum(m.w * m.h for m in page.modules) / (w * h)


# ------------------------------------------------------------------ the parent

@dataclass
class Case:
    name: str
    edition: Path
    styles: Path
    style_name: str
    pages: int
    chars: int = 0
    runs: int = 5
    stage_runs: int = 3
    layout_s: list[float] = field(default_factory=list)
    layout_mb: float = 0.0
    cold_s: list[float] = field(default_factory=list)       # empty font cache: a first build
    cold_mb: float = 0.0
    watch_s: list[float] = field(default_factory=list)      # rebuild after an edit, as `layout watch` reports it
    watch_wall_s: list[float] = field(default_factory=list)  # save → PDF written, with the polling
    stages: list[dict] = field(default_factory=list)
    typst_s: list[float] = field(default_factory=list)
    typst_compile_s: list[float] = field(default_factory=list)
    typst_mb: float = 0.0
    typst_error: str | None = None
    fill: list[float] = field(default_factory=list)


CACHE: Path | None = None  # the benchmark's own font cache (LAYOUT_CACHE_DIR), set in main()


def bench_env(cache: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("LAYOUT_CACHE", None)
    # Python's default: compiled modules are kept in __pycache__ (a sandbox may turn that off,
    # which would make every run compile layout's modules again, as no installed copy does)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache or CACHE:
        env["LAYOUT_CACHE_DIR"] = str(cache or CACHE)
    return env


def run_process(cmd: list[str], cwd: Path = ROOT, cache: Path | None = None) -> tuple[float, float, str]:
    """Wall time (s), peak RSS of that process (MB) and its stdout; raises if it fails."""
    t0 = time.perf_counter()
    env = bench_env(cache)
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024, out.decode()


def layout_cmd(case: Case, pdf: Path) -> list[str]:
    return [sys.executable, "-m", "layout", "build", str(case.edition), "-o", str(pdf),
            "--styles", str(case.styles)]


TYPST_SNIPPET = ("import sys, time, typst; t = time.perf_counter(); "
                 "typst.compile(sys.argv[1], output=sys.argv[2], root='/', font_paths=[sys.argv[3]], "
                 "ignore_system_fonts=True); print(time.perf_counter() - t)")


def typst_cmd(typ: Path, pdf: Path) -> list[str]:
    return [sys.executable, "-c", TYPST_SNIPPET, str(typ), str(pdf), str(FONTS_DIR)]


def bench_case(case: Case, work: Path, typst: bool, log) -> None:
    pdf = work / f"{case.name}.pdf"
    typ = work / f"{case.name}.typ"
    log(f"· {case.name}: {case.pages} pages ({case.style_name}) — layout ×{case.runs}", end="")
    run_process(layout_cmd(case, pdf))  # warm-up (page cache, .pyc)
    peaks = []
    for _ in range(case.runs):
        wall, mb, _ = run_process(layout_cmd(case, pdf))
        case.layout_s.append(wall)
        peaks.append(mb)
    case.layout_mb = max(peaks)
    log(f" {statistics.median(case.layout_s):.2f} s; cold", end="")
    for n in range(max(1, case.runs // 2)):
        cold = Path(tempfile.mkdtemp(prefix="cold-cache-", dir=work))
        wall, mb, _ = run_process(layout_cmd(case, pdf), cache=cold)
        case.cold_s.append(wall)
        case.cold_mb = max(case.cold_mb, mb)
    log(f" {statistics.median(case.cold_s):.2f} s; watch", end="")
    case.watch_s, case.watch_wall_s = watch_rebuilds(case, work, edits=case.runs)
    log(f" {statistics.median(case.watch_s):.2f} s; stages ×{case.stage_runs}", end="")
    for n in range(case.stage_runs):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child-stages", str(case.edition),
               str(case.styles), str(work)]
        if typst and n == 0:
            cmd.append(str(typ))
        _, _, out = run_process(cmd)
        case.stages.append(json.loads(out.strip().splitlines()[-1]))
    case.fill = case.stages[0]["fill"]
    if typst:
        log(f"; typst ×{case.runs}", end="")
        try:
            run_process(typst_cmd(typ, work / f"{case.name}-typst.pdf"))
            peaks = []
            for _ in range(case.runs):
                wall, mb, out = run_process(typst_cmd(typ, work / f"{case.name}-typst.pdf"))
                case.typst_s.append(wall)
                case.typst_compile_s.append(float(out.strip().splitlines()[-1]))
                peaks.append(mb)
            case.typst_mb = max(peaks)
            log(f" {statistics.median(case.typst_s):.2f} s", end="")
        except RuntimeError as exc:
            case.typst_error = str(exc).splitlines()[-1][:200]
            log(f" failed: {case.typst_error}", end="")
    log("")


def watch_rebuilds(case: Case, work: Path, edits: int) -> tuple[list[float], list[float]]:
    """Start `layout watch` on a copy of the edition, then edit one paragraph ``edits`` times
    (each edit new text, so the changed paragraph is composed afresh and its page packed
    again): (rebuild times the watcher reports, save → "built" line wall times)."""
    import re
    import shutil
    import threading

    folder = Path(tempfile.mkdtemp(prefix=f"watch-{case.name}-", dir=work))
    edition = folder / case.edition.name
    shutil.copyfile(case.edition, edition)
    if (case.edition.parent / "images").is_dir():
        shutil.copytree(case.edition.parent / "images", folder / "images")
    original = case.edition.read_text(encoding="utf-8")
    # pictures named relative to the edition: keep them where the copy looks for them
    text = re.sub(r"(\n\s+(?:- )?path: )(?!/)(\S+)",
                  lambda m: m.group(1) + str((case.edition.parent / m.group(2)).resolve()), original)
    edition.write_text(text, encoding="utf-8")
    body_line = re.search(r"^\s+- [^\n#]*。", text, re.M)
    cmd = [sys.executable, "-m", "layout", "watch", str(edition), "-o", str(folder / "watch.pdf"),
           "--styles", str(case.styles), "--interval", "0.02"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=bench_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(target=lambda: [lines.append((time.perf_counter(), line)) for line in proc.stdout],
                              daemon=True)
    reader.start()

    def wait_for(word: str, count: int, since: float = 0.0) -> tuple[float, str]:
        deadline = time.monotonic() + 120
        while True:
            found = [(t, line) for t, line in lines if word in line and t >= since]
            if len(found) >= count:
                return found[count - 1]
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"layout watch: no '{word}':\n" + "".join(line for _, line in lines)[-2000:])
            time.sleep(0.005)

    reported, walls = [], []
    try:
        wait_for("watching", 1)
        for n in range(edits + 1):  # the first edit warms what a long session would have warm
            at = body_line.end() - 1
            edition.write_text(text[:at] + f"（第{n + 1}次修改）" + text[at:], encoding="utf-8")
            saved = time.perf_counter()
            t, line = wait_for("] built in", 1, since=saved)
            if n:
                reported.append(float(line.split("built in ")[1].split(" s")[0]))
                walls.append(t - saved)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return reported, walls


def med(values) -> float:
    return statistics.median(values) if values else float("nan")


def stage_median(case: Case, stage: str) -> float:
    return med([s["times"][stage] for s in case.stages])


# ------------------------------------------------------------------ machine and versions

def machine() -> dict[str, str]:
    info = {"nproc": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    info.setdefault("cpu", platform.processor() or platform.machine())
    info["os"] = f"{platform.system()} {platform.release()}"
    return info


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version
    out = {"python": platform.python_version()}
    for pkg in ("reportlab", "fonttools", "pydantic", "pillow", "pyyaml", "typst"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    commit = os.environ.get("LAYOUT_BENCH_COMMIT")
    if not commit:
        try:
            git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
            if git.returncode == 0 and (ROOT / ".git").exists():
                dirty = subprocess.run(["git", "status", "--porcelain", "layout", "styles.yaml", "editions"],
                                       cwd=ROOT, capture_output=True, text=True).stdout.strip()
                commit = git.stdout.strip() + (" + uncommitted changes" if dirty else "")
        except OSError:
            pass
    out["layout"] = f"{commit or 'unknown commit'} ({ROOT})"
    return out


# ------------------------------------------------------------------ report

def report(cases: list[Case], info: dict, vers: dict, args, elapsed: float, gen_notes: list[str]) -> str:
    sample = cases[0]
    has_typst = any(c.typst_s for c in cases)
    L = ["# Benchmark results (issue 7)", "",
         f"Written by `python bench/run.py{' --quick' if args.quick else ''}` on "
         f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')} in {elapsed:.0f} s. Regenerate with the same "
         "command; the numbers below are from one run on the machine named here.", "",
         "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".  ",
         "Versions: " + ", ".join(f"{k} {v}" for k, v in vers.items()) + ".", ""]

    L += ["## Whole build, as a process", "",
          "`python -m layout build EDITION -o TMP --styles S`: one warm-up, then the median of N runs "
          "(*layout s*: the font cache filled by the warm-up, as on an editor's machine after the first "
          "build; *cold s*: each run with an empty font cache, as the very first build). "
          "*watch s*: `layout watch` running, one body paragraph edited (new text each time), the "
          "rebuild time it reports (median of N edits after a first one); *save→PDF* adds the polling "
          "and settling of the save. Peak memory is the largest ru_maxrss of the build processes "
          "(*cold MB*: of the empty-cache builds, which parse the fonts). "
          "Typst: `python -c \"import typst; typst.compile(...)\"` on a comparable document generated "
          "from the same edition (bench/typst_source.py), same fonts via font_paths; *compile* is the "
          "compile call alone.", "",
          "| edition | style | pages | body chars | runs | layout s | cold s | watch s | save→PDF s | per page s | layout MB | cold MB |"
          + (" typst s | typst compile s | typst MB | layout/typst | watch/typst |" if has_typst else ""),
          "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|---:|---:|---:|" if has_typst else "")]
    for c in cases:
        row = (f"| {c.name} | {c.style_name} | {c.pages} | {c.chars} | {c.runs} | {med(c.layout_s):.2f} | "
               f"{med(c.cold_s):.2f} | {med(c.watch_s):.2f} | {med(c.watch_wall_s):.2f} | "
               f"{med(c.layout_s) / c.pages:.3f} | {c.layout_mb:.0f} | {c.cold_mb:.0f} |")
        if has_typst:
            if c.typst_s:
                row += (f" {med(c.typst_s):.2f} | {med(c.typst_compile_s):.2f} | {c.typst_mb:.0f} | "
                        f"**{med(c.layout_s) / med(c.typst_s):.1f}** | **{med(c.watch_s) / med(c.typst_s):.1f}** |")
            else:
                row += f" failed: {c.typst_error} | | | | |"
        L.append(row)
    L.append("")

    L += ["## Where the time goes (per stage, in-process, cold)", "",
          "Each column is a fresh `python` process running `layout.build.build()` once with the "
          "functions it calls wrapped by timers (median of the runs shown in the header). *text* is "
          "every `compose_paragraph` call; *page composition* excludes the text composed inside it. "
          "*warm rebuild, caches kept* is a second build of the same inputs in the same process (what "
          "`layout watch` pays when nothing it composed changed); *warm rebuild, composer cache "
          "cleared* recomposes every paragraph and page. Fonts come from the benchmark's font cache, filled by "
          "the warm-up; the whole-process table has the cold-cache build.", "",
          "| stage (s) | " + " | ".join(f"{c.name} (×{len(c.stages)})" for c in cases) + " |",
          "|---|" + "---:|" * len(cases)]
    for stage in STAGES:
        if stage == "preflight" and not any(s["preflight"] for c in cases for s in c.stages):
            L.append("| preflight | " + " | ".join("n/a" for _ in cases) + " |")
            continue
        L.append(f"| {STAGE_NAMES[stage]} | " + " | ".join(f"{stage_median(c, stage):.3f}" for c in cases) + " |")
    L.append("| **total in-process (import + build)** | " + " | ".join(
        f"**{med([s['total_build'] + s['times']['import'] for s in c.stages]):.3f}**" for c in cases) + " |")
    L.append("| warm rebuild, caches kept (same process) | " + " | ".join(
        f"{med([s['warm_kept'] for s in c.stages]):.3f}" for c in cases) + " |")
    L.append("| warm rebuild, composer and page caches cleared | " + " | ".join(
        f"{med([s['warm_build'] for s in c.stages]):.3f}" for c in cases) + " |")
    L.append("| peak RSS after fonts / pages / PDF / preflight, MB | " + " | ".join(
        " / ".join(f"{c.stages[0]['rss_after'].get(k, float('nan')):.0f}" for k in ("fonts", "pages", "pdf", "preflight"))
        for c in cases) + " |")
    L.append("| compose_paragraph calls / lru hits | " + " | ".join(
        f"{c.stages[0]['text_counts']['calls']} / {c.stages[0]['text_counts']['hits']}" for c in cases) + " |")
    L.append("")
    L.append(f"Wrapped in layout.build: {', '.join(sample.stages[0]['wrapped'])}; preflight: "
             f"{', '.join(sample.stages[0]['preflight']) or 'none — the build has no preflight stage yet (n/a)'}. "
             "Python start-up itself (≈ whole-process time minus in-process total) is not in the table.")
    L.append("")

    L += ["## Text composer throughput (issue 3)", "",
          "All body paragraphs (with run-in bylines and interview labels) composed at their real "
          "measure, one basic column, with the composer's lru_cache bypassed (`_compose.__wrapped__`: "
          "every paragraph composed, cold); median of 5 passes in the stage-profile process, after its "
          "build (first = the first of the 5). "
          "Target: the sample's ~7,000 characters in under 50 ms on one core.", "",
          "| edition | measure pt | characters | lines | first ms | median ms | characters/s |",
          "|---|---:|---:|---:|---:|---:|---:|"]
    for c in cases:
        t = c.stages[0]["throughput"]
        L.append(f"| {c.name} | {t['measure_pt']:.0f} | {t['chars']} | {t['lines']} | {t['first_s'] * 1000:.0f} | "
                 f"{t['median_s'] * 1000:.0f} | {t['chars'] / t['median_s']:,.0f} |")
    L.append("")

    L += ["## Targets", ""]
    ratio = med(sample.layout_s) / med(sample.typst_s) if sample.typst_s else None
    L.append(f"- Sample, ratio layout/typst ≤ 1.0: "
             + (f"{ratio:.1f} ({med(sample.layout_s):.2f} s vs {med(sample.typst_s):.2f} s) — "
                f"{'met' if ratio <= 1.0 else 'missed'}" if ratio else "typst not available"))
    if sample.typst_s:
        wratio = med(sample.watch_s) / med(sample.typst_s)
        L.append(f"- Sample, a rebuild in `layout watch` against Typst's whole process: {wratio:.1f} "
                 f"({med(sample.watch_s):.2f} s vs {med(sample.typst_s):.2f} s) — "
                 f"{'at or below' if wratio <= 1.0 else 'above'} Typst")
        cratio = med(sample.cold_s) / med(sample.typst_s)
        L.append(f"- Sample, first build with an empty font cache: {cratio:.1f} "
                 f"({med(sample.cold_s):.2f} s vs {med(sample.typst_s):.2f} s)")
    L.append(f"- Sample, peak memory < 200 MB: {sample.layout_mb:.0f} MB (first build, empty font cache: "
             f"{sample.cold_mb:.0f} MB) — {'met' if max(sample.layout_mb, sample.cold_mb) < 200 else 'missed'}")
    for c in cases:
        if c.pages == 48:
            ok = med(c.layout_s) < 10 and c.layout_mb < 500
            L.append(f"- 48 pages ({c.style_name}) < 10 s and < 500 MB: {med(c.layout_s):.2f} s, "
                     f"{c.layout_mb:.0f} MB — {'met' if ok else 'missed'}")
    fonts_s = stage_median(sample, "fonts")
    L.append(f"- Fonts < 0.1 s in total (font cache filled): {fonts_s:.3f} s — "
             f"{'met' if fonts_s < 0.1 else 'missed'}; with an empty cache the first build parses them "
             f"(cold s − layout s ≈ {med(sample.cold_s) - med(sample.layout_s):.2f} s)")
    t = sample.stages[0]["throughput"]
    L.append(f"- Text composer, ~7,000 characters < 50 ms: {t['chars']} characters in "
             f"{t['median_s'] * 1000:.0f} ms — {'met' if t['median_s'] < 0.05 else 'missed'}")
    L.append("")

    L += ["## Growth with pages", ""]
    for style in dict.fromkeys(c.style_name for c in cases):
        rows = [c for c in cases if c.style_name == style and c.name != "sample"]
        if len(rows) >= 2:
            a, b = rows[0], rows[-1]
            slope = (med(b.layout_s) - med(a.layout_s)) / (b.pages - a.pages)
            mslope = (b.layout_mb - a.layout_mb) / (b.pages - a.pages)
            L.append(f"- {style}: {a.pages} → {b.pages} pages adds {slope * 1000:.0f} ms and "
                     f"{mslope:.1f} MB per page (intercept ≈ {med(a.layout_s) - slope * a.pages:.2f} s, "
                     "the fixed cost of start-up, imports and fonts).")
    L.append("")
    L += ["## Generated editions", "",
          "bench/generate.py, fixed seed; written to out/bench/ (not committed). Fill = modules' area / "
          "type area, per page, from the page composer.", ""] + gen_notes + [""]
    return "\n".join(L)


# ------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="layout benchmark (issue 7)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no 48-page editions")
    parser.add_argument("--no-typst", action="store_true", help="skip the Typst comparison")
    parser.add_argument("--results", type=Path, help="where to write the report (default bench/results.md; "
                        "out/bench/results-quick.md with --quick, so a quick run never replaces the full one)")
    parser.add_argument("--child-stages", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child_stages:
        edition, styles, work, *typ = args.child_stages
        out = _child_stages(Path(edition), Path(styles), Path(work), Path(typ[0]) if typ else None)
        print(json.dumps(out))
        return 0

    if args.results is None:
        args.results = ROOT / "out" / "bench" / "results-quick.md" if args.quick else BENCH / "results.md"
    args.results.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    log = lambda *a, **k: print(*a, **k, flush=True)  # noqa: E731
    typst = not args.no_typst
    if typst:
        try:
            import typst as _typst  # noqa: F401
        except ImportError:
            log("typst is not installed (pip install typst): no comparison")
            typst = False

    sys.path.insert(0, str(BENCH))
    from generate import STYLE_NAMES, STYLES, generate

    sizes = [8, 16] if args.quick else [8, 16, 48]
    sample_runs, stage_runs = (3, 1) if args.quick else (7, 3)
    gen_dir = ROOT / "out" / "bench"
    cases = [Case("sample", SAMPLE, ROOT / "styles.yaml", "四开", 2, runs=sample_runs, stage_runs=stage_runs)]
    gen_notes = []
    log(f"generating editions in {gen_dir} …")
    for style in ("sikai", "duikai"):
        for pages in sizes:
            g = generate(pages, style, gen_dir)
            runs = 2 if args.quick else (3 if pages >= 48 else 5)
            st = 1 if args.quick else (2 if pages >= 48 else 3)
            cases.append(Case(f"{style}-{pages}p", g.path, STYLES[style], STYLE_NAMES[style], pages,
                              chars=g.characters, runs=runs, stage_runs=st))
            gen_notes.append(f"- {g.path.name}: {g.pages} pages, {g.articles} articles, {g.characters} body "
                             f"characters, {g.images} images; fill {min(g.fill):.0%}–{max(g.fill):.0%} "
                             f"(mean {g.mean_fill:.0%})")
    from layout.models import load_edition
    sample = load_edition(SAMPLE).edition
    cases[0].chars = sum(len(p) if isinstance(p, str) else len(getattr(p, "subhead", "") or
                                                              getattr(p, "text", ""))
                         for a in sample.articles for p in a.body)

    global CACHE
    with tempfile.TemporaryDirectory(prefix="layout-bench-") as tmp:
        work = Path(tmp)
        CACHE = work / "font-cache"  # filled by the first warm-up: later builds find their fonts there
        for case in cases:
            bench_case(case, work, typst, log)
    info, vers = machine(), versions()
    text = report(cases, info, vers, args, time.perf_counter() - started, gen_notes)
    args.results.write_text(text, encoding="utf-8")
    log("")
    log(text)
    log(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
