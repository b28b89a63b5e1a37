from celery import shared_task


@shared_task
def send_push_invitations() -> dict:
    """Daily (celery beat): プッシュ型案内 for every procedure with a push rule."""
    from .push import run_all

    return run_all()
