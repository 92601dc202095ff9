-- One council audit finding with the department's answer and the programs it concerns (linked
-- through the reviewed keyword table seeds/reference/audit_program_keywords.csv).
with items as (
    select i.*, d.region
    from {{ ref('stg_work_report__audit_items') }} as i
    inner join {{ ref('stg_corpus__documents') }} as d using (doc_id)
    where i.doc_id in {{ published_docs() }}
),

department_names as (
    select * from {{ ref('int_department_names') }}
),

links as (
    select finding_id, {{ agg_array('program_id', order_by='program_id') }} as program_ids
    from {{ ref('int_audit_program_links') }}
    group by finding_id
)

select
    i.record_id as finding_id,
    i.doc_id,
    i.audit_year::integer as audit_year,
    i.ordinal::integer as ordinal,
    i.kind,
    {{ department_id('dn.department_id', 'i.region', 'i.department') }} as department_id,
    i.department as department_name,
    i.finding,
    i.status,
    i.status_raw,
    i.status in ('추진중', '검토중', '미반영') as is_open,
    i.actions,
    i.plans,
    coalesce(l.program_ids, {{ empty_array('varchar') }}) as program_ids,
    i.line_start::integer as line_start,
    i.line_end::integer as line_end
from items as i
left join department_names as dn on dn.name_key = {{ name_key('i.department') }}
    and dn.region is not distinct from i.region
left join links as l on l.finding_id = i.record_id
