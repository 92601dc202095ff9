with source as (
    select * from {{ source('raw', 'audit_summaries') }}
),

renamed as (
    select
        record_id,
        doc_id,
        audit_year,
        kind,
        total,
        completed,
        in_progress,
        under_review,
        not_reflected,
        {{ provenance_columns() }}
    from source
)

select * from renamed
