"""The signals innocore sends, and receivers for django-allauth's; connected in InnocoreConfig.ready()."""
from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_added, authenticator_removed
from allauth.socialaccount.signals import social_account_added, social_account_updated
from django.contrib.auth.signals import user_logged_in
from django.dispatch import Signal, receiver

from innocore.accounts import record_second_factor_on_activation
from innocore.services.api_tokens import api_token_revoke
from innocore.services.profile import user_orcid_from_social_login

# Sent (inside the transaction) when an account is anonymised instead of deleted, with ``user``: apps that
# keep personal data of their own about the person clear it. innocore cannot import them; they listen.
user_anonymised = Signal()


def _orcid_uid(sociallogin) -> str | None:
    account = getattr(sociallogin, "account", None)
    if account is None or account.provider != "orcid":
        return None
    return account.uid


@receiver(social_account_added)
@receiver(social_account_updated)
def store_orcid_on_link(sender, request, sociallogin, **kwargs) -> None:
    uid = _orcid_uid(sociallogin)
    if uid and sociallogin.user.pk:
        user_orcid_from_social_login(user=sociallogin.user, uid=uid)


@receiver(user_logged_in)
def store_orcid_on_login(sender, request, user, **kwargs) -> None:
    uid = _orcid_uid(kwargs.get("sociallogin"))
    if uid and user.orcid != uid:
        user_orcid_from_social_login(user=user, uid=uid)


authenticator_added.connect(record_second_factor_on_activation, dispatch_uid="innocore.second-factor-on-activation")


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
@receiver(authenticator_removed)
def revoke_api_token(sender, request, user, **kwargs) -> None:
    """A new password, or a second factor removed: an API token made before no longer stands for the user."""
    api_token_revoke(user=user)
