"""Where every picture is made: numpy arrays -> PNG data URLs, code grids and mosaics (pictures), the
live noise control's frames (frames), Altair charts (charts), downloadable figures (figure)."""
