"""Page images to text with the Tesseract binary, for PDF pages that have no text layer.

Scanned council reports and settlement reviews are common. Tesseract (Debian `tesseract-ocr` and
`tesseract-ocr-kor`, see scripts/ensure-system-packages) is run as a program, never through a
shell, one page at a time with a time limit, so a pathological page cannot hang a build. When the
program or its Korean model is missing, `unavailable()` says what to install and the reader
reports it instead of reading noise.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess

LANGUAGES = "kor+eng"
DPI = 300  # Tesseract's models are trained on ~300 dpi text; smaller type needs it
PAGE_TIMEOUT_S = 120.0
INSTALL_HINT = "install tesseract-ocr and tesseract-ocr-kor to read it by OCR"


class OcrFailed(Exception):
    """Tesseract could not read one page (timeout, crash); the reader notes it and goes on."""


@functools.lru_cache(maxsize=8)
def _languages(binary: str) -> frozenset[str]:
    try:
        done = subprocess.run(
            [binary, "--list-langs"], capture_output=True, timeout=30, check=False, env=_env()
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    listed = (done.stdout + done.stderr).decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in listed if line.strip() and " " not in line.strip())


def _env() -> dict[str, str]:
    # one thread per page: the machine is shared, and OpenMP threads slow Tesseract down on small jobs
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def unavailable() -> str | None:
    """Why OCR cannot run here (None when Tesseract and its Korean model are installed)."""
    binary = shutil.which("tesseract")
    if binary is None:
        return "tesseract is not installed"
    if "kor" not in _languages(binary):
        return "tesseract has no Korean model (kor)"
    return None


def image_to_text(image: bytes, *, timeout: float = PAGE_TIMEOUT_S) -> str:
    """The text Tesseract reads on one page image (PNG or PGM bytes), one line per text line.

    `--psm 6` (one uniform block) keeps every text line, a table row included, as one line; on our
    rendered work reports it found more of the figures than `--psm 4` (62 of 74 against 52) and
    `--psm 11` (42). `preserve_interword_spaces` keeps the wide gaps between a row's columns.
    """
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrFailed("tesseract is not installed")
    cmd = [binary, "stdin", "stdout", "-l", LANGUAGES, "--psm", "6", "-c", "preserve_interword_spaces=1"]
    try:
        done = subprocess.run(cmd, input=image, capture_output=True, timeout=timeout, check=False, env=_env())
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(f"timed out after {timeout:.0f} s") from exc
    except OSError as exc:
        raise OcrFailed(str(exc)) from exc
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise OcrFailed(f"tesseract exit {done.returncode}: {tail[0][:200]}")
    text = done.stdout.decode("utf-8", "replace").replace("\x0c", "")
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())
