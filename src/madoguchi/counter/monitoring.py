"""/metrics: today's waiting tickets and the predicted wait per service category (the signage's numbers)."""

from __future__ import annotations

from madoguchi.core.monitoring import GaugeMetricFamily, collector

from .services.waits import current_waits


@collector("counter")
def queues():
    waiting = GaugeMetricFamily(
        "madoguchi_counter_waiting_tickets",
        "Tickets waiting to be called today, by category",
        labels=["category"],
    )
    predicted = GaugeMetricFamily(
        "madoguchi_counter_predicted_wait_minutes",
        "Predicted wait for a ticket drawn now, by category (as the signage shows it)",
        labels=["category"],
    )
    windows = GaugeMetricFamily(
        "madoguchi_counter_open_windows", "Open windows, by category", labels=["category"]
    )
    for wait in current_waits():
        waiting.add_metric([wait.category.code], wait.waiting)
        predicted.add_metric([wait.category.code], wait.predicted_minutes)
        windows.add_metric([wait.category.code], wait.windows)
    yield from (waiting, predicted, windows)
