"""Text normalisation shared by the extractors.

PDF/HWP extraction spaces letters out (`스 마 트 도 시 담 당 관`), OCR misreads syllables
(`박데이터` for 빅데이터, `만만 공동` for 민관 공동) and leaves markdown and LaTeX debris.
These helpers undo that without touching meaning; `canonical_department` maps any alias to the
reference table's Korean name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from orchestration.extract.literals import with_first_chars
from orchestration.extract.reference import department_aliases, departments

# OCR misreadings seen in council reports, wrong -> right. Applied to whole substrings.
OCR_VARIANTS: dict[str, str] = {
    "박데이터": "빅데이터",
    "박 데 이 터": "빅 데 이 터",
    "만만 공동": "민관 공동",
    "만만공동": "민관공동",
    "세외수임": "세외수입",
    "평기담당관": "평가담당관",
    "근무화경": "근무환경",
}

_HANGUL = re.compile(r"[가-힣]")
_WS = re.compile(r"\s+")
_SPACED_RUN = with_first_chars(re.compile(r"(?<![가-힣])[가-힣](?: [가-힣](?![가-힣]))+"))


_ODD_WS = re.compile(r"[^\S ]|  ")  # whitespace other than one space: what `_WS` would change


def normalise_ws(text: str) -> str:
    """Collapse whitespace (tabs included), drop markdown bold and zero-width debris. (Most text is
    words between single spaces, which the collapse leaves as they are: it is tried only when needed.)"""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("**", "").replace("\u200b", "").replace("\ufeff", "")
    return (_WS.sub(" ", text) if _ODD_WS.search(text) else text).strip()


def collapse_spaced_letters(text: str) -> str:
    """`스 마 트 도 시 담 당 관` -> `스마트도시담당관`; `스마트도시 담 당 관` -> `스마트도시 담당관`.

    Only runs of at least three single Hangul syllables separated by single spaces are joined,
    so ordinary two-word phrases (`및 조정`, `수 있는`) stay as written.
    """

    def join(m: re.Match[str]) -> str:
        parts = m.group(0).split(" ")
        return "".join(parts) if len(parts) >= 3 else m.group(0)

    return _SPACED_RUN.sub(join, text)


def fix_ocr(text: str) -> str:
    for wrong, right in OCR_VARIANTS.items():
        text = text.replace(wrong, right)
    return text


def clean_text(text: str) -> str:
    """Whitespace, spaced letters and OCR variants, in that order."""
    return fix_ocr(collapse_spaced_letters(normalise_ws(text)))


@lru_cache(maxsize=1 << 14)
def name_key(text: str) -> str:
    """A comparison key: OCR-fixed, without spaces, punctuation or markdown; case-folded."""
    text = fix_ocr(normalise_ws(text).replace(" ", ""))
    return re.sub(r"[\s·‧・.,:;'\"`*()\[\]{}<>「」『』/\\-]", "", text).casefold()


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))


@cache
def _alias_index() -> dict[str, str]:
    return {name_key(alias): dep_id for alias, dep_id in department_aliases()}


def department_id(name: str | None) -> str | None:
    """The reference id of a department name or alias, else None."""
    if not name:
        return None
    return _alias_index().get(name_key(name))


def canonical_department(name: str | None) -> str | None:
    """The reference Korean name of a department alias, else None."""
    dep_id = department_id(name)
    return departments()[dep_id]["name_ko"] if dep_id else None


def department_kind(name: str | None) -> str | None:
    dep_id = department_id(name)
    return departments()[dep_id]["kind"] if dep_id else None


def department_name(name: str) -> str:
    """Canonical name when the reference knows it, else the cleaned name without inner spaces."""
    return canonical_department(name) or clean_text(name).replace(" ", "")
