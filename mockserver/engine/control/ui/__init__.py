"""The dashboard at `/_mock/ui`: static HTML, CSS and JS that read the admin API."""
