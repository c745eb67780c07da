"""Logging: readable on a terminal, one JSON object a line elsewhere; a request id on each."""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar

# Set by the HTTP middleware for each request; asyncio copies it into every task it starts.
request_id: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


class JsonFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__()
        self._second = -1
        self._time = ""

    def format(self, record: logging.LogRecord) -> str:
        # The time to the second, as formatTime writes it, worked out once a second: the
        # access log writes a line a request.
        second = int(record.created)
        if second != self._second:
            self._time = self.formatTime(record, TIME_FORMAT)
            self._second = second
        entry = {
            "time": self._time,
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


def setup_logging(level: int = logging.INFO, *, json_lines: bool | None = None) -> None:
    """JSON lines unless stderr is a terminal (or `json_lines` says otherwise)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    as_json = not sys.stderr.isatty() if json_lines is None else json_lines
    handler.setFormatter(JsonFormatter() if as_json else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # Neither format shows the thread or the process: each record need not look them up
    # (the logging HOWTO's "Optimization"; a line is logged for every request).
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line a minute otherwise
