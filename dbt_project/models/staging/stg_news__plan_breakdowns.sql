with source as (
    select * from {{ source('raw', 'plan_breakdowns') }}
),

renamed as (
    select
        record_id,
        doc_id,
        region,
        fiscal_year,
        scope,
        dimension,
        nullif(trim(label), '') as label,
        nullif(trim(label_raw), '') as label_raw,
        projects,
        amount_krw,
        share,
        is_exhaustive,
        ordinal,
        {{ provenance_columns() }}
    from source
)

select * from renamed
