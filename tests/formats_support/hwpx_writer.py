"""Our own plain-text documents written as HWPX (OWPML), so tests can read the same document in
the format public offices publish in and compare it with its `.txt`.

Every line becomes a paragraph; a run of consecutive lines holding tabs (a table flattened with
tabs, one line per row) becomes one `hp:tbl` with a cell per tab-separated field, its first row
marked as the header row. A unit line such as `(단위: 천원)` stays a paragraph above its table, as
in the source. The package has what a consumer expects: `mimetype` first and stored, version.xml,
META-INF/container.xml and manifest.xml, Contents/content.hpf (manifest and spine),
Contents/header.xml (one font, character, paragraph and border style) and Contents/section0.xml.
"""

from __future__ import annotations

import io
import re
import zipfile
from itertools import count
from pathlib import Path
from xml.sax.saxutils import escape

# The namespaces Hangul declares on every part's root (it checks for them when opening a file)
NS = {
    "ha": "http://www.hancom.co.kr/hwpml/2011/app",
    "hp": "http://www.hancom.co.kr/hwpml/2011/paragraph",
    "hp10": "http://www.hancom.co.kr/hwpml/2016/paragraph",
    "hs": "http://www.hancom.co.kr/hwpml/2011/section",
    "hc": "http://www.hancom.co.kr/hwpml/2011/core",
    "hh": "http://www.hancom.co.kr/hwpml/2011/head",
    "hhs": "http://www.hancom.co.kr/hwpml/2011/history",
    "hm": "http://www.hancom.co.kr/hwpml/2011/master-page",
    "hpf": "http://www.hancom.co.kr/schema/2011/hpf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "opf": "http://www.idpf.org/2007/opf/",
    "ooxmlchart": "http://www.hancom.co.kr/hwpml/2016/ooxmlchart",
    "hwpunitchar": "http://www.hancom.co.kr/hwpml/2016/HwpUnitChar",
    "epub": "http://www.idpf.org/2007/ops",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
}
_XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
_OCF = "urn:oasis:names:tc:opendocument:xmlns:container"
_ODF = "urn:oasis:names:tc:opendocument:xmlns:manifest"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
# characters XML 1.0 cannot carry (our texts have none; a stray one must not make the file invalid)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

PAGE_WIDTH, TEXT_WIDTH = 59528, 42520  # A4 and its text width with the default margins (HWPUNIT)
ROW_HEIGHT = 1800

_VERSION = (
    f'{_DECL}<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
    'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1" os="1" '
    'xmlVersion="1.4" application="Hancom Office Hangul" appVersion="11, 0, 0, 1"/>'
)
_CONTAINER = (
    f'{_DECL}<ocf:container xmlns:ocf="{_OCF}" xmlns:hpf="{NS["hpf"]}"><ocf:rootfiles>'
    '<ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>'
    "</ocf:rootfiles></ocf:container>"
)
_MANIFEST = f'{_DECL}<odf:manifest xmlns:odf="{_ODF}"/>'
_LANGS = ("HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER")


def _font_faces() -> str:
    faces = "".join(
        f'<hh:fontface lang="{lang}" fontCnt="1"><hh:font id="0" face="함초롬바탕" type="TTF" isEmbedded="0"/>'
        "</hh:fontface>"
        for lang in _LANGS
    )
    return f'<hh:fontfaces itemCnt="{len(_LANGS)}">{faces}</hh:fontfaces>'


def _border_fills() -> str:
    def fill(fill_id: int, line: str) -> str:
        sides = "".join(
            f'<hh:{side}Border type="{line}" width="0.12 mm" color="#000000"/>'
            for side in ("left", "right", "top", "bottom")
        )
        return (
            f'<hh:borderFill id="{fill_id}" threeD="0" shadow="0" centerLine="NONE" breakCellSeparateLine="0">'
            '<hh:slash type="NONE" Crooked="0" isCounter="0"/><hh:backSlash type="NONE" Crooked="0" isCounter="0"/>'
            f'{sides}<hh:diagonal type="SOLID" width="0.1 mm" color="#000000"/></hh:borderFill>'
        )

    return f'<hh:borderFills itemCnt="2">{fill(1, "NONE")}{fill(2, "SOLID")}</hh:borderFills>'


def _header_xml() -> str:
    same = " ".join(f'{lang.lower()}="{{v}}"' for lang in _LANGS)
    char_pr = (
        '<hh:charProperties itemCnt="1"><hh:charPr id="0" height="1000" textColor="#000000" shadeColor="none" '
        'useFontSpace="0" useKerning="0" symMark="NONE" borderFillIDRef="1">'
        f"<hh:fontRef {same.format(v=0)}/><hh:ratio {same.format(v=100)}/><hh:spacing {same.format(v=0)}/>"
        f"<hh:relSz {same.format(v=100)}/><hh:offset {same.format(v=0)}/></hh:charPr></hh:charProperties>"
    )
    para_pr = (
        '<hh:paraProperties itemCnt="1"><hh:paraPr id="0" tabPrIDRef="0" condense="0" fontLineHeight="0" '
        'snapToGrid="1" suppressLineNumbers="0" checked="0"><hh:align horizontal="JUSTIFY" vertical="BASELINE"/>'
        '<hh:heading type="NONE" idRef="0" level="0"/><hh:breakSetting breakLatinWord="KEEP_WORD" '
        'breakNonLatinWord="KEEP_WORD" widowOrphan="0" keepWithNext="0" keepLines="0" pageBreakBefore="0" '
        'lineWrap="BREAK"/><hh:autoSpacing eAsianEng="0" eAsianNum="0"/><hh:margin>'
        '<hc:intent value="0" unit="HWPUNIT"/><hc:left value="0" unit="HWPUNIT"/><hc:right value="0" unit="HWPUNIT"/>'
        '<hc:prev value="0" unit="HWPUNIT"/><hc:next value="0" unit="HWPUNIT"/></hh:margin>'
        '<hh:lineSpacing type="PERCENT" value="160" unit="HWPUNIT"/><hh:border borderFillIDRef="1" offsetLeft="0" '
        'offsetRight="0" offsetTop="0" offsetBottom="0" connect="0" ignoreMargin="0"/></hh:paraPr></hh:paraProperties>'
    )
    return (
        f'{_DECL}<hh:head {_XMLNS} version="1.4" secCnt="1">'
        '<hh:beginNum page="1" footnote="1" endnote="1" pic="1" tbl="1" equation="1"/><hh:refList>'
        f"{_font_faces()}{_border_fills()}{char_pr}"
        '<hh:tabProperties itemCnt="1"><hh:tabPr id="0" autoTabLeft="0" autoTabRight="0"/></hh:tabProperties>'
        f"{para_pr}"
        '<hh:styles itemCnt="1"><hh:style id="0" type="PARA" name="바탕글" engName="Normal" paraPrIDRef="0" '
        'charPrIDRef="0" nextStyleIDRef="0" langID="1042" lockForm="0"/></hh:styles>'
        '</hh:refList><hh:compatibleDocument targetProgram="HWP201X"><hh:layoutCompatibility/>'
        '</hh:compatibleDocument><hh:docOption><hh:linkinfo path="" pageInherit="0" footnoteInherit="0"/>'
        "</hh:docOption></hh:head>"
    )


def _content_hpf(title: str) -> str:
    return (
        f'{_DECL}<opf:package {_XMLNS} version="" unique-identifier="" id="">'
        f"<opf:metadata><opf:title>{escape(title)}</opf:title><opf:language>ko</opf:language></opf:metadata>"
        '<opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/></opf:manifest>'
        '<opf:spine><opf:itemref idref="header" linear="yes"/><opf:itemref idref="section0" linear="yes"/>'
        "</opf:spine></opf:package>"
    )


_SEC_PR = (
    '<hp:secPr id="" textDirection="HORIZONTAL" spaceColumns="1134" tabStop="8000" tabStopVal="4000" '
    'tabStopUnit="HWPUNIT" outlineShapeIDRef="0" memoShapeIDRef="0" textVerticalWidthHead="0" masterPageCnt="0">'
    '<hp:grid lineGrid="0" charGrid="0" wonggojiFormat="0"/>'
    '<hp:startNum pageStartsOn="BOTH" page="0" pic="0" tbl="0" equation="0"/>'
    '<hp:visibility hideFirstHeader="0" hideFirstFooter="0" hideFirstMasterPage="0" border="SHOW_ALL" '
    'fill="SHOW_ALL" hideFirstPageNum="0" hideFirstEmptyLine="0" showLineNumber="0"/>'
    '<hp:lineNumberShape restartType="0" countBy="0" distance="0" startNumber="0"/>'
    f'<hp:pagePr landscape="WIDELY" width="{PAGE_WIDTH}" height="84186" gutterType="LEFT_ONLY">'
    '<hp:margin header="4252" footer="4252" gutter="0" left="8504" right="8504" top="5668" bottom="4252"/>'
    "</hp:pagePr></hp:secPr>"
    '<hp:ctrl><hp:colPr id="" type="NEWSPAPER" layout="LEFT" colCount="1" sameSz="1" sameGap="0"/></hp:ctrl>'
)


def _text_runs(text: str) -> str:
    """A line's text as `hp:t`, tabs as `hp:tab` (a line with a tab is a table row, so rarely used)."""
    text = _NOT_XML.sub("", text)
    parts = [escape(part) for part in text.split("\t")]
    return "<hp:t>" + '<hp:tab width="4000" leader="0" type="1"/>'.join(parts) + "</hp:t>" if text else ""


def _paragraph(ids: count, inner: str, first: bool = False) -> str:
    run = f'<hp:run charPrIDRef="0">{_SEC_PR if first else ""}{inner}</hp:run>'
    return f'<hp:p id="{next(ids)}" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">{run}</hp:p>'


def _table(ids: count, rows: list[list[str]]) -> str:
    n_cols = max(len(row) for row in rows)
    width = TEXT_WIDTH // n_cols
    trs = []
    for r, row in enumerate(rows):
        tcs = []
        for c in range(n_cols):
            cell = row[c] if c < len(row) else ""
            para = _paragraph(ids, _text_runs(cell))
            tcs.append(
                f'<hp:tc name="" header="{1 if r == 0 else 0}" hasMargin="0" protect="0" editable="0" dirty="0" '
                'borderFillIDRef="2"><hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" '
                'vertAlign="CENTER" linkListIDRef="0" linkListNextIDRef="0" textWidth="0" textHeight="0" '
                f'hasTextRef="0" hasNumRef="0">{para}</hp:subList><hp:cellAddr colAddr="{c}" rowAddr="{r}"/>'
                f'<hp:cellSpan colSpan="1" rowSpan="1"/><hp:cellSz width="{width}" height="{ROW_HEIGHT}"/>'
                '<hp:cellMargin left="510" right="510" top="141" bottom="141"/></hp:tc>'
            )
        trs.append("<hp:tr>" + "".join(tcs) + "</hp:tr>")
    return (
        f'<hp:tbl id="{next(ids)}" zOrder="0" numberingType="TABLE" textWrap="TOP_AND_BOTTOM" '
        'textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" pageBreak="CELL" repeatHeader="1" '
        f'rowCnt="{len(rows)}" colCnt="{n_cols}" cellSpacing="0" borderFillIDRef="2" noAdjust="0">'
        f'<hp:sz width="{width * n_cols}" widthRelTo="ABSOLUTE" height="{ROW_HEIGHT * len(rows)}" '
        'heightRelTo="ABSOLUTE" protect="0"/><hp:pos treatAsChar="0" affectLSpacing="0" flowWithText="1" '
        'allowOverlap="0" holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="COLUMN" vertAlign="TOP" '
        'horzAlign="LEFT" vertOffset="0" horzOffset="0"/><hp:outMargin left="283" right="283" top="283" '
        'bottom="283"/><hp:inMargin left="510" right="510" top="141" bottom="141"/>'
        + "".join(trs)
        + "</hp:tbl>"
    )


def section_xml(text: str) -> str:
    """The body of a document (one section): paragraphs, and tables where lines hold tabs."""
    ids = count(1)
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line starts no paragraph
    body: list[str] = []
    k = 0
    while k < len(lines):
        first = not body
        if "\t" in lines[k]:
            rows = []
            while k < len(lines) and "\t" in lines[k]:
                rows.append(lines[k].split("\t"))
                k += 1
            body.append(_paragraph(ids, _table(ids, rows) + "<hp:t/>", first))
        else:
            body.append(_paragraph(ids, _text_runs(lines[k]), first))
            k += 1
    if not body:
        body.append(_paragraph(ids, "", True))
    return f"{_DECL}<hs:sec {_XMLNS}>" + "".join(body) + "</hs:sec>"


def hwpx_bytes(text: str, title: str = "") -> bytes:
    """The HWPX file of a text, in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("version.xml", _VERSION)
        zf.writestr("META-INF/container.xml", _CONTAINER)
        zf.writestr("META-INF/manifest.xml", _MANIFEST)
        zf.writestr("Contents/content.hpf", _content_hpf(title))
        zf.writestr("Contents/header.xml", _header_xml())
        zf.writestr("Contents/section0.xml", section_xml(text))
        zf.writestr("Preview/PrvText.txt", text[:1024])  # what file browsers show; no reader needs it
    return buffer.getvalue()


def write_hwpx(text: str, path: Path, title: str = "") -> Path:
    """Write `text` as an HWPX file at `path` (see the module docstring for the layout)."""
    path = Path(path)
    path.write_bytes(hwpx_bytes(text, title))
    return path
