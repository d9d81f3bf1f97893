"""Receivers for innocore's and applications' signals; connected in SelectionConfig.ready()."""
from django.dispatch import receiver

from applications.signals import application_pre_purge
from innocore.models import EmailMessage
from innocore.signals import user_anonymised
from selection.models import AssignmentRun, MatchRun, Offer, ReviewerInvitation, ReviewerProfile
from selection.services.decision_emails import decision_topic


@receiver(user_anonymised)
def reviewer_profile_anonymise(sender, user, **kwargs) -> None:
    """Clear what the reviewer profile says about the person; the row stays for their reviews and assignments.
    The profile is also made unavailable and incomplete, so no run assigns them again."""
    ReviewerProfile.objects.filter(user=user).update(
        team=None, institution="", phd_institution="", phd_year=None, expertise="",
        is_available=False, max_load=0, profile_completed_at=None,
    )
    ReviewerInvitation.objects.filter(user=user).update(email=user.email, token_nonce="")


@receiver(application_pre_purge)
def selection_rows_purge(sender, application, **kwargs) -> None:
    """Before an application past its retention period is deleted: its offers (an offer another one replaces
    is protected, so the link is cut first) and its id in the call's runs, which hold it outside foreign keys.
    Reviews, conflicts, assignments, placements and ranking adjustments go by cascade; the decision emails
    (filed under the match run's topic) are deleted here."""
    offers = Offer.objects.filter(application=application)
    Offer.objects.filter(replaces__in=offers).update(replaces=None)
    offers.delete()
    for run in AssignmentRun.objects.filter(call_id=application.call_id):
        uncovered = [row for row in run.uncovered if row.get("application_id") != application.pk]
        notes = [row for row in run.notes if not (isinstance(row, dict) and row.get("application_id") == application.pk)]
        if (uncovered, notes) != (run.uncovered, run.notes):
            AssignmentRun.objects.filter(pk=run.pk).update(uncovered=uncovered, notes=notes)
    matches = list(MatchRun.objects.filter(call_id=application.call_id))
    # The decision emails are filed under each run's topic, not the application's.
    EmailMessage.objects.filter(topic__in=[decision_topic(run=match, application=application) for match in matches]
                                ).delete()
    for match in matches:
        lists = {team: [pk for pk in ids if pk != application.pk] for team, ids in match.lists.items()}
        draws = draws_without(match.draws, application.pk)
        if (lists, draws) != (match.lists, match.draws):
            MatchRun.objects.filter(pk=match.pk).update(lists=lists, draws=draws)


def draws_without(draws: dict, pk: int) -> dict:
    """A match run's near-line draws (team -> {"seats", "order", "keys"}, keys parallel to order) without ``pk``."""
    kept = {}
    for team, draw in draws.items():
        order, keys = list(draw.get("order", [])), list(draw.get("keys", []))
        if pk in order:
            index = order.index(pk)
            draw = {**draw, "order": order[:index] + order[index + 1:], "keys": keys[:index] + keys[index + 1:]}
        kept[team] = draw
    return kept
