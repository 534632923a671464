from allauth.account.signals import user_signed_up
from django.contrib.auth.models import Group
from django.dispatch import receiver

from accounts.roles import Role


@receiver(user_signed_up)
def give_new_members_the_resident_role(sender, request, user, **kwargs):
    group, _created = Group.objects.get_or_create(name=Role.RESIDENT)
    user.groups.add(group)
