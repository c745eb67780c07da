"""How well the personal-data warning works: detection rate and false-alarm rate.

    python -m bench.personal_data [--show]

Positives: the `personal` posts of tests/data/personal_data_posts.yaml. Negatives: its
`ordinary` posts plus every post of tests/data/understanding_posts.yaml.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from handlers.reading.personal_data import screen

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


@dataclass(frozen=True)
class Result:
    positives: int
    detected: int
    negatives: int
    false_alarms: int
    missed: tuple[str, ...]
    alarmed: tuple[str, ...]
    ms_per_post: float

    @property
    def detection_rate(self) -> float:
        return self.detected / self.positives

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.negatives


def samples() -> tuple[list[str], list[str]]:
    labelled = yaml.safe_load((DATA / "personal_data_posts.yaml").read_text())
    understanding = yaml.safe_load((DATA / "understanding_posts.yaml").read_text())
    positives = [p["text"] for p in labelled["personal"]]
    negatives = [p["text"] for p in labelled["ordinary"]]
    negatives += [p["text"] for p in understanding["posts"]]
    return positives, negatives


def measure() -> Result:
    positives, negatives = samples()
    started = time.perf_counter()
    missed = tuple(t for t in positives if not screen(t).flagged)
    alarmed = tuple(t for t in negatives if screen(t).flagged)
    seconds = time.perf_counter() - started
    return Result(
        positives=len(positives),
        detected=len(positives) - len(missed),
        negatives=len(negatives),
        false_alarms=len(alarmed),
        missed=missed,
        alarmed=alarmed,
        ms_per_post=seconds * 1000 / (len(positives) + len(negatives)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="list the misses and false alarms")
    args = parser.parse_args()
    r = measure()
    print(
        json.dumps(
            {
                "bench": "personal_data",
                "positives": r.positives,
                "detected": r.detected,
                "detection_rate": round(r.detection_rate, 3),
                "negatives": r.negatives,
                "false_alarms": r.false_alarms,
                "false_alarm_rate": round(r.false_alarm_rate, 3),
                "ms_per_post": round(r.ms_per_post, 3),
            }
        )
    )
    print(
        f"personal data detected in {r.detected}/{r.positives} posts "
        f"({r.detection_rate:.1%}); false alarms on {r.false_alarms}/{r.negatives} "
        f"ordinary posts ({r.false_alarm_rate:.1%}); {r.ms_per_post:.2f} ms a post"
    )
    if args.show:
        for text in r.missed:
            print(f"  missed: {text}")
        for text in r.alarmed:
            print(f"  false alarm: {text} -> {screen(text).reasons}")


if __name__ == "__main__":
    main()
