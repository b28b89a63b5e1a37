import pytest

from madoguchi.lifeevents.tests.factories import life_event_catalogue, life_event_departments


@pytest.fixture
def departments(db):
    return life_event_departments()


@pytest.fixture
def catalogue(departments):
    """The city's catalogue: the life-event procedures and the online ones they lead to."""
    life_event_catalogue()
