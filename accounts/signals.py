from allauth.account.signals import user_logged_in, user_signed_up
from django.contrib.auth.models import Group
from django.dispatch import receiver

from accounts.roles import Role
from accounts.services import proconnect_agent_role_grant


@receiver(user_signed_up)
def give_new_members_the_resident_role(sender, request, user, **kwargs):
    group, _created = Group.objects.get_or_create(name=Role.RESIDENT)
    user.groups.add(group)


@receiver(user_logged_in)
def give_city_agents_signing_in_with_proconnect_the_agent_role(sender, request, user, **kwargs):
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None or sociallogin.account.provider != "proconnect":
        return
    for address in sociallogin.email_addresses:
        if address.verified:
            proconnect_agent_role_grant(user=user, email=address.email)
