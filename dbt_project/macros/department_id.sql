{#- The id of a department: the reference table's id when the name (any alias) is known there, else
    one derived from the region and the name key, stable across runs and documents. `known_id` is
    the id found through int_department_names (null when the name is not in the reference). -#}
{% macro department_id(known_id, region, name) -%}
    coalesce(
        {{ known_id }},
        case when {{ name }} is not null
            then 'dept_' || substr(md5(coalesce({{ region }}, '') || '|' || {{ name_key(name) }}), 1, 12)
        end
    )
{%- endmacro %}
