-- Bridge: one row per (audit finding, program it concerns), for joins to fct_program_budget.
select
    l.finding_id,
    l.program_id,
    string_agg(l.keyword, ', ' order by l.keyword) as matched_keywords
from {{ ref('int_audit_program_links') }} as l
inner join {{ ref('fct_audit_finding') }} as f using (finding_id)
group by 1, 2
