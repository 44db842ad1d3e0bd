"""Vendor discovery: every sub-package whose `VENDOR_CLASS` is a Vendor subclass is instantiated
once per app and mounted at `/<its name>`. (`VENDOR`, in a vendor's modules, is its name string.)"""

from __future__ import annotations

import importlib
import pkgutil

from simulator.vendors.base import Vendor


def discover() -> dict[str, Vendor]:
    found: dict[str, Vendor] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        cls = getattr(module, "VENDOR_CLASS", None)
        if isinstance(cls, type) and issubclass(cls, Vendor):
            vendor = cls()
            found[vendor.name] = vendor
    return found
