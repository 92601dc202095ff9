-- The audit follow-up: counts parsed from the items vs the stated summary, by kind and status.
with summary as (
    select * from {{ ref('stg_work_report__audit_summaries') }}
),

items as (
    select * from {{ ref('stg_work_report__audit_items') }}
),

-- only documents that list their findings one by one: a press article or minutes that state the
-- counts alone have nothing to count them against
itemised as (
    select distinct doc_id from items
),

itemised_summary as (
    select * from summary where doc_id in (select doc_id from itemised)
),

stated as (
    {{ unpivot_columns('itemised_summary', ['doc_id', 'kind', 'line_start'],
        ['total', 'completed', 'in_progress', 'under_review', 'not_reflected'], include_nulls=true) }}
),

parsed as (
    select
        s.doc_id, s.kind, s.measure,
        count(i.record_id) filter (
            where (s.kind = '계' or i.kind = s.kind)
            and case s.measure
                when 'total' then true
                when 'completed' then i.status = '완료'
                when 'in_progress' then i.status = '추진중'
                when 'under_review' then i.status = '검토중'
                when 'not_reflected' then i.status = '미반영'
            end
        ) as n
    from stated as s
    left join items as i on i.doc_id = s.doc_id
    group by 1, 2, 3
)

select
    s.doc_id,
    'audit_counts' as check_name,
    s.kind as subject,
    s.measure,
    coalesce(s.value, 0) as stated,
    p.n as computed,
    p.n as n_parts,
    {{ array_of(['s.line_start']) }} as lines,
    0 as tolerance
from stated as s
inner join parsed as p using (doc_id, kind, measure)
