with source as (
    select * from {{ source('raw', 'staffing') }}
),

renamed as (
    select
        record_id,
        doc_id,
        nullif(trim(department), '') as department,
        department_raw,
        is_total,
        authorized,
        current,
        gap,
        general,
        fixed_term,
        operational,
        other,
        {{ try_cast_date('as_of') }} as as_of,
        {{ provenance_columns() }}
    from source
)

select * from renamed
