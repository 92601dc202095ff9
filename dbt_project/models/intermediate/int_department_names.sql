-- Every way a department is written (Korean, English, spaced letters, OCR variants) -> its id.
with departments as (
    select * from {{ ref('departments') }}
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
    {{ name_key('name') }} as name_key,
    department_id
from names
where {{ name_key('name') }} <> ''
