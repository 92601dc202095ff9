"""The statement readers: plan totals, splits (in prose, bulleted or one item a line), region
comparisons, a part's change, programs, organisations' budgets, multi-year plans."""

from __future__ import annotations

import itertools
import re
from collections import Counter as _Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from orchestration.extract import lexicons
from orchestration.extract.amounts import Amount
from orchestration.extract.lexicons import (
    NATIONAL,
    canonical_region,
    guess_dimension,
)
from orchestration.extract.literals import required_words, words_pattern
from orchestration.extract.news.figures import _DIGIT, _Fig, _figures, _paren_depth
from orchestration.extract.news.grammar import (
    _BULLET_SPLIT,
    _CLAUSE_TOKEN,
    _COMMA_SPLIT,
    _INTRO_CUT,
    _INVEST_VERBS,
    _ITEM_GAP,
    _LIST_BULLETS,
    _LIST_TOTAL,
    _ORG_SUFFIX,
    _QUOTE,
    _REMARK_WORDS,
    _SUBJECT_PARTICLE,
    _TRIVIAL_TAIL,
    _VERBAL_NOUNS,
    _bullet_item_before,
    _clean_program_name,
    _noun_phrase_before,
    _parse_period,
    _read_paren_parts,
)
from orchestration.extract.news.meaning import (
    _CATEGORY_NAME,
    _DECREASE,
    _DIMENSION_WORDS,
    _GROWTH_WORDS,
    _JOBS,
    _PRIOR_WORDS,
    _TOPIC_PARTICLE,
    _clean_label,
    _dimension_named,
    _label_dimension,
    _scope_of,
    _subject_region,
    canonical_label,
)
from orchestration.extract.news.segment import _sentences
from orchestration.extract.news.state import _Item, _OrgBudget, _Program, _State, _Subtotal, _Total
from orchestration.extract.text import name_key

_EXAMPLE_AFTER = re.compile(r"\s*['‘\"“「][^'’\"”」]{2,60}['’\"”」]\s*(?:등|외)?\s*$")
_EXAMPLE_BEFORE = re.compile(r"^.{2,60}?\s등\s+(?=\S)")
_ENDS_WITH_ETC = re.compile(r"\s등$")
_TARGET_PARTICLE = re.compile(r"(?<=[가-힣]{2})(?:에는|에)$")


@lru_cache(maxsize=1 << 14)
def _without_examples(label: str) -> str:
    """A split's label without the examples a writer puts in it: `스마트시티조성 분야
    '스마트시티실증단지 조성사업' 등` -> `스마트시티조성 분야`, `민원시스템 구축 등 시스템 구축` ->
    `시스템 구축`, `정보화전략수립에` -> `정보화전략수립`. Cached: a pure function, and the
    labels of a list come back in every article that states it."""
    label = _EXAMPLE_AFTER.sub("", label).strip()
    if not _ENDS_WITH_ETC.search(label):
        label = _EXAMPLE_BEFORE.sub("", label).strip()
    return _TARGET_PARTICLE.sub("", label)


# `X에 60억원` / `X를 위해 199억원`: the amount a program gets, in an enumeration of them.
_TARGET_END = re.compile(r"(?<=\S)(?:에|에는|에도)\s*$|(?:을|를)\s*위(?:해|하여)\s*$")
_ENUMERATED = re.compile(r"(?:[가-힣A-Za-z)]\s?에|위해|위하여)\s*[\d,.]+\s*(?:조|억|만|천)")
_ENUMERATED_PLAIN = re.compile(r"사업\s*[\d,.]+\s*(?:조|억|만|천)")
_NAMED_PROGRAM = re.compile(r"(?P<head>\S.*?\s?사업)\s*$")
_BASE_AFTER = re.compile(r"\s*(?:보다|대비|에\s*비해|에\s*비하여|와\s*비교)")
# `_read_item`: what a label may start or end with
_WORD_AFTER = re.compile(r"\s*[가-힣A-Za-z]")
_OPEN_PAREN_END = re.compile(r"\(\s*$")
_LABEL_LEAD = re.compile(r"^(?:이\s*중|그\s*중|특히|또|및|이어|이어서|뒤이어|다음으로|그\s*다음)\s+")
# `read_item_change`: where the next clause with a topic of its own starts
_TOPIC_CLAUSE = re.compile(r",\s+(?=[^\s,]{2,20}?(?:은|는|도)\s)")
_CLOSING_PAREN = re.compile(r"^\s*\)")
_VERB_END = re.compile(r"[다며고]\s*$")
_PARTICLE_END = re.compile(r"(?:의|에만|에서|을|를)\s*$")
# `read_totals`: where a sentence is cut into clauses, and a count or amount right before a comma
# (a comma not between digits; the lookbehind after the comma, so a scan skips to commas and spaces)
_TOTAL_CUTS = re.compile(r",(?<!\d,)(?!\d)|\s(?:특히|이\s*중|그\s*중|이중)\s")
_FIGURE_AFTER_COMMA = re.compile(r",\s*(?:총\s*)?\d")
_COUNT_OR_AMOUNT_END = re.compile(r"(?:\d\s*(?:건|개)(?:\s*(?:세부)?사업)?|원\s*(?:규모)?)\s*$")
_TOTAL_WORD_FIGURE = re.compile(r"(?:총|모두|전체)\s*(?:사업비\s*)?\d")
# `note_quoted_program`: a quoted program launched, and a list of main programs
_LAUNCHED = re.compile(r"(?:추진|시행|착수|시작|전개|구축|실시)(?:한다|하고|할|하며|된다)")
_MAIN_PROGRAMS = re.compile(r"주요\s*사업")
# `read_program_list`: a bulleted program and its parentheses (`△세무종합시스템 … 증설(54억8900만원, 세무과)`),
# also with a note in parentheses attached to the name (`△… 고도화(시민참여)(254억원, 정보공개정책과)`)
_LISTED_PROGRAM = re.compile(r"\s*(?P<name>[^()]{2,80}?)\s*\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)")
_NOTED_PROGRAM = re.compile(r"\s*(?P<name>[^()]{2,80}?\([^()\d]{1,20}\))\s*\((?P<inner>[^()]*)\)")
_RANK_CUT = re.compile(r"가장\s*(?:많았고|많고|많으며|많았으며|컸고|크고|높았고)\s")


@lru_cache(maxsize=1 << 14)
def _item_label(label_text: str, bulleted: bool) -> tuple[str, str] | None:
    """The intro and the label of a part from the text before its figures (`기관별로는 서울시` ->
    `기관별로는 `, `서울시`), or None when it names no part. Cached: a pure function, and the same
    labels come back in sentence after sentence."""
    label_text = label_text.rstrip(" (")
    intro_m = _INTRO_CUT.match(label_text)
    intro = intro_m.group(0) if intro_m else ""
    label = label_text[len(intro) :].strip()
    label = _LABEL_LEAD.sub("", label)
    label = _without_examples(label)
    if (not bulleted and _CLAUSE_TOKEN.search(label)) or _SUBJECT_PARTICLE.search(label):
        # `입법부와 사법부를 포함한 51개 중앙행정기관이 786개 …`: the subject before the figures
        label = _SUBJECT_PARTICLE.sub("", _noun_phrase_before(label, len(label), max_tokens=4))
    bad_label = (
        not label
        or len(label) > 50
        or _VERB_END.search(label)
        or _PARTICLE_END.search(label)  # `1분기에만 전체 예산의 51.6%`
        or _scope_of(label)
    )
    if bad_label and not (label and _label_dimension(label)):
        return None
    return intro, label


def _read_item(
    sentence: str, a: int, b: int, figs: list[_Fig], idx: list[int], *, bulleted: bool = False
) -> dict[str, Any]:
    """One chunk of a sentence as a part of a list: its label, figures and what comes before and
    after them (a dimension keyword may start a list or end one). `idx`: the figures not yet read
    that start in the chunk."""
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
    # `25개 자치구`: a count that is part of the label, not the item's figure
    while idx and figs[idx[0]].kind == "count" and not figs[idx[0]].project:
        if not _WORD_AFTER.match(sentence[figs[idx[0]].end : b]):
            break
        idx = idx[1:]
    intro_end = figs[idx[0]].start if idx else b
    item["intro_dim"] = _dimension_named(sentence[a:intro_end])
    if not idx:
        return item
    first = figs[idx[0]]
    label_text = sentence[a : first.start]
    if _OPEN_PAREN_END.search(label_text) and not (
        first.kind == "count" or any(figs[k].kind in ("count", "percent") for k in idx[1:3])
    ):
        return item  # `NAME(amount, org)`: a program, not a split
    labelled = _item_label(label_text, bulleted)
    if labelled is None:
        return item
    intro, label = labelled
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
    if closing := _CLOSING_PAREN.match(tail):
        tail_start += len(closing.group(0))
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
        item["tail_dim"] = _dimension_named(tail)
        item["ends_list"] = True
    return item


@dataclass(frozen=True)
class _ListRead:
    """One list of a sentence's parts, as its words state it (before it joins the state)."""

    dim: str
    scope: str
    scope_stated: bool
    ends_etc: bool
    subtotal: int | None  # the figure (an index into the sentence's) of the list's own stated total
    # each part: label, projects, amount, share, and the figures it took
    items: tuple[tuple[str, int | None, Amount | None, float | None, tuple[int, ...]], ...]


@lru_cache(maxsize=1 << 14)
def _breakdown_lists(sentence: str, used: frozenset[int]) -> tuple[_ListRead, ...]:
    """The lists of parts in a sentence whose figures (`_figures`) not in `used` are still to read:
    `기관별로는 ▴서울시 355건(1,562억 원) ▴…`, `CCTV 69건(316억 원), …`. Cached: a pure function of
    the sentence and the figures read before, and sentences come back from article to article."""
    figs = _figures(sentence)
    bullets = [m.start() for m in _BULLET_SPLIT.finditer(sentence)]
    if bullets:
        cuts = bullets
    else:
        cuts = [m.start() for m in _COMMA_SPLIT.finditer(sentence) if _paren_depth(sentence, m.start()) == 0]
        # a ranking (`유지관리가 612개사업으로 가장 많았고 장비 도입 241개사업, …`): one item each side
        cuts = sorted([*cuts, *(m.end() - 1 for m in _RANK_CUT.finditer(sentence))])
    bounds = [-1, *cuts, len(sentence)]
    chunks = [(a + 1, b) for a, b in itertools.pairwise(bounds) if b > a + 1]
    if len(chunks) < 2 and _DIMENSION_WORDS is not None and not _DIMENSION_WORDS.search(sentence):
        return ()  # one part alone is a list only under a dimension keyword (`기관별로는 서울시 …`)
    parsed: list[dict[str, Any]] = []
    # the figures not yet read, in order: each chunk's are the next run of them (chunks are in order)
    free = [k for k in range(len(figs)) if k not in used]
    n = 0
    for a, b in chunks:
        while n < len(free) and figs[free[n]].start < a:
            n += 1
        end = n
        while end < len(free) and figs[free[end]].start < b:
            end += 1
        parsed.append(_read_item(sentence, a, b, figs, free[n:end], bulleted=bool(bullets)))
        n = end
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
    out: list[_ListRead] = []
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
        # `… 사물인터넷(17개) 516억원 등 총 2433억원이 할애된다`: the list's own stated total
        stated = _LIST_TOTAL.match(lst[-1]["tail"])
        subtotal = None
        if stated:
            at = lst[-1]["tail_start"] + stated.end()
            subtotal = next((k for k, f in enumerate(figs) if f.start == at and f.kind == "amount"), None)
        out.append(
            _ListRead(
                dim=dim,
                scope=scope_found[0] if scope_found else "all",
                scope_stated=scope_found is not None,
                ends_etc=bool(re.match(r"\s*등", lst[-1]["tail"])),
                subtotal=subtotal,
                items=tuple(
                    (it["label"], it["projects"], it["amount"], it["share"], tuple(it["fig_idx"]))
                    for it in lst
                ),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _total_clauses(sentence: str) -> tuple[tuple[int, int, tuple[str, int] | None], ...]:
    """The clauses a plan total is read from (start, end, the plan scope each names). Cached: a pure
    function of the sentence, and sentences come back from article to article."""
    cuts = [
        m.start()
        for m in _TOTAL_CUTS.finditer(sentence)
        # `58개 사업, 805억원을`, `700억원 규모, 279개 정보화 사업`: a count and its amount are one
        # phrase (the figure after the comma is looked for first: it is one match, not a search)
        if not (
            _FIGURE_AFTER_COMMA.match(sentence, m.start())
            and _COUNT_OR_AMOUNT_END.search(sentence[: m.start()])
        )
    ]
    bounds = [0, *cuts, len(sentence)]
    return tuple((a, b, _scope_of(sentence[a:b])) for a, b in itertools.pairwise(bounds))


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
        if "예산" not in sentence:
            return  # (both patterns end in `예산…`: a sentence without the word states no org budget)
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

    _MY_PLAN_PARTS = re.compile(
        r"\d+\s*대\s*(?:추진\s*)?전략|\d+\s*개\s*(?:실행|세부|핵심|추진|중점)?\s*과제"
    )
    _MY_PLAN_WORDS = words_pattern(required_words(_MY_PLAN_PARTS))
    _MY_TASK_AFTER = re.compile(r"\s*(?:실행|세부|핵심|추진|중점)?\s*과제")

    def read_multi_year(self, i: int, sentence: str, figs: list[_Fig], used: set[int]) -> None:
        amounts = [(k, f) for k, f in enumerate(figs) if f.kind == "amount" and k not in used]
        # (the span pattern has no anchor or lookaround: a window of a sentence without a span holds none)
        for k, f in amounts if amounts and self._MY_SPAN.search(sentence) else ():
            window = sentence[max(0, f.start - 25) : f.start]
            if self._MY_SPAN.search(window) and "개월" not in window:
                used.add(k)
                self.s.my_amounts.append((i, f.amount, sentence))  # type: ignore[arg-type]
                self.s.my_lines.add(i)
        words = self._MY_PLAN_WORDS  # (the pattern starts with a number: a scan of it tries every digit)
        if (words is None or words.search(sentence)) and self._MY_PLAN_PARTS.search(sentence):
            for k, f in enumerate(figs):
                if f.kind == "count" and self._MY_TASK_AFTER.match(sentence[f.end :]):
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
            m = _LISTED_PROGRAM.match(chunk)
            if not m:
                continue
            # a note attached to the name before the figures: `△… 고도화(시민참여)(254억원, 정보공개정책과)`
            noted = _NOTED_PROGRAM.match(chunk)
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
        """The sentence's lists (`_breakdown_lists`, `figs` being its figures) as parts of the plan."""
        if sum(k not in used for k in range(len(figs))) < 2:
            return  # a list is two items or one with a count and an amount: two figures not yet read
        for lst in _breakdown_lists(sentence, frozenset(used)):
            self.s.scope_stated[self.s.n_lists + 1] = lst.scope_stated
            self.s.n_lists += 1
            k = lst.subtotal
            if k is not None and k not in used:
                used.add(k)
                self.s.subtotals.append(_Subtotal(i, self.s.n_lists, None, figs[k].amount))
            for n, (label, projects, amount, share, fig_idx) in enumerate(lst.items):
                used.update(fig_idx)
                self.s.items.append(
                    _Item(
                        i,
                        region,
                        lst.scope,
                        lst.dim,
                        label,
                        projects,
                        amount,
                        share,
                        n + 1,
                        self.s.n_lists,
                        ends_with_etc=lst.ends_etc,
                    )
                )

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
            if mention and not _TOPIC_PARTICLE.match(clause, mention.end("alias")):
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
        """Each clause whose topic is a part already read (`중앙행정기관은 …, 지자체는 …`) states that
        part's change: counts and amounts after the prior-year word, each with its percentage, or
        percentages alone in the order the clause names them (`사업과 예산은 … 7.6%, 4.2% 늘었다`).
        A figure followed by 보다 / 대비 / 에 비해 is the prior year's base, not the change."""
        if not _PRIOR_WORDS.search(sentence):
            return  # no clause states a change without a prior-year word, and none is in the sentence
        starts = [0] + [m.end() for m in _TOPIC_CLAUSE.finditer(sentence)]
        for a, b in itertools.pairwise([*starts, len(sentence)]):
            self._read_clause_change(i, sentence, a, b, figs, used)

    def _read_clause_change(
        self, i: int, sentence: str, a: int, b: int, figs: list[_Fig], used: set[int]
    ) -> None:
        clause = sentence[a:b]
        prior = _PRIOR_WORDS.search(clause)
        topic = self._TOPIC.match(clause)
        if prior is None or topic is None or not _GROWTH_WORDS.search(clause[prior.end() :]):
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
        sign = -1 if _DECREASE.search(clause[prior.end() :]) else 1
        mine = [
            (k, f)
            for k, f in enumerate(figs)
            if k not in used and a + prior.end() <= f.start < b and not _BASE_AFTER.match(sentence, f.end)
        ]
        if mine and all(f.kind == "percent" for _, f in mine):
            # percentages alone, in the order the clause names what changed
            order = ["projects" if re.search(r"사업\s*(?:수|과)|건수", clause) else "amount", "amount"]
            for (k, f), what in zip(mine, order, strict=False):
                if what == "projects":
                    item.projects_growth = sign * (f.percent or 0.0)
                else:
                    item.growth = sign * (f.percent or 0.0)
                used.add(k)
            item.change_line = i
            return
        last: str | None = None
        for k, f in mine:
            if f.kind == "count" and f.count and item.projects_change is None:
                item.projects_change, last = sign * f.count.value, "count"
            elif f.kind == "amount" and f.amount and item.amount_change is None:
                item.amount_change, last = sign * f.amount.krw, "amount"
            elif f.kind == "percent" and f.percent is not None and last == "count":
                item.projects_growth, last = sign * f.percent, None
            elif f.kind == "percent" and f.percent is not None and last in ("amount", None):
                item.growth, last = sign * f.percent, None
            else:
                continue
            used.add(k)
        for k, f in enumerate(figs):  # the prior year's base: read, not a change
            if k not in used and a + prior.end() <= f.start < b and _BASE_AFTER.match(sentence, f.end):
                used.add(k)
        item.change_line = i

    # .. growth: `작년 대비 7%(3459억 원) 증가`

    def read_growth(self, i: int, sentence: str, figs: list[_Fig], used: set[int], region, *, headline: bool):
        prior_m = _PRIOR_WORDS.search(sentence)
        if headline or prior_m is None:
            return
        if not (
            _GROWTH_WORDS.search(sentence[prior_m.end() :])
            or re.search(r"대비|보다", sentence[prior_m.end() :])
        ):
            return  # `지난해 참석한 업체 가운데 62%가 …`: last year, but no change of the plan
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
            if total.prior is not None and cur and abs((cur - total.prior) - v) <= max(0.01 * cur, 10**8):
                total.amount_change = sign * v  # `지난해 612억원보다 193억원(31.5%) 늘어난`: both stated
                used.add(k)
                self._count_change(total, f, figs, used, sign)
                break
            if total.prior is not None:
                break
            if cur and g is not None:
                if abs(v * (1 + g) - cur) <= 0.01 * cur:
                    total.prior = v
                elif abs((cur - v) - cur / (1 + g)) <= 0.01 * cur:
                    total.prior = cur - v
                    total.amount_change = sign * v  # the stated change; the prior follows from it
                    self._count_change(total, f, figs, used, sign)
                else:
                    continue
            elif cur:
                # the growth rate is recorded only when stated: one computed here would pass for
                # the document's own figure
                if v > cur / 3:
                    total.prior = v
                else:
                    total.prior, total.amount_change = cur - sign * v, sign * v
                    self._count_change(total, f, figs, used, sign)
            else:
                total.prior = v
            used.add(k)
        total.lines.add(i)

    @staticmethod
    def _count_change(total: _Total, delta: _Fig, figs: list[_Fig], used: set[int], sign: int) -> None:
        """`… 에 비해 36개 사업 614억원(27.6%)이 증가`: the project count right before the change."""
        for k, f in enumerate(figs):
            if (
                k not in used
                and f.kind == "count"
                and f.project
                and f.count
                and 0 <= delta.start - f.end <= 8
            ):
                total.projects_change = sign * f.count.value
                used.add(k)

    # .. plan totals: `1,045건 정보화 사업에 3,213억 원`, `정보화사업 3,213억 원(1,045건)`

    def read_totals(self, i: int, sentence: str, figs: list[_Fig], used: set[int], region, *, headline: bool):
        made: list[_Total] = []
        for a, b, scope in _total_clauses(sentence):
            clause = sentence[a:b]
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
                has_total_word = re.search(
                    r"총|모두|전체|올해|금년|규모|(?:새해|내년도?)(?=\s*정보화)", clause
                )
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
            if headline or not _TOTAL_WORD_FIGURE.search(clause):
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
            # a launch verb after the quote (the particles that may stand between are optional)
            if _LAUNCHED.search(rest):
                name = _clean_program_name(m.group(1))
                prog = _Program(i, {i}, self.region_for(i, sentence), name)
                prog.period = _parse_period(sentence, self.s.fiscal_year, self.s.published_on)
                self.last_program, self.last_program_line = prog, i
                return
        if _MAIN_PROGRAMS.search(sentence):
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
        # 6. `노후 행정망 교체에 32억원을 들인다`, and enumerations of them with or without a verb
        #    (`… 구축에 60억원, … 조성에 27억원 등 48개 사업에`), `… 활성화를 위해 199억원`
        spends = re.match(
            r"\s*(?:\([^()]*\))?\s*(?:을|를|이|가)?\s*(?:들인다|들여|들어|투입|투자|배정|편성|쓰인|쓴다)",
            after,
        )
        goes_on = re.match(r"\s*(?:을|를|이|가)?\s*(?:,|과\s|와\s|및\s|등|을\s*비롯)", after)
        listed = goes_on and (_INVEST_VERBS.search(after) or len(_ENUMERATED.findall(sentence)) >= 2)
        target = _TARGET_END.search(before)
        if target and (spends or listed):
            head = before[: target.start()].rstrip()
            name = _clean_program_name(_noun_phrase_before(head, len(head), max_tokens=5))
            if name and not _scope_of(name + " 사업") and not re.search(r"\d", name):
                return self._add(_Program(i, {i}, region, name, amount, period=period))
        # 7. `국토교통부 스마트시티 솔루션 확산 사업 80억원과 행정안전부 디지털타운 조성 사업 20억원, …`
        #    (the name's pattern, slow where it fails, is tried only on a text ending in 사업)
        enumerated = goes_on and len(_ENUMERATED_PLAIN.findall(sentence)) >= 2
        named = _NAMED_PROGRAM.search(before) if enumerated and before.rstrip().endswith("사업") else None
        if named:
            name = _clean_program_name(
                _noun_phrase_before(named.group("head"), len(named.group("head")), max_tokens=6)
            )
            name = re.sub(r"^\S+(?:부|청|처|원|공단|공사)\s+", "", name)  # the ministry is not the name
            if name and not re.search(r"\d", name) and not _scope_of(name + " 사업"):
                return self._add(_Program(i, {i}, region, name, amount, period=period))
        return None

    def _add(self, prog: _Program) -> _Program:
        self.s.programs.append(prog)
        self.last_program, self.last_program_line = prog, prog.line
        return prog


_ITEM_BULLETS = (*_LIST_BULLETS, "-", "·", "*")  # what `_LINE_ITEM`'s bullet group matches
_LINE_ITEM = re.compile(
    rf"^\s*(?P<bullet>[{_LIST_BULLETS}\-·*]+)?\s*"
    rf"(?:(?P<label>[^:：]{{2,40}}?)\s*[:：]\s*(?=\d)|(?P<bare>[^:：(]{{2,40}}?)\s*(?=[\d(]))"
)
# A line that is nothing but a label and its figures (`도 본청(108개사업 734억 원)`): an item even
# without a bullet.
# (no part of it matches a `.`: a line with one, as every sentence of prose, is not tried)
_BARE_ITEM_LINE = re.compile(r"^(?:\d+\s*개\s*)?[^\d.]{2,40}?\s*[(:：]?\s*[\d(][^.]{0,40}?\)?\s*(?:등)?\s*$")


_LABEL_GAP = re.compile(r"[\s:：(]*")


@lru_cache(maxsize=1 << 15)
def _line_item(line: str) -> tuple[str, tuple[_Fig, ...]] | None:
    """The label and figures of a line that may be one item of a list laid out one item a line
    (`ㆍ시스템 구축 : 6건 / 842백만원`), else None. Cached: a pure function of the line, and half
    the lines of a run of articles were seen before."""
    if not _DIGIT.search(line):
        return None  # an item's figures hold a digit: a line without one is no item, and no pattern is tried
    if "." in line and not line.lstrip().startswith(_ITEM_BULLETS):
        return None  # a line with a `.` is an item only with a bullet, which opens it: prose is not tried
    m = _LINE_ITEM.match(line)
    if m is None or (not m.group("bullet") and ("." in line or not _BARE_ITEM_LINE.match(line))):
        return None
    label_end = m.end("label") if m.group("label") else m.end("bare")
    figs = tuple(f for f in _figures(line) if f.start >= label_end)
    if not figs or not _LABEL_GAP.fullmatch(line[label_end : figs[0].start]):
        return None  # the figures must follow the label: `연구(SBS·MBC 등 42건)` counts something else
    if sum(1 for f in figs if f.kind == "count") > 1:
        return None  # `시정요구 62건 : 완료 41건, 추진중 19건`: counts of something else than projects
    has_project = any(f.kind == "count" and f.project for f in figs)
    amounts = sum(1 for f in figs if f.kind == "amount")
    if (has_project or amounts) and amounts <= 1:
        return m.group("label") or m.group("bare"), figs
    return None


def _read_line_lists(state: _State, body_lines: list[int], region: str | None) -> set[int]:
    """A list laid out one item a line (`ㆍ시스템 구축 : 6건 / 842백만원`) under a heading that names
    its dimension (`○ 사업유형별 현황`): read as one split. Returns the lines read."""
    runs: list[list[tuple[int, str, tuple[_Fig, ...]]]] = []
    current: list[tuple[int, str, tuple[_Fig, ...]]] = []
    for i in body_lines:
        item = _line_item(state.lines[i])
        if item is not None:
            current.append((i, *item))
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
        dim = _dimension_named(heading)
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
