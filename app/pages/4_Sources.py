"""Sources: the document catalog, and a document's text with the extracted figures highlighted.

Opened from any figure elsewhere through /Sources?doc=<doc_id>&line=<n>. A link to a document the
warehouse does not hold says so (and opens none in its place); a line past the end shows the last.
"""

import sys
from pathlib import Path

if (_root := str(Path(__file__).resolve().parents[2])) not in sys.path:
    sys.path.insert(0, _root)

import re

import pandas as pd
import streamlit as st

from app import data
from app import format as fmt

CONTEXT = 12  # lines shown either side of the line a link points at

lang = fmt.start_page("sources", "📄")
t = fmt.t


def split_cells(text: str) -> list[str]:
    """A plain-text table line's cells: tab-separated (empty cells kept, so columns line up), else
    separated by runs of spaces."""
    return text.split("\t") if "\t" in text else re.split(r"\s{2,}", text.strip())


def show_text_table(context: dict, line: int, values: pd.DataFrame) -> None:
    """A plain-text line inside a table the extractors read: the unit line above the table (or the unit
    the records were read in), and the nearest header line(s) with the line under them, cell by cell."""
    record_units = [u for u in values["record_unit"].dropna().unique() if u] if not values.empty else []
    if context["unit"]:
        text = fmt.md_escape(context["unit_text"].strip())
        st.caption(t("src_table_unit", unit=context["unit"], line=context["unit_line"], text=text))
    elif record_units:
        st.caption(t("src_table_unit_record", unit=fmt.md_escape(", ".join(record_units))))
    else:
        st.caption(t("src_table_no_unit"))
    if not context["headers"]:
        st.caption(t("src_no_header"))
        return
    st.caption(t("src_header_and_row"))
    shown = [*context["headers"], (line, context["row"])]
    frame = fmt.cells_frame([split_cells(text) for _, text in shown])
    frame.insert(0, t("lines"), [n for n, _ in shown])
    st.dataframe(frame, hide_index=True, width="stretch", key="text_table_header")


def show_values(values: pd.DataFrame) -> None:
    """The values extracted from the line: what each record is about, each numeric field formatted
    (억원 / 백만원, %, counts with their unit) beside its exact value."""
    if values.empty:
        return
    shown = values.copy()
    shown["field"] = [t(f"field_{f}") if f"field_{f}" in fmt.LABELS else f for f in shown["field"]]
    shown["record_type"] = [fmt.code("record_type", r) for r in shown["record_type"]]
    shown["shown"] = [
        fmt.format_money(v, lang)
        if k == "money"
        else fmt.format_rate(v)
        if k == "rate"
        else f"{v:,}" + (f" {u}" if isinstance(u, str) and u else "")
        for k, v, u in zip(shown["kind"], shown["value"], shown["unit"], strict=True)
    ]
    shown["exact"] = [
        fmt.format_krw(v, lang) if k == "money" else f"{v:,}" if isinstance(v, int) else str(v)
        for k, v in zip(shown["kind"], shown["value"], strict=True)
    ]
    st.markdown(f"**{t('src_line_values')}**")
    fmt.show_table(
        shown[["record_type", "item", "field", "shown", "exact"]],
        key="line_values",
        column_config={
            "record_type": t("record_type"),
            "item": t("src_item"),
            "field": t("src_field"),
            "shown": t("src_value"),
            "exact": t("src_exact"),
        },
        file_name="line_values.csv",
    )


catalog = data.documents()
catalog["link"] = [
    fmt.source_link(d) if s != "rejected" else None
    for d, s in zip(catalog["doc_id"], catalog["status"], strict=True)
]
st.subheader(t("catalog"))
fmt.show_table(
    catalog[
        [
            "title",
            "publisher",
            "published_on",
            "kind",
            "region",
            "file_name",
            "source_format",
            "line_count",
            "n_facts",
            "coverage",
            "status",
            "rejected_reason",
            "link",
        ]
    ].assign(  # codes in the reader's language (app/glossary.csv)
        kind=catalog["kind"].map(lambda k: fmt.code("doc_kind", k)),
        source_format=catalog["source_format"].map(lambda f: fmt.code("source_format", f)),
        status=catalog["status"].map(lambda s: fmt.code("doc_status", s)),
    ),
    key="catalog",
    column_config={
        "title": st.column_config.TextColumn(t("title"), width="large"),
        "publisher": t("publisher"),
        "published_on": st.column_config.DateColumn(t("published_on")),
        "kind": t("doc_kind"),
        "region": t("region"),
        "file_name": t("file_name"),
        "source_format": t("source_format"),
        "line_count": t("lines"),
        "n_facts": t("n_facts"),
        "coverage": st.column_config.NumberColumn(t("coverage"), format="percent"),
        "status": t("doc_status"),
        "rejected_reason": t("reason"),
        "link": st.column_config.LinkColumn(t("source"), display_text="↗"),
    },
    file_name="documents.csv",
)

readable = catalog[catalog["status"] != "rejected"]
if readable.empty:
    st.stop()

# --- one document: the query parameters choose it and the line ----------------------------------------------
doc_ids = list(readable["doc_id"])
titles = {
    r.doc_id: f"{r.published_on:%Y-%m-%d} · {r.title or r.file_name}"
    if not fmt.is_missing(r.published_on)
    else str(r.title or r.file_name)
    for r in readable.itertuples()
}
wanted = st.query_params.get("doc")
line = fmt.parse_line(st.query_params.get("line"))
unknown = wanted is not None and wanted not in doc_ids
if unknown:
    st.warning(t("unknown_document", doc=fmt.md_escape(wanted[:80])))
index = None if unknown else doc_ids.index(wanted) if wanted in doc_ids else 0
doc_id = st.selectbox(t("pick_document"), doc_ids, index=index, format_func=titles.get)
if doc_id is None:  # the link named no document we hold, and none is picked yet
    st.stop()
if doc_id != wanted:  # picked another document: the URL follows, and the old line no longer applies
    st.query_params["doc"] = doc_id
    if "line" in st.query_params:
        del st.query_params["line"]
    line = None

text = data.document_text(doc_id)
if text is None:
    st.warning(t("text_missing"))
    st.stop()
lines = text.splitlines()
if line and line > len(lines):  # a link past the end: the last line, and a word why
    st.caption(t("line_clamped", asked=line, last=len(lines)))
    line = len(lines) or None
records = data.document_records(doc_id)
marked: set[int] = set()
for r in records.itertuples():
    if not fmt.is_missing(r.line_start):
        end = r.line_end if not fmt.is_missing(r.line_end) else r.line_start
        marked.update(range(int(r.line_start), int(end) + 1))

picked_line = st.number_input(
    t("go_to_line"),
    min_value=0,
    max_value=len(lines),
    value=line or 0,
    step=1,
    help="0 = –",
    key=f"line_{doc_id}_{line}",
)
if picked_line and picked_line != line:
    st.query_params["line"] = str(int(picked_line))
    line = int(picked_line)
st.caption(t("legend"))
if bool(readable.loc[readable["doc_id"] == doc_id, "is_ocr"].fillna(False).any()):
    st.warning(t("ocr_warning"))
layout = data.document_layout(doc_id)

if line:
    st.markdown(f"**{t('around_line', line=line)}**")
    if where := layout.place(line):
        st.caption(t("line_location", where=where))
    if found := layout.table_at(line):
        table = found[1]
        row = line - table.line_start
        shown = [*table.rows[: table.header_rows], *([table.rows[row]] if row >= table.header_rows else [])]
        st.caption(t("line_in_table", unit=table.unit or t("unit_unknown")))
        st.dataframe(fmt.cells_frame(shown), hide_index=True, width="stretch")
    values = data.line_values(doc_id, line)
    if not found and (context := data.text_table_at(doc_id, line)):
        show_text_table(context, line, values)
    show_values(values)
    st.markdown(
        fmt.highlight_lines_html(lines, marked, focus=line, start=line - CONTEXT, end=line + CONTEXT),
        unsafe_allow_html=True,
    )
    hits = records[(records["line_start"] <= line) & (records["line_end"] >= line)]
    if not hits.empty:
        fmt.show_table(
            hits,
            key="line_records",
            column_config={
                "record_type": t("record_type"),
                "line_start": t("lines"),
                "line_end": "~",
                "source_text": st.column_config.TextColumn(t("source"), width="large"),
            },
            file_name="line_records.csv",
        )

with st.expander(t("full_text"), expanded=not line), st.container(height=600):
    st.markdown(fmt.highlight_lines_html(lines, marked, focus=line), unsafe_allow_html=True)

st.subheader(t("records_in_doc"))
records["link"] = [fmt.source_link(doc_id, n) for n in records["line_start"]]
fmt.show_table(
    records[["record_type", "line_start", "line_end", "source_text", "link"]],
    key="doc_records",
    column_config={
        "record_type": t("record_type"),
        "line_start": t("lines"),
        "line_end": "~",
        "source_text": st.column_config.TextColumn(t("source"), width="large"),
        "link": fmt.link_column(),
    },
    file_name="document_records.csv",
)
