"""One line per step with its duration, for builds run from the command line."""

from __future__ import annotations

import logging
import sys
import time

import dagster as dg

_EVENTS = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "ASSET_CHECK_EVALUATION"}


class _ProgressHandler(logging.Handler):
    def __init__(self, stream) -> None:
        super().__init__()
        self.stream = stream
        self.started: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None or event.event_type_value not in _EVENTS:
            if record.levelno >= logging.WARNING and event is None:
                message = str(getattr(record, "dagster_meta", {}).get("orig_message") or record.getMessage())
                if not message.startswith(
                    "Dependencies for step"
                ):  # skips follow from a failure shown already
                    self.stream.write(f"  ! {message[:500]}\n")
                    self.stream.flush()
            return
        step = event.step_key or ""
        kind = event.event_type_value
        if kind == "STEP_START":
            self.started[step] = time.monotonic()
            return
        elapsed = time.monotonic() - self.started.get(step, time.monotonic())
        if kind == "STEP_SUCCESS":
            self.stream.write(f"  ok    {step:<60} {elapsed:6.1f}s\n")
        elif kind == "STEP_FAILURE":
            self.stream.write(f"  FAIL  {step:<60} {elapsed:6.1f}s\n")
        elif kind == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            evaluation = getattr(data, "evaluation", data)
            if not getattr(evaluation, "passed", True):
                name = getattr(evaluation, "check_name", "?")
                self.stream.write(f"  BLOCK check {name} failed\n")
        self.stream.flush()


@dg.logger(description="Prints one line per finished step with its duration (used by ict-warehouse build).")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    log = logging.getLogger(f"ict_warehouse_progress_{id(init_context)}")
    log.setLevel(logging.DEBUG)
    log.propagate = False
    log.handlers = [_ProgressHandler(sys.stdout)]
    return log
