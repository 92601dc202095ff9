"""Registering batch partitions when another build registers the same ones at the same moment."""

from __future__ import annotations

import dagster as dg
from dagster._core.storage.event_log.schema import DynamicPartitionsTable

from orchestration.partitions import PARTITIONS_NAME, register


class _RacedInstance:
    """The instance as a build sees it when another build registers the same new document between
    the storage's check for existing partitions and its insert (the race of two builds started
    together): that first insert meets the table's unique key."""

    def __init__(self, instance: dg.DagsterInstance) -> None:
        self._instance = instance
        self.raced = False

    def get_dynamic_partitions(self, name: str) -> list[str]:
        return self._instance.get_dynamic_partitions(name)

    def add_dynamic_partitions(self, name: str, keys: list[str]) -> None:
        if not self.raced:
            self.raced = True
            self._instance.add_dynamic_partitions(name, keys)  # the other build, in between
            storage = self._instance.event_log_storage
            with storage.index_connection() as conn:  # this build's insert, checked before that
                conn.execute(
                    DynamicPartitionsTable.insert(),
                    [{"partitions_def_name": name, "partition": k} for k in keys],
                )
        self._instance.add_dynamic_partitions(name, keys)


def test_a_partition_registered_meanwhile_by_another_build_is_not_an_error(tmp_path):
    with dg.DagsterInstance.local_temp(str(tmp_path)) as instance:
        instance.add_dynamic_partitions(PARTITIONS_NAME, ["doc-a"])
        raced = _RacedInstance(instance)
        assert register(raced, ["doc-a", "doc-b"]) == []  # the other build registered doc-b
        assert raced.raced
        assert instance.get_dynamic_partitions(PARTITIONS_NAME) == ["doc-a", "doc-b"]


def test_registration_adds_in_order_and_only_once(tmp_path):
    with dg.DagsterInstance.local_temp(str(tmp_path)) as instance:
        assert register(instance, ["doc-b", "doc-a", "doc-b"]) == ["doc-b", "doc-a"]
        assert register(instance, ["doc-a", "doc-c"]) == ["doc-c"]
        assert register(instance, ["doc-c"]) == []
        assert instance.get_dynamic_partitions(PARTITIONS_NAME) == ["doc-b", "doc-a", "doc-c"]
