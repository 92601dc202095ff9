-- Program x fiscal year x as-of date: budget and execution from the detailed table, the expected
-- year-end execution from the task table (or everything from the task table when the program is
-- only there), with the source lines behind the figures.
with lines as (
    select * from {{ ref('int_program_lines') }}
    where doc_id in {{ published_docs() }} and {{ changed_documents_filter('doc_id') }}
),

detail as (
    select * from lines where table_kind = 'detail'
),

task as (
    select * from lines where table_kind = 'task'
),

combined as (
    select
        coalesce(d.program_id, t.program_id) as program_id,
        coalesce(d.doc_id, t.doc_id) as doc_id,
        coalesce(d.fiscal_year, t.fiscal_year) as fiscal_year,
        coalesce(d.as_of, t.as_of) as as_of,
        coalesce(d.account, t.account) as account,
        coalesce(d.budget_krw, t.budget_krw) as budget_krw,
        coalesce(d.committed_krw, t.committed_krw) as committed_krw,
        coalesce(d.spent_krw, t.spent_krw) as spent_krw,
        coalesce(d.committed_rate, t.committed_rate) as committed_rate_stated,
        coalesce(d.spent_rate, t.spent_rate) as spent_rate_stated,
        t.expected_year_end_krw,
        t.expected_rate as expected_rate_stated,
        t.task_code,
        case
            when d.record_id is not null and t.record_id is not null then 'detail+task'
            when d.record_id is not null then 'detail'
            else 'task'
        end as source,
        d.line_start as detail_line,
        t.line_start as task_line,
        coalesce(d.source_text, t.source_text) as source_text
    from detail as d
    full outer join task as t on t.matched_detail_record_id = d.record_id
),

ranked as (
    select
        program_id,
        fiscal_year::integer as fiscal_year,
        as_of,
        doc_id,
        account,
        budget_krw::bigint as budget_krw,
        committed_krw::bigint as committed_krw,
        spent_krw::bigint as spent_krw,
        coalesce(committed_rate_stated, {{ round_to(float_divide('committed_krw', 'nullif(budget_krw, 0)'), 3) }})::double precision as committed_rate,
        coalesce(spent_rate_stated, {{ round_to(float_divide('spent_krw', 'nullif(budget_krw, 0)'), 3) }})::double precision as spent_rate,
        expected_year_end_krw::bigint as expected_year_end_krw,
        coalesce(expected_rate_stated, {{ round_to(float_divide('expected_year_end_krw', 'nullif(budget_krw, 0)'), 3) }})::double precision
            as expected_year_end_rate,
        task_code,
        source,
        -- a program only in a task table is part of some detail line: summing it too would double count
        source <> 'task' as in_detail_total,
        detail_line::integer as detail_line,
        task_line::integer as task_line,
        source_text,
        row_number() over (
            -- one program can appear in two task tables: keep the first line of each program and document
            partition by program_id, fiscal_year, as_of, doc_id order by detail_line nulls last, task_line
        ) as row_rank
    from combined
)

select
    program_id,
    fiscal_year,
    as_of,
    doc_id,
    account,
    budget_krw,
    committed_krw,
    spent_krw,
    committed_rate,
    spent_rate,
    expected_year_end_krw,
    expected_year_end_rate,
    task_code,
    source,
    in_detail_total,
    detail_line,
    task_line,
    source_text
from ranked
where row_rank = 1
