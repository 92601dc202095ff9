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
        line_start,
        line_end,
        source_text,
        extractor,
        extractor_version
    from source
)

select * from renamed
