with source as (
    select * from {{ source('raw', 'source_findings') }}
),

renamed as (
    select
        record_id,
        doc_id,
        rule,
        explanation,
        stated,
        computed,
        lines,
        subject,
        line_start,
        line_end,
        source_text,
        extractor,
        extractor_version
    from source
)

select * from renamed
