-- Every way a department is written (Korean, English, spaced letters, OCR variants) -> its id, in
-- the region the reference table places it: another city's 스마트도시담당관 is another department.
with departments as (
    select d.*, r.name_ko as region_name
    from {{ ref('departments') }} as d
    left join {{ ref('regions') }} as r on r.region_id = d.region
),

aliases as (
    select * from {{ ref('department_aliases') }}
),

names as (
    select department_id, name_ko as name from departments
    union
    select department_id, name_en as name from departments
    union
    select department_id, alias as name from aliases
)

select distinct
    {{ name_key('n.name') }} as name_key,
    n.department_id,
    d.region_name as region
from names as n
inner join departments as d using (department_id)
where {{ name_key('n.name') }} <> ''
