with source as (
    select * from {{ source('raw', 'strategies') }}
),

renamed as (
    select
        record_id,
        doc_id,
        strategy_no,
        nullif(trim(title), '') as title,
        {{ provenance_columns() }}
    from source
)

select * from renamed
