{#- The provenance every extracted record carries from the raw tables into staging: the lines of
    the document it was read from, their text, and the extractor (and version) that read them. -#}
{% macro provenance_columns() -%}
    line_start,
        line_end,
        source_text,
        extractor,
        extractor_version
{%- endmacro %}
