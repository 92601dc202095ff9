"""The normalise stage: one line in, one line out, so line numbers stay the provenance.

Real documents reach us through PDF/HWP converters, OCR and web pages: middle dots in five
code points, full-width digits, `$\\triangle 2$` from formula export, `?` where a converter lost a
middle dot or a bullet (`자치구?공기업`, `?? 추진근거`), headings with spaced letters
(`Ⅰ. 일 반 현 황`). Every stage after this one sees a single spelling of each.
"""

from __future__ import annotations

import re
from functools import lru_cache

from orchestration.extract.text import collapse_spaced_letters

MIDDLE_DOTS = "·ㆍ‧・․∙•"  # • only between Hangul words: elsewhere it is a bullet
_DOTS_BETWEEN = re.compile(r"(?<=[가-힣A-Za-z])\s?[ㆍ‧・․∙](?=\s?[가-힣A-Za-z])")
_FULLWIDTH = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)} | {"％": "%", "，": ",", "．": "."})
_FULLWIDTH_CHARS = re.compile("[" + re.escape("".join(map(chr, _FULLWIDTH))) + "]")
_LATEX_TRIANGLE = re.compile(r"\$\s*\\(?:triangle|bigtriangleup|vartriangle)\s*([^$]*?)\s*\$")
_LOST_DOT = re.compile(r"(?<=[가-힣])\?(?=[가-힣])")
_LOST_BULLET = re.compile(r"(?:(?<=^)|(?<=\s))\?{1,3}(?=\s)")
_DOT_CHARS = re.compile(r"[ㆍ‧・․∙]")
_SPACE_RUNS = re.compile(r"[ \u00a0\u2000-\u200b\u3000]+")
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u3000]")


@lru_cache(maxsize=1 << 15)
def normalise_line(line: str, *, dots: bool = True) -> str:
    """A line in the one spelling later stages read. Tabs are kept: they separate table cells.
    `dots=False` keeps the middle dot as written, for readers whose patterns accept every variant
    and that report labels as written (`투자‧출연기관`). Cached: a pure function of the line, and
    every reader of a document normalises its lines; each substitution runs only on a line that
    holds the character it needs."""
    if _FULLWIDTH_CHARS.search(line):  # (str.translate walks every character: most lines have none)
        line = line.translate(_FULLWIDTH)
    if "$" in line:
        line = _LATEX_TRIANGLE.sub(lambda m: "△" + m.group(1), line)
    if "?" in line:
        line = _LOST_DOT.sub("·", line)
        line = _LOST_BULLET.sub("○", line)
    if dots and _DOT_CHARS.search(line):
        line = _DOTS_BETWEEN.sub("·", line)
    if _ODD_SPACES.search(line):  # (without them, a line whose spaces are single is unchanged)
        line = "\t".join(
            _SPACE_RUNS.sub(" ", cell) if "  " not in cell else cell for cell in line.split("\t")
        )
    # headings and table labels only: prose keeps its spacing
    return collapse_spaced_letters(line) if len(line) <= 80 and _looks_spaced(line) else line


_SPACED = re.compile(r"(?:^|\s)(?:[가-힣]\s){2,}[가-힣](?:\s|$)")


def _looks_spaced(line: str) -> bool:
    return bool(_SPACED.search(line))


def normalise_lines(text: str) -> list[str]:
    return [normalise_line(line) for line in text.splitlines()]
