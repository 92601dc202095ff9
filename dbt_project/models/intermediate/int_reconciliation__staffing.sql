-- Staffing: 정원 - 현원 vs the stated 과부족, 현원 vs its split by job type, the total vs the units.
with staffing as (
    select * from {{ ref('stg_work_report__staffing') }}
),

row_checks as (
    select doc_id, 'staffing_gap' as check_name, department as subject, 'gap' as measure,
        gap as stated, current - authorized as computed, 2 as n_parts, {{ array_of(['line_start']) }} as lines
    from staffing
    union all
    select doc_id, 'staffing_split' as check_name, department as subject, 'current' as measure,
        current as stated,
        coalesce(general, 0) + coalesce(fixed_term, 0) + coalesce(operational, 0) + coalesce(other, 0)
            as computed,
        3 + (other is not null)::integer as n_parts, {{ array_of(['line_start']) }} as lines
    from staffing
    where general is not null or fixed_term is not null or operational is not null
),

long as (
    {{ unpivot_columns('staffing', ['doc_id', 'department', 'is_total', 'line_start'],
        ['authorized', 'current', 'general', 'fixed_term', 'operational']) }}
),

total_checks as (
    select
        t.doc_id, 'staffing_total' as check_name, t.department as subject, t.measure,
        t.value as stated, sum(u.value) as computed, count(u.value) as n_parts,
        t.line_start as stated_line,
        {{ array_union_sorted(array_of([agg_any('t.line_start')]), agg_array('u.line_start')) }} as lines
    from long as t
    left join long as u on u.doc_id = t.doc_id and u.measure = t.measure and not u.is_total
    where t.is_total
    group by 1, 2, 3, 4, 5, 8
)

-- (the columns in the order of the union by name this replaces: stated_line last)
select *, 0 as tolerance, cast(null as bigint) as stated_line from row_checks
union all
select doc_id, check_name, subject, measure, stated, computed, n_parts, lines, 0 as tolerance, stated_line
from total_checks
