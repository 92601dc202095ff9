"""A saved news page (HTML) -> SourceDocument: the article only, its tables as cells, its meta tags.

Korean news pages carry far more furniture than article: menus, 관련기사 and 많이 본 뉴스 lists,
comment boxes, footers with addresses and e-mails; each of them holds figures and headlines an
extractor would take for facts. trafilatura finds the article (its own rules on tags, classes,
link density and text density, with readability and jusText as fallbacks) better than a
container-scoring pass of our own over lxml, and keeps tables as rows of cells; figures in
benchmarks/formats_speed.py and the report of this change. Around it we add what it leaves to us:

- bytes to text: UTF-8 when the bytes are valid UTF-8, else the charset the page declares
  (`<meta charset>` or http-equiv; EUC-KR read as CP949, its superset, as browsers do), else CP949;
- layout tables (old sites put the whole page in a `<table>`) are unwrapped into blocks first, so
  that a menu column is not kept as a cell of the "article";
- each table of the article is read again from the page itself, where `<thead>`/`<th>` rows give the
  header and row/column spans are placed, when trafilatura's copy has the same cells;
- title, date and publisher from the meta tags (og:title, article:published_time, og:site_name,
  JSON-LD), the title as the first line when the article text does not begin with it.

HTML is data: scripts are never run (they are dropped with styles, forms and frames), lxml's
parser fetches nothing (no_network, no DTD, no entities resolved), and trafilatura is given the
parsed tree, so it has no URL to download.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable

import lxml.html
from lxml import etree

from orchestration.ingest.decode import RejectedInput
from orchestration.ingest.formats.model import (
    Block,
    Paragraph,
    SourceDocument,
    TableBlock,
    clean_cell,
    compose,
)

_HEAD = 8192  # where a page declares its charset
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# an XML declaration and a DOCTYPE, internal subset included: never parsed, so no entity is declared
_PROLOGUE = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)?", re.I | re.S)
# a line that reads as a sentence of Korean prose: …했다. …이다" …함 …임
_SENTENCE = re.compile(r"(?:[다요음함임]\s*[.。]?\s*[\"'”’)]*\s*$)|(?:다\.\s)")
_MIN_ARTICLE_CHARS = 200
_FIGURE = re.compile(r"^[△▲\-+]?\s*\d[\d,]*(\.\d+)?\s*%?$")  # a cell that is a number
_CP949 = frozenset({"euc-kr", "euc_kr", "euckr", "ks_c_5601-1987", "ks_c_5601", "ksc5601", "x-windows-949",
                    "windows-949", "cp949", "uhc", "ms949"})  # fmt: skip
_DROP = ("script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
         "form", "button", "select", "textarea", "input", "svg", "canvas", "nav", "aside", "footer")  # fmt: skip
# class/id words of Korean news CMS furniture trafilatura does not know (tbl_reply, relnews, auto-rank)
_FURNITURE = frozenset({"reply", "replies", "comment", "comments", "cmt", "relation", "related", "relnews",
                        "rel", "rank", "ranking", "popular", "best", "most", "hot", "sns", "share", "footer",
                        "copyright", "banner", "ad", "ads", "advert", "breadcrumb", "gnb", "lnb", "snb"})  # fmt: skip
_WORDS = re.compile(r"[a-z]+")
_SPACE = re.compile(r"\s+")
_ZWSP = "\u200b"
_DATE = re.compile(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})")
_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, recover=True, default_doctype=False,
    collect_ids=False, huge_tree=False,
)  # fmt: skip
_PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article:published", "pubdate", "publishdate", "publish-date", "dc.date.issued", "dc.date", "date",
    "og:regdate", "article:modified_time",
)  # fmt: skip
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "title", "headline")
_PUBLISHER_KEYS = ("og:site_name", "publisher", "article:publisher", "dc.publisher", "application-name")


def read_html(data: bytes) -> SourceDocument:
    """The article in a saved HTML page, or RejectedInput saying why there is none."""
    text = _decode(data)
    try:
        tree = lxml.html.document_fromstring(
            _PROLOGUE.sub("", text[:65536], count=1) + text[65536:], parser=_PARSER
        )
    except (etree.ParserError, ValueError) as exc:
        raise RejectedInput(f"HTML page that cannot be parsed ({exc})") from exc
    if tree is None:
        raise RejectedInput("HTML page with no article text")
    meta = _meta(tree)
    publisher = _first(meta, _PUBLISHER_KEYS, lambda v: None if "://" in v else v)
    title = _title(tree, meta, publisher)
    published = _first(meta, _PUBLISHED_KEYS, _iso_date) or _time_element(tree)
    _clean(tree)
    tables = _source_tables(tree)
    _unique_texts(tree)
    blocks = _article(tree, tables)
    if not _has_article(blocks, title):
        raise RejectedInput("HTML page with no article text")
    if title and not _starts_with(blocks, title):
        blocks.insert(0, Paragraph(title))
    return compose(blocks, "html", title=title, published=published, publisher=publisher)


# --- bytes -> text ------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """The page's text: UTF-8 when valid, else its declared charset, else CP949; NFC."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", *filter(None, [_declared(data[:_HEAD])]), "cp949"]
    for encoding in dict.fromkeys(candidates):
        try:
            return unicodedata.normalize("NFC", data.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    # a few broken bytes in an otherwise readable page: replaced, not refused
    best = min(
        (data.decode(e, errors="replace") for e in dict.fromkeys(candidates) if _known(e)),
        key=lambda s: s.count("\ufffd"),
    )
    if best.count("\ufffd") > max(3, len(best) // 200):
        raise RejectedInput(f"HTML page that cannot be decoded (not {', '.join(dict.fromkeys(candidates))})")
    return unicodedata.normalize("NFC", best)


def _declared(head: bytes) -> str | None:
    m = _META_CHARSET.search(head) or re.search(rb"""<\?xml[^>]+encoding=["']([A-Za-z0-9_.:-]+)""", head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    if name in _CP949:
        return "cp949"
    return name if _known(name) else None


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


# --- meta tags ----------------------------------------------------------------------------------


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """The page's meta tags (property, name or itemprop -> content), first one wins, and JSON-LD."""
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = _SPACE.sub(" ", el.get("content") or "").strip()
        if key and value:
            found.setdefault(key, value)
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        for item in _json_ld(script.text or ""):
            for key, value in (
                ("headline", item.get("headline")),
                ("datepublished", item.get("datePublished")),
                ("publisher", (item.get("publisher") or {}).get("name") if isinstance(item.get("publisher"), dict) else None),
            ):  # fmt: skip
                if isinstance(value, str) and value.strip():
                    found.setdefault(key, _SPACE.sub(" ", value).strip())
    return found


def _json_ld(text: str) -> list[dict]:
    try:
        value = json.loads(text)
    except ValueError:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[dict] = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                out.extend(g for g in graph if isinstance(g, dict))
    return out


def _first(meta: dict[str, str], keys: tuple[str, ...], convert: Callable[[str], str | None]) -> str | None:
    for key in keys:
        if key in meta and (value := convert(meta[key])):
            return value
    return None


def _iso_date(value: str) -> str | None:
    """`2022-12-14T17:05:00+09:00`, `2022.12.14 17:05`, `20221214` -> `2022-12-14` (a real date only)."""
    m = _DATE.search(value) or _COMPACT_DATE.match(value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _time_element(tree: lxml.html.HtmlElement) -> str | None:
    for el in tree.iter("time"):
        if (value := _iso_date(el.get("datetime") or "")) is not None:
            return value
    return None


def _title(tree: lxml.html.HtmlElement, meta: dict[str, str], publisher: str | None) -> str | None:
    title = _first(meta, _TITLE_KEYS, lambda v: v)
    if title is None:
        h1 = next(iter(tree.iter("h1")), None)
        title = _SPACE.sub(" ", h1.text_content()).strip() if h1 is not None else None
    if title is None:
        el = tree.find(".//title")
        title = _SPACE.sub(" ", el.text_content()).strip() if el is not None else None
    if not title:
        return None
    if publisher:  # `제목 - 매체명`, `제목 | 매체명`, `제목 < 지역 < 기사본문 - 매체명`
        for sep in (" - ", " | ", " :: ", " : ", " < ", " – "):
            head, _, tail = title.rpartition(sep)
            if head and publisher in tail:
                title = head.split(" < ")[0].strip()
                break
    return unicodedata.normalize("NFC", title)


# --- the article --------------------------------------------------------------------------------


def _clean(tree: lxml.html.HtmlElement) -> None:
    """Drop what is never article (scripts, styles, forms, menus, footers); unwrap layout tables."""
    for el in list(tree.iter(*_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    _drop_furniture(tree)
    for table in list(tree.iter("table")):
        if _is_layout(table):
            own = [
                el
                for el in table.iter("tbody", "thead", "tfoot", "tr", "td", "th")
                if _owner_table(el) is table
            ]
            for el in [table, *own]:
                el.tag = "div"


def _drop_furniture(tree: lxml.html.HtmlElement) -> None:
    """Drop blocks named as comments, related or ranked lists, share bars, footers (by class or id),
    unless a block holds a large part of the page's text: then the name is not what it holds."""
    body = tree.find(".//body")
    total = len((body if body is not None else tree).text_content())
    for el in list(tree.iter("div", "section", "ul", "ol", "table", "dl", "p", "span", "header")):
        if el.getparent() is None or not (el.get("class") or el.get("id")):
            continue
        words = set(_WORDS.findall(f"{el.get('class', '')} {el.get('id', '')}".lower()))
        if words & _FURNITURE and len(el.text_content()) < 0.4 * total:
            el.drop_tree()
    for el in list(tree.iter("ul", "ol")):
        if el.getparent() is not None and _is_link_list(el):
            el.drop_tree()


def _is_link_list(el: lxml.html.HtmlElement) -> bool:
    """A list whose every item opens with a link: other articles (headline, perhaps a lead), not
    the bullets of this one."""
    items = [li for li in el if li.tag == "li" and li.text_content().strip()]
    if len(items) < 2:
        return False
    for li in items:
        first = next((d for d in li.iter() if d is not li and (d.tag == "a" or (d.text or "").strip())), None)
        if (li.text or "").strip() or first is None or first.tag != "a":
            return False
    return True


def _owner_table(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _is_layout(table: lxml.html.HtmlElement) -> bool:
    """A table used to lay out a page, not to hold figures: one holding a table, one column, cells
    of prose (a data table's cells are short; HWP's HTML export puts `<p>`s in every cell, so
    paragraphs in a cell are no sign of layout), or mostly links."""
    if table.find(".//table") is not None:
        return True
    if max((sum(1 for c in tr if c.tag in ("td", "th")) for tr in table.iter("tr")), default=0) < 2:
        return True
    lengths = [len(_SPACE.sub(" ", cell.text_content()).strip()) for cell in table.iter("td", "th")]
    if max(lengths, default=0) > 600 or sum(lengths) > 150 * len(lengths):
        return True
    links = sum(len(_SPACE.sub(" ", a.text_content()).strip()) for a in table.iter("a"))
    return links > 0.5 * sum(lengths)  # menus and headline lists laid out in cells


def _unique_texts(tree: lxml.html.HtmlElement) -> None:
    """Make repeated texts differ (zero-width spaces, removed again from the output).

    When trafilatura finds no article frame by its class names it gathers paragraphs page-wide and
    keeps one of identical ones; a work report repeats `(단위: 천원)` above every table, and losing
    the second one loses the unit of the second table.
    """
    seen: dict[str, int] = {}
    for el in tree.iter():
        for attr in ("text", "tail"):
            value = getattr(el, attr)
            if value and not value.isspace():
                key = value.strip()
                seen[key] = count = seen.get(key, 0) + 1
                if count > 1:
                    setattr(el, attr, value.rstrip() + _ZWSP * (count - 1) + value[len(value.rstrip()) :])


def _article(tree: lxml.html.HtmlElement, tables: dict[tuple[str, ...], TableBlock]) -> list[Block]:
    import trafilatura  # ~0.3 s to import: only when an HTML file arrives

    found = trafilatura.bare_extraction(
        tree,
        favor_precision=True,  # on a page with no article, less furniture passed off as one
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
        deduplicate=False,
    )
    body = getattr(found, "body", None)
    if body is None:
        return []
    blocks: list[Block] = []
    _walk(body, tables, blocks)
    return blocks


_CONTAINERS = frozenset({"div", "body", "section", "article", "main", "cell", "row"})
_BLOCKS_OUT = frozenset({"p", "head", "list", "table", "quote", "code", "div", "graphic"})


def _walk(el: etree._Element, tables: dict[tuple[str, ...], TableBlock], blocks: list[Block]) -> None:
    """trafilatura's article in order: tables as tables, lists item by item, other blocks as lines."""
    for child in el:
        if child.tag == "table":
            if (block := _trafilatura_table(child, tables)) is not None:
                blocks.append(block)
        elif child.tag == "list":
            lines = [_lines(item) for item in child.iter("item")]
            blocks.append(Paragraph("\n".join(line for line in lines if line)))
        elif child.tag in _CONTAINERS or any(g.tag in _BLOCKS_OUT for g in child):
            if text := _text_lines(child.text):
                blocks.append(Paragraph(text))
            _walk(child, tables, blocks)
        elif text := _lines(child):
            blocks.append(Paragraph(text))
        if el.tag != "body" and (text := _text_lines(child.tail)):
            blocks.append(Paragraph(text))


def _text_lines(text: str | None) -> str:
    """Loose text between trafilatura's blocks; a line break left in it was a `<br>` of the page
    (trafilatura itself joins the source's wrapped lines inside a paragraph)."""
    lines = (_SPACE.sub(" ", line).strip() for line in (text or "").replace(_ZWSP, "").split("\n"))
    return "\n".join(line for line in lines if line)


def _lines(el: etree._Element) -> str:
    """An element's text with its line breaks (`<lb/>`, the page's `<br>`), one line per line."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            if child.tag in ("lb",):
                parts.append("\n")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = ("".join(parts)).split("\n")
    lines = [_SPACE.sub(" ", line.replace(_ZWSP, "")).strip() for line in lines]
    return "\n".join(line for line in lines if line)


def _trafilatura_table(el: etree._Element, tables: dict[tuple[str, ...], TableBlock]) -> TableBlock | None:
    rows: list[tuple[str, ...]] = []
    heads = 0
    for row in el.iter("row"):
        cells = [c for c in row if c.tag == "cell"]
        if not cells:
            continue
        rows.append(tuple(clean_cell(" ".join(c.itertext()).replace(_ZWSP, "")) for c in cells))
        if heads == len(rows) - 1 and all(c.get("role") == "head" for c in cells):
            heads += 1
    if not rows:
        return None
    same = tables.get(_key(rows))
    if same is not None:  # the page's own table: header rows and spans as the page has them
        return same
    return TableBlock(rows=tuple(rows), header_rows=max(1, min(heads, len(rows) - 1) if len(rows) > 1 else 1))


def _key(rows: list[tuple[str, ...]] | tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    return tuple(clean_cell(c) for row in rows for c in row if clean_cell(c))


def _source_tables(tree: lxml.html.HtmlElement) -> dict[tuple[str, ...], TableBlock]:
    """Every data table of the page, as a grid with spans placed, by its cells' text."""
    found: dict[tuple[str, ...], TableBlock] = {}
    for table in tree.iter("table"):
        if table.find(".//table") is not None:
            continue
        block = _grid(table)
        if block is not None:
            found.setdefault(_key(block.rows), block)
    return found


def _grid(table: lxml.html.HtmlElement) -> TableBlock | None:
    """A table's rows with spans placed: a spanned cell's text in its first place, '' in the others."""
    rows: list[list[str]] = []
    header_rows = 0
    below: dict[int, int] = {}  # column -> rows still covered by a rowspan from a row above
    for tr in table.iter("tr"):
        cells = [c for c in tr if c.tag in ("td", "th")]
        row: list[str] = []
        for cell in cells:
            _skip_covered(row, below, stop=None)
            text = clean_cell(cell.text_content())
            down = _span(cell.get("rowspan"))
            for k in range(_span(cell.get("colspan"))):
                if down > 1:
                    below[len(row)] = down - 1
                row.append(text if k == 0 else "")
        _skip_covered(row, below, stop=max(below, default=-1))
        if not any(row):
            continue
        in_thead = tr.getparent() is not None and tr.getparent().tag == "thead"
        if (in_thead or all(c.tag == "th" for c in cells)) and header_rows == len(rows):
            header_rows += 1
        rows.append(row)
    if not rows:
        return None
    width = max(len(r) for r in rows)
    grid = tuple(tuple([*r, *[""] * (width - len(r))]) for r in rows)
    header = max(1, min(header_rows, len(grid) - 1)) if len(grid) > 1 else 1
    return TableBlock(rows=grid, header_rows=header)


def _skip_covered(row: list[str], below: dict[int, int], stop: int | None) -> None:
    """Pad the row over columns a rowspan from above covers: the next ones, or all up to `stop`."""
    while (len(row) in below) if stop is None else (len(row) <= stop):
        col = len(row)
        if col in below:
            below[col] -= 1
            if below[col] <= 0:
                del below[col]
        row.append("")


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _has_article(blocks: list[Block], title: str | None) -> bool:
    """A table of figures, a line of prose, or enough text: what is left of a page of menus,
    bylines and a footer (a layout table of them included) when it has no article is none of these."""
    if any(isinstance(b, TableBlock) and _figures(b) >= 2 for b in blocks):
        return True
    squashed_title = _SPACE.sub("", title or "")
    lines = [
        line.strip()
        for b in blocks
        if isinstance(b, Paragraph)
        for line in b.text.split("\n")
        if line.strip() and _SPACE.sub("", line) != squashed_title
    ]
    if any(_SENTENCE.search(line) for line in lines):
        return True
    return sum(len(line) for line in lines if len(line) >= 10) >= _MIN_ARTICLE_CHARS


def _figures(table: TableBlock) -> int:
    return sum(1 for row in table.rows for cell in row if _FIGURE.match(cell))


def _starts_with(blocks: list[Block], title: str) -> bool:
    first = next((b for b in blocks if isinstance(b, TableBlock) or b.text.strip()), None)
    if not isinstance(first, Paragraph):
        return False
    line = first.text.strip().split("\n")[0]
    return _SPACE.sub("", line) == _SPACE.sub("", title)
