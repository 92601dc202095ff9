with source as (
    select * from {{ source('raw', 'department_duties') }}
),

renamed as (
    select
        record_id,
        doc_id,
        nullif(trim(department), '') as department,
        ordinal,
        duty,
        line_start,
        line_end,
        source_text,
        extractor,
        extractor_version
    from source
)

select * from renamed
