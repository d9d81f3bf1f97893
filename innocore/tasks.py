from celery import shared_task

from innocore.services.emails import email_deliver


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_send(self, *, email_id: int) -> str:
    email = email_deliver(email_id=email_id)
    return email.status if email else "missing"
