with source as (
    select * from {{ source('raw', 'policy_goals') }}
),

renamed as (
    select
        record_id,
        doc_id,
        goal,
        {{ provenance_columns() }}
    from source
)

select * from renamed
