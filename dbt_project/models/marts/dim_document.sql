-- One row per document that came in: published, quarantined, without records, or a rejected file.
with documents as (
    select * from {{ ref('stg_corpus__documents') }}
),

status as (
    select * from {{ ref('int_document_status') }}
),

rejected as (
    select * from {{ ref('stg_corpus__rejected_documents') }}
),

findings as (
    select doc_id, count(*) as n_source_findings from {{ ref('stg_extraction__source_findings') }} group by doc_id
)

select
    d.doc_id,
    d.title,
    d.publisher,
    d.published_on,
    d.published_precision,
    d.kind,
    d.region,
    d.file_name,
    d.byte_size,
    d.encoding,
    d.source_format,
    d.is_ocr,
    d.line_count,
    d.metadata_origin,
    s.n_records::integer as n_facts,
    s.n_figure_lines::integer as n_figure_lines,
    s.n_uncovered_lines::integer as n_uncovered_lines,
    s.coverage::double precision as coverage,
    coalesce(f.n_source_findings, 0)::integer as n_source_findings,
    s.status,
    s.status = 'quarantined' as is_quarantined,
    case when s.status in ('no_records', 'quarantined', 'awaiting_extraction') then s.status_reason end as rejected_reason,
    s.extractor_version,
    d.ingested_at
from documents as d
inner join status as s using (doc_id)
left join findings as f using (doc_id)

union all

select
    'file:' || substr(md5(r.file_path), 1, 16) as doc_id,
    null as title,
    null as publisher,
    null::date as published_on,
    null as published_precision,
    null as kind,
    null as region,
    r.file_name,
    r.byte_size,
    null as encoding,
    null as source_format,
    false as is_ocr,
    null::integer as line_count,
    null as metadata_origin,
    0 as n_facts,
    0 as n_figure_lines,
    0 as n_uncovered_lines,
    null::double precision as coverage,
    0 as n_source_findings,
    'rejected' as status,
    false as is_quarantined,
    r.reason as rejected_reason,
    null as extractor_version,
    r.rejected_at as ingested_at
from rejected as r
