"""Ⅴ. 행정사무감사 처리결과: the stated summary and the items, findings paired with answers.

The two-column table (finding | 조치결과) reaches us in three shapes: a row on one line
(`○ finding (부서)<TAB> 추진상황 : … □ 추진내용 …`), a finding whose answer follows as its own
`□ 추진상황 / □ 추진내용 / □ 향후계획` block after one or more findings, and both columns
interleaved in one line. A small state machine reads the section line by line: a finding ends at
its responsible unit in parentheses; answer blocks go, in order, to the findings still waiting
for one. Nothing is concatenated across the columns on purpose; where the source interleaves the
columns inside a line, the finding text may keep fragments of the answer (documented limit).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from orchestration.extract.audit_counts import audit_kind
from orchestration.extract.literals import with_first_chars
from orchestration.extract.records import AuditItem, AuditSummary
from orchestration.extract.text import clean_text, department_id, department_name, name_key
from orchestration.extract.work_report.common import Context
from orchestration.extract.work_report.sections import Part

KINDS = ("시정·처리요구사항", "건의사항", "기타")
_SEP = r"[\s:·]*"
_KIND_HEAD = with_first_chars(
    re.compile(
        rf"(?P<k1>[시지]정{_SEP}(?:및{_SEP})?처리{_SEP}요구{_SEP}사{_SEP}항)"
        rf"|(?P<k2>건{_SEP}의{_SEP}사{_SEP}항)"
        rf"|(?P<k3>(?:자료제출{_SEP}등{_SEP})?기{_SEP}타{_SEP}사{_SEP}항)"
    )
)
_ANSWER_HEAD = re.compile(r"조\s*치\s*결\s*과(?:\s*및\s*향후\s*추진\s*계획)?")
_STATUS = with_first_chars(
    re.compile(
        r"(?:[○□│|→Iㅇ■▶]\s*)?(?:\*\*)?\s*추진\s*상황\s*(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*"
        r"(?P<s>추진\s*완료|추진\s*중|검토\s*중|미\s*반영|완료)(?:\*\*)?"
    )
)
_ACTIONS = with_first_chars(re.compile(r"(?:[□│|○ㅇ→●]\s*)*추진\s*내용(?:\s*및\s*향후\s*(?:추진\s*)?계획)?"))
_PLANS = with_first_chars(re.compile(r"(?:[□│|○ㅇ→●ᄀ]\s*)*향\s*후\s*(?:추진\s*)?계\s*획"))
_UNIT = re.compile(r"\(\s*(?P<u>[가-힣A-Za-z][가-힣A-Za-z ]{1,24}?)\s*(?:\)|(?=\t)|$)")
_ORG = re.compile(r"^[가-힣]{2,}(담당관|과|팀|센터|재단|본부|사업소|국|실|공사|공단|위원회)$")
_BULLET = re.compile(r"^\s*(?:\*\*)?[○\-ㅇ·•▶►※]")
_MARKER_LINE = re.compile(
    r"^[^가-힣A-Za-z0-9]*(추진\s*상황|추진\s*내용|향\s*후\s*계\s*획|향후\s*추진\s*계획)"
)
_ANSWER_LIKE = re.compile(r"'\d{2}|\s:\s|▶|□|추진\s*내용")


def canonical_status(raw: str | None) -> str | None:
    if not raw:
        return None
    key = re.sub(r"\s+", "", raw)
    if key.endswith("완료"):
        return "완료"
    return {"추진중": "추진중", "검토중": "검토중", "미반영": "미반영"}.get(key)


def _kind_of(m: re.Match[str]) -> str:
    return KINDS[0] if m.group("k1") else KINDS[1] if m.group("k2") else KINDS[2]


def _units(text: str) -> list[re.Match[str]]:
    out = []
    for m in _UNIT.finditer(text):
        name = m.group("u").strip()
        if department_id(name) or _ORG.match(name.replace(" ", "")):
            out.append(m)
    return out


@dataclass
class _Item:
    kind: str
    lines: set[int] = field(default_factory=set)
    finding: list[str] = field(default_factory=list)
    has_start: bool = False
    unit: str | None = None
    status_raw: str | None = None
    answer: list[str] = field(default_factory=list)
    answered: bool = False  # an answer (possibly empty) was given
    status_from_block: bool = False
    after_unit: bool = False  # an unbulleted fragment right after a finding closed


class _Reader:
    def __init__(self, ctx: Context, start: int, end: int) -> None:
        self.ctx, self.start, self.end = ctx, start, end
        self.kind = KINDS[0]
        self.items: list[_Item] = []
        self.open: _Item | None = None
        self.queue: list[_Item] = []
        self.current: _Item | None = None
        self.mode = "finding"
        self.last_closed: _Item | None = None
        self.just_closed = False

    # -- findings --
    def new_finding(self, text: str, n: int) -> _Item:
        if self.open is not None:
            self.resolve_open()
        item = _Item(self.kind, {n}, [text], has_start=bool(_BULLET.match(text)))
        item.after_unit = self.just_closed and not item.has_start
        m = _STATUS.search(text)
        if m:
            item.status_raw = m.group("s")
        self.open = item
        return item

    def close(self, unit: str, n: int) -> None:
        item = self.open
        if item is None:
            return
        self.open = None
        item.unit = unit
        item.lines.add(n)
        self.items.append(item)
        if not item.answered:
            self.queue.append(item)
        self.last_closed = item
        self.mode = "finding"
        self.just_closed = True

    def resolve_open(self) -> None:
        """A finding fragment that no unit closed: a tail, a merge, an item without unit, or answer."""
        item, self.open = self.open, None
        if item is None:
            return
        text = " ".join(item.finding)
        if item.after_unit and not item.status_raw and not item.answered and self.last_closed:
            self.last_closed.finding.append(text)
            self.last_closed.lines |= item.lines
            return
        if item.has_start and item.status_raw and not item.answered:
            frag = next((q for q in self.queue if not q.has_start and not q.status_raw), None)
            if frag is not None:
                frag.finding.insert(0, text)
                frag.status_raw = item.status_raw
                frag.lines |= item.lines
                frag.has_start = True
                return
        if item.status_raw or item.answered:
            self.items.append(item)
            if not item.answered:
                self.queue.append(item)
            return
        if self.current is not None:  # a bulleted line that turned out to be answer text
            self.current.answer.append(text)
            self.current.lines |= item.lines

    # -- answers --
    def answer(self, text: str, n: int, *, inline_for: _Item | None = None) -> None:
        if inline_for is not None:
            if inline_for in self.queue:
                self.queue.remove(inline_for)
            self.current = inline_for
        elif self.open is not None:
            if not self.open.has_start and not self.open.after_unit and not self.queue:
                self.current = self.open  # a fragment whose unit comes after its answer
                self.open.answered = True
            else:
                self.resolve_open()
        has_status = bool(_STATUS.search(text))
        marker = _MARKER_LINE.match(text)
        starts_actions = bool(marker) and bool(re.match(r"추진\s*내용", marker.group(1)))
        starts_plans = bool(marker) and "향" in marker.group(1)
        cur = self.current
        if inline_for is None and self.queue and (cur is None or cur is not self.open):
            pop = False
            if has_status or cur is None:
                pop = True
            elif starts_actions:
                pop = not (cur.status_from_block and not _has_actions(cur))
            elif starts_plans:
                pop = _has_plans(cur)
            if pop:
                cur = self.queue.pop(0)
                self.current = cur
                cur.status_from_block = has_status
        if cur is None:
            return
        cur.answered = True
        cur.answer.append(text)
        cur.lines.add(n)
        if not cur.status_raw:
            m = _STATUS.search(text)
            if m:
                cur.status_raw = m.group("s")
        self.mode = "answer"
        self.just_closed = False

    # -- lines --
    def feed(self, n: int, raw: str) -> None:
        if not raw.strip():
            return
        m = _KIND_HEAD.match(raw.strip())
        if m:
            self.kind = _kind_of(m)
            self.mode = "finding"
        line = _KIND_HEAD.sub(" ", raw) if m or _KIND_HEAD.search(raw.split("\t", 1)[-1] or "") else raw
        if _ANSWER_HEAD.search(line):
            line = _ANSWER_HEAD.sub(" ", line)
            if not line.strip(" \t"):
                self.mode = "answer" if not m else "finding"
                return
        if not line.strip(" \t"):
            if m and self.open is not None:
                self.resolve_open()
            return
        if raw[:1] in " \t" and not m:
            target = self.current if (self.current is not None) else self.open
            if target is not None:
                (target.answer if target is self.current else target.finding).append(line.strip())
                target.lines.add(n)
            return
        units = _units(line)
        if not units:
            self.feed_without_unit(n, line)
            self.just_closed = False
            return
        pos = 0
        for k, u in enumerate(units):
            seg = line[pos : u.start()]
            if k == 0:
                if self.open is not None and not (_BULLET.match(seg) and seg.lstrip().startswith("○")):
                    self.open.finding.append(seg)
                    self.open.lines.add(n)
                elif seg.strip() or self.open is None:
                    self.new_finding(seg, n)
            else:
                statuses = list(_STATUS.finditer(seg))
                cut = 0
                if statuses:
                    before = seg[: statuses[-1].start()]
                    bullets = [b.start() for b in re.finditer(r"[○\-]\s", before)]
                    cut = bullets[-1] if bullets else 0
                else:
                    first = seg.find("○")
                    cut = max(first, 0)
                if seg[:cut].strip() and self.last_closed is not None:
                    self.answer(seg[:cut], n, inline_for=self.last_closed)
                self.new_finding(seg[cut:], n)
            self.close(u.group("u"), n)
            pos = u.end()
        rest = line[pos:]
        item = self.last_closed
        if rest.startswith("\t") or (rest.strip(" ") == "" and rest.endswith("\t")):
            cells = rest.split("\t")[1:]
            k = next((i for i, c in enumerate(cells) if _STATUS.search(c) or _ACTIONS.search(c)), 0)
            if item is not None and k:
                item.finding.extend(cells[:k])
            self.answer("\t".join(cells[k:]), n, inline_for=item)
            self.mode = "finding"
        elif rest.strip() and _ANSWER_LIKE.search(rest):
            self.answer(rest, n, inline_for=item)
            self.mode = "finding"
        elif rest.strip():
            self.new_finding(rest, n)

    def feed_without_unit(self, n: int, line: str) -> None:
        stripped = line.strip()
        if _MARKER_LINE.match(stripped) and not (
            _BULLET.match(stripped) and _STATUS.search(stripped[2:]) and self.mode == "finding"
        ):
            self.answer(stripped, n)
            return
        finding_part, _, answer_part = line.partition("\t")
        if answer_part.strip() and (_STATUS.search(answer_part) or _ACTIONS.search(answer_part)):
            item = self.open if (self.open and not finding_part.lstrip().startswith("○")) else None
            if item is None:
                item = self.new_finding(finding_part, n)
            else:
                item.finding.append(finding_part)
            m = _STATUS.search(answer_part)
            if m and not item.status_raw:
                item.status_raw = m.group("s")
            item.answered = True
            item.answer.append(answer_part)
            self.current = item
            return
        bulleted = bool(_BULLET.match(stripped))
        inline_status = _STATUS.search(stripped)
        if self.mode == "finding":
            if self.open is not None and not stripped.startswith("○"):
                self.open.finding.append(line)
                self.open.lines.add(n)
                if inline_status and not self.open.status_raw:
                    self.open.status_raw = inline_status.group("s")
            else:
                self.new_finding(line, n)
            return
        # answer mode: a new finding only when the line shows one
        if self.open is not None and self.current is self.open:
            self.answer(line, n)  # the answer of a fragment whose unit is still to come
        elif bulleted and ((inline_status and inline_status.start() > 0) or self._unit_ahead(n)):
            self.new_finding(line, n)
            self.mode = "finding"
        elif not bulleted and "\t" not in line and len(stripped) >= 20 and not self.queue:
            self.new_finding(line, n)
        else:
            self.answer(line, n)

    def _unit_ahead(self, n: int) -> bool:
        for m in range(n + 1, min(n + 8, self.end + 1)):
            text = self.ctx.line(m)
            if not text.strip():
                continue
            if _BULLET.match(text) or text[:1] in " \t" or _MARKER_LINE.match(text.strip()):
                return False
            units = _units(text)
            if units and not text[: units[0].start()].strip():
                return True
        return False

    def finish(self) -> list[_Item]:
        if self.open is not None:
            self.resolve_open()
        return sorted(self.items, key=lambda i: min(i.lines))


def _has_actions(item: _Item) -> bool:
    return any(_ACTIONS.search(a) for a in item.answer) or any(a.strip() for a in item.answer[1:])


def _has_plans(item: _Item) -> bool:
    return any(_PLANS.search(a) for a in item.answer)


def _clean_finding(parts: list[str], unit: str | None) -> str:
    text = " ".join(parts)
    text = _STATUS.sub(" ", text)
    text = _ACTIONS.sub(" ", text)
    text = _PLANS.sub(" ", text)
    text = re.sub(r"[□│|]", " ", text)
    text = clean_text(text)
    if unit:
        text = re.sub(r"\(\s*" + re.escape(unit) + r"\s*\)?", " ", text)
    text = re.sub(r"^\s*(?:\*\*)?[○\-ㅇ·]\s*", "", clean_text(text))
    return clean_text(text)


def _split_answer(parts: list[str]) -> tuple[str | None, str | None]:
    text = clean_text(" ".join(p.replace("\t", " ") for p in parts))
    text = _STATUS.sub(" ", text)
    plans = None
    pm = _PLANS.search(text)
    combined = re.search(r"추진\s*내용\s*및\s*향후", text)
    if pm and not (combined and combined.start() <= pm.start() <= combined.end()):
        plans = text[pm.end() :]
        text = text[: pm.start()]
        plans = _PLANS.sub(" ", plans)
    actions = _ACTIONS.sub(" ", text)
    return _strip_marks(actions), _strip_marks(plans)


def _strip_marks(text: str | None) -> str | None:
    return clean_text(re.sub(r"^[\s□│|○ㅇ→●:]+", "", text or "")) or None


def read_audit(ctx: Context, part: Part) -> None:
    year_m = re.search(r"(20\d{2})", part.title)
    audit_year = int(year_m.group(1)) if year_m else None
    summary, summary_end = _read_summary(ctx, part, audit_year)
    reader = _Reader(ctx, summary_end + 1, part.end)
    for n in range(summary_end + 1, part.end + 1):
        reader.feed(n, ctx.line(n))
    items = reader.finish()
    parsed: Counter[tuple[str, str | None]] = Counter()
    for ordinal, item in enumerate(items, start=1):
        unit = item.unit.strip() if item.unit else None
        status = canonical_status(item.status_raw)
        actions, plans = _split_answer(item.answer)
        ctx.add(
            AuditItem,
            min(item.lines),
            max(item.lines),
            audit_year=audit_year,
            ordinal=ordinal,
            kind=item.kind,
            department=department_name(unit) if unit else None,
            department_raw=unit,
            finding=_clean_finding(item.finding, unit),
            status=status,
            status_raw=re.sub(r"\s+", " ", item.status_raw) if item.status_raw else None,
            actions=actions,
            plans=plans,
        )
        parsed[(item.kind, status)] += 1
    _compare(ctx, summary, parsed, len(items))


_SUMMARY_COLS = {
    "계": "total",
    "완료": "completed",
    "추진중": "in_progress",
    "검토중": "under_review",
    "미반영": "not_reflected",
}


def _read_summary(ctx: Context, part: Part, audit_year: int | None) -> tuple[dict[str, AuditSummary], int]:
    """The 총괄 table (kind x status counts) and the stated `총 52 건`; returns the last line read."""
    out: dict[str, AuditSummary] = {}
    last = part.start
    stated_total_line = None
    for n in range(part.start, min(part.end, part.start + 40) + 1):
        line = ctx.line(n)
        if re.search(r"총\s*\d+\s*건", line) and stated_total_line is None:
            stated_total_line = n
        cells = [name_key(c) for c in line.split("\t")]
        if "\t" in line and sum(1 for c in cells if c in _SUMMARY_COLS) >= 3:
            cols = {i: _SUMMARY_COLS[c] for i, c in enumerate(cells) if c in _SUMMARY_COLS}
            ctx.skip(n, "header row")
            last = n
            m = n + 1
            while m <= part.end and "\t" in ctx.line(m):
                row = ctx.line(m).split("\t")
                first = min(cols)
                label = name_key(" ".join(row[:first]))
                kind = audit_kind(label) or "계"
                # a table may leave out columns (`계 완료 추진중`): what it does not state is None
                counts: dict[str, int | None] = dict.fromkeys(
                    ("total", "completed", "in_progress", "under_review", "not_reflected")
                )
                for i, attr in cols.items():
                    cell = row[i].strip() if i < len(row) else ""
                    counts[attr] = int(cell) if cell.isdigit() else 0  # a count table: blank or '-' is 0
                ctx.figure_lines.add(m)
                out[kind] = ctx.add(AuditSummary, m, audit_year=audit_year, kind=kind, **counts)  # type: ignore[assignment]
                last = m
                m += 1
            break
    if stated_total_line is not None:
        ctx.figure_lines.add(stated_total_line)
        ctx.skip(stated_total_line, "stated total, repeated by the summary table (compared there)")
        total = int(re.search(r"총\s*(\d+)\s*건", ctx.line(stated_total_line)).group(1))  # type: ignore[union-attr]
        if "계" in out and out["계"].total != total:
            ctx.finding(
                "audit_count_mismatch",
                f"stated total {total} items, the summary table's 계 {out['계'].total}",
                stated=total,
                computed=out["계"].total,
                lines=[stated_total_line, out["계"].line_start],
                subject="계",
            )
    return out, last


def _compare(ctx: Context, summary: dict[str, AuditSummary], parsed: Counter, n_items: int) -> None:
    """Parsed counts by kind and status against the stated summary: every difference reported."""
    if not summary:
        return
    attrs = {
        "완료": "completed",
        "추진중": "in_progress",
        "검토중": "under_review",
        "미반영": "not_reflected",
    }
    for kind in ("계", *KINDS):
        stated = summary.get(kind)
        if stated is None:
            continue
        in_kind: Counter[str | None] = Counter()
        for (k, s), c in parsed.items():
            if kind == "계" or k == kind:
                in_kind[s] += c
        got_total = sum(in_kind.values())
        if stated.total is not None and got_total != stated.total:
            ctx.finding(
                "audit_count_mismatch",
                f"{kind}: the summary states {stated.total} items, {got_total} were read from the text",
                stated=stated.total,
                computed=got_total,
                lines=[stated.line_start],
                subject=kind,
            )
        for status, attr in attrs.items():
            want = getattr(stated, attr)
            got = in_kind.get(status, 0)
            if want is not None and want != got:
                ctx.finding(
                    "audit_count_mismatch",
                    f"{kind} / {status}: the summary states {want}, {got} read from the text"
                    + (f" ({in_kind.get(None, 0)} items state no status)" if in_kind.get(None) else ""),
                    stated=want,
                    computed=got,
                    lines=[stated.line_start],
                    subject=f"{kind} {status}",
                )
