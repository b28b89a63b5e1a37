"""The demo loader: the inventory, tools, pilots, stages and a synthetic log; idempotent."""

import pytest

from madoguchi.automation import services
from madoguchi.automation.demo import LOADER, MINED
from madoguchi.automation.models import DigitalTool, Pilot, ProcedureReview, Requirement
from madoguchi.core.models import Event
from madoguchi.procedures.tests.factories import bundled_procedure, demo_departments

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_the_mining_finds_its_slow_decision():
    demo_departments()
    for code in (MINED, "hoiku-nintei", "tenshutsu"):
        bundled_procedure(code)
    LOADER.load(lambda *a: None)
    counts = (
        ProcedureReview.objects.count(),
        Requirement.objects.count(),
        DigitalTool.objects.count(),
        Pilot.objects.count(),
        Event.objects.count(),
    )
    LOADER.load(lambda *a: None)
    assert (
        ProcedureReview.objects.count(),
        Requirement.objects.count(),
        DigitalTool.objects.count(),
        Pilot.objects.count(),
        Event.objects.count(),
    ) == counts
    seal = {p.kind: p for p in services.progress(ProcedureReview.objects.all())}["seal"]
    assert (seal.inventoried, seal.still_required) == (2, 0)  # 現況届 and 保育の認定: dropped in 2021
    visit = {p.kind: p for p in services.progress(ProcedureReview.objects.all())}["in_person"]
    assert (visit.inventoried, visit.still_required) == (1, 0)  # 転出届: online since 2022
    traces = services.event_log(MINED, source="synthetic")
    log = services.synthetic_logs(MINED).get()
    analysis = services.compare(traces, log.change_on).before
    assert (analysis.bottleneck.source, analysis.bottleneck.target) == (
        log.bottleneck_from,
        log.bottleneck_to,
    )
    assert services.adoption_rate(2024) is not None
