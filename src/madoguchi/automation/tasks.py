"""Rules run in Celery: one task per RuleRun, retried with a growing delay; the last failure is
recorded on the run and may pause the rule (services.rules.record_failure)."""

from celery import shared_task

from .models import RuleRun
from .services import rules


@shared_task(bind=True, name="madoguchi.automation.tasks.run_rule", max_retries=rules.MAX_RETRIES)
def run_rule(self, run_id: int) -> str:
    run = RuleRun.objects.get(pk=run_id)
    retries = self.request.retries
    while True:
        try:
            return rules.execute(run).outcome
        except Exception as exc:
            final = retries >= self.max_retries
            rules.record_failure(run, exc, final=final)
            if final:
                return RuleRun.Outcome.FAILED
            if not self.request.is_eager:
                raise self.retry(exc=exc, countdown=30 * 2**retries) from exc
            retries += 1  # eager (demo, tests): no worker will come back later, so try again now
