"""Where the article is: page furniture, photo captions, related-article boxes and the trailing
material are cut; the headline and body are told apart; a multi-region article is cut into
its regions' sections; a line into its sentences."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from orchestration.extract import lexicons
from orchestration.extract.literals import required_words, words_pattern

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
# or any short line that ends in a photo credit: `… 설명회 모습. ⓒ뉴스브리지 DB`, `… 전경 ⓒ News1 윤일지 기자`
_CREDIT_CAPTION = re.compile(r"^(?!.*(?:무단|저작권|재배포|Copyright|All rights)).{0,80}[ⓒ©][^.。ⓒ©]{1,25}$")
# every credit caption holds one of these (its lookahead scans the whole line: it is tried only then)
_CREDIT_MARKS = ("ⓒ", "©")


# Lines that close the article: what follows is someone else's (related / best articles, ads).
_TAIL_START = re.compile(
    r"(?:^\[[^\]]*(?:베스트|인기|추천|관련|많이\s*본|주요)\s*(?:기사|뉴스)[^\]]*\]$|"
    r"^(?:관련\s*기사|많이\s*본\s*뉴스|인기\s*기사|추천\s*기사|다른\s*기사|이\s*시각\s*주요뉴스)|"
    r"저작권자|무단\s*전재|재배포\s*금지|Copyright|ⓒ|©|기자의\s*다른\s*기사|"
    r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$|"
    r"^[가-힣]{2,4}\s*(?:기자|특파원|객원기자)\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)


@cache
def _tail_words() -> re.Pattern[str] | None:
    """Any of the words one of which every match of `_TAIL_START` holds (derived from it)."""
    return words_pattern(required_words(_TAIL_START))


def _may_start_tail(line: str) -> bool:
    """A line without one of `_tail_words` does not close the article: the long pattern is not tried."""
    words = _tail_words()
    return words is None or words.search(line) is not None


_BULLET_PREFIX = re.compile(r"^\s*(?:•|·|-|\*)\s+")


_DECLARATIVE = re.compile(r"다[.\"'”’]?(?:\s|$)|[다요]\.")


@lru_cache(maxsize=1 << 15)
def _is_prose(line: str) -> bool:
    """A body sentence, not a title: long and ending like a Korean declarative sentence. (This and
    the other tests of one line are cached: pure functions, and half the lines of a run of
    articles were seen before.)"""
    return len(line) >= 30 and bool(_DECLARATIVE.search(line))


@cache
def _section_re() -> re.Pattern[str]:
    aliases = sorted(lexicons.region_by_alias(), key=len, reverse=True)
    alt = "|".join(re.escape(a) for a in aliases)
    return re.compile(
        rf"^\s*(?:(?:[◇◆■□●○▶▷◈▣◎#]+|\d+[.)])\s*(?P<a>{alt})\s*(?:$|[=:：\-–—]\s*|\s+(?=[가-힣]))"
        rf"|[\[【<〈《]\s*(?P<b>{alt})\s*[\]】>〉》]\s*)"
    )


@lru_cache(maxsize=1 << 15)
def _section_region(line: str) -> str | None:
    m = _section_re().match(line)
    if not m:
        return None
    return lexicons.region_by_alias()[m.group("a") or m.group("b")]


# (a `.` after a word, a closing bracket or quote or `%`, before a space or the end; `…`; `...`:
# every branch starts with its mark, so a scan skips to the marks instead of trying each position)
_SENTENCE_END = re.compile(r"\.(?<=[가-힣)\]'\"’”%]\.)(?=\s|$)|…+|\.{3}")


@lru_cache(maxsize=1 << 15)
def _sentences(line: str) -> tuple[tuple[int, int], ...]:
    """Where a line's sentences are: (start, end) spans, each with its end mark (cached: the readers
    and the coverage count both cut a line, and lines come back from article to article)."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(line):
        if line[start : m.start()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if line[start:].strip():
        spans.append((start, len(line)))
    return tuple(spans)


@lru_cache(maxsize=1 << 15)
def _is_furniture(line: str) -> bool:
    """An empty line, page furniture or a photo caption."""
    return (
        not line
        or _FURNITURE.match(line) is not None
        or _CAPTION.match(line) is not None
        or (any(mark in line for mark in _CREDIT_MARKS) and _CREDIT_CAPTION.match(line) is not None)
    )


def segment_article(lines: list[str]) -> tuple[list[int], list[int]]:
    """Where the article is: its headline lines and its body lines, without page furniture, photo
    captions, related-article boxes and the trailing material that is not the article's."""
    n = len(lines)
    furniture = {i for i, line in enumerate(lines) if _is_furniture(line)}
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
        if i in furniture or not _may_start_tail(lines[i]) or not _TAIL_START.search(lines[i]):
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

    return headline_lines, body_lines


def _sections(lines: list[str], body_lines: list[int]) -> tuple[dict[int, str | None], bool]:
    """The region each body line falls under, in an article with one section per region."""
    sections: dict[int, str | None] = {}
    current: str | None = None
    has_sections = False
    for i in body_lines:
        found = _section_region(lines[i])
        if found:
            current, has_sections = found, True
        sections[i] = current
    return sections, has_sections
