"""Making the Board paper: read its data, find its sign-off, render the asked-for format.

A sign-off is an audit entry (who, when, the figures as they then stood) on the paper's
period and scope; a paper carries it only while its figures are still those approved.
"""

from __future__ import annotations

import asyncio
from enum import StrEnum
from pathlib import Path

from handlers.chat.context import Context
from handlers.digests.paper.data import PaperData, gather_paper
from handlers.digests.paper.model import Paper, SignOff
from handlers.digests.paper.sections import approved_figures, build_paper
from handlers.digests.periods import Period
from storage.audit import latest_audit, record_audit

SIGN_OFF = "paper.sign_off"


class Format(StrEnum):
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


class BadRequest(ValueError):
    """Options that do not go together, or a file that cannot be used: said politely."""


def format_for(out: str | None, given: str | None) -> Format:
    """The format asked for, or the one the file name says."""
    if given:
        try:
            return Format(given.lower())
        except ValueError:
            raise BadRequest(f"I can write html, docx or pdf, not {given!r}.") from None
    suffix = Path(out or "").suffix.lower().lstrip(".")
    found = {"htm": Format.HTML, "html": Format.HTML, "docx": Format.DOCX, "pdf": Format.PDF}
    if suffix not in found:
        raise BadRequest(
            f"I can't tell the format from {out!r}: name the file .html, .docx or .pdf, "
            "or say --format html|docx|pdf."
        )
    return found[suffix]


def _target(data: PaperData) -> str:
    return f"{data.period.code}|{data.ward.slug if data.ward else 'borough'}"


async def current_sign_off(ctx: Context, data: PaperData) -> SignOff | None:
    entry = await latest_audit(ctx.db, action=SIGN_OFF, target=_target(data))
    if entry is None:
        return None
    figures = str(entry.detail.get("figures", ""))
    return SignOff(
        name=str(entry.detail.get("name", entry.actor)),
        at=entry.at.astimezone(ctx.timezone),
        figures=figures,
        current=figures == approved_figures(data),
    )


async def sign_off(ctx: Context, data: PaperData, *, name: str, actor: str) -> SignOff:
    name = " ".join(name.split())
    if not name:
        raise BadRequest('Say who approves the figures: --sign-off "Full Name".')
    figures = approved_figures(data)
    await record_audit(
        ctx.db,
        actor=actor,
        action=SIGN_OFF,
        target=_target(data),
        detail={"name": name, "figures": figures, "period": data.period.code, "scope": data.scope},
    )
    return SignOff(name=name, at=ctx.now(), figures=figures, current=True)


async def make_paper(
    ctx: Context,
    *,
    period: Period,
    ward_slug: str | None,
    draft: bool,
    sign_off_name: str | None = None,
    actor: str = "cli",
) -> tuple[Paper, PaperData]:
    if draft and sign_off_name:
        raise BadRequest("A paper is either a draft or signed off: give --draft or --sign-off.")
    data = await gather_paper(ctx, period=period, ward_slug=ward_slug)
    approved: SignOff | None
    if sign_off_name is not None:
        approved = await sign_off(ctx, data, name=sign_off_name, actor=actor)
    else:
        approved = await current_sign_off(ctx, data)
    return build_paper(data, draft=draft, sign_off=approved), data


async def render(paper: Paper, fmt: Format, *, template: bytes | None = None) -> bytes:
    """The paper in a format, drawn off the event loop (charts and layout are CPU work)."""
    if template is not None and fmt is not Format.DOCX:
        raise BadRequest("A --template is a Word template: it goes with --format docx.")
    if fmt is Format.HTML:
        from handlers.digests.paper.html import paper_html

        return (await asyncio.to_thread(paper_html, paper)).encode()
    if fmt is Format.PDF:
        from handlers.digests.paper.pdf import paper_pdf

        return await asyncio.to_thread(paper_pdf, paper)
    from handlers.digests.paper.word import BadTemplate, paper_docx

    try:
        return await asyncio.to_thread(paper_docx, paper, template=template)
    except BadTemplate as exc:
        raise BadRequest(str(exc)) from None
