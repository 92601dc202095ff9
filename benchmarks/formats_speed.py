"""Speed and table quality of the source-format readers, on the same generated document in each format.

    .venv/bin/python benchmarks/formats_speed.py                  # 50 and 200 pages, OCR of 2 pages
    .venv/bin/python benchmarks/formats_speed.py --pages 400 --no-ocr
    .venv/bin/python benchmarks/formats_speed.py --results benchmarks/results.md   # and append the report

The document is our own text: the pages of two labelled work documents (tab-separated tables under
`(단위: 천원, %)` lines) repeated with their page numbers renumbered, so one page of the text is
one page of the PDF (Chromium prints each `- n -` line as the end of a page). From it:

- PDF (headless Chromium, NanumGothic, ruled tables): `read_pdf`, and for comparison PDFium's text
  alone (no tables) and pdfplumber alone (tables and text from pdfminer), pages/s and MB/s;
- the same page as a news page in HTML (with menus, related and most-read lists, comments and a
  footer): `read_html`, pages (of the source text) per second and MB/s;
- HWPX, when the HWPX reader and writer are in the tree (orchestration/ingest/formats/hwpx.py,
  tests/formats_support/hwpx_writer.py): `read_hwpx` on the text written by `hwpx_bytes`;
- HWP 5, likewise (orchestration/ingest/formats/hwp.py, tests/formats_support/hwp_writer.py):
  `read_hwp` on the text written by `hwp_bytes` (one compressed section, tables as 'tbl ' controls);
- 50 against 200 pages: the time ratio (4 when linear; timings are the best of 3 runs);
- table quality on the labelled fixtures printed to PDF: the share of the source's table cells read
  back identical (whitespace collapsed), by `read_pdf` and by pdfplumber's own `extract_tables`;
- HTML article quality on every news fixture and the two tabbed work documents in four page
  layouts (tests/formats_support/render.py: modern, inline, portal, legacy): the share of source
  lines kept in their order and the number of furniture strings let through, by `read_html`, by
  trafilatura alone, and by a container-scoring lxml baseline (`lxml_baseline` below);
- OCR: seconds per page of the scanned settlement review (when Tesseract with `kor` is installed).

`main()` returns the figures as a dict (and prints them as markdown); with `--results PATH` the
markdown is also appended to PATH under `## Source-format readers, <date> UTC` and a line naming
the machine (benchmarks/run.py's `append_report`, the function `make bench` appends with).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LABELLED = ROOT / "tests" / "fixtures" / "labelled"
SOURCES = ("m_gyeonggi-assembly-2020-settlement-review-tabs", "m_incheon-admin-bureau-2022-work-report-tabs")


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _rate(pages: int, size: int, seconds: float) -> dict[str, float]:
    return {
        "pages": pages,
        "mb": round(size / 1e6, 3),
        "seconds": round(seconds, 4),
        "pages_per_s": round(pages / seconds, 1),
        "mb_per_s": round(size / 1e6 / seconds, 2),
    }


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _source_cells(name: str) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    previous_tab = False
    for line in (LABELLED / f"{name}.txt").read_text(encoding="utf-8").split("\n"):
        cells = line.split("\t")
        if len(cells) >= 2:
            if not previous_tab:
                tables.append([])
            tables[-1].append([_norm(c) for c in cells])
        previous_tab = len(cells) >= 2
    return tables


def _cell_agreement(expected: list[list[list[str]]], got: list[list[list[str]]]) -> float:
    """The share of the source's cells that come back identical, table by table, row by row."""
    total = same = 0
    for i, table in enumerate(expected):
        other = got[i] if i < len(got) else []
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                total += 1
                if r < len(other) and c < len(other[r]) and _norm(other[r][c]) == cell:
                    same += 1
    return round(same / total, 3) if total else 1.0


# --- PDF -----------------------------------------------------------------------------------------


def _pdfium_text_only(data: bytes) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    for page in doc:
        page.get_textpage().get_text_range()


def _pdfplumber_only(data: bytes) -> list[list[list[str]]]:
    """pdfplumber's own reading: tables by its `lines` strategy, text outside them by pdfminer."""
    import pdfplumber

    tables: list[list[list[str]]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            tables.extend([[c or "" for c in row] for row in t.extract()] for t in found)
            page.filter(lambda o, boxes=boxes: not any(_inside(o, b) for b in boxes)).extract_text_lines()
            page.close()
    return tables


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    return (
        obj.get("x0", 0) >= box[0]
        and obj.get("x1", 0) <= box[2]
        and obj.get("top", 0) >= box[1]
        and (obj.get("bottom", 0) <= box[3])
    )


def generated_text(pages: int) -> str:
    from tests.formats_support.render import generated_text as generate

    return generate(pages, [LABELLED / f"{name}.txt" for name in SOURCES])


def bench_pdf(work: Path, small: int, large: int) -> dict:
    from orchestration.ingest.formats.pdf import read_pdf
    from tests.formats_support.render import chromium_missing, html_to_pdf, text_to_html

    if reason := chromium_missing():
        return {"skipped": reason}
    out: dict = {}
    for pages in (small, large):
        data = html_to_pdf(
            text_to_html(generated_text(pages), title="speed"), work / f"{pages}.pdf"
        ).read_bytes()
        out[f"read_pdf_{pages}"] = _rate(pages, len(data), _best(lambda data=data: read_pdf(data)))
        if pages == large:
            out[f"pdfium_text_only_{pages}"] = _rate(
                pages, len(data), _best(lambda data=data: _pdfium_text_only(data))
            )
            out[f"pdfplumber_only_{pages}"] = _rate(
                pages, len(data), _best(lambda data=data: _pdfplumber_only(data), 1)
            )
    out["linearity_ratio"] = round(
        out[f"read_pdf_{large}"]["seconds"] / out[f"read_pdf_{small}"]["seconds"], 2
    )
    quality: dict = {}
    for name in SOURCES:
        pdf = html_to_pdf(
            text_to_html((LABELLED / f"{name}.txt").read_text(encoding="utf-8"), title=name),
            work / f"{name}.pdf",
        )
        expected = _source_cells(name)
        ours = [[list(r) for r in t.rows] for t in read_pdf(pdf.read_bytes()).tables]
        plumber = _pdfplumber_only(pdf.read_bytes())
        quality[name] = {
            "cells": sum(len(r) for t in expected for r in t),
            "read_pdf": _cell_agreement(expected, ours),
            "pdfplumber": _cell_agreement(expected, plumber),
            "pdfplumber_u0001_as_space": _cell_agreement(
                expected, [[[c.replace("\x01", " ") for c in r] for r in t] for t in plumber]
            ),
        }
    out["table_cells_identical"] = quality
    return out


def bench_ocr(work: Path) -> dict:
    from orchestration.ingest.formats import ocr
    from orchestration.ingest.formats.pdf import read_pdf
    from tests.formats_support.render import chromium_missing, image_only_pdf

    if reason := (chromium_missing() or ocr.unavailable()):
        return {"skipped": reason}
    scan = image_only_pdf(work / f"{SOURCES[0]}.pdf", work / "scan.pdf")  # printed by bench_pdf
    data = scan.read_bytes()
    start = time.perf_counter()
    doc = read_pdf(data)
    seconds = time.perf_counter() - start
    n = len(doc.locations)
    figures = set(
        re.findall(r"\d{1,3}(?:,\d{3})+", (LABELLED / f"{SOURCES[0]}.txt").read_text(encoding="utf-8"))
    )
    return {
        "pages": n,
        "seconds_per_page": round(seconds / max(n, 1), 2),
        "figures_found": f"{sum(f in doc.text for f in figures)}/{len(figures)}",
    }


# --- HTML ----------------------------------------------------------------------------------------


def lxml_baseline(data: bytes) -> str:
    """A container-scoring extractor of our own over lxml (what we would write without trafilatura):
    drop scripts, menus and footers, score each block by the text of its own paragraphs and lines
    less its link text, keep the best block's lines and table rows (after the og:title)."""
    import lxml.html

    from orchestration.ingest.formats import html

    tree = lxml.html.document_fromstring(html._decode(data), parser=html._PARSER)
    meta = html._meta(tree)
    title = html._title(tree, meta, meta.get("og:site_name")) or ""
    for el in list(tree.iter("script", "style", "noscript", "nav", "aside", "footer", "form", "header")):
        el.drop_tree()

    def own_text(el: lxml.html.HtmlElement) -> int:
        size = len((el.text or "").strip())
        for child in el:
            if child.tag in ("p", "br", "table", "font", "b", "span"):
                size += len(child.text_content()) if child.tag != "br" else 0
            size += len((child.tail or "").strip())
        links = sum(len(a.text_content()) for a in el.iter("a"))
        return size - 2 * links

    best = max(tree.iter("div", "td", "article", "section", "main", "body"), key=own_text)
    for br in best.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines: list[str] = []
    for el in best.iter("p", "tr"):
        if el.tag == "tr":
            lines.append("\t".join(_norm(c.text_content()) for c in el if c.tag in ("td", "th")))
        else:
            lines.append(el.text_content())
    if not lines:
        lines = best.text_content().split("\n")
    text = "\n".join(_norm(line) for line in lines if _norm(line))
    return f"{title}\n{text}" if text else ""


def _in_order(source: list[str], got: list[str]) -> int:
    """How many source lines come back in their order (a repeated line must come back each time)."""
    kept, j = 0, 0
    for line in source:  # greedy, tolerant of a dropped line: count matches in order
        k = next((n for n in range(j, len(got)) if got[n] == line), None)
        if k is not None:
            kept += 1
            j = k + 1
    return kept


def _trafilatura_alone(data: bytes) -> str:
    """trafilatura with its defaults on the page as parsed, into the same lines and cells as
    read_html: what read_html's own steps (furniture names, layout tables, the no-article check) add."""
    import lxml.html
    import trafilatura

    from orchestration.ingest.formats import html

    tree = lxml.html.document_fromstring(html._decode(data), parser=html._PARSER)
    meta = html._meta(tree)
    title = html._title(tree, meta, meta.get("og:site_name"))
    found = trafilatura.bare_extraction(tree, include_tables=True, include_comments=False)
    blocks: list = []
    if found is not None and found.body is not None:
        html._walk(found.body, {}, blocks)
    lines = [title or ""]
    for block in blocks:
        rows = getattr(block, "rows", None)
        lines.extend(["\t".join(r) for r in rows] if rows is not None else block.text.split("\n"))
    return "\n".join(lines)


def _read_html_text(data: bytes) -> str:
    from orchestration.ingest.formats.html import read_html

    return read_html(data).text


def bench_html(small: int, large: int) -> dict:
    from orchestration.ingest.decode import RejectedInput
    from orchestration.ingest.formats.html import read_html
    from tests.formats_support.render import LAYOUTS, encode_page, furniture, text_to_html

    out: dict = {}
    for pages in (small, large):
        data = encode_page(text_to_html(generated_text(pages), title="속도 측정 문서", chrome=True))
        out[f"read_html_{pages}"] = _rate(pages, len(data), _best(lambda data=data: read_html(data)))
    out["linearity_ratio"] = round(
        out[f"read_html_{large}"]["seconds"] / out[f"read_html_{small}"]["seconds"], 2
    )
    news = sorted(LABELLED.glob("n_*.txt")) + [LABELLED / f"{n}.txt" for n in SOURCES]
    readers = {
        "read_html": _read_html_text,
        "trafilatura_alone": _trafilatura_alone,
        "lxml_baseline": lxml_baseline,
    }
    quality: dict = {}
    for layout in LAYOUTS:
        for reader_name, reader in readers.items():
            kept = total = leaks = rejected_empty = 0
            for path in news:
                text = path.read_text(encoding="utf-8")
                title = text.split("\n")[0].strip()
                charset = "euc-kr" if layout == "legacy" else "utf-8"
                page = encode_page(
                    text_to_html(text, title=title, chrome=True, layout=layout, charset=charset)
                )
                try:
                    got = [_norm(line) for line in reader(page).split("\n") if _norm(line)]
                except RejectedInput:
                    got = []
                source = [_norm(line) for line in text.split("\n") if _norm(line)]
                kept += _in_order(source, got)
                total += len(source)
                leaks += sum(1 for f in furniture() if f in "\n".join(got) and f not in text)
            empty = encode_page(text_to_html("", title="빈 기사", chrome=True, layout=layout))
            try:  # nothing but the title (which the page's meta gives) counts as refused
                rejected_empty = int(len([x for x in reader(empty).split("\n") if x.strip()]) <= 1)
            except RejectedInput:
                rejected_empty = 1
            quality[f"{layout}/{reader_name}"] = {
                "lines_kept": round(kept / total, 3),
                "furniture_leaked": leaks,
                "chrome_only_page_refused": bool(rejected_empty),
            }
    out["article_quality"] = quality
    return out


# --- HWPX (another reader's format, when it is in the tree) ------------------------------------------


def bench_hwpx(small: int, large: int) -> dict:
    if (
        not (ROOT / "orchestration/ingest/formats/hwpx.py").exists()
        or not (ROOT / "tests/formats_support/hwpx_writer.py").exists()
    ):
        return {"skipped": "hwpx reader or writer not in the tree"}
    from orchestration.ingest.formats.hwpx import read_hwpx
    from tests.formats_support.hwpx_writer import hwpx_bytes

    out: dict = {}
    for pages in (small, large):
        data = hwpx_bytes(generated_text(pages), title="speed")
        out[f"read_hwpx_{pages}"] = _rate(pages, len(data), _best(lambda data=data: read_hwpx(data)))
    out["linearity_ratio"] = round(
        out[f"read_hwpx_{large}"]["seconds"] / out[f"read_hwpx_{small}"]["seconds"], 2
    )
    return out


def bench_hwp(small: int, large: int) -> dict:
    if (
        not (ROOT / "orchestration/ingest/formats/hwp.py").exists()
        or not (ROOT / "tests/formats_support/hwp_writer.py").exists()
    ):
        return {"skipped": "hwp reader or writer not in the tree"}
    from orchestration.ingest.formats.hwp import read_hwp
    from tests.formats_support.hwp_writer import hwp_bytes, section_records

    out: dict = {}
    for pages in (small, large):
        text = generated_text(pages)
        data = hwp_bytes(text, title="speed")
        out[f"read_hwp_{pages}"] = _rate(pages, len(data), _best(lambda data=data: read_hwp(data)))
        # MB/s above is of the file, whose section is deflated: the repeated pages shrink 35-65 times
        out[f"section_mb_inflated_{pages}"] = round(len(section_records(text)) / 1e6, 3)
    out["linearity_ratio"] = round(
        out[f"read_hwp_{large}"]["seconds"] / out[f"read_hwp_{small}"]["seconds"], 2
    )
    return out


# --- report --------------------------------------------------------------------------------------


READERS = ("pdf", "html", "hwpx", "hwp")


def _markdown(results: dict) -> str:
    lines = ["| reader | pages | MB | seconds | pages/s | MB/s |", "|---|---:|---:|---:|---:|---:|"]
    for section in READERS:
        for key, value in results.get(section, {}).items():
            if isinstance(value, dict) and "pages_per_s" in value:
                lines.append(
                    f"| {key} | {value['pages']} | {value['mb']} | {value['seconds']} | {value['pages_per_s']} |"
                    f" {value['mb_per_s']} |"
                )
    for section in READERS:
        if "linearity_ratio" in results.get(section, {}):
            lines.append(f"\n{section}: time(large) / time(small) = {results[section]['linearity_ratio']}")
    lines.append("\n```json")
    rest = {k: {kk: vv for kk, vv in v.items() if not (isinstance(vv, dict) and "pages_per_s" in vv)}
            for k, v in results.items() if isinstance(v, dict)}  # fmt: skip
    lines.append(json.dumps(rest, ensure_ascii=False, indent=1))
    lines.append("```")
    return "\n".join(lines)


def _report(results: dict, started: datetime, pages: tuple[int, int]) -> str:
    """The section appended to a results file: heading, machine, the markdown of `_markdown`."""
    from benchmarks.run import machine_info

    m = machine_info()
    small, large = pages
    return "\n".join(
        [
            f"## Source-format readers, {started:%Y-%m-%d %H:%M} UTC",
            "",
            f"Machine: {os.cpu_count()} cores ({m['cpu']}), {platform.platform()}; Python "
            f"{platform.python_version()}; commit {m['commit'] or '?'} (plus uncommitted changes, if any). "
            f"`benchmarks/formats_speed.py`: the same generated document of {small} and {large} pages "
            "in each format, best of 3 runs.",
            "",
            _markdown(results),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200, help="the large document's pages (default 200)")
    parser.add_argument("--small", type=int, default=50, help="the small document's pages (default 50)")
    parser.add_argument("--no-ocr", action="store_true", help="skip the OCR timing (~2-5 s a page)")
    parser.add_argument(
        "--results", type=Path, metavar="PATH", help="append the report to PATH (e.g. benchmarks/results.md)"
    )
    args = parser.parse_args(argv)
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="formats-speed-") as tmp:
        work = Path(tmp)
        results = {
            "pdf": bench_pdf(work, args.small, args.pages),
            "html": bench_html(args.small, args.pages),
            "hwpx": bench_hwpx(args.small, args.pages),
            "hwp": bench_hwp(args.small, args.pages),
            "ocr": {"skipped": "--no-ocr"} if args.no_ocr else bench_ocr(work),
        }
    print(_markdown(results))
    if args.results:
        from benchmarks.run import append_report

        append_report(args.results, _report(results, started, (args.small, args.pages)))
    return results


if __name__ == "__main__":
    main()
