"""The HWPX reader: our own documents written as HWPX and read back, OWPML written by hand for every
construct the reader handles, and the archives it must refuse (damaged zip, bombs, DOCTYPE,
encryption, other zip formats)."""

from __future__ import annotations

import io
import random
import re
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from orchestration.ingest.decode import RejectedInput
from orchestration.ingest.formats.hwpx import read_hwpx
from orchestration.ingest.formats.model import clean_cell
from tests.formats_support.hwpx_writer import hwpx_bytes, write_hwpx

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "tests" / "fixtures" / "labelled"
TABBED = [
    "m_incheon-admin-bureau-2022-work-report-tabs.txt",
    "m_gyeonggi-assembly-2020-settlement-review-tabs.txt",
]
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def fixture_text(name: str) -> str:
    path = LABELLED / name
    if not path.is_file():
        pytest.skip(f"{path} is not in this checkout")
    return path.read_text(encoding="utf-8")


def as_read(text: str) -> str:
    """The text as a reader hands it over: lines without trailing spaces, table cells as one
    trimmed line each (model.clean_cell), no blank lines at the end."""
    lines = [
        "\t".join(clean_cell(c) for c in line.split("\t")).rstrip() if "\t" in line else line.rstrip()
        for line in text.splitlines()
    ]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def tab_tables(text: str) -> list[list[tuple[str, ...]]]:
    """The source's tables: runs of consecutive lines holding tabs, each row padded to the widest."""
    tables, run = [], []
    for line in [*text.splitlines(), ""]:
        if "\t" in line:
            run.append([clean_cell(c) for c in line.split("\t")])
        elif run:
            width = max(len(r) for r in run)
            tables.append([tuple(r + [""] * (width - len(r))) for r in run])
            run = []
    return tables


# --- round trip of our own documents ---------------------------------------------------------------


@pytest.mark.parametrize("name", TABBED)
def test_round_trip_gives_the_text_and_the_tables_as_cells(name: str, tmp_path: Path) -> None:
    text = fixture_text(name)
    path = write_hwpx(text, tmp_path / "doc.hwpx", title="검토 보고")
    doc = read_hwpx(path.read_bytes())
    assert doc.text == as_read(text)
    assert [list(t.rows) for t in doc.tables] == tab_tables(text)
    lines = doc.text.splitlines()
    for table in doc.tables:
        assert lines[table.line_start - 1] == "\t".join(table.rows[0]).rstrip()
        assert table.where == "구역 1" and table.header_rows == 1  # the writer marks the first row
    assert doc.locations == ((1, "구역 1"),)
    assert doc.format == "hwpx" and doc.title == "검토 보고" and doc.notes == ()
    assert not _CONTROL_CHARS.search(doc.text)


def test_round_trip_keeps_each_unit_line_above_its_table() -> None:
    doc = read_hwpx(hwpx_bytes(fixture_text(TABBED[0])))
    assert [t.unit for t in doc.tables] == ["명", "천원"]
    assert doc.tables[1].rows[1] == ("계", "86,412,530", "41,208,116", "47.7%")
    lines = doc.text.splitlines()
    assert lines[doc.tables[1].line_start - 2] == "(’22. 6. 30. 기준, 단위: 천원)"


@pytest.mark.parametrize("path", sorted(LABELLED.glob("*.txt")), ids=lambda p: p.stem[:40])
def test_every_labelled_document_round_trips(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = read_hwpx(hwpx_bytes(text))
    assert doc.text == as_read(text)
    assert [list(t.rows) for t in doc.tables] == tab_tables(text)


def test_the_written_package_is_what_consumers_expect() -> None:
    data = hwpx_bytes("가\n나\t다\n")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert zf.read("mimetype") == b"application/hwp+zip"
        assert {
            "version.xml",
            "META-INF/container.xml",
            "Contents/content.hpf",
            "Contents/header.xml",
        } <= set(zf.namelist())
        section = zf.read("Contents/section0.xml").decode("utf-8")
    # the mimetype is readable at a fixed offset, as sniffers (and decode.sniff_format) expect
    assert data[30:38] == b"mimetype" and data[38:57] == b"application/hwp+zip"
    assert section.count("<hp:tbl ") == 1 and section.count("<hp:tc ") == 2
    assert '<hp:cellAddr colAddr="1" rowAddr="0"/>' in section


# --- OWPML written by hand -------------------------------------------------------------------------

HP = "http://www.owpml.org/owpml/2024/paragraph"  # the 2024 namespaces: matched by local name
HS = "http://www.owpml.org/owpml/2024/section"


def p(*runs: str) -> str:
    return "<hp:p>" + "".join(f"<hp:run>{r}</hp:run>" for r in runs) + "</hp:p>"


def sub(*paras: str) -> str:
    return "<hp:subList>" + "".join(paras) + "</hp:subList>"


def tc(row: int | None, col: int | None, text: str, *, span=(1, 1), header=False, extra: str = "") -> str:
    address = f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/>' if row is not None else ""
    return (
        f'<hp:tc header="{int(header)}">{sub(p(f"<hp:t>{text}</hp:t>{extra}"))}{address}'
        f'<hp:cellSpan colSpan="{span[1]}" rowSpan="{span[0]}"/></hp:tc>'
    )


def tbl(rows: list[list[str]], *, caption: str = "", counts=(0, 0)) -> str:
    cap = f'<hp:caption side="TOP">{sub(caption)}</hp:caption>' if caption else ""
    trs = "".join("<hp:tr>" + "".join(r) + "</hp:tr>" for r in rows)
    return f'<hp:tbl rowCnt="{counts[0]}" colCnt="{counts[1]}"><hp:sz width="1"/>{cap}{trs}</hp:tbl>'


def sec(*paras: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}">'
        + "".join(paras)
        + "</hs:sec>"
    )


def package(
    sections: list[str],
    *,
    names: list[str] | None = None,
    hpf: bool = True,
    manifest: str | None = None,
    mimetype: str = "application/hwp+zip",
    extra: dict[str, bytes] | None = None,
    title: str = "",
) -> bytes:
    names = names or [f"Contents/section{k}.xml" for k in range(len(sections))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        if hpf:
            items = "".join(
                f'<opf:item id="s{k}" href="{n}" media-type="application/xml"/>' for k, n in enumerate(names)
            )
            refs = "".join(f'<opf:itemref idref="s{k}"/>' for k in range(len(names)))
            zf.writestr(
                "Contents/content.hpf",
                '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:metadata>'
                f"<opf:title>{title}</opf:title></opf:metadata><opf:manifest>"
                '<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
                f'{items}</opf:manifest><opf:spine><opf:itemref idref="header"/>{refs}</opf:spine></opf:package>',
            )
        if manifest is not None:
            zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("Contents/header.xml", '<hh:head xmlns:hh="http://www.owpml.org/owpml/2024/head"/>')
        for name, xml in zip(names, sections, strict=True):
            zf.writestr(name, xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


def hand_written() -> bytes:
    nested = tbl([[tc(0, 0, "X"), tc(0, 1, "Y")]])
    budget = tbl(
        [
            [tc(0, 0, "구분", header=True), tc(0, 1, "예산", header=True), tc(0, 2, "집행", header=True)],
            [tc(1, 0, "사업 A"), tc(1, 1, "1,000"), tc(1, 2, "내역", extra=nested)],
            [tc(2, 0, "합계", span=(1, 2)), tc(2, 2, "500")],
        ],
        caption=p(
            '<hp:t>표 </hp:t><hp:ctrl><hp:autoNum num="1" numType="TABLE"/></hp:ctrl><hp:t> 예산 현황 (단위: 천원)</hp:t>'
        ),
        counts=(3, 3),
    )
    first = sec(
        p(
            '<hp:secPr/><hp:ctrl><hp:colPr colCount="1"/></hp:ctrl>'
            '<hp:t>첫 문단<hp:tab width="4000" leader="0" type="1"/>탭 뒤<hp:lineBreak/>둘째 줄</hp:t>',
            f"<hp:ctrl><hp:footNote>{sub(p('<hp:t>각주 내용</hp:t>'))}</hp:footNote></hp:ctrl>"
            f"<hp:ctrl><hp:header>{sub(p('<hp:t>머리말 텍스트</hp:t>'))}</hp:header></hp:ctrl>",
        ),
        "<hp:p><hp:run/></hp:p>",
        p("<hp:t>표 앞</hp:t>" + budget + "<hp:t>표 뒤</hp:t>"),
        p(
            '<hp:switch><hp:case hp:required-namespace="http://www.hancom.co.kr/hwpml/2016/HwpUnitChar">'
            "<hp:t>가 나</hp:t></hp:case><hp:default><hp:t>가 나</hp:t></hp:default></hp:switch>"
        ),
        p(f"<hp:rect><hp:drawText>{sub(p('<hp:t>글상자 안</hp:t>'))}</hp:drawText></hp:rect>"),
        p("<hp:t>수식 앞</hp:t><hp:equation><hp:script>x over y</hp:script></hp:equation>"),
    )
    # no cell addresses (some writers): cells go to the next free slot, around a cell spanning rows
    second = sec(p(tbl([[tc(None, None, "A", span=(2, 1)), tc(None, None, "B")], [tc(None, None, "C")]])))
    return package([first, second], title="손으로 쓴 문서")


def test_hand_written_owpml_reads_exactly() -> None:
    doc = read_hwpx(hand_written())
    assert doc.text == (
        "첫 문단\t탭 뒤\n둘째 줄\n\n표 앞\n표 1 예산 현황 (단위: 천원)\n구분\t예산\t집행\n사업 A\t1,000\t내역 X Y\n"
        "합계\t\t500\n표 뒤\n가 나\n글상자 안\n수식 앞\n각주 내용\nA\tB\n\tC\n"
    )
    budget, spans = doc.tables
    assert budget.rows == (("구분", "예산", "집행"), ("사업 A", "1,000", "내역 X Y"), ("합계", "", "500"))
    assert (
        budget.caption == "표 1 예산 현황 (단위: 천원)" and budget.unit == "천원" and budget.line_start == 6
    )
    assert spans.rows == (("A", "B"), ("", "C")) and spans.where == "구역 2"
    assert doc.locations == ((1, "구역 1"), (14, "구역 2"))
    assert doc.title == "손으로 쓴 문서"
    assert "머리말 텍스트" not in doc.text and "x over y" not in doc.text
    assert doc.notes == ("1 equations left out", "1 header/footer texts left out")


def test_header_rows_come_from_the_cells_marked_header() -> None:
    rows = [
        [tc(0, 0, "연도", span=(2, 1), header=True), tc(0, 1, "금액", header=True)],
        [tc(1, 1, "(단위: 백만원)", header=True)],
        [tc(2, 0, "2023"), tc(2, 1, "500")],
    ]
    (table,) = read_hwpx(package([sec(p(tbl(rows)))])).tables
    assert table.header_rows == 2 and table.unit == "백만원"
    unmarked = [[tc(0, 0, "연도"), tc(0, 1, "금액")], [tc(1, 0, "2023"), tc(1, 1, "500")]]
    assert read_hwpx(package([sec(p(tbl(unmarked)))])).tables[0].header_rows == 1


def test_sections_follow_the_spine_else_their_numbers() -> None:
    parts = [sec(p(f"<hp:t>구역 글 {k}</hp:t>")) for k in (0, 2, 10)]
    names = ["Contents/section0.xml", "Contents/section2.xml", "Contents/section10.xml"]
    for hpf in (True, False):
        doc = read_hwpx(package(parts, names=names, hpf=hpf))
        assert doc.text == "구역 글 0\n구역 글 2\n구역 글 10\n"
        assert doc.locations == ((1, "구역 1"), (2, "구역 2"), (3, "구역 3"))


def test_empty_tables_leave_only_their_caption() -> None:
    empty = tbl([[tc(0, 0, ""), tc(0, 1, "")]], caption=p("<hp:t>빈 양식</hp:t>"))
    doc = read_hwpx(package([sec(p(empty))]))
    assert doc.text == "빈 양식\n" and doc.tables == ()


# --- refusals --------------------------------------------------------------------------------------


def test_not_a_zip_or_a_damaged_zip_is_corrupt() -> None:
    rng = random.Random(3)
    with pytest.raises(RejectedInput, match=r"^corrupt HWPX: not a readable zip archive"):
        read_hwpx(b"PK\x03\x04" + rng.randbytes(4000))
    data = hwpx_bytes(fixture_text(TABBED[0]))
    with pytest.raises(RejectedInput, match=r"^corrupt HWPX: "):
        read_hwpx(data[: len(data) // 2])


def test_damaged_member_data_is_corrupt() -> None:
    data = bytearray(hwpx_bytes(fixture_text(TABBED[0]) * 20))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("Contents/section0.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 100, start + 140):
        data[k] ^= 0x5A
    with pytest.raises(RejectedInput, match=r"^corrupt HWPX: Contents/section0\.xml "):
        read_hwpx(bytes(data))


def test_random_damage_is_refused_or_read_never_a_crash() -> None:
    rng = random.Random(2022)
    data = hwpx_bytes(fixture_text(TABBED[1]))
    seen = set()
    for _ in range(300):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 10)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            doc = read_hwpx(bytes(damaged))
        except RejectedInput as exc:
            seen.add(str(exc).split(":")[0])
        else:
            assert not _CONTROL_CHARS.search(doc.text)
    assert seen <= {"corrupt HWPX", "unsupported format", "encrypted HWPX", "unsafe HWPX"}, seen
    assert "corrupt HWPX" in seen


def test_a_zip_bomb_member_is_stopped_at_its_cap() -> None:
    huge = sec().replace("</hs:sec>", " " * (64 << 20) + "</hs:sec>")
    bomb = package([huge])
    assert len(bomb) < 200_000  # 64 MB of XML in a small file
    tracemalloc.start()
    try:
        with pytest.raises(
            RejectedInput, match=r"^too large once decompressed: Contents/section0\.xml exceeds 8 MB"
        ):
            read_hwpx(bomb, max_member=8 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 24 << 20  # about the cap, never the 64 MB the member inflates to


def test_all_members_together_are_capped() -> None:
    five = sec(p("<hp:t>" + "가" * 100 + "</hp:t>") * 13_000)
    assert len(five.encode()) > 4 << 20
    data = package([five, five])
    with pytest.raises(
        RejectedInput,
        match=r"^too large once decompressed: Contents/section1\.xml takes the file past 8 MB in all$",
    ):
        read_hwpx(data, max_member=6 << 20, max_total=8 << 20)
    assert read_hwpx(package([five]), max_member=6 << 20, max_total=8 << 20).text.startswith("가" * 100)


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{k} "{(f"&lol{k - 1};" if k > 1 else "&lol;") * 10}">' for k in range(1, 10))
    + f']><hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}"><hp:p><hp:run><hp:t>&lol9;</hp:t></hp:run></hp:p></hs:sec>'
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE sec [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
    f'<hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}"><hp:p><hp:run><hp:t>&secret;</hp:t></hp:run></hp:p></hs:sec>'
)


@pytest.mark.parametrize("xml", [LAUGHS, EXTERNAL], ids=["entity-expansion", "external-entity"])
def test_a_doctype_is_refused(xml: str) -> None:
    start = time.perf_counter()
    with pytest.raises(RejectedInput, match=r"^unsafe HWPX: Contents/section0\.xml declares a DOCTYPE"):
        read_hwpx(package([xml]))
    assert time.perf_counter() - start < 2.0


def test_a_doctype_in_the_package_parts_is_refused_too() -> None:
    manifest = (
        '<?xml version="1.0"?><!DOCTYPE m SYSTEM "http://example.invalid/m.dtd"><odf:manifest xmlns:odf="x"/>'
    )
    with pytest.raises(RejectedInput, match=r"^unsafe HWPX: META-INF/manifest\.xml declares a DOCTYPE"):
        read_hwpx(package([sec(p("<hp:t>가</hp:t>"))], manifest=manifest))


def test_malformed_xml_is_corrupt() -> None:
    with pytest.raises(RejectedInput, match=r"^corrupt HWPX: Contents/section0\.xml is not well-formed XML"):
        read_hwpx(package([sec(p("<hp:t>열린 채 끝나는 글</hp:t>")).replace("</hs:sec>", "")]))


def test_encrypted_documents_are_refused() -> None:
    manifest = (
        '<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest">'
        '<odf:file-entry full-path="Contents/section0.xml" media-type="application/xml">'
        '<odf:encryption-data checksum-type="SHA1" checksum="AAAA"><odf:algorithm algorithm-name="AES"/>'
        "</odf:encryption-data></odf:file-entry></odf:manifest>"
    )
    with pytest.raises(RejectedInput, match=r"^encrypted HWPX: password-protected, cannot be read$"):
        read_hwpx(package([sec(p("<hp:t>비밀</hp:t>"))], manifest=manifest))
    # a zip entry flagged as encrypted (the zip's own encryption)
    data = bytearray(package([sec(p("<hp:t>비밀</hp:t>"))]))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("Contents/section0.xml")
        central = data.find(b"Contents/section0.xml", zf.start_dir) - 46  # its central directory entry
    data[central + 8] |= 1
    data[info.header_offset + 6] |= 1
    with pytest.raises(RejectedInput, match=r"^encrypted HWPX: password-protected, cannot be read$"):
        read_hwpx(bytes(data))


def test_other_zip_formats_are_named() -> None:
    with pytest.raises(
        RejectedInput, match=r"^unsupported format: zip archive of 'application/epub\+zip', not HWPX$"
    ):
        read_hwpx(package([sec()], mimetype="application/epub+zip"))
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document xmlns:w='w'/>")
    with pytest.raises(RejectedInput, match=r"^unsupported format: zip archive that is not HWPX"):
        read_hwpx(docx.getvalue())
