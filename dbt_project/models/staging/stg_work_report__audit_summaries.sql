with source as (
    select * from {{ source('raw', 'audit_summaries') }}
),

renamed as (
    select
        record_id,
        doc_id,
        audit_year,
        kind,
        total,
        completed,
        in_progress,
        under_review,
        not_reflected,
        line_start,
        line_end,
        source_text,
        extractor,
        extractor_version
    from source
)

select * from renamed
