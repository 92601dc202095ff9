"""Text normalisation and the department reference tables."""

from __future__ import annotations

import csv

from orchestration.extract.reference import REFERENCE_DIR, departments
from orchestration.extract.text import (
    canonical_department,
    clean_text,
    collapse_spaced_letters,
    department_id,
    department_name,
    fix_ocr,
    name_key,
    normalise_ws,
)


def test_collapse_spaced_letters() -> None:
    assert collapse_spaced_letters("스 마 트 도 시 담 당 관") == "스마트도시담당관"
    assert collapse_spaced_letters("데 이 터 센 터") == "데이터센터"
    assert collapse_spaced_letters("정보통신보안 담 당 관") == "정보통신보안 담당관"
    assert collapse_spaced_letters("수립 및 조정") == "수립 및 조정"  # two-word phrases stay
    assert collapse_spaced_letters("할 수 있는") == "할 수 있는"


def test_ocr_variants_and_whitespace() -> None:
    assert (
        fix_ocr("박데이터 통합저장소 기반의 만만 공동 박데이터 플랫폼")
        == "빅데이터 통합저장소 기반의 민관 공동 빅데이터 플랫폼"
    )
    assert normalise_ws(" **추진완료**\t 완료 ") == "추진완료 완료"
    assert clean_text("박 데 이 터 담 당 관") == "빅데이터담당관"
    assert name_key("지방행정제재,부과금") == name_key("지방행정제재·부과금")


def test_canonical_departments() -> None:
    for alias in ("스 마 트 도 시 담 당 관", "스마트도시 담 당 관", "Smart City Officer"):
        assert canonical_department(alias) == "스마트도시담당관"
    assert canonical_department("박 데 이 터 담 당 관") == "빅데이터담당관"
    assert canonical_department("박데이터담당관") == "빅데이터담당관"
    assert canonical_department("정보통신보안 담 당 관") == "정보통신보안담당관"
    assert canonical_department("데 이 터 센 터") == "데이터센터"
    assert canonical_department("디지털재단") == "서울디지털재단"
    assert department_id("스 마 트 도 시 정 책 관") == "smart_city_policy_bureau"
    assert canonical_department("정보화기획담당관") is None
    assert department_name("정 보 화 기 획 담 당 관") == "정보화기획담당관"


def test_reference_csvs_are_clean() -> None:
    with (REFERENCE_DIR / "departments.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["department_id", "name_ko", "name_en", "parent_id", "kind", "region"]
    ids = [r["department_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(i.isascii() and i == i.lower() and " " not in i for i in ids)
    assert all(r["kind"] in {"bureau", "unit", "agency", "foundation"} for r in rows)
    assert all(not r["parent_id"] or r["parent_id"] in ids for r in rows)
    with (REFERENCE_DIR / "department_aliases.csv").open(encoding="utf-8", newline="") as fh:
        aliases = list(csv.DictReader(fh))
    assert list(aliases[0]) == ["alias", "department_id"]
    assert all(a["department_id"] in ids for a in aliases)
    keys = [name_key(a["alias"]) for a in aliases]
    # an alias key never points to two departments
    seen: dict[str, str] = {}
    for key, a in zip(keys, aliases, strict=True):
        assert seen.setdefault(key, a["department_id"]) == a["department_id"], a["alias"]
    # every department is reachable by its own Korean and English names
    for dep_id, row in departments().items():
        assert department_id(row["name_ko"]) == dep_id
        assert department_id(row["name_en"]) == dep_id
