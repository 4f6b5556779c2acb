"""Where every picture is made: numpy arrays -> PNG data URLs, code grids and mosaics (pictures), a
Playground row (rows), the live scrubber (scrubber), Altair charts (charts), downloadable figures (figure)."""
