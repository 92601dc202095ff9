-- Every stated total against the sum of its parts, every figure present in two tables, staffing
-- arithmetic and audit counts, each classed ok / rounding / source_discrepancy / extraction_gap.
select
    check_id,
    doc_id,
    check_name,
    subject,
    measure,
    stated,
    computed,
    difference,
    tolerance,
    n_parts,
    lines,
    status
from {{ ref('int_reconciliation') }}
where {{ changed_documents_filter('doc_id') }}
