-- Region x fiscal year x dimension x label: the yearly informatization plans announced in the
-- news, side by side (totals, institution/type/category/quarter breakdowns, multi-year plans and
-- organisations' budgets), so a year-over-year comparison is one GROUP BY. Where two documents
-- state the same figure, the most recently published one is kept.
with documents as (
    select doc_id, published_on from {{ ref('stg_corpus__documents') }}
),

published as (
    select doc_id from {{ published_docs() }} as published_docs
),

totals as (
    select
        doc_id, region, fiscal_year, scope, 'total' as dimension, scope as label, scope as label_raw,
        projects, amount_krw, null::double precision as share, null::boolean as is_exhaustive,
        prior_year_amount_krw, growth_rate, approximate, null::integer as period_end_year, line_start, source_text
    from {{ ref('stg_news__plan_totals') }}
),

breakdowns as (
    select
        doc_id, region, fiscal_year, scope, dimension, label, label_raw,
        projects, amount_krw, share, is_exhaustive,
        null::bigint, null::double precision, false, null::integer, line_start, source_text
    from {{ ref('stg_news__plan_breakdowns') }}
),

multi_year as (
    select
        doc_id, region, start_year, 'all', 'multi_year', coalesce(name, 'multi-year plan'), name,
        null::bigint, amount_krw, null::double precision, null::boolean,
        null::bigint, null::double precision, false, end_year, line_start, source_text
    from {{ ref('stg_news__multi_year_plans') }}
),

org_budgets as (
    select
        doc_id, region, fiscal_year, 'all', 'organization_budget', organization, organization,
        null::bigint, amount_krw, share, null::boolean,
        null::bigint, growth_rate, false, null::integer, line_start, source_text
    from {{ ref('stg_news__org_budgets') }}
),

unioned as (
    select * from totals
    union all select * from breakdowns
    union all select * from multi_year
    union all select * from org_budgets
),

ranked as (
    select
        substr(md5(
            coalesce(u.region, '') || '|' || coalesce(u.fiscal_year::varchar, '') || '|' || u.scope || '|'
            || u.dimension || '|' || u.label
        ), 1, 16) as plan_fact_id,
        u.region,
        u.fiscal_year::integer as fiscal_year,
        u.scope,
        u.dimension,
        u.label,
        u.label_raw,
        u.projects::bigint as projects,
        u.amount_krw::bigint as amount_krw,
        u.share::double precision as share,
        u.is_exhaustive,
        u.prior_year_amount_krw::bigint as prior_year_amount_krw,
        u.growth_rate::double precision as growth_rate,
        u.approximate,
        u.period_end_year::integer as period_end_year,
        u.doc_id,
        u.line_start::integer as source_line,
        u.source_text,
        row_number() over (
            partition by u.region, u.fiscal_year, u.scope, u.dimension, u.label
            order by d.published_on desc nulls last, u.doc_id, u.line_start
        ) as row_rank
    from unioned as u
    inner join published as p using (doc_id)
    left join documents as d using (doc_id)
)

select
    plan_fact_id,
    region,
    fiscal_year,
    scope,
    dimension,
    label,
    label_raw,
    projects,
    amount_krw,
    share,
    is_exhaustive,
    prior_year_amount_krw,
    growth_rate,
    approximate,
    period_end_year,
    doc_id,
    source_line,
    source_text
from ranked
where row_rank = 1
