-- The same program in a task's execution table and in the detailed table must agree.
with lines as (
    select * from {{ ref('int_program_lines') }}
),

pairs as (
    select t.doc_id, t.program_name as subject, t.record_id as task_record_id,
        d.budget_krw, d.committed_krw, d.spent_krw, d.line_start,
        t.line_start as task_line, t.budget_krw as t_budget, t.committed_krw as t_committed, t.spent_krw as t_spent
    from lines as t
    inner join lines as d on d.record_id = t.matched_detail_record_id
    where t.table_kind = 'task'
),

checks as (
    select
        doc_id,
        'task_vs_detail' as check_name,
        subject,
        m.measure,
        case m.measure when 'budget_krw' then t_budget when 'committed_krw' then t_committed else t_spent end as stated,
        case m.measure when 'budget_krw' then budget_krw when 'committed_krw' then committed_krw else spent_krw end
            as computed,
        1 as n_parts,
        {{ array_sorted(array_of(['task_line', 'line_start'])) }} as lines,
        1000 as tolerance
    from pairs
    cross join (values ('budget_krw'), ('committed_krw'), ('spent_krw')) as m(measure)
)

select * from checks
-- a cell one table leaves empty (`_`, `-`) states nothing to compare
where stated is not null and computed is not null
