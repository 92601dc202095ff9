with source as (
    select * from {{ source('raw', 'documents') }}
),

renamed as (
    select
        doc_id,
        file_name,
        path as file_path,
        byte_size,
        encoding,
        line_count,
        nullif(trim(title), '') as title,
        nullif(trim(publisher), '') as publisher,
        published_on,
        published_precision,
        kind,
        region,
        notes,
        metadata_origin,
        coalesce(source_format, 'txt') as source_format,
        coalesce(ocr, false) as is_ocr,
        ingested_at
    from source
)

select * from renamed
