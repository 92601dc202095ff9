-- Canonical region names -> the short ids used by the reference tables.
select
    region_id,
    name_ko as region,
    name_en as region_en
from {{ ref('regions') }}
