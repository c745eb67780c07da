"""The Board paper: one content model (model.py), made by section builders (sections.py),
walked by the HTML, Word and PDF renderers alike."""
