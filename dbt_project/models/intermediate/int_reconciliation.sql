-- Every reconciliation check, classified: ok, rounding, source_discrepancy or extraction_gap.
with checks as (
    select * from {{ ref('int_reconciliation__budget_lines') }}
    union all by name
    select * from {{ ref('int_reconciliation__department_budgets') }}
    union all by name
    select * from {{ ref('int_reconciliation__programs') }}
    union all by name
    select * from {{ ref('int_reconciliation__revenue') }}
    union all by name
    select * from {{ ref('int_reconciliation__staffing') }}
    union all by name
    select * from {{ ref('int_reconciliation__audit') }}
    union all by name
    select * from {{ ref('int_reconciliation__plans') }}
),

coverage as (
    select doc_id, has_gaps from {{ ref('int_document_coverage') }}
)

select
    substr(md5(c.doc_id || '|' || c.check_name || '|' || coalesce(c.subject, '') || '|' || c.measure), 1, 16)
        as check_id,
    c.doc_id,
    c.check_name,
    c.subject,
    c.measure,
    c.stated::double as stated,
    c.computed::double as computed,
    (c.stated - c.computed)::double as difference,
    c.tolerance::double as tolerance,
    c.n_parts::integer as n_parts,
    c.lines::integer[] as lines,
    {{ classify_difference('c.stated', 'c.computed', 'c.tolerance', 'coalesce(v.has_gaps, true)') }} as status
from checks as c
left join coverage as v using (doc_id)
-- a check whose figure the document does not state has nothing to reconcile
where c.stated is not null
