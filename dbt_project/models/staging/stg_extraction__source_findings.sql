with source as (
    select * from {{ source('raw', 'source_findings') }}
),

renamed as (
    select
        record_id,
        doc_id,
        rule,
        explanation,
        stated,
        computed,
        lines,
        subject,
        {{ provenance_columns() }}
    from source
)

select * from renamed
