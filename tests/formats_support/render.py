"""Our own plain-text documents as the files they are published as: an HTML page, a PDF, a scan.

The tests and the format benchmark render one labelled `.txt` into each format, so the reader's
output can be compared line for line and cell for cell with the text it came from:

- `text_to_html`: each line a paragraph kept on one line (`white-space: pre`), each run of
  tab-separated lines a real `<table>` (first row `<th>`), optionally inside the furniture of a
  Korean news site (menus, 관련기사, 많이 본 뉴스, comments, footer) that a reader must drop;
- `html_to_pdf`: that page printed by headless Chromium in NanumGothic (a text layer with ruled
  tables, as office software writes them);
- `image_only_pdf`: the PDF's pages as pictures only (what a scanner gives: no text layer).
"""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from tests.chromium import CHROMIUM, HEADLESS_FLAGS

FONT = "NanumGothic"
# A3 landscape less 10 mm margins is 400 mm = ~1511 CSS px; keep the longest line inside it.
_PAGE_WIDTH_PX = 1440
# `- 3 -`: the page-number line that ends a page of the source; the PDF breaks its page there too
_PAGE_NUMBER = re.compile(r"^\s*-\s*\d+\s*-\s*$")


def _pages_of(text: str) -> list[list[str]]:
    """A text's pages: the lines up to and including each `- n -` page-number line."""
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        pages[-1].append(line)
        if _PAGE_NUMBER.match(line):
            pages.append([])
    return [p for p in pages if any(line.strip() for line in p) and any(_PAGE_NUMBER.match(x) for x in p)]


def generated_text(pages: int, sources: list[Path]) -> str:
    """`pages` pages of our own text: the pages of `sources` (each ending in its `- n -` line) in
    turn, renumbered 1..pages, so that the PDF of it has exactly `pages` pages."""
    source = [p for path in sources for p in _pages_of(path.read_text(encoding="utf-8"))]
    out: list[str] = []
    for n in range(pages):
        page = source[n % len(source)]
        out.extend(f"{' ' * 57}- {n + 1} -" if _PAGE_NUMBER.match(line) else line for line in page)
    return "\n".join(out) + "\n"


def chromium_missing() -> str | None:
    """Why a test that prints with Chromium cannot run here (None when it can)."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (run scripts/ensure-system-packages)"
    return None


def _cells(line: str) -> list[str] | None:
    cells = line.split("\t")
    return cells if len(cells) >= 2 else None


def _width_units(line: str) -> float:
    """A line's width in em: Hangul and other wide characters 1, the rest about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in line)


def _font_px(lines: list[str]) -> float:
    """The largest font (at most 12 px) at which the widest paragraph line fits the page unwrapped."""
    widest = max((_width_units(line) for line in lines if "\t" not in line), default=1.0)
    return round(min(12.0, _PAGE_WIDTH_PX / max(widest, 1.0)), 2)


def _blocks(lines: list[str]) -> list[str | list[list[str]]]:
    """Lines as paragraphs (str) and tables (a run of 2+-cell tab-separated lines)."""
    out: list[str | list[list[str]]] = []
    for line in lines:
        cells = _cells(line)
        if cells is None:
            out.append(line)
        elif out and isinstance(out[-1], list):
            out[-1].append(cells)
        else:
            out.append([cells])
    return out


def _table_html(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    parts = ["<table border=1>"]
    for i, row in enumerate(rows):
        tag = "th" if i == 0 else "td"
        cells = [*row, *([""] * (width - len(row)))]
        parts.append("<tr>" + "".join(f"<{tag}>{html.escape(c.strip())}</{tag}>" for c in cells) + "</tr>")
    if len(rows) > 1:
        parts.insert(1, "<thead>")
        parts.insert(3, "</thead><tbody>")
        parts.append("</tbody>")
    parts.append("</table>")
    return "\n".join(parts)


def _body_html(lines: list[str]) -> str:
    parts: list[str] = []
    for block in _blocks(lines):
        if isinstance(block, list):
            parts.append(_table_html(block))
        elif not block.strip():
            parts.append('<p class="blank"></p>')
        elif _PAGE_NUMBER.match(block):
            parts.append(f'<p class="page-end">{html.escape(block)}</p>')
        else:
            parts.append(f"<p>{html.escape(block)}</p>")
    return "\n".join(parts)


def _style(font_px: float) -> str:
    return f"""
@page {{ size: A3 landscape; margin: 10mm; }}
body {{ font-family: '{FONT}', sans-serif; font-size: {font_px}px; line-height: 1.35; margin: 0; }}
p {{ white-space: pre; margin: 0; }}
p.blank {{ min-height: 1em; }}
p.page-end {{ break-after: page; }}
table {{ border-collapse: collapse; margin: 2px 0; }}
th, td {{ border: 1px solid #000; padding: 1px 6px; white-space: pre; font-weight: normal; }}
th {{ font-weight: bold; background: #eee; }}
nav ul, .related-news ul, .most-read ol, .comments ul {{ margin: 0; }}
nav li {{ display: inline; margin-right: 1em; }}
"""


# The furniture of a news page: what a reader must drop. Headlines with figures, on purpose: taken
# for the article, they would be facts of another story.
NAV = ("정치", "경제", "사회", "지역", "IT·과학", "오피니언", "포토")
RELATED = (
    "세종시, 내년 공공 클라우드 전환에 212억 투입",
    "부산 스마트시티 실증사업 3년차…예산 90억 추가",
    "도의회 예결위, 정보화 예산 14억 삭감",
)
MOST_READ = (
    "주말 날씨 전국 흐리고 비…기온 뚝",
    "지역 농협 조합장 선거 후보 등록 마감",
    "시내버스 노선 개편안 7월 시행",
    "공무원 시험 경쟁률 38대 1 기록",
    "항만 물동량 전년보다 6% 늘어",
)
COMMENTS = (
    ("시민123", "예산이 제대로 쓰이는지 누가 감시하나요? 작년에도 350억 남겼다던데"),
    ("행인", "지난번 사업은 결과 보고도 없었는데 또 예산만 늘리네요"),
)
FOOTER_ADDRESS = "주소: 충청남도 홍성군 홍북읍 예시로 12 | 대표전화 041-000-0000 | 등록번호 충남 아00000"
REPORTER_EMAIL = "reporter.kim@news.example.kr"
SCRIPT_TEXT = "스크립트안의문장은본문이아니다 999억원"
LAYOUTS = ("modern", "inline", "portal", "legacy")


def furniture() -> list[str]:
    """Every string of the page furniture that must not reach the article text."""
    return [
        *RELATED,
        *MOST_READ,
        *(c for _, c in COMMENTS),
        FOOTER_ADDRESS,
        REPORTER_EMAIL,
        SCRIPT_TEXT,
        "관련기사",
        "많이 본 뉴스",
        "댓글을 입력해 주세요",
        "회원가입",
        "개인정보처리방침",
        "무단전재 및 재배포 금지",
    ]


def _head(title: str, *, published: str, publisher: str, reporter: str, charset: str) -> str:
    esc = html.escape
    return f"""<meta charset="{charset}">
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(title)} - {esc(publisher)}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="{esc(publisher)}">
<meta property="og:url" content="https://news.example.kr/article/20221214000123">
<meta property="article:published_time" content="{esc(published)}">
<meta name="author" content="{esc(reporter)} 기자">
<meta name="description" content="{esc(title)}">
<script>var articleSecret = "{SCRIPT_TEXT}"; window.dataLayer = [];</script>"""


def _list_items(items: tuple[str, ...], href: str) -> str:
    return "".join(f'<li><a href="/{href}/{i}">{html.escape(t)}</a></li>' for i, t in enumerate(items))


def _comments_html() -> str:
    esc = html.escape
    items = "".join(f'<li><span class="nick">{esc(n)}</span><p>{esc(c)}</p></li>' for n, c in COMMENTS)
    return f"""<section class="comments" id="comments">
  <h3>댓글 {len(COMMENTS)}</h3>
  <form><textarea placeholder="댓글을 입력해 주세요"></textarea><button type="button">등록</button></form>
  <ul>{items}</ul>
</section>"""


def _footer_html(publisher: str, reporter: str, year: str) -> str:
    esc = html.escape
    return f"""<footer class="site-footer">
  <p><a href="/about">회사소개</a> | <a href="/ad">광고문의</a> | <a href="/privacy">개인정보처리방침</a></p>
  <p>{FOOTER_ADDRESS}</p>
  <p>{esc(reporter)} 기자 {REPORTER_EMAIL}</p>
  <p>Copyright ⓒ {year} {esc(publisher)}. All rights reserved. 무단전재 및 재배포 금지</p>
</footer>"""


def _modern(title: str, body: str, **meta: str) -> str:
    """A current news site: semantic tags, the article in a div of its own, lists around it."""
    esc = html.escape
    publisher, reporter, published = meta["publisher"], meta["reporter"], meta["published"]
    nav = "".join(f'<li><a href="/section/{i}">{esc(s)}</a></li>' for i, s in enumerate(NAV))
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
{_head(title, **meta)}
<style>{_style(12)}</style>
</head>
<body>
<header class="site-header">
  <div class="logo"><a href="/">{esc(publisher)}</a></div>
  <div class="util"><a href="/login">로그인</a> <a href="/join">회원가입</a> <a href="/subscribe">구독신청</a></div>
  <nav class="gnb"><ul>{nav}</ul></nav>
</header>
<div class="breadcrumb"><a href="/">홈</a> &gt; <a href="/section/3">지역</a> &gt; <span>행정</span></div>
<main>
<article class="article-view">
  <header class="article-head">
    <h1 class="headline">{esc(title)}</h1>
    <div class="byline"><span class="reporter">{esc(reporter)} 기자</span>
    <time datetime="{esc(published)}">입력 {esc(published[:10])}</time></div>
  </header>
  <div id="article-body" class="article-body" itemprop="articleBody">
{body}
  </div>
  <div class="share">공유하기 <a href="#">페이스북</a> <a href="#">트위터</a> <a href="#">카카오톡</a> URL복사</div>
</article>
<section class="related-news"><h3>관련기사</h3><ul>{_list_items(RELATED, "article")}</ul></section>
{_comments_html()}
</main>
<aside class="sidebar">
  <section class="most-read"><h3>많이 본 뉴스</h3><ol>{_list_items(MOST_READ, "best")}</ol></section>
  <div class="ad">광고</div>
</aside>
{_footer_html(publisher, reporter, published[:4])}
<script>document.getElementById("comments").dataset.loaded = "{SCRIPT_TEXT}";</script>
</body>
</html>
"""


def _inline(title: str, body: str, **meta: str) -> str:
    """A local paper's CMS: related articles and the reporter's box inside the article's container,
    the most-read list and comments in plain divs (no nav/aside/footer tags to go by)."""
    esc = html.escape
    publisher, reporter, published = meta["publisher"], meta["reporter"], meta["published"]
    menu = " ".join(f'<a href="/list/{i}">{esc(s)}</a>' for i, s in enumerate(NAV))
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
{_head(title, **meta)}
</head>
<body>
<div id="user-wrap">
<div id="user-header"><div class="header-logo"><a href="/">{esc(publisher)}</a></div>
<div class="header-menu">{menu} <a href="/join">회원가입</a></div></div>
<div id="user-container">
<div class="article-head-title">{esc(title)}</div>
<div class="info-text"><ul><li>{esc(reporter)} 기자</li><li>승인 {esc(published[:10])}</li><li>댓글 0</li></ul></div>
<div id="article-view-content-div" class="article-veiw-body">
{body}
<div class="view-editors"><div class="name">{esc(reporter)} 기자</div><div class="email">{REPORTER_EMAIL}</div></div>
<div class="relation-list"><div class="title">관련기사</div><ul>{_list_items(RELATED, "articleView")}</ul></div>
</div>
<div class="user-snb"><div class="box-title">많이 본 뉴스</div><ul class="auto-rank">{_list_items(MOST_READ, "rank")}</ul></div>
<div class="comment-wrap"><div class="title">댓글</div>
<div class="comment-form">댓글을 입력해 주세요</div>
<ul>{"".join(f"<li><b>{esc(n)}</b> {esc(c)}</li>" for n, c in COMMENTS)}</ul></div>
</div>
<div id="user-footer"><div class="policy"><a href="/privacy">개인정보처리방침</a></div>
<div class="address">{FOOTER_ADDRESS}</div>
<div class="copyright">Copyright ⓒ {published[:4]} {esc(publisher)}. 무단전재 및 재배포 금지</div></div>
</div>
</body>
</html>
"""


def _portal(title: str, lines: list[str], **meta: str) -> str:
    """A portal's news page: the article in two blocks around an inline ad, related articles with
    their lead paragraphs in `<p>`, and a long comment thread of `<p>`s (longer than a short article)."""
    esc = html.escape
    publisher, reporter, published = meta["publisher"], meta["reporter"], meta["published"]
    half = len(lines) // 2
    related = "".join(
        f'<li><a href="/news/{i}"><strong>{esc(t)}</strong></a><p class="lede">{esc(t)} 관련 후속 보도입니다. '
        f"자세한 내용은 기사 본문에서 확인하실 수 있습니다.</p></li>"
        for i, t in enumerate(RELATED)
    )
    thread = "".join(
        f'<div class="u_cbox_comment"><span class="u_cbox_nick">{esc(nick)}{k}</span>'
        f'<p class="u_cbox_contents">{esc(text)}</p></div>'
        for k in range(6)
        for nick, text in COMMENTS
    )
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
{_head(title, **meta)}
</head>
<body>
<div id="header"><a href="/">포털뉴스</a> {" ".join(f'<a href="/s/{i}">{esc(s)}</a>' for i, s in enumerate(NAV))}</div>
<div id="ct">
<div class="media_end_head"><h2 id="title_area">{esc(title)}</h2>
<span class="media_end_head_info_datestamp_time" data-date-time="{esc(published)}">{esc(published[:10])}</span>
<a class="media_end_head_top_logo">{esc(publisher)}</a></div>
<div id="newsct_article" class="newsct_article _article_body">
<div class="go_trans _article_content">
{_body_html(lines[:half])}
</div>
<div class="ad_inline"><a href="/ad">광고</a></div>
<div class="go_trans _article_content">
{_body_html(lines[half:])}
</div>
<div class="byline"><p class="byline_p">{esc(reporter)} 기자 {REPORTER_EMAIL}</p></div>
</div>
<div class="media_end_linked_news"><h4>관련기사</h4><ul>{related}</ul></div>
<div class="u_cbox"><h4>댓글</h4><div class="u_cbox_write">댓글을 입력해 주세요</div>{thread}</div>
<div class="ranking_news"><h4>많이 본 뉴스</h4><ol>{_list_items(MOST_READ, "ranking")}</ol></div>
</div>
<div id="footer"><p>{FOOTER_ADDRESS}</p><p>Copyright ⓒ {esc(publisher)}. 무단전재 및 재배포 금지</p></div>
</body>
</html>
"""


def _legacy_body(lines: list[str]) -> str:
    """The article as a 2000s page has it: lines separated by `<br>`, tables in between."""
    parts: list[str] = []
    for block in _blocks(lines):
        if isinstance(block, list):
            parts.append(_table_html(block))
        else:
            parts.append(f"{html.escape(block)}<br>")
    return "\n".join(parts)


def _legacy(title: str, lines: list[str], **meta: str) -> str:
    """A 2000s site: the whole page laid out in tables, `<font>` and `<br>`, menus in side cells."""
    esc = html.escape
    publisher, published = meta["publisher"], meta["published"]
    menu = "<br>".join(f'<a href="/sec.php?code={i}">{esc(s)}</a>' for i, s in enumerate(NAV))
    related = "<br>".join(f'<a href="/read.php?id={i}">{esc(t)}</a>' for i, t in enumerate(RELATED))
    ranked = "<br>".join(f'{i}. <a href="/read.php?id=9{i}">{esc(t)}</a>' for i, t in enumerate(MOST_READ, 1))
    comments = "<br>".join(f"<b>{esc(n)}</b> : {esc(c)}" for n, c in COMMENTS)
    return f"""<html>
<head>
{_head(title, **meta)}
</head>
<body topmargin=0 leftmargin=0>
<table width=980 border=0 cellpadding=0 cellspacing=0>
<tr><td colspan=3><a href="/"><b>{esc(publisher)}</b></a> | <a href="/login.php">로그인</a> | <a href="/join.php">회원가입</a></td></tr>
<tr>
<td width=160 valign=top class=leftmenu>{menu}</td>
<td width=620 valign=top>
<font size=4><b>{esc(title)}</b></font><br>
<font size=2 color=gray>기사입력 {esc(published[:10])}</font><br><br>
<div id="news_body_area">
{_legacy_body(lines)}
</div>
<br><table width=100% class=relnews><tr><td><b>관련기사</b><br>{related}</td></tr></table>
<br><table width=100% class=reply><tr><td><b>독자의견</b> (댓글을 입력해 주세요)<br>{comments}</td></tr></table>
</td>
<td width=200 valign=top class=rightmenu><b>많이 본 뉴스</b><br>{ranked}</td>
</tr>
<tr><td colspan=3 align=center>{FOOTER_ADDRESS}<br>{REPORTER_EMAIL}<br>Copyright ⓒ {esc(publisher)} 무단전재 및 재배포 금지</td></tr>
</table>
</body>
</html>
"""


def text_to_html(
    text: str,
    *,
    title: str = "문서",
    chrome: bool = False,
    published: str = "2022-12-14T17:05:00+09:00",
    publisher: str = "충청예시일보",
    reporter: str = "김하늘",
    charset: str = "utf-8",
    layout: str = "modern",
) -> str:
    """A text document as an HTML page: one `<p>` per line, tab-separated runs as tables.

    With `chrome`, the page is a news site's article page: the text is the article body (its first
    line is the headline when it equals `title`, as on a real page), wrapped in menus, related and
    most-read lists, comments and a footer; the meta tags carry the title, date and site name.
    `layout` is one of LAYOUTS: `modern` (semantic tags), `inline` (a local paper's CMS: related
    articles inside the article's container), `portal` (the article in two blocks around an ad, a
    long comment thread of paragraphs), `legacy` (a 2000s page laid out in tables, lines
    separated by `<br>`). `charset` is only declared: encode with `encode_page`.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if chrome:
        if lines and lines[0].strip() == title.strip():
            lines = lines[1:]
        meta = {"published": published, "publisher": publisher, "reporter": reporter, "charset": charset}
        if layout == "legacy":
            return _legacy(title, lines, **meta)
        if layout == "portal":
            return _portal(title, lines, **meta)
        return (_inline if layout == "inline" else _modern)(title, _body_html(lines), **meta)
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="{charset}">
<title>{html.escape(title)}</title>
<style>{_style(_font_px(lines))}</style>
</head>
<body>
{_body_html(lines)}
</body>
</html>
"""


def encode_page(page: str) -> bytes:
    """The page's bytes in the charset it declares (EUC-KR pages are CP949 in practice)."""
    m = re.search(r"charset=[\"']?([\w-]+)", page)
    charset = m.group(1).lower() if m else "utf-8"
    codec = "cp949" if charset in ("euc-kr", "ks_c_5601-1987", "cp949") else charset
    return page.encode(codec, errors="xmlcharrefreplace")  # as such sites write ©, •: &#169;


def html_to_pdf(page: str, out: Path, *, timeout: float = 180.0) -> Path:
    """Print an HTML page to PDF with headless Chromium (no network, a throwaway profile)."""
    if reason := chromium_missing():
        raise RuntimeError(reason)
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="render-") as tmp:
        source = Path(tmp) / "page.html"
        source.write_bytes(encode_page(page))
        profile = Path(tmp) / "profile"
        cmd = [
            str(CHROMIUM),
            *HEADLESS_FLAGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            source.as_uri(),
        ]
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        if not out.exists() or out.stat().st_size == 0:
            raise RuntimeError(f"chromium wrote no PDF (exit {done.returncode}): {done.stderr[-500:]!r}")
    return out


def image_only_pdf(pdf: Path, out: Path, *, dpi: int = 200) -> Path:
    """The PDF's pages as grey images in a new PDF with no text layer: a scanned document."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        images = []
        for page in doc:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            images.append(bitmap.to_pil().convert("L"))
            page.close()
    finally:
        doc.close()
    if not images:
        raise ValueError(f"{pdf} has no pages")
    out = Path(out)
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out
