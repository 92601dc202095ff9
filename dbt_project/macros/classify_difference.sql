{#- How a stated figure compares with the one computed from its parts:
    ok (equal), rounding (within the table's unit), source_discrepancy (the document contradicts
    itself although every figure line of it was read) or extraction_gap (our extraction missed
    something: the document has figure lines no record consumed). -#}
{% macro classify_difference(stated, computed, tolerance, doc_has_gaps) -%}
    case
        when {{ stated }} is null or {{ computed }} is null then 'extraction_gap'
        when {{ stated }} = {{ computed }} then 'ok'
        when abs({{ stated }} - {{ computed }}) <= {{ tolerance }} then 'rounding'
        when {{ doc_has_gaps }} then 'extraction_gap'
        else 'source_discrepancy'
    end
{%- endmacro %}
