"""Keep each client company's access group in step with its users (see showroom.access)."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from showroom import access
from showroom.models import CompanyGroup
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
