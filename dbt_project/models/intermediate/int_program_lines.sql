-- Every program line (detailed table and task tables) with its program identity: a task row
-- matched to a detail line takes that line's program; program_id derives from region,
-- department and the name key, so it is stable across runs and documents.
with lines as (
    select * from {{ ref('int_budget_lines') }} where table_kind in ('detail', 'task')
),

matches as (
    select * from {{ ref('int_program_matches') }}
),

identified as (
    select
        l.*,
        coalesce(d.department_id, l.department_id) as program_department_id,
        coalesce(d.program, l.program) as program_name,
        case
            when coalesce(d.program_key, l.program_key) = '' then 'unnamed|' || l.doc_id || '|' || l.line_start
            else coalesce(d.program_key, l.program_key)
        end as identity_key,
        m.detail_record_id as matched_detail_record_id,
        m.match_method
    from lines as l
    left join matches as m on m.task_record_id = l.record_id
    left join lines as d on d.record_id = m.detail_record_id
)

select
    substr(md5(
        coalesce(region, '') || '|' || coalesce(program_department_id, '') || '|' || identity_key
    ), 1, 16) as program_id,
    *
from identified
