"""Budget and execution statements in prose: council minutes, reviews, reports, articles.

Speakers state execution in a handful of ways, all read here as bindings of a measure to a
figure in one sentence:
- the measure word before the figure: `예산현액은 34억 2957만 9000원`, `집행률 86.4%`;
- the verb after it: `31억 4,236만 원을 집행하여`, `6억 8,900만 원은 다음연도로 이월하였으며`,
  `4,256만 원이 불용되어`, `78.9%의 집행률을 보였고`;
- words before it: `쓰지 못한 17억 2,555만 원`, `예산의 90.6%인`.
A statement's subject is the sentence's topic (`스마트정보과는 …`, `먼저 북구 스마트 경로당 구축
사업은 …`), else the noun phrase before its first measure, else the program a previous sentence
announced (`첫째, 스마트 행정 클라우드 전환 사업입니다.`), else the whole (`총괄하면`, `합계`).
A sentence with no subject of its own continues the statement before it on the same line.
Questions are not statements. The phrase lexicon is `lexicons/measure_phrases.csv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from orchestration.extract.amounts import find_amounts, find_percents
from orchestration.extract.lexicons import leftmost_measure, lexicon, measure_at, measure_of
from orchestration.extract.literals import all_required_words, with_first_chars, words_pattern
from orchestration.extract.meaning import as_of_date
from orchestration.extract.records import BudgetStatement

AMOUNT_MEASURES = tuple(m for m in BudgetStatement.MEASURES if m.endswith("_krw"))

_SENTENCE_STOP = re.compile(r"[.?!](?!\d)")  # a point inside 93.2% ends nothing
_GAP = re.compile(r"\s*(?:합계는|합계|총액은|은|는|이|가|이며|:|：|으로|로|도)?\s*(?:총\s*|모두\s*|약\s*)?")
_STOP_TOKEN = with_first_chars(
    re.compile(
        r"(?:을|를|의|에|에서|으로|로|께서|하고|하며|하면|드리면|위한|위해|관련된|관련한|대한|통한|등과|등의|"
        r"등을|이고|이며|에는|에도|까지|부터)$|^(?:\d{4}|먼저|다음|다음으로|끝으로|그리고|또한|등|중|첫째|둘째|"
        r"셋째|넷째|다섯째|마지막으로)$|회계\s*연도$|\d{4}년"
    )
)
_FILLER = {"총", "전체", "금년도", "올해", "예산", "세출", "사업비", "소요", "예산은", "총액"}
_TRAILING_FILLER = re.compile(r"\s*(?:예산|사업비|집행\s*내역|지출\s*내역|집행\s*현황|내역|현황)$")
_PARTICLE_END = re.compile(r"(?:은|는|이|가|을|를|의)$")
# A lead-in before the subject: `과별로 보면 총무과`, `… 결산을 총괄하면`, bullets.
_LEAD_CLAUSE = re.compile(
    r"^.*?(?:별로\s*보면|보면|총괄하면|살펴보면|으로는|별로는)\s+|^[○◦●□■◆◇▶▷•·❍\-]+\s*"
)
_LEAD_WORDS = re.compile(
    r"^(?:(?:먼저|다음|다음으로|끝으로|마지막으로|또한|그리고|한편|첫째|둘째|셋째|넷째|다섯째)[,\s]+)+"
)
_TOPIC = re.compile(r"^\s*(?P<t>[^,.:;]{2,40}?)(?:은|는)\s")
_ANNOUNCED_ENDS = ("입니다", "이다", "임")
_ANNOUNCED = re.compile(
    rf"^\s*(?P<t>[^.:;]{{2,40}}?)\s*(?:사업|과제)?(?:{'|'.join(_ANNOUNCED_ENDS)})\s*[.]?\s*$"
)
_WHOLE = re.compile(r"총괄|합계|전체|통틀어")
_QUESTION = re.compile(r"(?:\?|까\s*[.?]?|니까\s*[.?]?)\s*$")
# A figure that is a comparison's base (`52,870백만원 대비`, `지난해보다`), revenue (세입 is read from
# revenue tables), or another year's (`’20년 최종예산`) is not this year's execution.
_BASE_AFTER = re.compile(r"\s*(?:대비|보다|에\s*비해|에서\s*늘어|에서\s*줄어)")
_REVENUE = re.compile(r"세입|수입|징수|수납")
_OTHER_YEAR = with_first_chars(re.compile(r"(?<!\d)\d{2}\s*년(?!\s*\d)|(?:19|20)\d{2}\s*년|지난해|작년|전년"))
# A council member speaking (`○김태윤 위원`, `◯이영희 의원`): questions and loose figures, not the
# executive's statement; the member speaks until the next speaker's line.
_SPEAKER = re.compile(r"^\s*[○◯〇]\s*(?P<who>\S+(?:\s+\S+)?)")
_MEMBER = re.compile(r"위원장|위원|의원")
# Before a measure word: the figure is another year's (carried in from the prior year) or another
# fund's (a subsidy's balance, a fund's spending, the surplus), not this budget's execution.
_NOT_THIS_BUDGET = re.compile(r"(?:전년도|전년|작년|지난해|보조금|기금|잉여금|정산)\s*$")
_CONTINUES = 8  # lines a statement's subject carries to subject-less sentences below it
_NOT_A_TOPIC = re.compile(r"^(?:세출|세입|이|이것|그|이는|올해|금년|작년|지난해|보고\s*대상)$")


@cache
def _phrases() -> tuple[tuple[str, str, str, re.Pattern[str]], ...]:
    return tuple(
        (r["side"], r["value"], r["measure"], re.compile(r["pattern"])) for r in lexicon("measure_phrases")
    )


@cache
def _phrases_for(side: str, value: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The measure phrases of one side (after / before the figure) for one value, in lexicon order."""
    return tuple((measure, pattern) for s, v, measure, pattern in _phrases() if (s, v) == (side, value))


_DIGIT = re.compile(r"\d")
_NOTHING_SPENT = re.compile(r"(?:집행|지출)\s*(?:실적|액)?(?:이|은)?\s*(?:아직\s*)?없")


@dataclass(frozen=True)  # frozen: `bindings` caches them
class Binding:
    measure: str
    value: int | float
    start: int  # where the statement of this figure starts in the sentence
    unit: str | None = None
    end: int = 0  # where the figure ends


def bindings(sentence: str) -> list[Binding]:
    """Every measure bound to a figure in a sentence, in order."""
    return list(_bindings(sentence))


@cache
def _phrase_words() -> re.Pattern[str] | None:
    """Any of the words one of which every measure phrase's match holds (derived from the patterns)."""
    return words_pattern(all_required_words([pattern for _, _, _, pattern in _phrases()]))


def _may_bind_by_phrase(sentence: str) -> bool:
    """Whether a measure phrase may match in the sentence: it holds one of the phrases' words."""
    words = _phrase_words()
    return words is None or words.search(sentence) is not None


def _nothing_spent(sentence: str) -> tuple[Binding, ...]:
    """`아직 집행 실적이 없습니다`: nothing spent, the one statement a sentence makes without a figure."""
    return (Binding("spent_krw", 0, len(sentence)),) if _NOTHING_SPENT.search(sentence) else ()


@lru_cache(maxsize=1 << 14)
def _bindings(sentence: str) -> tuple[Binding, ...]:
    if not _DIGIT.search(sentence):  # no amount and no percentage: nothing to bind but "nothing spent"
        return _nothing_spent(sentence)
    measure_re = leftmost_measure()
    found = measure_re.search(sentence)
    if found is None and not _may_bind_by_phrase(sentence):
        return _nothing_spent(sentence)  # no measure word and no phrase: its figures are not read
    amounts = {s: (e, a) for s, e, a in find_amounts(sentence)}
    percents = {s: (e, p) for s, e, p in find_percents(sentence)}
    out: list[Binding] = []
    seen: set[tuple[str, int]] = set()

    def add(measure: str, value: int | float, start: int, unit: str | None = None, end: int = 0) -> None:
        if (measure, start) not in seen:
            seen.add((measure, start))
            out.append(Binding(measure, value, start, unit, end))

    pos = 0
    while found is not None:  # measure word, then its figure
        m = found
        measure, kind = measure_at(m)
        if _NOT_THIS_BUDGET.search(sentence[max(0, m.start() - 8) : m.start()]):
            pos = m.end()  # `전년도 이월액`, `국고보조금 집행잔액`: another year's or another fund's
        else:
            gap = _GAP.match(sentence, m.end())
            at = gap.end() if gap else m.end()
            if kind == "amount" and at in amounts:
                add(measure, amounts[at][1].krw, m.start(), amounts[at][1].unit, amounts[at][0])
                pos = amounts[at][0]
            elif kind == "rate" and at in percents:
                add(measure, percents[at][1], m.start(), None, percents[at][0])
                pos = percents[at][0]
            else:
                pos = m.end()
        found = measure_re.search(sentence, pos) if pos < len(sentence) else None
    figures = [(s, e, "amount", a.krw, a.unit) for s, (e, a) in amounts.items()]
    figures += [(s, e, "rate", p, None) for s, (e, p) in percents.items()]
    for s, e, value_kind, value, unit in figures:  # the figure, then the verb (or words before it)
        for want in ("after", "before"):  # one of each: `남은 3,179만 원은 불용 처리` is both
            for measure, pattern in _phrases_for(want, value_kind):
                # (a search up to `s` sees the sentence as if it ended there: `$` matches at `s`)
                hit = pattern.match(sentence, e) if want == "after" else pattern.search(sentence, 0, s)
                if hit:
                    add(measure, value, s, unit, e)
                    break
    if _NOTHING_SPENT.search(sentence):
        add("spent_krw", 0, len(sentence))  # `아직 집행 실적이 없습니다`: nothing spent
    return tuple(sorted(out, key=lambda b: b.start))


def _is_base(sentence: str, b: Binding) -> bool:
    """A figure followed by 대비/보다 is the base of a comparison, not a statement of its own."""
    return bool(b.end) and bool(_BASE_AFTER.match(sentence, b.end))


_ACCOUNT_PARENS = re.compile(r"\s*\(([^()]{4,120})\)")  # parts by account after an amount
_ACCOUNT_PART = re.compile(r"(?P<acc>[가-힣]{0,8}(?:회계|기금))\s*[:：]?\s*")


def _by_account(sentence: str, b: Binding) -> list[tuple[str, int]]:
    """The parts by account stated in parentheses right after a bound amount."""
    m = _ACCOUNT_PARENS.match(sentence, b.end) if b.end and b.measure in AMOUNT_MEASURES else None
    if m is None:
        return []
    out = []
    for part in re.split(r",\s*|、", m.group(1)):
        acc = _ACCOUNT_PART.match(part.strip())
        amounts = find_amounts(part.strip()[acc.end() :]) if acc else []
        if acc and len(amounts) == 1:
            out.append((acc.group("acc"), amounts[0][2].krw))
    return out if len(out) >= 2 else []


@lru_cache(maxsize=1 << 14)
def subject_before(text: str) -> str | None:
    """The noun phrase that ends right before a measure: back to a particle or verb ending."""
    tokens = re.sub(r"[,()\[\]「」『』'\"‘’“”]", " ", text).split()
    out: list[str] = []
    for tok in reversed(tokens):
        if tok in _FILLER and not out:
            continue
        if out and _STOP_TOKEN.search(tok):
            break
        if not out and _STOP_TOKEN.search(tok) and not _PARTICLE_END.search(tok):
            break
        out.insert(0, _PARTICLE_END.sub("", tok) if not out else tok)
        if len(out) >= 5 or (len(out) > 1 and _PARTICLE_END.search(tok)):
            break
    return _clean_subject(" ".join(out))


_LEAD_IN_END = re.compile(r"(?:하면|보면)$")
_MONEY_WORD = re.compile(r"[억만원]")
_PART_OF = re.compile(r"(?:^|\s)중$")
_LETTER = re.compile(r"[가-힣A-Za-z]")
_MODIFIER = re.compile(r"(?:한|된|던|는|인|은|할|될)$")


@lru_cache(maxsize=1 << 14)
def _clean_subject(text: str) -> str | None:
    text = _LEAD_CLAUSE.sub("", text.strip())
    if _LEAD_IN_END.search(text):
        return None  # `… 결산을 총괄하면`: a lead-in with no subject after it
    subject = _TRAILING_FILLER.sub("", _LEAD_WORDS.sub("", text.strip())).strip(" ,")
    found = measure_of(subject)
    if found:  # `정보통신과 세출 예산현액` -> `정보통신과 세출`: the measure is not the subject
        subject = _PARTICLE_END.sub("", subject[: found[2].start()].strip())
    if not subject or (_MODIFIER.search(subject.split()[-1]) and len(subject.split()[-1]) <= 3):
        return None  # `쓰지 못한`: a modifier of the figure, not a subject
    if (_DIGIT.search(subject) and _MONEY_WORD.search(subject)) or _PART_OF.search(subject):
        return None  # `251억원이 조성되고`, `잉여금 중`: a clause, or a part of what was said before
    return subject if len(subject) >= 2 and _LETTER.search(subject) else None


@lru_cache(maxsize=1 << 14)
def topic(sentence: str) -> str | None:
    """`먼저 북구 스마트 경로당 구축 사업은 …` -> `북구 스마트 경로당 구축`: what the sentence is about."""
    m = _TOPIC.match(_LEAD_WORDS.sub("", sentence.strip()))
    if not m or _DIGIT.search(m.group("t")) or _NOT_A_TOPIC.match(m.group("t").strip()):
        return None
    if len(m.group("t").split()) > 6:
        return None
    return _clean_subject(m.group("t"))


def _announces(sentence: str) -> bool:
    """Whether a sentence ends as `_ANNOUNCED` requires (`… 사업입니다.`): most do not, and the
    pattern is not tried on them."""
    tail = sentence.rstrip()
    tail = tail[:-1].rstrip() if tail.endswith(".") else tail
    return tail.endswith(_ANNOUNCED_ENDS)


def _sentences(line: str) -> list[str]:
    r"""The sentences of a line, each with the stop that ends it (a stop alone is no sentence): what
    `(?:[^.?!]|[.?!](?=\d))+(?:[.?!]|$)` finds, in one scan for the stops."""
    out: list[str] = []
    pos = 0
    for m in _SENTENCE_STOP.finditer(line):
        if m.start() > pos:
            out.append(line[pos : m.end()])
        pos = m.end()
    if pos < len(line):
        out.append(line[pos:])
    return out


@dataclass
class Statement:
    subject: str
    lines: tuple[int, int]
    source: str
    values: dict[str, int | float] = field(default_factory=dict)
    unit: str | None = None
    fiscal_year: int | None = None
    layout: str = "prose"
    as_of: str | None = None


def read_prose(
    lines: list[str], skip: set[int], year: int | None, *, budget_alone: bool = False
) -> list[Statement]:
    """Statements of every line not in `skip`. `budget_alone`: a sentence that states only a
    program's budget (`X 사업은 예산 2억 3,100만 원 중 …`) is a statement too — in minutes and
    reports, not in news, where `예산 10억원` is a plan's figure."""
    out: list[Statement] = []
    member = False
    current: Statement | None = None
    for i, line in enumerate(lines, start=1):
        if i in skip or "\t" in line:
            continue
        speaker = _SPEAKER.match(line)
        if speaker:
            member = bool(_MEMBER.search(speaker.group("who")))
        if member:
            continue
        if speaker or (current is not None and i - current.lines[1] > _CONTINUES):
            current = None  # a new speaker, or too far: a subject-less sentence starts nothing
        announced: str | None = None
        for sentence in _sentences(line):
            if _QUESTION.search(sentence):
                continue  # a member's question restates figures loosely: not a statement
            binds = [b for b in bindings(sentence) if not _is_base(sentence, b)]
            if not binds:
                m = _ANNOUNCED.match(_LEAD_WORDS.sub("", sentence.strip())) if _announces(sentence) else None
                if m and not _DIGIT.search(m.group("t")):
                    announced = _clean_subject(m.group("t"))
                continue
            amounts = [b for b in binds if b.measure in AMOUNT_MEASURES]
            own = topic(sentence) or subject_before(sentence[: binds[0].start])
            if (
                own is None
                and current is not None
                and not set(b.measure for b in binds) & set(current.values)
            ):
                # no subject of its own: the sentence goes on about the statement before it (on this
                # line or a few lines below: `❍ 최종예산현액은 …` then `❍ 세출결산액은 …`)
                for b in binds:
                    current.values.setdefault(b.measure, b.value)
                if i != current.lines[1]:
                    current.lines = (current.lines[0], i)
                    current.source = "\n".join(lines[current.lines[0] - 1 : i])
                for b in binds:
                    for account, value in _by_account(sentence, b):
                        out.append(
                            Statement(
                                account, (i, i), line, {b.measure: value}, unit=b.unit, fiscal_year=year
                            )
                        )
                continue
            if not amounts or (
                len(binds) < 2 and amounts[0].measure == "budget_krw" and not (budget_alone and own)
            ):
                continue  # `예산 10억원` alone is a plan figure, not an execution statement
            subject = own or announced or ("계" if _WHOLE.search(sentence) else None)
            if subject is None or _REVENUE.search(subject) or _OTHER_YEAR.search(subject):
                continue
            values: dict[str, int | float] = {}
            for b in binds:
                values.setdefault(b.measure, b.value)
            current = Statement(
                subject,
                (i, i),
                line,
                values,
                unit=amounts[0].unit,
                fiscal_year=year,
                as_of=as_of_date(sentence, year),
            )
            out.append(current)
            # `세출결산액은 5,893억원(일반회계 5,783억원, 특별회계 109억원)`: the same measure by account
            for b in binds:
                for account, value in _by_account(sentence, b):
                    out.append(
                        Statement(account, (i, i), line, {b.measure: value}, unit=b.unit, fiscal_year=year)
                    )
    return out
