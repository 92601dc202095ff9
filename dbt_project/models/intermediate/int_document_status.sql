-- Whether each document publishes or is quarantined (held back from the marts), and why.
with coverage as (
    select * from {{ ref('int_document_coverage') }}
),

gaps as (
    select doc_id, count(*) as n_gap_checks, {{ agg_array("check_name || ': ' || coalesce(subject, '') || ' ' || measure") }} as gap_checks
    from {{ ref('int_reconciliation') }}
    where status = 'extraction_gap'
    group by doc_id
)

select
    c.*,
    coalesce(g.n_gap_checks, 0) as n_gap_checks,
    case
        when c.awaiting_extraction then 'awaiting_extraction'
        when c.extractor_error is not null then 'quarantined'
        when c.n_uncovered_lines > 0 or coalesce(g.n_gap_checks, 0) > 0 then 'quarantined'
        when c.n_records = 0 then 'no_records'
        else 'published'
    end as status,
    case
        when c.awaiting_extraction then 'not extracted yet: its partition runs in a later build'
        when c.extractor_error is not null then 'extractor error: ' || c.extractor_error
        when c.n_uncovered_lines > 0
            then 'figure lines not consumed by any record: ' || array_to_string(c.uncovered_lines, ', ')
        when coalesce(g.n_gap_checks, 0) > 0
            then 'stated totals our records miss: ' || array_to_string(g.gap_checks, '; ')
        when c.n_records = 0 then coalesce(c.extraction_rejected_reason, 'no figures recognised')
    end as status_reason
from coverage as c
left join gaps as g using (doc_id)
