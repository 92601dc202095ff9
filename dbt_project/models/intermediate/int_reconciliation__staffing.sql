-- Staffing: 정원 - 현원 vs the stated 과부족, 현원 vs its split by job type, the total vs the units.
with staffing as (
    select * from {{ ref('stg_work_report__staffing') }}
),

row_checks as (
    select doc_id, 'staffing_gap' as check_name, department as subject, 'gap' as measure,
        gap as stated, current - authorized as computed, 2 as n_parts, [line_start] as lines
    from staffing
    union all
    select doc_id, 'staffing_split' as check_name, department as subject, 'current' as measure,
        current as stated,
        coalesce(general, 0) + coalesce(fixed_term, 0) + coalesce(operational, 0) + coalesce(other, 0)
            as computed,
        3 + (other is not null)::integer as n_parts, [line_start] as lines
    from staffing
    where general is not null or fixed_term is not null or operational is not null
),

long as (
    select doc_id, department, is_total, line_start, measure, value
    from staffing
    unpivot (value for measure in (authorized, current, general, fixed_term, operational))
),

total_checks as (
    select
        t.doc_id, 'staffing_total' as check_name, t.department as subject, t.measure,
        t.value as stated, sum(u.value) as computed, count(u.value) as n_parts,
        t.line_start as stated_line,
        list_sort(list_distinct(list_concat([any_value(t.line_start)], list(u.line_start)))) as lines
    from long as t
    left join long as u on u.doc_id = t.doc_id and u.measure = t.measure and not u.is_total
    where t.is_total
    group by all
)

select *, 0 as tolerance from row_checks
union all by name
select *, 0 as tolerance from total_checks
