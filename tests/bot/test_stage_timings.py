"""Stage timings (STAGE_TIMINGS): where a request's time goes, from a real `wardbot serve`."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import aiohttp
import pytest

from handlers.chat import stages
from tests.support.processes import start_wardbot
from tests.support.slack_api import SlackApi
from tests.support.slack_requests import SignedSlack

SECRET = "stage-signing-secret"


def _report(path: Path, served_pid: int, send: object) -> dict[str, object]:
    before = path.stat().st_size if path.exists() else 0
    send()  # type: ignore[operator]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size > before:
            line = path.read_text().splitlines()[-1]
            found: dict[str, object] = json.loads(line)
            return found
        time.sleep(0.05)
    raise AssertionError(f"no stage report from {served_pid}")


@pytest.mark.slow
async def test_serve_reports_each_stage_of_a_logged_update(tmp_path: Path) -> None:
    report_file = tmp_path / "stages.jsonl"
    async with SlackApi() as api:
        api.add_user("U1", "Officer One")
        served = await start_wardbot(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'w.db'}",
            folder=tmp_path,
            slack_bot_token="xoxb-stage",
            slack_signing_secret=SECRET,
            slack_api_url=api.base_url,
            stage_timings=str(report_file),
        )
        try:
            async with aiohttp.ClientSession() as session:
                slack = SignedSlack(served.url + "/slack/events", SECRET, session)
                for n in range(3):
                    answer = await slack.command(f"log Sitwell: litter pick {n}, 12 volunteers")
                    assert answer.status == 200 and "Logged for Sitwell" in answer.text
            report = _report(
                report_file, served.pid, lambda: served.process.send_signal(signal.SIGUSR1)
            )
            timed = report["stages"]
            assert isinstance(timed, dict)
            assert timed["request"]["n"] >= 3  # and the start-up health probes
            for name in ("verify", "screen", "read", "priority", "write", "reply", "ack"):
                assert timed[name]["n"] == 3, name
                assert 0 <= timed[name]["p50"] <= timed[name]["max"]
            assert timed["request"]["max"] >= timed["write"]["max"]
            # A second report holds only what happened since the first.
            again = _report(
                report_file, served.pid, lambda: served.process.send_signal(signal.SIGUSR1)
            )
            assert "write" not in again["stages"]  # type: ignore[operator]
            # What start-up built is out of the collector's way: a full collection walks
            # only a small part of the heap, so it no longer stalls requests for 200+ ms.
            heap = again["heap"]
            assert isinstance(heap, dict)
            assert heap["frozen"] > 50_000
            assert heap["tracked"] < heap["frozen"] / 4
        finally:
            assert served.stop() == 0, served.log()
        assert "Traceback" not in served.log()


def test_stage_timings_are_off_by_default_and_cost_one_shared_no_op() -> None:
    assert not stages.enabled()
    assert stages.stage("read") is stages.stage("write")
    with stages.stage("read"):
        pass
    stages.record("gc2", 0.3)
    assert stages.report() == {}
