-- One row per organisational unit: reference names, staffing as of the latest report, duties.
with reference as (
    select * from {{ ref('departments') }}
),

regions as (
    select * from {{ ref('int_region_ids') }}
),

department_names as (
    select * from {{ ref('int_department_names') }}
),

documents as (
    select doc_id, region, published_on from {{ ref('stg_corpus__documents') }}
    where doc_id in {{ published_docs() }}
),

staffing as (
    select
        s.*,
        d.region,
        {{ department_id('dn.department_id', 'd.region', 's.department') }} as department_id
    from {{ ref('stg_work_report__staffing') }} as s
    inner join documents as d using (doc_id)
    left join department_names as dn on dn.name_key = {{ name_key('s.department') }}
    and dn.region is not distinct from d.region
),

latest_staffing as (
    select *
    from (
        select
            *,
            row_number() over (partition by department_id order by as_of desc nulls last, line_start) as staffing_rank
        from staffing
    ) as ranked
    where staffing_rank = 1
),

duties as (
    select
        {{ department_id('dn.department_id', 'd.region', 'u.department') }} as department_id,
        {{ agg_array('u.duty', order_by='u.ordinal') }} as duties,
        {{ agg_any('u.department') }} as department
    from {{ ref('stg_work_report__department_duties') }} as u
    inner join documents as d using (doc_id)
    left join department_names as dn on dn.name_key = {{ name_key('u.department') }}
    and dn.region is not distinct from d.region
    group by 1
),

seen as (
    -- every department a published document names, in any of its tables
    select department_id, name_ko, region
    from {{ ref('int_department_mentions') }}
    where doc_id in {{ published_docs() }}
),

all_departments as (
    select
        r.department_id, r.name_ko, r.name_en, r.parent_id, r.kind, g.region, true as in_reference
    from reference as r
    left join regions as g on g.region_id = r.region
    union all
    select s.department_id, {{ agg_any('s.name_ko') }}, null, null, null, {{ agg_any('s.region') }}, false
    from seen as s
    where s.department_id not in (select department_id from reference)
    group by s.department_id
)

select
    a.department_id,
    a.name_ko,
    a.name_en,
    a.parent_id,
    a.kind,
    a.region,
    a.in_reference,
    coalesce(array_to_string(u.duties, ' · '), null) as duties,
    u.duties as duty_list,
    ls.authorized::integer as authorized_staff,
    ls.current::integer as current_staff,
    ls.gap::integer as staff_gap,
    (ls.current - ls.authorized)::integer as staff_gap_computed,
    ls.general::integer as general_staff,
    ls.fixed_term::integer as fixed_term_staff,
    ls.operational::integer as operational_staff,
    ls.as_of,
    ls.doc_id as staffing_doc_id,
    ls.line_start::integer as staffing_line
from all_departments as a
left join latest_staffing as ls using (department_id)
left join duties as u using (department_id)
