"""Reading free text: wards and places, themes, counts, dates, personal data."""
