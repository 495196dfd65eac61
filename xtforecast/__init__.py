"""xtforecast: will a city's science-and-technology indicators reach its plan's goals?

Growth models project each indicator, gap models judge each goal, scenarios change the
assumptions, and parameterized notebooks turn the results into reports.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
