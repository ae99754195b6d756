"""What every Celery task of the apps shares: retry policy and eager-mode behaviour."""

from django.core.exceptions import ObjectDoesNotExist

from celery import Task

# Retry on any error but a missing row: 3 more tries, 2 s, 4 s, 8 s apart (with jitter, at
# most a minute). Work that fails four times needs a person; each task records that.
RETRY = {
    "acks_late": True,
    "autoretry_for": (Exception,),
    "dont_autoretry_for": (ObjectDoesNotExist,),
    "max_retries": 3,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
}


class RetryingTask(Task):
    def apply(self, *args, throw=None, **kwargs):
        # Eager mode (no broker: the embedded setup, tests) runs the task inside the request
        # that enqueued it. Propagating there would raise Celery's Retry into that request
        # after the first failure; without it the retries run at once and the final
        # failure lands in on_failure, as with a worker.
        return super().apply(*args, throw=False if throw is None else throw, **kwargs)
