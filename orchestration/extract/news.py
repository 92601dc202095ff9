"""News articles about yearly informatization plans -> typed records, with provenance.

`extract_news(text, ...)` is a pure function: it reads only the text it is given and the reference
tables shipped with the package (`seeds/reference/regions.csv`, `plan_labels.csv`). It recognises
the ways Korean news reports a public ICT plan:

- plan totals: `올해 1,045건 정보화 사업에 3,213억 원을 투자`, `정보화사업 3,213억 원(1,045건)`,
  with the prior year (`작년 대비 7%(3459억 원) 증가`) and jobs (`3,245개 일자리`);
- breakdowns: lists such as `기관별로는 ▴서울시 355건(1,562억 원) ▴25개 자치구 ...` or
  `CCTV 69건(316억 원), 와이파이(WiFi) 8건(241억 원), ...`, by institution / type / category / quarter;
- named programs: quoted names, `X 사업에 28억원을 투입`, `X(54억8900만원, 세무과)` bullet lists,
  `예산은 4억3000만원이다` continuing the sentence before;
- org budgets: `정보화기획단의 올해 예산은 766억7500만원 ... 시 전체 예산(23조5050억원)의 0.326%`;
- multi-year plans: `5년 동안 4,605억 원`, `(2016~2020)`, `「서울 디지털기본계획 2020」`, `4대 전략`,
  `54개 실행과제`;
- source findings: a headline figure that contradicts the body.

Page furniture (menus, bylines, share buttons, copyright, trailing unrelated articles) is cut
before any statement is read. See docs/extraction_news.md for the patterns and known limits.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter as _Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from orchestration.extract import lexicons
from orchestration.extract.amounts import (
    Amount,
    Count,
    find_amounts,
    find_counts,
    find_percents,
    parse_korean_amount,
)
from orchestration.extract.lexicons import (
    NATIONAL,
    _reference_rows,
    canonical_region,
    guess_dimension,
    is_project_count,
)
from orchestration.extract.normalise import normalise_line
from orchestration.extract.records import (
    Extraction,
    MultiYearPlan,
    NamedProgram,
    OrgBudget,
    PlanBreakdown,
    PlanTotal,
    Record,
    SourceFinding,
)
from orchestration.extract.text import name_key, normalise_ws

NEWS_EXTRACTOR = "news"
NEWS_EXTRACTOR_VERSION = "1.1.0"


@dataclass(frozen=True)
class _Label:
    dimension: str
    pattern: re.Pattern[str]
    label: str
    label_en: str


@cache
def plan_labels() -> tuple[_Label, ...]:
    """Canonical labels of `seeds/reference/plan_labels.csv` (scope / institution / type / ...)."""
    out = []
    for row in _reference_rows("plan_labels"):
        pattern = re.compile(row["label_raw_pattern"], re.IGNORECASE)
        out.append(_Label(row["dimension"], pattern, row["label"], row.get("label_en", "")))
    return tuple(out)


_TRAILING_ALIAS = re.compile(r"\s*\(\s*[A-Za-z0-9 ./&-]+\s*\)\s*$")
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")


def _clean_label(raw: str) -> str:
    raw = normalise_ws(raw).strip(" ,·:：-")
    raw = re.sub(r"^(?:및|그리고|또)\s+", "", raw)
    return raw


def canonical_label(dimension: str, raw: str) -> str:
    """The reference label for a breakdown label (`25개 자치구` -> `자치구`), else the label trimmed,
    without a trailing English alias in parentheses (`스마트팜(Smart Farm)` -> `스마트팜`)."""
    cleaned = _clean_label(raw)
    bare = _TRAILING_PARENS.sub("", cleaned).strip() or cleaned
    for candidate in (cleaned, bare):
        for row in plan_labels():
            if row.dimension == dimension and row.pattern.fullmatch(candidate):
                return row.label
    return _TRAILING_ALIAS.sub("", cleaned) or cleaned


def _label_dimension(raw: str) -> str | None:
    cleaned = _clean_label(raw)
    bare = _TRAILING_PARENS.sub("", cleaned).strip() or cleaned
    for candidate in (cleaned, bare):
        for row in plan_labels():
            if row.dimension != "scope" and row.pattern.fullmatch(candidate):
                return row.dimension
    return None


@cache
def _scope_res() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for row in plan_labels():
        if row.dimension == "scope":
            pat = re.compile(
                rf"(?:{row.pattern.pattern})\s*(?:관련\s*)?(?:사업|분야|부문|예산|투자)", re.IGNORECASE
            )
            out.append((pat, row.label))
    return tuple(out)


def _scope_of(text: str) -> tuple[str, int] | None:
    """The plan scope a clause speaks of (`스마트도시 분야` -> smart_city), with its position."""
    best: tuple[str, int] | None = None
    for pat, label in _scope_res():
        m = pat.search(text)
        if m and label != "all":
            return label, m.start()
        if m and best is None:
            best = (label, m.start())
    return best


# --- page furniture -------------------------------------------------------------------------------

_FURNITURE = re.compile(
    r"^(?:HOME\b|홈\s*>|전체기사|최신뉴스|상단여백|여백$|Back to Top|Top으로|icon|기사\s*댓글|전체보기|"
    r"첫번째 댓글|댓글\s*\d|이 기사를 공유|기사입력|최종수정|입력\s*:?\s*\d{4}|수정\s*:?\s*\d{4}|"
    r"승인\s*\d{4}|※|Photo Image|사진$|관련\s*통계자료|자료\s*[:：]|기사\s*번역|기사제목|"
    r"결과물 출력|종목 추적|글자\s*크기|더\s*작게|작게$|보통$|크게$|더\s*크게|번역할 언어|"
    r"공유하기|페이스북|트위터|카카오톡|URL\s*복사|스크랩|인쇄|"
    r".{0,20}기자\s*\|\s*승인|.{0,20}기자\s*\|?\s*\d{4}[.\-]\d)",
)
# A photo's caption (`▲ 원주시청 … 점검하고 있다. ⓒ 치악신문 DB`): furniture, not the end of the article.
_CAPTION = re.compile(
    r"^\s*(?:[▲△]|\[사진|\(사진|사진\s*[=:])[^▲△]*(?:ⓒ|©|사진\s*제공|제공\s*\)?\s*$|DB\s*$)"
)
# Lines that close the article: what follows is someone else's (related / best articles, ads).
_TAIL_START = re.compile(
    r"(?:^\[[^\]]*(?:베스트|인기|추천|관련|많이\s*본|주요)\s*(?:기사|뉴스)[^\]]*\]$|"
    r"^(?:관련\s*기사|많이\s*본\s*뉴스|인기\s*기사|추천\s*기사|다른\s*기사|이\s*시각\s*주요뉴스)|"
    r"저작권자|무단\s*전재|재배포\s*금지|Copyright|ⓒ|©|기자의\s*다른\s*기사|"
    r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$|"
    r"^[가-힣]{2,4}\s*(?:기자|특파원|객원기자)\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)
_BULLET_PREFIX = re.compile(r"^\s*(?:•|·|-|\*)\s+")


def _is_prose(line: str) -> bool:
    """A body sentence, not a title: long and ending like a Korean declarative sentence."""
    return len(line) >= 30 and bool(re.search(r"다[.\"'”’]?(?:\s|$)|[다요]\.", line))


# --- sections (multi-city articles) ---------------------------------------------------------------


@cache
def _section_re() -> re.Pattern[str]:
    aliases = sorted(lexicons.region_by_alias(), key=len, reverse=True)
    alt = "|".join(re.escape(a) for a in aliases)
    return re.compile(
        rf"^\s*(?:(?:[◇◆■□●○▶▷◈▣◎#]+|\d+[.)])\s*(?P<a>{alt})\s*(?:$|[=:：\-–—]\s*|\s+(?=[가-힣]))"
        rf"|[\[【<〈《]\s*(?P<b>{alt})\s*[\]】>〉》]\s*)"
    )


def _section_region(line: str) -> str | None:
    m = _section_re().match(line)
    if not m:
        return None
    return lexicons.region_by_alias()[m.group("a") or m.group("b")]


# --- sentences and figures ------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[가-힣)\]'\"’”%])\.(?=\s|$)|…+|\.{3}")


def _sentences(line: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(line):
        if line[start : m.start()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if line[start:].strip():
        spans.append((start, len(line)))
    return spans


@dataclass
class _Fig:
    kind: str  # amount | count | percent
    start: int
    end: int
    amount: Amount | None = None
    count: Count | None = None
    percent: float | None = None
    project: bool = False  # a count of projects (lexicons.is_project_count)


_DIGIT = re.compile(r"\d")
_THRESHOLD = re.compile(r"\s*(?:이상|이하|미만|초과)(?![가-힣]*\s*(?:증가|늘))")


def _figures(text: str) -> list[_Fig]:
    if not _DIGIT.search(text):
        return []  # every amount, count and percentage holds a digit: skip the three scans
    # `사업비 5억원 이상 512건`, `2억 원 이상의 주요 사업`: a threshold, not an amount of anything
    figs: list[_Fig] = [
        _Fig("amount", s, e, amount=a) for s, e, a in find_amounts(text) if not _THRESHOLD.match(text, e)
    ]
    taken = [(f.start, f.end) for f in figs]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for s, e, c in find_counts(text):
        if free(s, e):
            figs.append(_Fig("count", s, e, count=c, project=is_project_count(c.counter, text[e : e + 12])))
            taken.append((s, e))
    for s, e, p in find_percents(text):
        if free(s, e):
            figs.append(_Fig("percent", s, e, percent=p))
    return sorted(figs, key=lambda f: f.start)


def _has_figure(text: str) -> bool:
    """Whether `_figures(text)` would hold an amount or a count (a count overlapping an amount is
    dropped there, but then there is an amount), without the percentages and the overlap test."""
    return bool(_DIGIT.search(text)) and bool(find_amounts(text) or find_counts(text))


# --- the extraction state -------------------------------------------------------------------------

_PRIOR_WORDS = re.compile(r"(?:작년|지난해|전년(?:도)?|前年)")
_GROWTH_WORDS = re.compile(r"(?:증가|늘어|늘었|늘린|늘려|확대|증액|상승|감소|줄어|줄었|줄인|감액|축소|하락)")
_DECREASE = re.compile(r"(?:감소|줄어|줄었|줄인|감액|축소|하락)")
_JOBS = re.compile(r"(?:일자리|고용\s*창출|고용\s*효과)")
_DIMENSION_KEYS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:사업\s*)?유형별|형태별|사업\s*성격별"), "type"),
    (re.compile(r"(?:발주\s*)?기관별|주체별|기관\s*규모"), "institution"),
    (re.compile(r"(?:발주\s*)?시기별|분기별|발주\s*시기"), "quarter"),
    (re.compile(r"분야별|부문별|기술별|영역별"), "category"),
)
_LIST_BULLETS = "▴▲△■□◆◇•●○◦ㆍ▶▷"
_BULLET_SPLIT = re.compile(rf"[{_LIST_BULLETS}]")
_COMMA_SPLIT = re.compile(r"(?<!\d),|,(?!\d)|、")
# What may stand between an item's count and amount: `9개사업(18억원)`, `786개 정보화 사업에 3조9404억원`,
# `39개에는 3023억원`, `(62개) 1924억`.
_ITEM_GAP = re.compile(
    r"[\s(),·/]*(?:개\s*)?(?:정보화\s*)?(?:사업)?(?:에는|에|으로|로|이|가|을|를)?[\s(),·/]*"
)
# What may follow an item's figures without ending its list: `…(18억원) 등`, `…3조9404억원을, …`.
_TRIVIAL_TAIL = re.compile(r"[\s)]*(?:등|이다|이며|입니다|이고|으로|로|을|를|이|가|은|는|씩)?[\s.,)]*")
# A label that holds a clause (`입법부와 사법부를 포함한 51개 중앙행정기관이`): its subject is the label.
_CLAUSE_TOKEN = re.compile(r"[가-힣](?:을|를|에서|으로|위해|위한|통해|포함한|하는|있는|되는|목표로)\s")
# After a list's last item: the total the list adds up to (`등 총 2433억원`, `등 680억원이`).
_LIST_TOTAL = re.compile(r"\s*등\s*(?:총\s*|모두\s*)?(?:사업비\s*|예산\s*)?")
_SUBJECT_PARTICLE = re.compile(r"(?<=[가-힣]{2})(?:이|가|은|는)$")
_INTRO_CUT = re.compile(r"^.*(?:으로는|로는|별로는|별로|에서는|에는|은|는|:|：)\s+")
_QUOTE = re.compile(r"[`'‘\"“「『《<〈]([^`'’\"”」』》>〉\n]{2,80}?)[`'’\"”」』》>〉]")
_ORG_SUFFIX = re.compile(
    r"(?:담당관|기획단|본부|사업소|센터|위원회|공사|공단|재단|의료원|미술관|박물관|도서관|연구원|"
    r"[과국실단팀청처관원부])$"
)
_VERBAL_NOUNS = (
    "구축|혁신|개편|도입|설치|교체|개선|운영|추진|조성|확충|고도화|실시|수립|증설|개발|구현|"
    "확대|보급|전환|통합|정비|마련|시행|개통|재구축|고도화|연계|강화"
)
_STOP_ENDINGS = re.compile(
    r"(?:[이가은는을를에서로며고해여서된한할인던적과와]|하는|있는|위한|통한|대한|통해|^등)$"
)
_STRIP_PARTICLE = re.compile(r"(?:에도|에는|으로|도|을|를|은|는|이|가|의|에)$")
# The headline or lead speaks of the whole country.
_NATIONAL = re.compile(
    r"전국\s*(?:지자체|지방\s*자치\s*단체|광역|시\s*·?\s*도)|중앙\s*행정\s*기관|국가\s*정보화"
)
# Verbs that spend a plan's money on something (`…사업에 5억5000만원을 사용한다`).
_INVEST_VERBS = re.compile(r"투입|투자|들여|들인|들어가|들어간|편성|지원|배정|소요|사용|쓴다|쓰인|책정|할애")
# A name that is a field of spending, not a program: `빅데이터 관련사업에 188억원`.
_CATEGORY_NAME = re.compile(r"(?:관련|분야|부문)$")
_REMARK_WORDS = re.compile(r"국비|시비|도비|구비|기금|민자|포함|미확정|별도|예비타당성|추경|확보")


@dataclass
class _Program:
    line: int
    lines: set[int]
    region: str | None
    name: str
    amount: Amount | None = None
    total: Amount | None = None
    organization: str | None = None
    period: str | None = None
    remarks: list[str] = field(default_factory=list)


@dataclass
class _Total:
    line: int
    lines: set[int]
    region: str | None
    scope: str
    projects: int | None
    amount: Amount | None
    headline: bool = False
    prior: int | None = None
    growth: float | None = None
    jobs: int | None = None


@dataclass
class _Item:
    line: int
    region: str | None
    scope: str
    dimension: str
    label_raw: str
    projects: int | None
    amount: Amount | None
    share: float | None
    ordinal: int
    list_id: int
    ends_with_etc: bool = False
    # the part's change against the prior year, when a later sentence states it
    projects_change: int | None = None
    projects_growth: float | None = None
    amount_change: int | None = None
    growth: float | None = None
    change_line: int | None = None


@dataclass
class _Subtotal:
    """A stated total of one list: after it (`… 등 총 2433억원`) or just before it (`154개 사업에 6796억원`)."""

    line: int
    list_id: int
    projects: int | None
    amount: Amount | None


@dataclass
class _OrgBudget:
    line: int
    lines: set[int]
    region: str | None
    organization: str
    amount: Amount | None
    total_budget: Amount | None = None
    share: float | None = None
    growth: float | None = None


@dataclass
class _State:
    lines: list[str]  # normalised
    raw: list[str]
    published_on: date | None
    fiscal_year: int | None
    totals: list[_Total] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)
    programs: list[_Program] = field(default_factory=list)
    orgs: list[_OrgBudget] = field(default_factory=list)
    my_amounts: list[tuple[int, Amount, str]] = field(default_factory=list)
    my_lines: set[int] = field(default_factory=set)
    skipped: dict[int, list[str]] = field(default_factory=dict)
    scope_stated: dict[int, bool] = field(default_factory=dict)
    n_lists: int = 0
    subtotals: list[_Subtotal] = field(default_factory=list)
    # count + amount pairs with no subject (`… 위해 154개 사업에 6796억원이 투입된다`): a lead total
    loose: list[tuple[int, int | None, Amount]] = field(default_factory=list)

    def skip(self, line: int, reason: str) -> None:
        reasons = self.skipped.setdefault(line, [])
        if reason not in reasons:
            reasons.append(reason)


# --- fiscal year and region -----------------------------------------------------------------------

_YEAR_PLAN = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:년\s*)?(?:도\s*)?(?:[가-힣]{1,8}\s*){0,3}?정보화\s*(?:사업|예산|계획|시행계획)"
)
_THIS_YEAR = re.compile(r"올해|금년|올\s*한\s*해")


def _fiscal_year(lines: list[str], published_on: date | None) -> int | None:
    candidates = [int(m.group(1)) for line in lines for m in _YEAR_PLAN.finditer(line)]
    if published_on is not None:
        for year in candidates:
            if year in (published_on.year, published_on.year + 1):
                return year
        if any(_THIS_YEAR.search(line) for line in lines):
            return published_on.year
    if candidates:
        return _Counter(candidates).most_common(1)[0][0]
    return published_on.year if published_on else None


def _doc_region(lines: list[str], headline: list[int], body: list[int]) -> str | None:
    votes: _Counter[str] = _Counter()
    first: dict[str, int] = {}
    for weight, idxs in ((3, headline), (1, body)):
        for i in idxs:
            for pos, reg in lexicons.region_mentions(lines[i]):
                votes[reg] += weight
                first.setdefault(reg, i * 10_000 + pos)
    if not votes:
        return None
    top = max(votes.values())
    return min((r for r, v in votes.items() if v == top), key=lambda r: first[r])


def _subject_region(sentence: str) -> str | None:
    """The region a sentence is about when it opens with one (`부산시는 올해 ...`)."""
    m = lexicons.region_re().search(sentence[:20])
    if m and re.match(r"(?:이|가|은|는|도)(?![가-힣])", sentence[m.end("alias") :]):
        return lexicons.region_by_alias()[m.group("alias")]
    return None


# --- statement readers ----------------------------------------------------------------------------


def _amount_figs(figs: list[_Fig]) -> list[_Fig]:
    return [f for f in figs if f.kind == "amount"]


def _project_count(figs: list[_Fig]) -> _Fig | None:
    return next((f for f in figs if f.kind == "count" and f.project), None)


def _in_parens(text: str, start: int, end: int) -> bool:
    return text[:start].rstrip().endswith("(") and text[end:].lstrip().startswith(")")


def _noun_phrase_before(text: str, end: int, *, max_tokens: int = 5) -> str:
    """The noun phrase ending at `end`: tokens back to a verb ending, a comma or a bullet."""
    head = text[:end].rstrip()
    head = re.split(rf"[{_LIST_BULLETS},;()\[\]「」『』'‘’\"“”`]", head)[-1]
    tokens = head.split()
    out: list[str] = []
    for tok in reversed(tokens):
        if out and _STOP_ENDINGS.search(tok) and not re.search(r"(?:도|을|를)$", tok):
            break
        if out and re.search(r"(?:을|를)$", tok) and not re.match(_VERBAL_NOUNS, out[0]):
            break
        out.insert(0, tok)
        if len(out) >= max_tokens:
            break
    words = [_STRIP_PARTICLE.sub("", t) if i < len(out) - 1 else t for i, t in enumerate(out)]
    words = [w for w in words if w and w not in ("또한", "또", "특히", "아울러", "이밖에", "이와", "함께")]
    return " ".join(words).strip()


_ITEM_BULLETS = re.compile(r"[▴▲△■□◆◇•●○◦▶▷]")


def _bullet_item_before(head: str) -> str | None:
    """The whole item after the last list bullet in `head`, when `head` ends inside that item.

    `이밖에 △세무종합시스템 노후장비 교체 및 증설(54억…` -> `세무종합시스템 노후장비 교체 및 증설`: a bulleted
    item names its program from the bullet to the parentheses, whatever the words end with
    (`전자문서`, `센서`, `와이파이`, `상수도` are nouns, not particles), also with a note in parentheses
    attached to the name (`… 고도화(시민참여)`).
    """
    bullets = list(_ITEM_BULLETS.finditer(head))
    if not bullets:
        return None
    item = normalise_ws(head[bullets[-1].end() :]).strip()
    if not (2 <= len(item) <= 80) or item.count("(") != item.count(")") or _paren_depth(item, len(item)):
        return None
    if _SENTENCE_END.search(item) or re.search(r"[,;:]", re.sub(r"\([^()]*\)", "", item)) or _figures(item):
        return None
    return item


def _clean_program_name(name: str) -> str:
    name = normalise_ws(name).strip(" .,·")
    name = re.sub(r"\s*(?:사업|사업비)$", "", name)
    return name.strip()


def _parse_period(sentence: str, fiscal_year: int | None, published_on: date | None) -> str | None:
    start = end = None
    year = fiscal_year or (published_on.year if published_on else None)
    m = re.search(r"(?:(?P<y>(?:19|20)\d{2})년\s*|(?P<next>내년)\s*)?(?P<m>\d{1,2})월\s*부터", sentence)
    if m and year:
        y = int(m.group("y")) if m.group("y") else year + (1 if m.group("next") else 0)
        start = f"{y}-{int(m.group('m')):02d}"
    elif re.search(r"(?:내달|다음\s*달)\s*부터", sentence) and published_on:
        y, mo = (published_on.year, published_on.month + 1)
        if mo == 13:
            y, mo = y + 1, 1
        start = f"{y}-{mo:02d}"
    else:
        m = re.search(r"(?:오는\s*)?(?P<m>\d{1,2})월(?:에는|에)\s.*(?:시작|착수|개시)", sentence)
        if m and year:
            start = f"{year}-{int(m.group('m')):02d}"
    m = re.search(r"(?:(?P<y>(?:19|20)\d{2})년\s*|(?P<next>내년)\s*)?(?P<m>\d{1,2})월\s*까지", sentence)
    if m and year:
        y = int(m.group("y")) if m.group("y") else year + (1 if m.group("next") else 0)
        end = f"{y}-{int(m.group('m')):02d}"
    else:
        m = re.search(r"(?P<y>(?:19|20)\d{2})년\s*까지", sentence)
        if m:
            end = m.group("y")
    if not start and not end:
        return None
    return f"{start or ''}~{end or ''}"


def _paren_depth(text: str, pos: int) -> int:
    return max(0, text.count("(", 0, pos) - text.count(")", 0, pos))


def _split_parens(inner: str) -> list[str]:
    return [p.strip() for p in re.split(r"(?<!\d),(?!\d)|,\s|;|/(?=\s)", inner) if p.strip()]


def _read_paren_parts(inner: str) -> tuple[Amount | None, str | None, list[str], bool]:
    """`54억8900만원, 세무과` -> (amount, org, remarks, is_program_parens)."""
    amount: Amount | None = None
    org: str | None = None
    remarks: list[str] = []
    parts = _split_parens(inner)
    for part in parts:
        found = find_amounts(part)
        whole = parse_korean_amount(part)
        if whole is not None and amount is None:
            amount = whole
            continue
        if not found and not re.search(r"\d", part) and _ORG_SUFFIX.search(part.replace(" ", "")):
            org = normalise_ws(part)
            continue
        remarks.append(normalise_ws(part))
    return amount, org, remarks, bool(amount or org or remarks)


class _Reader:
    """Reads one document's statements into the state, line by line and sentence by sentence."""

    def __init__(self, state: _State, doc_region: str | None, sections: dict[int, str | None]):
        self.s = state
        self.doc_region = doc_region
        self.sections = sections
        self.last_program: _Program | None = None
        # the region whose figures the clauses of this line give (read_region_statements)
        self.region_line: int | None = None
        self.region_subject: str | None = None
        self.actual = False
        self.region_list: int | None = None
        self.last_program_line: int | None = None
        # a growth sentence read before the total it qualifies (`전년 대비 7% 증가한 3,703억원`)
        self.pending_growth: tuple[int, _Fig | None, list[tuple[int, _Fig]], int] | None = None

    def region_for(self, line: int, sentence: str) -> str | None:
        section = self.sections.get(line)
        if section:
            return section
        return _subject_region(sentence) or self.doc_region

    # .. one line

    def read_line(self, i: int, *, headline: bool = False) -> None:
        line = self.s.lines[i]
        if self.last_program_line is not None and i - self.last_program_line > 2:
            self.last_program = None
        for a, b in _sentences(line):
            sentence = line[a:b]
            self.read_sentence(i, sentence, headline=headline)

    def read_sentence(self, i: int, sentence: str, *, headline: bool) -> None:
        figs = _figures(sentence)
        if not any(f.kind in ("amount", "count") for f in figs):
            if not headline and any(f.kind == "percent" for f in figs):
                # `전년 대비 5.5% 증가한 수치다`: a growth rate alone
                self.read_growth(i, sentence, figs, set(), self.region_for(i, sentence), headline=False)
            self.note_quoted_program(i, sentence, figs)
            return
        region = self.region_for(i, sentence)
        used: set[int] = set()  # indexes into figs consumed here
        if not headline and self.doc_region == NATIONAL:
            self.read_region_statements(i, sentence, figs, used)
        if not headline:
            self.read_org_budget(i, sentence, figs, used, region)
            self.read_multi_year(i, sentence, figs, used)
            self.read_program_list(i, sentence, figs, used, region)
            self.read_breakdowns(i, sentence, figs, used, region)
        if not headline:
            self.read_item_change(i, sentence, figs, used)
        self.read_growth(i, sentence, figs, used, region, headline=headline)
        self.read_totals(i, sentence, figs, used, region, headline=headline)
        if headline:
            return
        self.read_jobs(i, sentence, figs, used, region)
        self.read_programs(i, sentence, figs, used, region)
        if not any(f.kind == "amount" for f in figs):
            self.note_quoted_program(i, sentence, figs)
        for k, f in enumerate(figs):
            if k in used:
                continue
            if f.kind == "count":
                self.s.skip(i, "target count, not money")
            elif f.kind == "amount":
                self.s.skip(i, f"amount {f.amount.text if f.amount else ''} not tied to a plan statement")

    # .. org budgets: `정보화기획단의 올해 예산은 766억7500만원이다. 시 전체 예산(23조…)의 0.326%`

    _ORG_BUDGET = re.compile(
        r"(?P<org>(?:(?:이들|이|해당|두|각)\s+)?[^\s,]+)의\s*(?:올해|금년|\d{4}년(?:도)?)?\s*"
        r"(?:정보화\s*)?(?:사업\s*)?예산(?:\s*규모)?(?:은|이|는)\s*(?:총\s*)?$"
    )
    _WHOLE_BUDGET = re.compile(r"(?:전체|총|본)\s*예산\s*\(?\s*$")

    def read_org_budget(self, i: int, sentence: str, figs: list[_Fig], used: set[int], region: str | None):
        for k, f in enumerate(figs):
            if f.kind != "amount" or k in used:
                continue
            m = self._ORG_BUDGET.search(sentence[: f.start])
            if m:
                org = m.group("org")
                if canonical_region(org) or org in ("시", "도", "군", "구"):
                    continue  # `부산시의 올해 정보화 예산은 …`: a plan total, read below
                if re.match(r"(?:이들|이|해당|두|각)\s", org):
                    named = re.findall(
                        r"([가-힣]+(?:담당관|기획단|관|과|국|실|단|본부))(?:과|와|,|및|으로)", sentence
                    )
                    org = "·".join(dict.fromkeys(named)) or org
                if not _ORG_SUFFIX.search(org) and "부서" not in org:
                    continue
                used.add(k)
                self.s.orgs.append(_OrgBudget(i, {i}, region, org, f.amount))
                self.read_org_share(i, sentence[f.end :], f.end, figs, used)
                continue
            m = self._WHOLE_BUDGET.search(sentence[: f.start])
            if m and self.s.orgs and i - self.s.orgs[-1].line <= 1:
                used.add(k)
                org = self.s.orgs[-1]
                org.total_budget = f.amount
                org.lines.add(i)
                self.read_org_share(i, sentence[f.end :], f.end, figs, used)

    def read_org_share(self, i: int, rest: str, offset: int, figs: list[_Fig], used: set[int]) -> None:
        org = self.s.orgs[-1]
        for k, f in enumerate(figs):
            if f.kind != "percent" or k in used or f.start < offset:
                continue
            before = rest[: f.start - offset]
            follows = rest[f.end - offset :][:8]
            if org.share is None and (
                re.search(r"(?:의|중|대비)\s*$", before.rstrip(" )"))
                or re.search(r"차지|비중", before[-12:] + follows)
            ):
                org.share = f.percent
                used.add(k)
            elif _PRIOR_WORDS.search(before) or _GROWTH_WORDS.search(rest[f.end - offset :][:10]):
                sign = -1 if _DECREASE.search(rest[f.end - offset :][:10]) else 1
                org.growth = sign * (f.percent or 0.0)
                used.add(k)

    # .. multi-year plans: `5년 동안 4,605억 원`, `(2016~2020)`, `4대 전략`, `54개 실행과제`

    _MY_SPAN = re.compile(
        r"(?:향후\s*)?(?P<n>\d{1,2})\s*년\s*(?:간|동안)|(?:19|20)\d{2}\s*[~∼\-–]\s*(?:19|20)?\d{2}"
    )

    def read_multi_year(self, i: int, sentence: str, figs: list[_Fig], used: set[int]) -> None:
        for k, f in enumerate(figs):
            if f.kind != "amount" or k in used:
                continue
            window = sentence[max(0, f.start - 25) : f.start]
            if self._MY_SPAN.search(window) and not re.search(r"개월", window):
                used.add(k)
                self.s.my_amounts.append((i, f.amount, sentence))  # type: ignore[arg-type]
                self.s.my_lines.add(i)
        if re.search(
            r"\d+\s*대\s*(?:추진\s*)?전략|\d+\s*개\s*(?:실행|세부|핵심|추진|중점)?\s*과제", sentence
        ):
            for k, f in enumerate(figs):
                if f.kind == "count" and re.match(
                    r"\s*(?:실행|세부|핵심|추진|중점)?\s*과제", sentence[f.end :]
                ):
                    used.add(k)
            self.s.my_lines.add(i)

    # .. bullet lists of programs: `△세무종합시스템 … 증설(54억8900만원, 세무과) △…`

    def read_program_list(self, i: int, sentence: str, figs: list[_Fig], used: set[int], region: str | None):
        bullets = [m.start() for m in _BULLET_SPLIT.finditer(sentence)]
        if len(bullets) < 2:
            return
        bounds = [*bullets, len(sentence)]
        found: list[tuple[_Program, list[int]]] = []
        for a, b in itertools.pairwise(bounds):
            chunk = sentence[a + 1 : b]
            m = re.match(r"\s*(?P<name>[^()]{2,80}?)\s*\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)", chunk)
            if not m:
                continue
            # a note attached to the name before the figures: `△… 고도화(시민참여)(254억원, 정보공개정책과)`
            noted = re.match(r"\s*(?P<name>[^()]{2,80}?\([^()\d]{1,20}\))\s*\((?P<inner>[^()]*)\)", chunk)
            if (
                noted
                and _read_paren_parts(noted.group("inner"))[0]
                and not _read_paren_parts(m.group("inner"))[0]
            ):
                m = noted
            inner = m.group("inner")
            if any((f.kind == "count" and f.project) or f.kind == "percent" for f in figs if a < f.start < b):
                continue  # `서울시(355건, 1,562억원)`, `…수립 9개사업(18억원)`: a breakdown item
            amount, org, remarks, ok = _read_paren_parts(inner)
            if not ok or not (amount or org or any(_REMARK_WORDS.search(r) for r in remarks)):
                continue
            name = _clean_program_name(m.group("name"))
            if not name or _figures(name):
                continue
            paren_start = a + 1 + m.start("inner")
            fig_idx = [k for k, f in enumerate(figs) if paren_start <= f.start < a + 1 + m.end("inner")]
            found.append((_Program(i, {i}, region, name, amount, organization=org, remarks=remarks), fig_idx))
        if len([p for p, _ in found if p.amount]) < 2 and len(found) < 3:
            return
        for prog, idx in found:
            self.s.programs.append(prog)
            used.update(idx)
            self.last_program, self.last_program_line = prog, i

    # .. breakdown lists: `기관별로는 ▴서울시 355건(1,562억 원) ▴…`, `CCTV 69건(316억 원), …`

    def read_breakdowns(self, i: int, sentence: str, figs: list[_Fig], used: set[int], region: str | None):
        bullets = [m.start() for m in _BULLET_SPLIT.finditer(sentence)]
        if bullets:
            cuts = bullets
        else:
            cuts = [
                m.start() for m in _COMMA_SPLIT.finditer(sentence) if _paren_depth(sentence, m.start()) == 0
            ]
        bounds = [-1, *cuts, len(sentence)]
        chunks = [(a + 1, b) for a, b in itertools.pairwise(bounds) if b > a + 1]
        parsed: list[dict[str, Any]] = []
        for a, b in chunks:
            item = self._read_item(sentence, a, b, figs, used, bulleted=bool(bullets))
            parsed.append(item)
        # group consecutive items into lists; a dimension keyword in a chunk's intro / tail starts one
        lists: list[list[dict[str, Any]]] = []
        current: list[dict[str, Any]] = []
        pending_dim: str | None = None
        pending_intro = ""
        for item in parsed:
            if item["intro_dim"] and current:
                lists.append(current)
                current = []
            if item["label"] is not None:
                if not current:
                    item["dim_hint"] = item["intro_dim"] or pending_dim
                    item["intro_text"] = (pending_intro + " " + item["intro"]).strip()
                current.append(item)
                pending_dim, pending_intro = None, ""
            else:
                if current:
                    lists.append(current)
                    current = []
                pending_dim = item["tail_dim"] or item["intro_dim"] or pending_dim
                pending_intro = item["text"]
            if item["tail_dim"] or item["ends_list"]:
                if current:
                    lists.append(current)
                    current = []
                if item["tail_dim"]:
                    pending_dim, pending_intro = item["tail_dim"], item["tail"]
        if current:
            lists.append(current)
        for lst in lists:
            dim = lst[0].get("dim_hint")
            if len(lst) < 2 and not dim:
                continue
            if len(lst) < 2 and not (lst[0]["projects"] is not None and lst[0]["amount"] is not None):
                continue
            if dim is None:
                dims = [_label_dimension(it["label"]) for it in lst]
                known = [d for d in dims if d]
                if len(known) * 2 >= len(lst):
                    dim = _Counter(known).most_common(1)[0][0]
                elif len(lst) >= 2 and all(
                    (it["projects"] is not None and it["amount"] is not None)
                    or (it["amount"] is not None and it["share"] is not None)
                    for it in lst
                ):
                    # every part states a project count and an amount (or a share): a split of the
                    # plan whatever its labels, never a list of programs
                    dim = guess_dimension([it["label"] for it in lst])
                else:
                    continue  # labels that are not a known dimension and no keyword: programs, not a split
            intro = lst[0].get("intro_text", "")
            scope_found = _scope_of(intro + " ")
            scope = scope_found[0] if scope_found else "all"
            self.s.scope_stated[self.s.n_lists + 1] = scope_found is not None
            self.s.n_lists += 1
            ends_etc = bool(re.match(r"\s*등", lst[-1]["tail"]))
            # `… 사물인터넷(17개) 516억원 등 총 2433억원이 할애된다`: the list's own stated total
            stated = _LIST_TOTAL.match(lst[-1]["tail"])
            if stated:
                at = lst[-1]["tail_start"] + stated.end()
                k = next((k for k, f in enumerate(figs) if f.start == at and f.kind == "amount"), None)
                if k is not None and k not in used:
                    used.add(k)
                    self.s.subtotals.append(_Subtotal(i, self.s.n_lists, None, figs[k].amount))
            for n, it in enumerate(lst):
                used.update(it["fig_idx"])
                self.s.items.append(
                    _Item(
                        i,
                        region,
                        scope,
                        dim,
                        it["label"],
                        it["projects"],
                        it["amount"],
                        it["share"],
                        n + 1,
                        self.s.n_lists,
                        ends_with_etc=ends_etc,
                    )
                )

    def _read_item(
        self, sentence: str, a: int, b: int, figs: list[_Fig], used: set[int], *, bulleted: bool = False
    ) -> dict[str, Any]:
        chunk = sentence[a:b]
        item: dict[str, Any] = {
            "label": None,
            "intro": "",
            "intro_dim": None,
            "tail": "",
            "tail_start": b,
            "tail_dim": None,
            "ends_list": False,
            "text": chunk,
            "fig_idx": [],
            "projects": None,
            "amount": None,
            "share": None,
        }
        idx = [k for k, f in enumerate(figs) if a <= f.start < b and k not in used]
        # `25개 자치구`: a count that is part of the label, not the item's figure
        while idx and figs[idx[0]].kind == "count" and not figs[idx[0]].project:
            if not re.match(r"\s*[가-힣A-Za-z]", sentence[figs[idx[0]].end : b]):
                break
            idx = idx[1:]
        intro_end = figs[idx[0]].start if idx else b
        for pat, dim in _DIMENSION_KEYS:
            if pat.search(sentence[a:intro_end]):
                item["intro_dim"] = dim
                break
        if not idx:
            return item
        first = figs[idx[0]]
        label_text = sentence[a : first.start]
        if re.search(r"\(\s*$", label_text) and not (
            first.kind == "count" or any(figs[k].kind in ("count", "percent") for k in idx[1:3])
        ):
            return item  # `NAME(amount, org)`: a program, not a split
        label_text = label_text.rstrip(" (")
        intro_m = _INTRO_CUT.match(label_text)
        intro = intro_m.group(0) if intro_m else ""
        label = label_text[len(intro) :].strip()
        label = re.sub(r"^(?:이\s*중|그\s*중|특히|또|및|이어|이어서|뒤이어|다음으로|그\s*다음)\s+", "", label)
        if (not bulleted and _CLAUSE_TOKEN.search(label)) or _SUBJECT_PARTICLE.search(label):
            # `입법부와 사법부를 포함한 51개 중앙행정기관이 786개 …`: the subject before the figures
            label = _SUBJECT_PARTICLE.sub("", _noun_phrase_before(label, len(label), max_tokens=4))
        bad_label = not label or len(label) > 50 or re.search(r"[다며고]\s*$", label) or _scope_of(label)
        if bad_label and not (label and _label_dimension(label)):
            return item
        # figures of the item: the first one and those directly following it ( `N건(X억 원)` )
        pos = first.end
        taken = [idx[0]]
        for k in idx[1:]:
            gap = sentence[pos : figs[k].start]
            if _ITEM_GAP.fullmatch(gap):
                taken.append(k)
                pos = figs[k].end
            else:
                break
        tail_start = pos
        tail = sentence[pos:b]
        if re.match(r"^\s*\)", tail):
            tail_start += len(re.match(r"^\s*\)", tail).group(0))
            tail = sentence[tail_start:b]
        kinds = [figs[k] for k in taken]
        projects = next((f.count.value for f in kinds if f.kind == "count" and f.count and f.project), None)
        amounts = [f.amount for f in kinds if f.kind == "amount"]
        shares = [f.percent for f in kinds if f.kind == "percent"]
        if projects is None and not amounts and not shares:
            return item
        if any(f.kind == "count" and not f.project for f in kinds):
            return item
        item.update(
            label=label,
            intro=intro.strip(),
            fig_idx=taken,
            projects=projects,
            amount=amounts[0] if amounts else None,
            share=shares[0] if shares else None,
            tail=tail,
            tail_start=tail_start,
        )
        if tail.strip() and not _TRIVIAL_TAIL.fullmatch(tail):
            for pat, dim in _DIMENSION_KEYS:
                if pat.search(tail):
                    item["tail_dim"] = dim
                    break
            item["ends_list"] = True
        return item

    # .. a comparison of regions in prose: `서울시는 770개 사업에 1880억원을 …. 실제로는 1300억6500만원을 확정`

    _DELTA_AFTER = re.compile(
        r"\s*(?:이나|가량|정도|쯤)?\s*(?:많은|적은|늘어난|늘었|늘어|증가|감소|줄어|줄었|더\s)"
    )
    _ACTUAL = re.compile(r"실제|확정")

    def read_region_statements(self, i: int, sentence: str, figs: list[_Fig], used: set[int]) -> None:
        """Each clause whose subject is a region (or that continues the last one on this line) gives
        that region's figures: one part of the national picture, planned or actual."""
        if self.region_line != i:
            self.region_line, self.region_subject, self.actual = i, None, False
        cuts = [m.start() for m in re.finditer(r",\s", sentence) if _paren_depth(sentence, m.start()) == 0]
        for a, b in itertools.pairwise([0, *[c + 1 for c in cuts], len(sentence)]):
            clause = sentence[a:b]
            self.actual = self.actual or bool(self._ACTUAL.search(clause))
            mention = lexicons.region_re().search(clause[:24])
            if mention and not re.match(r"(?:이|가|은|는|도)(?![가-힣])", clause[mention.end("alias") :]):
                if re.match(r"\s*\(", clause[mention.end("alias") :]):
                    self.region_subject = None
                    continue  # `경상남도(411개 736억원)`: an item of a list, read as a list
                mention = None
            if mention:
                self.region_subject = mention.group("alias")
            if self.region_subject is None or len({r for _, r in lexicons.region_mentions(clause)}) > 1:
                continue
            idx = [k for k, f in enumerate(figs) if a <= f.start < b and k not in used]
            amount_k = next(
                (
                    k
                    for k in idx
                    if figs[k].kind == "amount"
                    and not self._DELTA_AFTER.match(sentence, figs[k].end)
                    and not re.search(r"보다\s*$", sentence[: figs[k].start])
                ),
                None,
            )
            count_k = next((k for k in idx if figs[k].kind == "count" and figs[k].project), None)
            if amount_k is None and count_k is None:
                continue
            scope = "actual" if self.actual else "all"
            amount = figs[amount_k].amount if amount_k is not None else None
            projects = figs[count_k].count.value if count_k is not None else None  # type: ignore[union-attr]
            used.update(k for k in (amount_k, count_k) if k is not None)
            open_item = next(
                (
                    it
                    for it in reversed(self.s.items)
                    if it.dimension == "region"
                    and it.label_raw == self.region_subject
                    and it.scope == scope
                    and it.line == i
                    and (it.amount is None) != (amount is None)
                ),
                None,
            )
            if open_item is not None:  # `경기도가 2093억원으로 …. 무려 1815개에 이르는 사업을`
                open_item.amount = open_item.amount or amount
                open_item.projects = open_item.projects if open_item.projects is not None else projects
                continue
            if self.region_list is None:
                self.s.n_lists += 1
                self.region_list = self.s.n_lists
                self.s.scope_stated[self.region_list] = True
            ordinal = sum(1 for it in self.s.items if it.list_id == self.region_list) + 1
            self.s.items.append(
                _Item(
                    i,
                    self.doc_region,
                    scope,
                    "region",
                    self.region_subject,
                    projects,
                    amount,
                    None,
                    ordinal,
                    self.region_list,
                )
            )

    # .. a part's change: `지자체도 전년보다 253개(4.4%), 469억원(5.0%)이 늘었다`

    _TOPIC = re.compile(r"\s*(?:한편|또한|또|특히)?\s*(?P<subj>[^\s,]{2,20}?)(?:의|은|는|도|이|가)\s")

    def read_item_change(self, i: int, sentence: str, figs: list[_Fig], used: set[int]) -> None:
        prior = _PRIOR_WORDS.search(sentence)
        topic = self._TOPIC.match(sentence)
        if prior is None or topic is None or not _GROWTH_WORDS.search(sentence[prior.end() :]):
            return
        subj = topic.group("subj")
        item = next(
            (
                it
                for it in reversed(self.s.items)
                if canonical_label(it.dimension, subj) == canonical_label(it.dimension, it.label_raw)
                or name_key(subj) == name_key(re.sub(r"^\d+\s*개\s*", "", _clean_label(it.label_raw)))
            ),
            None,
        )
        if item is None:
            return
        sign = -1 if _DECREASE.search(sentence[prior.end() :]) else 1
        last: str | None = None
        for k, f in enumerate(figs):
            if k in used or f.start < prior.end():
                continue
            if f.kind == "count" and f.count and item.projects_change is None:
                item.projects_change, last = sign * f.count.value, "count"
            elif f.kind == "amount" and f.amount and item.amount_change is None:
                item.amount_change, last = sign * f.amount.krw, "amount"
            elif f.kind == "percent" and f.percent is not None and last == "count":
                item.projects_growth, last = sign * f.percent, None
            elif f.kind == "percent" and f.percent is not None and last == "amount":
                item.growth, last = sign * f.percent, None
            else:
                continue
            used.add(k)
        item.change_line = i

    # .. growth: `작년 대비 7%(3459억 원) 증가`

    def read_growth(self, i: int, sentence: str, figs: list[_Fig], used: set[int], region, *, headline: bool):
        if headline or not _PRIOR_WORDS.search(sentence):
            return
        totals = [t for t in reversed(self.s.totals) if not t.headline and t.region == region]
        # the plan's total, or the total of the one field the article is about (스마트시티 분야)
        total = next((t for t in totals if t.scope == "all"), None) or next(iter(totals), None)
        m_prior = _PRIOR_WORDS.search(sentence)
        if m_prior is None:
            return
        # the plan total may be in this very sentence: then only figures after the prior word count
        after = m_prior.start()
        pct = next(
            (f for k, f in enumerate(figs) if f.kind == "percent" and k not in used and f.start >= after),
            None,
        )
        amounts = [
            (k, f) for k, f in enumerate(figs) if f.kind == "amount" and k not in used and f.start >= after
        ]
        if pct is None and not amounts:
            return
        growth_sign = -1 if _DECREASE.search(sentence[after:]) else 1
        if total is None:
            # `전년 대비 7% 증가한 3,703억원` : the total follows; handled when read
            self.pending_growth = (i, pct, amounts, growth_sign)
            return
        self._apply_growth(total, i, pct, amounts, growth_sign, used, figs)

    def _apply_growth(self, total: _Total, i, pct, amounts, sign, used, figs) -> None:
        g = sign * pct.percent if pct is not None and pct.percent is not None else None
        if pct is not None:
            used.add(figs.index(pct))
            total.growth = g
        cur = total.amount.krw if total.amount else None
        for k, f in amounts:
            v = f.amount.krw
            if cur and g is not None:
                if abs(v * (1 + g) - cur) <= 0.01 * cur:
                    total.prior = v
                elif abs((cur - v) - cur / (1 + g)) <= 0.01 * cur:
                    total.prior = cur - v
                else:
                    continue
            elif cur:
                # the growth rate is recorded only when stated: one computed here would pass for
                # the document's own figure
                total.prior = v if v > cur / 3 else cur - sign * v
            else:
                total.prior = v
            used.add(k)
            break
        total.lines.add(i)

    # .. plan totals: `1,045건 정보화 사업에 3,213억 원`, `정보화사업 3,213억 원(1,045건)`

    def read_totals(self, i: int, sentence: str, figs: list[_Fig], used: set[int], region, *, headline: bool):
        cuts = [
            m.start()
            for m in re.finditer(r"(?<!\d),(?!\d)|\s(?:특히|이\s*중|그\s*중|이중)\s", sentence)
            # `58개 사업, 805억원을`: a count and its amount are one phrase
            if not (
                re.search(r"\d\s*(?:건|개)(?:\s*사업)?\s*$", sentence[: m.start()])
                and re.match(r",\s*\d", sentence[m.start() :])
            )
        ]
        bounds = [0, *cuts, len(sentence)]
        made: list[_Total] = []
        for a, b in itertools.pairwise(bounds):
            clause = sentence[a:b]
            scope = _scope_of(clause)
            if not scope:
                self._complete_total(i, clause, a, figs, used, region, headline=headline, same=made)
                continue
            idx = [k for k, f in enumerate(figs) if a <= f.start < b and k not in used]
            prior_at = _PRIOR_WORDS.search(clause)
            if prior_at:
                idx = [k for k in idx if figs[k].start < a + prior_at.start()]
            amount_k = next((k for k in idx if figs[k].kind == "amount"), None)
            count_k = next(
                (k for k in idx if figs[k].kind == "count" and figs[k].project),
                None,
            )
            if amount_k is None and count_k is None:
                continue
            if amount_k is not None and count_k is None:
                has_total_word = re.search(r"총|모두|전체|올해|금년|규모", clause)
                has_verb = re.search(r"투자|투입|편성|배정|확정|집행|추진", sentence)
                if not (has_total_word or (has_verb and headline)):
                    continue
            if amount_k is None and not re.search(r"정보화\s*사업|사업\s*수", clause):
                continue
            amount = figs[amount_k].amount if amount_k is not None else None
            projects = figs[count_k].count.value if count_k is not None else None  # type: ignore[union-attr]
            used.update(k for k in (amount_k, count_k) if k is not None)
            total = _Total(i, {i}, region, scope[0], projects, amount, headline=headline)
            self.s.totals.append(total)
            made.append(total)
            pending = self.pending_growth
            if pending and not headline and pending[0] == i:
                self._apply_growth(total, *pending[:3], pending[3], used, figs)
                self.pending_growth = None

    def _complete_total(self, i, clause: str, a: int, figs, used: set[int], region, *, headline, same):
        """The other half of a total in the next clause (`총 3,150억원, 1,348건을`) or the next
        sentence (`총 1,384건의 사업으로 …`)."""
        if same:
            total = same[-1]
        else:
            if headline or not re.search(r"(?:총|모두|전체)\s*(?:사업비\s*)?\d", clause):
                return
            total = next((t for t in reversed(self.s.totals) if not t.headline), None)
            if total is None or total.region != region:
                return
            # `… 사업은 총 534개, 예산 규모는 약 673억 원이다`: a later sentence that restates the
            # total's amount completes it however far from it
            restates = total.amount is not None and any(
                f.kind == "amount" and f.amount and f.amount.krw == total.amount.krw for f in figs
            )
            if i - total.line > 1 and not restates:
                return
        for k, f in enumerate(figs):
            if k in used or not (a <= f.start < a + len(clause)):
                continue
            if f.kind == "count" and f.count and f.project and total.projects is None:
                total.projects = f.count.value
            elif f.kind == "amount" and total.amount is None:
                total.amount = f.amount
            else:
                continue
            used.add(k)
            total.lines.add(i)

    # .. jobs: `3,245개 일자리`

    def read_jobs(self, i: int, sentence: str, figs: list[_Fig], used: set[int], region) -> None:
        if not _JOBS.search(sentence):
            return
        for k, f in enumerate(figs):
            if k in used or f.kind != "count" or f.count is None:
                continue
            near = sentence[f.end : f.end + 8] + sentence[max(0, f.start - 8) : f.start]
            if _JOBS.search(near):
                total = next(
                    (t for t in reversed(self.s.totals) if not t.headline and t.scope == "all"), None
                )
                if total is not None:
                    total.jobs = f.count.value
                    total.lines.add(i)
                    used.add(k)

    # .. named programs in prose

    def note_quoted_program(self, i: int, sentence: str, figs: list[_Fig]) -> None:
        """A quoted program launched without an amount: later `예산은 X` sentences attach to it."""
        for m in _QUOTE.finditer(sentence):
            rest = sentence[m.end() :]
            if re.match(r"\s*(?:사업)?\s*(?:을|를|에|도)?\s*", rest) and re.search(
                r"(?:추진|시행|착수|시작|전개|구축|실시)(?:한다|하고|할|하며|된다)", rest
            ):
                name = _clean_program_name(m.group(1))
                prog = _Program(i, {i}, self.region_for(i, sentence), name)
                prog.period = _parse_period(sentence, self.s.fiscal_year, self.s.published_on)
                self.last_program, self.last_program_line = prog, i
                return
        if re.search(r"주요\s*사업", sentence):
            for m in _QUOTE.finditer(sentence):
                name = _clean_program_name(m.group(1))
                if name and not re.search(r"\d{4}|홈페이지|누리집", name):
                    self.s.programs.append(_Program(i, {i}, self.region_for(i, sentence), name))

    def read_programs(self, i: int, sentence: str, figs: list[_Fig], used: set[int], region) -> None:
        for k, f in enumerate(figs):
            if k in used or f.kind != "amount" or f.amount is None:
                continue
            before = sentence[: f.start]
            after = sentence[f.end :]
            # a remark inside parentheses after another amount: `52억(국비 26억 포함)`
            if re.search(r"\(\s*(?:국비|시비|도비|구비|기금)?\s*$", before) and _REMARK_WORDS.search(
                before[-8:] + after[:6]
            ):
                continue
            prog = self._program_for(i, sentence, f, before, after, region)
            if prog is None:
                continue
            used.add(k)
            # remarks in parentheses right after the amount
            m = re.match(r"\s*\(([^()]*)\)", after)
            if m:
                _, org, remarks, _ = _read_paren_parts(m.group(1))
                if org and not prog.organization:
                    prog.organization = org
                prog.remarks.extend(remarks)
                for kk, ff in enumerate(figs):
                    if f.end < ff.start < f.end + m.end():
                        used.add(kk)

    def _program_for(
        self, i: int, sentence: str, f: _Fig, before: str, after: str, region
    ) -> _Program | None:
        amount = f.amount
        assert amount is not None
        period = _parse_period(sentence, self.s.fiscal_year, self.s.published_on)
        # 1. `NAME(amount[, org])`
        if before.rstrip().endswith("("):
            inner_m = re.match(r"([^()]*)\)", sentence[f.start :])
            inner = inner_m.group(1) if inner_m else ""
            _, org, remarks, _ = _read_paren_parts(inner)
            head = before.rstrip()[:-1]
            quoted = list(_QUOTE.finditer(head))
            item = _bullet_item_before(head)
            if quoted and quoted[-1].end() >= len(head.rstrip()) - 3:
                name = quoted[-1].group(1)
            elif item is not None:
                name = item
            else:
                name = _noun_phrase_before(head, len(head))
            name = _clean_program_name(name)
            if name:
                prog = _Program(
                    i, {i}, region, name, amount, organization=org, remarks=remarks, period=period
                )
                return self._add(prog)
        # 2. a continuation: `예산은 4억3000만원이다`, `총 예산은 40억원이다`, `올해 먼저 18억원을 투입해`
        if (
            self.last_program is not None
            and not _QUOTE.search(sentence)
            and re.match(
                r"^\s*(?:(?:총|전체)\s*)?(?:사업비|예산|예산은|사업비는|예산은\s*총|올해(?:에는)?\s*(?:먼저|우선)?)",
                sentence,
            )
        ):
            prog = self.last_program
            if re.match(r"^\s*(?:총|전체)", sentence):
                prog.total = amount
            elif prog.amount is None:
                prog.amount = amount
            else:
                return None
            prog.lines.add(i)
            if prog not in self.s.programs:
                self.s.programs.append(prog)
            self.last_program_line = i
            return prog
        # 3. a quoted name before the amount in the same clause: `'메타버스 서울' 2단계 사업에 28억원을`
        quoted = [m for m in _QUOTE.finditer(before) if not re.search(r"[,]", before[m.end() :])]
        if quoted:
            m = quoted[-1]
            extra = re.match(r"\s*([^\s,]{1,8}(?:\s[^\s,]{1,8})?)?\s*사업", before[m.end() :])
            name = m.group(1) + (" " + extra.group(1) if extra and extra.group(1) else "")
            name = _clean_program_name(name.replace("  ", " "))
            if re.match(r"\s*(?:사업)?\s*(?:을|를|에|에는|에도|도|으로)?\s*$", before[m.end() :]) or extra:
                return self._add(_Program(i, {i}, region, name, amount, period=period))
        # 4. `X 사업에 92억 원을 투입` / `X 사업을 … 하는 데 92억 원을`
        m = None
        for found in re.finditer(r"사업(?:을|에|에는|에도|으로|의|엔)?\s", before):
            m = found
        listed = re.match(r"\s*(?:을|를)?\s*(?:,|등|비롯)", after) and _INVEST_VERBS.search(after)
        if m is not None and (_INVEST_VERBS.search(after[:20]) or listed):
            name = _clean_program_name(_noun_phrase_before(before, m.start(), max_tokens=4))
            bare = re.fullmatch(r"(\d[\d,]*)\s*개", name)
            if bare:  # `154개 사업에 6796억원이 투입된다`: a count and an amount with no subject
                self.s.loose.append((i, int(bare.group(1).replace(",", "")), amount))
                return None
            if name and (not _scope_of(name + " 사업") or (listed and _CATEGORY_NAME.search(name))):
                # (a field named in a list of fields is a part, read as a category: `빅데이터 관련사업에
                # 188억원을, … 스마트 시티 관련사업에 165억원을 비롯해 …`)
                return self._add(_Program(i, {i}, region, name, amount, period=period))
        # 5. `X도 5억여원을 들여 개편한다`: the topic and the verbal noun after 들여/투입해
        vm = re.match(
            rf"\s*(?:\([^()]*\))?\s*(?:을|를)?\s*(?:들여|투입해|투입하여|투자해|투자하여)\s*(?:[^\s]+\s+)?"
            rf"(?P<v>{_VERBAL_NOUNS})",
            after,
        )
        if vm:
            topics = list(re.finditer(r"(\S+)(?:도|은|는)\s", before))
            if topics:
                t = topics[-1]
                name = _noun_phrase_before(before, t.end(1), max_tokens=3)
                name = _clean_program_name(f"{name} {vm.group('v')}")
                return self._add(_Program(i, {i}, region, name, amount, period=period))
        # 6. `노후 행정망 교체에 32억원을 들인다`
        spends = re.match(
            r"\s*(?:\([^()]*\))?\s*(?:을|를|이|가)?\s*(?:들인다|들여|들어|투입|투자|배정|편성|쓰인|쓴다)",
            after,
        )
        listed = re.match(r"\s*(?:을|를)?\s*,", after) and _INVEST_VERBS.search(after)
        if re.search(r"\S(?:에|에는|에도)\s*$", before) and (spends or listed):
            head = re.sub(r"(?:에|에는|에도)\s*$", "", before.rstrip())
            name = _clean_program_name(_noun_phrase_before(head, len(head), max_tokens=4))
            if name and not _scope_of(name + " 사업") and not re.search(r"\d", name):
                return self._add(_Program(i, {i}, region, name, amount, period=period))
        return None

    def _add(self, prog: _Program) -> _Program:
        self.s.programs.append(prog)
        self.last_program, self.last_program_line = prog, prog.line
        return prog


# --- assembling records ---------------------------------------------------------------------------


def _tolerance(n_items: int, unit: str) -> int:
    """Rounding allowed when parts stated in 억 (or 만) are summed: half a unit per part."""
    step = {"조원": 10**12, "억원": 10**8, "만원": 10**4}.get(unit, 1)
    return max(1, n_items) * step // 2 + 1


def _exhaustive(items: list[_Item], total: _Total | None) -> bool:
    if any(it.ends_with_etc for it in items):
        return False
    proj = [it.projects for it in items]
    amts = [it.amount for it in items]
    shares = [it.share for it in items]
    checks: list[bool] = []
    if total is not None and total.projects is not None and all(p is not None for p in proj):
        checks.append(sum(p for p in proj if p is not None) == total.projects)
    if total is not None and total.amount is not None and all(a is not None for a in amts):
        parts = sum(a.krw for a in amts if a is not None)
        unit = max((a.unit for a in amts if a is not None), key=lambda u: {"억원": 2, "조원": 3}.get(u, 1))
        checks.append(abs(parts - total.amount.krw) <= _tolerance(len(items), unit))
    if not checks and all(s is not None for s in shares):
        checks.append(abs(sum(s for s in shares if s is not None) - 1.0) <= 0.011 * len(items))
    return bool(checks) and all(checks)


class _Builder:
    def __init__(self, state: _State, doc_id: str):
        self.s = state
        self.doc_id = doc_id
        self.records: list[Record] = []

    def prov(self, lines: set[int] | list[int]) -> dict[str, Any]:
        ordered = sorted(set(lines))
        return {
            "line_start": ordered[0] + 1,
            "line_end": ordered[-1] + 1,
            "source_text": "\n".join(self.s.raw[i] for i in ordered),
            "doc_id": self.doc_id,
            "extractor": NEWS_EXTRACTOR,
            "extractor_version": NEWS_EXTRACTOR_VERSION,
        }


def _merge_programs(programs: list[_Program]) -> list[_Program]:
    """The same program mentioned twice (same org / amount, one name a prefix of the other) -> one."""
    out: list[_Program] = []
    for prog in programs:
        key = name_key(prog.name)
        twin = None
        for other in out:
            okey = name_key(other.name)
            same_name = key == okey
            prefix = (key.startswith(okey) or okey.startswith(key)) and min(len(key), len(okey)) >= 4
            same_money = (
                prog.amount is None or other.amount is None or prog.amount.krw == other.amount.krw
            ) and (
                prog.organization is None
                or other.organization is None
                or prog.organization == other.organization
            )
            if other.region == prog.region and (same_name or prefix) and same_money:
                twin = other
                break
        if twin is None:
            out.append(prog)
            continue
        twin.lines |= prog.lines
        twin.amount = twin.amount or prog.amount
        twin.total = twin.total or prog.total
        twin.organization = twin.organization or prog.organization
        twin.period = twin.period or prog.period
        twin.remarks.extend(r for r in prog.remarks if r not in twin.remarks)
    return out


_LINE_ITEM = re.compile(
    rf"^\s*[{_LIST_BULLETS}\-·*]+\s*(?:(?P<label>[^:：]{{2,40}}?)\s*[:：]\s*(?=\d)|(?P<bare>[^:：(]{{2,40}}?)\s*(?=[\d(]))"
)


def _read_line_lists(state: _State, body_lines: list[int], region: str | None) -> set[int]:
    """A list laid out one item a line (`ㆍ시스템 구축 : 6건 / 842백만원`) under a heading that names
    its dimension (`○ 사업유형별 현황`): read as one split. Returns the lines read."""
    runs: list[list[tuple[int, str, list[_Fig]]]] = []
    current: list[tuple[int, str, list[_Fig]]] = []
    for i in body_lines:
        m = _LINE_ITEM.match(state.lines[i])
        figs = _figures(state.lines[i]) if m else []
        label_end = (m.end("label") if m.group("label") else m.end("bare")) if m else 0
        if m and (not figs or not re.fullmatch(r"[\s:：(]*", state.lines[i][label_end : figs[0].start])):
            m = None  # the figures must follow the label: `연구(SBS·MBC 등 42건)` counts something else
        if m and sum(1 for f in figs if f.kind == "count") > 1:
            m = None  # `시정요구 62건 : 완료 41건, 추진중 19건`: counts of something else than projects
        has_project = any(f.kind == "count" and f.project for f in figs)
        has_amount = any(f.kind == "amount" for f in figs)
        if m and (has_project or has_amount) and len([f for f in figs if f.kind == "amount"]) <= 1:
            current.append((i, m.group("label") or m.group("bare"), figs))
            continue
        if len(current) >= 2:
            runs.append(current)
        current = []
    if len(current) >= 2:
        runs.append(current)
    read: set[int] = set()
    for run in runs:
        first = run[0][0]
        heading = next(
            (state.lines[j] for j in range(first - 1, max(-1, first - 3), -1) if state.lines[j].strip()), ""
        )
        dim = next((d for pat, d in _DIMENSION_KEYS if pat.search(heading)), None)
        labels = [label for _, label, _ in run]
        if dim is None:
            if not all(any(f.kind == "count" and f.project for f in figs) for _, _, figs in run):
                continue  # amounts alone under no heading: programs, read sentence by sentence
            dim = guess_dimension(labels)
        state.n_lists += 1
        state.scope_stated[state.n_lists] = bool(_scope_of(heading + " "))
        scope = (_scope_of(heading + " ") or ("all", 0))[0]
        for n, (i, label, figs) in enumerate(run, start=1):
            projects = next(
                (f.count.value for f in figs if f.kind == "count" and f.project and f.count), None
            )
            amount = next((f.amount for f in figs if f.kind == "amount"), None)
            share = next((f.percent for f in figs if f.kind == "percent"), None)
            state.items.append(
                _Item(i, region, scope, dim, label.strip(), projects, amount, share, n, state.n_lists)
            )
            read.add(i)
    return read


def _list_subtotals(state: _State, by_list: dict[int, list[_Item]]) -> list[_Subtotal]:
    """Stated totals of lists: after the list (read with it), or a subject-less count and amount
    in the sentence before it that the list's parts add up to."""
    out = list(state.subtotals)
    taken = {s.list_id for s in out}
    for list_id, items in by_list.items():
        if list_id in taken or len(items) < 2 or any(it.amount is None for it in items):
            continue
        amount = sum(it.amount.krw for it in items if it.amount)
        projects = sum(it.projects or 0 for it in items)
        for line, count, stated in state.loose:
            close = abs(line - items[0].line) <= 1
            if (
                close
                and abs(stated.krw - amount) <= _tolerance(len(items), stated.unit)
                and count in (None, projects)
            ):
                out.append(_Subtotal(line, list_id, count, stated))
                break
    return out


def _headline_findings(state: _State, builder: _Builder, headline_lines: set[int]) -> set[int]:
    """Compare headline totals with the body's; returns the headline lines consumed by findings."""
    consumed: set[int] = set()
    body_totals = [t for t in state.totals if not t.headline]
    body_amounts = {t.amount.krw for t in body_totals if t.amount} | {
        p.amount.krw for p in state.programs if p.amount
    }
    # one finding per stated figure: the headline may be printed twice (above a photo, as its caption)
    found: dict[tuple[str, str | None, int], tuple[list[int], _Total, _Total]] = {}
    for h in [t for t in state.totals if t.headline]:
        match = next((b for b in body_totals if b.scope == h.scope and h.region in (None, b.region)), None)
        if match is None or h.amount is None or match.amount is None:
            continue
        if h.amount.krw in body_amounts or abs(h.amount.krw - match.amount.krw) <= 0.05 * match.amount.krw:
            continue
        key = (h.scope, h.region, h.amount.krw)
        if key in found:
            found[key][0].append(h.line)
        else:
            found[key] = ([h.line], h, match)
    for lines, h, match in found.values():
        assert h.amount is not None and match.amount is not None
        builder.records.append(
            SourceFinding(
                **builder.prov({*lines, match.line}),
                rule="headline_contradicts_body",
                explanation=(
                    f"the headline states {h.amount.text} for the {h.scope} plan total but the body "
                    f"states {match.amount.text}"
                ),
                stated=h.amount.krw,
                computed=match.amount.krw,
                lines=(*(ln + 1 for ln in lines), match.line + 1),
                subject=f"plan_total {h.scope}",
            )
        )
        consumed.update(lines)
    return consumed


def extract_news(
    text: str,
    *,
    doc_id: str = "",
    published_on: date | None = None,
    region: str | None = None,
    strict: bool = False,
) -> Extraction:
    """A news article -> plan totals, breakdowns, named programs, org budgets, multi-year plans and
    source findings, each with its lines and source text. A bug on an odd article does not stop
    the run: it comes back in `errors` (the document is then quarantined), or raises when `strict`
    (tests). A text with nothing recognised comes back with `rejected` set."""
    try:
        return _extract(text or "", doc_id=doc_id, published_on=published_on, region=region)
    except Exception as exc:
        if strict:
            raise
        return Extraction(kind="news", errors=[f"news extractor failed: {type(exc).__name__}: {exc}"])


def _extract(text: str, *, doc_id: str, published_on: date | None, region: str | None) -> Extraction:
    if not text.strip():
        return Extraction(kind="news", rejected="empty document")
    raw = text.splitlines()
    lines = [normalise_ws(normalise_line(line, dots=False)) for line in raw]
    n = len(lines)

    # where the article is: furniture, headline, body, and the trailing unrelated material
    furniture = {
        i for i, line in enumerate(lines) if not line or _FURNITURE.match(line) or _CAPTION.match(line)
    }
    prose = [i for i, line in enumerate(lines) if i not in furniture and _is_prose(line)]
    content = [i for i in range(n) if i not in furniture]
    if prose:
        body_start = prose[0]
        # a title that happens to end like a sentence (`…3천억 투입한다`) is still the headline
        if len(prose) > 1 and content and prose[0] == content[0] and not lines[prose[0]].endswith("."):
            body_start = prose[1]
    else:
        body_start = content[1] if len(content) > 1 else (content[0] if content else 0)
    tail_start = n
    for i in range(body_start + 1, n):
        if i in furniture or not _TAIL_START.search(lines[i]):
            continue
        # a block of related headlines inside the article (a repost's `관련기사` box) is followed by
        # the article's own prose again: furniture, not its end
        resume = next(
            (j for j in range(i + 1, min(n, i + 8)) if len(lines[j]) >= 60 and _is_prose(lines[j])), None
        )
        if resume is not None and all(len(lines[j]) < 50 for j in range(i + 1, resume)):
            furniture.update(range(i, resume))
            continue
        tail_start = i
        break
    headline_lines = [i for i in range(body_start) if i not in furniture]
    body_lines = [i for i in range(body_start, tail_start) if i not in furniture]
    # the headline repeated inside the body (a photo's caption above `Photo Image`) is the headline
    # again, not a statement of the body: a typo in it must not become a second total
    headline_texts = {lines[i] for i in headline_lines}
    repeats = [i for i in body_lines if lines[i] in headline_texts]
    if repeats:
        body_lines = [i for i in body_lines if i not in repeats]
        headline_lines = headline_lines + repeats

    state = _State(lines=lines, raw=raw, published_on=published_on, fiscal_year=None)
    state.fiscal_year = _fiscal_year([lines[i] for i in headline_lines + body_lines], published_on)

    sections: dict[int, str | None] = {}
    current: str | None = None
    has_sections = False
    for i in body_lines:
        found = _section_region(lines[i])
        if found:
            current, has_sections = found, True
        sections[i] = current
    doc_region = canonical_region(region) or region
    if doc_region is None and _NATIONAL.search(" ".join(lines[i] for i in headline_lines + body_lines[:2])):
        doc_region = NATIONAL  # `전국 지자체 …`, `중앙행정기관·지자체 …`: figures of the whole country
    if doc_region is None and not has_sections:
        doc_region = _doc_region(lines, headline_lines, body_lines)

    reader = _Reader(state, doc_region, sections)
    listed = _read_line_lists(state, body_lines, doc_region)
    for i in body_lines:
        if i not in listed:
            reader.read_line(i)
    for i in headline_lines:
        reader.read_line(i, headline=True)
    for t in state.totals:  # a headline that names no region speaks of the document's
        t.region = t.region or doc_region

    builder = _Builder(state, doc_id)
    fy = state.fiscal_year

    # plan totals (body first; a headline total only when the body states none for that scope)
    body_totals = [t for t in state.totals if not t.headline]
    merged: list[_Total] = []
    for t in body_totals:
        twin = next((m for m in merged if m.scope == t.scope and m.region == t.region), None)
        if twin is not None and (twin.amount is None or t.amount is None or twin.amount.krw == t.amount.krw):
            twin.lines |= t.lines
            twin.projects = twin.projects if twin.projects is not None else t.projects
            twin.amount = twin.amount or t.amount
            twin.prior = twin.prior or t.prior
            twin.growth = twin.growth if twin.growth is not None else t.growth
            twin.jobs = twin.jobs or t.jobs
            continue
        merged.append(t)
    headline_used: set[int] = set()
    for h in [t for t in state.totals if t.headline]:
        if (
            not any(m.scope == h.scope and h.region in (None, m.region) for m in merged)
            and h.amount is not None
        ):
            merged.append(h)
            headline_used.add(h.line)
    for t in merged:
        builder.records.append(
            PlanTotal(
                **builder.prov(t.lines),
                region=t.region,
                fiscal_year=fy,
                scope=t.scope,
                projects=t.projects,
                amount_krw=t.amount.krw if t.amount else None,
                approximate=bool(t.amount and t.amount.approximate),
                prior_year_amount_krw=t.prior,
                growth_rate=t.growth,
                jobs=t.jobs,
            )
        )

    # `빅데이터 관련사업에 188억원을, 스마트 시티 관련사업에 165억원을`: fields of spending, a split
    fields = [p for p in state.programs if p.amount and _CATEGORY_NAME.search(p.name)]
    if fields:
        state.n_lists += 1
        for n, prog in enumerate(fields):
            state.programs.remove(prog)
            state.items.append(
                _Item(
                    prog.line,
                    prog.region,
                    "all",
                    "category",
                    prog.name,
                    None,
                    prog.amount,
                    None,
                    n + 1,
                    state.n_lists,
                )
            )
        state.scope_stated[state.n_lists] = False

    # breakdowns, with exhaustiveness judged per stated list against its scope's total
    by_list: dict[int, list[_Item]] = {}
    for it in state.items:
        by_list.setdefault(it.list_id, []).append(it)
    for sub in _list_subtotals(state, by_list):
        items = by_list[sub.list_id]
        scope = f"{_clean_label(items[0].label_raw)} 등"
        for it in items:
            it.scope = scope
        total = _Total(sub.line, {sub.line}, items[0].region, scope, sub.projects, sub.amount)
        merged.append(total)
        builder.records.append(
            PlanTotal(
                **builder.prov(total.lines),
                region=total.region,
                fiscal_year=fy,
                scope=scope,
                projects=total.projects,
                amount_krw=total.amount.krw if total.amount else None,
                approximate=bool(total.amount and total.amount.approximate),
            )
        )
    breakdown_amounts: list[tuple[str, int]] = []
    for list_id, items in by_list.items():
        first = items[0]
        total = next((t for t in merged if t.scope == first.scope and t.region == first.region), None)
        exhaustive = _exhaustive(items, total)
        if not exhaustive and not state.scope_stated.get(list_id, True):
            # `분야별로는 …` after `이 가운데 스마트시티 분야는 210건`: the parts add up to that scope
            for other in merged:
                if other.region == first.region and other.scope != first.scope and _exhaustive(items, other):
                    for it in items:
                        it.scope = other.scope
                    exhaustive = True
                    break
        for it in items:
            if it.amount is not None:
                breakdown_amounts.append((canonical_label(it.dimension, it.label_raw), it.amount.krw))
            builder.records.append(
                PlanBreakdown(
                    **builder.prov([it.line] if it.change_line is None else [it.line, it.change_line]),
                    region=it.region,
                    fiscal_year=fy,
                    scope=it.scope,
                    dimension=it.dimension,
                    label=canonical_label(it.dimension, it.label_raw),
                    label_raw=_clean_label(it.label_raw),
                    projects=it.projects,
                    amount_krw=it.amount.krw if it.amount else None,
                    share=it.share,
                    is_exhaustive=exhaustive,
                    ordinal=it.ordinal,
                    projects_change=it.projects_change,
                    amount_change_krw=it.amount_change,
                    growth_rate=it.growth,
                    projects_growth_rate=it.projects_growth,
                )
            )

    # named programs: collapse repeats, drop the ones that only repeat a breakdown or total figure
    total_amounts = {t.amount.krw for t in merged if t.amount}
    for prog in _merge_programs(state.programs):
        amt = prog.amount.krw if prog.amount else None
        if amt is not None and (
            amt in total_amounts or any(label in prog.name and amt == v for label, v in breakdown_amounts)
        ):
            for ln in prog.lines:
                state.skip(ln, f"{prog.name}: repeats a plan or breakdown figure")
            continue
        if not prog.name:
            continue
        builder.records.append(
            NamedProgram(
                **builder.prov(prog.lines),
                region=prog.region,
                fiscal_year=fy,
                name=prog.name,
                amount_krw=amt,
                approximate=bool(prog.amount and prog.amount.approximate),
                organization=prog.organization,
                period=prog.period,
                remarks=", ".join(prog.remarks) or None,
                total_amount_krw=prog.total.krw if prog.total else None,
            )
        )

    for org in state.orgs:
        builder.records.append(
            OrgBudget(
                **builder.prov(org.lines),
                region=org.region,
                fiscal_year=fy,
                organization=org.organization,
                amount_krw=org.amount.krw if org.amount else None,
                total_budget_krw=org.total_budget.krw if org.total_budget else None,
                share=org.share,
                growth_rate=org.growth,
            )
        )
        if org.amount and org.total_budget and org.share:
            computed = org.amount.krw / org.total_budget.krw
            if abs(computed - org.share) > max(0.0005 * 100 * org.share, 0.00001) + 0.000005:
                builder.records.append(
                    SourceFinding(
                        **builder.prov(org.lines),
                        rule="share_inconsistent",
                        explanation=f"{org.organization}: stated share {org.share} but {computed:.5f} computed",
                        stated=org.share,
                        computed=round(computed, 6),
                        lines=tuple(sorted(ln + 1 for ln in org.lines)),
                        subject=org.organization,
                    )
                )

    _multi_year(state, builder, body_lines, doc_region)
    finding_lines = _headline_findings(state, builder, set(headline_lines))

    if not builder.records:
        return Extraction(kind="news", rejected="no plan figures recognised")

    # coverage: every article line with a money or count figure is consumed or skipped with a reason
    extraction = Extraction(kind="news", records=builder.records, fiscal_year=fy, region=doc_region)
    consumed = {ln - 1 for ln in extraction.consumed_lines()}
    for i in headline_lines + body_lines:
        if not _has_figure(lines[i]):
            continue
        extraction.figure_lines.add(i + 1)
        if i in consumed:
            continue
        if i in finding_lines:
            state.skip(i, "headline figure contradicting the body: recorded as a source finding")
        elif i in headline_lines and i not in headline_used:
            state.skip(i, "headline: repeats figures stated in the body")
    for i, reasons in state.skipped.items():
        if i + 1 in extraction.figure_lines and i not in consumed:
            extraction.skipped[i + 1] = "; ".join(reasons)
    return extraction


def _multi_year(state: _State, builder: _Builder, body_lines: list[int], doc_region: str | None) -> None:
    if not state.my_amounts:
        return
    line, amount, sentence = state.my_amounts[0]
    text = "\n".join(state.lines[i] for i in body_lines)
    name_m = re.search(r"[「『《]([^」』》]{2,60})[」』》]", text) or re.search(
        r"[‘'\"“]([^’'\"”]{2,60}(?:계획|플랜|로드맵|전략|비전)[^’'\"”]{0,10})[’'\"”]", text
    )
    name = normalise_ws(name_m.group(1)) if name_m else None
    if name is None and not re.search(r"계획|로드맵|마스터\s*플랜|중장기", text):
        for ln in state.my_lines:
            state.skip(ln, "multi-year amount without a plan")
        return
    start = end = None
    span_m = re.search(r"((?:19|20)\d{2})\s*[~∼\-–]\s*((?:19|20)?\d{2})", text)
    if span_m:
        start = int(span_m.group(1))
        end_s = span_m.group(2)
        end = int(end_s) if len(end_s) == 4 else start // 100 * 100 + int(end_s)
    else:
        years_m = re.search(r"(\d{1,2})\s*년\s*(?:간|동안)", sentence)
        until_m = re.search(r"((?:19|20)\d{2})년\s*까지", text)
        if years_m and until_m:
            end = int(until_m.group(1))
            start = end - int(years_m.group(1)) + 1
    strategies = re.search(r"(\d+)\s*대\s*(?:추진\s*)?전략", text)
    tasks = re.search(r"(\d+)\s*개\s*(?:실행|세부|핵심|추진|중점)?\s*과제", text)
    lines = set(state.my_lines)
    lines.add(line)
    for i in body_lines:
        if name and name in state.lines[i]:
            lines.add(i)
            break
    for m in (strategies, tasks):
        if m:
            for i in body_lines:
                if m.group(0) in state.lines[i]:
                    lines.add(i)
                    break
    builder.records.append(
        MultiYearPlan(
            **builder.prov(lines),
            region=doc_region,
            name=name,
            start_year=start,
            end_year=end,
            amount_krw=amount.krw,
            strategies=int(strategies.group(1)) if strategies else None,
            tasks=int(tasks.group(1)) if tasks else None,
        )
    )
