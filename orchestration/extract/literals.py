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
