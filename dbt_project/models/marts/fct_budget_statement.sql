-- One budget statement: the figures a document states about one subject (a program, a department,
-- an account, a total) for a fiscal year as of a date, in a sentence or a table row, with the
-- program or department it resolves to where the warehouse knows it and the source lines.
-- Per document (incremental), and a row is rebuilt when its resolution changes (dbt_project.yml).
with statements as (
    select * from {{ ref('int_budget_statements') }}
    where doc_id in {{ published_docs() }}
    {% if is_incremental() -%}
        -- the pre-hook removed the changed documents' rows and the re-resolved ones: insert what is missing
        and record_id not in (select budget_statement_id from {{ this }})
    {%- endif %}
)

select
    record_id as budget_statement_id,
    doc_id,
    subject,
    subject_kind,
    parent,
    statement_region as region,
    fiscal_year::integer as fiscal_year,
    as_of,
    program_id,
    department_id,
    resolved_as,
    budget_krw::bigint as budget_krw,
    committed_krw::bigint as committed_krw,
    spent_krw::bigint as spent_krw,
    unspent_krw::bigint as unspent_krw,
    carried_over_krw::bigint as carried_over_krw,
    lapsed_krw::bigint as lapsed_krw,
    target_krw::bigint as target_krw,
    execution_rate::double precision as execution_rate,
    lapse_rate::double precision as lapse_rate,
    unit,
    layout,
    line_start::integer as line_start,
    line_end::integer as line_end,
    source_text
from statements
