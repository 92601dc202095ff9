-- Where a document contradicts itself: the extractors' findings (missing names, headline vs
-- body, stated vs computed) and the reconciliation's source discrepancies not already among them.
-- Reported, never blocking. Quarantined documents are included: their findings are about the source.
with extracted as (
    select
        record_id as source_finding_id,
        doc_id,
        rule,
        subject,
        lines,
        stated,
        computed,
        stated - computed as difference,
        explanation,
        'extractor' as found_by
    from {{ ref('stg_extraction__source_findings') }}
    where {{ changed_documents_filter('doc_id') }}
),

reconciled as (
    select
        r.check_id as source_finding_id,
        r.doc_id,
        r.check_name as rule,
        r.subject || ' (' || r.measure || ')' as subject,
        r.lines,
        r.stated,
        r.computed,
        r.difference,
        'stated ' || r.stated::bigint || ' but the parts give ' || r.computed::bigint
            || ' (difference ' || r.difference::bigint || ', beyond the rounding tolerance of '
            || r.tolerance::bigint || ')' as explanation,
        'reconciliation' as found_by
    from {{ ref('int_reconciliation') }} as r
    where r.status = 'source_discrepancy' and {{ changed_documents_filter('r.doc_id') }}
        and not exists (
            select 1 from extracted as e
            where e.doc_id = r.doc_id
                and {{ arrays_overlap('e.lines', 'r.lines') }}
                and (e.stated = r.stated or e.computed = r.computed)
        )
)

select
    source_finding_id, doc_id, rule, subject, lines::integer[] as lines,
    stated::double precision as stated, computed::double precision as computed, difference::double precision as difference,
    explanation, found_by
from extracted
union all
select
    source_finding_id, doc_id, rule, subject, lines::integer[],
    stated::double precision, computed::double precision, difference::double precision, explanation, found_by
from reconciled
