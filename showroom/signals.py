"""Keep access in step with what is saved (see showroom.access): each client company's group
with its users, and the spaces index's restriction. A space's own access follows its saves
(`ClientSpacePage.save`): its companies are committed after post_save."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from showroom import access
from showroom.models import ClientSpaceIndexPage, CompanyGroup
from storefront.models import CustomerCompany, CustomerMember


@receiver(post_save, sender=CustomerMember)
def member_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        access.add_member(instance)


@receiver(post_delete, sender=CustomerMember)
def member_deleted(sender, instance, **kwargs):
    access.remove_member(instance)


@receiver(post_save, sender=CustomerCompany)
def company_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        access.rename_group(instance)


@receiver(post_delete, sender=CompanyGroup)
def company_group_deleted(sender, instance, **kwargs):
    Group.objects.filter(pk=instance.group_id).delete()


@receiver(post_save, sender=ClientSpaceIndexPage)
def index_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        access.protect_index(instance)
