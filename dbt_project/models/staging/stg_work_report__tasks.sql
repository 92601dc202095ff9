with source as (
    select * from {{ source('raw', 'tasks') }}
),

renamed as (
    select
        record_id,
        doc_id,
        task_code,
        strategy_no,
        nullif(trim(title), '') as title,
        platform,
        purpose,
        overview,
        results,
        plans,
        line_start,
        line_end,
        source_text,
        extractor,
        extractor_version
    from source
)

select * from renamed
