with source as (
    select * from {{ source('raw', 'audit_items') }}
),

renamed as (
    select
        record_id,
        doc_id,
        audit_year,
        ordinal,
        kind,
        nullif(trim(department), '') as department,
        department_raw,
        nullif(trim(finding), '') as finding,
        status,
        status_raw,
        actions,
        plans,
        {{ provenance_columns() }}
    from source
)

select * from renamed
