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
        {{ provenance_columns() }}
    from source
)

select * from renamed
