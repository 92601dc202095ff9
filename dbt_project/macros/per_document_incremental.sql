{#- Marts whose every row belongs to one document (config +per_document in dbt_project.yml) are
    incremental: a build deletes the rows of the documents it changed (raw.document_changes: added,
    removed, metadata edited, re-extracted) and inserts theirs anew. A change of models, reference
    data or suites makes the orchestration pass --full-refresh, so cross-cutting changes rebuild
    them whole. -#}

{#- In the model: restricts its driving rows to the changed documents on an incremental run. -#}
{% macro changed_documents_filter(column) -%}
    {%- if is_incremental() -%}
        {{ column }} in (select doc_id from {{ source('raw', 'document_changes') }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- The pre-hook: the changed documents' old rows go before their new ones are inserted. -#}
{% macro retire_changed_documents() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where doc_id in (select doc_id from {{ source('raw', 'document_changes') }})
    {%- else -%}
        select 1 as nothing_to_retire
    {%- endif -%}
{%- endmacro %}

{#- The pre-hook of a per-document mart whose rows also depend on other documents (a budget
    statement's program is resolved against every published document's program lines): besides the
    changed documents' rows, the rows whose resolution changed, or that are no longer published,
    go; the model then inserts the rows it lacks. -#}
{% macro retire_changed_documents_and_resolutions(resolved, key, resolved_key, columns) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as t
        where t.doc_id in (select doc_id from {{ source('raw', 'document_changes') }})
            or not exists (
                select 1 from {{ resolved }} as r
                where r.{{ resolved_key }} = t.{{ key }}
                    and r.doc_id in {{ published_docs() }}
                    {%- for column in columns %}
                    and r.{{ column }} is not distinct from t.{{ column }}
                    {%- endfor %}
            )
    {%- else -%}
        select 1 as nothing_to_retire
    {%- endif -%}
{%- endmacro %}
