"""Search rows with the same facet keys share one SearchFacetSet (see opendata/search.py): on
PostgreSQL facet keys are matched against the sets, and facets counted per set.

Changing the search row's table makes SQLite rebuild it, which drops the FTS5 triggers and the
facets index: 0006's `restore_sqlite` creates them again and rebuilds the FTS5 index."""

import hashlib
import importlib

import django.db.models.deletion
from django.db import migrations, models

import madoguchi.opendata.models

POSTGRESQL = [
    "CREATE INDEX opendata_search_facet_sets_gin ON opendata_searchfacetset USING gin (facets)"
    " WITH (fastupdate = off)",
    # harvesters page through everything `sort=id asc` with a metadata_modified range: the range
    # columns in the index make that an index-only scan (the 10,000-offset page reads no heap)
    "CREATE INDEX opendata_search_id_ranges ON opendata_searchentry (dataset_id)"
    " INCLUDE (updated_at, created_at, num_resources, num_tags)",
]
POSTGRESQL_REVERSE = ["DROP INDEX opendata_search_id_ranges", "DROP INDEX opendata_search_facet_sets_gin"]


def fill_facet_sets(apps, schema_editor):
    SearchEntry = apps.get_model("opendata", "SearchEntry")
    SearchFacetSet = apps.get_model("opendata", "SearchFacetSet")
    for facets in SearchEntry.objects.values_list("facets", flat=True).distinct():
        digest = hashlib.sha256(facets.encode()).hexdigest()
        facet_set, _ = SearchFacetSet.objects.get_or_create(digest=digest, defaults={"facets": facets})
        SearchEntry.objects.filter(facets=facets).update(facet_set=facet_set)
    if schema_editor.connection.vendor == "postgresql":  # no pending FK checks before ALTER TABLE
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE", params=None)


def restore_sqlite(apps, schema_editor):
    importlib.import_module("madoguchi.opendata.migrations.0006_search_fields").restore_sqlite(
        apps, schema_editor
    )


def index_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement, params=None)


def drop_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("opendata", "0008_search_resources_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchFacetSet",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("facets", madoguchi.opendata.models.TokensField()),
            ],
        ),
        migrations.AddField(
            model_name="searchentry",
            name="facet_set",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="opendata.searchfacetset",
            ),
        ),
        migrations.RunPython(fill_facet_sets, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="searchentry",
            name="facet_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="opendata.searchfacetset"
            ),
        ),
        migrations.RunPython(restore_sqlite, migrations.RunPython.noop),
        migrations.RunPython(index_postgresql, drop_postgresql),
    ]
