-- Department x fiscal year (x account where the summary splits one): budget, prior year, change
-- and execution from the summary table; spending from the detailed table's subtotal.
with summary as (
    select s.*, d.region
    from {{ ref('stg_work_report__department_budgets') }} as s
    inner join {{ ref('stg_corpus__documents') }} as d using (doc_id)
    where s.doc_id in {{ published_docs() }} and {{ changed_documents_filter('s.doc_id') }}
),

department_names as (
    select * from {{ ref('int_department_names') }}
),

detail as (
    select * from {{ ref('int_budget_lines') }} where table_kind = 'subtotal'
),

ranked as (
    select
        {{ department_id('dn.department_id', 's.region', 's.department') }} as department_id,
        s.department as department_name,
        s.fiscal_year::integer as fiscal_year,
        coalesce(s.account, '전체') as account,
        s.is_total,
        s.budget_krw::bigint as budget_krw,
        s.prior_year_krw::bigint as prior_year_krw,
        s.change_krw::bigint as change_krw,
        s.change_rate::double precision as change_rate,
        s.executed_krw::bigint as executed_krw,
        coalesce(s.execution_rate, {{ round_to(float_divide('s.executed_krw', 'nullif(s.budget_krw, 0)'), 3) }})::double precision as execution_rate,
        d.spent_krw::bigint as spent_krw,
        {{ round_to(float_divide('d.spent_krw', 'nullif(s.budget_krw, 0)'), 3) }}::double precision as spent_rate,
        s.as_of,
        s.doc_id,
        s.line_start::integer as source_line,
        s.source_text,
        row_number() over (
            partition by s.doc_id, s.department, s.account order by s.line_start
        ) as row_rank
    from summary as s
    left join department_names as dn on dn.name_key = {{ name_key('s.department') }}
        and dn.region is not distinct from s.region
    left join detail as d
        on d.doc_id = s.doc_id and d.department = s.department and d.account is not distinct from s.account
)

select
    department_id,
    department_name,
    fiscal_year,
    account,
    is_total,
    budget_krw,
    prior_year_krw,
    change_krw,
    change_rate,
    executed_krw,
    execution_rate,
    spent_krw,
    spent_rate,
    as_of,
    doc_id,
    source_line,
    source_text
from ranked
where row_rank = 1
