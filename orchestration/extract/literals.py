"""Words a pattern's every match holds, read from the pattern itself.

A reader that tries many lexicon patterns on every sentence can first ask whether the sentence
holds any word one of them needs (`집행`, `이월`, `불용` ...): a scan for literals (`words_pattern`)
is far cheaper than a search of a pattern with no literal start, and the lexicons stay data, since
the words are derived from the patterns rather than written down a second time. The derivation only
ever under-claims: where it cannot name a required word (a class, a wildcard, an optional part) it
names none, and then the caller must try the pattern. It reads the parse tree of `re`'s own parser
(`re._parser`, as in the pinned Python 3.11).
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

Words = frozenset[str]


def _better(a: Words | None, b: Words | None) -> Words | None:
    """The more telling of two requirements: longer shortest word, then fewer words."""
    if a is None or b is None:
        return a if b is None else b
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_SPACE_ITEMS = ((sre.LITERAL, ord(" ")), (sre.IN, [(sre.CATEGORY, sre.CATEGORY_SPACE)]))


def _is_optional_space(op: Any, av: Any) -> bool:
    r"""`\s*`, `\s?`, ` *`: what matches only the empty string in a text without whitespace."""
    return op in _REPEATS and av[0] == 0 and len(av[2]) == 1 and av[2][0] in _SPACE_ITEMS


def _required(items: Any, spaceless: bool = False) -> Words | None:
    """Words one of which every match of a parsed sequence holds, or None when none is known.
    `spaceless`: the text holds no whitespace, so an optional space does not end a word."""
    best: Words | None = None
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if spaceless and _is_optional_space(op, av):
            continue
        if run:  # a run of literals is one word every match holds
            best = _better(best, frozenset({"".join(run)}))
            run = []
        if op is sre.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags & re.IGNORECASE:
                best = _better(best, _required(sub, spaceless))
        elif op is sre.ATOMIC_GROUP:
            best = _better(best, _required(av, spaceless))
        elif op in _REPEATS and av[0] >= 1:
            best = _better(best, _required(av[2], spaceless))
        elif op is sre.BRANCH:
            alternatives = [_required(alt, spaceless) for alt in av[1]]
            if all(alt is not None for alt in alternatives):
                best = _better(best, frozenset().union(*alternatives))  # type: ignore[arg-type]
        # classes, wildcards, anchors and lookarounds require no word of their own
    return best


def required_words(pattern: re.Pattern[str], *, spaceless: bool = False) -> Words | None:
    r"""Words one of which every match of `pattern` holds (`(?:집행|지출)된\s*$` -> {집행, 지출}),
    or None when the pattern does not say (a text must then be searched whatever it holds).
    `spaceless`: the words for texts without whitespace (a table cell): `예\s*산` holds `예산` there."""
    if pattern.flags & re.IGNORECASE:
        return None
    return _required(sre_parse.parse(pattern.pattern, pattern.flags), spaceless)


def all_required_words(patterns: list[re.Pattern[str]], *, spaceless: bool = False) -> Words | None:
    """Words one of which every match of any of `patterns` holds, or None if one pattern says none."""
    out: set[str] = set()
    for pattern in patterns:
        words = required_words(pattern, spaceless=spaceless)
        if words is None:
            return None
        out |= words
    return frozenset(out)


def words_pattern(words: Words | None) -> re.Pattern[str] | None:
    """One pattern that finds any of `words`: a text is scanned once, not once per word (a scan for
    literals alone is fast). None when there are no words to look for (the text must be searched)."""
    if words is None:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))


# --- the characters a match can start with --------------------------------------------------------

_CLASS_OF_CATEGORY = {
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


class _Unknown(Exception):
    """A part whose first characters are not named here (a wildcard, a negated class, a reference)."""


def _class_items(items: Any) -> list[str]:
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CLASS_OF_CATEGORY:
            out.append(_CLASS_OF_CATEGORY[av])
        else:  # NEGATE, an unusual category
            raise _Unknown
    return out


def _firsts(items: Any) -> tuple[list[str], bool]:
    """The class items a match of a parsed sequence can start with, and whether it can be empty."""
    out: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            return [*out, re.escape(chr(av))], False
        if op is sre.IN:
            return [*out, *_class_items(av)], False
        if op in _ZERO_WIDTH:
            continue  # an anchor or a lookaround consumes nothing: the next part starts the match
        if op is sre.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise _Unknown
            sub, empty = _firsts(av[3])
        elif op is sre.ATOMIC_GROUP:
            sub, empty = _firsts(av)
        elif op is sre.BRANCH:
            parts = [_firsts(alt) for alt in av[1]]
            sub, empty = [c for p, _ in parts for c in p], any(e for _, e in parts)
        elif op in _REPEATS:
            sub, empty = _firsts(av[2])
            empty = empty or av[0] == 0
        else:  # a wildcard, a negated literal, a group reference, a conditional
            raise _Unknown
        out.extend(sub)
        if not empty:
            return out, False
    return out, True


def first_chars(pattern: re.Pattern[str]) -> str | None:
    r"""A character class every match of `pattern` starts with (`[집미잔\s]`), or None when the
    pattern can match the empty string or starts with something not read here."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        items, empty = _firsts(sre_parse.parse(pattern.pattern, pattern.flags))
    except _Unknown:
        return None
    return None if empty or not items else "[" + "".join(dict.fromkeys(items)) + "]"


def with_first_chars(pattern: re.Pattern[str]) -> re.Pattern[str]:
    r"""`pattern` behind a lookahead for the characters its matches start with: the same matches at
    the same places, found faster by `search`, since `re` skips to a start character when a pattern
    begins with a class and otherwise tries every branch of an alternation at every position
    (`(?:최종|당초|총)?\s*예산\s*현액|…`). The pattern itself when no such class is known."""
    chars = first_chars(pattern)
    if chars is None:
        return pattern
    newline = "\n" if pattern.flags & re.VERBOSE else ""  # (a verbose pattern may end in a comment)
    try:
        return re.compile(f"(?={chars})(?:{newline}{pattern.pattern}{newline})", pattern.flags)
    except re.error:  # global inline flags (`(?x)…`) must stay first: keep the pattern as it is
        return pattern
