"""The built-in file types; importing this package registers them (see ``TransferConfig.ready``)."""

from hatchway.transfer.specs import contacts, data_reports, flows, listings, organisations, talents

__all__ = ["contacts", "data_reports", "flows", "listings", "organisations", "talents"]
