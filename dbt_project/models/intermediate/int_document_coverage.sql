-- How much of each document's figure lines the extraction consumed: the basis of quarantine.
with documents as (
    select * from {{ ref('stg_corpus__documents') }}
),

extractions as (
    select * from {{ ref('stg_corpus__extractions') }}
)

select
    d.doc_id,
    d.kind,
    d.region,
    d.published_on,
    coalesce(e.n_records, 0) as n_records,
    coalesce(e.n_figure_lines, 0) as n_figure_lines,
    coalesce(e.n_uncovered_lines, 0) as n_uncovered_lines,
    coalesce(e.uncovered_lines, {{ empty_array('integer') }}) as uncovered_lines,
    case
        when coalesce(e.n_figure_lines, 0) = 0 then null
        else {{ round_to(float_divide('(e.n_figure_lines - e.n_uncovered_lines)', 'e.n_figure_lines'), 4) }}
    end as coverage,
    e.rejected_reason as extraction_rejected_reason,
    e.extractor_error,
    e.extractor_version,
    (e.doc_id is null) as awaiting_extraction,
    (e.doc_id is null or e.extractor_error is not null or coalesce(e.n_uncovered_lines, 0) > 0) as has_gaps
from documents as d
left join extractions as e using (doc_id)
