with source as (
    select * from {{ source('raw', 'task_plan_metrics') }}
),

renamed as (
    select
        record_id,
        doc_id,
        task_code,
        metric,
        unit,
        year,
        value,
        value_text,
        line_start,
        line_end,
        source_text,
        extractor,
        extractor_version
    from source
)

select * from renamed
