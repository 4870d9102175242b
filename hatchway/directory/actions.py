"""Verbs that change the directory: organisations and the roles people hold."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hatchway.accounts.actions import do_set_administration_access
from hatchway.accounts.models import User
from hatchway.directory.models import ROLE_ORGANISATION_KINDS, Membership, Organisation, Role, Sector, Stage
from hatchway.directory.taxonomy import sync_taxonomies
from hatchway.errors import Conflict, InvalidInput


def check_role_fits_organisation(role: str, organisation: Organisation | None) -> None:
    if role not in ROLE_ORGANISATION_KINDS:
        raise InvalidInput(
            _("“%(role)s” is not a role. Use one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    kinds = ROLE_ORGANISATION_KINDS[role]
    label = Role(role).label
    if kinds is None:
        if organisation is not None:
            raise InvalidInput(_("The role “%(role)s” is held without an organisation.") % {"role": label})
        return
    if organisation is None:
        raise InvalidInput(_("The role “%(role)s” needs an organisation.") % {"role": label})
    if organisation.kind not in kinds:
        raise InvalidInput(
            _("The role “%(role)s” cannot be held in a %(kind)s.")
            % {"role": label, "kind": organisation.get_kind_display()}
        )


@transaction.atomic
def do_create_organisation(**fields: Any) -> Organisation:
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def do_update_organisation(organisation: Organisation, **fields: Any) -> Organisation:
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def do_grant_role(user: User, role: str, organisation: Organisation | None = None) -> Membership:
    check_role_fits_organisation(role, organisation)
    membership, created = Membership.objects.get_or_create(user=user, role=role, organisation=organisation)
    if not created:
        raise Conflict(_("%(user)s already holds this role.") % {"user": user})
    if role == Role.OPERATOR:
        do_set_administration_access(user, allowed=True)
    return membership


@transaction.atomic
def do_revoke_role(membership: Membership) -> None:
    user, role = membership.user, membership.role
    membership.delete()
    if role == Role.OPERATOR and not Membership.objects.operators().filter(user=user).exists():
        do_set_administration_access(user, allowed=False)


@transaction.atomic
def do_load_taxonomies() -> tuple[int, int]:
    """Bring sectors and stages up to date with sectors.yaml; rows added by operators stay."""
    return sync_taxonomies(Sector, Stage)
