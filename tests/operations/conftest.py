"""The applications app's people and procedures (a resident, 児童手当の現況届) for the monitoring tests."""

from madoguchi.applications.tests.conftest import (  # noqa: F401  (fixtures)
    city,
    departments,
    genkyo,
    resident,
)
