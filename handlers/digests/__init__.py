"""Board digests: periods, schedules, building, delivery, the chart and the Board report."""
