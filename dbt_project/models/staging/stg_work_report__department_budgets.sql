with source as (
    select * from {{ source('raw', 'department_budgets') }}
),

renamed as (
    select
        record_id,
        doc_id,
        nullif(trim(department), '') as department,
        account,
        is_total,
        fiscal_year,
        budget_krw,
        prior_year_krw,
        change_krw,
        change_rate,
        executed_krw,
        execution_rate,
        unit,
        {{ try_cast_date('as_of') }} as as_of,
        {{ provenance_columns() }}
    from source
)

select * from renamed
