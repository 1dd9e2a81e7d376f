"""Dates of the content: the day a site or export is made 'as of', and month arithmetic.

Never the clock: ``build_date`` takes ``--date``, ``SOURCE_DATE_EPOCH`` or the last git
commit (``common.buildinfo.declared_date``) and otherwise the newest ``last_verified``
of the content, so the same input gives the same output.
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

from ..common.buildinfo import declared_date
from .model import Atlas

__all__ = ["build_date", "months_before"]


def build_date(root: Path, atlas: Atlas, explicit: date | None = None) -> date:
    """The date the site is built 'on': never the clock, so builds are reproducible."""
    if (declared := declared_date(root, explicit)) is not None:
        return declared
    dates = [m.data.last_verified for m in atlas.members if m.data.last_verified]
    return max(dates, default=date(1970, 1, 1))


def months_before(day: date, months: int) -> date:
    """The day ``months`` calendar months before ``day`` (the month's last day if it is
    shorter: 31 March − 1 month = 28 or 29 February)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
