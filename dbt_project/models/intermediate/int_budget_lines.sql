{#- Off DuckDB, the Jaro-Winkler similarity int_program_matches compares names with is a SQL function
    (macros/portability.sql): it is created here, before that model's unit test runs on this one's
    rows. On DuckDB (built in) the hook is empty and dbt skips it. -#}
{{ config(pre_hook="{{ create_jaro_winkler_function() }}") }}
-- Budget lines of every table with their document's region, a resolved department and a name key.
with lines as (
    select * from {{ ref('stg_work_report__budget_lines') }}
),

documents as (
    select doc_id, region, published_on from {{ ref('stg_corpus__documents') }}
),

department_names as (
    select * from {{ ref('int_department_names') }}
)

select
    l.*,
    d.region,
    d.published_on,
    {{ department_id('dn.department_id', 'd.region', 'l.department') }} as department_id,
    {{ name_key('l.program') }} as program_key
from lines as l
inner join documents as d using (doc_id)
left join department_names as dn on dn.name_key = {{ name_key('l.department') }}
    and dn.region is not distinct from d.region
