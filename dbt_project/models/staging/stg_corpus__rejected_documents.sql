with source as (
    select * from {{ source('raw', 'rejected_documents') }}
),

renamed as (
    select
        path as file_path,
        file_name,
        byte_size,
        reason,
        doc_id as duplicate_of_doc_id,
        rejected_at
    from source
)

select * from renamed
