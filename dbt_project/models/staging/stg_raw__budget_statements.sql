with source as (
    select * from {{ source('raw', 'budget_statements') }}
),

renamed as (
    select
        record_id,
        doc_id,
        nullif(trim(subject), '') as subject,
        subject_kind,
        nullif(trim(parent), '') as parent,
        region,
        fiscal_year,
        as_of as as_of_text,
        -- `2021-08-19` or `2021-08` (a month): the first day of the month for the latter
        coalesce({{ try_cast_date('as_of') }}, {{ try_cast_date("as_of || '-01'") }}) as as_of,
        budget_krw,
        committed_krw,
        spent_krw,
        unspent_krw,
        carried_over_krw,
        lapsed_krw,
        target_krw,
        -- a rate stated as a percentage (67.8%) becomes a fraction in floating point (0.6779999999999999):
        -- no stated rate has more than a few decimals, so six keep it exact
        {{ round_to('execution_rate', 6) }} as execution_rate,
        {{ round_to('lapse_rate', 6) }} as lapse_rate,
        unit,
        layout,
        {{ provenance_columns() }}
    from source
)

select * from renamed
