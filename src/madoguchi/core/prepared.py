"""Reads by one value, and inserts of append-only rows, whose SQL the ORM compiles once per
process (ADR 0007, issue 27).

Building and compiling a queryset costs more than running it: of the ~1.1 ms that the account
read of every logged-in request took (a join to the Person and an EXISTS on the staff roles),
~0.9 ms was the ORM building SQL that never changes. A `PreparedRead` builds its queryset once
per database with a stand-in value, keeps the SQL and the compiler's column map, and on each call
runs that SQL with the real value and builds the instance as the ORM's ModelIterable does
(select_related objects, annotations and field converters included). A `PreparedInsert` does the
same for the INSERT of a new row (a submit writes four: the application, its Event, audit entry
and notification). `prepare`, `sql` and `saved` let a caller put the INSERT inside a statement
of its own (the audit chain's one statement, core/audit.py).

On PostgreSQL these statements also go through `statement_cursor`: the server parses and plans
each once per connection (a prepared statement) instead of on every request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model, QuerySet
from django.db.models.fields import AutoFieldMixin
from django.db.models.query import get_related_populators
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery

# The value the query is compiled with, found again among its parameters: an int, within the range
# of the smallest positive integer field (the ORM compiles an out-of-range lookup to no SQL at all).
STAND_IN = 32_749


def statement_cursor(connection):
    """A cursor for the statements that run on every request and never change (the account read,
    a submit's writes). On PostgreSQL the server parses and plans each one once per connection, a
    prepared statement, and the values travel apart from the SQL: a third of the PostgreSQL time
    of a submit went into planning the same statements again (ADR 0007). Elsewhere, or where the
    connection prepares nothing (`MADOGUCHI_DB_PREPARED_STATEMENTS` off: a PgBouncer older than
    1.22 in transaction pooling cannot keep them), a plain cursor.

    Django's cursor wrapping is kept: query logging, execute wrappers, error translation.
    """
    if (
        connection.vendor != "postgresql"
        or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None
    ):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = _preparing_cursor(connection)
    return connection._prepare_cursor(cursor)


@cache
def _preparing_cursor_class():
    """Django's server-binding cursor, preparing every statement from its first run (psycopg's
    default waits for the fifth)."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

        def _convert_query(self, query, params=None):
            converted = super()._convert_query(query, params)
            # Kept for Django's query log (last_executed_query): the SQL with $1, $2… in it.
            self._query = converted
            return converted

    return PreparingCursor


def _preparing_cursor(connection):
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID, Format, register_tzloader

    cursor = _preparing_cursor_class()(connection.connection)
    # the time zone of the ORM's own cursors, as DatabaseWrapper.create_cursor sets it
    if (
        connection.timezone
        != connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT).timezone
    ):
        register_tzloader(connection.timezone, cursor)
    return cursor


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
    converters: dict


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
        with statement_cursor(connections[using]) as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        compiler = compiled.compiler
        if compiled.converters:  # the fields' converters, as results_iter applies them
            row = next(compiler.apply_converters([row], compiled.converters))
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
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ValueError("a composite primary key is not supported")
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
            converters=compiler.get_converters(columns),
        )
        self._compiled[using] = compiled
        return compiled


M = TypeVar("M", bound=Model)
_ONE_PER_MODEL: dict[type, PreparedInsert] = {}


class PreparedInsert(Generic[M]):
    """`PreparedInsert(Event).save(event)` is `event.save()` for a new `event`, with the INSERT
    compiled once per database: the same pre_save and post_save signals, field pre_save values
    (auto_now_add), database values and primary key, without building the query again.

    Only for models whose own save() adds nothing to a new row (append-only records: Events,
    audit entries, notifications; a new application). A value that is an expression, or a database that cannot
    return the new key from the INSERT, goes through the model's own save()."""

    def __init__(self, model: type[M]):
        meta = model._meta
        if meta.parents or [f for f in meta.db_returning_fields if not isinstance(f, AutoFieldMixin)]:
            raise TypeError(f"{model.__name__}: only a table of its own, returning its automatic key")
        self.model = model
        self.fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
        self._sql: dict[str, str] = {}

    @classmethod
    def of(cls, model: type[M]) -> PreparedInsert[M]:
        """The one PreparedInsert of `model` in this process (for code that writes rows of
        models it does not know, such as `record_event`'s `along`). The class's rule holds: only
        a model whose own save() adds nothing to a new row."""
        prepared = _ONE_PER_MODEL.get(model)
        if prepared is None:
            prepared = _ONE_PER_MODEL.setdefault(model, cls(model))
        return prepared

    def save(self, obj: M, using: str = DEFAULT_DB_ALIAS) -> M:
        connection = connections[using]
        params = self.prepare(obj, connection)
        if params is None:
            obj.save(using=using)
            return obj
        with transaction.mark_for_rollback_on_error(using), statement_cursor(connection) as cursor:
            cursor.execute(self.sql(using), params)
            row = connection.ops.fetch_returned_insert_columns(cursor, None)
        return self.saved(obj, row, using)

    def prepare(self, obj: M, connection) -> list | None:
        """The INSERT's parameters, after pre_save; None when the row must go through the model's
        own save() (a value that is an expression, a database that cannot return the new key)."""
        model = self.model
        if type(obj) is not model or not obj._state.adding or obj.pk is not None:
            raise ValueError(f"PreparedInsert({model.__name__}) saves a new {model.__name__}")
        if not connection.features.can_return_columns_from_insert:
            return None
        if any(hasattr(getattr(obj, field.attname), "resolve_expression") for field in self.fields):
            return None  # the SQL depends on the expression
        obj._prepare_related_fields_for_save(operation_name="save")
        pre_save.send(sender=model, instance=obj, raw=False, using=connection.alias, update_fields=None)
        values = [field.pre_save(obj, add=True) for field in self.fields]
        return [
            field.get_db_prep_save(value, connection=connection)
            for field, value in zip(self.fields, values, strict=True)
        ]

    def saved(self, obj: M, row, using: str) -> M:
        """The new row's returned key set on `obj`, and post_save sent."""
        for field, value in zip(self.model._meta.db_returning_fields, row, strict=True):
            setattr(obj, field.attname, value)
        obj._state.adding, obj._state.db = False, using
        post_save.send(
            sender=self.model, instance=obj, created=True, update_fields=None, raw=False, using=using
        )
        return obj

    def sql(self, using: str) -> str:
        return self._sql.get(using) or self._compile(using)

    def insert_select(
        self, values: list, connection, *, computed: dict[str, str], source: str, returning: tuple[str, ...]
    ) -> tuple[str, list]:
        """`INSERT … SELECT … FROM source RETURNING …` and its parameters, for a statement that
        computes some of the row's values (`computed`: field name → SQL over `source`, a CTE the
        caller puts before it) from what the same statement read or changed: one round trip
        instead of a read and a write. `values`: `prepare`'s."""
        quote, selected, params = connection.ops.quote_name, [], []
        for field, value in zip(self.fields, values, strict=True):
            selected.append(computed.get(field.name, "%s"))
            if field.name not in computed:
                params.append(value)
        meta = self.model._meta
        columns = ", ".join(quote(field.column) for field in self.fields)
        returned = ", ".join(quote(meta.get_field(name).column) for name in returning)
        # Names from the model; every value is a parameter.
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT {', '.join(selected)} "  # noqa: S608
            f"FROM {source} RETURNING {returned}"
        )
        return sql, params

    def _compile(self, using: str) -> str:
        query = InsertQuery(self.model)
        query.insert_values(self.fields, [self.model()])  # a blank row: the SQL holds no value
        compiler = query.get_compiler(using=using)
        compiler.returning_fields = self.model._meta.db_returning_fields
        [(sql, _params)] = compiler.as_sql()
        self._sql[using] = sql
        return sql
