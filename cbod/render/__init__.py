"""Stage 4 — render: data -> markdown pages (jinja2), charts (Altair -> Vega-Lite -> SVG), downloads."""
