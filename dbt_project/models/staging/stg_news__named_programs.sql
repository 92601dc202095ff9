with source as (
    select * from {{ source('raw', 'named_programs') }}
),

renamed as (
    select
        record_id,
        doc_id,
        region,
        fiscal_year,
        nullif(trim(name), '') as name,
        amount_krw,
        approximate,
        nullif(trim(organization), '') as organization,
        period,
        remarks,
        total_amount_krw,
        {{ provenance_columns() }}
    from source
)

select * from renamed
