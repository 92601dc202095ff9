with source as (
    select * from {{ source('raw', 'org_budgets') }}
),

renamed as (
    select
        record_id,
        doc_id,
        region,
        fiscal_year,
        nullif(trim(organization), '') as organization,
        amount_krw,
        total_budget_krw,
        share,
        growth_rate,
        {{ provenance_columns() }}
    from source
)

select * from renamed
