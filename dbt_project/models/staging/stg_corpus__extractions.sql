with source as (
    select * from {{ source('raw', 'extractions') }}
),

renamed as (
    select
        doc_id,
        kind,
        extractor_version,
        n_records,
        rejected_reason,
        figure_lines,
        skipped_lines,
        skipped_reasons,
        uncovered_lines,
        {{ array_len('figure_lines') }} as n_figure_lines,
        {{ array_len('uncovered_lines') }} as n_uncovered_lines,
        error as extractor_error,
        coalesce(errors, {{ empty_array('varchar') }}) as extractor_errors,
        fiscal_year as text_fiscal_year,
        region as text_region,
        extracted_at
    from source
)

select * from renamed
