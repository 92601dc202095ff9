-- Revenue line x fiscal year, in its hierarchy. The detailed table is the fact; the summary table
-- is used only when a document has no detailed table.
with lines as (
    select * from {{ ref('stg_work_report__revenue_lines') }}
    where doc_id in {{ published_docs() }} and {{ changed_documents_filter('doc_id') }}
),

chosen as (
    select *
    from lines
    where table_kind = 'detail'
        or not exists (select 1 from lines as d where d.doc_id = lines.doc_id and d.table_kind = 'detail')
)

select
    record_id as revenue_line_id,
    doc_id,
    fiscal_year::integer as fiscal_year,
    name,
    array_to_string(path, ' > ') as hierarchy_path,
    path as path_list,
    level::integer as level,
    budget_krw::bigint as budget_krw,
    prior_year_krw::bigint as prior_year_krw,
    change_krw::bigint as change_krw,
    change_rate::double precision as change_rate,
    collected_krw::bigint as collected_krw,
    collection_rate::double precision as collection_rate,
    table_kind,
    line_start::integer as source_line,
    source_text
from chosen
