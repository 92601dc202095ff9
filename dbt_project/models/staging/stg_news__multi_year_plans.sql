with source as (
    select * from {{ source('raw', 'multi_year_plans') }}
),

renamed as (
    select
        record_id,
        doc_id,
        region,
        nullif(trim(name), '') as name,
        start_year,
        end_year,
        amount_krw,
        strategies,
        tasks,
        {{ provenance_columns() }}
    from source
)

select * from renamed
