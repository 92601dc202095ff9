"""The HWP 5 reader: real files saved by Hangul, and files we build record by record.

The real files (`../shared/formats/hwp/`, third-party, beside the checkout) are checked against what
we read from them by hand (a dump of their records) and against their `PrvText` stream, the plain
preview Hangul itself writes into every file: a second witness of the text the reader must find.
The built files (tests/formats_support/hwp_writer.py) put every construct the reader handles (tab,
line break, fields, auto numbers, captions, merged and header cells, a table in a cell, footnotes,
headers, two sections) where an exact expected text can be written down, and every refusal
(encrypted, distribution, not HWP, damaged, decompression bomb) where its reason can be checked.
Our own documents written as HWP 5 (`hwp_bytes`) read back as the same documents written as HWPX
(`hwpx_bytes`) do: the two writers and the two readers agree.
"""

from __future__ import annotations

import io
import random
import re
import struct
import tracemalloc
from pathlib import Path

import olefile
import pytest

from orchestration.ingest.decode import RejectedInput, decode_document
from orchestration.ingest.formats.hwp import PARA_HEADER, inflate, paragraph_text, read_hwp
from orchestration.ingest.formats.hwpx import read_hwpx
from tests.formats_support.hwp_writer import (
    END,
    FIELD_END,
    LINE_BREAK,
    NBSP,
    TAB,
    cell,
    compound_file,
    ctrl,
    deflate,
    ext,
    file_header,
    hwp_bytes,
    hwp_file,
    para,
    paragraph_list,
    rec,
    t,
    table,
    write_hwp,
)
from tests.formats_support.hwpx_writer import hwpx_bytes

ROOT = Path(__file__).resolve().parents[2]
HWP_DIR = ROOT.parent / "shared" / "formats" / "hwp"
LABELLED = ROOT / "tests" / "fixtures" / "labelled"
TABBED = sorted(p for p in LABELLED.glob("*.txt") if "\t" in p.read_text(encoding="utf-8"))

# Control characters other than tab and newline; control ids decoded as UTF-16 text (what a naive
# reader shows for 'secd', 'cold', 'tbl ', 'gso ', 'atno'); any CJK ideograph (these files hold none).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_MOJIBAKE = ("捤獥", "汤捯", "氠瑢", "漠杳", "湯慴")
_IDEOGRAPH = re.compile("[\u4e00-\u9fff]")


def sample(name: str) -> bytes:
    path = HWP_DIR / name
    if not path.is_file():
        pytest.skip(
            f"{path} is absent (the third-party HWP samples sit beside this project's checkout, in "
            "../shared/formats/hwp, not in it; a clone elsewhere has none)"
        )
    return path.read_bytes()


def preview(data: bytes) -> str:
    """The PrvText stream: Hangul's own plain-text preview of the file's start (cells in <>)."""
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        return ole.openstream("PrvText").read().decode("utf-16le")


def assert_clean(text: str) -> None:
    assert not _CONTROL_CHARS.search(text), repr(_CONTROL_CHARS.search(text))
    assert not any(m in text for m in _MOJIBAKE)
    assert not _IDEOGRAPH.search(text), _IDEOGRAPH.findall(text)[:5]


# --- real files ------------------------------------------------------------------------------------


def test_sample_5017_paragraphs_tables_and_title() -> None:
    doc = read_hwp(sample("sample-5017.hwp"))
    lines = doc.text.splitlines()
    assert lines[0] == "한글 2005 예제 파일입니다."
    assert "머리말입니다" in lines
    body = next(line for line in lines if line.startswith("본문 내용입니다."))
    assert body.endswith("HWPML에 관하여 설명한다.")
    assert "글 문서 파일 형식 5.0 및" in body
    # the paragraph `표<table>표끝<table>`: text and tables in their order
    assert lines[lines.index("표") : lines.index("표") + 5] == [
        "표",
        "A0\tB0",
        "A1\tB10 B11",
        "표끝",
        "table2",
    ]
    assert [t.rows for t in doc.tables] == [(("A0", "B0"), ("A1", "B10 B11")), (("table2",),)]
    first = doc.tables[0]
    assert lines[first.line_start - 1] == "A0\tB0" and lines[first.line_end - 1] == "A1\tB10 B11"
    assert first.header_rows == 1 and first.where == "구역 1"
    # a 2x2 table whose cells are empty keeps its caption (auto number rendered) as a line
    assert "표 3 2x2짜리표 가나다" in lines
    assert {"다음 문단", "미주입니다.", "이건 각주이지요.", "다음 페이지"} <= set(lines)
    assert doc.title == "제목입니다."
    assert doc.format == "hwp" and doc.locations == ((1, "구역 1"),)
    assert_clean(doc.text)


@pytest.mark.parametrize("name", ["sample-5017.hwp", "lists-bullet.hwp", "table-caption.hwp", "table.hwp"])
def test_the_preview_hangul_wrote_agrees(name: str) -> None:
    """Every complete plain line of PrvText is a line of our text, and every cell it shows is a cell."""
    data = sample(name)
    doc = read_hwp(data)
    shown = preview(data)
    lines = set(doc.text.splitlines())
    preview_lines = shown.split("\r\n")[:-1]  # the last one may be cut at the preview's length
    for line in preview_lines:
        if "<" not in line and line.strip():
            assert line in lines, line
    cells = {c for t in doc.tables for row in t.rows for c in row if c}
    for shown_cell in re.findall(r"<([^<>]*)>", "\n".join(preview_lines)):
        assert not shown_cell or shown_cell in cells, shown_cell


def test_captions_of_tables_are_kept_in_order() -> None:
    doc = read_hwp(sample("table-caption.hwp"))
    assert doc.text.splitlines()[:6] == [
        "표 1 위 캡션",
        "표 2 아래 캡션",
        "표 3 왼쪽",
        "표 4 오른쪽",
        "표 5 왼쪽 위",
        "표 6 오른쪽 아래",
    ]
    assert_clean(doc.text)


def test_bulleted_and_numbered_paragraphs() -> None:
    doc = read_hwp(sample("lists-bullet.hwp"))
    lines = doc.text.splitlines()
    assert lines[:8] == ["글머리표", "1", "2", "3", "글머리표", "1", "2", "3"]
    assert lines.count("글머리표 사용자정의 ☀") == 6
    assert lines[-1] == "새 글머리표 모양: sun"
    assert doc.title == "글머리표"
    assert_clean(doc.text)


@pytest.mark.parametrize("name", ["table.hwp", "matrix.hwp"])
def test_objects_without_text_give_no_text(name: str) -> None:
    """table.hwp is a table of empty cells, matrix.hwp three empty shapes (PrvText: `<><><>`)."""
    doc = read_hwp(sample(name))
    assert doc.text.strip() == "" and doc.tables == ()


def test_encrypted_file_is_refused_with_its_reason() -> None:
    with pytest.raises(RejectedInput, match=r"^encrypted HWP: password-protected, cannot be read$"):
        read_hwp(sample("password-12345.hwp"))


@pytest.mark.parametrize("cut", [700, 3000, 20_000, 39_000])
def test_truncated_file_is_refused_as_corrupt(cut: int) -> None:
    data = sample("sample-5017.hwp")
    with pytest.raises(RejectedInput, match=r"^corrupt HWP: "):
        read_hwp(data[:cut])


def test_damaged_files_are_refused_or_read_never_crash() -> None:
    """Bytes changed at random: a clear refusal or a document, never another exception or garbage."""
    rng = random.Random(5017)
    data = sample("sample-5017.hwp")
    outcomes = {"read": 0, "refused": 0}
    for _ in range(300):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 12)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            doc = read_hwp(bytes(damaged))
        except RejectedInput as exc:
            assert str(exc).split(":")[0] in {
                "corrupt HWP",
                "unsupported format",
                "encrypted HWP",
                "distribution-protected HWP (배포용 문서)",
                "DRM-protected HWP",
                "too large once decompressed",
            }, str(exc)
            outcomes["refused"] += 1
        else:
            assert not _CONTROL_CHARS.search(doc.text)
            outcomes["read"] += 1
    assert outcomes["read"] and outcomes["refused"]


# --- files built record by record --------------------------------------------------------------------


def built_document(flags: int = 1) -> bytes:
    nested = table(3, 1, 2, [(0, 0, 1, 1, False, [para(4, t("X"))]), (0, 1, 1, 1, False, [para(4, t("Y"))])])
    budget = table(
        1,
        3,
        3,
        [
            cell(0, 0, "구분", header=True),
            cell(0, 1, "예산", header=True),
            cell(0, 2, "집행", header=True),
            cell(1, 0, "사업 A"),
            cell(1, 1, "1,000"),
            (1, 2, 1, 1, False, [para(2, t("내역") + ext(11, "tbl "), nested)]),
            cell(2, 0, "합계", span=(1, 2)),
            cell(2, 2, "500"),
        ],
        caption=para(
            2,
            t("표 ") + ext(18, "atno") + t(" 예산 현황 (단위: 천원)"),
            ctrl(3, "atno", struct.pack("<IH", 4, 1)),
        ),
    )
    first = para(
        0,
        ext(2, "secd")
        + t("첫 문단")
        + TAB
        + t("탭 뒤")
        + LINE_BREAK
        + t("둘째 줄 ")
        + ext(3, "%hlk")
        + t("링크")
        + FIELD_END
        + t(" 끝")
        + ext(17, "fn  ")
        + ext(16, "head"),
        ctrl(1, "secd", b"\0" * 32),
        ctrl(1, "%hlk", b"\0" * 16),
        ctrl(1, "fn  ", b"\0" * 8, paragraph_list(2, para(2, t("각주 내용")))),
        ctrl(1, "head", b"\0" * 8, paragraph_list(2, para(2, t("머리말 텍스트")))),
    )
    section0 = (
        first
        + para(0)
        + para(0, t("표 앞") + ext(11, "tbl ") + t("표 뒤"), budget)
        + para(0, t("가") + NBSP + t("나"))
    )
    header_table = table(
        1,
        3,
        2,
        [
            cell(0, 0, "연도", span=(2, 1), header=True),
            cell(0, 1, "금액", header=True),
            cell(1, 1, "(단위: 백만원)", header=True),
            cell(2, 0, "2023"),
            cell(2, 1, "500"),
        ],
    )
    section1 = para(0, t("둘째 구역") + ext(11, "tbl "), header_table)
    return hwp_file(section0, section1, flags=flags)


EXPECTED_TEXT = """첫 문단\t탭 뒤
둘째 줄 링크 끝

표 앞
표 1 예산 현황 (단위: 천원)
구분\t예산\t집행
사업 A\t1,000\t내역 X Y
합계\t\t500
표 뒤
가 나
각주 내용
둘째 구역
연도\t금액
\t(단위: 백만원)
2023\t500
"""


@pytest.mark.parametrize("flags", [1, 0], ids=["compressed", "stored"])
def test_built_document_reads_exactly(flags: int) -> None:
    doc = read_hwp(built_document(flags))
    assert doc.text == EXPECTED_TEXT
    budget, years = doc.tables
    assert budget.rows == (("구분", "예산", "집행"), ("사업 A", "1,000", "내역 X Y"), ("합계", "", "500"))
    assert budget.caption == "표 1 예산 현황 (단위: 천원)" and budget.unit == "천원"
    assert budget.header_rows == 1 and budget.where == "구역 1" and budget.line_start == 6
    # header cells marked over two rows (a cell spanning both): both are header rows
    assert (
        years.rows == (("연도", "금액"), ("", "(단위: 백만원)"), ("2023", "500")) and years.header_rows == 2
    )
    assert years.where == "구역 2" and years.unit == "백만원"
    assert doc.locations == ((1, "구역 1"), (12, "구역 2"))
    assert doc.layout.location_of(11) == "구역 1" and doc.layout.location_of(14) == "구역 2"
    assert "머리말 텍스트" not in doc.text and doc.notes == ("1 header/footer texts left out",)


def test_paragraph_text_skips_eight_unit_controls_whole() -> None:
    """The control id inside an 8-unit control is never read as text (`捤獥汤捯` for secd/cold)."""
    data = ext(2, "secd") + ext(2, "cold") + t("본문") + TAB + t("끝") + END
    assert paragraph_text(data) == [b"dces", b"dloc", "본문", "\t", "끝"]
    assert "".join(p for p in paragraph_text(data) if isinstance(p, str)) == "본문\t끝"
    naive = data.decode("utf-16le", "replace")
    assert "捤獥" in naive and "汤捯" in naive  # what the reader must not do


def test_paragraph_text_finds_controls_only_on_code_unit_boundaries() -> None:
    # U+1F05 then U+0A00: bytes 05 1F 00 0A hold `1F 00` at an odd offset, which is not a control
    data = "\u1f05\u0a00".encode("utf-16le") + t("가") + LINE_BREAK + t("나")
    assert "".join(p for p in paragraph_text(data) if isinstance(p, str)) == "\u1f05\u0a00가\n나"


def test_distribution_document_is_refused() -> None:
    with pytest.raises(RejectedInput, match=r"^distribution-protected HWP \(배포용 문서\): cannot be read$"):
        read_hwp(hwp_file(para(0, t("x")), flags=1 | 4))


def test_drm_document_is_refused() -> None:
    with pytest.raises(RejectedInput, match=r"^DRM-protected HWP: cannot be read$"):
        read_hwp(hwp_file(para(0, t("x")), flags=1 | 16))


def test_other_compound_files_are_not_hwp() -> None:
    word = compound_file({"WordDocument": b"\xec\xa5" + b"\0" * 600, "1Table": b"\0" * 100})
    with pytest.raises(RejectedInput, match=r"^unsupported format: OLE compound file that is not HWP$"):
        read_hwp(word)


def test_other_hwp_versions_are_named() -> None:
    with pytest.raises(RejectedInput, match=r"^unsupported format: HWP 3\.x document"):
        read_hwp(b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + b"\0" * 200)
    v4 = compound_file({"FileHeader": file_header(version=0x04000000), "BodyText/Section0": b""})
    with pytest.raises(RejectedInput, match=r"^unsupported format: HWP version 4"):
        read_hwp(v4)


def test_random_bytes_behind_the_compound_file_signature_are_corrupt() -> None:
    rng = random.Random(7)
    for size in (8, 600, 5000, 40_000):
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(size))
        with pytest.raises(RejectedInput, match=r"^corrupt HWP: "):
            read_hwp(data)
    with pytest.raises(RejectedInput, match=r"^corrupt HWP: not an OLE compound file"):
        read_hwp(b"PK\x03\x04 not a compound file")


def test_section_cut_short_or_not_deflate_is_corrupt() -> None:
    noise = random.Random(1).randbytes(20_000)  # incompressible: half the stream is half the data,
    whole = deflate(para(0, noise))  # and more than the 4096 bytes below which streams are padded
    streams = {"FileHeader": file_header(), "BodyText/Section0": whole[: len(whole) // 2]}
    with pytest.raises(RejectedInput, match=r"^corrupt HWP: section 1 is cut short"):
        read_hwp(compound_file(streams))
    streams["BodyText/Section0"] = b"\xff" * 64
    with pytest.raises(RejectedInput, match=r"^corrupt HWP: section 1 does not decompress"):
        read_hwp(compound_file(streams))
    cut = para(0, t("가")) + rec(PARA_HEADER, 0, b"\0" * 22)[:-10]  # the last record's payload cut short
    with pytest.raises(RejectedInput, match=r"^corrupt HWP: a record is cut short$"):
        read_hwp(compound_file({"FileHeader": file_header(), "BodyText/Section0": deflate(cut)}))


def test_inflate_stops_a_bomb_at_its_cap() -> None:
    bomb = deflate(b"\0" * (64 << 20))  # 64 MB of zeros in about 64 KB
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(RejectedInput, match=r"^too large once decompressed: section exceeds 8 MB$"):
            inflate(bomb, 8 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 24 << 20  # stopped near the cap, never the 64 MB the bomb inflates to
    assert len(inflate(deflate(b"abc" * 1000), 3000)) == 3000  # exactly at the cap is allowed


def test_a_bomb_section_is_refused_by_the_reader() -> None:
    # the whole file's sections share the cap: two sections of 6 MB each against 8 MB
    six = para(0, t("가" * 1000)) * 3200
    assert len(six) > 6 << 20
    with pytest.raises(
        RejectedInput, match=r"^too large once decompressed: section 2 takes the file past 8 MB in all$"
    ):
        read_hwp(hwp_file(six, six), max_inflated=8 << 20)
    assert read_hwp(hwp_file(six), max_inflated=8 << 20).text.startswith("가" * 1000)


def test_nesting_beyond_the_limit_is_left_out_not_a_crash() -> None:
    """A table in a cell of a table ... 400 deep (record levels go to 1023): no RecursionError, the
    outer text is kept and what lies deeper than the limit is left out with a note."""
    depth = 400
    inner = para(2 * depth, t("가장 안쪽"))
    for k in range(depth, 0, -1):  # level k: paragraph at 2k-2, its table control at 2k-1, cells at 2k
        inner = para(
            2 * k - 2, t(f"층 {k}") + ext(11, "tbl "), table(2 * k - 1, 1, 1, [(0, 0, 1, 1, False, [inner])])
        )
    doc = read_hwp(hwp_file(inner))
    assert doc.text.startswith("층 1\n층 2 층 3 ")
    assert "가장 안쪽" not in doc.text
    assert any("nested deeper than" in note for note in doc.notes)


# --- our own documents as HWP 5, against the same documents as HWPX ----------------------------------


def test_there_are_tabbed_fixtures_to_compare() -> None:
    if not LABELLED.is_dir():
        pytest.skip(f"{LABELLED} is not in this checkout")
    assert len(TABBED) >= 2


@pytest.mark.parametrize("path", TABBED, ids=lambda p: p.stem[:40])
def test_hwp_and_hwpx_of_a_document_read_the_same(path: Path, tmp_path: Path) -> None:
    """hwp_bytes and hwpx_bytes lay a text out alike, and read_hwp and read_hwpx read it alike:
    the same lines, the same tables cell for cell on the same lines, units, header rows, title."""
    text = path.read_text(encoding="utf-8")
    hwp = read_hwp(write_hwp(text, tmp_path / "doc.hwp", title="검토 보고").read_bytes())
    hwpx = read_hwpx(hwpx_bytes(text, title="검토 보고"))
    assert hwp.text.splitlines() == hwpx.text.splitlines() and hwp.text == hwpx.text
    assert hwp.tables and [tb.rows for tb in hwp.tables] == [tb.rows for tb in hwpx.tables]
    for ours, theirs in zip(hwp.tables, hwpx.tables, strict=True):
        assert (ours.line_start, ours.line_end, ours.header_rows, ours.unit, ours.caption, ours.where) == (
            theirs.line_start,
            theirs.line_end,
            theirs.header_rows,
            theirs.unit,
            theirs.caption,
            theirs.where,
        )
    assert hwp.locations == hwpx.locations == ((1, "구역 1"),)
    assert hwp.format == "hwp" and hwp.title == hwpx.title == "검토 보고" and hwp.notes == ()
    assert not _CONTROL_CHARS.search(hwp.text)
    as_hwp, as_hwpx = decode_document(hwp_bytes(text), "x.hwp"), decode_document(hwpx_bytes(text), "x.hwpx")
    assert as_hwp.text == as_hwpx.text and as_hwp.encoding == "hwp"


def test_written_file_holds_the_streams_readers_look_at() -> None:
    """FileHeader (sections compressed), the section, the title as a property set, the PrvText
    preview with cells in <> (as test_the_preview_hangul_wrote_agrees reads it in real files)."""
    data = hwp_bytes("제목 줄\n(단위: 천원)\n구분\t예산\n계\t1,000\n끝\n", title="예산 현황")
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        assert ole.exists("FileHeader") and ole.exists("BodyText/Section0")
        assert ole.openstream("FileHeader").read()[36] & 1  # sections compressed
    assert preview(data).rstrip("\0") == "제목 줄\r\n(단위: 천원)\r\n<구분><예산>\r\n<계><1,000>\r\n끝\r\n"
    doc = read_hwp(data)
    assert doc.text == "제목 줄\n(단위: 천원)\n구분\t예산\n계\t1,000\n끝\n"
    assert doc.title == "예산 현황" and doc.tables[0].unit == "천원" and doc.tables[0].header_rows == 1
    assert read_hwp(hwp_bytes("")).text.strip() == "" and read_hwp(hwp_bytes("가")).title is None
