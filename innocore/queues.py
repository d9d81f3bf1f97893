"""Task queues: each kind of work on a queue of its own, so that each can be given its own workers.

The default queue (``CELERY_TASK_DEFAULT_QUEUE``, "celery") names the deployment; each kind of
work goes to ``<default>.<kind>``: ``celery.email``, ``celery.eligibility``,
``celery.assignment``. Beat's sweeps and reminders and the retention purge stay on the default
queue. ``celery -A innocore worker`` with no ``-Q`` consumes them all (settings declare them in
``CELERY_TASK_QUEUES``); ``-Q celery.assignment`` makes a worker for the assignment runs only
(docs/deploy.md). Deriving the names from the default queue lets several deployments, or
parallel test runs, share one Redis without taking each other's tasks.
"""
EMAIL, ELIGIBILITY, ASSIGNMENT = "email", "eligibility", "assignment"
KINDS = (EMAIL, ELIGIBILITY, ASSIGNMENT)

# Task name -> kind of work. A task not named here runs on the default queue.
TASK_KINDS = {
    "innocore.tasks.email_send": EMAIL,
    "applications.tasks.eligibility_check": ELIGIBILITY,
    "applications.tasks.eligibility_check_batch": ELIGIBILITY,
    "applications.tasks.eligibility_check_chunk": ELIGIBILITY,
    "selection.tasks.assignment_run_execute": ASSIGNMENT,
    "selection.tasks.ranking_refresh": ASSIGNMENT,  # numerical work too (NumPy, SciPy): the solver's workers
}


def queue_name(*, default: str, kind: str) -> str:
    return f"{default}.{kind}"


def queue_names(*, default: str) -> list[str]:
    """Every queue of a deployment whose default queue is ``default``, the default first."""
    return [default, *(queue_name(default=default, kind=kind) for kind in KINDS)]


def route_task(name, args, kwargs, options, task=None, **kw):
    """Celery router (settings.CELERY_TASK_ROUTES): the queue of a task's kind, or None for the default queue.
    Reads the default queue when the task is sent, so a process that changes it sends every kind along."""
    kind = TASK_KINDS.get(name)
    if kind is None:
        return None
    from innocore.celery import app

    return {"queue": queue_name(default=app.conf.task_default_queue, kind=kind)}
