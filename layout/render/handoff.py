"""The print shop's package: one PDF per page (plates are made page by page) and a manifest.

Each page file is a complete PDF/X-1a document (OutputIntent and Info copied from the edition
PDF); the manifest lists page, file, size and SHA-256 so both sides can verify the transfer.
``SHA256SUMS`` has the same hashes in the format ``sha256sum -c`` reads.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf

WriteFn = Callable[[Path, Callable[[Path], None]], None]


def page_file_name(date: str, number: int) -> str:
    return f"{date}-{number:02d}.pdf"


def write_handoff(pdf_path: Path, folder: Path, date: str, page_numbers: list[int],
                  write_atomically: WriteFn) -> list[dict]:
    """Split ``pdf_path`` into ``folder``; returns the manifest entries."""
    entries: list[dict] = []
    with pikepdf.open(pdf_path) as source:
        for index, number in enumerate(page_numbers):
            name = page_file_name(date, number)
            write_atomically(folder / name, lambda tmp: _one_page(source, index, tmp))
            data = (folder / name).read_bytes()
            entries.append({"page": number, "file": name, "bytes": len(data),
                            "sha256": hashlib.sha256(data).hexdigest()})
    keep = {e["file"] for e in entries}
    stale = re.compile(re.escape(date) + r"-\d\d\.pdf")
    for old in folder.glob(f"{date}-*.pdf"):  # pages of an earlier build of this edition that no longer exist
        if stale.fullmatch(old.name) and old.name not in keep:
            old.unlink()
    manifest = {"edition": date, "source": pdf_path.name, "standard": "PDF/X-1a:2001", "files": entries}
    write_atomically(folder / "manifest.json", lambda tmp: tmp.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"))
    write_atomically(folder / "SHA256SUMS", lambda tmp: tmp.write_text(
        "".join(f"{e['sha256']}  {e['file']}\n" for e in entries), encoding="utf-8"))
    return entries


def _one_page(source: pikepdf.Pdf, index: int, target: Path) -> None:
    out = pikepdf.new()
    out.pages.append(source.pages[index])
    if "/OutputIntents" in source.Root:
        out.Root.OutputIntents = _copy(source.Root.OutputIntents, out)
    info = out.make_indirect(_copy(source.trailer.Info, out))
    out.trailer.Info = info
    total = len(source.pages)
    if "/Title" in info:
        info.Title = pikepdf.String(f"{info.Title} page {index + 1} of {total}")
    out.save(target, force_version="1.3", object_stream_mode=pikepdf.ObjectStreamMode.disable,
             compress_streams=True, deterministic_id=True, fix_metadata_version=False)


def _copy(obj, out: pikepdf.Pdf):
    """Copy ``obj`` into ``out``: indirect objects with copy_foreign, direct containers item by item."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return out.copy_foreign(obj)
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({k: _copy(v, out) for k, v in obj.items()})
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(v, out) for v in obj])
    return obj
