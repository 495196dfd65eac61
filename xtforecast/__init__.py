"""xtforecast."""
