with source as (
    select * from {{ source('raw', 'policy_goals') }}
),

renamed as (
    select
        record_id,
        doc_id,
        goal,
        line_start,
        line_end,
        source_text,
        extractor,
        extractor_version
    from source
)

select * from renamed
