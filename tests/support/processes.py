"""`wardbot serve` as a real process: start it, wait until it answers, kill it, read its RSS.

Fault tests and benchmarks drive it over loopback HTTP only.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from tests.support.settings import SETTINGS_NAMES

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    """One running process (wardbot serve, or a benchmark's bare app)."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_mib(self) -> float:
        """Resident memory now, from /proc (Linux)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no draining — a crash."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        """SIGTERM, as a service manager stops it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        return int(self.process.returncode)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def spawn(args: list[str], *, env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """Start `python args...` with only the given settings (nothing inherited), output to a log."""
    child_env = {
        k: v for k, v in os.environ.items() if k not in SETTINGS_NAMES
    }  # the child gets its own
    child_env.update(env)
    child_env["PYTHONUNBUFFERED"] = "1"
    child_env["PYTHONPATH"] = str(ROOT)  # bench/ is not installed; wardbot is
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as out:
        return subprocess.Popen(
            [sys.executable, *args],
            cwd=log_path.parent,
            env=child_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


async def start_process(
    args: list[str],
    *,
    env: dict[str, str],
    port: int,
    log_path: Path,
    ready_path: str = "/healthz",
    within: float = 60,
) -> Served:
    """Start `python args...`; wait until `ready_path` answers 200."""
    process = spawn(args, env=env, log_path=log_path)
    served = Served(process, port, log_path, env)
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession() as session:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{args} exited with {process.returncode}:\n{served.log()}")
            try:
                async with session.get(
                    served.url + ready_path, timeout=aiohttp.ClientTimeout(total=2)
                ) as answer:
                    if answer.status == 200:
                        return served
            except (aiohttp.ClientError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                served.kill()
                raise RuntimeError(f"{args} did not answer in {within}s:\n{served.log()}")
            await asyncio.sleep(0.1)


async def start_wardbot(
    *, database_url: str, folder: Path, port: int | None = None, **settings: str
) -> Served:
    """`wardbot serve` (python -m bot serve) on a free port with the given settings."""
    port = port or free_port()
    env = {"DATABASE_URL": database_url, "HOST": "127.0.0.1", "PORT": str(port)}
    env.update({k.upper(): v for k, v in settings.items()})
    return await start_process(
        ["-m", "bot", "serve"], env=env, port=port, log_path=folder / f"wardbot-{port}.log"
    )
