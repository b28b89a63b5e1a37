from celery import shared_task


@shared_task
def build_daily_letter_batch() -> str:
    """Beat, every morning: print the letters waiting (services.letters.build_batch)."""
    from .services.letters import build_batch

    batch = build_batch()
    return batch.number if batch else "nothing to print"
