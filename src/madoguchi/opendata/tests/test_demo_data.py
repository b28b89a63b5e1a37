"""The demo catalog is data (data/demo/): every file it names is there, the CSV converted from the
sample PDF is what the conversion must produce, and nothing at run time reads the tests."""

from pathlib import Path

import pytest

from madoguchi.opendata import demo, tables
from madoguchi.opendata.models import Dataset, Frequency, License

from .data.make_sample_pdf import EXPECTED_HEADER, EXPECTED_ROWS, PDF

APP = Path(demo.__file__).resolve().parent


def test_the_catalog_names_only_files_it_holds():
    catalog = demo.catalog()
    names = [d["name"] for d in catalog["datasets"]]
    assert len(names) == len(set(names)) == 26
    groups = {g["name"] for g in catalog["groups"]}
    for dataset in catalog["datasets"]:
        assert dataset["resources"], dataset["name"]
        assert set(dataset["groups"]) <= groups
        assert dataset["frequency"] in Frequency.values and dataset["license_id"] in License.values
        for resource in dataset["resources"]:
            if "file" in resource:
                assert demo.resource_content(resource), resource["name"]
            else:
                assert resource["url"].startswith("https://") and resource["format"]


def test_the_converted_csv_is_the_table_of_the_sample_pdf():
    assert PDF == demo.RESOURCES / "population_by_town.pdf"
    converted = (demo.RESOURCES / "population_by_town.csv").read_bytes()
    assert converted == tables.write_csv(EXPECTED_HEADER, EXPECTED_ROWS).encode("utf-8")


def test_no_module_reads_the_tests_at_run_time():
    for path in APP.rglob("*.py"):
        if "tests" in path.relative_to(APP).parts:
            continue
        source = path.read_text(encoding="utf-8")
        assert '"tests"' not in source and "tests/" not in source and ".tests" not in source, path


@pytest.mark.django_db
def test_the_demo_loads_every_dataset_published_once(demo_catalog):
    demo.load(lambda line: None)  # a second run adds nothing
    assert Dataset.objects.filter(is_demo=True, state=Dataset.State.PUBLISHED).count() == 26
    budget = Dataset.objects.get(name="132144-budget").resources.get()
    assert budget.format == "XLSX" and budget.datastore_active
    assert [f["id"] for f in budget.datastore_fields][0] == "款"
