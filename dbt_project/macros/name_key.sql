{#- A matching key for names written in many ways: no spaces or punctuation, lower case, and the
    OCR variants that the reports are known for folded (박데이터 -> 빅데이터, 만만 -> 민관). -#}
{% macro name_key(col) -%}
    regexp_replace(
        replace(replace(lower(coalesce({{ col }}, '')), '박데이터', '빅데이터'), '만만', '민관'),
        '[[:space:]·‧•∙.,()\[\]{}<>「」『』《》〈〉''"\-_/:;~!?%]', '', 'g'
    )
{%- endmacro %}
