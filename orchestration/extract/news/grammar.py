"""The small grammar that binds labels, counts and amounts: list items in any order and with
any bullet, program names, periods."""

from __future__ import annotations

import re
from datetime import date

from orchestration.extract.amounts import (
    Amount,
    find_amounts,
    parse_korean_amount,
)
from orchestration.extract.news.figures import _figures, _paren_depth
from orchestration.extract.news.segment import _SENTENCE_END
from orchestration.extract.text import normalise_ws

_LIST_BULLETS = "▴▲△■□◆◇•●○◦ㆍ▶▷▦▣◈▪◼❍❏◉⦁➤►"


_BULLET_SPLIT = re.compile(rf"[{_LIST_BULLETS}]")


_COMMA_SPLIT = re.compile(r"(?<!\d),|,(?!\d)|、")


# What may stand between an item's count and amount: `9개사업(18억원)`, `786개 정보화 사업에 3조9404억원`,
# `39개에는 3023억원`, `(62개) 1924억`.
_ITEM_GAP = re.compile(
    r"[\s(),·/]*(?:개\s*)?(?:정보화\s*)?(?:사업)?(?:에는|에|으로|로|이|가|을|를)?[\s(),·/]*"
    r"(?:전체\s*(?:사업|예산)?\s*의\s*)?"  # `… 452억 원(전체사업의 63%)`
)


# What may follow an item's figures without ending its list: `…(18억원) 등`, `…3조9404억원을, …`.
_TRIVIAL_TAIL = re.compile(
    r"[\s)]*(?:사업)?\s*(?:등|이다|이며|입니다|이고|으로|로|을|를|이|가|은|는|씩)?\s*"
    r"(?:가장\s*(?:많았고|많고|많으며|많았으며|컸고|크고|높았고)|순이었다|순이다|순으로|순|비롯해|비롯한|비롯하여)?[\s.,)]*"
)


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


# Verbs that spend a plan's money on something (`…사업에 5억5000만원을 사용한다`).
_INVEST_VERBS = re.compile(r"투입|투자|들여|들인|들어가|들어간|편성|지원|배정|소요|사용|쓴다|쓰인|책정|할애")


_REMARK_WORDS = re.compile(r"국비|시비|도비|구비|기금|민자|포함|미확정|별도|예비타당성|추경|확보")


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


_ITEM_BULLETS = re.compile(r"[▴▲△■□◆◇•●○◦▶▷▦▣◈▪◼❍❏◉⦁➤►]")


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
    if "월" not in sentence and "부터" not in sentence and "까지" not in sentence:
        return None  # every pattern below needs one of these words (most sentences state no period)
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
