"""The navigation each viewer sees, derived from the roles they hold."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Role
from hatchway.notices.models import Notice


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    key: str


@dataclass
class Navigation:
    main: list[NavItem] = field(default_factory=list)
    personal: list[NavItem] = field(default_factory=list)
    workspaces: list[NavItem] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    unread_notices: int = 0


def build_navigation(user: User | AnonymousUser) -> Navigation:
    """Return what to show in the header; one query for a signed-in user's roles.

    ``main`` holds the platform's sections, ``personal`` the signed-in person's own pages (the menu
    under their name), ``workspaces`` one entry per role they hold.
    """
    nav = Navigation(
        main=[
            NavItem(_("Home"), reverse("web:home"), "home"),
            NavItem(_("Listings"), reverse("listings:list"), "listings"),
            NavItem(_("Events"), reverse("events:event_list"), "events"),
        ]
    )
    if not isinstance(user, User):
        nav.main.append(NavItem(_("API"), reverse("api:openapi-view"), "api"))
        return nav
    memberships = list(Membership.objects.of_user(user))
    roles = {membership.role for membership in memberships}
    nav.roles = [str(Role(role).label) for role in Role.values if role in roles]
    nav.main.insert(1, NavItem(_("My workspace"), reverse("web:workspace"), "workspace"))
    nav.unread_notices = Notice.objects.for_user(user).unread().count()
    nav.main.append(NavItem(_("Organisations"), reverse("directory:organisation_list"), "organisations"))
    nav.main.append(NavItem(_("Programmes"), reverse("policy:programme_list"), "programmes"))
    nav.personal = [
        NavItem(_("My listings"), reverse("listings:mine"), "my-listings"),
        NavItem(_("My registrations"), reverse("events:my_registrations"), "my-registrations"),
        NavItem(_("Import and export"), reverse("transfer:overview"), "transfer"),
    ]
    if memberships:
        nav.personal.insert(1, NavItem(_("My matches"), reverse("matching:my_matches"), "my-matches"))
    for membership in memberships:
        if membership.organisation is not None and membership.role != Role.OPERATOR:
            nav.workspaces.append(
                NavItem(
                    f"{membership.organisation.display_name} · {membership.get_role_display()}",
                    reverse("directory:organisation_detail", args=[membership.organisation.pk]),
                    f"role-{membership.role}",
                )
            )
    if Role.TALENT in roles:
        nav.workspaces.append(
            NavItem(_("My talent profile"), reverse("directory:my_talent_profile"), "role-talent")
        )
    if Role.JUDGE in roles:
        nav.workspaces.append(NavItem(_("My judging"), reverse("web:workspace") + "#judge", "role-judge"))
    if Role.OPERATOR in roles or Role.CARRIER_STAFF in roles:
        nav.personal.insert(2, NavItem(_("New event"), reverse("events:event_create"), "new-event"))
        nav.personal.insert(
            3, NavItem(_("New competition"), reverse("competitions:competition_create"), "new-competition")
        )
        nav.main.append(NavItem(_("Dashboard"), reverse("reports:dashboard"), "dashboard"))
        nav.workspaces.append(NavItem(_("Ledger of flows"), reverse("flows:flow_list"), "flows"))
        nav.workspaces.append(NavItem(_("Yearly report"), reverse("reports:yearly"), "yearly-report"))
    if Role.OPERATOR in roles:
        nav.workspaces.append(
            NavItem(_("Members and roles"), reverse("directory:membership_list"), "role-operator")
        )
        nav.workspaces.append(NavItem(_("Eligibility runs"), reverse("policy:run_list"), "policy-runs"))
        nav.workspaces.append(NavItem(_("Currency rates"), reverse("flows:rate_list"), "rates"))
        nav.workspaces.append(NavItem(_("Import flows"), reverse("transfer:import_flows"), "import-flows"))
        nav.workspaces.append(NavItem(_("Administration"), reverse("admin:index"), "admin"))
    nav.main.append(NavItem(_("API"), reverse("api:openapi-view"), "api"))
    return nav
