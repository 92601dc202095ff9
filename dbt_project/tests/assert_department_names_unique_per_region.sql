-- A name must not resolve to two departments within one region.
select name_key, region, count(distinct department_id) as n
from {{ ref('int_department_names') }}
group by name_key, region
having count(distinct department_id) > 1
