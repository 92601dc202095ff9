{#- SQL that differs between DuckDB (the warehouse) and other adapters, behind adapter.dispatch: the
    duckdb__ implementation is the SQL the models always had, the default__ one is portable (and
    built and run on PostgreSQL by tests/integration/test_dbt_portability.py, which also greps the
    models for DuckDB-only syntax outside these macros). -#}

{#- Arrays (DuckDB lists). -#}

{% macro agg_array(expr, order_by=none) -%}
    {{ return(adapter.dispatch('agg_array', 'ict_warehouse')(expr, order_by)) }}
{%- endmacro %}
{% macro duckdb__agg_array(expr, order_by) -%}
    list({{ expr }}{% if order_by %} order by {{ order_by }}{% endif %})
{%- endmacro %}
{% macro default__agg_array(expr, order_by) -%}
    array_agg({{ expr }}{% if order_by %} order by {{ order_by }}{% endif %})
{%- endmacro %}

{#- An array of the given SQL expressions. -#}
{% macro array_of(items) -%}
    {{ return(adapter.dispatch('array_of', 'ict_warehouse')(items)) }}
{%- endmacro %}
{% macro duckdb__array_of(items) -%}
    [{{ items | join(', ') }}]
{%- endmacro %}
{% macro default__array_of(items) -%}
    array[{{ items | join(', ') }}]
{%- endmacro %}

{% macro empty_array(element_type) -%}
    {{ return(adapter.dispatch('empty_array', 'ict_warehouse')(element_type)) }}
{%- endmacro %}
{% macro duckdb__empty_array(element_type) -%}
    []::{{ element_type }}[]
{%- endmacro %}
{% macro default__empty_array(element_type) -%}
    cast(array[] as {{ element_type }}[])
{%- endmacro %}

{% macro array_len(expr) -%}
    {{ return(adapter.dispatch('array_len', 'ict_warehouse')(expr)) }}
{%- endmacro %}
{% macro duckdb__array_len(expr) -%}
    len({{ expr }})
{%- endmacro %}
{% macro default__array_len(expr) -%}
    cardinality({{ expr }})
{%- endmacro %}

{% macro array_sorted(expr) -%}
    {{ return(adapter.dispatch('array_sorted', 'ict_warehouse')(expr)) }}
{%- endmacro %}
{% macro duckdb__array_sorted(expr) -%}
    list_sort({{ expr }})
{%- endmacro %}
{% macro default__array_sorted(expr) -%}
    array(select array_element from unnest({{ expr }}) as elements(array_element) order by array_element)
{%- endmacro %}

{#- The distinct non-null elements of two arrays, sorted (the source lines of a check). -#}
{% macro array_union_sorted(first, second) -%}
    {{ return(adapter.dispatch('array_union_sorted', 'ict_warehouse')(first, second)) }}
{%- endmacro %}
{% macro duckdb__array_union_sorted(first, second) -%}
    list_sort(list_distinct(list_concat({{ first }}, {{ second }})))
{%- endmacro %}
{% macro default__array_union_sorted(first, second) -%}
    array(
        select distinct array_element from unnest(array_cat({{ first }}, {{ second }})) as elements(array_element)
        where array_element is not null order by array_element
    )
{%- endmacro %}

{#- True when the two arrays share an element. -#}
{% macro arrays_overlap(first, second) -%}
    {{ return(adapter.dispatch('arrays_overlap', 'ict_warehouse')(first, second)) }}
{%- endmacro %}
{% macro duckdb__arrays_overlap(first, second) -%}
    len(list_intersect({{ first }}, {{ second }})) > 0
{%- endmacro %}
{% macro default__arrays_overlap(first, second) -%}
    exists (
        select array_element from unnest({{ first }}) as elements(array_element)
        intersect
        select array_element from unnest({{ second }}) as elements(array_element)
    )
{%- endmacro %}

{#- Aggregates. -#}

{#- Any one value of the group (PostgreSQL has any_value from 16 only: the least one there). -#}
{% macro agg_any(expr) -%}
    {{ return(adapter.dispatch('agg_any', 'ict_warehouse')(expr)) }}
{%- endmacro %}
{% macro duckdb__agg_any(expr) -%}
    any_value({{ expr }})
{%- endmacro %}
{% macro default__agg_any(expr) -%}
    min({{ expr }})
{%- endmacro %}

{#- The first value of the group in the given order (nulls included), of the rows passing `filter`. -#}
{% macro agg_first(expr, order_by, filter=none) -%}
    {{ return(adapter.dispatch('agg_first', 'ict_warehouse')(expr, order_by, filter)) }}
{%- endmacro %}
{% macro duckdb__agg_first(expr, order_by, filter) -%}
    first({{ expr }} order by {{ order_by }}){% if filter %} filter (where {{ filter }}){% endif %}
{%- endmacro %}
{% macro default__agg_first(expr, order_by, filter) -%}
    (array_agg({{ expr }} order by {{ order_by }}){% if filter %} filter (where {{ filter }}){% endif %})[1]
{%- endmacro %}

{#- Scalars. -#}

{% macro str_contains(haystack, needle) -%}
    {{ return(adapter.dispatch('str_contains', 'ict_warehouse')(haystack, needle)) }}
{%- endmacro %}
{% macro duckdb__str_contains(haystack, needle) -%}
    contains({{ haystack }}, {{ needle }})
{%- endmacro %}
{% macro default__str_contains(haystack, needle) -%}
    (strpos({{ haystack }}, {{ needle }}) > 0)
{%- endmacro %}

{#- A date from text when the text is one (YYYY-MM-DD), else null instead of an error. -#}
{% macro try_cast_date(expr) -%}
    {{ return(adapter.dispatch('try_cast_date', 'ict_warehouse')(expr)) }}
{%- endmacro %}
{% macro duckdb__try_cast_date(expr) -%}
    try_cast({{ expr }} as date)
{%- endmacro %}
{% macro default__try_cast_date(expr) -%}
    case when ({{ expr }}) ~ '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$' then cast(({{ expr }}) as date) end
{%- endmacro %}

{#- Floating-point division (DuckDB's `/` divides integers exactly; PostgreSQL's truncates them). -#}
{% macro float_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('float_divide', 'ict_warehouse')(numerator, denominator)) }}
{%- endmacro %}
{% macro duckdb__float_divide(numerator, denominator) -%}
    {{ numerator }} / {{ denominator }}
{%- endmacro %}
{% macro default__float_divide(numerator, denominator) -%}
    cast({{ numerator }} as double precision) / {{ denominator }}
{%- endmacro %}

{#- A double rounded to `digits` decimals (PostgreSQL rounds to digits only numerics). -#}
{% macro round_to(expr, digits) -%}
    {{ return(adapter.dispatch('round_to', 'ict_warehouse')(expr, digits)) }}
{%- endmacro %}
{% macro duckdb__round_to(expr, digits) -%}
    round({{ expr }}, {{ digits }})
{%- endmacro %}
{% macro default__round_to(expr, digits) -%}
    cast(round(cast({{ expr }} as numeric), {{ digits }}) as double precision)
{%- endmacro %}

{#- Jaro-Winkler similarity of two strings (0..1). DuckDB has it built in; elsewhere it is a SQL
    function in the target schema, created by create_jaro_winkler_function (the pre-hook of
    int_budget_lines, which int_program_matches and its unit test run after). -#}
{% macro jaro_winkler_similarity(first, second) -%}
    {{ return(adapter.dispatch('jaro_winkler_similarity', 'ict_warehouse')(first, second)) }}
{%- endmacro %}
{% macro duckdb__jaro_winkler_similarity(first, second) -%}
    jaro_winkler_similarity({{ first }}, {{ second }})
{%- endmacro %}
{% macro default__jaro_winkler_similarity(first, second) -%}
    {{ target.schema }}.ict_jaro_winkler_similarity({{ first }}, {{ second }})
{%- endmacro %}

{% macro create_jaro_winkler_function() -%}
    {{ return(adapter.dispatch('create_jaro_winkler_function', 'ict_warehouse')()) }}
{%- endmacro %}
{% macro duckdb__create_jaro_winkler_function() -%}
{%- endmacro %}
{#- Jaro similarity (matches within half the longer length, transpositions halved) plus Winkler's
    bonus of 0.1 per common leading unit (at most 4) when above 0.7, as DuckDB computes it: over the
    UTF-8 bytes (a Korean syllable is three), and 0 when either string is empty. -#}
{% macro default__create_jaro_winkler_function() -%}
    create or replace function {{ target.schema }}.ict_jaro_winkler_similarity(s1 text, s2 text)
    returns double precision language plpgsql immutable as $$
    declare
        b1 bytea := convert_to(s1, 'UTF8');
        b2 bytea := convert_to(s2, 'UTF8');
        len1 int := length(convert_to(s1, 'UTF8'));
        len2 int := length(convert_to(s2, 'UTF8'));
        window_size int;
        matched1 boolean[];
        matched2 boolean[];
        matches int := 0;
        transpositions int := 0;
        prefix int := 0;
        k int := 0;
        jaro double precision;
    begin
        if s1 is null or s2 is null then
            return null;
        end if;
        if len1 = 0 or len2 = 0 then
            return 0.0;
        end if;
        window_size := greatest(greatest(len1, len2) / 2 - 1, 0);
        matched1 := array_fill(false, array[len1], array[0]);
        matched2 := array_fill(false, array[len2], array[0]);
        for i in 0..len1 - 1 loop
            for j in greatest(0, i - window_size)..least(len2 - 1, i + window_size) loop
                if not matched2[j] and get_byte(b1, i) = get_byte(b2, j) then
                    matched1[i] := true;
                    matched2[j] := true;
                    matches := matches + 1;
                    exit;
                end if;
            end loop;
        end loop;
        if matches = 0 then
            return 0.0;
        end if;
        for i in 0..len1 - 1 loop
            if matched1[i] then
                while not matched2[k] loop
                    k := k + 1;
                end loop;
                if get_byte(b1, i) <> get_byte(b2, k) then
                    transpositions := transpositions + 1;
                end if;
                k := k + 1;
            end if;
        end loop;
        jaro := (matches::double precision / len1 + matches::double precision / len2
            + (matches - transpositions / 2)::double precision / matches) / 3.0;
        while prefix < least(4, len1, len2) and get_byte(b1, prefix) = get_byte(b2, prefix) loop
            prefix := prefix + 1;
        end loop;
        if jaro > 0.7 then
            jaro := jaro + prefix * 0.1 * (1.0 - jaro);
        end if;
        return jaro;
    end
    $$
{%- endmacro %}

{#- Relational. -#}

{#- `select <keep>, <name>, <value> from <relation>` with one row per (row, column of `columns`):
    the column's name in `name` and its value in `value`; rows whose value is null are left out
    unless include_nulls. -#}
{% macro unpivot_columns(relation, keep, columns, name='measure', value='value', include_nulls=false) -%}
    {{ return(adapter.dispatch('unpivot_columns', 'ict_warehouse')(relation, keep, columns, name, value, include_nulls)) }}
{%- endmacro %}
{% macro duckdb__unpivot_columns(relation, keep, columns, name, value, include_nulls) -%}
    select {{ keep | join(', ') }}, {{ name }}, {{ value }}
    from {{ relation }}
    unpivot {% if include_nulls %}include nulls {% endif %}({{ value }} for {{ name }} in ({{ columns | join(', ') }}))
{%- endmacro %}
{% macro default__unpivot_columns(relation, keep, columns, name, value, include_nulls) -%}
    select {{ keep | join(', ') }}, {{ name }}, {{ value }}
    from (
        select
            {%- for column in keep %} r.{{ column }},{% endfor %}
            m.{{ name }},
            case m.{{ name }}
                {%- for column in columns %} when '{{ column }}' then r.{{ column }}{% endfor %}
            end as {{ value }}
        from {{ relation }} as r
        cross join (values {% for column in columns %}('{{ column }}'){% if not loop.last %}, {% endif %}{% endfor %}) as m({{ name }})
    ) as unpivoted
    {%- if not include_nulls %}
    where {{ value }} is not null
    {%- endif %}
{%- endmacro %}
