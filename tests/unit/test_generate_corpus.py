"""The synthetic corpus generator (benchmarks/generate_corpus.py) and the truth matcher."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from benchmarks import generate_corpus as gc
from benchmarks.truth import load_truth, match_truth, tag_records
from orchestration.extract.records import RECORD_TYPE_BY_NAME

SEED = 11
N_DOCS = 20


def _read_all(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    gc.write_corpus(out, N_DOCS, SEED)
    return out


@pytest.fixture(scope="module")
def documents() -> list[gc.Document]:
    # more documents than the file corpus, in memory, for the consistency checks
    return [gc.generate_document(SEED, i) for i in range(120)]


# --- determinism ------------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    gc.main(["--docs", str(N_DOCS), "--seed", str(SEED), str(again)])
    assert _read_all(again) == _read_all(corpus)


def test_three_files_per_document_with_stable_names(corpus: Path) -> None:
    names = sorted(p.name for p in corpus.iterdir())
    assert len(names) == 3 * N_DOCS
    assert names[:3] == ["syn_000000.meta.json", "syn_000000.truth.json", "syn_000000.txt"]
    assert names[-1] == f"syn_{N_DOCS - 1:06d}.txt"


def test_smaller_corpus_is_a_prefix(corpus: Path, tmp_path: Path) -> None:
    small = tmp_path / "small"
    gc.write_corpus(small, 7, SEED)
    small_files = _read_all(small)
    big_files = _read_all(corpus)
    assert len(small_files) == 21
    for name, data in small_files.items():
        assert big_files[name] == data


def test_different_seeds_differ(tmp_path: Path) -> None:
    a = [gc.generate_document(1, i).text for i in range(5)]
    b = [gc.generate_document(2, i).text for i in range(5)]
    assert all(x != y for x, y in zip(a, b, strict=True))


def test_every_document_text_is_distinct(documents: list[gc.Document]) -> None:
    hashes = {hashlib.sha256(d.text.encode()).hexdigest() for d in documents}
    assert len(hashes) == len(documents)


def test_mix_of_kinds(documents: list[gc.Document]) -> None:
    kinds = Counter(d.kind for d in documents)
    assert set(kinds) == {"news", "work_report"}
    assert 0.55 < kinds["news"] / len(documents) < 0.85


def test_twenty_documents_are_quick(tmp_path: Path) -> None:
    started = time.perf_counter()
    stats = gc.write_corpus(tmp_path / "quick", 20, 3)
    assert time.perf_counter() - started < 5
    assert stats["docs"] == 20 and stats["bytes"] > 0


# --- sidecars and truth -------------------------------------------------------------------------


def test_meta_sidecars(corpus: Path) -> None:
    for path in sorted(corpus.glob("*.meta.json")):
        meta = json.loads(path.read_text(encoding="utf-8"))
        assert {"title", "publisher", "published_on", "kind", "region", "notes"} <= set(meta)
        assert meta["kind"] in {"news", "work_report"}
        date.fromisoformat(meta["published_on"])
        assert meta["region"] is None or meta["region"] in {r.name for r in gc.REGIONS}
        assert meta["title"]


def test_truth_files_follow_the_record_contract(corpus: Path) -> None:
    truths = load_truth(corpus)
    assert len(truths) == N_DOCS
    for name, truth in truths.items():
        meta = json.loads((corpus / f"{name}.meta.json").read_text(encoding="utf-8"))
        assert truth["doc_kind"] == meta["kind"]
        assert truth["region"] == meta["region"]
        assert isinstance(truth["fiscal_year"], int) and 2011 <= truth["fiscal_year"] <= 2025
        assert truth["records"], name
        for rec in truth["records"]:
            cls = RECORD_TYPE_BY_NAME[rec["type"]]
            fields = {f.name for f in dataclasses.fields(cls)}
            assert set(rec) - {"type"} <= fields, (rec["type"], set(rec) - fields)
            for key, value in rec.items():
                if key.endswith("_krw") or key in {"projects", "authorized", "current", "gap", "total"}:
                    assert isinstance(value, int) and not isinstance(value, bool), (key, value)


def _records(doc: gc.Document, rtype: str) -> list[dict]:
    return [r for r in doc.truth["records"] if r["type"] == rtype]


def test_news_truth_is_consistent(documents: list[gc.Document]) -> None:
    checked_exhaustive = 0
    for doc in (d for d in documents if d.kind == "news"):
        totals = {r["scope"]: r for r in _records(doc, "plan_total")}
        groups: dict[tuple[str, str], list[dict]] = {}
        for part in _records(doc, "plan_breakdown"):
            groups.setdefault((part["scope"], part["dimension"]), []).append(part)
            assert part["region"] == doc.truth["region"]
        for (scope, dimension), parts in groups.items():
            total = totals[scope]
            flags = {p["is_exhaustive"] for p in parts}
            assert len(flags) == 1
            projects = sum(p["projects"] for p in parts)
            if flags == {True}:
                checked_exhaustive += 1
                assert projects == total["projects"], (doc.name, scope, dimension)
                assert sum(p["amount_krw"] for p in parts) == total["amount_krw"]
            else:
                assert projects < total["projects"], (doc.name, scope, dimension)
            if dimension == "quarter":
                assert flags == {False} and all("amount_krw" not in p for p in parts)
            if dimension == "institution":
                labels = [p["label"] for p in parts]
                region = next(r for r in gc.REGIONS if r.name == doc.truth["region"])
                assert labels[0] == gc.office_label(region) == region.short
                # counts are dropped from known labels (`25개 자치구` -> 자치구); `2개 행정시` is not a
                # known label, so it is kept as written
                assert not any(ch.isdigit() for label in labels if label != "2개 행정시" for ch in label)
        if "smart_city" in totals:
            assert totals["smart_city"]["projects"] < totals["all"]["projects"]
            assert totals["smart_city"]["amount_krw"] < totals["all"]["amount_krw"]
        for program in _records(doc, "named_program"):
            assert program["name"] in doc.text
            assert program["amount_krw"] % 1_000_000 == 0
            if "organization" in program:
                assert f"{program['organization']})" in doc.text
        for plan in _records(doc, "multi_year_plan"):
            assert f"「{plan['name']}」" in doc.text
            assert f"{plan['start_year']}~{plan['end_year']}" in doc.text
    assert checked_exhaustive > 0


def test_work_report_truth_is_consistent(documents: list[gc.Document]) -> None:
    reports = [d for d in documents if d.kind == "work_report"]
    assert reports
    for doc in reports:
        text = doc.text
        # staffing: the bureau's 계 row is the sum of the departments
        staffing = _records(doc, "staffing")
        total, depts = staffing[0], staffing[1:]
        for key in ("authorized", "current", "gap"):
            assert total[key] == sum(d[key] for d in depts)
        for row in staffing:
            assert row["gap"] == row["current"] - row["authorized"]
            assert " " not in row["department"]
        # expenditure summary: 계 = sum of departments; a department = sum of its accounts
        budgets = _records(doc, "department_budget")
        whole = [b for b in budgets if b["account"] is None]
        bureau, by_dept = whole[0], whole[1:]
        assert bureau["department"] == total["department"]
        for key in ("budget_krw", "prior_year_krw", "executed_krw"):
            assert bureau[key] == sum(b[key] for b in by_dept)
            for dept in by_dept:
                accounts = [b for b in budgets if b["department"] == dept["department"] and b["account"]]
                if accounts:
                    assert len(accounts) == 2
                    assert dept[key] == sum(a[key] for a in accounts)
        # detailed table: subtotals are the sums of the lines below them
        lines = _records(doc, "budget_line")
        detail = [b for b in lines if b["table_kind"] == "detail"]
        subtotals = [b for b in lines if b["table_kind"] == "subtotal"]
        for sub in subtotals:
            if sub["department"] == bureau["department"]:
                below = detail
            else:
                below = [
                    b
                    for b in detail
                    if b["department"] == sub["department"] and sub["account"] in (None, b["account"])
                ]
            assert below
            for key in ("budget_krw", "committed_krw", "spent_krw"):
                assert sub[key] == sum(b[key] for b in below), (doc.name, sub)
        for line in detail:
            assert 0 <= line["spent_krw"] <= line["committed_krw"] <= line["budget_krw"]
            assert f"{line['program']}\t{line['budget_krw'] // 1000:,}\t" in text
        # the expenditure summary executes what the detail table commits
        for dept in by_dept:
            sub = next(s for s in subtotals if s["department"] == dept["department"] and s["account"] is None)
            assert dept["budget_krw"] == sub["budget_krw"]
            assert dept["executed_krw"] == sub["committed_krw"]
        # task tables repeat programs of the detail table
        detail_values = {(b["program"], b["budget_krw"], b["committed_krw"], b["spent_krw"]) for b in detail}
        tasks = [b for b in lines if b["table_kind"] == "task"]
        assert tasks
        for task in tasks:
            assert (
                task["program"],
                task["budget_krw"],
                task["committed_krw"],
                task["spent_krw"],
            ) in detail_values
            assert f"\n{task['task_code']} " in text
        # audit: the summary counts the items
        summaries = {s["kind"]: s for s in _records(doc, "audit_summary")}
        items = _records(doc, "audit_item")
        assert 3 <= len(items) <= 8
        assert summaries["계"]["total"] == len(items)
        for kind in gc.AUDIT_KINDS:
            of_kind = [i for i in items if i["kind"] == kind]
            assert summaries[kind]["total"] == len(of_kind) >= 1
            statuses = Counter(i["status"] for i in of_kind)
            for key, status in (("completed", "완료"), ("in_progress", "추진중"), ("under_review", "검토중")):
                assert summaries[kind].get(key, 0) == statuses[status]
        for item in items:
            assert item["status"] in {"완료", "추진중", "검토중", "미반영"}
            assert f"({item['department']})" in text


def test_noise_of_the_seeds_is_present(documents: list[gc.Document]) -> None:
    texts = "\n".join(d.text for d in documents)
    assert "$\\triangle " in texts and "△" in texts
    assert " 담 당 관" in texts  # spaced-out letters
    assert "\t" in texts
    assert "추진상황 :" in texts
    assert "▴" in texts or "▲" in texts
    assert " 등이다." in texts or " 등이며," in texts  # lists that are not exhaustive


def test_work_reports_stay_small(documents: list[gc.Document]) -> None:
    sizes = [len(d.text.encode()) for d in documents if d.kind == "work_report"]
    assert max(sizes) < 40_000


def test_partition_sums_exactly() -> None:
    import random

    rng = random.Random(0)
    for total in (3, 10, 1045, 3213):
        for k in (1, 2, 3, 10):
            if total >= k:
                parts = gc.partition(rng, total, k)
                assert sum(parts) == total and min(parts) >= 1 and len(parts) == k


def test_mixed_unit_amounts() -> None:
    assert gc.man_amount(548_900) == "54억8900만원"
    assert gc.man_amount(120_000) == "12억원"
    assert gc.man_amount(120_000, space_won=True) == "12억 원"
    assert gc.man_amount(8000) == "8000만원"


# --- match_truth --------------------------------------------------------------------------------


def test_match_truth_exact_scores() -> None:
    truth = [
        {
            "type": "plan_total",
            "region": "서울특별시",
            "scope": "all",
            "projects": 1045,
            "amount_krw": 321_300_000_000,
        },
        {"type": "plan_breakdown", "label": "자치구", "projects": 532},
        {"type": "plan_breakdown", "label": "서울시", "projects": 355},
        {"type": "staffing", "department": "빅데이터담당관", "authorized": 31, "current": 29, "gap": -2},
    ]
    extracted = [
        # matches the plan total; extra fields are not judged
        {
            "type": "plan_total",
            "region": "서울특별시",
            "scope": "all",
            "projects": 1045,
            "amount_krw": 321_300_000_000,
            "line_start": 7,
        },
        # a second copy of the same figure is a false positive
        {
            "type": "plan_total",
            "region": "서울특별시",
            "scope": "all",
            "projects": 1045,
            "amount_krw": 321_300_000_000,
        },
        {"type": "plan_breakdown", "label": "자치구", "projects": 532, "amount_krw": 90_200_000_000},
        {"type": "plan_breakdown", "label": "본청", "projects": 355},  # wrong label
        {
            "type": "staffing",
            "department": "빅데이터담당관",
            "authorized": 31,
            "current": 29,
            "gap": 2,
        },  # wrong sign
        {"type": "revenue_line", "name": "세외수입"},  # a type the truth does not judge
    ]
    result = match_truth(truth, extracted)
    assert result["overall"] == {"truth": 4, "extracted": 5, "matched": 2, "recall": 0.5, "precision": 0.4}
    assert result["by_type"]["plan_total"] == {
        "truth": 1,
        "extracted": 2,
        "matched": 1,
        "recall": 1.0,
        "precision": 0.5,
    }
    assert result["by_type"]["plan_breakdown"]["recall"] == 0.5
    assert result["by_type"]["plan_breakdown"]["precision"] == 0.5
    assert result["by_type"]["staffing"] == {
        "truth": 1,
        "extracted": 1,
        "matched": 0,
        "recall": 0.0,
        "precision": 0.0,
    }
    assert result["ignored"] == {"revenue_line": 1}
    assert [m["label"] for m in result["missed"] if m["type"] == "plan_breakdown"] == ["서울시"]
    assert len(result["missed"]) == 2
    assert len(result["spurious"]) == 3


def test_match_truth_none_missing_keys_and_numbers() -> None:
    truth = [
        {"type": "department_budget", "department": "데이터센터", "account": None, "budget_krw": 5},
        {"type": "budget_line", "program": "기본경비", "budget_krw": 1000},
        {"type": "budget_line", "program": "기본경비", "budget_krw": 1000},
    ]
    extracted = [
        {
            "type": "department_budget",
            "department": "데이터센터",
            "budget_krw": 5,
        },  # no account key: no match
        {"type": "department_budget", "department": "데이터센터", "account": None, "budget_krw": 5.0},
        {"type": "budget_line", "program": "기본경비", "budget_krw": 1000, "department": "A"},
    ]
    result = match_truth(truth, extracted)
    assert result["by_type"]["department_budget"]["matched"] == 1
    assert result["by_type"]["department_budget"]["precision"] == 0.5
    # one extracted line cannot account for two truth lines
    assert result["by_type"]["budget_line"] == {
        "truth": 2,
        "extracted": 1,
        "matched": 1,
        "recall": 0.5,
        "precision": 1.0,
    }


def test_match_truth_empty_and_types() -> None:
    assert match_truth([], [])["overall"] == {
        "truth": 0,
        "extracted": 0,
        "matched": 0,
        "recall": None,
        "precision": None,
    }
    result = match_truth([], [{"type": "staffing", "department": "x"}], types=["staffing"])
    assert result["by_type"]["staffing"]["precision"] == 0.0
    assert result["overall"]["recall"] is None


def test_match_truth_scores_a_perfect_extraction_of_the_corpus(corpus: Path) -> None:
    truths = load_truth(corpus)
    truth_records: list[dict] = []
    extracted: list[dict] = []
    for name, truth in truths.items():
        truth_records += tag_records(truth["records"], doc_id=name)
        # a perfect extractor, in reverse order and with provenance fields
        extracted += tag_records(reversed(truth["records"]), doc_id=name, line_start=1, extractor="perfect")
    result = match_truth(truth_records, extracted)
    assert result["overall"]["recall"] == 1.0
    assert result["overall"]["precision"] == 1.0
    # the same records credited to the wrong documents find nothing
    shifted = [{**r, "doc_id": "elsewhere"} for r in extracted]
    assert match_truth(truth_records, shifted)["overall"]["matched"] == 0
