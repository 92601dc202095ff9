"""The Dagster resource that tells every asset where the documents and the warehouse are."""

from __future__ import annotations

import dagster as dg

from orchestration.settings import Settings, load_settings


class WarehouseResource(dg.ConfigurableResource):
    """Empty strings mean: take ICTWH_DOCUMENTS_DIR / ICTWH_HOME, else the defaults."""

    documents_dir: str = ""
    home: str = ""
    force: bool = False  # build and publish even when nothing changed since the served warehouse

    def settings(self) -> Settings:
        return load_settings(self.documents_dir or None, self.home or None)
