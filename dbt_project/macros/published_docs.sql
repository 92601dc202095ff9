{#- Documents whose records may reach the marts (not quarantined, not failed). -#}
{% macro published_docs() -%}
    (select doc_id from {{ ref('int_document_status') }} where status = 'published')
{%- endmacro %}
