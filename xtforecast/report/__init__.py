"""Reports: the papermill templates' library, the batch runner and its HTML.

* :mod:`~xtforecast.report.params`: the notebooks' parameters, validated (unknown = error);
* :mod:`~xtforecast.report.content`: what each template cell shows (the notebooks only call it),
  with :mod:`~xtforecast.report.compare` (a run read back: the comparison page),
  :mod:`~xtforecast.report.sweep_page`, :mod:`~xtforecast.report.display` (Markdown, figures,
  headings) and :mod:`~xtforecast.report.projector` (the ``projector`` parameter of the tests);
* :mod:`~xtforecast.report.runner`: ``run_reports`` — many scenarios, parallel, atomic files;
  :mod:`~xtforecast.report.jobs` checks a run before anything is written (data read once,
  scenarios, parameters) and :mod:`~xtforecast.report.worker` is what a worker process runs;
* :mod:`~xtforecast.report.engine`: a papermill engine with one warm kernel per worker;
* :mod:`~xtforecast.report.html`: reports without code, and the run's ``index.html``;
* :mod:`~xtforecast.report.atomic`: temp-file-and-rename writes;
* ``xtforecast report`` (:mod:`xtforecast.cli.report`) runs them from the command line.

A notebook receives everything it reads as parameters (``data_dir``, ``scenario``, ...), never
through environment variables, so the executed notebook and the run's manifest say what it was
made from. Its words are in :mod:`xtforecast.i18n.report`.

Importing this package is cheap (the notebooks import it first): the heavy modules load when
their functions are called.
"""

from __future__ import annotations

from .params import (
                     COMPARE_PARAMETERS,
                     REPORT_PARAMETERS,
                     ParameterError,
                     ParamSpec,
                     notebook_parameters,
                     validate_parameters,
)

__all__ = ["ParameterError", "ParamSpec", "REPORT_PARAMETERS", "COMPARE_PARAMETERS",
           "validate_parameters", "notebook_parameters"]
