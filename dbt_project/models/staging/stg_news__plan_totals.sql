with source as (
    select * from {{ source('raw', 'plan_totals') }}
),

renamed as (
    select
        record_id,
        doc_id,
        region,
        fiscal_year,
        scope,
        projects,
        amount_krw,
        approximate,
        prior_year_amount_krw,
        growth_rate,
        jobs,
        {{ provenance_columns() }}
    from source
)

select * from renamed
