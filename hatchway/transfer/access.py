"""Permission-checked getters for import jobs and file types."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.errors import Forbidden, NotFound
from hatchway.transfer.models import ImportJob
from hatchway.transfer.spec import Spec, get_spec


def access_spec(user: User | AnonymousUser, name: str) -> Spec:
    """Any signed-in person may download a template or export what they can see."""
    check_signed_in(user)
    spec = get_spec(name)
    if spec is None:
        raise NotFound()
    return spec


def access_export(user: User | AnonymousUser, name: str) -> tuple[Spec, User]:
    """The file type and the person whose view is exported, if this person may export this type."""
    spec = access_spec(user, name)
    viewer = check_signed_in(user)
    if not spec.can_export(viewer):
        raise Forbidden(
            _("%(kind)s hold personal data; only platform operators export them.") % {"kind": spec.label}
        )
    return spec, viewer


def access_import_job(user: User | AnonymousUser, job_id: int) -> ImportJob:
    """People see their own imports only."""
    owner = check_signed_in(user)
    job = ImportJob.objects.filter(pk=job_id, created_by=owner).first()
    if job is None:
        raise NotFound()
    return job
