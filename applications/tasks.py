from celery import shared_task

from applications.services.reminders import deadline_reminders_send


@shared_task
def deadline_reminders() -> int:
    return deadline_reminders_send()
