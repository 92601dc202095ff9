"""A deterministic synthetic corpus in the style of the seed documents, with ground truth.

    python benchmarks/generate_corpus.py --docs 1000 --seed 7 /tmp/corpus

writes, for document i (0-based), `syn_<i:06d>.txt` (the text), `syn_<i:06d>.meta.json` (the
sidecar the ingest reads: title, publisher, published_on, kind, region, notes) and
`syn_<i:06d>.truth.json` (what a perfect extractor finds: record types and field names of
`orchestration/extract/records.py`, only the fields that identify and value a record).

Determinism: document i is drawn from `random.Random("ict-warehouse-corpus/<seed>/<i>")` and
from nothing else (no clock, no set or hash order), so the same seed gives byte-identical files
and the corpus of 100 documents is the first 100 files of the corpus of 1000.

About 70% of the documents are news articles (a city's yearly informatization plan, a regional
round-up of named programs, a multi-year master plan) and 30% council work reports (staffing,
expenditure summary, tasks with execution tables, the detailed expenditure table, the audit
follow-up), much shorter than the seed report. The noise is the seeds' own: letters spaced out,
OCR variants of department names, `△` and `$\\triangle 2$` negatives, 천원 tables flattened to
tab-separated lines, audit findings and answers interleaved on one line, page furniture and an
unrelated trailing article.

Conventions of the truth (see benchmarks/README.md): amounts are integer KRW (천원 x 1000,
억 x 10^8, 만 x 10^4); labels and departments are canonical (`25개 자치구` -> `자치구`,
`투자‧출연기관` -> `투자출연기관`, the city's own office as written (`서울시`), `스 마 트 도 시 담 당 관` ->
`스마트도시담당관`); a key a truth record leaves out is not judged.
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

GENERATOR_VERSION = "2"
NEWS_SHARE = 0.7
YEARS = (2012, 2025)

# --- vocabulary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    name: str  # canonical: 서울특별시
    short: str  # as news writes it: 서울시
    stem: str  # 서울
    subunits: str | None  # the sub-units as written: 25개 자치구
    subunit_label: str | None  # canonical label of the sub-units: 자치구


REGIONS: tuple[Region, ...] = (
    Region("서울특별시", "서울시", "서울", "25개 자치구", "자치구"),
    Region("부산광역시", "부산시", "부산", "16개 구·군", "군구"),
    Region("대구광역시", "대구시", "대구", "9개 구·군", "군구"),
    Region("인천광역시", "인천시", "인천", "10개 구·군", "군구"),
    Region("광주광역시", "광주시", "광주", "5개 자치구", "자치구"),
    Region("대전광역시", "대전시", "대전", "5개 자치구", "자치구"),
    Region("울산광역시", "울산시", "울산", "5개 구·군", "군구"),
    Region("세종특별자치시", "세종시", "세종", None, None),
    Region("경기도", "경기도", "경기", "31개 시·군", "시군"),
    Region("강원특별자치도", "강원도", "강원", "18개 시·군", "시군"),
    Region("충청북도", "충북도", "충북", "11개 시·군", "시군"),
    Region("충청남도", "충남도", "충남", "15개 시·군", "시군"),
    Region("전북특별자치도", "전북도", "전북", "14개 시·군", "시군"),
    Region("전라남도", "전남도", "전남", "22개 시·군", "시군"),
    Region("경상북도", "경북도", "경북", "22개 시·군", "시군"),
    Region("경상남도", "경남도", "경남", "18개 시·군", "시군"),
    # `2개 행정시` is not in seeds/reference/plan_labels.csv: an unknown label is kept as written
    Region("제주특별자치도", "제주도", "제주", "2개 행정시", "2개 행정시"),
)
REGION_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("수도권", ("서울", "경기", "인천")),
    ("영남권", ("부산", "대구", "울산", "경북", "경남")),
    ("호남권", ("광주", "전북", "전남")),
    ("충청권", ("대전", "세종", "충북", "충남")),
    ("강원·제주", ("강원", "제주")),
)

# Institution labels: the city's (province's) own office is written with its short name and labelled
# as written (`서울시 355건(1,562억 원)` -> 서울시; plan_labels.csv maps 서울특별시 / 서울시 본청 -> 서울시),
# as the news extractor does (docs/extraction_news.md).


def office_label(region: Region) -> str:
    """The institution label of a region's own office in the truth: its short name, as written."""
    return region.short


AGENCY_LABEL = "투자출연기관"
AGENCY_RAW = ("투자‧출연기관", "투자출연기관", "투자·출연기관")

# Smart-city categories: canonical label -> ways the news writes it.
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("CCTV", ("CCTV",)),
    ("와이파이", ("와이파이(WiFi)", "와이파이")),
    ("사물인터넷", ("사물인터넷(IoT)", "사물인터넷")),
    ("GIS", ("GIS",)),
    ("비대면", ("비대면",)),
    ("빅데이터", ("빅데이터",)),
    ("클라우드", ("클라우드",)),
    ("모바일", ("모바일",)),
    ("인공지능", ("인공지능(AI)", "인공지능")),
    ("블록체인", ("블록체인",)),
)
EQUIPMENT_TYPES = ("전산장비 및 솔루션 도입", "HW 및 SW 도입")
EXTRA_TYPES = ("유지관리", "ISP 수립")

BUREAUS = ("스마트도시정책관", "디지털정책관", "정보화정책관", "데이터정책관", "스마트도시국", "디지털혁신국")
DEPARTMENTS = (
    "스마트도시담당관",
    "빅데이터담당관",
    "정보시스템담당관",
    "공간정보담당관",
    "정보통신보안담당관",
    "데이터센터",
    "디지털정책담당관",
    "정보화담당관",
    "스마트시티과",
    "정보통신과",
    "데이터정책과",
    "인공지능정책과",
    "정보보호과",
)
COMMITTEES = ("행정자치위원회", "기획경제위원회", "행정안전위원회", "기획행정위원회", "기획재정위원회")
ORGANIZATIONS = (
    "세무과",
    "총무과",
    "시민봉사담당관",
    "정보공개정책과",
    "교통정책과",
    "안전총괄과",
    "복지정책과",
    "문화정책과",
    "상수도사업본부",
    "소방재난본부",
    "기록관리과",
    "도시계획과",
    "환경정책과",
    "보건정책과",
    "평생교육과",
    "시립미술관",
    "의료원 의료정보팀",
    "공간정보담당관",
    "빅데이터담당관",
    "정보통신보안담당관",
)
# An affiliated foundation that owns some audit findings of a report (seed 004: 서울디지털재단). Only
# foundations of seeds/reference/departments.csv: a unit met only in audit findings, with no staffing
# or budget row, is missing from marts.dim_department and fails its relationship test (see
# benchmarks/README.md); add `f"{stem}디지털재단"` for other regions once the marts take such units.
FOUNDATIONS = {"서울": "서울디지털재단"}
BUDGET_OWNERS = ("정보화기획단", "정보화담당관", "정보화기획담당관", "정보화통계담당관", "스마트정보과")

PROGRAM_PREFIXES = (
    "스마트",
    "지능형",
    "통합",
    "차세대",
    "클라우드 기반",
    "빅데이터 기반",
    "AI 기반",
    "시민참여형",
    "모바일",
    "디지털",
    "비대면",
    "블록체인 기반",
    "실시간",
    "공공",
)
PROGRAM_SUBJECTS = (
    "CCTV 관제",
    "민원처리",
    "세무종합",
    "행정포털",
    "공간정보",
    "교통정보",
    "재난안전",
    "상수도 관리",
    "복지정보",
    "주차정보",
    "통계",
    "전자문서",
    "홈페이지",
    "대기환경 모니터링",
    "공공와이파이",
    "사물인터넷 센서",
    "디지털트윈",
    "메타버스",
    "전자인증",
    "기록관리",
    "예약서비스",
    "보안관제",
    "정보자원",
    "데이터 분석",
    "지도정보",
    "도시데이터",
    "에너지 관리",
    "스마트폴",
    "하천 수위 감시",
    "문화관광 정보",
    "평생학습",
    "보건의료 정보",
    "청소년 상담",
    "시민소통",
)
PROGRAM_SUFFIXES = (
    "시스템 구축",
    "플랫폼 고도화",
    "시스템 운영",
    "서비스 확대",
    "인프라 조성",
    "통합관리",
    "고도화",
    "구축 운영",
    "유지관리",
    "노후장비 교체",
    "기반 조성",
    "서비스 구축",
    "센터 운영",
)
TASK_THEMES = (
    ("스마트 네트워크 구축 및 공공와이파이 확대", "S-Net"),
    ("스마트서비스 통합제공 인프라 조성", "S-DoT, S-Pole"),
    ("CCTV 안전체계 강화", None),
    ("사이버 안전도시 실현", "S-Security"),
    ("정보자원 통합 구축 및 안정적 운영", None),
    ("비대면 스마트 근무환경 구축", None),
    ("인공지능 기반 행정서비스 추진", "S-Brain"),
    ("빅데이터 기반 행정 활성화 추진", "S-Data"),
    ("디지털트윈 기반 공간정보 서비스 확대", "S-Map"),
    ("신기술 서비스 기반 행정서비스 확대", None),
    ("디지털 격차해소로 스마트 포용도시 실현", None),
    ("열린데이터광장 및 빅데이터캠퍼스 운영", None),
    ("공공예약 서비스 확대 및 시민 편의성 제고", None),
    ("시민소통 중심의 스마트맵 운영", None),
    ("통계조사 추진", None),
    ("스마트도시 글로벌 위상 강화", None),
)
STRATEGIES = (
    "미래 스마트도시 인프라 구축",
    "첨단기술 활용 스마트서비스 확산",
    "시민과 함께 누리는 스마트도시 구현",
    "데이터 기반 과학행정 실현",
    "안전한 디지털 행정 기반 강화",
)
DISTRICTS = ("중앙", "동부", "서부", "남부", "북부", "신도심", "원도심", "산업단지", "역세권", "해안")

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허유남심노하곽성차주우구민"
GIVEN_NAMES = (
    "주은",
    "정한",
    "가온",
    "민준",
    "서연",
    "도윤",
    "하은",
    "지호",
    "수빈",
    "현우",
    "예린",
    "태양",
    "은주",
    "순기",
    "진만",
    "영종",
    "다인",
    "승우",
    "유나",
    "재원",
    "소희",
    "건우",
    "나래",
    "보람",
)


@dataclass(frozen=True)
class Publisher:
    name: str
    style: int  # 0: menu + "기자 | 승인", 1: wire style, 2: print style, 3: bullet byline
    domain: str
    section: str


PUBLISHERS: tuple[Publisher, ...] = (
    Publisher("데일리ICT", 0, "dailyict.kr", "뉴스&이슈 경제"),
    Publisher("뉴스브리지", 1, "newsbridge.co.kr", "정치 지자체"),
    Publisher("전자정보신문", 2, "etinfo.co.kr", "SW 전자정부"),
    Publisher("정보화타임즈", 3, "infotimes.kr", "공공 정책"),
    Publisher("스마트시티저널", 0, "scjournal.kr", "스마트시티 정책"),
    Publisher("공공IT뉴스", 1, "publicit.kr", "공공 발주"),
    Publisher("한빛경제", 3, "hanbiteco.com", "경제 지역"),
    Publisher("디지털행정신문", 2, "digitalgov.kr", "행정 정보화"),
)

UNRELATED_ARTICLES = (
    "{name} 감독의 신작 영화가 개봉 첫 주말 관객 {n}만 명을 모으며 박스오피스 1위에 올랐다. 배급사는 "
    "이번 주말 무대인사를 추가로 진행한다고 밝혔다.",
    "코스피가 외국인 매수세에 힘입어 {p}% 오른 채 마감했다. 반도체 업종이 상승을 이끌었고 분기 매출 "
    "{n},{m}억 원을 기록한 부품사 주가도 강세를 보였다.",
    "프로야구 정규시즌 {n}경기를 남겨둔 가운데 선두 경쟁이 치열해지고 있다. 구단 관계자는 부상 선수 "
    "복귀가 막판 순위 싸움의 변수가 될 것이라고 말했다.",
    "기상청은 이번 주 후반 전국에 비가 내린 뒤 기온이 평년보다 {p}도가량 낮아질 것으로 내다봤다. "
    "일부 지역에는 강풍 특보가 내려질 수 있다.",
)


# --- formatting -------------------------------------------------------------------------------


class Style:
    """How one document writes numbers (per-document choices, drawn once)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.commas = rng.random() < 0.7
        self.space_won = rng.random() < 0.5
        self.latex_neg = rng.random() < 0.35
        self.mark = rng.choice(("▴", "▲"))
        self.count_first = rng.random() < 0.6

    def num(self, value: int) -> str:
        return f"{value:,}" if self.commas else str(value)

    def won(self, text: str) -> str:
        return text + (" 원" if self.space_won else "원")

    def eok(self, value: int) -> str:
        """An amount in 억 as the news writes it: `3,213억 원`, `1조 2,045억원`."""
        return self.won(self.eok_bare(value))

    def eok_bare(self, value: int) -> str:
        if value >= 10_000:
            jo, rest = divmod(value, 10_000)
            return f"{jo}조" + (f" {self.num(rest)}억" if rest else "")
        return f"{self.num(value)}억"

    def table_int(self, value: int) -> str:
        """A 천원 table cell: `1,234`, `△1,234`, `$\\triangle 1,234$`."""
        if value >= 0:
            return f"{value:,}"
        if self.latex_neg and self.rng.random() < 0.5:
            return f"$\\triangle {-value:,}$"
        return f"△{-value:,}"

    def table_rate(self, numerator: int, denominator: int) -> str:
        rate = round(numerator * 100 / denominator, 1) if denominator else 0.0
        if rate >= 0:
            return f"{rate:.1f}%"
        if self.latex_neg and self.rng.random() < 0.5:
            return f"$\\triangle {-rate:.1f}\\%$"
        return f"△{-rate:.1f}%"


def man_amount(value_man: int, space_won: bool = False) -> str:
    """An amount in 만원 in mixed units: `54억8900만원`, `12억원`, `8000만원`, `92억 원`."""
    eok, man = divmod(value_man, 10_000)
    won = " 원" if space_won else "원"
    if eok and man:
        return f"{eok}억{man}만원"
    if eok:
        return f"{eok}억{won}"
    return f"{man}만원"


def spaced(name: str) -> str:
    return " ".join(name)


def noisy_department(rng: random.Random, name: str, *, spaced_share: float, partial_share: float) -> str:
    """A department name as a flattened table prints it (canonical name -> noisy variant)."""
    if name.startswith("빅데이터") and rng.random() < 0.15:
        name = "박" + name[1:]  # the seed's OCR misreading
    roll = rng.random()
    if roll < spaced_share:
        return spaced(name)
    if roll < spaced_share + partial_share and name.endswith("담당관") and len(name) > 3:
        return name[:-3] + " 담 당 관"
    return name


def partition(rng: random.Random, total: int, k: int, minimum: int = 1) -> list[int]:
    """k integers >= minimum that sum to total exactly."""
    if k <= 0:
        return []
    spare = total - k * minimum
    if spare < 0:
        raise ValueError(f"cannot split {total} into {k} parts of at least {minimum}")
    weights = [rng.random() ** 2 + 0.05 for _ in range(k)]
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
        if rng.random() < 0.75:
            name = rng.choice(PROGRAM_PREFIXES) + " " + name
        if rng.random() < 0.04:
            name += "(시민참여)"
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def yy(year: int) -> str:
    return f"'{year % 100:02d}"


# --- documents ----------------------------------------------------------------------------------


@dataclass
class Document:
    index: int
    name: str
    kind: str
    text: str
    meta: dict[str, Any]
    truth: dict[str, Any]


def document_name(index: int) -> str:
    return f"syn_{index:06d}"


def generate_document(seed: int, index: int) -> Document:
    """Document `index` of the corpus drawn with `seed`: depends on (seed, index) only."""
    rng = random.Random(f"ict-warehouse-corpus/{seed}/{index}")
    if rng.random() < NEWS_SHARE:
        roll = rng.random()
        if roll < 0.62:
            return _plan_article(rng, seed, index)
        if roll < 0.85:
            return _roundup_article(rng, seed, index)
        return _master_plan_article(rng, seed, index)
    return _work_report(rng, seed, index)


def _meta(
    seed: int,
    index: int,
    *,
    title: str,
    publisher: str,
    published_on: date,
    precision: str,
    kind: str,
    region: str | None,
    notes: str,
) -> dict[str, Any]:
    return {
        "title": title,
        "publisher": publisher,
        "published_on": published_on.isoformat(),
        "published_precision": precision,
        "kind": kind,
        "region": region,
        "source": f"synthetic (benchmarks/generate_corpus.py v{GENERATOR_VERSION}, seed {seed}, document {index})",
        "notes": notes,
    }


def _truth(kind: str, region: str | None, fiscal_year: int | None, records: list[dict]) -> dict[str, Any]:
    return {"doc_kind": kind, "region": region, "fiscal_year": fiscal_year, "records": records}


def _byline_time(rng: random.Random) -> str:
    return f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"


def _article_frame(
    rng: random.Random,
    pub: Publisher,
    index: int,
    *,
    headline: str,
    subheads: list[str],
    body: list[str],
    published: date,
    reporter: str,
    stem: str,
) -> str:
    """Wrap an article body in the page furniture of its publisher's style."""
    hhmm = _byline_time(rng)
    mail = email(rng, pub.domain)
    url = f"https://www.{pub.domain}/news/articleView.html?idxno={100_000 + index}"
    out: list[str] = []
    if pub.style == 0:
        out += [pub.name, "", "상단여백", f"HOME {pub.section}", headline]
        out += [f"{reporter} 기자 | 승인 {published:%Y.%m.%d} {hhmm}", ""]
        out += [*subheads, ""] if subheads else []
        for para in body:
            out += [para, ""]
        out += [f"{reporter} 기자  {mail}", "", f"<저작권자 © {pub.name}, 무단 전재 및 재배포 금지>", ""]
        out += [f"{reporter} 기자의 다른기사 보기", "icon인기기사", "기사 댓글 0", "전체보기"]
        out += ["첫번째 댓글을 남겨주세요.", "여백", url, "Back to Top"]
    elif pub.style == 1:
        out += ["전체기사 최신뉴스 GAM", "", headline, ""]
        out += [
            f"기사입력 : {published:%Y년%m월%d일} {hhmm}",
            "",
            f"최종수정 : {published:%Y년%m월%d일} {hhmm}",
            "",
        ]
        out += ["※ 본문 글자 크기 조정", ""]
        out += ["  • 더 작게", "  • 작게", "  • 보통", "  • 크게", "  • 더 크게", ""]
        out += [*subheads, ""] if subheads else []
        for i, para in enumerate(body):
            if i == 0:
                para = f"[{stem}={pub.name}] {reporter} 기자 = {para}"
            out += [para, ""]
        out += [mail, "", url, ""]
        if rng.random() < 0.6:
            template = rng.choice(UNRELATED_ARTICLES)
            other = template.format(
                name=person(rng), n=rng.randint(2, 99), m=rng.randint(100, 999), p=rng.randint(1, 9)
            )
            out += [
                f"[{pub.name} 베스트 기사]",
                "",
                "사진",
                other,
                "기사 번역",
                "결과물 출력을 준비하고 있어요.",
            ]
        out += [f"{pub.name}쇼핑", "Top으로 이동"]
    elif pub.style == 2:
        out += [headline, "", f"관련 통계자료 다운로드 {headline}", ""]
        out += [*subheads, ""] if subheads else []
        for i, para in enumerate(body):
            out += [para, ""]
            if i == 0:
                out += [headline, "Photo Image", ""]
        out += ["", f"{reporter}기자 {mail}", url]
    else:
        out += [headline, headline, f"  • {reporter} 기자", f"  • 승인 {published:%Y.%m.%d} {hhmm}"]
        out += ["  • 댓글 0", "이 기사를 공유합니다", ""]
        out += [*subheads, ""] if subheads else []
        for para in body:
            out += [para, ""]
        out += [url]
    return "\n".join(out) + "\n"


def _listed_parts(
    rng: random.Random, total: int, k: int, exhaustive: bool, like: list[int] | None = None
) -> list[int]:
    """k parts >= 1 that sum to `total` (exhaustive) or to less than it (a list that ends in 등).

    With `like` (the counts of the same items), the parts roughly follow it, so that amounts
    stay in proportion to project counts.
    """
    listed = total if exhaustive else max(k, min(total - 1, int(total * rng.uniform(0.3, 0.85))))
    if like is None:
        return partition(rng, listed, k)
    weights = [w * rng.uniform(0.5, 1.6) for w in like]
    scale = sum(weights)
    parts = [1 + int((listed - k) * w / scale) for w in weights]
    parts[parts.index(max(parts))] += listed - sum(parts)
    return parts


def _breakdown_item(style: Style, label: str, count: int, amount: int) -> str:
    if style.count_first:
        return f"{label} {style.num(count)}건({style.eok(amount)})"
    return f"{label} {style.eok(amount)}({style.num(count)}건)"


def _plan_article(rng: random.Random, seed: int, index: int) -> Document:
    """A city's yearly informatization plan (seeds 000 and 001)."""
    region = rng.choice(REGIONS)
    year = rng.randint(*YEARS)
    style = Style(rng)
    pub = rng.choice(PUBLISHERS)
    published = date(year, rng.choice((1, 1, 1, 2, 2, 3)), rng.randint(2, 28))
    reporter = person(rng)
    short, rname = region.short, region.name
    notes: list[str] = []
    records: list[dict] = []

    projects = rng.randint(180, 1600)
    amount = int(projects * rng.uniform(1.3, 4.2)) + rng.randint(0, 99)  # 억
    records.append(_plan_total(rname, year, "all", projects, amount))

    def breakdown(scope: str, dimension: str, label: str, count: int, amt: int | None, exh: bool) -> None:
        rec: dict[str, Any] = {
            "type": "plan_breakdown",
            "region": rname,
            "fiscal_year": year,
            "scope": scope,
            "dimension": dimension,
            "label": label,
            "projects": count,
        }
        if amt is not None:
            rec["amount_krw"] = amt * 100_000_000
        rec["is_exhaustive"] = exh
        records.append(rec)

    # smart-city field with its categories
    smart: tuple[int, int] | None = None
    smart_sentences: list[str] = []
    if rng.random() < 0.55:
        cats = rng.sample(CATEGORIES, rng.randint(4, len(CATEGORIES)))
        s_projects = max(len(cats) * 2, int(projects * rng.uniform(0.12, 0.3)))
        s_amount = max(len(cats) * 2, int(amount * rng.uniform(0.25, 0.5)))
        smart = (s_projects, s_amount)
        records.append(_plan_total(rname, year, "smart_city", s_projects, s_amount))
        exh = rng.random() < 0.7
        counts = _listed_parts(rng, s_projects, len(cats), exh)
        amts = _listed_parts(rng, s_amount, len(cats), exh, like=counts)
        items = []
        for (label, raws), c, a in zip(cats, counts, amts, strict=True):
            items.append(f"{rng.choice(raws)} {style.num(c)}건({style.eok(a)})")
            breakdown("smart_city", "category", label, c, a, exh)
        smart_sentences.append(
            f"특히 스마트도시 분야 {style.num(s_projects)}건 사업에 {style.eok(s_amount)}을 집중 투자할 예정이다."
        )
        tail = " 등 이다." if not exh else " 이다."
        smart_sentences.append("스마트도시 사업으로는 " + ", ".join(items) + tail)
        if not exh:
            notes.append("category list not exhaustive (ends in 등)")

    # the headline, sub-headlines and the lead
    head_amount = style.num(amount)
    if rng.random() < 0.05:
        digits = str(amount)
        cut = rng.randint(1, len(digits) - 1)
        head_amount = style.num(int(digits[:cut] + digits[cut + 1 :]))
        notes.append(f"headline typo: {head_amount}억 in the headline, {amount}억 in the body")
    focus = rng.choice(("스마트도시", "메타버스", "인공지능", "디지털 안전망", "데이터 행정"))
    headline = rng.choice(
        (
            f"{short}, 올해 정보화분야 {head_amount}억 투자… '{focus}' 집중 투자",
            f"{short} 정보화사업 분야 {head_amount}억원 투자...{focus} 등 본격화",
            f"{short}, {year}년 정보화사업에 {head_amount}억 원 투입",
        )
    )
    subheads: list[str] = []
    if pub.style in (0, 3):
        first = f"정보화사업 총 {style.num(projects)}건 {style.eok(amount)}"
        if smart:
            first += f", 스마트도시분야 {style.num(smart[0])}건 {style.eok(smart[1])} 투자"
        subheads.append(first)
    lead_variant = rng.randrange(3)
    if lead_variant == 0:
        lead = (
            f"{short}가 올해 {style.num(projects)}건 정보화 사업에 {style.eok(amount)}을 투자한다고 밝혔다."
        )
    elif lead_variant == 1:
        lead = (
            f"{short}가 올해 {style.num(projects)}건의 정보화사업에 총 {style.eok(amount)}을 투입한다고 "
            f"{published.day}일 밝혔다."
        )
    else:
        lead = (
            f"{short}는 {year}년 정보화사업 예산으로 {style.eok(amount)}({style.num(projects)}건)을 "
            "편성했다고 밝혔다."
        )
    if rng.random() < 0.4:
        growth = rng.randint(2, 25)
        prior = round(amount * 100 / (100 + growth))
        lead += f" 작년 대비 {growth}%({style.eok(prior)}) 증가한 규모다."
    body = [lead]
    if smart_sentences:
        body.append(" ".join(smart_sentences))
    body.append(f"{year}년도 {short} 정보화사업 유형별 현황")

    # by institution and by type
    insts: list[tuple[str, str]] = [(short, office_label(region))]
    if region.subunits and region.subunit_label:
        insts.append((region.subunits, region.subunit_label))
    insts.append((rng.choice(AGENCY_RAW), AGENCY_LABEL))
    inst_exh = rng.random() < 0.85
    if not inst_exh:
        insts = insts[:-1]
        notes.append("institution list not exhaustive")
    counts = _listed_parts(rng, projects, len(insts), inst_exh)
    amts = _listed_parts(rng, amount, len(insts), inst_exh, like=counts)
    inst_items = []
    for (raw, label), c, a in zip(insts, counts, amts, strict=True):
        inst_items.append(style.mark + _breakdown_item(style, raw, c, a))
        breakdown("all", "institution", label, c, a, inst_exh)
    type_exh = rng.random() < 0.25
    types = ["시스템구축", rng.choice(EQUIPMENT_TYPES), "S/W개발"]
    if type_exh:
        types.append(rng.choice(EXTRA_TYPES))
    counts = _listed_parts(rng, projects, len(types), type_exh)
    amts = _listed_parts(rng, amount, len(types), type_exh, like=counts)
    type_items = []
    for label, c, a in zip(types, counts, amts, strict=True):
        type_items.append(style.mark + _breakdown_item(style, label, c, a))
        breakdown("all", "type", label, c, a, type_exh)
    inst_text = " ".join(inst_items) + ("" if inst_exh else " 등")
    type_text = " ".join(type_items) + ("" if type_exh else " 등")
    if rng.random() < 0.5:
        body.append(f"기관별로는 {inst_text}이며, 유형별로는 {type_text}이다.")
    else:
        body.append(f"기관별 규모는 {inst_text}이다. 사업 유형별로는 {type_text}이다.")

    # ordering quarters (counts and shares only: never exhaustive)
    if rng.random() < 0.6:
        labels = rng.choice(
            (["1분기", "2분기", "3분기 이후"], ["1분기", "2분기"], ["1분기", "2분기", "3분기"])
        )
        listed = int(projects * rng.uniform(0.45, 0.8))
        parts = sorted(partition(rng, listed, len(labels), max(1, projects // 40)), reverse=True)
        q_items = []
        for label, c in zip(labels, parts, strict=True):
            q_items.append(f"{style.mark}{label} {style.num(c)}건({round(c * 100 / projects)}%)")
            breakdown("all", "quarter", label, c, None, False)
        body.append(f"정보화사업 발주 시기별로는 {' '.join(q_items)} 추진 예정이다.")
        if subheads:
            subheads.append(
                f"{labels[0]} {style.num(parts[0])}건({round(parts[0] * 100 / projects)}%) 조기발주 예정"
            )
    if rng.random() < 0.5:
        jobs = int(amount * rng.uniform(0.8, 1.2))
        body.append(
            f"이번 사업은 한국은행 취업유발계수를 적용하면 {style.num(jobs)}개 일자리를 창출할 것으로 분석된다. "
            "중소ICT기업의 성장을 견인하고 침체된 지역경제에 활력을 줄 것으로 기대된다."
        )

    # named programs
    taken: set[str] = set()
    n_named = rng.choice((0, 1, 2, 2, 3, 4))
    names = program_names(rng, n_named, taken)
    ordinals = iter(("첫째", "둘째", "셋째", "넷째"))
    listed: list[str] = []
    for name in names:
        value = _named_value(rng)
        pattern = rng.randrange(3)
        rec = {
            "type": "named_program",
            "region": rname,
            "fiscal_year": year,
            "name": name,
            "amount_krw": value * 10_000,
        }
        if pattern == 0:
            body.append(
                f"{next(ordinals)}, {short}는 {rng.choice(PURPOSES)} '{name}' 사업에 "
                f"{man_amount(value, style.space_won)}을 투입한다. 관계 부서와 협력해 연내 구축을 마칠 계획이다."
            )
        elif pattern == 1:
            body.append(f"{rng.choice(PURPOSES)} `{name}`({man_amount(value, style.space_won)})도 추진한다.")
        else:
            org = rng.choice(ORGANIZATIONS)
            rec["organization"] = org
            listed.append(f"△{name}({man_amount(value)}, {org})")
        records.append(rec)
    if listed:
        body.append(f"이밖에 각 부서에서 {' '.join(listed)} 등 정보화 사업을 진행한다.")

    body += _filler(rng, short, year, rng.randint(3, 6))
    if smart and rng.random() < 0.3:
        body.append(
            f"또한, 비대면 사업에 대한 투자를 늘려 시민불편은 해소하고 {short}민에게 다가서는 행정서비스를 추진한다."
        )
    officer = person(rng)
    bureau = rng.choice(BUREAUS)
    title = bureau if bureau.endswith("관") else bureau + "장"
    body.append(
        f"{officer} {short} {title}은 “최신 디지털 기술을 적시적소에 적용하여 시민 안전과 삶의 질을 "
        "높이는데 최선을 다하겠다”고 말했다."
    )
    text = _article_frame(
        rng,
        pub,
        index,
        headline=headline,
        subheads=subheads,
        body=body,
        published=published,
        reporter=reporter,
        stem=region.stem,
    )
    meta = _meta(
        seed,
        index,
        title=headline,
        publisher=pub.name,
        published_on=published,
        precision="day",
        kind="news",
        region=rname,
        notes=f"synthetic plan announcement: {rname} {year}, {projects} projects / {amount}억 원"
        + (f"; smart city {smart[0]} / {smart[1]}억" if smart else "")
        + ("; " + "; ".join(notes) if notes else ""),
    )
    return Document(index, document_name(index), "news", text, meta, _truth("news", rname, year, records))


def _plan_total(region: str, year: int, scope: str, projects: int, amount_eok: int) -> dict[str, Any]:
    return {
        "type": "plan_total",
        "region": region,
        "fiscal_year": year,
        "scope": scope,
        "projects": projects,
        "amount_krw": amount_eok * 100_000_000,
    }


def _named_value(rng: random.Random) -> int:
    """A program amount in 만원: 800만원 .. 300억원, written in mixed units."""
    roll = rng.random()
    if roll < 0.2:
        return rng.randint(8, 99) * 100
    if roll < 0.5:
        return rng.randint(1, 300) * 10_000
    return rng.randint(1, 300) * 10_000 + rng.randint(1, 99) * 100


PURPOSES = (
    "시민 체감형 서비스를 확대하는",
    "행정 효율을 높이기 위한",
    "각 기관별로 분산된 업무를 연계하기 위한",
    "시민이 원하는 다양한 정보와 서비스를 만들 수 있는",
    "노후 장비 교체를 통한 안정적 운영을 위한",
    "정보격차를 줄이기 위한",
    "재난 대응 역량을 강화하기 위한",
    "데이터 기반 정책 결정을 지원하는",
)

FILLER = (
    "{short} 정보화사업 내용 및 발주일정 등에 관한 사항은 '{year}년 {short} 정보화사업 발주 정보' 홈페이지에서 확인할 수 있다.",
    "디지털 전환 가속화에 따라 {short} 컴퓨팅 환경을 클라우드 기반으로 통합하기 위한 기본계획을 마련하여 정보자원의 신속하고 유연한 활용에 대비한다.",
    "이밖에 내부행정의 개선을 위한 {topic}, {topic2} 등이 추진된다.",
    "{topic} 사업을 통해 {district} 지역 도시현상 데이터 수집과 활용 기반을 마련하고 시민체감 서비스를 확대 발굴한다.",
    "어르신·장애인 등 정보소외 계층 및 디지털 약자를 위한 디지털 포용 정책을 지속 확대함으로써 디지털이 일상화된 사회에 용이하게 적응할 수 있도록 지원한다.",
    "{topic} 사업에서는 가상 {stem} 공간과 시정콘텐츠를 결합한 다양한 서비스를 현실감 있게 제공한다.",
    "데이터 걱정없이 쉽고 빠르게 디지털에 연결될 수 있도록 {district} 권역의 무료 와이파이망도 확대한다.",
    "시정 전반에 빅데이터, 인공지능(AI), 사물인터넷(IoT), 블록체인 등 신기술을 융합하여 한 차원 높은 디지털 행정서비스를 제공하고 내부 스마트 업무환경 조성을 통해 업무 생산성도 향상한다.",
    "{topic} 사업에서는 단방향 온라인 콘텐츠 교육에 쌍방향 비대면 실시간 영상교육 방식을 추가 도입할 예정이며, {topic2} 사업을 통해 대면으로 진행하던 조사를 비대면 온라인 조사가 가능한 기반으로 전환한다.",
    "{stem} 데이터센터를 보안 및 시설조건이 한층 강화된 공공클라우드센터로 전환하기 위해 발전방향 ISP를 실시하고, 정보자원 통합관리 사업에서는 가상화 서버 등 제반장비를 도입하여 정보자원 통합을 지속 추진한다.",
    "시민이 참여하는 각종 위원회, 마을변호사 등 회의를 비대면으로 언제․어디서나 실시할 수 있도록 {topic} 사업을 추진할 예정이다.",
    "1인가구 밀집지역, 다중인파 예상지역 등 {district} 안전 사각지대를 우선으로 지능형 CCTV 설치, 노후CCTV 교체 등 고도화 사업을 지속 추진한다.",
    "올해 추진되는 정보화사업의 주요 내용은 ▲디지털트윈 기술 등을 활용한 신개념 행정서비스 본격화 ▲지능형 CCTV 기반 디지털 안전망 확충 ▲디지털 약자를 위한 디지털 포용 사업 확대다.",
)


def _filler(rng: random.Random, short: str, year: int, n: int) -> list[str]:
    topics = program_names(rng, 2, set())
    stem = short[:-1]
    return [
        template.format(
            short=short,
            year=year,
            topic=topics[0],
            topic2=topics[1],
            district=rng.choice(DISTRICTS),
            stem=stem,
        )
        for template in rng.sample(FILLER, n)
    ]


def _roundup_article(rng: random.Random, seed: int, index: int) -> Document:
    """Several regions' plans: named programs in mixed units and budget shares (seed 002)."""
    year = rng.randint(*YEARS)
    pub = rng.choice(PUBLISHERS)
    published = date(year, rng.choice((1, 2, 2, 3)), rng.randint(2, 28))
    area, stems = rng.choice(REGION_GROUPS)
    chosen = rng.sample(stems, min(len(stems), rng.randint(2, 3)))
    by_stem = {r.stem: r for r in REGIONS}
    regions = [by_stem[s] for s in chosen]
    records: list[dict] = []
    taken: set[str] = set()
    headline = f"{area} 주요 지자체 올해 정보화사업은..."
    names_list = ", ".join(r.short for r in regions)
    body = [
        f"{names_list}는 주민의 삶의 질 향상과 도시 경쟁력을 높이기 위해 올해 다양한 정보화 사업을 추진한다.",
        f"{regions[0].short}와 {regions[1].short} 등이 올해 다양한 정보화 사업을 전개한다. "
        f"지난해 열린 `공공정보화 성공전략 콘퍼런스`",
    ]
    for region in regions:
        noun = "시" if region.short.endswith("시") else "도"
        body.append(f"◇{region.short}")
        paragraph: list[str] = []
        n = rng.randint(2, 4)
        bullets: list[str] = []
        for name in program_names(rng, n, taken):
            value = _named_value(rng)
            rec = {
                "type": "named_program",
                "region": region.name,
                "fiscal_year": year,
                "name": name,
                "amount_krw": value * 10_000,
            }
            pattern = rng.randrange(3)
            if pattern == 0:
                start = rng.randint(2, 6)
                paragraph.append(
                    f"{rng.choice(PURPOSES)} `{name}`을 오는 {start}월부터 {rng.choice(('추진한다', '시행한다'))}. "
                    f"예산은 {man_amount(value)}이다."
                )
            elif pattern == 1:
                verb = rng.choice(("도 전개한다", "도 추진한다", "을 새로 시작한다"))
                paragraph.append(f"{rng.choice(PURPOSES)} `{name}`({man_amount(value)}){verb}.")
            else:
                org = rng.choice(ORGANIZATIONS)
                rec["organization"] = org
                bullets.append(f"△{name}({man_amount(value)}, {org})")
            records.append(rec)
        if bullets:
            paragraph.append(f"각 부서에서 {' '.join(bullets)} 등 정보화 사업을 진행한다.")
        body.append(" ".join(paragraph))
        if rng.random() < 0.8:
            owner = rng.choice(BUDGET_OWNERS)
            value = rng.randint(40, 900) * 10_000 + rng.randint(0, 99) * 100  # 만원
            total_eok = rng.randint(30_000, 450_000)  # 3조 .. 45조
            share = value / (total_eok * 10_000) * 100
            jo, rest = divmod(total_eok, 10_000)
            total_text = f"{jo}조{rest}억원" if rest else f"{jo}조원"
            body.append(
                f"{noun} 정보화를 총괄하는 {owner}의 올해 예산은 {man_amount(value)}이다. "
                f"{noun} 전체 예산({total_text})의 {share:.3f}%다."
            )
            records.append(
                {
                    "type": "org_budget",
                    "region": region.name,
                    "fiscal_year": year,
                    "organization": owner,
                    "amount_krw": value * 10_000,
                    "total_budget_krw": total_eok * 100_000_000,
                }
            )
    body.append(f"{year}년 {area} 주요 정보화사업\n\n자료:각 지자체")
    text = _article_frame(
        rng,
        pub,
        index,
        headline=headline,
        subheads=[],
        body=body,
        published=published,
        reporter=person(rng),
        stem=regions[0].stem,
    )
    meta = _meta(
        seed,
        index,
        title=headline,
        publisher=pub.name,
        published_on=published,
        precision="day",
        kind="news",
        region=None,
        notes=f"synthetic round-up of {year} plans: {', '.join(r.name for r in regions)}; named programs in mixed units",
    )
    return Document(index, document_name(index), "news", text, meta, _truth("news", None, year, records))


def _master_plan_article(rng: random.Random, seed: int, index: int) -> Document:
    """A multi-year digital master plan (seed 003)."""
    region = rng.choice(REGIONS)
    style = Style(rng)
    start = rng.randint(YEARS[0], YEARS[1] - 1)
    span = rng.choice((3, 4, 5, 5))
    end = start + span - 1
    pub = rng.choice(PUBLISHERS)
    published = date(start, rng.randint(1, 4), rng.randint(2, 28))
    amount = rng.randint(300, 9000)  # 억
    n_strategies = rng.randint(3, 5)
    n_tasks = rng.randint(20, 80)
    plan_name = f"{region.stem} 디지털기본계획 {end}"
    strategies = rng.sample(STRATEGIES, n_strategies)
    circled = "①②③④⑤"
    strategy_text = " ".join(f"{circled[i]}{s}" for i, s in enumerate(strategies))
    headline = f"{region.short}, {end}년까지 '글로벌 디지털 도시'로 도약"
    body = [
        f"{span}년간 {style.eok(amount)} 투입, {n_strategies}대 전략 발표해",
        f"{region.short}가 {span}년 동안 {style.eok(amount)}을 투입해 디지털 선도모델을 만든다.",
        f"{region.short}는 온‧오프라인으로 시민 의견을 수렴하고 공청회, 정보화전략위원회 등을 거쳐 수립한 "
        f"중장기({start}~{end}) 디지털 정책 로드맵인 「{plan_name}」을 본격 시행한다고 밝혔다",
        f"시는 이번 기본계획을 실현하기 위한 {n_strategies}대 전략({strategy_text})과 "
        f"{n_tasks}개 실행과제도 함께 내놨다.",
        f"'사물인터넷' 실증지역을 {end}년까지 {rng.randint(20, 150)}개소로 확대 조성하고, 실시간 주차정보를 "
        f"제공하는 주차장을 {rng.randint(100, 900)}개로 늘린다.",
    ]
    body += _filler(rng, region.short, start, 2)
    text = _article_frame(
        rng,
        pub,
        index,
        headline=headline,
        subheads=[],
        body=body,
        published=published,
        reporter=person(rng),
        stem=region.stem,
    )
    records = [
        {
            "type": "multi_year_plan",
            "region": region.name,
            "name": plan_name,
            "start_year": start,
            "end_year": end,
            "amount_krw": amount * 100_000_000,
            "strategies": n_strategies,
            "tasks": n_tasks,
        }
    ]
    meta = _meta(
        seed,
        index,
        title=headline,
        publisher=pub.name,
        published_on=published,
        precision="day",
        kind="news",
        region=region.name,
        notes=f"synthetic master plan: 「{plan_name}」 {start}-{end}, {amount}억 원",
    )
    return Document(
        index, document_name(index), "news", text, meta, _truth("news", region.name, start, records)
    )


# --- work reports -------------------------------------------------------------------------------


@dataclass
class Program:
    department: str
    account: str
    name: str
    budget: int  # 천원
    committed: int
    spent: int


STATUS_RAW = {
    "완료": ("추진완료",),
    "추진중": ("추진 중", "추진중"),
    "검토중": ("검토 중", "검토중"),
    "미반영": ("미반영",),
}
AUDIT_KINDS = ("시정·처리요구사항", "건의사항", "기타")


def _programs_for(
    rng: random.Random, department: str, account: str, n: int, taken: set[str]
) -> list[Program]:
    out = []
    for name in program_names(rng, n, taken):
        budget = rng.randint(30, 12_000) * 1000 + rng.randint(0, 999)
        if rng.random() < 0.15:
            committed = spent = budget
        else:
            committed = int(budget * rng.uniform(0.2, 1.0))
            spent = int(committed * rng.uniform(0.05, 1.0))
        out.append(Program(department, account, name, budget, committed, spent))
    return out


def _basic_expense(rng: random.Random, department: str) -> Program:
    budget = rng.randint(40_000, 260_000)
    committed = int(budget * rng.uniform(0.4, 0.8))
    return Program(department, "일반회계", "기본경비", budget, committed, committed)


def _work_report(rng: random.Random, seed: int, index: int) -> Document:
    """A council work report of one bureau, much shorter than seed 004."""
    region = rng.choice(REGIONS)
    rname = region.name
    year = rng.randint(*YEARS)
    month = rng.choice((2, 3, 4, 6, 7, 9, 10, 11))
    as_of = date(year, month - 1, rng.randint(1, 28))
    style = Style(rng)
    bureau = rng.choice(BUREAUS)
    departments = rng.sample(DEPARTMENTS, rng.choice((1, 2, 2, 3, 3)))
    foundation = FOUNDATIONS.get(region.stem)
    records: list[dict] = []
    taken: set[str] = set()
    asof_text = f"{yy(year)}.{as_of.month}.{as_of.day}."

    # programs by department and account
    programs: dict[str, list[Program]] = {}
    special_dept = rng.choice(departments) if rng.random() < 0.25 else None
    for dept in departments:
        n = rng.randint(3, 8)
        progs = [*_programs_for(rng, dept, "일반회계", n - 1, taken), _basic_expense(rng, dept)]
        if dept == special_dept:
            progs += _programs_for(rng, dept, "특별회계", rng.randint(1, 2), taken)
        programs[dept] = progs

    lines: list[str] = []
    session = rng.randint(200, 340)
    sitting = rng.choice(("임시회", "정례회"))
    committee = rng.choice(COMMITTEES)
    lines += [f"제{session}회 {sitting} {committee}", ""]
    lines += ["주 요 업 무 보 고", "", f"{year}. {month}.", "", spaced(bureau), ""]
    lines += ["I. 일 반 현 황", "", f"조 직 1정책관 {len(departments)}담당관 {rng.randint(4, 24)}팀", "", ""]

    # staffing
    staff_rows = []
    for dept in departments:
        authorized = rng.randint(12, 70)
        gap = rng.randint(-8, 2)
        current = authorized + gap
        fixed = rng.randint(0, min(9, current - 1))
        operational = rng.randint(0, min(3, current - fixed - 1))
        general = current - fixed - operational
        staff_rows.append((dept, authorized, current, gap, general, fixed, operational))
    totals = [sum(row[i] for row in staff_rows) for i in range(1, 7)]
    lines += ["인 력", ""]
    lines.append("구 분\t정원\t현원\t과부족\t\t직종별\t현원\t")
    if rng.random() < 0.5:
        lines.append("Т — —\t건 (건\t언권\t과부족\t소계\t일반직\t임기제\t관운영직")
    else:
        lines.append("\t\t\t\t소계\t일반직\t임기제\t관리운영직")

    def staff_cells(values: list[int] | tuple[int, ...]) -> str:
        authorized, current, gap, general, fixed, operational = values
        small = [str(v) if v else "-" for v in (general, fixed, operational)]
        return "\t".join([str(authorized), str(current), style.table_int(gap), str(current), *small])

    lines.append("계\t" + staff_cells(totals))
    records.append(_staffing(bureau, totals))
    for row in staff_rows:
        label = noisy_department(rng, row[0], spaced_share=0.45, partial_share=0.1)
        lines.append(f"{label}\t" + staff_cells(row[1:]))
        records.append(_staffing(row[0], row[1:]))
    lines += ["", "부서별 주요업무", "", "부서(기관)별\t주 요 업 무"]
    for dept in departments:
        duties = [p.name for p in programs[dept][:3] if p.name != "기본경비"]
        lines.append(f"{dept}\t" + " ".join(f"· {d}" for d in duties))
    lines += ["", f"{year}년도 세입·세출 예산현황", ""]

    # revenue summary (not judged: revenue lines are outside the truth)
    rev = [rng.randint(100, 9_000_000) for _ in range(3)]
    rev_prior = [int(v * rng.uniform(0.6, 1.4)) for v in rev]
    rev_coll = [int(v * rng.uniform(0.1, 1.0)) for v in rev]
    lines += ["◉ 세입 총괄", "", f"({asof_text}기준, 단위:천원,%)", ""]
    lines += [f"\t\t구 눈\t\t{year}\t{year - 1}\t증경\t'\t징수현\t황"]
    lines += ["\t\tT 2\t_\t예산현액\t최종예산\t증감액\t증감률\t징수액\t징수율"]
    rev_names = ("계", "세 외 수 입", "공 유 재 산 임대료", "기 타 이 자 수 입")
    rows = [(sum(rev), sum(rev_prior), sum(rev_coll)), *list(zip(rev, rev_prior, rev_coll, strict=True))]
    for label, (b, p, c) in zip(rev_names, rows, strict=True):
        lines.append(
            f"\t\t{label}\t\t{b:,}\t{p:,}\t{style.table_int(b - p)}\t{style.table_rate(b - p, p)}\t{c:,}\t"
            f"{style.table_rate(c, b)}"
        )
    lines.append("")

    # expenditure summary by department (units 천원)
    def dept_totals(progs: list[Program]) -> tuple[int, int, int]:
        return (sum(p.budget for p in progs), sum(p.committed for p in progs), sum(p.spent for p in progs))

    summary_rows: list[
        tuple[str, str | None, str, int, int, int]
    ] = []  # dept, account, label, b, prior, exec
    for dept in departments:
        b, c, _ = dept_totals(programs[dept])
        prior = int(b * rng.uniform(0.6, 1.5))
        label = noisy_department(rng, dept, spaced_share=0.2, partial_share=0.4)
        summary_rows.append((dept, None, label, b, prior, c))
        accounts = sorted({p.account for p in programs[dept]}, key=("일반회계", "특별회계").index)
        if len(accounts) > 1:
            prior_parts = partition(rng, prior, len(accounts))
            for account, acc_prior in zip(accounts, prior_parts, strict=True):
                ab, ac, _ = dept_totals([p for p in programs[dept] if p.account == account])
                summary_rows.append((dept, account, spaced(account), ab, acc_prior, ac))
    dept_rows = [r for r in summary_rows if r[1] is None]
    grand = (sum(r[3] for r in dept_rows), sum(r[4] for r in dept_rows), sum(r[5] for r in dept_rows))
    lines += ["◉ 세출 총괄", "", f"({asof_text}기준, 단위:천원,%)", ""]
    lines += [
        f"구 분\t{year}\t{year - 1}\t증 감\t\t집행현홍\t-",
        "ТЕ\t예산현액\t최종예산\t증감액\t증감률\t집행액\t집행률",
    ]

    def summary_line(label: str, b: int, prior: int, executed: int) -> str:
        return (
            f"{label}\t{b:,}\t{prior:,}\t{style.table_int(b - prior)}\t{style.table_rate(b - prior, prior)}\t"
            f"{executed:,}\t{style.table_rate(executed, b)}"
        )

    lines.append(summary_line("계", *grand))
    records.append(_department_budget(bureau, None, year, *grand))
    for dept, account, label, b, prior, executed in summary_rows:
        lines.append(summary_line(label, b, prior, executed))
        records.append(_department_budget(dept, account, year, b, prior, executed))
    lines += ["", f"※ {yy(year)}년 당초예산(추경 포함) + 이월액 = {yy(year)}년 예산현액", ""]

    # strategy and tasks
    candidates = [p for dept in departments for p in programs[dept] if p.name != "기본경비"]
    rng.shuffle(candidates)
    n_tasks = min(rng.randint(2, 5), len(candidates))
    themes = rng.sample(TASK_THEMES, n_tasks)
    n_strategies = min(n_tasks, rng.randint(1, 3))
    strategies = rng.sample(STRATEGIES, n_strategies)
    task_programs: list[list[Program]] = [[] for _ in range(n_tasks)]
    for i, prog in enumerate(candidates[: n_tasks + rng.randint(0, n_tasks)]):
        task_programs[i % n_tasks].append(prog)
    task_codes: list[str] = []
    per_strategy = partition(rng, n_tasks, n_strategies)
    for s, count in enumerate(per_strategy, start=1):
        task_codes += [f"{s}-{t}" for t in range(1, count + 1)]
    titles = [f"{theme}({platform})" if platform else theme for theme, platform in themes]

    lines += [
        "Ⅱ. 정책목표 및 추진전략",
        "",
        "정책목표",
        "",
        "연결, 융합, 혁신을 통한 미래 스마트도시 생태계 선도",
        "",
    ]
    lines += ["추진전략", ""] + [x for s in strategies for x in (s, "")]
    lines += ["Ⅲ. 주요 추진 업무", ""]
    for s, strategy in enumerate(strategies, start=1):
        lines += [f"{s} {strategy}", ""]
        lines += [
            f"- {code}. {title}" for code, title in zip(task_codes, titles, strict=True) if code[0] == str(s)
        ]
        lines.append("")
    for code, title, progs in zip(task_codes, titles, task_programs, strict=True):
        lines += [f"{code} {title}", ""]
        lines += [
            f"{region.short} 전역 {progs[0].name} 추진으로 시민 체감형 스마트도시 서비스 제공 및 행정 신뢰도 제고",
            "",
        ]
        lines += ["□ 사업개요", ""]
        lines += [f"○ {p.name} : {rng.choice(DISTRICTS)} 등 {rng.randint(2, 30)}개 권역 대상" for p in progs]
        lines += ["", "□ 추진실적", ""]
        lines += [
            f"○ {rng.choice(DISTRICTS)} 시범사업 추진 : {rng.randint(10, 2000):,}개소 ({yy(year - 1)}년 설치)",
            f"  - 데이터 신뢰도 확보 : 이상 측정값 모니터링 및 품질관리 ({yy(year)}.{rng.randint(1, 12)}월)",
            "",
        ]
        lines += [f"※ 예산집행 현황 (단위 : 천원, {asof_text} 기준)", ""]
        lines += ["사업명\t예산현액\t집행액\t\t집행률(%)\t\t" + f"{yy(year)}년말 집행예상액\t"]
        lines += ["\t\t원인행위\t지출액\t원인행위\t지출액\t예상액\t집행률"]
        for p in progs:
            expected = rng.randint(p.committed, p.budget)
            lines.append(
                f"{p.name}\t{p.budget:,}\t{p.committed:,}\t{p.spent:,}\t{style.table_rate(p.committed, p.budget)}\t"
                f"{style.table_rate(p.spent, p.budget)}\t{expected:,}\t{round(expected * 100 / p.budget)}%"
            )
            records.append(
                {
                    "type": "budget_line",
                    "table_kind": "task",
                    "task_code": code,
                    "program": p.name,
                    "fiscal_year": year,
                    "budget_krw": p.budget * 1000,
                    "committed_krw": p.committed * 1000,
                    "spent_krw": p.spent * 1000,
                }
            )
        lines += [
            "",
            "□ 향후계획",
            "",
            f"○ {progs[-1].name} 고도화 추진 : {yy(year)}.{rng.randint(1, 12)}. ~ 12.",
            "",
        ]

    # detailed expenditure
    lines += [f"Ⅳ. {year} 세입·세출예산 세부현황", "", "□ 세출예산 집행현황", ""]
    lines += [f"(단위 : 천원, {yy(year)}. {as_of.month}. {as_of.day}. 기준)", ""]
    header = [
        "구 분\t에사성애\t집형\t뱅액\t집행률\tહ (%)",
        "Т Е\t예산현액\t원인행위액\t지출액\t원인행위\t지출액",
    ]
    lines += header

    def detail_line(label: str, b: int, c: int, s: int) -> str:
        return f"{label}\t{b:,}\t{c:,}\t{s:,}\t{style.table_rate(c, b)}\t{style.table_rate(s, b)}"

    everything = [p for dept in departments for p in programs[dept]]
    gb, gc, gs = dept_totals(everything)
    lines.append(detail_line(bureau, gb, gc, gs))
    records.append(_subtotal(bureau, None, year, gb, gc, gs))
    rows_since_header = 1
    for dept in departments:
        b, c, s = dept_totals(programs[dept])
        lines.append(detail_line(dept, b, c, s))
        records.append(_subtotal(dept, None, year, b, c, s))
        for account in ("일반회계", "특별회계"):
            progs = [p for p in programs[dept] if p.account == account]
            if not progs:
                continue
            b, c, s = dept_totals(progs)
            lines.append(detail_line(account, b, c, s))
            records.append(_subtotal(dept, account, year, b, c, s))
            for p in progs:
                if rows_since_header >= 18 and rng.random() < 0.5:
                    lines += ["", "7 8\t에서탈에\t집행액\t\t집행률\t를(%)", *header[1:]]
                    rows_since_header = 0
                lines.append(detail_line(p.name, p.budget, p.committed, p.spent))
                rows_since_header += 1
                records.append(
                    {
                        "type": "budget_line",
                        "table_kind": "detail",
                        "department": dept,
                        "account": account,
                        "program": p.name,
                        "fiscal_year": year,
                        "budget_krw": p.budget * 1000,
                        "committed_krw": p.committed * 1000,
                        "spent_krw": p.spent * 1000,
                    }
                )
    lines.append("")

    # audit follow-up of the previous year
    audit_year = year - 1
    lines += _audit_section(rng, style, audit_year, departments, foundation, candidates, records)
    lines += ["", f"문서관리번호 {bureau}-{year}-{index:06d}"]
    text = "\n".join(lines) + "\n"
    title = f"제{session}회 {sitting} {committee} 주요업무보고 ({bureau})"
    meta = _meta(
        seed,
        index,
        title=title,
        publisher=f"{rname} {bureau}",
        published_on=date(year, month, 1),
        precision="month",
        kind="work_report",
        region=rname,
        notes=(
            f"synthetic council work report, {year}-{month:02d} (figures as of {as_of.isoformat()}): "
            f"{len(departments)} departments, {len(everything)} programs, {n_tasks} tasks, "
            f"the {audit_year} audit follow-up"
        ),
    )
    return Document(
        index, document_name(index), "work_report", text, meta, _truth("work_report", rname, year, records)
    )


def _staffing(department: str, values: list[int] | tuple[int, ...]) -> dict[str, Any]:
    authorized, current, gap = values[0], values[1], values[2]
    return {
        "type": "staffing",
        "department": department,
        "authorized": authorized,
        "current": current,
        "gap": gap,
    }


def _department_budget(
    department: str, account: str | None, year: int, budget: int, prior: int, executed: int
) -> dict[str, Any]:
    return {
        "type": "department_budget",
        "department": department,
        "account": account,
        "fiscal_year": year,
        "budget_krw": budget * 1000,
        "prior_year_krw": prior * 1000,
        "executed_krw": executed * 1000,
    }


def _subtotal(department: str, account: str | None, year: int, b: int, c: int, s: int) -> dict[str, Any]:
    return {
        "type": "budget_line",
        "table_kind": "subtotal",
        "department": department,
        "account": account,
        "fiscal_year": year,
        "budget_krw": b * 1000,
        "committed_krw": c * 1000,
        "spent_krw": s * 1000,
    }


FINDINGS = {
    "시정·처리요구사항": (
        "{program} 사업의 집행률이 저조하므로 실소요예산을 세부적으로 산출하여 사업관리 방안 마련 필요",
        "{program} 추진 시 자치구 사업과 중복 설치되지 않도록 설계단계부터 점검 바람.",
        "{program} 관련하여 성과 지표 설정시 행정편의상이 아닌 실질적으로 시민들이 체감할 수 있는 성과지표 설정 필요",
        "자료제출 기한이 {m}월 {d}일까지 임에도 {d2}일에 제출함. 자료제출기한 엄수 바람.",
        "{program} 예산을 명시이월 한 것은 사업관리를 제대로 못한 것으로 판단됨. 사업 추진 방식 검토 필요",
    ),
    "건의사항": (
        "{program} 사업이 민간 시장의 영역과 중복되지 않는지 검토 필요.",
        "{program}이 영상이나 사진 전시에 국한되지 않고 시민 홍보에 효율적으로 활용될 수 있는 방안을 마련하기 바람.",
        "{program} 사업의 원활한 운영을 위해 관련 기관과 협력하여 적절한 운용방안을 마련하기 바람.",
    ),
    "기타": (
        "{program} 추진 현황 자료 제출",
        "{program} 최근 3년간 예산 집행 내역 제출",
        "{program} 과업지시서 및 착수보고서 제출",
    ),
}


def _status_text(rng: random.Random, status: str) -> str:
    raw = rng.choice(STATUS_RAW[status])
    roll = rng.random()
    if roll < 0.15:
        return f"**추진상황** : **{raw}**"
    if roll < 0.55:
        return f"□ 추진상황 : {raw}"
    return f"추진상황 : {raw}"


def _audit_section(
    rng: random.Random,
    style: Style,
    audit_year: int,
    departments: list[str],
    foundation: str | None,
    candidates: list[Program],
    records: list[dict],
) -> list[str]:
    n_items = rng.randint(3, 8)
    kinds = list(AUDIT_KINDS) + [rng.choice(AUDIT_KINDS[:2]) for _ in range(n_items - 3)]
    kinds.sort(key=AUDIT_KINDS.index)
    owners = [*departments, foundation] if foundation else departments
    items: list[tuple[str, str, str, str]] = []  # kind, department, status, finding
    for kind in kinds:
        dept = rng.choice(owners) if rng.random() < 0.2 else rng.choice(departments)
        if kind == "기타":
            status = "완료" if rng.random() < 0.9 else "추진중"
        else:
            status = rng.choices(("완료", "추진중", "검토중", "미반영"), weights=(45, 40, 10, 5))[0]
        subject = rng.choice(candidates).name if candidates else "스마트도시"
        finding = rng.choice(FINDINGS[kind]).format(
            program=subject, m=rng.randint(9, 11), d=rng.randint(10, 16), d2=rng.randint(17, 25)
        )
        items.append((kind, dept, status, finding))

    statuses = ("완료", "추진중", "검토중", "미반영")
    counts = {k: {s: 0 for s in statuses} for k in AUDIT_KINDS}
    for kind, _, status, _ in items:
        counts[kind][status] += 1
    lines = [f"Ⅴ. {audit_year} 행정사무감사 처리결과", "", "□총괄", ""]
    lines += [f"- 수감결과 처리요구사항 등 ------ 총 {len(items)} 건", "- 조치내역", ""]
    lines.append("구\t분\t계\t완 료\t추진 중\t검토중\t미반영")
    grand = {s: sum(counts[k][s] for k in AUDIT_KINDS) for s in statuses}
    lines.append(
        "\t계\t" + str(len(items)) + "\t" + "\t".join(str(grand[s]) if grand[s] else "-" for s in statuses)
    )
    records.append(_audit_summary(audit_year, "계", len(items), grand))
    row_labels = {
        "시정·처리요구사항": (".al", "시정·처리요구사항"),
        "건의사항": ("계", "건 의 사 항"),
        "기타": ("", "기타(자료제출 등)"),
    }
    for kind in AUDIT_KINDS:
        lead, label = row_labels[kind]
        total = sum(counts[kind].values())
        cells = "\t".join(str(counts[kind][s]) if counts[kind][s] else "" for s in statuses)
        lines.append(f"{lead}\t{label}\t{total}\t{cells}")
        records.append(_audit_summary(audit_year, kind, total, counts[kind]))
    lines.append("")

    headers = {
        "시정·처리요구사항": ("시정·처리 요구사항", "시정 및 처리 요구사항\t조치결과 및 향후추진계획"),
        "건의사항": ("건 의 사 항", "건 의 사 항\t조 치 결 과"),
        "기타": ("기 타 사 항", "자료제출 등 기타사항\t조 치 결 과"),
    }
    current_kind = None
    for kind, dept, status, finding in items:
        if kind != current_kind:
            section, table_header = headers[kind]
            lines += [section, "", table_header]
            current_kind = kind
        records.append(
            {
                "type": "audit_item",
                "audit_year": audit_year,
                "kind": kind,
                "department": dept,
                "status": status,
            }
        )
        status_text = _status_text(rng, status)
        action = f"○ 관계부서 협의 및 개선계획 수립 : {yy(audit_year + 1)}.{rng.randint(1, 12)}월"
        plan = f"○ 성과분석 및 개선방안 마련 : {yy(audit_year + 1)}. {rng.randint(1, 6)}월~{rng.randint(7, 12)}월"
        if kind == "기타":
            date_text = f"({audit_year}, 11, {rng.randint(2, 9)}.)"
            lines.append(
                f"○ {finding} ({dept})\t {status_text} 추진내용 및 향후 추진계획○ 자료 제출 완료 {date_text}"
            )
            continue
        form = rng.random()
        if form < 0.45:
            lines.append(f"○ {finding} ({dept})\t {status_text} □ 추진내용 {action} □ 향후계획 {plan}")
        elif form < 0.7:
            # two columns read row by row: finding and answer chunks interleave on one line
            words = finding.split(" ")
            n_chunks = min(len(words), rng.randint(3, 4))
            size = -(-len(words) // n_chunks)
            f_chunks = [" ".join(words[i : i + size]) for i in range(0, len(words), size)]
            a_chunks = [status_text, "□ 추진내용", *action.split(" : "), "□ 향후계획", plan]
            merged: list[str] = []
            for i, chunk in enumerate(f_chunks):
                merged.append(chunk)
                if i < len(a_chunks):
                    merged.append(a_chunks[i])
            merged.append(f"({dept})")
            merged += a_chunks[len(f_chunks) :]
            lines.append("○ " + " ".join(merged))
        else:
            lines += [f"○ {finding}", "", f"({dept})", "", "조치결과 및 향후추진계획", ""]
            lines += [
                status_text,
                "",
                "□ 추진내용",
                "",
                "- " + action[2:],
                "",
                "□ 향후계획",
                "",
                "- " + plan[2:],
            ]
        lines.append("")
    return lines


def _audit_summary(year: int, kind: str, total: int, counts: dict[str, int]) -> dict[str, Any]:
    rec: dict[str, Any] = {"type": "audit_summary", "audit_year": year, "kind": kind, "total": total}
    # zero counts print as empty or `-` cells: not judged
    for key, status in (
        ("completed", "완료"),
        ("in_progress", "추진중"),
        ("under_review", "검토중"),
        ("not_reflected", "미반영"),
    ):
        if counts[status]:
            rec[key] = counts[status]
    return rec


# --- output ---------------------------------------------------------------------------------------


def truth_json(truth: dict[str, Any]) -> str:
    """The truth as JSON with one record per line (stable bytes, diff-friendly)."""
    head = {k: v for k, v in truth.items() if k != "records"}
    parts = [json.dumps(head, ensure_ascii=False)[:-1] + ', "records": [']
    records = [json.dumps(r, ensure_ascii=False) for r in truth["records"]]
    parts.append(",\n".join(f"  {r}" for r in records))
    parts.append("]}")
    return "\n".join(parts) + "\n"


def write_document(doc: Document, out_dir: Path) -> int:
    """Write the three files of one document; returns the bytes written."""
    payloads = {
        f"{doc.name}.txt": doc.text,
        f"{doc.name}.meta.json": json.dumps(doc.meta, ensure_ascii=False, indent=2) + "\n",
        f"{doc.name}.truth.json": truth_json(doc.truth),
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
    records = 0
    written = 0
    for i in range(docs):
        doc = generate_document(seed, i)
        written += write_document(doc, out)
        kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
        records += len(doc.truth["records"])
    return {
        "docs": docs,
        "seed": seed,
        "kinds": kinds,
        "truth_records": records,
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
        f"wrote {stats['docs']} documents ({stats['kinds']}) with {stats['truth_records']} truth records, "
        f"{mb:.1f} MB, in {stats['seconds']:.1f} s to {args.out_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
