with source as (
    select * from {{ source('raw', 'revenue_lines') }}
),

renamed as (
    select
        record_id,
        doc_id,
        table_kind,
        fiscal_year,
        nullif(trim(name), '') as name,
        path,
        level,
        budget_krw,
        prior_year_krw,
        change_krw,
        change_rate,
        collected_krw,
        collection_rate,
        unit,
        {{ provenance_columns() }}
    from source
)

select * from renamed
