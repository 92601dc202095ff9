"""The dbt project stays portable: no DuckDB-only SQL outside the adapter-dispatched macros of
dbt_project/macros/portability.sql, checked two ways.

- Statically (no database): the models, singular tests and macros are searched for DuckDB-only
  constructs (the list below), so a new one is caught in the unit tier's time.
- On a second adapter: a throwaway PostgreSQL server (tests/postgres_server.py) gets the raw tables
  the pipeline writes (orchestration.raw_tables, the same DDL as DuckDB's), and `dbt build` with
  dbt_project/ci/profiles.yml loads the seeds, builds every model on the empty tables and runs the
  data and unit tests there.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from orchestration.dbt_resources import DBT_EXECUTABLE
from orchestration.settings import DBT_PROJECT_DIR
from tests.postgres_server import postgres_url  # noqa: F401  (the fixture)

# DuckDB-only SQL (PostgreSQL rejects it or means something else by it): each has a portable
# spelling or a macro of macros/portability.sql.
DUCKDB_ONLY: dict[str, str] = {
    r"\bgroup\s+by\s+all\b": "GROUP BY ALL: list the grouping columns (or their positions)",
    r"\border\s+by\s+all\b": "ORDER BY ALL: list the columns",
    r"\bqualify\b": "QUALIFY: rank in a subquery and filter on the rank",
    r"\bunion\s+(all\s+)?by\s+name\b": "UNION BY NAME: select the same columns in the same order",
    r"\bunpivot\b": "UNPIVOT: unpivot_columns()",
    r"\bpivot\b": "PIVOT: conditional aggregates",
    r"\*\s*exclude\b|\bexclude\s*\(": "SELECT * EXCLUDE: list the columns",
    r"\b(semi|anti|asof|positional)\s+join\b": "SEMI/ANTI/ASOF/POSITIONAL JOIN: EXISTS / IN / a lateral join",
    r"\busing\s+sample\b|\btablesample\b": "sampling",
    r"\btry_cast\s*\(": "TRY_CAST: try_cast_date()",
    r"\blist\s*\(": "list(): agg_array()",
    r"\blist_\w+\s*\(": "list functions: the array macros",
    r"\barray_(sort|distinct|concat)\s*\(": "DuckDB array functions: the array macros",
    r"\blen\s*\(": "len(): array_len()",
    r"\bany_value\s*\(": "any_value() (PostgreSQL 16+ only): agg_any()",
    r"\b(arg_max|arg_min|max_by|min_by)\s*\(": "arg_max/arg_min: agg_first()",
    r"\b(first|last)\s*\(": "first()/last() aggregates: agg_first()",
    r"\bcontains\s*\(": "contains(): str_contains()",
    r"\b(count_if|countif)\s*\(": "count_if(): count(*) filter (where ...)",
    r"\b(strftime|strptime|epoch\w*|date_diff|datediff|date_sub)\s*\(": "DuckDB date functions",
    r"\b(regexp_matches|regexp_extract\w*|regexp_full_match|string_split\w*|str_split\w*)\s*\(": "DuckDB regexp/split",
    r"\b(jaro\w*|levenshtein|damerau\w*|hamming|jaccard)\s*\(": "string similarity: jaro_winkler_similarity()",
    r"\b(read_csv\w*|read_parquet|read_json\w*)\s*\(": "reading files from SQL",
    r"\b(json_\w+|to_json|from_json)\s*\(": "DuckDB JSON functions",
    r"\bstruct_\w+\s*\(|\bstruct\s*\(|\bmap\s*\(": "structs and maps",
    r"\bround\s*\((?!\s*cast\s*\()": "round(x, n) on a double (PostgreSQL rounds numerics only): round_to()",
    r"\bdouble\b(?!\s+precision)": "the type DOUBLE: DOUBLE PRECISION",
    r"\b(hugeint|ubigint|uinteger|utinyint|usmallint)\b": "DuckDB-only integer types",
    r"(?<![\w\)\]\s])\s*\[|(?:^|[\s,(=])\[": "list literal [..]: array_of() / empty_array()",
    r"//": "integer division //",
}

# Where the DuckDB spellings live: the duckdb__ implementations of the dispatched macros.
PORTABLE_MACROS = DBT_PROJECT_DIR / "macros" / "portability.sql"


def _code(text: str) -> str:
    """The SQL of a model or macro file without comments, string literals and Jinja tags (macro calls
    render SQL of their own, checked where the macro is defined)."""
    text = re.sub(r"\{#.*?#\}", " ", text, flags=re.S)
    text = re.sub(
        r"\{\{.*?\}\}", " jinja_expression", text, flags=re.S
    )  # a macro call: its SQL is checked in the macro
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"--[^\n]*", " ", text)
    text = re.sub(r"'(?:[^']|'')*'", "''", text)
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    return text


def _duckdb_macros_removed(text: str) -> str:
    return re.sub(r"\{%-?\s*macro\s+duckdb__.*?endmacro\s*-?%\}", " ", text, flags=re.S)


def duckdb_only_constructs(sql: str) -> list[str]:
    """What DuckDB-only syntax a piece of SQL (or dbt model source) uses: the list's explanations."""
    code = _code(sql).lower()
    return [why for pattern, why in DUCKDB_ONLY.items() if re.search(pattern, code, flags=re.M)]


def _project_sql_files() -> list[Path]:
    files = [*DBT_PROJECT_DIR.glob("models/**/*.sql"), *DBT_PROJECT_DIR.glob("tests/**/*.sql")]
    files += list(DBT_PROJECT_DIR.glob("macros/**/*.sql"))
    return sorted(files)


@pytest.mark.parametrize(
    "sql",
    [
        "select a, count(*) from t group by all",
        "select * from t qualify row_number() over (partition by a order by b) = 1",
        "select * from a union all by name select * from b",
        "select id, m, v from t unpivot (v for m in (x, y))",
        "select t.* exclude (doc_id) from t",
        "select * from a semi join b using (id)",
        "select try_cast(x as date) from t",
        "select list(x order by y) from t group by z",
        "select list_sort(list_distinct(l)) from t",
        "select len(l) from t",
        "select [a, b] as l from t",
        "select []::integer[] from t",
        "select any_value(x) from t",
        "select first(x order by y) from t",
        "select * from t where contains(a, b)",
        "select jaro_winkler_similarity(a, b) from t",
        "select round(a / b, 3) from t",
        "select x::double from t",
        "select count_if(x > 1) from t",
        "select strftime(d, '%Y') from t",
        "select * from read_csv('x.csv')",
        "select regexp_matches(a, 'x') from t",
    ],
)
def test_the_check_recognises_duckdb_only_sql(sql: str) -> None:
    assert duckdb_only_constructs(sql), f"not caught: {sql}"


@pytest.mark.parametrize(
    "sql",
    [
        "select a, count(*) from t group by 1, 2",
        "select path[1:depth] = path, x::double precision, cast(null as bigint) from t",
        "select array_to_string(l, ', '), string_agg(x, ', ' order by x) from t",
        "select regexp_replace(a, '[[:space:]\\[\\]]', '', 'g') from t  -- a list [x] in a comment",
        "select * from t where a is not distinct from b and s = 'double [1] qualify'",
        "select bool_or(a), count(x) filter (where y), split_part(s, ',', 1) from t",
    ],
)
def test_the_check_lets_portable_sql_pass(sql: str) -> None:
    assert duckdb_only_constructs(sql) == []


def test_no_duckdb_only_sql_outside_the_dispatched_macros() -> None:
    found = []
    for path in _project_sql_files():
        text = path.read_text(encoding="utf-8")
        if path == PORTABLE_MACROS:
            text = _duckdb_macros_removed(text)
        for why in duckdb_only_constructs(text):
            found.append(f"{path.relative_to(DBT_PROJECT_DIR)}: {why}")
    assert not found, "DuckDB-only SQL outside macros/portability.sql's duckdb__ macros:\n" + "\n".join(found)


def test_every_dispatched_macro_has_a_duckdb_and_a_default_implementation() -> None:
    text = PORTABLE_MACROS.read_text(encoding="utf-8")
    dispatched = set(re.findall(r"adapter\.dispatch\('(\w+)'", text))
    defined = set(re.findall(r"\{%-?\s*macro\s+(\w+)\s*\(", text))
    assert dispatched, "no dispatched macro found"
    for name in sorted(dispatched):
        assert {f"duckdb__{name}", f"default__{name}"} <= defined, name


# --- PostgreSQL ------------------------------------------------------------------------------------


def _pg_raw_ddl() -> list[str]:
    """The raw schema as the pipeline creates it in DuckDB (orchestration.raw_tables), in
    PostgreSQL's spelling: only DOUBLE differs (DOUBLE PRECISION in both)."""
    from orchestration.raw_tables import all_ddl

    return [re.sub(r"\bDOUBLE\b(?!\s+PRECISION)", "DOUBLE PRECISION", stmt, flags=re.I) for stmt in all_ddl()]


def _dbt_on_postgres(url: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    parsed = urlparse(url)
    env = {
        **os.environ,
        "ICTWH_PG_HOST": parsed.hostname or "127.0.0.1",
        "ICTWH_PG_PORT": str(parsed.port or 5432),
        "ICTWH_PG_USER": parsed.username or "postgres",
        "ICTWH_PG_PASSWORD": parsed.password or "",
        "ICTWH_PG_DBNAME": (parsed.path or "/postgres").lstrip("/") or "postgres",
    }
    cmd = [DBT_EXECUTABLE, *args, "--profiles-dir", str(DBT_PROJECT_DIR / "ci")]
    # a target and log folder of its own: the project's manifest (the DuckDB one the Dagster
    # definitions are built from) and its partial-parse state stay untouched
    cmd += ["--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs")]
    return subprocess.run(cmd, cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def postgres_build(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict:  # noqa: F811
    """The raw tables created in a fresh database of the throwaway server, then `dbt build`."""
    import psycopg2

    admin = psycopg2.connect(postgres_url)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("drop database if exists ict_warehouse_portability")
        cur.execute("create database ict_warehouse_portability")
    admin.close()
    url = postgres_url.rsplit("/", 1)[0] + "/ict_warehouse_portability"
    con = psycopg2.connect(url)
    con.autocommit = True
    with con.cursor() as cur:
        for stmt in _pg_raw_ddl():
            cur.execute(stmt)
    con.close()
    tmp = tmp_path_factory.mktemp("dbt_postgres")
    done = _dbt_on_postgres(url, tmp, "build")
    results_file = tmp / "target" / "run_results.json"
    results = json.loads(results_file.read_text(encoding="utf-8")) if results_file.exists() else {}
    manifest_file = tmp / "target" / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8")) if manifest_file.exists() else {}
    return {"url": url, "done": done, "results": results, "manifest": manifest}


def test_the_project_builds_on_postgresql(postgres_build: dict) -> None:
    done = postgres_build["done"]
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]
    results = postgres_build["results"]["results"]
    failed = [
        f"{r['unique_id']}: {r['status']} {r.get('message')}"
        for r in results
        if r["status"] not in ("success", "pass")
    ]
    assert not failed, "\n".join(failed)
    built = {r["unique_id"] for r in results}
    nodes = postgres_build["manifest"]["nodes"]
    expected = {
        uid for uid, n in nodes.items() if n["resource_type"] in ("model", "seed", "test", "unit_test")
    }
    expected |= set(postgres_build["manifest"].get("unit_tests", {}))
    assert expected <= built, f"not run on PostgreSQL: {sorted(expected - built)}"
    kinds = {uid.split(".")[0] for uid in built}
    assert {"model", "seed", "test", "unit_test"} <= kinds


def test_marts_exist_on_postgresql_with_the_contracted_columns(postgres_build: dict) -> None:
    import psycopg2

    assert postgres_build["done"].returncode == 0
    nodes = postgres_build["manifest"]["nodes"].values()
    marts = {
        n["name"]: list(n["columns"])
        for n in nodes
        if n["resource_type"] == "model" and n["schema"] == "marts"
    }
    assert len(marts) >= 12
    with psycopg2.connect(postgres_build["url"]) as con, con.cursor() as cur:
        for name, columns in marts.items():
            cur.execute(
                "select column_name from information_schema.columns where table_schema = 'marts' "
                "and table_name = %s order by ordinal_position",
                (name,),
            )
            assert [r[0] for r in cur.fetchall()] == columns, name


# Names written the ways the task and detail tables write them (spacing, OCR, particles), in both
# orders, plus the edge cases: equal, empty, disjoint, one character.
SIMILARITY_PAIRS = [
    ("열린데이터광장", "열린데이터광장운영"),
    ("박데이터캠퍼스운영", "빅데이터캠퍼스운영"),
    ("스마트도시통신인프라구축", "스마트도시통신인프라구축사업"),
    ("스마트서울네트워크구축및운영", "스마트도시통신인프라구축"),
    ("공공와이파이", "공공와이파이확대"),
    ("martha", "marhta"),
    ("dixon", "dicksonx"),
    ("jellyfish", "smellyfish"),
    ("abc", "abc"),
    ("", ""),
    ("a", ""),
    ("a", "b"),
    ("crate", "trace"),
    ("dwayne", "duane"),
]


def test_the_postgresql_jaro_winkler_matches_duckdb(postgres_build: dict) -> None:
    """int_program_matches compares names by Jaro-Winkler: built into DuckDB, a PL/pgSQL function
    on PostgreSQL (macros/portability.sql), which must give the same numbers."""
    import duckdb
    import psycopg2

    assert postgres_build["done"].returncode == 0
    pairs = SIMILARITY_PAIRS + [(b, a) for a, b in SIMILARITY_PAIRS]
    duck = duckdb.connect()
    with psycopg2.connect(postgres_build["url"]) as con, con.cursor() as cur:
        for a, b in pairs:
            expected = duck.execute("select jaro_winkler_similarity(?, ?)", [a, b]).fetchone()[0]
            cur.execute("select public.ict_jaro_winkler_similarity(%s, %s)", (a, b))
            got = cur.fetchone()[0]
            assert got == pytest.approx(expected, abs=1e-9), (a, b, got, expected)
