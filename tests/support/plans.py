"""Ward plans made for tests."""

from __future__ import annotations

import yaml

# The seed presentation's counts: how many of the 25 wards' priorities reference each theme.
SEED_COUNTS = {
    "health_wellbeing": 13,
    "children_young_people": 17,
    "mental_health": 9,
    "older_people": 2,
    "employment_economy": 3,
    "community_safety": 21,
    "environment": 24,
    "housing": 3,
    "planning": 2,
    "culture_leisure_green_spaces": 13,
    "community_groups": 16,
    "cost_of_living": 13,
    "covid_recovery": 7,
    "loneliness_isolation": 8,
}
AIMS = {
    "best_start": ["children_young_people"],
    "mental_health_wellbeing": ["mental_health", "health_wellbeing"],
    "live_well_longer": ["older_people"],
    "healthy_safe_communities": [
        "employment_economy",
        "community_safety",
        "environment",
        "housing",
        "planning",
        "culture_leisure_green_spaces",
        "community_groups",
        "cost_of_living",
        "covid_recovery",
        "loneliness_isolation",
    ],
}


def seed_plan(*, year: int = 2024, wards: int = 25) -> dict[str, object]:
    """25 wards whose priorities reference each theme as often as the seed says.

    Theme t goes to wards 0..count-1, so wards referencing mental health are among those
    referencing health and wellbeing, and ward 24 has only community safety... except
    environment (24 wards) and safety (21) are staggered so every ward has a wider determinant.
    """
    offsets = {"environment": 1}
    ward_themes: list[list[str]] = [[] for _ in range(wards)]
    for theme, count in SEED_COUNTS.items():
        start = offsets.get(theme, 0)
        for i in range(count):
            ward_themes[(start + i) % wards].append(theme)
    return {
        "council": "Seed Borough",
        "plan_year": year,
        "board_aims": [{"key": k, "title": f"Aim {k}"} for k in AIMS],
        "themes": [
            {"key": t, "label": t.replace("_", " ").title(), "board_aim": aim}
            for aim, themes in AIMS.items()
            for t in themes
        ],
        "wards": [
            {
                "slug": f"ward-{i:02d}",
                "name": f"Ward {i:02d}",
                "priorities": [
                    {"number": n + 1, "title": f"Priority about {t}", "themes": [t]}
                    for n, t in enumerate(themes)
                ],
            }
            for i, themes in enumerate(ward_themes)
        ],
    }


def dump(plan: dict[str, object]) -> str:
    return yaml.safe_dump(plan, sort_keys=False)
