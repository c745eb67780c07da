"""Ward plans: a council's YAML file -> a validated `WardPlan`."""

from pathlib import Path

from storage.plans.parse import PlanError, parse_plan, read_plan
from storage.plans.schema import WardPlan

BUNDLED_PLAN = Path(__file__).with_name("rotherham.yaml")

__all__ = ["BUNDLED_PLAN", "PlanError", "WardPlan", "parse_plan", "read_plan"]
