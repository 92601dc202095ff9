-- Revenue tables: each line with children vs the sum of its children, and stated change vs
-- budget minus prior year.
with lines as (
    select *, {{ array_len('path') }} as depth from {{ ref('stg_work_report__revenue_lines') }}
),

long as (
    {{ unpivot_columns('lines', ['doc_id', 'table_kind', 'path', 'depth', 'name', 'line_start'],
        ['budget_krw', 'prior_year_krw', 'collected_krw']) }}
),

child_checks as (
    select
        p.doc_id, 'revenue_' || p.table_kind || '_children' as check_name,
        array_to_string(p.path, ' > ') as subject, p.measure,
        p.value as stated, sum(c.value) as computed, count(c.value) as n_parts,
        p.line_start as stated_line,
        {{ array_union_sorted(array_of([agg_any('p.line_start')]), agg_array('c.line_start')) }} as lines
    from long as p
    inner join long as c
        on c.doc_id = p.doc_id and c.table_kind = p.table_kind and c.measure = p.measure
        and c.depth = p.depth + 1 and c.path[1:p.depth] = p.path
    group by 1, 2, 3, 4, 5, 8
),

change_checks as (
    select
        doc_id, 'revenue_' || table_kind || '_change' as check_name,
        array_to_string(path, ' > ') as subject, 'change_krw' as measure,
        change_krw as stated, budget_krw - prior_year_krw as computed, 2 as n_parts,
        cast(null as bigint) as stated_line, {{ array_of(['line_start']) }} as lines
    from lines
    where change_krw is not null and budget_krw is not null and prior_year_krw is not null
)

select *, 1000 as tolerance from child_checks
union all
select *, 1000 as tolerance from change_checks
