-- A task table names a program its own way ("열린데이터광장" for "열린데이터 광장 운영", OCR
-- "박데이터" for "빅데이터"): match each task-table row to the detailed table's line of the same
-- document by name key, containment, or equal budget with similar names. Best candidate wins.
with lines as (
    select * from {{ ref('int_budget_lines') }}
),

detail as (
    select * from lines where table_kind = 'detail' and program is not null
),

task as (
    select * from lines where table_kind = 'task'
),

candidates as (
    select
        t.record_id as task_record_id,
        d.record_id as detail_record_id,
        {{ jaro_winkler_similarity('t.program_key', 'd.program_key') }} as similarity,
        abs(coalesce(t.budget_krw, 0) - coalesce(d.budget_krw, 0)) as budget_difference,
        case
            when t.program_key = d.program_key then 1
            when length(t.program_key) >= 4
                and ({{ str_contains('d.program_key', 't.program_key') }} or {{ str_contains('t.program_key', 'd.program_key') }})
                then 2
            when abs(t.budget_krw - d.budget_krw) <= 1000
                and {{ jaro_winkler_similarity('t.program_key', 'd.program_key') }} >= 0.75
                then 3
        end as match_rank
    from task as t
    inner join detail as d on t.doc_id = d.doc_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by task_record_id order by match_rank, budget_difference, similarity desc
        ) as candidate_rank
    from candidates
    where match_rank is not null
)

select
    task_record_id,
    detail_record_id,
    match_rank,
    case match_rank when 1 then 'same_name' when 2 then 'name_contained' else 'same_budget_similar_name' end
        as match_method,
    similarity,
    budget_difference
from ranked
where candidate_rank = 1
