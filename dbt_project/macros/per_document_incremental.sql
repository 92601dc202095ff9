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
