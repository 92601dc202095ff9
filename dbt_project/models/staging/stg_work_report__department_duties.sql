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
        {{ provenance_columns() }}
    from source
)

select * from renamed
