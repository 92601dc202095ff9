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
        {{ provenance_columns() }}
    from source
)

select * from renamed
