"""The drill's background task: its effect is keyed, so a redelivered task applies it once."""

import time

from celery import shared_task
from django.db import DatabaseError, close_old_connections, connection


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=1,
    max_retries=20,
)
def apply_effect(key: str) -> None:
    close_old_connections()  # a PostgreSQL restart leaves dead connections behind
    time.sleep(0.02)  # a task takes a moment, so a killed worker may die mid-task
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_effect (key, applied_at) VALUES (%s, CURRENT_TIMESTAMP) ON CONFLICT (key) DO NOTHING",
            [key],
        )
        cursor.execute("UPDATE bench_effect SET attempts = attempts + 1 WHERE key = %s", [key])
