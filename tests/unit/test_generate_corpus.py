"""The synthetic corpus generator (benchmarks/generate_corpus.py): determinism, the variation
catalogue's coverage, and labels in the format `ict-warehouse eval` reads."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from benchmarks import generate_corpus as gc
from orchestration.evaluation.labels import facts_from_labels
from orchestration.ingest.metadata import KINDS

SEED = 11
N_FILES = 24  # documents written to disk
N_DOCS = 64  # documents checked in memory: every axis value must be drawn among them


def _read_all(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    gc.write_corpus(out, N_FILES, SEED)
    return out


@pytest.fixture(scope="module")
def documents() -> list[gc.Document]:
    return [gc.generate_document(SEED, i) for i in range(N_DOCS)]


# --- determinism ------------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    gc.main(["--docs", str(N_FILES), "--seed", str(SEED), str(again)])
    assert _read_all(again) == _read_all(corpus)


def test_three_files_per_document_with_stable_names(corpus: Path) -> None:
    names = sorted(p.name for p in corpus.iterdir())
    assert len(names) == 3 * N_FILES
    assert names[:3] == ["syn_000000.expected.json", "syn_000000.meta.json", "syn_000000.txt"]
    assert names[-1] == f"syn_{N_FILES - 1:06d}.txt"


def test_smaller_corpus_is_a_prefix(corpus: Path, tmp_path: Path) -> None:
    small = tmp_path / "small"
    gc.write_corpus(small, 7, SEED)
    small_files = _read_all(small)
    assert len(small_files) == 21
    big_files = _read_all(corpus)
    for name, data in small_files.items():
        assert big_files[name] == data


def test_different_seeds_differ() -> None:
    a = [gc.generate_document(1, i).text for i in range(8)]
    b = [gc.generate_document(2, i).text for i in range(8)]
    assert all(x != y for x, y in zip(a, b, strict=True))
    assert [gc.variation_of(1, i) for i in range(16)] != [gc.variation_of(2, i) for i in range(16)]


def test_every_document_text_is_distinct(documents: list[gc.Document]) -> None:
    hashes = {hashlib.sha256(d.text.encode()).hexdigest() for d in documents}
    assert len(hashes) == len(documents)


def test_sixty_documents_are_quick(tmp_path: Path) -> None:
    started = time.perf_counter()
    stats = gc.write_corpus(tmp_path / "quick", 60, 3)
    assert time.perf_counter() - started < 5
    assert stats["docs"] == 60 and stats["bytes"] > 0


# --- the variation catalogue ----------------------------------------------------------------------


def test_every_axis_value_is_drawn_in_sixty_documents(documents: list[gc.Document]) -> None:
    drawn: dict[str, set[str]] = {axis: set() for axis in gc.VARIATIONS}
    for doc in documents[:60]:
        for axis, value in doc.variation.items():
            drawn[axis].add(value)
    missing = {axis: set(values) - drawn[axis] for axis, values in gc.VARIATIONS.items()}
    assert not any(missing.values()), missing


def test_a_document_draws_exactly_the_axes_of_its_kind(documents: list[gc.Document]) -> None:
    for doc in documents:
        var = doc.variation
        kind = var["kind"]
        assert set(var) == {"kind", *gc.KIND_AXES[kind]}, doc.name
        for axis, allowed in gc.KIND_AXES[kind].items():
            assert var[axis] in allowed, (doc.name, axis, var[axis])
        assert doc.kind == gc.SIDECAR_KIND[kind]
    # every axis of the catalogue is drawn by some kind, with only catalogue values
    for axes in gc.KIND_AXES.values():
        for axis, allowed in axes.items():
            assert set(allowed) <= set(gc.VARIATIONS[axis])
    assert set(gc.KIND_AXES) == set(gc.VARIATIONS["kind"]) == set(gc.WRITERS)


def test_kinds_and_values_are_dealt_evenly() -> None:
    kinds = Counter(gc.variation_of(0, i)["kind"] for i in range(8 * 5))
    assert set(kinds.values()) == {5}
    # the documents that draw `flattening` take each of its 7 values once per 7 of them
    flat = [v["flattening"] for v in (gc.variation_of(0, i) for i in range(80)) if "flattening" in v]
    for start in range(0, len(flat) - 6, 7):
        assert sorted(flat[start : start + 7]) == sorted(gc.VARIATIONS["flattening"])


def test_the_variation_shows_in_the_text(documents: list[gc.Document]) -> None:
    for doc in documents:
        var, text = doc.variation, doc.text
        how = var.get("flattening")
        if how == "pipes":
            assert re.search(r"^\| .+ \|$", text, re.M), doc.name
        elif how == "boxes":
            assert "┌" in text and "│" in text, doc.name
        elif how == "tabs":
            assert "\t" in text, doc.name
        if "unit" in var:
            assert f"단위 : {var['unit']}" in text or f"단위: {var['unit']}" in text, doc.name
        if var.get("furniture") == "question_dots":
            assert "?" in text and "·" not in text, doc.name
        elif var.get("furniture") == "page_numbers":
            assert re.search(r"^- \d+ -$", text, re.M), doc.name
        elif var.get("furniture") == "photo_caption":
            assert "ⓒ" in text, doc.name
        elif var.get("furniture") == "most_read":
            assert "많이 본 기사" in text, doc.name
        if var.get("hedge") in ("약", "여", "가량"):
            assert var["hedge"] in text and doc.labels["total_approximate"] is True, doc.name
        if "counter" in var:
            total = doc.labels["total_projects"]
            assert f"{total:,}{var['counter']}" in text, doc.name
        if var.get("bullet") in ("▲", "△", "ㆍ", "•"):
            assert var["bullet"] in text, doc.name


# --- sidecars and labels ----------------------------------------------------------------------------


def test_meta_sidecars(corpus: Path) -> None:
    for path in sorted(corpus.glob("*.meta.json")):
        meta = json.loads(path.read_text(encoding="utf-8"))
        assert {"title", "publisher", "published_on", "kind"} <= set(meta)
        assert "region" not in meta  # the text must give the region
        assert meta["kind"] in KINDS
        date.fromisoformat(meta["published_on"])
        assert meta["title"] and meta["publisher"]


def test_labels_are_in_the_eval_format(corpus: Path) -> None:
    for path in sorted(corpus.glob("*.expected.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        name = path.name[: -len(".expected.json")]
        meta = json.loads((corpus / f"{name}.meta.json").read_text(encoding="utf-8"))
        assert data["doc"] == name and data["kind"] == meta["kind"]
        labels = facts_from_labels(name, data)
        assert labels.unscored_keys == [], (name, labels.unscored_keys)
        assert [k for k in data if k.startswith("_")] == ["_variation"]
        families = {f.family for f in labels.facts}
        assert "context" in families and len(families) >= 2, name
        assert isinstance(data["year"], int) and 2011 <= data["year"] <= 2029
        assert all(isinstance(t, str) for t in data["traps"])


def _numbers(obj: object) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            out += [(key, value)] if not isinstance(value, dict | list) else _numbers(value)
    elif isinstance(obj, list):
        for value in obj:
            out += _numbers(value)
    return out


def test_label_values_are_typed(documents: list[gc.Document]) -> None:
    for doc in documents:
        for key, value in _numbers({k: v for k, v in doc.labels.items() if k != "_variation"}):
            if key.endswith("_krw") or key in {"projects", "total", "authorized", "current", "gap", "year"}:
                assert value is None or (isinstance(value, int) and not isinstance(value, bool)), (
                    doc.name,
                    key,
                )


def test_trap_quotes_are_in_the_text(documents: list[gc.Document]) -> None:
    for doc in documents:
        for trap in doc.labels["traps"]:
            for quote in re.findall(r"'([^']+)'", trap):
                assert quote in doc.text, (doc.name, quote)


def test_labels_state_what_the_text_states(documents: list[gc.Document]) -> None:
    for doc in documents:
        labels, text = doc.labels, doc.text.replace("?", "·")
        for program in labels.get("named_programs", []):
            assert f"'{program['name']}'" in text
        for key in ("by_institution", "by_type", "by_region"):
            field = key[3:]
            for row in labels.get(key, []):
                assert row[field] in text, (doc.name, row)
                assert f"{row['projects']:,}" in text, (doc.name, row)
        for row in labels.get("staffing", []):
            assert str(row["authorized"]) in text and str(row["current"]) in text
        for row in labels.get("budget_lines", []):
            name = row.get("program") or row.get("department")
            assert name.split(" (")[0] in text.replace(" ", "") or name.split(" (")[0] in text, (
                doc.name,
                name,
            )


def test_labelled_figures_add_up(documents: list[gc.Document]) -> None:
    checked = Counter()
    for doc in documents:
        labels = doc.labels
        if labels.get("by_institution_complete"):
            rows = labels["by_institution"]
            assert sum(r["projects"] for r in rows) == labels["total_projects"]
            assert sum(r["amount_krw"] for r in rows) == labels["total_amount_krw"]
            checked["institutions"] += 1
        for row in labels.get("staffing", []):
            assert row["gap"] == row["current"] - row["authorized"]
            checked["staffing"] += 1
        for row in labels.get("budget_lines", []):
            if row.get("lapsed_krw") is not None and row.get("carried_over_krw") is not None:
                assert row["budget_krw"] - row["spent_krw"] - row["carried_over_krw"] == row["lapsed_krw"]
                checked["settlement"] += 1
        audit = labels.get("audit_summary") or []
        whole = [r for r in audit if r["kind"] == "계" and "scope" not in r]
        if whole:
            parts = [r for r in audit if r["kind"] != "계" and "scope" not in r]
            assert whole[0]["total"] == sum(r["total"] for r in parts), doc.name
            checked["audit"] += 1
    assert min(checked.values()) > 0 and len(checked) == 4, checked


# --- writing numbers and tables -----------------------------------------------------------------------


def test_amount_spellings() -> None:
    assert gc.money(1_064_000_000, "억만원") == "10억6400만원"
    assert gc.money(14_265_300_000, "억만원", spaced=True) == "142억 6,530만 원"
    assert gc.money(39_000_000, "천백만원") == "3천9백만원"
    assert gc.money(620_000_000, "천백만원") == "6억2천만원"
    assert gc.money(1_204_500_000_000, "조") == "1조 2,045억원"
    assert gc.money(162_700_000_000, "억원") == "1,627억원"
    assert gc.money(162_700_000_000, "억 원") == "1,627억 원"
    assert gc.money(162_700_000_000, "억") == "1,627억"
    assert gc.money(162_700_000_000, "백만원") == "162,700백만원"
    assert gc.money(162_700_000_000, "억원", hedge="약") == "약 1,627억원"
    assert gc.money(162_700_000_000, "억원", hedge="여") == "1,627억여원"
    assert gc.money(162_700_000_000, "억 원", hedge="가량") == "1,627억 원가량"
    assert gc.money(162_700_000_000, "백만원", hedge="여") == "1,627억여원"


def test_item_orders_and_counters() -> None:
    amount = gc.money(156_200_000_000, "억원")
    assert gc.item("서울시 본청", 355, amount, "건", "count(amount)") == "서울시 본청 355건(1,562억원)"
    assert (
        gc.item("서울시 본청", 355, amount, "개 사업", "amount(count)") == "서울시 본청 1,562억원(355개 사업)"
    )
    assert gc.item("서울시 본청", 355, amount, "개", "amount·count") == "서울시 본청 1,562억원·355개"
    assert gc.item("경상남도", 411, "736억원", "개사업", "(count amount)") == "경상남도(411개사업 736억원)"


def test_flattenings() -> None:
    rows = [["구 분", "정원", "현원"], ["계", "120", "118"], ["총무과", "60", "59"]]
    unit = "(단위: 명)"
    assert gc.flatten(unit, rows, "tabs")[1:] == ["구 분\t정원\t현원", "계\t120\t118", "총무과\t60\t59"]
    assert gc.flatten(unit, rows, "single_spaces")[2] == "계 120 118"
    assert gc.flatten(unit, rows, "pipes")[3] == "| 총무과 | 60 | 59 |"
    assert gc.flatten(unit, rows, "cells") == [
        unit,
        "구 분",
        "정원",
        "현원",
        "계",
        "120",
        "118",
        "총무과",
        "60",
        "59",
    ]
    assert gc.flatten(unit, rows, "one_line") == ["(단위: 명) 구 분 정원 현원 계 120 118 총무과 60 59"]
    spaces = gc.flatten(unit, rows, "spaces")
    assert re.match(r"^\s+계\s{3,}120\s{3,}118$", spaces[2])
    boxes = gc.flatten(unit, rows, "boxes")
    assert boxes[1].startswith("┌") and boxes[3].startswith("├") and boxes[-1].startswith("└")
    assert "│ 총무과 │" in boxes[5]


def test_partition_sums_exactly() -> None:
    import random

    rng = random.Random(0)
    for total in (3, 10, 1045, 3213):
        for k in (1, 2, 3, 10):
            if total >= k:
                parts = gc.partition(rng, total, k)
                assert sum(parts) == total and min(parts) >= 1 and len(parts) == k


def test_staffing_tables_never_count_negative_staff():
    """A work report's staff by kind adds up to those in post, none negative (a 10,000-document
    corpus once held -2 일반직, which the raw_staffing suite rightly refused)."""
    rows = 0
    for i in range(800):
        doc = gc.generate_document(7, i)
        if doc.kind != "work_report":
            continue
        for line in doc.text.splitlines():
            cells = [c.strip() for c in re.split(r"[│|\t]", line) if c.strip()]
            if (
                len(cells) == 7
                and cells[1].isdigit()
                and cells[2].isdigit()
                and re.fullmatch(r"-?\d+", cells[4])
            ):
                rows += 1
                assert int(cells[4]) >= 0, (i, line)
    assert rows > 50
