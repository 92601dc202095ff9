-- Every department a document names, in any table, with its resolved id: the departments of the
-- marts are exactly these plus the reference table.
with documents as (
    select doc_id, region from {{ ref('stg_corpus__documents') }}
),

mentions as (
    select doc_id, department from {{ ref('stg_work_report__staffing') }}
    union all
    select doc_id, department from {{ ref('stg_work_report__department_duties') }}
    union all
    select doc_id, department from {{ ref('stg_work_report__department_budgets') }}
    union all
    select doc_id, department from {{ ref('stg_work_report__budget_lines') }}
    union all
    select doc_id, department from {{ ref('stg_work_report__audit_items') }}
),

department_names as (
    select * from {{ ref('int_department_names') }}
)

select distinct
    m.doc_id,
    d.region,
    m.department as name_ko,
    {{ department_id('dn.department_id', 'd.region', 'm.department') }} as department_id
from mentions as m
inner join documents as d using (doc_id)
left join department_names as dn on dn.name_key = {{ name_key('m.department') }}
    and dn.region is not distinct from d.region
where m.department is not null
