"""A deterministic synthetic corpus drawn from a catalogue of variation, labelled in the eval format.

    python benchmarks/generate_corpus.py --docs 1000 --seed 7 /tmp/corpus

writes, for document i (0-based), `syn_<i:06d>.txt` (the text), `syn_<i:06d>.meta.json` (the
sidecar the ingest reads: title, publisher, published_on, kind; never the region, which the text
must give) and `syn_<i:06d>.expected.json` (the labels, in the format `ict-warehouse eval` reads:
tests/fixtures/labelled/README.md, `orchestration/evaluation/labels.py`). The labels state what
the text states, nothing derived; `_variation` (not scored) records the value drawn on each axis
of the catalogue that applies to the document's kind.

The catalogue (`VARIATIONS`, `KIND_AXES`) lists the ways real documents write the same facts:
counters (`건`, `개`, `개 사업`), the order of an item's label, count and amount, list bullets, amount
spellings (`억원` … `3천9백만원`), hedges, table flattenings and units, page furniture, and the kinds of
document. A regression in any of them shows as lost recall on that value (`make bench` reports
recall per variation value). The corpus only knows the variation put into it: it measures speed
and regressions, never quality on real documents (DESIGN.md principle 9).

Determinism: document i depends on (seed, i) only. Its kind and its value on each axis come from
seeded decks (`variation_of`): every run of n consecutive documents that draw an axis of n values
uses each value once, so a corpus of ~60 documents holds every value; the rest of the document is
drawn from `random.Random("ict-warehouse-corpus/<seed>/<i>")`. No clock, no hash order: the same
seed gives byte-identical files, and the corpus of 100 documents is the first 100 of the corpus of
1000.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

GENERATOR_VERSION = "4"
YEARS = (2012, 2025)

# --- the variation catalogue --------------------------------------------------------------------

# Every axis and its values. `kind` is the document's layout (its sidecar kind is SIDECAR_KIND).
VARIATIONS: dict[str, tuple[str, ...]] = {
    "kind": (
        "news_plan",  # a region's yearly plan: total, splits by institution and type, named programs
        "region_comparison",  # a national total and one row per region, in prose
        "audit_article",  # a council's audit results counted in prose
        "settlement_minutes",  # council minutes: a settlement (결산) stated in prose
        "budget_progress_minutes",  # council minutes: the year's main programs' execution so far
        "settlement_review",  # an expert's review of the settlement: total and program tables
        "work_report",  # a bureau's work report: staffing and budget tables, audit follow-up
        "multiyear_table",  # a plan's investment by field and year
    ),
    "counter": ("건", "개", "개 사업", "개사업"),
    "item_order": ("count(amount)", "amount(count)", "amount·count", "(count amount)"),
    "bullet": ("▲", "△", "ㆍ", "·", "•", "-", "comma", "lines"),
    "amount": ("억원", "억 원", "억", "백만원", "조", "억만원", "천백만원"),
    "hedge": ("none", "약", "여", "가량"),
    "flattening": ("tabs", "spaces", "single_spaces", "pipes", "boxes", "cells", "one_line"),
    "unit": ("천원", "백만원", "억원"),
    "furniture": (
        "byline",  # a wire byline in the lead (`[부산=뉴스] 홍길동 기자 =`) and a dated byline line
        "photo_caption",  # a photo caption with ⓒ inside the body
        "related_box",  # a related-articles box with other regions' and years' figures
        "most_read",  # a 많이 본 기사 list after the article
        "page_numbers",  # `- 3 -` page markers between sections
        "spaced_headings",  # letter-spaced headings and row labels (`검 토 보 고`, `총 무 과`)
        "question_dots",  # `?` where a middle dot was lost (`세입?세출`, `시?군`)
    ),
}

NEWS_FURNITURE = ("byline", "photo_caption", "related_box", "most_read", "question_dots")
REPORT_FURNITURE = ("page_numbers", "spaced_headings", "question_dots")
MINUTES_AMOUNTS = ("억 원", "백만원", "억만원", "천백만원")

# The axes each kind draws, with the values it can take.
KIND_AXES: dict[str, dict[str, tuple[str, ...]]] = {
    "news_plan": {
        "counter": VARIATIONS["counter"],
        "item_order": VARIATIONS["item_order"],
        "bullet": VARIATIONS["bullet"],
        "amount": VARIATIONS["amount"],
        "hedge": VARIATIONS["hedge"],
        "furniture": NEWS_FURNITURE,
    },
    "region_comparison": {
        "counter": VARIATIONS["counter"],
        "item_order": VARIATIONS["item_order"],
        "bullet": VARIATIONS["bullet"],
        "amount": VARIATIONS["amount"],
        "hedge": VARIATIONS["hedge"],
        "furniture": NEWS_FURNITURE,
    },
    "audit_article": {"furniture": NEWS_FURNITURE},
    "settlement_minutes": {"amount": MINUTES_AMOUNTS, "furniture": REPORT_FURNITURE},
    "budget_progress_minutes": {"amount": MINUTES_AMOUNTS, "furniture": REPORT_FURNITURE},
    "settlement_review": {
        "flattening": VARIATIONS["flattening"],
        "unit": VARIATIONS["unit"],
        "furniture": REPORT_FURNITURE,
    },
    "work_report": {
        "flattening": VARIATIONS["flattening"],
        "unit": VARIATIONS["unit"],
        "furniture": REPORT_FURNITURE,
    },
    "multiyear_table": {
        "flattening": VARIATIONS["flattening"],
        "unit": VARIATIONS["unit"],
        "furniture": REPORT_FURNITURE,
    },
}
SIDECAR_KIND = {
    "news_plan": "news",
    "region_comparison": "news",
    "audit_article": "news",
    "settlement_minutes": "council_minutes",
    "budget_progress_minutes": "council_minutes",
    "settlement_review": "review_report",
    "work_report": "work_report",
    "multiyear_table": "budget_table",
}


def _deck(seed: int, axis: str, group: tuple[str, ...], values: tuple[str, ...], n: int) -> list[str]:
    """The n-th shuffled deck of `values` for the documents of `group` that draw `axis`."""
    rng = random.Random(f"ict-warehouse-corpus/{seed}/deck/{axis}/{'+'.join(group)}/{n}")
    return rng.sample(list(values), len(values))


def _kind_order(seed: int) -> list[str]:
    return random.Random(f"ict-warehouse-corpus/{seed}/kinds").sample(
        list(VARIATIONS["kind"]), len(VARIATIONS["kind"])
    )


def variation_of(seed: int, index: int) -> dict[str, str]:
    """Document `index`'s kind and its value on each axis its kind draws.

    Kinds come in a seeded order, one of each every 8 documents. An axis's value is dealt from
    seeded decks shared by the kinds that draw it with the same values (its group): the j-th
    document of the group takes card j % n of deck j // n, so every n documents of a group use
    each of its n values once, and any value is reached within a few documents."""
    order = _kind_order(seed)
    period = len(order)
    kind = order[index % period]
    out = {"kind": kind}
    cycles, pos = divmod(index, period)
    for axis, values in KIND_AXES[kind].items():
        group = tuple(k for k in order if KIND_AXES[k].get(axis) == values)
        per_cycle = len(group)
        before = sum(1 for k in order[:pos] if k in group)
        j = cycles * per_cycle + before
        out[axis] = _deck(seed, axis, group, values, j // len(values))[j % len(values)]
    return out


# --- vocabulary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    name: str  # canonical: 서울특별시
    short: str  # as news writes it: 서울시
    stem: str  # 서울
    subunits: str  # the sub-units as written: 25개 자치구
    subunit_canonical: str  # 자치구 / 시·군 / 군·구


REGIONS: tuple[Region, ...] = (
    Region("서울특별시", "서울시", "서울", "25개 자치구", "자치구"),
    Region("부산광역시", "부산시", "부산", "16개 구·군", "군·구"),
    Region("대구광역시", "대구시", "대구", "9개 구·군", "군·구"),
    Region("인천광역시", "인천시", "인천", "10개 군·구", "군·구"),
    Region("광주광역시", "광주시", "광주", "5개 자치구", "자치구"),
    Region("대전광역시", "대전시", "대전", "5개 자치구", "자치구"),
    Region("울산광역시", "울산시", "울산", "5개 구·군", "군·구"),
    Region("세종특별자치시", "세종시", "세종", "", ""),
    Region("경기도", "경기도", "경기", "31개 시·군", "시·군"),
    Region("강원특별자치도", "강원도", "강원", "18개 시·군", "시·군"),
    Region("충청북도", "충북도", "충북", "11개 시·군", "시·군"),
    Region("충청남도", "충남도", "충남", "15개 시·군", "시·군"),
    Region("전북특별자치도", "전북도", "전북", "14개 시·군", "시·군"),
    Region("전라남도", "전남도", "전남", "22개 시·군", "시·군"),
    Region("경상북도", "경북도", "경북", "22개 시·군", "시·군"),
    Region("경상남도", "경남도", "경남", "18개 시·군", "시·군"),
    Region("제주특별자치도", "제주도", "제주", "2개 행정시", "행정시"),
)
BIG_REGIONS = ("서울특별시", "경기도")  # plans of 1조 and more
# how large a region's plans are, roughly (a national comparison draws each region's figures by it)
REGION_WEIGHT = {
    "서울특별시": 3.0,
    "경기도": 3.0,
    "부산광역시": 1.4,
    "경상남도": 1.4,
    "경상북도": 1.3,
    "충청남도": 1.3,
    "전라남도": 1.1,
    "강원특별자치도": 1.1,
    "전북특별자치도": 1.0,
    "충청북도": 1.0,
    "인천광역시": 1.0,
    "대구광역시": 0.9,
    "광주광역시": 0.7,
    "대전광역시": 0.7,
    "울산광역시": 0.6,
    "제주특별자치도": 0.6,
    "세종특별자치시": 0.4,
}


def region_name(region: Region, year: int) -> str:
    """The canonical name in force in `year` (강원도 until 2023, 전라북도 until 2023)."""
    if region.name == "강원특별자치도" and year <= 2023:
        return "강원도"
    if region.name == "전북특별자치도" and year <= 2023:
        return "전라북도"
    return region.name


def office(region: Region) -> tuple[str, str]:
    """The region's own office as a plan list writes it, and its canonical label."""
    if region.short.endswith("도"):
        return "도 본청", "도 본청"
    return f"{region.short[:-1]}시 본청", "시 본청"


AGENCIES = (("투자·출연기관", "투자출연기관"), ("출자·출연기관", "출자출연기관"), ("공사·공단", "공사공단"))
TYPES = (
    "시스템 구축",
    "유지관리",
    "전산장비 도입",
    "소프트웨어 개발",
    "정보화 기획(ISP)",
    "데이터베이스 구축",
)
BUREAUS = ("행정국", "기획조정실", "자치행정국", "디지털정책관", "스마트도시국", "행정자치국", "정보화정책관")
DEPARTMENTS = (
    "총무과",
    "자치행정과",
    "인사과",
    "정보화담당관",
    "정보통신과",
    "스마트정보과",
    "민원여권과",
    "회계과",
    "데이터정책과",
    "스마트도시과",
    "정보보호과",
    "공간정보과",
)
COMMITTEES = ("행정자치위원회", "기획행정위원회", "행정안전위원회", "기획경제위원회", "기획재정위원회")
FIELDS = (
    "스마트 안전",
    "스마트 교통",
    "스마트 환경·에너지",
    "데이터 기반 행정",
    "디지털 포용",
    "스마트 복지",
)

PROGRAM_PREFIXES = (
    "스마트",
    "지능형",
    "통합",
    "차세대",
    "클라우드 기반",
    "빅데이터 기반",
    "AI 기반",
    "디지털",
)
PROGRAM_SUBJECTS = (
    "CCTV 관제",
    "민원처리",
    "행정포털",
    "공간정보",
    "교통정보",
    "재난안전",
    "상수도 관리",
    "복지정보",
    "주차정보",
    "전자문서",
    "홈페이지",
    "대기환경 모니터링",
    "공공와이파이",
    "디지털트윈",
    "기록관리",
    "보안관제",
    "정보자원",
    "도시데이터",
    "에너지 관리",
    "하천 수위 감시",
    "문화관광 정보",
    "행정전산망",
    "콜센터",
    "공공데이터 포털",
)
PROGRAM_SUFFIXES = (
    "시스템 구축",
    "플랫폼 고도화",
    "서비스 확대",
    "인프라 조성",
    "통합유지관리",
    "고도화",
    "노후장비 교체",
    "재구축",
    "확충",
    "운영",
)

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허유남심노하곽성차주우구민"
GIVEN_NAMES = ("주은", "정한", "가온", "민준", "서연", "도윤", "하은", "지호", "수빈", "현우", "예린", "은주")


@dataclass(frozen=True)
class Publisher:
    name: str
    domain: str


PUBLISHERS: tuple[Publisher, ...] = (
    Publisher("데일리ICT", "dailyict.kr"),
    Publisher("뉴스브리지", "newsbridge.co.kr"),
    Publisher("전자정보신문", "etinfo.co.kr"),
    Publisher("정보화타임즈", "infotimes.kr"),
    Publisher("스마트시티저널", "scjournal.kr"),
    Publisher("공공IT뉴스", "publicit.kr"),
    Publisher("한빛경제", "hanbiteco.com"),
    Publisher("지역일보", "jiyeokilbo.kr"),
)


# --- writing numbers ----------------------------------------------------------------------------

EOK = 100_000_000
MAN = 10_000
JO = 1_000_000_000_000
# the smallest step an amount of each spelling is drawn in (KRW)
AMOUNT_STEP = {
    "억원": EOK,
    "억 원": EOK,
    "억": EOK,
    "조": EOK,
    "백만원": 1_000_000,
    "억만원": MAN,
    "천백만원": 1_000_000,
}


def _cheonbaek(man: int) -> str:
    """A 만 group with 천 and 백 written in words: 6200 -> `6천2백`, 2000 -> `2천`, 500 -> `5백`."""
    cheon, rest = divmod(man, 1000)
    baek, rest = divmod(rest, 100)
    out = (f"{cheon}천" if cheon else "") + (f"{baek}백" if baek else "")
    return out + (f"{rest}" if rest else "")


def money(krw: int, spelling: str, *, spaced: bool = False, hedge: str = "none") -> str:
    """`krw` written in `spelling`, hedged (`약`, `여`, `가량`) or not.

    A hedged amount is a round figure: written in whole 억 where the spelling has 억 in it."""
    eok, rest = divmod(krw, EOK)
    sp = " " if spaced else ""
    if (hedge != "none" and spelling in ("억만원", "천백만원")) or (hedge == "여" and spelling == "백만원"):
        spelling, rest = "억원", 0  # `1,627억여원`, never `162,700여백만원`
    if spelling == "조" and krw >= JO:
        jo, e = divmod(eok, 10_000)
        core = f"{jo}조" + (f" {e:,}억" if e else "")
        tail = "원"
    elif spelling in ("억원", "억 원", "억", "조"):
        core = f"{eok:,}억"
        tail = {"억원": "원", "억 원": " 원", "억": "", "조": "원"}[spelling]
    elif spelling == "백만원":
        core, tail = f"{krw // 1_000_000:,}", "백만원"
    elif spelling == "억만원":
        man = rest // MAN
        man_text = f"{man:,}" if spaced else str(man)  # `142억 6,530만 원`, `10억6400만원`
        if eok and man:
            core, tail = f"{eok:,}억{sp}{man_text}만", f"{sp}원"
        elif eok:
            core, tail = f"{eok:,}억", f"{sp}원"
        else:
            core, tail = f"{man_text}만", f"{sp}원"
    elif spelling == "천백만원":
        man = rest // MAN
        words = _cheonbaek(man)
        if eok and man:
            core, tail = f"{eok:,}억{sp}{words}만", "원"
        elif eok:
            core, tail = f"{eok:,}억", "원"
        else:
            core, tail = f"{words}만", "원"
    else:
        raise ValueError(spelling)
    if hedge == "약":
        return f"약 {core}{tail}"
    if hedge == "가량":
        return f"{core}{tail}가량"
    if hedge == "여":
        return f"{core}여{tail}"
    return core + tail


def count(n: int, counter: str) -> str:
    return f"{n:,}{counter}"


def item(label: str, n: int | None, amount: str | None, counter: str, order: str) -> str:
    """One list item: its label, count and amount in the catalogue's order."""
    if n is None or amount is None:
        figure = count(n, counter) if n is not None else amount
        return f"{label} {figure}"
    c = count(n, counter)
    if order == "count(amount)":
        return f"{label} {c}({amount})"
    if order == "amount(count)":
        return f"{label} {amount}({c})"
    if order == "amount·count":
        return f"{label} {amount}·{c}"
    if order == "(count amount)":
        return f"{label}({c} {amount})"
    raise ValueError(order)


def listing(items: list[str], bullet: str, *, intro: str, heading: str, tail: str, more: bool) -> list[str]:
    """A list as a paragraph (inline bullets, comma prose) or as lines (one item a line).

    `intro` leads a sentence (`기관별로는`), `heading` heads lines (`<기관별 투자 규모>`), `tail` ends
    the sentence (`이다.`); `more` says the list is not complete (`등`)."""
    etc = " 등" if more else ""
    if bullet in ("▲", "△"):
        return [f"{intro} " + " ".join(f"{bullet}{x}" for x in items) + f"{etc}{tail}"]
    if bullet == "comma":
        return [f"{intro} " + ", ".join(items) + f"{etc}{tail}"]
    lines = [heading]
    mark = "" if bullet == "lines" else (f"{bullet} " if bullet in ("-", "•") else bullet)
    lines += [f"{mark}{x}" for x in items]
    if more:
        lines[-1] += " 등"
    return ["\n".join(lines)]


def has_final(word: str) -> bool:
    """Whether the last syllable has a final consonant (받침): 을/이 after it, else 를/가."""
    ch = word.rstrip()[-1:]
    if not ch or not ("가" <= ch <= "힣"):
        return True
    return (ord(ch) - 0xAC00) % 28 != 0


def josa(word: str, pair: str) -> str:
    """`word` with the particle of `pair` that fits it: ('은는', '이가', '을를', '과와', '으로로')."""
    if pair == "으로":
        ch = word.rstrip()[-1:]
        final = has_final(word) and not ("가" <= ch <= "힣" and (ord(ch) - 0xAC00) % 28 == 8)
        return word + ("으로" if final else "로")
    return word + (pair[0] if has_final(word) else pair[1])


def rate(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 0.0


def partition(rng: random.Random, total: int, k: int, minimum: int = 1) -> list[int]:
    """k integers >= minimum that sum to total exactly."""
    if k <= 0:
        return []
    spare = total - k * minimum
    if spare < 0:
        raise ValueError(f"cannot split {total} into {k} parts of at least {minimum}")
    weights = [rng.random() ** 2 + 0.1 for _ in range(k)]
    scale = sum(weights)
    parts = [minimum + int(spare * w / scale) for w in weights]
    parts[parts.index(max(parts))] += total - sum(parts)
    return parts


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def email(rng: random.Random, domain: str) -> str:
    letters = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 8)))
    return f"{letters}{rng.randint(1, 99)}@{domain}"


def program_names(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    """n program names, distinct from each other and from `taken` (which is updated)."""
    out: list[str] = []
    while len(out) < n:
        name = rng.choice(PROGRAM_SUBJECTS) + " " + rng.choice(PROGRAM_SUFFIXES)
        if rng.random() < 0.6:
            name = rng.choice(PROGRAM_PREFIXES) + " " + name
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def spaced(word: str) -> str:
    return " ".join(word)


def yy(year: int) -> str:
    return f"’{year % 100:02d}"


# --- tables ---------------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Display width: Hangul and other wide characters take two columns."""
    return sum(2 if ord(ch) > 0x1100 else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def flatten(unit_line: str, rows: list[list[str]], how: str) -> list[str]:
    """A table (its unit line, then the header and body rows) as a flattened text prints it."""
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    widths = [max(_width(r[c]) for r in rows) for c in range(n)]
    if how == "tabs":
        return [unit_line, *("\t".join(r) for r in rows)]
    if how == "spaces":
        return [
            unit_line,
            *(
                "   " + "   ".join(_pad(cell, widths[c], c > 0) for c, cell in enumerate(r)).rstrip()
                for r in rows
            ),
        ]
    if how == "single_spaces":
        return [unit_line, *(" ".join(cell for cell in r if cell) for r in rows)]
    if how == "pipes":
        return [unit_line, *("| " + " | ".join(r) + " |" for r in rows)]
    if how == "boxes":
        bars = ["─" * (w + 2) for w in widths]
        out = [" " * 40 + unit_line, "┌" + "┬".join(bars) + "┐"]
        for i, r in enumerate(rows):
            out.append(
                "│" + "│".join(" " + _pad(cell, widths[c], c > 0) + " " for c, cell in enumerate(r)) + "│"
            )
            if i == 0:
                out.append("├" + "┼".join(bars) + "┤")
        out.append("└" + "┴".join(bars) + "┘")
        return out
    if how == "cells":
        return [unit_line, *(cell for r in rows for cell in r if cell)]
    if how == "one_line":
        return [" ".join([unit_line, *(cell for r in rows for cell in r if cell)])]
    raise ValueError(how)


def unit_cell(krw: int, unit: str) -> str:
    """A money cell in the table's unit (the amount is a multiple of it)."""
    per = {"천원": 1_000, "백만원": 1_000_000, "억원": EOK}[unit]
    return f"{krw // per:,}"


def unit_step(unit: str) -> int:
    return {"천원": 1_000, "백만원": 1_000_000, "억원": EOK}[unit]


# --- documents ------------------------------------------------------------------------------------


@dataclass
class Document:
    index: int
    name: str
    kind: str  # the sidecar's kind (news, council_minutes, review_report, work_report, budget_table)
    text: str
    meta: dict[str, Any]
    labels: dict[str, Any]  # NAME.expected.json: the label format, `_variation` included

    @property
    def variation(self) -> dict[str, str]:
        return self.labels["_variation"]


def document_name(index: int) -> str:
    return f"syn_{index:06d}"


def generate_document(seed: int, index: int) -> Document:
    """Document `index` of the corpus drawn with `seed`: depends on (seed, index) only."""
    var = variation_of(seed, index)
    rng = random.Random(f"ict-warehouse-corpus/{seed}/{index}")
    draft = WRITERS[var["kind"]](rng, var, index)
    text = draft.text()
    traps = draft.traps
    if var.get("furniture") == "question_dots":
        text = text.replace("·", "?")
        traps = [t.replace("·", "?") for t in traps]  # a trap quotes the text as it is
    name = document_name(index)
    kind = SIDECAR_KIND[var["kind"]]
    meta = {
        "title": draft.title,
        "publisher": draft.publisher,
        "published_on": draft.published.isoformat(),
        "kind": kind,
        "source": f"synthetic (benchmarks/generate_corpus.py v{GENERATOR_VERSION}, seed {seed}, document {index})",
    }
    labels = {"doc": name, "kind": kind, **draft.labels, "traps": traps, "_variation": var}
    return Document(index, name, kind, text, meta, labels)


@dataclass
class Draft:
    """What a writer makes: the lines, the sidecar's fields, the labels and the traps."""

    title: str
    publisher: str
    published: date
    lines: list[str]
    labels: dict[str, Any]
    traps: list[str]

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def draw_amount(rng: random.Random, spelling: str, lo: int, hi: int) -> int:
    """An amount in [lo, hi] KRW as precise as `spelling` writes amounts."""
    if spelling == "천백만원":
        eok = rng.randint(lo // EOK, max(lo // EOK, hi // EOK - 1))
        man = rng.choice((1000, 2000, 3000, 5000, 6000, 8000, 1500, 2500, 4500, 7200, 3900, 500, 800))
        return eok * EOK + man * MAN
    step = AMOUNT_STEP[spelling]
    value = rng.randint(lo // step, hi // step) * step
    if spelling == "억만원" and value % EOK == 0:
        value += rng.randint(1, 9999) * MAN
    return value


def split_amount(rng: random.Random, total: int, k: int, spelling: str, like: list[int]) -> list[int]:
    """k amounts that sum to `total`, roughly in proportion to `like`, as precise as `spelling`."""
    step = 100 * MAN if spelling == "천백만원" else AMOUNT_STEP[spelling]
    units = total // step
    weights = [w * rng.uniform(0.6, 1.5) for w in like]
    scale = sum(weights)
    parts = [max(1, int(units * w / scale)) for w in weights]
    parts[parts.index(max(parts))] += units - sum(parts)
    out = [p * step for p in parts]
    out[out.index(max(out))] += total - sum(out)
    return out


def _news_frame(
    rng: random.Random,
    var: dict[str, str],
    pub: Publisher,
    *,
    headline: str,
    body: list[str],
    published: date,
    stem: str,
    traps: list[str],
) -> list[str]:
    """An article in its page furniture: the catalogue's furniture value adds its own element."""
    reporter = person(rng)
    furniture = var.get("furniture")
    hhmm = f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    out = [headline, ""]
    body = list(body)
    if furniture == "byline":
        out += [f"{pub.name} | {reporter} 기자 | 승인 {published:%Y.%m.%d} {hhmm}", ""]
        body[0] = f"[{stem}={pub.name}] {reporter} 기자 = {body[0]}"
    if furniture == "photo_caption":
        caption = rng.choice(
            (
                f"지난해 열린 {stem} 지역 정보화사업 설명회 모습. ⓒ{pub.name} DB",
                f"{stem} 청사 전경. (사진={stem} 제공) ⓒ{pub.name}",
                f"▲ 관계자들이 스마트도시 통합관제센터를 둘러보고 있다. ⓒ{pub.name}",
            )
        )
        body.insert(1, caption)
    for para in body:
        out += [para, ""]
    out += [
        f"{reporter} 기자 {email(rng, pub.domain)}",
        "",
        f"<저작권자 © {pub.name}, 무단 전재 및 재배포 금지>",
        "",
    ]
    others = [r for r in REGIONS if r.stem != stem]
    if furniture == "related_box":
        out += ["관련기사"]
        for _ in range(rng.randint(2, 3)):
            other = rng.choice(others)
            line = (
                f"▶ {other.short}, {published.year - rng.randint(1, 4)}년 정보화사업 "
                f"{rng.randint(120, 900):,}건·{rng.randint(200, 3000):,}억 발주"
            )
            out.append(line)
            traps.append(f"related-articles box: '{line[2:]}' is another region’s article")
        out.append("")
    if furniture == "most_read":
        out += ["많이 본 기사"]
        other = rng.choice(others)
        items = [
            f"코스피 {rng.randint(2100, 2900):,} 마감…외국인 {rng.randint(2, 9)}거래일 연속 순매수",
            f"{other.short} 정보화예산 {rng.randint(200, 3000):,}억원 편성…전년比 {rng.randint(2, 19)}% 늘어",
            f"아파트 전셋값 {rng.randint(2, 40)}주 연속 상승",
        ]
        rng.shuffle(items)
        for n, line in enumerate(items, start=1):
            out.append(f"{n} {line}")
        traps.append(f"most-read list: '{next(x for x in items if other.short in x)}' is another article")
        out.append("")
    return out


def _news_plan(rng: random.Random, var: dict[str, str], index: int) -> Draft:
    """A region's yearly informatization plan: total, institutions, types, named programs."""
    spelling, hedge, counter = var["amount"], var["hedge"], var["counter"]
    order, bullet = var["item_order"], var["bullet"]
    big = spelling == "조"
    region = rng.choice([r for r in REGIONS if r.name in BIG_REGIONS] if big else REGIONS)
    year = rng.randint(*YEARS)
    next_year = rng.random() < 0.25  # announced in December for the coming year
    published = (
        date(year - 1, 12, rng.randint(2, 28))
        if next_year
        else date(year, rng.choice((1, 2, 3)), rng.randint(2, 28))
    )
    pub = rng.choice(PUBLISHERS)
    short = region.short
    traps: list[str] = []

    projects = rng.randint(900, 2400) if big else rng.randint(150, 1600)
    if big:
        total = rng.randint(10_000, 24_000) * EOK
    elif hedge != "none":
        total = rng.randint(150, 4500) * EOK
    else:
        total = draw_amount(rng, spelling, 150 * EOK, 4500 * EOK)
    amt = money(total, spelling, hedge=hedge)
    labels: dict[str, Any] = {
        "region": region_name(region, year),
        "year": year,
        "total_projects": projects,
        "total_amount_krw": total,
    }
    if hedge != "none":
        labels["total_approximate"] = True

    when = "내년" if next_year else "올해"
    headline = rng.choice(
        (
            f"{short}, {when} 정보화사업 {count(projects, counter)}·{money(total, spelling)} 규모",
            f"{short} {year}년 정보화사업 {money(total, spelling)} 투입…{rng.choice(('디지털 전환', '스마트도시', '데이터 행정'))} 집중",
        )
    )
    lead_form = rng.randrange(3)
    if lead_form == 0:
        lead = (
            f"{josa(short, '이가')} {when} 정보화사업 총 {count(projects, counter)}에 {josa(amt, '을를')} "
            f"투입한다고 {published.day}일 밝혔다."
        )
    elif lead_form == 1:
        lead = (
            f"{josa(short, '은는')} {year}년 정보화사업 예산으로 {amt}({count(projects, counter)})을 "
            "편성했다고 밝혔다."
        )
    else:
        lead = (
            f"{short}에 따르면 {year}년 {short} 정보화사업은 {count(projects, counter)}, {amt} 규모로 "
            "집계됐다."
        )
    if rng.random() < 0.4:
        growth = rng.randint(2, 25)
        prior = (total * 100 // (100 + growth)) // EOK * EOK
        stated = rate(total - prior, prior)
        lead += f" 지난해({money(prior, '억원' if spelling in ('억만원', '천백만원') else spelling)})보다 {stated}% 늘었다."
        labels["previous_year"] = {"year": year - 1, "total_amount_krw": prior, "total_projects": None}
        labels["growth_pct"] = stated
    body = [lead]

    # by institution
    own_raw, own_canonical = office(region)
    insts = [(own_raw, own_canonical)]
    if region.subunits:
        insts.append((region.subunits, region.subunit_canonical))
    insts.append(rng.choice(AGENCIES))
    complete = rng.random() < 0.7
    counts = partition(rng, projects, len(insts), 5)
    amounts = split_amount(rng, total, len(insts), spelling if hedge == "none" else "억원", counts)
    if not complete:
        insts, counts, amounts = insts[:-1], counts[:-1], amounts[:-1]
    inst_spelling = "억원" if spelling == "조" else spelling
    items = [
        item(raw, c, money(a, inst_spelling), counter, order)
        for (raw, _), c, a in zip(insts, counts, amounts, strict=True)
    ]
    body += listing(
        items, bullet, intro="기관별로는", heading="<기관별 투자 규모>", tail="이다.", more=not complete
    )
    labels["by_institution"] = [
        {"institution": raw, "canonical": canonical, "projects": c, "amount_krw": a}
        for (raw, canonical), c, a in zip(insts, counts, amounts, strict=True)
    ]
    labels["by_institution_complete"] = complete

    # by type: counts and amounts of the largest types, rarely the whole plan
    if rng.random() < 0.7:
        types = rng.sample(TYPES, rng.randint(3, 4))
        share = rng.uniform(0.55, 0.85)
        t_counts = partition(rng, int(projects * share), len(types), 3)
        t_amounts = split_amount(
            rng,
            int(total * share) // EOK * EOK,
            len(types),
            inst_spelling if spelling != "조" else "억원",
            t_counts,
        )
        order_by = sorted(range(len(types)), key=lambda i: -t_counts[i])
        t_items = [
            item(types[i], t_counts[i], money(t_amounts[i], inst_spelling), counter, order) for i in order_by
        ]
        body += listing(
            t_items, bullet, intro="유형별로는", heading="<유형별 현황>", tail=" 순이다.", more=True
        )
        labels["by_type"] = [
            {"type": types[i], "projects": t_counts[i], "amount_krw": t_amounts[i]} for i in order_by
        ]
        labels["by_type_complete"] = False

    # named programs
    taken: set[str] = set()
    n_named = rng.choice((0, 1, 2, 2, 3))
    if n_named:
        named = []
        parts = []
        for name in program_names(rng, n_named, taken):
            value = draw_amount(rng, inst_spelling, 1 * EOK, 90 * EOK)
            if inst_spelling == "천백만원" and rng.random() < 0.3:
                value = rng.choice((3900, 4500, 6200, 8000)) * MAN
            parts.append(f"'{name}' {money(value, inst_spelling)}")
            named.append({"name": name, "amount_krw": value, "institution": None})
        body.append(f"{when} 주요 사업으로는 " + ", ".join(parts) + " 등이 꼽힌다.")
        labels["named_programs"] = named

    # distractors
    threshold = rng.choice((1, 2, 3, 5))
    over = rng.randint(20, max(21, projects // 4))
    body.append(
        f"{josa(short, '은는')} 사업비 {threshold}억원 이상인 {over}개 사업에 대해서는 발주 일정을 누리집에 미리 공개할 예정이다."
    )
    traps.append(f"'{threshold}억원 이상인 {over}개 사업' is a threshold and a subset count")
    people = rng.choice((150, 200, 300, 400))
    body.append(f"{published.day}일 열린 정보화사업 설명회에는 지역 ICT 기업 관계자 {people}여명이 참석했다.")
    traps.append(f"'{people}여명' counts attendees")
    body.append(
        f"{short} 관계자는 “지역 기업이 미리 사업을 준비할 수 있도록 발주 계획을 조기에 공개했다”고 말했다."
    )
    lines = _news_frame(
        rng, var, pub, headline=headline, body=body, published=published, stem=region.stem, traps=traps
    )
    return Draft(headline, pub.name, published, lines, labels, traps)


def _region_comparison(rng: random.Random, var: dict[str, str], index: int) -> Draft:
    """A national total and the regions' plans, one item each, in a list."""
    spelling, hedge, counter = var["amount"], var["hedge"], var["counter"]
    order, bullet = var["item_order"], var["bullet"]
    year = rng.randint(*YEARS)
    published = date(year, rng.choice((2, 3, 4)), rng.randint(2, 28))
    pub = rng.choice(PUBLISHERS)
    traps: list[str] = []
    full = rng.random() < 0.5
    item_spelling = "억원" if spelling == "조" else spelling
    scale = 1.0 if spelling == "조" else 0.5  # a national total of 1조 and more is written with 조
    rows = []
    for region in REGIONS:
        weight = REGION_WEIGHT[region.name] * rng.uniform(0.7, 1.3)
        projects = int(600 * weight) + rng.randint(0, 60)
        amount = draw_amount(
            rng, item_spelling, int(700 * weight * EOK * scale), int(800 * weight * EOK * scale)
        )
        label = region_name(region, year) if full else region.short
        rows.append((label, projects, amount))
    rows.sort(key=lambda r: -r[2])
    total_projects = sum(r[1] for r in rows)
    total = sum(r[2] for r in rows)
    if hedge != "none":
        traps.append("the hedged national total is the rounded sum of the regions")
        total = total // EOK * EOK
    complete = rng.random() < 0.6
    listed = rows if complete else rows[: rng.randint(5, 9)]
    amt = money(total, spelling, hedge=hedge)
    ministry = rng.choice(("행정안전부", "과학기술정보통신부", "한국지역정보개발원"))
    headline = f"[이슈분석] {year}년 전국 지자체 정보화사업 {amt}…{listed[0][0]} 최다"
    body = [
        f"최근 {josa(ministry, '이가')} 집계한 올해 전국 지방자치단체 정보화사업은 총 "
        f"{josa(count(total_projects, counter), '으로')} {amt} 규모다. 지난해 말 각 지자체가 제출한 "
        "시행계획을 모은 것이다."
    ]
    items = [item(label, p, money(a, item_spelling), counter, order) for label, p, a in listed]
    if complete:
        body += listing(
            items,
            bullet,
            intro="시·도별로는",
            heading="<시·도별 정보화사업 계획>",
            tail=" 순이다.",
            more=False,
        )
    else:
        body += listing(
            items,
            bullet,
            intro=f"예산 상위 {len(listed)}곳은",
            heading=f"<예산 상위 {len(listed)}개 시·도>",
            tail=" 순이다.",
            more=False,
        )
    share = rate(listed[0][2], total)
    body.append(
        f"1위 {josa(listed[0][0], '은는')} 전체 예산의 {share}%를 차지한다. 반면 "
        f"{rows[-1][0]} 등 {rng.randint(3, 6)}곳은 사업 수가 지난해보다 줄었다."
    )
    traps.append(f"'{share}%' is the first region’s share of the total")
    body.append("행정안전부 관계자는 “지자체별 예산 심의 과정에서 실제 예산은 달라질 수 있다”고 말했다.")
    labels: dict[str, Any] = {
        "region": "전국",
        "year": year,
        "total_projects": total_projects,
        "total_amount_krw": total,
    }
    if hedge != "none":
        labels["total_approximate"] = True
    labels["by_region"] = [{"region": label, "projects": p, "amount_krw": a} for label, p, a in listed]
    labels["by_region_complete"] = complete
    lines = _news_frame(
        rng, var, pub, headline=headline, body=body, published=published, stem="서울", traps=traps
    )
    return Draft(headline, pub.name, published, lines, labels, traps)


def _audit_article(rng: random.Random, var: dict[str, str], index: int) -> Draft:
    """A council's audit results: findings counted by kind, sometimes by committee."""
    region = rng.choice(REGIONS)
    year = rng.randint(*YEARS)
    published = date(year, 12, rng.randint(2, 28))
    pub = rng.choice(PUBLISHERS)
    council = f"{region.name}의회"
    traps: list[str] = []
    committees = rng.sample(COMMITTEES, 2)
    split = [[rng.randint(2, 15), rng.randint(2, 15), rng.randint(10, 45)] for _ in committees]
    kinds = [sum(s[i] for s in split) for i in range(3)]
    total = sum(kinds)
    days = rng.randint(7, 12)
    depts = rng.randint(20, 45)
    session = rng.randint(250, 420)
    headline = f"{council}, 행정사무감사 결과 {total}건 시정·처리·건의 요구"
    first = (
        f"{council}는 제{session}회 정례회 기간 중 실시한 {year}년도 행정사무감사 결과보고서를 "
        f"{published.day - 1 if published.day > 2 else 1}일 본회의에서 채택했다고 {published.day}일 밝혔다."
    )
    form = rng.randrange(2)
    if form == 0:
        second = (
            f"의회는 {days}일간 {depts}개 부서를 대상으로 감사를 벌여 시정요구 {kinds[0]}건, 처리요구 "
            f"{kinds[1]}건, 건의 {kinds[2]}건 등 모두 {total}건을 집행부에 요구했다."
        )
    else:
        second = (
            f"의회는 {days}일간 {depts}개 부서를 감사해 총 {total}건의 지적사항(시정요구 {kinds[0]}건, "
            f"처리요구 {kinds[1]}건, 건의사항 {kinds[2]}건)을 집행부에 이송했다."
        )
    prior = total - rng.randint(3, 20)
    second += f" 지난해({prior}건)보다 {total - prior}건 늘었다."
    traps += [
        f"'지난해({prior}건)' is the previous audit’s count and '{total - prior}건' the increase",
        f"'{days}일간' and '{depts}개 부서' are a duration and a count of audited units",
        f"'제{session}회' is a session number",
    ]
    body = [first, second]
    summary = [
        {"kind": "계", "total": total},
        {"kind": "시정요구", "total": kinds[0]},
        {"kind": "처리요구", "total": kinds[1]},
        {"kind": "건의사항", "total": kinds[2]},
    ]
    if rng.random() < 0.6:
        parts = []
        for name, s in zip(committees, split, strict=True):
            parts.append(
                f"{josa(name, '이가')} 시정요구 {s[0]}건, 처리요구 {s[1]}건, 건의 {s[2]}건 등 {sum(s)}건을"
            )
            summary += [
                {"kind": "계", "scope": name, "total": sum(s)},
                {"kind": "시정요구", "scope": name, "total": s[0]},
                {"kind": "처리요구", "scope": name, "total": s[1]},
                {"kind": "건의사항", "scope": name, "total": s[2]},
            ]
        body.append("상임위원회별로는 " + ", ".join(parts) + " 지적했다.")
    body.append(
        "위원들은 정보화 사업의 낮은 집행률과 반복되는 명시이월을 지적하며 사업 계획 단계부터 수요를 "
        "정확히 산정하라고 주문했다."
    )
    body.append(
        f"채택된 결과보고서는 집행부에 이송되며, 집행부는 내년 {rng.randint(2, 4)}월까지 조치 결과를 의회에 제출해야 한다."
    )
    for row in summary:
        row.update({"completed": None, "in_progress": None, "under_review": None, "not_reflected": None})
    labels = {"region": region_name(region, year), "year": year, "audit_summary": summary}
    lines = _news_frame(
        rng, var, pub, headline=headline, body=body, published=published, stem=region.stem, traps=traps
    )
    return Draft(headline, pub.name, published, lines, labels, traps)


# --- council minutes --------------------------------------------------------------------------------


def _page(var: dict[str, str], n: int) -> list[str]:
    return ["", f"- {n} -", ""] if var.get("furniture") == "page_numbers" else [""]


def _heading(var: dict[str, str], text: str) -> str:
    return spaced(text) if var.get("furniture") == "spaced_headings" else text


def _minutes_head(
    rng: random.Random, var: dict[str, str], council: str, committee: str, when: date
) -> tuple[int, list[str]]:
    session = rng.randint(90, 420)
    lines = [
        f"제{session}회 {council}({rng.choice(('임시회', '제1차 정례회', '제2차 정례회'))})",
        _heading(var, f"{committee}회의록"),
        f"제{rng.randint(1, 4)}호",
        f"{council}사무처",
        "",
        f"일 시 : {when.year}년 {when.month}월 {when.day}일 {rng.randint(10, 15)}시 {rng.randint(0, 59):02d}분",
        f"장 소 : {committee} 회의실",
        "",
    ]
    return session, lines


def _minutes_amounts(rng: random.Random, spelling: str, lo_eok: int, hi_eok: int) -> int:
    return draw_amount(rng, spelling, lo_eok * EOK, hi_eok * EOK)


def _split_by_rate(rng: random.Random, budget: int, spelling: str, lo: float, hi: float) -> int:
    """A part of `budget` (lo..hi of it) as precise as the spelling."""
    step = 100 * MAN if spelling == "천백만원" else AMOUNT_STEP[spelling]
    return max(step, int(budget * rng.uniform(lo, hi)) // step * step)


def _settlement_minutes(rng: random.Random, var: dict[str, str], index: int) -> Draft:
    """Council minutes on a settlement (결산): the bureau's and departments' execution in prose."""
    spelling = var["amount"]
    sp = rng.random() < 0.6
    region = rng.choice(REGIONS)
    year = rng.randint(*YEARS)
    when = date(year + 1, rng.choice((6, 7)), rng.randint(2, 28))
    council = f"{region.name}의회"
    committee = rng.choice(COMMITTEES)
    bureau = rng.choice(BUREAUS)
    depts = rng.sample(DEPARTMENTS, rng.randint(2, 3))
    traps: list[str] = []

    def m(krw: int) -> str:
        return money(krw, spelling, spaced=sp)

    rows = []
    carry_dept = rng.randrange(len(depts))
    for n, dept in enumerate(depts):
        budget = _minutes_amounts(rng, spelling, 8, 90)
        spent = _split_by_rate(rng, budget, spelling, 0.7, 0.97)
        carried = _split_by_rate(rng, budget - spent, spelling, 0.3, 0.6) if n == carry_dept else 0
        lapsed = budget - spent - carried
        rows.append((dept, budget, spent, carried, lapsed))
    b_total = sum(r[1] for r in rows)
    s_total = sum(r[2] for r in rows)
    c_total = sum(r[3] for r in rows)
    l_total = sum(r[4] for r in rows)
    r_total = rate(s_total, b_total)
    session, lines = _minutes_head(rng, var, council, committee, when)
    title = f"{year}회계연도 세입·세출 결산 승인안"
    lines += [f"- 의사일정 ({committee})", f"- 1. {title}", ""]
    chair, head = person(rng), person(rng)
    lines += [
        f"○위원장 {chair} 성원이 되었으므로 제{session}회 {committee}를 시작하겠습니다.",
        f"의사일정 제1항 {title}을 상정합니다.",
        "(의사봉 3타)",
        f"{bureau}장께서 설명해 주십시오.",
        f"○{bureau}장 {head} {bureau}장 {head}입니다. {bureau} 소관 {year}회계연도 결산을 설명드리겠습니다.",
        f"세입은 결산서 {rng.randint(20, 120)}쪽부터 실려 있으며 오늘은 세출 위주로 보고드리겠습니다.",
        f"{bureau} 세출 결산을 총괄하면 예산현액은 {josa(m(b_total), '으로')}, 예산의 {r_total}%인 {josa(m(s_total), '을를')} "
        f"지출하였고, {josa(m(c_total), '은는')} 다음연도로 이월하였으며 나머지 {josa(m(l_total), '은는')} 불용액으로 남았습니다.",
    ]
    labels_rows: list[dict[str, Any]] = [
        {
            "program": f"{bureau} 세출 (총괄)",
            "year": year,
            "account": None,
            "budget_krw": b_total,
            "spent_krw": s_total,
            "carried_over_krw": c_total,
            "lapsed_krw": l_total,
            "execution_rate_pct": r_total,
        }
    ]
    for n, (dept, budget, spent, carried, lapsed) in enumerate(rows):
        r = rate(spent, budget)
        row: dict[str, Any] = {
            "department": dept,
            "year": year,
            "account": None,
            "budget_krw": budget,
            "spent_krw": spent,
        }
        if carried:
            sentence = (
                f"{josa(dept, '은는')} 예산현액 {m(budget)} 중 {josa(m(spent), '을를')} 집행하여 {r}%의 집행률을 보였고, "
                f"이월액 {josa(m(carried), '과와')} 불용액 {josa(m(lapsed), '이가')} 생겼습니다."
            )
            row.update({"carried_over_krw": carried, "lapsed_krw": lapsed, "execution_rate_pct": r})
        elif n % 2 == 0:
            sentence = (
                f"{josa(dept, '은는')} 예산현액 {m(budget)}에 지출액 {m(spent)}, 불용액 {josa(m(lapsed), '으로')} "
                f"집행률이 {r}%입니다."
            )
            row.update({"lapsed_krw": lapsed, "execution_rate_pct": r})
        else:
            sentence = f"{josa(dept, '은는')} 예산현액 {m(budget)}에 지출 {m(spent)}, 불용 {m(lapsed)}입니다."
            row.update({"lapsed_krw": lapsed})
        lines.append(("과별로 보면 " if n == 0 else "") + sentence)
        labels_rows.append(row)
    taken: set[str] = set()
    for name in program_names(rng, rng.randint(1, 2), taken):
        spent = _minutes_amounts(rng, spelling, 1, 9)
        unspent = _split_by_rate(rng, spent, spelling, 0.03, 0.2)
        lines.append(f"{name} 사업은 {josa(m(spent), '을를')} 집행하였고 집행잔액은 {m(unspent)}입니다.")
        labels_rows.append(
            {"program": name, "year": year, "account": None, "spent_krw": spent, "unspent_krw": unspent}
        )
    lines += _page(var, rng.randint(5, 30))
    member = person(rng)
    prior_rate = round(rng.uniform(80, 97), 1)
    cctv = rng.randint(300, 2500)
    lines += [
        "이상입니다.",
        f"○위원장 {chair} 수고하셨습니다. 질의하실 위원님 계십니까?",
        f"○{member} 위원 관내 방범용 CCTV가 지금 모두 몇 대입니까?",
        f"○{bureau}장 {head} {cctv:,}대입니다.",
        f"○{member} 위원 {year - 1}회계연도 국 전체 집행률이 {prior_rate}%였는데 떨어졌습니다. 이월 사업 관리에 신경 써 주십시오.",
        f"○{bureau}장 {head} 예, 유념하겠습니다.",
        f"○위원장 {chair} {title}을 원안대로 승인하는 데 동의하십니까?",
        "(「예」하는 위원 있음)",
        "가결되었음을 선포합니다.",
        "(의사봉 3타)",
    ]
    lines += _page(var, rng.randint(31, 60))
    traps += [
        f"'{prior_rate}%' is the prior fiscal year’s execution rate",
        f"'{cctv:,}대' counts cameras",
        f"'제{session}회' is a session number; the 결산서 page references are not amounts",
    ]
    labels = {
        "region": region_name(region, year),
        "year": year,
        "budget_lines": labels_rows,
        "staffing": [],
        "audit_summary": [],
    }
    return Draft(f"제{session}회 {council} {committee} 회의록 — {title}", council, when, lines, labels, traps)


ORDINALS = ("첫째", "둘째", "셋째", "넷째", "다섯째")


def _budget_progress_minutes(rng: random.Random, var: dict[str, str], index: int) -> Draft:
    """Council minutes: a department reports its main programs' execution so far this year."""
    spelling = var["amount"]
    sp = rng.random() < 0.6
    region = rng.choice(REGIONS)
    year = rng.randint(*YEARS)
    month = rng.choice((6, 8, 9, 10))
    when = date(year, month + 1, rng.randint(2, 28))
    council = f"{region.name}의회"
    committee = rng.choice(COMMITTEES)
    dept = rng.choice(("정보통신담당관", "정보화담당관", "스마트도시과", "데이터정책과", "정보통신과"))
    traps: list[str] = []

    def m(krw: int) -> str:
        return money(krw, spelling, spaced=sp)

    taken: set[str] = set()
    names = program_names(rng, rng.randint(3, 5), taken)
    progs = []
    for name in names:
        budget = _minutes_amounts(rng, spelling, 2, 40)
        committed = _split_by_rate(rng, budget, spelling, 0.6, 0.95)
        spent = _split_by_rate(rng, committed, spelling, 0.2, 0.95)
        progs.append((name, budget, committed, spent))
    b_total = sum(p[1] for p in progs)
    s_total = sum(p[3] for p in progs)
    session, lines = _minutes_head(rng, var, council, committee, when)
    title = f"{year}년도 주요예산사업 추진상황 보고"
    chair, head = person(rng), person(rng)
    lines += [
        f"의사일정({committee})",
        f"1. {title}({dept})",
        "",
        f"○위원장 {chair}  의사일정 제1항 {title}를 상정합니다.",
        "(의사봉 3타)",
        f"○{dept} {head}  {dept} {head}입니다.",
        f"  {dept} 소관 {year}년도 주요예산사업 추진상황을 보고드리겠습니다. 수치는 모두 {month}월 말 기준입니다.",
        f"  보고 대상은 {len(progs)}개 사업으로 예산액 합계는 {m(b_total)}이며, {month}월 말까지 {josa(m(s_total), '을를')} "
        f"집행하여 집행률은 {rate(s_total, b_total)}%입니다.",
    ]
    rows: list[dict[str, Any]] = [
        {
            "program": f"{dept} 소관 (보고 대상 {len(progs)}개 사업 계)",
            "year": year,
            "account": None,
            "budget_krw": b_total,
            "spent_krw": s_total,
            "execution_rate_pct": rate(s_total, b_total),
        }
    ]
    for n, (name, budget, committed, spent) in enumerate(progs):
        r = rate(spent, budget)
        form = rng.randrange(3)
        row: dict[str, Any] = {
            "program": name,
            "year": year,
            "account": None,
            "budget_krw": budget,
            "spent_krw": spent,
            "execution_rate_pct": r,
        }
        if form == 0:
            sentence = (
                f"{name} 사업입니다. 예산액 {m(budget)} 중 {josa(m(committed), '은는')} 계약을 마쳐 원인행위가 되었고, "
                f"선금 등으로 {josa(m(spent), '을를')} 지급하여 집행률은 {r}%입니다."
            )
            row["committed_krw"] = committed
        elif form == 1:
            sentence = f"{josa(name, '은는')} 예산액 {m(budget)}에 집행액 {m(spent)}, 집행률 {r}%입니다."
        else:
            sentence = (
                f"{josa(name, '은는')} 예산액 {m(budget)}, 원인행위 {m(committed)}, 집행액 {josa(m(spent), '으로')} "
                f"집행률이 {r}%입니다."
            )
            row["committed_krw"] = committed
        lines.append(f"  {ORDINALS[n]}, {sentence}")
        rows.append(row)
    target = rng.choice((90, 95, 100))
    last = round(rng.uniform(40, 70), 1)
    servers = rng.randint(40, 300)
    lines += [
        f"  연말까지 {len(progs)}개 사업 모두 집행률 {target}% 이상을 목표로 관리하겠습니다.",
        "  이상 보고를 마치겠습니다.",
    ]
    lines += _page(var, rng.randint(5, 30))
    member = person(rng)
    lines += [
        f"○위원장 {chair}  질의하실 위원님 계십니까?",
        f"○{member} 위원  작년 이맘때는 같은 사업군 집행률이 {last}%였던 것으로 기억하는데 올해는 어떻습니까?",
        f"○{dept} {head}  서버 {servers}대 이전 일정에 맞춰 잔금을 치르게 되어 연말에 집중됩니다.",
        f"○위원장 {chair}  더 질의가 없으시면 {dept} 소관 보고는 이것으로 마치겠습니다.",
        f"  자료 보완은 정보화정책팀(0{rng.randint(31, 64)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)})으로 요청해 주시기 바랍니다.",
    ]
    lines += _page(var, rng.randint(31, 60))
    traps += [
        f"'집행률 {target}% 이상을 목표로' is a year-end target",
        f"'{last}%' is last year’s rate at the same time of year",
        f"'서버 {servers}대' counts servers; '{len(progs)}개 사업' counts the reported programs",
    ]
    labels = {
        "region": region_name(region, year),
        "year": year,
        "budget_lines": rows,
        "staffing": [],
        "audit_summary": [],
    }
    return Draft(
        f"제{session}회 {council} {committee} 회의록 — {title}({dept})", council, when, lines, labels, traps
    )


# --- tables -----------------------------------------------------------------------------------------


def _cell(krw: int, unit: str) -> str:
    return unit_cell(krw, unit) if krw else "-"


def _draw_unit(rng: random.Random, unit: str, lo_eok: float, hi_eok: float) -> int:
    step = unit_step(unit)
    return rng.randint(int(lo_eok * EOK) // step, int(hi_eok * EOK) // step) * step


def _part(rng: random.Random, whole: int, unit: str, lo: float, hi: float) -> int:
    step = unit_step(unit)
    return int(whole * rng.uniform(lo, hi)) // step * step


def _total_label(var: dict[str, str], word: str) -> str:
    return "  ".join(word) if var.get("furniture") == "spaced_headings" and len(word) == 2 else word


def _settlement_review(rng: random.Random, var: dict[str, str], index: int) -> Draft:
    """An expert's review of a settlement: the account table and the main programs' table."""
    how, unit = var["flattening"], var["unit"]
    region = rng.choice(REGIONS)
    year = rng.randint(*YEARS)
    when = date(year + 1, 6, rng.randint(1, 20))
    bureau = rng.choice(("기획조정실", "행정국", "디지털정책국", "자치행정국"))
    office = rng.choice(("정보화정책관", "정보화담당관", "정보통신과", "스마트정보과"))
    committee = rng.choice(COMMITTEES)
    traps = [f"table cells are in {unit}"]
    general = _draw_unit(rng, unit, 30, 600)
    special = _draw_unit(rng, unit, 5, 60) if rng.random() < 0.7 else 0
    accounts = [("일반회계", general)] + ([("특별회계", special)] if special else [])
    acc_rows = []
    for name, budget in accounts:
        spent = _part(rng, budget, unit, 0.7, 0.97)
        carried = (
            _part(rng, budget - spent, unit, 0.3, 0.7) if name == "일반회계" and rng.random() < 0.7 else 0
        )
        acc_rows.append((name, budget, spent, carried, budget - spent - carried))
    total = ("계", *(sum(r[i] for r in acc_rows) for i in range(1, 5)))
    unit_line = f"(단위: {unit}, %)"
    header = ["구 분", "예산현액(A)", "지출액(B)", "다음연도 이월액(C)", "불용액(D)", "집행률(B/A)"]

    def row(label: str, b: int, s: int, c: int, lapsed: int) -> list[str]:
        return [
            label,
            unit_cell(b, unit),
            unit_cell(s, unit),
            _cell(c, unit),
            _cell(lapsed, unit),
            f"{rate(s, b):.1f}",
        ]

    total_word = rng.choice(("계", "합계"))
    table1 = [header, row(_total_label(var, total_word), *total[1:]), *(row(*r) for r in acc_rows)]
    taken: set[str] = set()
    progs = []
    for name in program_names(rng, rng.randint(2, 4), taken):
        budget = _draw_unit(rng, unit, 3, 120)
        spent = _part(rng, budget, unit, 0.3, 0.98)
        carried = _part(rng, budget - spent, unit, 0.5, 1.0) if rng.random() < 0.5 else 0
        progs.append((name, budget, spent, carried, budget - spent - carried))
    table2 = [["사 업 명", "예산현액", "지출액", "이월액", "불용액", "집행률"], *(row(*p) for p in progs)]
    lines = [
        f"{year}회계연도 {region_name(region, year)} 세입·세출결산 승인의 건",
        "",
        _heading(var, "검토보고"),
        "",
        f"({bureau} {office} 소관)",
        "",
        f"{year + 1}. {when.month}.",
        "",
        committee,
        f"수석전문위원 {person(rng)}",
        "",
        "Ⅰ. 검토 개요",
        "",
        f" ○ 제출일자 : {year + 1}. 5. {rng.randint(20, 31)}.",
        f" ○ 회부일자 : {when:%Y}. {when.month}. {when.day}. (제{rng.randint(250, 420)}회 정례회)",
        "",
        "Ⅱ. 세출결산 총괄",
        "",
        *flatten(unit_line, table1, how),
        " ※ 예산현액 = 최종예산 + 전년도 이월액 + 예비비 등 변동분",
    ]
    lines += _page(var, rng.randint(2, 9))
    lines += ["Ⅲ. 주요 세부사업 결산", "", *flatten(unit_line, table2, how)]
    lines += _page(var, rng.randint(10, 19))
    prior_rate = round(rng.uniform(75, 97), 1)
    target = rng.choice((90, 95))
    prior_lapse = rng.randint(3, 30)
    lines += [
        "Ⅳ. 검토의견",
        "",
        f" ○ {office} 소관 세출예산의 집행률은 전년도 집행률({prior_rate}%)과 비교하여 사업별 편차가 큰 것으로 나타났음.",
        f" ○ 불용액은 {year - 1}회계연도 불용액 {prior_lapse}억 원과 비교할 때 여전히 적지 않으므로 편성 단계에서 소요를 보다 정밀하게 산정할 필요가 있음.",
        f" ○ 연간 목표 집행률 {target}%에 미치지 못한 사업은 사전절차 이행 일정을 점검하여 연내 집행 가능성을 높여야 할 것임.",
    ]
    lines += _page(var, rng.randint(20, 29))
    traps += [
        f"'{prior_rate}%' is the prior year’s execution rate",
        f"'{prior_lapse}억 원' is the prior fiscal year’s lapse",
        f"'목표 집행률 {target}%' is a target",
    ]
    if any(0 in r[3:] for r in (*acc_rows, *progs)):
        traps.append("'-' in a money column means none (0)")
    rows_l: list[dict[str, Any]] = [
        _review_label(f"{office} 소관 ({total_word})", None, year, *total[1:]),
        *(_review_label(f"{office} 소관", name, year, b, s, c, lapsed) for name, b, s, c, lapsed in acc_rows),
        *(_review_label(name, None, year, b, s, c, lapsed) for name, b, s, c, lapsed in progs),
    ]
    labels = {
        "region": region_name(region, year),
        "year": year,
        "budget_lines": rows_l,
        "staffing": [],
        "audit_summary": [],
    }
    title = f"{year}회계연도 {region_name(region, year)} 세입·세출결산 승인의 건 검토보고 ({bureau} {office} 소관)"
    return Draft(title, f"{region.name}의회 {committee}", when, lines, labels, traps)


def _review_label(
    program: str, account: str | None, year: int, b: int, s: int, c: int, lapsed: int
) -> dict[str, Any]:
    return {
        "program": program,
        "year": year,
        "account": account,
        "budget_krw": b,
        "spent_krw": s,
        "carried_over_krw": c,
        "lapsed_krw": lapsed,
        "execution_rate_pct": rate(s, b),
    }


def _work_report(rng: random.Random, var: dict[str, str], index: int) -> Draft:
    """A bureau's work report to its council committee: staffing, budget, the audit follow-up."""
    how, unit = var["flattening"], var["unit"]
    region = rng.choice(REGIONS)
    year = rng.randint(*YEARS)
    when = date(year, rng.choice((4, 7, 9, 11)), rng.randint(1, 25))
    bureau = rng.choice(BUREAUS)
    depts = rng.sample(DEPARTMENTS, rng.randint(3, 4))
    committee = rng.choice(COMMITTEES)
    session = rng.randint(250, 420)
    spaced_names = var.get("furniture") == "spaced_headings"
    traps: list[str] = []
    lines = [
        f"제{session}회 {region.name}의회 {rng.choice(('임시회', '정례회'))}",
        committee,
        "",
        f"{year}년 주요업무보고",
        "",
        f"{year}. {when.month}. {when.day}.",
        "",
        spaced(bureau) if spaced_names else bureau,
        "",
        "",
        _heading(var, "Ⅰ. 일반현황"),
        "",
        f"1. 조 직 : 1국 {len(depts)}과 {rng.randint(10, 24)}팀",
        "",
        "2. 인 력",
    ]
    staff = []
    for dept in depts:
        authorized = rng.randint(25, 100)
        gap = rng.choice((-6, -4, -3, -2, -1, -1, 0, 1))
        current = authorized + gap
        fixed = rng.randint(1, 12)
        extra = rng.randint(0, min(20, current - fixed))  # never more staff by kind than in post
        staff.append((dept, authorized, current, gap, current - fixed - extra, fixed, extra))
    totals = [sum(s[i] for s in staff) for i in range(1, 7)]
    total_word = rng.choice(("계", "합계"))

    def gap_cell(g: int) -> str:
        return f"△{-g}" if g < 0 else ("-" if g == 0 else str(g))

    def staff_row(label: str, values: list[int] | tuple[int, ...]) -> list[str]:
        a, c, g, gen, fix, ext = values
        return [label, str(a), str(c), gap_cell(g), str(gen), str(fix), str(ext) if ext else "-"]

    def show(dept: str) -> str:
        return spaced(dept) if spaced_names and len(dept) == 3 else dept

    staff_table = [
        ["구 분", "정원", "현원", "과부족", "일반직", "임기제", "공무직"],
        staff_row(_total_label(var, total_word), totals),
        *(staff_row(show(s[0]), s[1:]) for s in staff),
    ]
    lines += flatten(f"({yy(year)}. {when.month - 1}. 1. 기준, 단위: 명)", staff_table, how)
    lines += ["※ 공무직 : 청사 방호, 전산실 운영 보조 등", ""]
    labels_staff = [
        {"department": total_word, "authorized": totals[0], "current": totals[1], "gap": totals[2]}
    ]
    labels_staff += [{"department": s[0], "authorized": s[1], "current": s[2], "gap": s[3]} for s in staff]

    # the budget: accounts and departments
    budgets = []
    for dept in depts:
        b = _draw_unit(rng, unit, 5, 500)
        budgets.append((dept, b, _part(rng, b, unit, 0.2, 0.8)))
    b_total = sum(x[1] for x in budgets)
    s_total = sum(x[2] for x in budgets)
    special_dept = budgets[-1]
    special_b = _part(rng, special_dept[1], unit, 0.1, 0.4) if rng.random() < 0.6 else 0
    special_s = _part(rng, special_b, unit, 0.1, 0.9) if special_b else 0
    acc = [("일반회계", b_total - special_b, s_total - special_s)] + (
        [("특별회계", special_b, special_s)] if special_b else []
    )

    def budget_row(label: str, b: int, s: int) -> list[str]:
        return [label, unit_cell(b, unit), unit_cell(s, unit), f"{rate(s, b):.1f}%"]

    budget_table = [
        ["구 분", "예산액", "집행액", "집행률"],
        budget_row(_total_label(var, total_word), b_total, s_total),
        *(budget_row(name, b, s) for name, b, s in acc),
        *(budget_row(show(d), b, s) for d, b, s in budgets),
    ]
    lines += _page(var, 1)
    lines += ["3. 예 산"]
    as_of = date(year, when.month - 1, 28)
    lines += flatten(f"({yy(year)}. {as_of.month}. {as_of.day}. 기준, 단위: {unit})", budget_table, how)
    if special_b:
        lines.append(f"※ 특별회계는 전액 {special_dept[0]} 소관 정보화기금 전출분")
    lines.append("")
    labels_budget: list[dict[str, Any]] = [
        {
            "program": f"{bureau} ({total_word})",
            "year": year,
            "account": None,
            "budget_krw": b_total,
            "spent_krw": s_total,
            "execution_rate_pct": rate(s_total, b_total),
        }
    ]
    labels_budget += [
        {
            "program": bureau,
            "year": year,
            "account": name,
            "budget_krw": b,
            "spent_krw": s,
            "execution_rate_pct": rate(s, b),
        }
        for name, b, s in acc
    ]
    labels_budget += [
        {
            "department": d,
            "year": year,
            "account": None,
            "budget_krw": b,
            "spent_krw": s,
            "execution_rate_pct": rate(s, b),
        }
        for d, b, s in budgets
    ]
    total_cost = rng.randint(20, 90)
    target = rng.choice((55, 60, 65))
    last = round(rng.uniform(40, 60), 1)
    lines += _page(var, 2)
    lines += [
        _heading(var, "Ⅱ. 주요업무 추진상황"),
        "",
        f"1. 차세대 행정정보시스템 전환 ({depts[0]})",
        f" ○ 총사업비 : {total_cost}억 원 ({yy(year)}~{yy(year + 1)})",
        f" ○ 추진상황 : 분석·설계 단계, 공정률 {rng.randint(10, 60)}%",
        "2. 상반기 신속집행",
        f" ○ 목표 : 상반기 집행률 {target}%",
        f" ○ 실적 : 전년 동기 {last}%",
        "",
    ]
    traps += [
        f"'총사업비 : {total_cost}억 원' is a two-year project cost",
        f"'상반기 집행률 {target}%' is a target; '{last}%' is last year’s rate",
        f"table cells are in {unit}; staff counts in 명",
    ]

    # the audit follow-up of last year, in prose or as a table
    kinds = [
        ("시정요구", rng.randint(1, 8)),
        ("처리요구", rng.randint(1, 9)),
        ("건의사항", rng.randint(2, 14)),
    ]
    follow = []
    for kind, n in kinds:
        done = rng.randint(0, n)
        follow.append((kind, n, done, n - done))
    total = sum(k[1] for k in follow)
    done_all = sum(k[2] for k in follow)
    lines += _page(var, 3)
    lines += [_heading(var, f"Ⅲ. {year - 1}년 행정사무감사 처리결과"), ""]
    audit: list[dict[str, Any]] = [
        {"kind": "계", "total": total, "completed": done_all, "in_progress": total - done_all}
    ]
    if rng.random() < 0.5:
        corr = follow[0][1] + follow[1][1]
        corr_done = follow[0][2] + follow[1][2]
        lines += [
            f"□ 총 괄 : {total}건 (시정·처리요구 {corr}건, 건의사항 {follow[2][1]}건)",
            "",
            f"□ 처리현황 : 완료 {done_all}건, 추진중 {total - done_all}건",
            f" - 시정·처리요구 {corr}건 : 완료 {corr_done}건, 추진중 {corr - corr_done}건",
            f" - 건의사항 {follow[2][1]}건 : 완료 {follow[2][2]}건, 추진중 {follow[2][3]}건",
            "",
        ]
        audit += [
            {
                "kind": "시정·처리요구사항",
                "total": corr,
                "completed": corr_done,
                "in_progress": corr - corr_done,
            },
            {
                "kind": "건의사항",
                "total": follow[2][1],
                "completed": follow[2][2],
                "in_progress": follow[2][3],
            },
        ]
    else:
        lines += [f"□ 총괄 : {total}건 ({', '.join(f'{k} {n}' for k, n, _, _ in follow)})"]

        def count_cell(n: int) -> str:
            return str(n) if n else "-"

        table = [
            ["구 분", "계", "완료", "추진중"],
            [_total_label(var, "계"), str(total), count_cell(done_all), count_cell(total - done_all)],
            *([k, str(n), count_cell(d), count_cell(p)] for k, n, d, p in follow),
        ]
        lines += flatten("(단위: 건)", table, how)
        lines.append("")
        audit += [{"kind": k, "total": n, "completed": d, "in_progress": p} for k, n, d, p in follow]
    for row in audit:
        row.update({"under_review": None, "not_reflected": None})
    lines += [
        f" ○ 문의 : {depts[0]} (0{rng.randint(31, 64)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)})"
    ]
    lines += _page(var, 4)
    labels = {
        "region": region_name(region, year),
        "year": year,
        "staffing": labels_staff,
        "budget_lines": labels_budget,
        "audit_summary": audit,
    }
    title = f"제{session}회 {region.name}의회 {committee} {year}년 주요업무보고 ({bureau})"
    return Draft(title, f"{region.name} {bureau}", when, lines, labels, traps)


def _multiyear_table(rng: random.Random, var: dict[str, str], index: int) -> Draft:
    """A plan's investment by field and year: one table, years as columns, a 합계 column."""
    how, unit = var["flattening"], var["unit"]
    region = rng.choice(REGIONS)
    year = rng.randint(YEARS[0], YEARS[1] - 4)
    span = rng.choice((3, 4, 5))
    years = list(range(year, year + span))
    when = date(year, rng.randint(2, 5), rng.randint(1, 25))
    fields = rng.sample(FIELDS, rng.randint(3, 5))
    values = {f: [_draw_unit(rng, unit, 1, 60) for _ in years] for f in fields}
    totals = [sum(values[f][i] for f in fields) for i in range(span)]
    total_word = rng.choice(("계", "합계"))
    header = ["구 분", *(str(y) for y in years), "합 계"]
    rows = [header]
    for f in fields:
        rows.append([f, *(unit_cell(v, unit) for v in values[f]), unit_cell(sum(values[f]), unit)])
    rows.append(
        [_total_label(var, total_word), *(unit_cell(v, unit) for v in totals), unit_cell(sum(totals), unit)]
    )
    name = f"{year}년 {region_name(region, year)} 스마트도시 조성 추진계획"
    lines = [
        _heading(var, "결재문서"),
        "",
        name,
        "",
        f"문서번호 스마트도시과-{rng.randint(1000, 9999)} 결재일자 {when:%Y}.{when.month}.{when.day}. 공개여부 공개",
        "",
        f"□ 스마트 기술을 활용하여 안전·교통·환경 분야의 생활 불편을 해소하기 위해 {span}개년 추진계획을 수립하고자 함.",
        "",
        "1 추진배경",
        f" ○ 스마트 서비스 {rng.randint(5, 15)}종 구축·운영 (스마트 횡단보도 {rng.randint(3, 12)}개소 등)",
        "",
    ]
    lines += _page(var, 1)
    lines += ["2 분야별 투자계획", "※ 시비 기준, 국비 공모사업 제외"]
    lines += flatten(f"(단위 : {unit})", rows, how)
    lines += _page(var, 2)
    lines += [
        "3 추진일정",
        f" ○ {year}. {rng.randint(4, 6)}. : 실시설계 용역 발주",
        f" ○ {year}. {rng.randint(7, 9)}. : 주민참여 리빙랩 운영({rng.randint(10, 40)}개 서비스 아이디어 공모)",
    ]
    budget_lines = [
        {"program": f, "year": y, "account": None, "budget_krw": values[f][i]}
        for f in fields
        for i, y in enumerate(years)
    ]
    budget_lines += [
        {"program": total_word, "year": y, "account": None, "budget_krw": totals[i]}
        for i, y in enumerate(years)
    ]
    traps = [
        f"the '합 계' column holds {span}-year sums ('{unit_cell(sum(totals), unit)}'), not a year",
        f"table cells are in {unit}",
    ]
    labels = {"region": region_name(region, year), "year": year, "budget_lines": budget_lines}
    return Draft(name, f"{region.name} 스마트도시과", when, lines, labels, traps)


WRITERS = {
    "news_plan": _news_plan,
    "region_comparison": _region_comparison,
    "audit_article": _audit_article,
    "settlement_minutes": _settlement_minutes,
    "budget_progress_minutes": _budget_progress_minutes,
    "settlement_review": _settlement_review,
    "work_report": _work_report,
    "multiyear_table": _multiyear_table,
}


# --- output ---------------------------------------------------------------------------------------


def write_document(doc: Document, out_dir: Path) -> int:
    """Write the three files of one document; returns the bytes written."""
    payloads = {
        f"{doc.name}.txt": doc.text,
        f"{doc.name}.meta.json": json.dumps(doc.meta, ensure_ascii=False, indent=2) + "\n",
        f"{doc.name}.expected.json": json.dumps(doc.labels, ensure_ascii=False, indent=1) + "\n",
    }
    written = 0
    for filename, content in payloads.items():
        data = content.encode("utf-8")
        (out_dir / filename).write_bytes(data)
        written += len(data)
    return written


def write_corpus(out_dir: Path | str, docs: int, seed: int = 0) -> dict[str, Any]:
    """Generate documents 0..docs-1 into out_dir; returns counts, bytes and seconds."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    kinds: dict[str, int] = {}
    written = 0
    for i in range(docs):
        doc = generate_document(seed, i)
        written += write_document(doc, out)
        kinds[doc.variation["kind"]] = kinds.get(doc.variation["kind"], 0) + 1
    return {
        "docs": docs,
        "seed": seed,
        "kinds": dict(sorted(kinds.items())),
        "bytes": written,
        "seconds": round(time.perf_counter() - started, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, required=True, help="number of documents to generate")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("out_dir", type=Path, help="folder to write into (created if missing)")
    args = parser.parse_args(argv)
    if args.docs < 0:
        parser.error("--docs must be >= 0")
    stats = write_corpus(args.out_dir, args.docs, args.seed)
    mb = stats["bytes"] / 1_000_000
    print(
        f"wrote {stats['docs']} documents ({stats['kinds']}), {mb:.1f} MB, in {stats['seconds']:.1f} s "
        f"to {args.out_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
