with source as (
    select * from {{ source('raw', 'strategies') }}
),

renamed as (
    select
        record_id,
        doc_id,
        strategy_no,
        nullif(trim(title), '') as title,
        line_start,
        line_end,
        source_text,
        extractor,
        extractor_version
    from source
)

select * from renamed
