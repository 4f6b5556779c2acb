"""The Streamlit glue the pages share, one job a module: state (the session, typed), link, resources,
controls, page (what every page does first), router, text, styles, display."""
