with source as (
    select * from {{ source('raw', 'budget_lines') }}
),

renamed as (
    select
        record_id,
        doc_id,
        table_kind,
        nullif(trim(department), '') as department,
        account,
        nullif(trim(program), '') as program,
        nullif(trim(program_raw), '') as program_raw,
        task_code,
        fiscal_year,
        budget_krw,
        committed_krw,
        spent_krw,
        committed_rate,
        spent_rate,
        expected_year_end_krw,
        expected_rate,
        unit,
        {{ try_cast_date('as_of') }} as as_of,
        {{ provenance_columns() }}
    from source
)

select * from renamed
