-- Audit finding -> program, when the finding names a keyword of the reviewed keyword table and
-- that program exists in the same region.
with items as (
    select i.record_id as finding_id, i.finding, d.region
    from {{ ref('stg_work_report__audit_items') }} as i
    inner join {{ ref('stg_corpus__documents') }} as d using (doc_id)
),

keywords as (
    select * from {{ ref('audit_program_keywords') }}
),

programs as (
    select program_id, region, {{ name_key('program_name') }} as program_key
    from {{ ref('int_program_lines') }}
    group by 1, 2, 3
)

select distinct
    i.finding_id,
    p.program_id,
    k.keyword
from items as i
inner join keywords as k on {{ str_contains('lower(i.finding)', 'lower(k.keyword)') }}
inner join programs as p
    on p.program_key = {{ name_key('k.program_name') }}
    and p.region is not distinct from i.region
