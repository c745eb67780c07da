"""Numbers and updates as the paper writes them: "1,234", "+12 (+35%)", "a, b and c"."""

from __future__ import annotations

from collections.abc import Iterable

from handlers import domain


def number(value: int) -> str:
    return f"{value:,}"


def change(now: int, before: int) -> str:
    if now == before:
        return "no change"
    diff = now - before
    sign = "+" if diff > 0 else "−"
    if not before:
        return f"{sign}{abs(diff):,} (none before)"
    return f"{sign}{abs(diff):,} ({sign}{abs(diff) / before:.0%})"


def short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def listed(names: Iterable[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def notable(updates: Iterable[domain.Update], limit: int) -> tuple[domain.Update, ...]:
    ranked = sorted(
        updates,
        key=lambda u: (not u.case_study, -(u.people_reached or 0), -u.occurred_on.toordinal()),
    )
    return tuple(ranked[:limit])


def update_line(u: domain.Update, *, ward: bool = True) -> str:
    bits = []
    if u.people_reached:
        bits.append(f"{u.people_reached:,} reached")
    if u.volunteers:
        bits.append(f"{u.volunteers:,} volunteers")
    if u.partners:
        bits.append("with " + listed(u.partners))
    if u.case_study:
        bits.append("case study")
    where = f"{u.ward_name}, " if ward else ""
    extra = f" ({'; '.join(bits)})" if bits else ""
    return f"{where}{u.occurred_on:%d %b}: {short(u.text)}{extra} [ref {u.id}]"


def plural(n: int, word: str, many: str = "") -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"
