"""暗号鍵の更新 (key rotation): re-encrypt every stored 個人番号 with the newest key of
`MADOGUCHI_FIELD_KEYS`, as a resumable background job with progress.

The job walks the residents' My Numbers, then the applications' (through applications'
public service), in batches by id; each batch and the job's position (`last_pk`) commit
together, so a killed job continues after the last finished batch. Re-encrypting a value twice
is harmless (it is decrypted with whichever listed key fits and saved with the newest).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from madoguchi.applications import services as applications
from madoguchi.core.events import record_event
from madoguchi.core.models import Person

from ..events import Verb
from ..models import KeyRotation

BATCH = 500


def start_rotation(*, by=None) -> KeyRotation:
    """The running job (to continue it), or a new one."""
    running = KeyRotation.objects.filter(status=KeyRotation.Status.RUNNING).first()
    if running is not None:
        return running
    total = Person.objects.exclude(my_number_encrypted="").count() + applications.retention.count_secrets()
    try:
        with transaction.atomic():
            job = KeyRotation.objects.create(total=total, started_by=by if getattr(by, "pk", None) else None)
            record_event(job, verb=Verb.KEY_ROTATION_STARTED, actor=by, data={"total": total})
            return job
    except IntegrityError:
        return KeyRotation.objects.get(status=KeyRotation.Status.RUNNING)


def rotate_batch(job: KeyRotation, *, size: int = BATCH) -> bool:
    """Re-encrypt one batch; False when the job has finished."""
    with transaction.atomic():
        job = KeyRotation.objects.select_for_update().get(pk=job.pk)
        if job.status == KeyRotation.Status.DONE:
            return False
        if job.stage == KeyRotation.Stage.PERSONS:
            done = []
            for person in (
                Person.objects.filter(pk__gt=job.last_pk)
                .exclude(my_number_encrypted="")
                .order_by("pk")[:size]
            ):
                person.save(update_fields=["my_number_encrypted"])  # saved with the newest key
                done.append(person.pk)
        else:
            done = applications.retention.reencrypt_secrets(after_pk=job.last_pk, limit=size)
        if done:
            job.last_pk, job.done = done[-1], job.done + len(done)
        elif job.stage == KeyRotation.Stage.PERSONS:
            job.stage, job.last_pk = KeyRotation.Stage.APPLICATIONS, 0
        else:
            job.status, job.finished_at = KeyRotation.Status.DONE, timezone.now()
            record_event(job, verb=Verb.KEY_ROTATION_COMPLETED, data={"done": job.done})
        job.save()
        return job.status == KeyRotation.Status.RUNNING


def run_rotation(job: KeyRotation, *, size: int = BATCH) -> KeyRotation:
    while rotate_batch(job, size=size):
        pass
    job.refresh_from_db()
    return job


def rotations():
    return KeyRotation.objects.all()
