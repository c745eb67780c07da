"""The "Log activity" form: fields for a platform to render, and checking what comes back."""

from __future__ import annotations

import re
from datetime import date

from handlers import domain
from handlers.chat.context import Context
from handlers.chat.messages import Card, Choice, FormField
from handlers.reading.understand import marked_internal

LOG_FORM = "log_form"
URL = re.compile(r"^https?://\S+$")


def log_form(
    ctx: Context,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    ward_slug: str | None = None,
) -> Card:
    values = dict(values or {})
    ward_slug = ward_slug or values.get("ward") or None
    priorities = ctx.plan.priorities_of(ward_slug) if ward_slug else ctx.plan.priorities
    wards = {w.slug: w.name for w in ctx.plan.wards}
    return Card(
        title="Log activity",
        subtitle="Record what happened, against the ward and its plan priority.",
        fields=(
            FormField(
                "ward",
                "Ward",
                kind="choice",
                required=True,
                value=ward_slug or "",
                choices=tuple(Choice(w.slug, w.name) for w in ctx.plan.wards),
            ),
            FormField(
                "priority",
                "Ward priority",
                kind="choice",
                value=values.get("priority", ""),
                choices=tuple(
                    Choice(
                        str(p.id),
                        f"{wards.get(p.ward_slug, p.ward_slug)} {p.number}: {p.title}"[:75],
                    )
                    for p in priorities
                ),
            ),
            FormField(
                "themes",
                "Themes",
                kind="multi_choice",
                value=values.get("themes", ""),
                choices=tuple(Choice(t.key, t.label[:75]) for t in ctx.plan.themes),
            ),
            FormField(
                "text",
                "What happened",
                kind="long_text",
                required=True,
                value=values.get("text", ""),
                max_length=domain.MAX_TEXT,
                placeholder="Litter pick at Herringthorpe Valley Park with 23 volunteers",
            ),
            FormField("occurred_on", "Date", kind="date", value=values.get("occurred_on", "")),
            FormField(
                "people_reached",
                "People reached",
                kind="number",
                value=values.get("people_reached", ""),
            ),
            FormField(
                "volunteers", "Volunteers", kind="number", value=values.get("volunteers", "")
            ),
            FormField(
                "partners",
                "Partners involved",
                value=values.get("partners", ""),
                placeholder="Police, NHS, Voluntary Action Rotherham",
            ),
            FormField(
                "evidence_link", "Evidence link", kind="url", value=values.get("evidence_link", "")
            ),
            FormField(
                "case_study",
                "Good practice / case study to share",
                kind="checkbox",
                value=values.get("case_study", ""),
            ),
        ),
        submit=LOG_FORM,
        errors=dict(errors or {}),
    )


def change_form(ctx: Context, update: domain.Update) -> Card:
    form = log_form(
        ctx,
        values={
            "ward": update.ward_slug,
            "priority": str(update.priority.id) if update.priority else "",
            "themes": ",".join(update.themes),
            "text": update.text,
            "occurred_on": update.occurred_on.isoformat(),
            "people_reached": _str(update.people_reached),
            "volunteers": _str(update.volunteers),
            "partners": ", ".join(update.partners),
            "evidence_link": update.evidence_link,
            "case_study": "true" if update.case_study else "",
        },
    )
    return Card(
        title=f"Change update #{update.id}",
        subtitle=form.subtitle,
        fields=form.fields,
        submit=f"{LOG_FORM}:{update.id}",
    )


def _str(value: int | None) -> str:
    return "" if value is None else str(value)


def read_log_form(ctx: Context, form: dict[str, str]) -> tuple[domain.Draft | None, dict[str, str]]:
    """A draft from a submitted form, or the errors by field name."""
    errors: dict[str, str] = {}
    ward = ctx.plan.ward((form.get("ward") or "").strip())
    if ward is None:
        errors["ward"] = "Choose a ward."
    text = (form.get("text") or "").strip()
    if not text:
        errors["text"] = "Say what happened."
    elif len(text) > domain.MAX_TEXT:
        errors["text"] = f"Please keep it under 4,000 characters (this is {len(text):,})."
    priority_id: int | None = None
    if (form.get("priority") or "").strip():
        chosen = next(
            (p for p in ctx.plan.priorities if str(p.id) == form["priority"].strip()), None
        )
        if chosen is None or (ward is not None and chosen.ward_slug != ward.slug):
            errors["priority"] = "Choose one of this ward's priorities, or leave it empty."
        else:
            priority_id = chosen.id
    themes = tuple(t.strip() for t in (form.get("themes") or "").split(",") if t.strip())
    unknown = [t for t in themes if ctx.plan.theme(t) is None]
    if unknown:
        errors["themes"] = f"Unknown theme: {unknown[0]}."
    occurred_on = ctx.today()
    if (form.get("occurred_on") or "").strip():
        try:
            occurred_on = date.fromisoformat(form["occurred_on"].strip()[:10])
        except ValueError:
            errors["occurred_on"] = "Use a date like 2026-10-12."
        else:
            if occurred_on > ctx.today():
                errors["occurred_on"] = "That date is in the future."
    counts: dict[str, int | None] = {}
    for name in ("people_reached", "volunteers"):
        raw = (form.get(name) or "").strip().replace(",", "")
        counts[name] = None
        if raw:
            if not (raw.isascii() and raw.isdigit()) or int(raw) > 1_000_000:  # not "²"
                errors[name] = "A whole number, please (0 or more)."
            else:
                counts[name] = int(raw)
    link = (form.get("evidence_link") or "").strip()
    if link and not URL.match(link):
        errors["evidence_link"] = "A web link starting http:// or https://, please."
    if errors or ward is None:
        return None, errors
    partners = tuple(p.strip() for p in re.split(r"[,;]", form.get("partners") or "") if p.strip())
    return domain.Draft(
        ward_slug=ward.slug,
        text=text,
        themes=themes,
        priority_id=priority_id,
        occurred_on=occurred_on,
        people_reached=counts["people_reached"],
        volunteers=counts["volunteers"],
        partners=partners[:20],
        evidence_link=link,
        case_study=(form.get("case_study") or "").strip().lower() in ("true", "yes", "on", "1"),
        explanation="entered in the form",
        internal=marked_internal(text),
    ), {}
