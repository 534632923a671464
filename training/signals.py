"""Merge an anonymous visitor's progress into their account at sign-up or login."""

from allauth.account.signals import user_logged_in, user_signed_up
from django.dispatch import receiver

from training.services import anonymous_progress_merge


@receiver(user_signed_up)
def merge_progress_on_signup(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        anonymous_progress_merge(user=user, session=request.session)


@receiver(user_logged_in)
def merge_progress_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        anonymous_progress_merge(user=user, session=request.session)
