"""The signals the applications app sends: apps that build on it (selection) listen; it never imports them."""
from django.dispatch import Signal

# Sent inside the purge's transaction, before an application past its retention period is deleted, with
# ``application``: rows of other apps that must go first (or that hold its id outside a foreign key) are
# removed by their own app's receiver. Everything with a cascading foreign key goes with the row.
application_pre_purge = Signal()
# Sent once the application's row is deleted (same transaction), with ``application_id`` and ``call_id``.
application_purged = Signal()
