"""The directory: organisations of every kind, the roles people hold, people, periodic data reports.

One ``Organisation`` table holds every kind. The few attributes that belong to one kind only
(a GOI centre's batch, a station's parent carrier, an enterprise's credit code, an investor's fund
type) are nullable columns checked per kind in ``Organisation.clean`` (see ``KIND_FIELDS``): facets
and text search then run on one table without joins, and a million enterprises are one bulk insert.

The tables live in modules by topic; import them from here (migrations name the validators by this path).
"""

from hatchway.directory.models.bilingual import (
    BilingualNamed,
    in_language,
)
from hatchway.directory.models.organisations import (
    KIND_FIELDS,
    KIND_SUBTYPES,
    LOGO_MAX_BYTES,
    SPECIFIC_FIELDS,
    FundType,
    Organisation,
    OrganisationKind,
    OrganisationQuerySet,
    Subtype,
    validate_credit_code,
    validate_logo,
)
from hatchway.directory.models.people import (
    ROLE_ORGANISATION_KINDS,
    ConsentKind,
    ConsentRecord,
    ContactPerson,
    ContactVisibility,
    Degree,
    Membership,
    MembershipQuerySet,
    Role,
    TalentProfile,
    TalentProfileQuerySet,
    validate_language_codes,
    validate_skills,
)
from hatchway.directory.models.reports import (
    COUNT_FIELDS,
    FIGURE_FIELDS,
    HEADCOUNT_FIELDS,
    MONEY_FIELDS,
    DataReport,
    DataReportQuerySet,
    StaleDataReminder,
)
from hatchway.directory.models.taxonomies import (
    Sector,
    Stage,
)

__all__ = [
    "COUNT_FIELDS",
    "FIGURE_FIELDS",
    "HEADCOUNT_FIELDS",
    "KIND_FIELDS",
    "KIND_SUBTYPES",
    "LOGO_MAX_BYTES",
    "MONEY_FIELDS",
    "ROLE_ORGANISATION_KINDS",
    "SPECIFIC_FIELDS",
    "BilingualNamed",
    "ConsentKind",
    "ConsentRecord",
    "ContactPerson",
    "ContactVisibility",
    "DataReport",
    "DataReportQuerySet",
    "Degree",
    "FundType",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "OrganisationKind",
    "OrganisationQuerySet",
    "Role",
    "Sector",
    "Stage",
    "StaleDataReminder",
    "Subtype",
    "TalentProfile",
    "TalentProfileQuerySet",
    "in_language",
    "validate_credit_code",
    "validate_language_codes",
    "validate_logo",
    "validate_skills",
]
