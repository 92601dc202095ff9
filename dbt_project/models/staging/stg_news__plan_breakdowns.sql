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
        line_start,
        line_end,
        source_text,
        extractor,
        extractor_version
    from source
)

select * from renamed
