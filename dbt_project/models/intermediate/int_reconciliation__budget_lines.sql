-- The detailed expenditure table: account subtotals vs their program lines, department
-- subtotals vs their accounts (or lines), and the bureau's total vs its departments.
with lines as (
    select * from {{ ref('int_budget_lines') }} where table_kind in ('detail', 'subtotal')
),

long as (
    {{ unpivot_columns('lines', ['doc_id', 'record_id', 'table_kind', 'department', 'account', 'program', 'line_start'],
        ['budget_krw', 'committed_krw', 'spent_krw']) }}
),

programs as (
    select * from long where table_kind = 'detail'
),

subtotals as (
    select * from long where table_kind = 'subtotal'
),

departments_with_programs as (
    select distinct doc_id, department from programs
),

account_checks as (
    select
        s.doc_id, 'detail_account_subtotal' as check_name,
        s.department || ' / ' || s.account as subject, s.measure,
        s.value as stated, sum(p.value) as computed, count(p.record_id) as n_parts,
        s.line_start as stated_line,
        {{ array_union_sorted(array_of([agg_any('s.line_start')]), agg_array('p.line_start')) }} as lines
    from subtotals as s
    left join programs as p
        on p.doc_id = s.doc_id and p.department = s.department and p.account = s.account and p.measure = s.measure
    where s.account is not null
    group by 1, 2, 3, 4, 5, 8
),

department_parts as (
    -- a department is the sum of its account subtotals when it has some, else of its program lines
    select doc_id, department, measure, value, line_start, 'account' as part_kind
    from subtotals where account is not null
    union all
    select p.doc_id, p.department, p.measure, p.value, p.line_start, 'program' as part_kind
    from programs as p
    where not exists (
        select 1 from subtotals as s
        where s.doc_id = p.doc_id and s.department = p.department and s.account is not null
    )
),

department_checks as (
    select
        s.doc_id, 'detail_department_subtotal' as check_name, s.department as subject, s.measure,
        s.value as stated, sum(p.value) as computed, count(p.value) as n_parts,
        s.line_start as stated_line,
        {{ array_union_sorted(array_of([agg_any('s.line_start')]), agg_array('p.line_start')) }} as lines
    from subtotals as s
    inner join departments_with_programs as dp on dp.doc_id = s.doc_id and dp.department = s.department
    left join department_parts as p on p.doc_id = s.doc_id and p.department = s.department and p.measure = s.measure
    where s.account is null
    group by 1, 2, 3, 4, 5, 8
),

grand_totals as (
    -- the subtotal row of a unit with no program lines of its own is the whole table's total
    select s.*
    from subtotals as s
    left join departments_with_programs as dp on dp.doc_id = s.doc_id and dp.department = s.department
    where s.account is null and dp.department is null
),

grand_checks as (
    select
        g.doc_id, 'detail_grand_total' as check_name, g.department as subject, g.measure,
        g.value as stated, sum(s.value) as computed, count(s.value) as n_parts,
        g.line_start as stated_line,
        {{ array_union_sorted(array_of([agg_any('g.line_start')]), agg_array('s.line_start')) }} as lines
    from grand_totals as g
    left join subtotals as s
        on s.doc_id = g.doc_id and s.measure = g.measure and s.account is null and s.department <> g.department
    group by 1, 2, 3, 4, 5, 8
)

select *, 1000 as tolerance from account_checks
union all
select *, 1000 as tolerance from department_checks
union all
select *, 1000 as tolerance from grand_checks
