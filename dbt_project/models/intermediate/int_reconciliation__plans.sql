-- News plans: the parts of a dimension vs the plan total they split. Exhaustive lists must
-- reach the total (each part is rounded to the unit written, 억 = 1e8 KRW); other lists must not
-- exceed it.
with totals as (
    select * from {{ ref('stg_news__plan_totals') }}
),

parts as (
    select * from {{ ref('stg_news__plan_breakdowns') }}
),

grouped as (
    select
        doc_id, region, fiscal_year, scope, dimension, bool_and(is_exhaustive) as is_exhaustive,
        sum(projects) as projects, sum(amount_krw) as amount_krw, count(*) as n_parts,
        count(projects) as n_projects, count(amount_krw) as n_amounts,
        {{ agg_array('line_start') }} as part_lines
    from parts
    group by 1, 2, 3, 4, 5
),

joined as (
    select
        g.*, t.projects as total_projects, t.amount_krw as total_amount_krw, t.line_start as total_line
    from grouped as g
    inner join totals as t
        on t.doc_id = g.doc_id and t.scope = g.scope
        and t.region is not distinct from g.region and t.fiscal_year is not distinct from g.fiscal_year
)

select
    doc_id,
    case when is_exhaustive then 'plan_parts_sum' else 'plan_parts_within_total' end as check_name,
    coalesce(region, '?') || ' ' || coalesce(fiscal_year::varchar, '?') || ' ' || scope || ' by ' || dimension
        as subject,
    m.measure,
    case m.measure when 'projects' then total_projects else total_amount_krw end as stated,
    case
        when not is_exhaustive then
            -- a partial list only has to stay within the total: report the total when it does
            case when (case m.measure when 'projects' then projects else amount_krw end)
                    <= (case m.measure when 'projects' then total_projects else total_amount_krw end)
                then (case m.measure when 'projects' then total_projects else total_amount_krw end)
                else (case m.measure when 'projects' then projects else amount_krw end)
            end
        else case m.measure when 'projects' then projects else amount_krw end
    end as computed,
    n_parts,
    {{ array_union_sorted(array_of(['total_line']), 'part_lines') }} as lines,
    case m.measure when 'projects' then 0 else n_parts * 50000000 end as tolerance
from joined
cross join (values ('projects'), ('amount_krw')) as m(measure)
where (m.measure = 'projects' and total_projects is not null and n_projects = n_parts)
    or (m.measure = 'amount_krw' and total_amount_krw is not null and n_amounts = n_parts)
