-- Every reconciliation check, classified: ok, rounding, source_discrepancy or extraction_gap.
{%- set check_models = [
    'int_reconciliation__budget_lines',
    'int_reconciliation__department_budgets',
    'int_reconciliation__programs',
    'int_reconciliation__revenue',
    'int_reconciliation__staffing',
    'int_reconciliation__audit',
    'int_reconciliation__plans',
] %}
with checks as (
    -- the columns every check model has (some add stated_line, which is not needed here)
    {%- for model in check_models %}
    select doc_id, check_name, subject, measure, stated, computed, n_parts, lines, tolerance
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

coverage as (
    select doc_id, has_gaps from {{ ref('int_document_coverage') }}
),

-- A check is identified by its lines as well as by what it checks: a table line printed twice (a
-- subtotal repeated) gives two checks of the same subject and measure, each its own row, and the
-- document's problem stays the document's instead of breaking the warehouse's unique key. Checks
-- alike in every part are told apart by their order.
identified as (
    select
        *,
        c.doc_id || '|' || c.check_name || '|' || coalesce(c.subject, '') || '|' || c.measure || '|'
            || coalesce(array_to_string({{ array_sorted('c.lines') }}, ','), '') as check_key,
        row_number() over (
            partition by c.doc_id, c.check_name, c.subject, c.measure, {{ array_sorted('c.lines') }}
            order by c.stated, c.computed, c.n_parts
        ) as ordinal
    from checks as c
)

select
    substr(md5(c.check_key || case when c.ordinal > 1 then '|' || c.ordinal else '' end), 1, 16)
        as check_id,
    c.doc_id,
    c.check_name,
    c.subject,
    c.measure,
    c.stated::double precision as stated,
    c.computed::double precision as computed,
    (c.stated - c.computed)::double precision as difference,
    c.tolerance::double precision as tolerance,
    c.n_parts::integer as n_parts,
    c.lines::integer[] as lines,
    {{ classify_difference('c.stated', 'c.computed', 'c.tolerance', 'coalesce(v.has_gaps, true)') }} as status
from identified as c
left join coverage as v using (doc_id)
-- a check whose figure the document does not state has nothing to reconcile
where c.stated is not null
