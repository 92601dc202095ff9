-- The expenditure summary: its total vs the departments, a department vs its accounts, each
-- row's stated change vs budget minus prior year, and the summary vs the detailed table.
with summary as (
    select * from {{ ref('stg_work_report__department_budgets') }}
),

long as (
    {{ unpivot_columns('summary', ['doc_id', 'record_id', 'department', 'account', 'is_total', 'line_start'],
        ['budget_krw', 'prior_year_krw', 'executed_krw']) }}
),

total_checks as (
    select
        t.doc_id, 'summary_total' as check_name, t.department as subject, t.measure,
        t.value as stated, sum(p.value) as computed, count(p.value) as n_parts,
        t.line_start as stated_line,
        {{ array_union_sorted(array_of([agg_any('t.line_start')]), agg_array('p.line_start')) }} as lines
    from long as t
    left join long as p
        on p.doc_id = t.doc_id and p.measure = t.measure and not p.is_total and p.account is null
    where t.is_total
    group by 1, 2, 3, 4, 5, 8
),

account_checks as (
    select
        d.doc_id, 'summary_department_accounts' as check_name, d.department as subject, d.measure,
        d.value as stated, sum(a.value) as computed, count(a.value) as n_parts,
        d.line_start as stated_line,
        {{ array_union_sorted(array_of([agg_any('d.line_start')]), agg_array('a.line_start')) }} as lines
    from long as d
    inner join long as a
        on a.doc_id = d.doc_id and a.department = d.department and a.measure = d.measure and a.account is not null
    where d.account is null and not d.is_total
    group by 1, 2, 3, 4, 5, 8
),

change_checks as (
    select
        doc_id, 'summary_change' as check_name,
        department || coalesce(' / ' || account, '') as subject, 'change_krw' as measure,
        change_krw as stated, budget_krw - prior_year_krw as computed, 2 as n_parts,
        cast(null as bigint) as stated_line,
        {{ array_of(['line_start']) }} as lines
    from summary
    where change_krw is not null
),

detail as (
    select * from {{ ref('int_budget_lines') }} where table_kind = 'subtotal'
),

cross_checks as (
    select
        s.doc_id, 'summary_vs_detail' as check_name,
        s.department || coalesce(' / ' || s.account, '') as subject, m.measure,
        case m.measure when 'budget_krw' then s.budget_krw else s.executed_krw end as stated,
        case m.measure when 'budget_krw' then d.budget_krw else d.committed_krw end as computed,
        1 as n_parts,
        cast(null as bigint) as stated_line,
        {{ array_sorted(array_of(['s.line_start', 'd.line_start'])) }} as lines
    from summary as s
    cross join (values ('budget_krw'), ('executed_krw')) as m(measure)
    inner join detail as d
        on d.doc_id = s.doc_id
        and d.department = s.department
        and d.account is not distinct from s.account
    where not s.is_total
)

select *, 1000 as tolerance from total_checks
union all
select *, 1000 as tolerance from account_checks
union all
select *, 1000 as tolerance from change_checks
union all
select *, 1000 as tolerance from cross_checks
