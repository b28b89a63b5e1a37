"""Reads by one value whose SQL the ORM compiles once per process (ADR 0007, issue 27).

Building and compiling a queryset costs more than running it: of the ~1.1 ms that the account
read of every logged-in request took (a join to the Person and an EXISTS on the staff roles),
~0.9 ms was the ORM building SQL that never changes. A `PreparedRead` builds its queryset once
per database with a stand-in value, keeps the SQL and the compiler's column map, and on each call
runs that SQL with the real value and builds the instance as the ORM's ModelIterable does
(select_related objects, annotations and field converters included).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# The value the query is compiled with, found again among its parameters: an int, within the range
# of the smallest positive integer field (the ORM compiles an out-of-range lookup to no SQL at all).
STAND_IN = 32_749


@dataclass(frozen=True)
class _Compiled:
    compiler: object
    sql: str
    params: tuple
    at: int
    init_list: list[str]
    start: int
    end: int
    populators: list


class PreparedRead:
    """`PreparedRead(lambda pk: User.objects.select_related("person").filter(pk=pk)).first(7)`
    is that queryset's `.first()` (one row expected) without building it again."""

    def __init__(self, build: Callable[[int], QuerySet]):
        self._build = build
        self._compiled: dict[str, _Compiled] = {}

    def first(self, value, using: str = DEFAULT_DB_ALIAS):
        compiled = self._compiled.get(using) or self._compile(using)
        params = list(compiled.params)
        params[compiled.at] = value
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        compiler = compiled.compiler
        row = next(iter(compiler.results_iter(results=[[row]])))  # the fields' converters
        model = compiler.klass_info["model"]
        instance = model.from_db(using, compiled.init_list, row[compiled.start : compiled.end])
        for populator in compiled.populators:
            populator.populate(row, instance)
        for name, position in compiler.annotation_col_map.items():
            setattr(instance, name, row[position])
        return instance

    def _compile(self, using: str) -> _Compiled:
        queryset = self._build(STAND_IN).using(using)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        positions = [i for i, param in enumerate(params) if param == STAND_IN]
        if len(positions) != 1:
            raise ValueError(
                f"the value must appear once in the query's parameters, not {len(positions)} times"
            )
        select_fields = compiler.klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        compiled = _Compiled(
            compiler=compiler,
            sql=sql,
            params=tuple(params),
            at=positions[0],
            init_list=[column[0].target.attname for column in compiler.select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(compiler.klass_info, compiler.select, using),
        )
        self._compiled[using] = compiled
        return compiled
