-- Budget statements with what they are about resolved where the warehouse knows it: a program of
-- the published program lines (the program matching's name key, in the same region, only when the
-- key names one program there), else a department of the reference table (its names and aliases,
-- in the same region). The subject is written as the text has it: a particle left at its end
-- (`스마트도시담당관의`), a trailing 사업 (`… 구축 사업`) or 소관/전체/총괄 (`스마트도시담당관 소관`: the
-- department's own figures) do not stop the match. A statement resolved to a program takes the
-- program's department; one whose subject is neither takes the department its parent names, if any.
{%- set particle = "'(의|은|는|을|를)$'" %}
with statements as (
    select * from {{ ref('stg_raw__budget_statements') }}
),

documents as (
    select doc_id, region from {{ ref('stg_corpus__documents') }}
),

located as (
    select
        s.*,
        coalesce(s.region, d.region) as statement_region,
        regexp_replace(regexp_replace({{ name_key('s.subject') }}, {{ particle }}, ''), '사업$', '')
            as subject_program_key,
        regexp_replace(regexp_replace({{ name_key('s.subject') }}, {{ particle }}, ''), '(소관|전체|총괄)$', '')
            as subject_department_key,
        regexp_replace({{ name_key('s.parent') }}, {{ particle }}, '') as parent_department_key
    from statements as s
    inner join documents as d using (doc_id)
),

program_names as (
    -- the names (either table's spelling) of the programs dim_program publishes
    select
        region,
        regexp_replace(regexp_replace(program_key, {{ particle }}, ''), '사업$', '') as program_key,
        min(program_id) as program_id,
        min(program_department_id) as department_id
    from {{ ref('int_program_lines') }}
    where doc_id in {{ published_docs() }} and program_key <> ''
    group by 1, 2
    having count(distinct program_id) = 1
),

department_names as (
    select * from {{ ref('int_department_names') }}
)

select
    l.*,
    p.program_id,
    coalesce(ds.department_id, dp.department_id, p.department_id) as department_id,
    case
        when p.program_id is not null then 'program'
        when ds.department_id is not null then 'department'
        when dp.department_id is not null then 'parent'
    end as resolved_as
from located as l
left join program_names as p
    on p.program_key = l.subject_program_key and p.program_key <> ''
    and p.region is not distinct from l.statement_region
left join department_names as ds
    on ds.name_key = l.subject_department_key and ds.region is not distinct from l.statement_region
left join department_names as dp
    on dp.name_key = l.parent_department_key and dp.region is not distinct from l.statement_region
