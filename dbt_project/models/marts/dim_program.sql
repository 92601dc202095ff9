-- One row per program: canonical name, department, the task it serves and its platform.
with lines as (
    select * from {{ ref('int_program_lines') }} where doc_id in {{ published_docs() }}
),

tasks as (
    select t.*, s.title as strategy
    from {{ ref('stg_work_report__tasks') }} as t
    left join {{ ref('stg_work_report__strategies') }} as s
        on s.doc_id = t.doc_id and s.strategy_no = t.strategy_no
),

platforms as (
    select * from {{ ref('platform_keywords') }}
),

named as (
    -- the detailed table's name wins over a task table's; the latest document wins over older ones
    select
        program_id,
        {{ agg_first('program_name', "(table_kind = 'detail') desc, published_on desc nulls last, line_start") }}
            as name_ko,
        {{ agg_first('program_department_id', "(table_kind = 'detail') desc, published_on desc nulls last") }}
            as department_id,
        {{ agg_first('region', 'published_on desc nulls last') }} as region,
        {{ agg_first('task_code', 'published_on desc nulls last', filter='task_code is not null') }} as task_code,
        {{ agg_first('doc_id', 'published_on desc nulls last', filter='task_code is not null') }} as task_doc_id,
        count(distinct doc_id) as n_documents,
        count(*) as n_lines,
        bool_or(table_kind = 'detail') as in_detail_table,
        bool_or(table_kind = 'task') as in_task_table
    from lines
    group by program_id
),

with_task as (
    select n.*, t.title as task_name, t.strategy, t.platform as task_platform
    from named as n
    left join tasks as t on t.doc_id = n.task_doc_id and t.task_code = n.task_code
),

keyword_platform as (
    select w.program_id, {{ agg_first('p.platform', 'p.priority') }} as platform
    from with_task as w
    inner join platforms as p on {{ str_contains("lower(coalesce(w.name_ko, ''))", 'lower(p.keyword)') }}
    group by w.program_id
)

select
    w.program_id,
    w.name_ko,
    w.department_id,
    w.region,
    w.task_code,
    w.task_name,
    w.strategy,
    coalesce(nullif(trim(split_part(w.task_platform, ',', 1)), ''), k.platform) as platform,
    w.in_detail_table,
    w.in_task_table,
    w.n_documents::integer as n_documents,
    w.n_lines::integer as n_lines
from with_task as w
left join keyword_platform as k using (program_id)
