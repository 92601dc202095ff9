"""Presentation helpers: amounts as analysts read them (억원 / 백만원), rates, labels in Korean or English.

The formatting functions at the top are pure (no Streamlit) and unit tested in tests/app/test_format.py.
The few Streamlit helpers at the bottom (language toggle, tables with a CSV download) keep the pages thin.
"""

from __future__ import annotations

import csv
import functools
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pandas as pd

KO, EN = "ko", "en"
LANG_KEY = "lang"  # the session key and the URL parameter (`?lang=en`)
EOK = 100_000_000  # 억원
MILLION = 1_000_000  # 백만원

# key -> (Korean, English)
LABELS: dict[str, tuple[str, str]] = {
    # app and pages
    "app_title": ("공공 ICT 예산 웨어하우스", "Public ICT spending warehouse"),
    "english": ("English", "English"),
    "published_at": ("게시 시각", "Published at"),
    "no_warehouse": ("아직 게시된 웨어하우스가 없습니다.", "No warehouse has been published yet."),
    "no_warehouse_how": (
        "먼저 웨어하우스를 빌드하세요 (문서 폴더 → 마트 → 게시). 빌드가 끝나면 이 페이지를 새로고침하세요.",
        "Build one first (documents -> marts -> publish), then reload this page.",
    ),
    "overview": ("개요", "Overview"),
    "programs": ("사업", "Programs"),
    "departments": ("부서", "Departments"),
    "audits": ("행정사무감사", "Audits"),
    "sources": ("원문", "Sources"),
    "data_quality": ("데이터 품질", "Data quality"),
    "download_csv": ("CSV 다운로드", "Download CSV"),
    "no_rows": ("해당하는 자료가 없습니다.", "No rows."),
    "source": ("원문", "Source"),
    "source_line": ("원문 줄", "Source line"),
    "exact_krw": ("정확한 금액(원)", "Exact amount in KRW"),
    "unit_eok": ("1억원 = 100,000,000원", "1 eok = KRW 100,000,000"),
    # overview
    "documents": ("문서", "Documents"),
    "published_docs": ("게시 {n} / 전체 {total}", "{n} published of {total}"),
    "latest_plan": ("{region} {year}년 정보화사업", "{region} {year} informatization plan"),
    "projects_n": ("{n:,}건", "{n:,} projects"),
    "bureau_budget": ("{name} {year}년 예산", "{name} {year} budget"),
    "execution_rate_is": ("집행률 {rate}", "executed {rate}"),
    "programs_n": ("사업 수", "Programs"),
    "audit_findings": ("감사 지적사항", "Audit findings"),
    "open_n": ("미완료 {n}건", "{n} open"),
    "plan_by_region": (
        "지역별 연도별 정보화사업 계획 (2013-2023)",
        "Yearly informatization plan by region (2013-2023)",
    ),
    "plan_none": ("연도별 계획 자료가 없습니다.", "No yearly plan figures in the warehouse."),
    "breakdown": ("연도별 세부 구성", "Breakdown for a year"),
    "breakdown_none": ("이 연도에는 세부 구성 자료가 없습니다.", "No breakdown for this year."),
    "multi_year": ("중장기 계획", "Multi-year plans"),
    # comparisons
    "compare_plans": ("연도·지역 비교", "Compare years and regions"),
    "compare_by": ("비교 기준", "Compare by"),
    "compare_periods": ("비교할 지역·연도", "Regions and years to compare"),
    "choose": ("선택하세요", "Choose"),
    "change": ("증감", "Change"),
    "compare_rule": (
        "모든 막대는 같은 축(억원)입니다. 증감과 증감률은 바로 앞에 고른 지역·연도의 같은 항목과 비교한 값입니다.",
        "Every bar is on the same axis (100 million KRW). Change and change rate compare each part with "
        "the same part of the region and year chosen just before it.",
    ),
    "region": ("지역", "Region"),
    "fiscal_year": ("회계연도", "Fiscal year"),
    "year": ("연도", "Year"),
    "measure": ("구분", "Measure"),
    "plan_total": ("정보화사업 총액", "Plan total"),
    "prior_year_stated": ("전년도 (기사 언급)", "Prior year (as stated)"),
    "organization_budget": ("정보화 부서 예산", "IT department budget"),
    "dimension": ("구분 기준", "Dimension"),
    "dim_institution": ("기관별", "By institution"),
    "dim_type": ("유형별", "By type"),
    "dim_category": ("분야별", "By category"),
    "dim_quarter": ("발주 시기별", "By ordering quarter"),
    "dim_total": ("총계", "Totals"),
    "dim_organization_budget": ("부서 예산", "Department budgets"),
    "dim_multi_year": ("중장기 계획", "Multi-year plans"),
    "label": ("항목", "Item"),
    "scope": ("범위", "Scope"),
    "projects": ("사업 수", "Projects"),
    "amount_eok": ("금액(억원)", "Amount (100M KRW)"),
    "amount_krw": ("금액(원)", "Amount (KRW)"),
    "share": ("비중", "Share"),
    "period": ("기간", "Period"),
    # programs
    "filters": ("필터", "Filters"),
    "department": ("부서", "Department"),
    "task": ("과제", "Task"),
    "platform": ("플랫폼", "Platform"),
    "program": ("사업명", "Program"),
    "strategy": ("전략", "Strategy"),
    "account": ("회계", "Account"),
    "as_of": ("기준일", "As of"),
    "budget_eok": ("예산(억원)", "Budget (100M KRW)"),
    "budget_krw": ("예산현액(원)", "Budget (KRW)"),
    "committed_krw": ("원인행위액(원)", "Committed (KRW)"),
    "spent_krw": ("지출액(원)", "Spent (KRW)"),
    "committed_rate": ("원인행위율", "Committed rate"),
    "spent_rate": ("지출률", "Spent rate"),
    "expected_year_end_krw": ("연말 집행 예상(원)", "Expected by year end (KRW)"),
    "expected_rate": ("연말 예상 집행률", "Expected year-end rate"),
    "uncommitted_eok": ("미집행(억원)", "Not committed (100M KRW)"),
    "funnel": ("집행 단계", "Execution funnel"),
    "funnel_stages": ("예산현액 → 원인행위(계약) → 지출", "budget -> committed (contracted) -> spent"),
    "stage": ("단계", "Stage"),
    "stage_budget": ("예산현액", "Budget"),
    "stage_committed": ("원인행위", "Committed"),
    "stage_spent": ("지출", "Spent"),
    "funnel_task_only": (
        "과제표에만 있는 사업 {n}개는 상세표 사업의 일부이므로 합계에서 제외",
        "{n} programs found only in a task table are parts of detailed-table lines: not added again",
    ),
    "from_table": ("출처 표", "From table"),
    "from_table_help": (
        "detail: 세출 상세표 · task: 과제별 집행표 · detail+task: 둘 다",
        "detail: the detailed expenditure table · task: a task's execution table · detail+task: both",
    ),
    "furthest_behind": ("집행이 가장 부진한 사업", "Programs furthest behind"),
    "behind_line": (
        "**{name}** — 원인행위율 {rate} ({committed} / {budget})",
        "**{name}** — committed {rate} ({committed} of {budget})",
    ),
    "program_table": ("사업 목록", "Programs"),
    "n_programs": ("사업 {n}개", "{n} programs"),
    # budget statements (programs page)
    "budget_statements": ("문서에 기재된 예산·집행", "Budget and execution stated in documents"),
    "budget_statements_help": (
        "회의록·검토보고서·보고서 등 모든 문서가 문장이나 표의 한 행으로 밝힌 예산현액·지출액·집행잔액·이월액·불용액과"
        " 집행률입니다. 문서에 적힌 값만 담고, 대상이 사업이나 부서로 확인되면 연결합니다.",
        "Budget, spent, unspent, carried-over and lapsed amounts and rates that any document (minutes,"
        " reviews, reports) states in a sentence or a table row; only what the text states, linked to a"
        " program or department where the subject is recognised.",
    ),
    "program_statements": ("사업별 기재 내용", "A program's statements"),
    "pick_program": ("사업 선택", "Pick a program"),
    "no_program_statements": (
        "사업으로 연결된 기재 내용이 없습니다.",
        "No statement in the warehouse names one of these programs.",
    ),
    "statements_by_subject": ("대상별 기재 내용", "Statements by subject"),
    "first_rows_of": (
        "전체 {total:,}건 중 앞의 {n:,}건을 보여 줍니다. CSV 내려받기에는 전체가 담깁니다.",
        "The first {n:,} of {total:,} rows are shown; the CSV download holds every row.",
    ),
    "subject_kind": ("대상 종류", "Subject kind"),
    "resolved_to": ("연결 대상", "Resolved to"),
    "unspent_krw": ("집행잔액(원)", "Unspent (KRW)"),
    "carried_over_krw": ("이월액(원)", "Carried over (KRW)"),
    "lapsed_krw": ("불용액(원)", "Lapsed (KRW)"),
    "target_krw": ("목표액(원)", "Target (KRW)"),
    "lapse_rate": ("불용률", "Lapse rate"),
    "statement_layout": ("기재 형식", "Stated in"),
    "subject_kind_program": ("사업", "program"),
    "subject_kind_organisation": ("기관·부서", "organisation"),
    "subject_kind_account": ("회계", "account"),
    "subject_kind_total": ("합계", "total"),
    "subject_kind_measure": ("항목", "measure"),
    "layout_prose": ("문장", "sentence"),
    "layout_table": ("표", "table row"),
    "unit_written": ("원문 단위", "Unit as written"),
    "document": ("문서", "Document"),
    # departments
    "staffing": ("인력 현황", "Staffing"),
    "authorized_staff": ("정원", "Authorized"),
    "current_staff": ("현원", "Current"),
    "staff_gap": ("과부족", "Gap"),
    "budget_execution": ("예산 및 집행", "Budget and execution"),
    "prior_year_krw": ("전년도(원)", "Prior year (KRW)"),
    "change_krw": ("증감(원)", "Change (KRW)"),
    "change_rate": ("증감률", "Change rate"),
    "executed_krw": ("집행액(원)", "Executed (KRW)"),
    "execution_rate": ("집행률", "Execution rate"),
    "duties": ("주요 업무", "Duties"),
    "account_split": ("회계별 구분", "By account"),
    "show_all_departments": ("자료가 없는 부서도 표시", "Show departments without figures"),
    "name_en": ("영문명", "English name"),
    # audits
    "by_kind_status": ("유형별·처리상태별 지적사항 수", "Findings by kind and status"),
    "kind": ("유형", "Kind"),
    "status": ("처리상태", "Status"),
    "total": ("계", "Total"),
    "status_none": ("(미기재)", "(not stated)"),
    "open_only": ("미완료만", "Open only"),
    "finding": ("지적사항", "Finding"),
    "actions": ("조치결과", "Actions taken"),
    "plans": ("향후계획", "Plans"),
    "concerned_programs": ("관련 사업", "Programs concerned"),
    "finding_detail": ("지적사항 상세", "Finding detail"),
    "pick_finding": ("지적사항 선택", "Pick a finding"),
    "programs_of_findings": ("지적사항 관련 사업의 집행", "Execution of the programs the findings concern"),
    "n_findings": ("지적 건수", "Findings"),
    "n_open": ("미완료", "Open"),
    "no_programs_linked": ("연결된 사업이 없습니다.", "No program linked to this finding."),
    "audit_year": ("감사연도", "Audit year"),
    # sources
    "catalog": ("문서 목록", "Document catalog"),
    "title": ("제목", "Title"),
    "publisher": ("발행처", "Publisher"),
    "published_on": ("발행일", "Published on"),
    "doc_kind": ("종류", "Kind"),
    "n_facts": ("추출 건수", "Facts"),
    "coverage": ("수치 줄 처리율", "Figure-line coverage"),
    "doc_status": ("상태", "Status"),
    "reason": ("사유", "Reason"),
    "pick_document": ("문서 선택", "Pick a document"),
    "go_to_line": ("줄 번호", "Line"),
    "around_line": ("{line}번째 줄 주변", "Around line {line}"),
    "full_text": ("전문", "Full text"),
    "records_in_doc": ("이 문서에서 추출한 기록", "Records extracted from this document"),
    "record_type": ("기록 종류", "Record type"),
    "lines": ("줄", "Lines"),
    "text_missing": ("이 문서의 원문이 저장되어 있지 않습니다.", "The text of this document is not stored."),
    "unknown_document": (
        "링크의 문서({doc})는 이 웨어하우스에 없습니다. 아래에서 문서를 고르세요.",
        "The linked document ({doc}) is not in this warehouse. Pick a document below.",
    ),
    "line_clamped": (
        "{asked}번째 줄은 없습니다: 이 문서는 {last}줄이라 마지막 줄을 보여 줍니다.",
        "There is no line {asked}: this document has {last} lines, so the last one is shown.",
    ),
    "legend": (
        "노란색: 추출된 수치가 있는 줄 · 주황색: 링크로 연 줄",
        "yellow: lines with extracted figures · orange: the line you opened",
    ),
    "source_format": ("원본 형식", "Source format"),
    "line_location": ("원본 위치: {where}", "In the source file: {where}"),
    "line_in_table": (
        "이 줄은 원본 표의 한 행입니다 (단위: {unit}). 머리글과 함께 보기:",
        "This line is a row of a table in the source (unit: {unit}). With its header:",
    ),
    "unit_unknown": ("표시 없음", "not stated"),
    "ocr_warning": (
        "이 문서의 글자는 스캔한 쪽 이미지에서 OCR로 읽은 것입니다. 수치를 원본 쪽과 대조해 주세요.",
        "This document's text was read by OCR from scanned page images: check its figures against the page.",
    ),
    # data quality
    "latest_run": ("최근 실행의 점검 결과", "Checks of the latest run"),
    "no_dq_run": ("아직 기록된 데이터 품질 점검 실행이 없습니다.", "No data-quality run recorded yet."),
    "run_id": ("실행 ID", "Run"),
    "run_at": ("실행 시각", "Run at"),
    "check_name": ("점검", "Check"),
    "asset": ("대상", "Asset"),
    "passed": ("통과", "Passed"),
    "severity": ("심각도", "Severity"),
    "observed": ("관측값", "Observed"),
    "n_checks": ("점검 수", "Checks"),
    "n_failed": ("실패", "Failed"),
    "failed_severities": ("실패 심각도", "Failed severities"),
    "run_history": ("실행 이력", "History of runs"),
    "summary_json": ("최근 보고서 요약", "Latest report summary"),
    "source_findings": ("원문 자체의 불일치", "Source findings (the documents contradict themselves)"),
    "rule": ("규칙", "Rule"),
    "subject": ("대상", "Subject"),
    "stated": ("기재값", "Stated"),
    "computed": ("계산값", "Computed"),
    "difference": ("차이", "Difference"),
    "explanation": ("설명", "Explanation"),
    "found_by": ("발견 단계", "Found by"),
    "rejected_documents": ("반영되지 않은 문서", "Documents held back or rejected"),
    "reconciliation": ("합계 대사 결과", "Reconciliation of stated totals"),
    "n_checks_status": ("건수", "Checks"),
    "file_name": ("파일", "File"),
    # data quality for everyone (data-quality page: plain summary, the documents' own inconsistencies;
    # sources page: the table a line sits in, the values read from it)
    "dq_at_a_glance": ("한눈에 보기", "At a glance"),
    "dq_run_published": (
        "마지막 빌드({when})는 모든 점검을 통과해 게시되었습니다.",
        "The latest build ({when}) passed every check and was published.",
    ),
    "dq_run_blocked": (
        "마지막 빌드({when})는 점검에 실패해 게시되지 않았습니다. 지금 보이는 자료는 그 전에 게시된 것입니다.",
        "The latest build ({when}) failed a check and was not published: what you see was published before it.",
    ),
    "dq_run_failed": (
        "마지막 빌드({when})는 도중에 실패해 게시되지 않았습니다. 지금 보이는 자료는 그 전에 게시된 것입니다.",
        "The latest build ({when}) failed before the end and was not published: what you see was published "
        "before it.",
    ),
    "dq_published": ("게시됨", "Published"),
    "dq_held_back": ("보류됨", "Held back"),
    "dq_rejected": ("읽지 못함", "Rejected"),
    "dq_published_help": (
        "수치를 읽어 내 웨어하우스에 반영한 문서",
        "Documents whose figures were read and are in the warehouse",
    ),
    "dq_held_back_help": (
        "읽었지만 반영하지 않은 문서: 추출을 검토 중이거나(격리), 읽을 수치가 없거나, 아직 추출하지 않은 문서",
        "Documents read but kept out: their extraction is under review (quarantined), they hold no figures "
        "we recognise, or they await extraction",
    ),
    "dq_rejected_help": (
        "읽을 수 없었던 파일: 빈 파일, 손상·암호화된 파일, 스캔본, 중복 등",
        "Files that could not be read: empty, damaged or encrypted files, scans, duplicates …",
    ),
    "dq_counts_sentence": (
        "받은 파일 {total}개 중 {published}개를 게시했고, {held}개는 보류, {rejected}개는 거부했습니다.",
        "Of {total} files received, {published} are published, {held} held back and {rejected} rejected.",
    ),
    "dq_all_published": ("받은 문서를 모두 게시했습니다.", "Every document received is published."),
    "dq_not_published": ("게시하지 않은 문서와 그 이유", "Documents not published, and why"),
    "dq_outcome": ("결과", "Outcome"),
    "dq_why": ("이유", "Why"),
    "dq_recorded_reason": ("기록된 사유(원문)", "Reason as recorded"),
    "dq_stories": ("문서 자체가 틀린 곳", "What the documents themselves get wrong"),
    "dq_stories_help": (
        "한 문서 안에서, 또는 두 표 사이에서 숫자가 서로 맞지 않는 곳입니다. 웨어하우스는 문서에 적힌 값을 그대로 "
        "싣고 이런 곳을 따로 알려 줍니다. 차이가 큰 것(큰 값에 대한 비율)부터 보여 줍니다.",
        "Places where a document's figures disagree with each other, within a table or between two tables. "
        "The warehouse keeps what the documents state and reports these apart; the biggest differences "
        "(relative to the larger figure) come first.",
    ),
    "dq_no_stories": (
        "문서 안에서 서로 맞지 않는 숫자를 찾지 못했습니다.",
        "No document contradicts itself.",
    ),
    "dq_more_stories": ("나머지 {n}건", "{n} more"),
    "dq_story_link": ("원문 {line}번째 줄", "source line {line}"),
    "dq_difference": ("차이 {difference}", "difference {difference}"),
    "dq_story_headline_contradicts_body": (
        "기사 제목은 {stated}이라 하지만, 본문은 {computed}이라고 적었습니다.",
        "The headline says {stated}, but the body says {computed}.",
    ),
    "dq_story_audit_count_mismatch": (
        "감사 처리 현황표에는 「{subject}」 {stated}이라고 적혀 있지만, 본문에 나열된 지적사항을 세어 보면 "
        "{computed}입니다.",
        "The audit follow-up table states {stated} for “{subject}”, but counting the findings listed in the "
        "text gives {computed}.",
    ),
    "dq_story_audit_counts": (
        "감사 처리 현황표에는 「{subject}」 {stated}이라고 적혀 있지만, 본문에 나열된 지적사항을 세어 보면 "
        "{computed}입니다.",
        "The audit follow-up table states {stated} for “{subject}”, but counting the findings listed in the "
        "text gives {computed}.",
    ),
    "dq_story_subtotal_rounding": (
        "「{subject}」의 소계는 {stated}이지만, 그 아래 항목을 더하면 {computed}입니다 (반올림 차이로 보입니다).",
        "The subtotal of “{subject}” is {stated}, but its lines add up to {computed} (a rounding difference).",
    ),
    "dq_story_cross_table_mismatch": (
        "「{subject}」: 두 표가 서로 다른 값을 적었습니다 (한 표 {stated}, 다른 표 {computed}).",
        "“{subject}”: two tables state different figures ({stated} in one, {computed} in the other).",
    ),
    "dq_story_change_not_difference": (
        "「{subject}」: 표에 적힌 증감액은 {stated}이지만, 두 해의 금액을 빼 보면 {computed}입니다.",
        "“{subject}”: the table states a change of {stated}, but the two years' amounts differ by {computed}.",
    ),
    "dq_story_rate_mismatch": (
        "「{subject}」: 표에 적힌 비율은 {stated}이지만, 적힌 금액으로 계산하면 {computed}입니다.",
        "“{subject}”: the table states a rate of {stated}, but its own amounts give {computed}.",
    ),
    "dq_story_interleaved_rows": (
        "한 줄에 두 사업({subject})의 이름과 값이 뒤섞여 있습니다.",
        "Two programs' names and figures are interleaved on one line ({subject}).",
    ),
    "dq_story_missing_program_name": (
        "「{subject}」의 한 사업 줄에는 금액({stated})만 있고 사업명이 없습니다.",
        "A program line of “{subject}” has figures ({stated}) but no name.",
    ),
    "dq_story_generic": (
        "「{subject}」: 문서에 적힌 값은 {stated}이지만, 계산한 값은 {computed}입니다.",
        "“{subject}”: the document states {stated}, the figures computed from it give {computed}.",
    ),
    "dq_engineering": (
        "엔지니어용 상세: 점검 결과, 원문 불일치 표, 보류 문서, 합계 대사, 실행 이력",
        "Engineering detail: checks, source findings, held-back documents, reconciliation, runs",
    ),
    "src_table_unit": (
        "이 줄은 문서의 표 안에 있습니다. 단위: **{unit}** ({line}번째 줄: {text})",
        "This line is in a table of the document. Unit: **{unit}** (line {line}: {text})",
    ),
    "src_table_unit_record": (
        "이 줄은 문서의 표 안에 있습니다. 단위: **{unit}** (추출기가 기록한 단위; 표 위에서 단위 줄을 찾지 못함)",
        "This line is in a table of the document. Unit: **{unit}** (as the extractor recorded it; no unit "
        "line found above the table)",
    ),
    "src_table_no_unit": (
        "이 줄은 문서의 표 안에 있습니다. 표 위에서 단위 표시를 찾지 못했습니다.",
        "This line is in a table of the document. No unit is stated above the table.",
    ),
    "src_header_and_row": (
        "가장 가까운 머리글 줄과 이 줄:",
        "The nearest header line(s) and this line:",
    ),
    "src_no_header": ("표 위에서 머리글 줄을 찾지 못했습니다.", "No header line found above it."),
    "src_line_values": ("이 줄에서 읽은 값", "Values read from this line"),
    "src_item": ("항목", "Item"),
    "src_field": ("값의 이름", "Field"),
    "src_value": ("값", "Value"),
    "src_exact": ("정확한 값", "Exact value"),
    "field_budget_krw": ("예산현액", "Budget"),
    "field_committed_krw": ("원인행위액", "Committed"),
    "field_spent_krw": ("지출액", "Spent"),
    "field_committed_rate": ("원인행위율", "Committed rate"),
    "field_spent_rate": ("지출률", "Spent rate"),
    "field_expected_year_end_krw": ("연말 집행 예상액", "Expected by year end"),
    "field_expected_rate": ("연말 예상 집행률", "Expected year-end rate"),
    "field_unspent_krw": ("집행잔액", "Unspent"),
    "field_carried_over_krw": ("이월액", "Carried over"),
    "field_lapsed_krw": ("불용액", "Lapsed"),
    "field_target_krw": ("목표액", "Target"),
    "field_execution_rate": ("집행률", "Execution rate"),
    "field_lapse_rate": ("불용률", "Lapse rate"),
    "field_prior_year_krw": ("전년도", "Prior year"),
    "field_change_krw": ("증감액", "Change"),
    "field_change_rate": ("증감률", "Change rate"),
    "field_executed_krw": ("집행액", "Executed"),
    "field_collected_krw": ("징수액", "Collected"),
    "field_collection_rate": ("징수율", "Collection rate"),
    "field_amount_krw": ("금액", "Amount"),
    "field_total_amount_krw": ("총액", "Total amount"),
    "field_total_budget_krw": ("전체 예산", "Total budget"),
    "field_prior_year_amount_krw": ("전년도 금액", "Prior-year amount"),
    "field_amount_change_krw": ("금액 증감", "Amount change"),
    "field_share": ("비중", "Share"),
    "field_growth_rate": ("증가율", "Growth rate"),
    "field_projects": ("사업 수", "Projects"),
    "field_projects_change": ("사업 수 증감", "Change in projects"),
    "field_projects_growth_rate": ("사업 수 증가율", "Growth in projects"),
    "field_jobs": ("일자리", "Jobs"),
    "field_strategies": ("전략 수", "Strategies"),
    "field_tasks": ("과제 수", "Tasks"),
    "field_total": ("계", "Total"),
    "field_completed": ("완료", "Completed"),
    "field_in_progress": ("추진중", "In progress"),
    "field_under_review": ("검토중", "Under review"),
    "field_not_reflected": ("미반영", "Not adopted"),
    "field_authorized": ("정원", "Authorized"),
    "field_current": ("현원", "Current"),
    "field_gap": ("과부족", "Gap"),
    "field_general": ("일반직", "General service"),
    "field_fixed_term": ("임기제", "Fixed-term"),
    "field_operational": ("공무직", "Operational"),
    "field_other": ("기타", "Other"),
    "field_value": ("값", "Value"),
    "field_value_krw": ("금액", "Amount"),
    # program page
    "program_page": ("사업 상세", "Program"),
    "choose_program": ("사업을 고르세요", "Choose a program"),
    "choose_program_hint": (
        "사업을 고르면 예산과 집행, 문서의 기재 내용, 계획, 의회 지적사항을 한 페이지에서 봅니다. "
        "아래 목록의 링크로도 열 수 있습니다.",
        "Pick a program to see its budget and execution, what documents state, its plan and the council's "
        "findings on one page; the links in the list below open it too.",
    ),
    "unknown_program": (
        "링크의 사업({program})은 이 웨어하우스에 없습니다. 아래에서 사업을 고르세요.",
        "The linked program ({program}) is not in this warehouse. Pick a program below.",
    ),
    "unnamed_program": ("(사업명 없음)", "(no name)"),
    "program_link": ("사업 상세", "Program page"),
    "program_budget": ("예산과 집행", "Budget and execution"),
    "no_program_budget": (
        "이 사업의 예산·집행 수치가 없습니다.",
        "No budget or execution figures for this program.",
    ),
    "budget_as_of": (
        "{year}년 예산, {as_of} 기준 ({n}개 회계 합계)",
        "{year} budget, as of {as_of} ({n} accounts added up)",
    ),
    "budget_as_of_one": ("{year}년 예산, {as_of} 기준", "{year} budget, as of {as_of}"),
    "rate_of_budget": ("예산의 {rate}", "{rate} of budget"),
    "budget_trend": ("연도·기준일별 추이", "By fiscal year and as-of date"),
    "one_period": (
        "이 사업의 수치는 한 시점({period})뿐이라 추이는 없습니다.",
        "This program has figures for one point in time ({period}) only: no trend.",
    ),
    "budget_period": ("시점", "Period"),
    "detail_line": ("상세표 줄", "Detail table line"),
    "task_line": ("과제표 줄", "Task table line"),
    "program_statements_here": (
        "문서에 기재된 이 사업의 예산·집행",
        "What documents state about this program",
    ),
    "no_statements_here": (
        "이 사업으로 연결된 예산·집행 기재 내용이 없습니다 (회의록·검토보고서 등).",
        "No statement (minutes, reviews, reports) is resolved to this program.",
    ),
    "program_plans": ("계획에서의 언급", "In the plans"),
    "task_plan": ("과제 {task}의 추진계획", "Plans of task {task}"),
    "named_in_plans": ("기사·계획이 이름으로 언급한 사업", "Named in articles and plans"),
    "plan_mention_rule": (
        "과제 추진계획은 이 사업이 속한 과제(같은 과제 번호·지역)의 업무보고 내용입니다. 기사·계획의 언급은 "
        "언급된 사업명이 이 사업의 이름 전체를 포함하는 경우입니다 (띄어쓰기·문장부호·끝의 '사업' 무시, "
        "게시된 문서만).",
        "The task plan is the work report's plan for the task this program serves (same task code and "
        "region). An article or plan mentions the program when the name it gives holds this program's "
        "whole name (spaces, punctuation and a trailing 사업 ignored; published documents only).",
    ),
    "no_plan_mentions": (
        "계획 문서에서 이 사업을 언급한 곳이 없습니다.",
        "No plan or article mentions this program.",
    ),
    "council_findings": ("의회 지적사항", "Council findings"),
    "no_program_findings": (
        "이 사업과 연결된 지적사항이 없습니다.",
        "No council finding is linked to this program.",
    ),
    "matched_keywords": ("연결 키워드", "Linking keywords"),
    "finding_link": ("감사 페이지", "Audits page"),
    "findings_link_rule": (
        "지적사항은 검토된 키워드 표(seeds/reference/audit_program_keywords.csv)로 사업과 연결합니다: "
        "표의 키워드가 지적사항 본문에 나오면 그 키워드에 지정된 사업(같은 지역)과 연결됩니다.",
        "Findings are linked to programs through the reviewed keyword table "
        "(seeds/reference/audit_program_keywords.csv): a finding that contains a keyword of the table is "
        "linked to the programs listed for that keyword (same region).",
    ),
    # programs page: findings beside programs, execution ranking
    "n_findings_short": ("지적", "Findings"),
    "n_open_short": ("미완료 지적", "Open findings"),
    "all_columns": ("모든 열 보기", "All columns"),
    "execution_ranking": ("사업별 집행률 순위", "Execution rate by program"),
    "ranking_rule": (
        "집행률(지출액 ÷ 예산현액) 낮은 순 · 예산 {min} 이상 사업만 · 막대 색과 굵기는 예산 규모. 지방채 상환, "
        "기본경비, 인건비, 예비비, 반환금 같은 사업이 아닌 항목은 검토된 단어 목록"
        "(seeds/reference/non_program_lines.csv)으로 가려 순위에서 빼고 따로 보여 줍니다.",
        "Spent ÷ budget, lowest first · programs with a budget of {min} or more · bar colour and thickness by budget. "
        "Lines that are no program (debt service, basic expenses, salaries, reserves, refunds) are found by "
        "a reviewed word list (seeds/reference/non_program_lines.csv), kept out of the ranking and shown apart.",
    ),
    "ranking_small": (
        "예산 {min} 미만 사업 {n}개와 지출액이 없는 사업 {m}개는 순위에 넣지 않았습니다.",
        "{n} programs under {min} and {m} without a spent amount are not ranked.",
    ),
    "ranking_small_only": (
        "예산 {min} 미만 사업 {n}개는 순위에 넣지 않았습니다.",
        "{n} programs under {min} are not ranked.",
    ),
    "rank": ("순위", "Rank"),
    "ranking_table": ("순위 표", "Ranking as a table"),
    "non_program_lines": ("순위에서 뺀 사업 외 항목", "Lines kept out of the ranking (no programs)"),
    "non_program_kind": ("항목 종류", "Kind of line"),
    "npl_debt_service": ("지방채 상환", "Debt service"),
    "npl_basic_expenses": ("기본경비", "Basic expenses"),
    "npl_personnel": ("인건비", "Salaries"),
    "npl_reserve": ("예비비", "Reserve"),
    "npl_refund": ("반환금", "Refund"),
    # departments page: a department's programs
    "department_programs": ("부서별 사업", "A department's programs"),
    "pick_department": ("부서 선택", "Pick a department"),
    # audits page
    "status_chart": ("처리상태별 지적사항", "Findings by status"),
    "filtered_n": ("필터 적용: 전체 {total}건 중 {n}건", "Filtered: {n} of {total} findings"),
    "audit_link_rule": (
        "지적사항과 사업의 연결: 검토된 키워드 표(seeds/reference/audit_program_keywords.csv, 키워드 {k}개)의 "
        "키워드가 지적사항 본문에 나오면 그 키워드에 지정된 사업(같은 지역)과 연결합니다. 전체 {total}건 중 "
        "{linked}건이 사업 {programs}개와 연결되었고, 키워드가 없는 지적사항은 연결되지 않습니다.",
        "How findings are linked to programs: when a finding contains a keyword of the reviewed keyword "
        "table (seeds/reference/audit_program_keywords.csv, {k} keywords), it is linked to the programs "
        "listed for that keyword (same region). {linked} of {total} findings are linked to {programs} "
        "programs; a finding without any keyword is linked to none.",
    ),
    "keyword_table": ("키워드 표", "The keyword table"),
    "keyword": ("키워드", "Keyword"),
    "note": ("설명", "Note"),
    "count_mismatch": (
        "보고서의 처리 현황표(원문 {line}줄)와 목록에서 찾은 지적사항 수가 다릅니다: {parts}. "
        "목록의 {none}건은 처리상태가 적혀 있지 않습니다(미기재).",
        "The report's follow-up table (source line {line}) and the findings listed one by one differ: "
        "{parts}. {none} findings of the list state no status (not stated).",
    ),
    "count_mismatch_part": (
        "{status} {stated}건 기재, {found}건 찾음",
        "{status} {stated} stated, {found} found",
    ),
    "count_mismatches": ("기재된 건수와 찾은 항목 수", "Stated counts and items found"),
    "stated_count": ("보고서 기재", "Stated"),
    "found_count": ("목록에서 찾음", "Found in the list"),
    "measure_total": ("계", "Total"),
    "measure_completed": ("완료", "Completed"),
    "measure_in_progress": ("추진중", "In progress"),
    "measure_under_review": ("검토중", "Under review"),
    "measure_not_reflected": ("미반영", "Not adopted"),
}


def label(key: str, lang: str = KO, **kwargs: Any) -> str:
    """The label for `key` in `lang`, formatted with kwargs; the key itself when unknown."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == EN else pair[0]
    return text.format(**kwargs) if kwargs else text


# Markdown's and Streamlit's special characters; a backslash makes each one literal. `(` `)` `.` `,`
# stay: harmless once `[` `]` are escaped (a numbered list's `1.` at a line start is handled apart).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+\-!|~$&=])")
_ORDERED_LIST = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def md_escape(text: Any) -> str:
    """Document text made literal for the places that render Markdown (st.markdown, captions,
    warnings, widget and metric labels): no image is fetched, no link or heading made, no HTML
    passed. Long texts are better shown with st.text, which interprets nothing."""
    out = _MARKDOWN_SPECIAL.sub(r"\\\1", "" if is_missing(text) else str(text))
    return _ORDERED_LIST.sub(r"\1\\\2", out)


def is_missing(value: Any) -> bool:
    """None, NaN, NaT or pandas.NA."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def eok(krw: float | None) -> float | None:
    """KRW -> 억원 (100 million KRW)."""
    return None if is_missing(krw) else krw / EOK


def million(krw: float | None) -> float | None:
    """KRW -> 백만원 (million KRW)."""
    return None if is_missing(krw) else krw / MILLION


def format_eok(krw: float | None, lang: str = KO, digits: int = 1) -> str:
    """168_338_280_000 -> '1,683.4억원' (Korean) or 'KRW 168.34bn' (English)."""
    if is_missing(krw):
        return "–"
    if lang == EN:
        return f"KRW {krw / 1e9:,.{digits + 1}f}bn"
    return f"{krw / EOK:,.{digits}f}억원"


def format_million(krw: float | None, lang: str = KO, digits: int = 0) -> str:
    """90_548_000 -> '91백만원' (Korean) or 'KRW 91M' (English)."""
    if is_missing(krw):
        return "–"
    if lang == EN:
        return f"KRW {krw / MILLION:,.{digits}f}M"
    return f"{krw / MILLION:,.{digits}f}백만원"


def format_money(krw: float | None, lang: str = KO) -> str:
    """억원 from 1억 up, 백만원 below: how the reports themselves write amounts."""
    if is_missing(krw):
        return "–"
    if abs(krw) >= EOK:
        return format_eok(krw, lang)
    return format_million(krw, lang)


def format_krw(krw: float | None, lang: str = KO) -> str:
    """The exact amount: '50,428,398,000원' or 'KRW 50,428,398,000'."""
    if is_missing(krw):
        return "–"
    value = int(krw)
    return f"KRW {value:,}" if lang == EN else f"{value:,}원"


def format_rate(rate: float | None, digits: int = 1) -> str:
    """A fraction as a percentage: 0.051 -> '5.1%'."""
    if is_missing(rate):
        return "–"
    return f"{rate * 100:.{digits}f}%"


def format_count(n: int | None, lang: str = KO) -> str:
    if is_missing(n):
        return "–"
    return f"{int(n):,}" if lang == EN else f"{int(n):,}건"


def source_link(doc_id: str | None, line: int | None = None, lang: str | None = None) -> str | None:
    """The Sources page URL that opens `doc_id` at `line` (relative, so it works behind any host);
    in English it says so (`&lang=en`), so a link opened in a new tab keeps the language."""
    if is_missing(doc_id) or not doc_id:
        return None
    params: dict[str, Any] = {"doc": doc_id}
    if not is_missing(line):
        params["line"] = int(line)
    if (lang or current_lang()) == EN:
        params[LANG_KEY] = EN
    return "/Sources?" + urlencode(params)


def source_links(
    frame: pd.DataFrame, line_column: str = "line_start", doc_column: str = "doc_id"
) -> list[str | None]:
    """source_link of every row of `frame`: its document at the line in `line_column`."""
    return [source_link(d, n) for d, n in zip(frame[doc_column], frame[line_column], strict=True)]


KST = ZoneInfo("Asia/Seoul")


def kst(moment: datetime | None) -> str:
    """A time as Korean readers read it: Korea Standard Time (naive times are UTC, as stored)."""
    if moment is None or is_missing(moment):
        return "–"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{moment.astimezone(KST):%Y-%m-%d %H:%M} KST"


@functools.cache
def glossary() -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, code) -> (Korean, English): the reviewed translations of the codes the marts hold
    (statuses, record types, document kinds, accounts …), kept as data in app/glossary.csv."""
    with (Path(__file__).with_name("glossary.csv")).open(encoding="utf-8", newline="") as fh:
        return {(r["kind"], r["code"]): (r["ko"], r["en"]) for r in csv.DictReader(fh)}


def code(kind: str, value: Any, lang: str | None = None) -> str:
    """A code of the marts in the reader's language (the code itself when the glossary lacks it)."""
    if is_missing(value):
        return "–"
    found = glossary().get((kind, str(value)))
    if found is None:
        return str(value)
    return found[1] if (lang or current_lang()) == EN else found[0]


def parse_line(value: Any) -> int | None:
    """A query parameter's line number, or None when absent or not a positive integer."""
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return n if n > 0 else None


def highlight_lines_html(
    lines: list[str], marked: set[int], focus: int | None = None, start: int = 1, end: int | None = None
) -> str:
    """Numbered lines (1-based) start..end as HTML; `marked` lines tinted, the `focus` line stronger."""
    import html

    end = len(lines) if end is None else min(end, len(lines))
    out = ['<div style="font-family:monospace;font-size:0.82rem;line-height:1.45;">']
    for n in range(max(start, 1), end + 1):
        text = html.escape(lines[n - 1].replace("\t", "    ")) or "&nbsp;"
        if n == focus:
            bg = "background:#ffb74d;"
        elif n in marked:
            bg = "background:#fff3b0;"
        else:
            bg = ""
        out.append(
            f'<div id="L{n}" style="white-space:pre-wrap;{bg}">'
            f'<span style="color:#888;display:inline-block;width:3.5em;user-select:none;">{n}</span>'
            f"{text}</div>"
        )
    out.append("</div>")
    return "".join(out)


# --- Streamlit helpers -----------------------------------------------------------------------------


def current_lang() -> str:
    """`?lang=en` in the URL (a link, a new tab) wins; else the session's choice; else Korean."""
    try:
        import streamlit as st
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # pragma: no cover - streamlit is a dependency
        return KO
    if get_script_run_ctx() is None:  # outside a page (unit tests, the CLI)
        return KO
    asked = st.query_params.get(LANG_KEY)
    if asked in (KO, EN):
        st.session_state[LANG_KEY] = asked
    return st.session_state.get(LANG_KEY, KO)


def t(key: str, **kwargs: Any) -> str:
    """The label for `key` in the language chosen with the sidebar toggle."""
    return label(key, current_lang(), **kwargs)


def _sync_lang() -> None:
    import streamlit as st

    lang = EN if st.session_state.get("_lang_toggle") else KO
    st.session_state[LANG_KEY] = lang
    st.query_params[LANG_KEY] = lang  # the URL says it too: copied or opened in a new tab, it stays


def language_toggle() -> str:
    """The sidebar toggle Korean / English; the choice lives in the session and in the URL (`?lang=`)."""
    import streamlit as st

    lang = current_lang()
    st.session_state[LANG_KEY] = lang
    st.sidebar.toggle("English", value=lang == EN, key="_lang_toggle", on_change=_sync_lang)
    return st.session_state[LANG_KEY]


def show_table(
    df,
    key: str,
    column_config: dict | None = None,
    file_name: str | None = None,
    every_row=None,
    **kwargs,
):
    """A sortable table with a CSV download button under it (UTF-8 with BOM, so Excel reads Korean).

    `every_row`, when the table shows only the first rows of a long list: a function (no arguments)
    that returns every row with the table's columns, read only when the download is clicked."""
    import streamlit as st

    if df is None or df.empty:
        st.caption(t("no_rows"))
        return None
    shown = st.dataframe(blank_as_dash(df), hide_index=True, column_config=column_config, key=key, **kwargs)
    try:
        base = str(st.context.url or "")
    except Exception:  # no browser session (AppTest): links stay relative
        base = ""
    st.download_button(
        t("download_csv"),
        download_csv(df, column_config, base)
        if every_row is None
        else lambda: download_csv(every_row(), column_config, base),
        file_name=file_name or f"{key}.csv",
        mime="text/csv",
        key=f"{key}_csv",
    )
    return shown


def download_csv(df: pd.DataFrame, column_config: dict | None, page_url: str = "") -> bytes:
    """The table as the reader saw it, for Excel: UTF-8 with a BOM (Korean Excel reads Hangul), the
    headers the page shows (in the reader's language), links absolute (they open from the file)."""
    headers = {}
    for column, config in (column_config or {}).items():
        name = config if isinstance(config, str) else (config or {}).get("label")
        if name and column in df.columns:
            headers[column] = name
    out = df.copy()
    origin = re.match(r"^(https?://[^/]+)", page_url or "")
    if origin:
        for column in out.columns:
            values = out[column]
            text = values.dtype == object or pd.api.types.is_string_dtype(values)
            if text and len(values.dropna()) and values.dropna().astype(str).str.startswith("/").all():
                out[column] = values.map(lambda v: origin.group(1) + v if isinstance(v, str) and v else v)
    labels = [headers.get(c, c) for c in out.columns]
    labels = [
        f"{name} ({c})" if labels.count(name) > 1 else name
        for name, c in zip(labels, out.columns, strict=True)
    ]
    return (
        out.rename(columns=dict(zip(out.columns, labels, strict=True)))
        .to_csv(index=False)
        .encode("utf-8-sig")
    )


def budget_columns() -> dict:
    """A program's budget and execution columns, as every page shows them."""
    import streamlit as st

    return {
        "fiscal_year": st.column_config.NumberColumn(t("fiscal_year"), format="%d"),
        "as_of": st.column_config.DateColumn(t("as_of")),
        "account": t("account"),
        "budget_krw": money_column("budget_krw"),
        "committed_krw": money_column("committed_krw"),
        "spent_krw": money_column("spent_krw"),
        "committed_rate": rate_column("committed_rate"),
        "spent_rate": rate_column("spent_rate"),
        "expected_year_end_krw": money_column("expected_year_end_krw"),
        "expected_year_end_rate": rate_column("expected_rate"),
        "source": st.column_config.TextColumn(t("from_table"), help=t("from_table_help")),
    }


def measure_columns(measures) -> dict:
    """Columns of stated measures (BudgetStatement.MEASURES): amounts in KRW, rates as bars."""
    return {m: money_column(m) if m.endswith("_krw") else rate_column(m) for m in measures}


def filters_box():
    """The page's filters, on the page (not in the sidebar, which a phone hides): an open expander."""
    import streamlit as st

    return st.expander(t("filters"), expanded=True)


def blank_as_dash(df: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells read `–`, not `None` (numbers stay numbers: sorting and formats keep working)."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].astype(object).where(out[column].notna(), "–")
    return out


def money_column(label_key: str):
    """Exact KRW, with thousands separators."""
    import streamlit as st

    return st.column_config.NumberColumn(t(label_key), format="localized", help=t("exact_krw"))


def eok_column(label_key: str = "amount_eok"):
    import streamlit as st

    return st.column_config.NumberColumn(t(label_key), format="%,.1f", help=t("unit_eok"))


def rate_column(label_key: str):
    import streamlit as st

    return st.column_config.ProgressColumn(t(label_key), format="percent", min_value=0.0, max_value=1.0)


def link_column(label_key: str = "source_line"):
    """A link to the Sources page; shows the line number."""
    import streamlit as st

    return st.column_config.LinkColumn(t(label_key), display_text=r"line=(\d+)")


def start_page(title_key: str, icon: str = "📊") -> str:
    """Page config, the language toggle and the served warehouse in the sidebar; stops the page with
    instructions when nothing has been published yet. Returns the chosen language."""
    import streamlit as st

    from app import data

    st.set_page_config(page_title=label(title_key, current_lang()), page_icon=icon, layout="wide")
    lang = language_toggle()
    st.title(t(title_key))
    key = data.warehouse_key()
    if key is None:
        st.warning(t("no_warehouse"))
        st.markdown(t("no_warehouse_how"))
        st.code(data.BUILD_COMMAND, language="bash")
        st.stop()
    published = data.published_at()
    if published is not None:  # when the data were published; where the file lives is the server's business
        st.sidebar.caption(f"{t('published_at')}: {kst(published)}")
    return lang


def cells_frame(rows) -> pd.DataFrame:
    """Rows of a source table as a frame of text cells (numbered columns: header cells may repeat
    or be empty, so they cannot name the columns)."""
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame(
        [[*r, *([""] * (width - len(r)))] for r in rows], columns=[str(i + 1) for i in range(width)]
    )


# --- program page: links between the program, its department and its findings ----------------------------


def page_link(path: str, lang: str | None = None, **params: Any) -> str | None:
    """A relative URL to another page (`/Program?program=…`); None when a parameter is missing. In
    English it says so (`&lang=en`), as source links do."""
    if any(is_missing(v) or v == "" for v in params.values()):
        return None
    query = dict(params)
    if (lang or current_lang()) == EN:
        query[LANG_KEY] = EN
    return f"{path}?{urlencode(query)}"


def program_link(program_id: str | None, lang: str | None = None) -> str | None:
    """The program page of one program: `/Program?program=<program_id>`."""
    return page_link("/Program", lang, program=program_id)


def department_link(department_id: str | None, lang: str | None = None) -> str | None:
    """The Departments page opened on one department's programs: `/Departments?department=<id>`."""
    return page_link("/Departments", lang, department=department_id)


def finding_link(finding_id: str | None, lang: str | None = None) -> str | None:
    """The Audits page opened on one finding: `/Audits?finding=<finding_id>`."""
    return page_link("/Audits", lang, finding=finding_id)
