"""papermill for the tests, with every wait bounded, so no notebook test can hang the suite.

papermill's own waits have no limit by default: no ``execution_timeout`` means a cell may run
for ever, and after the last cell it asks the kernel for its language and waits for the answer
without limit. That answer can be lost (https://github.com/nteract/papermill/issues/711, seen on
CI machines only). Once on this project's CI a notebook test waited, for a reason not found (it
did not happen again here), until the 90-minute budget ran out.

Here the kernel has :data:`START_TIMEOUT` seconds to start and each cell :data:`CELL_TIMEOUT`; a
run that hits one of these limits, or whose kernel dies or never answers, is repeated once in a
fresh kernel, with a warning that says so. A notebook that fails for a reason of its own (an
error in a cell, a wrong output) fails at once with that error, and a limit hit twice fails the
test.
"""

import warnings
from pathlib import Path

import papermill as pm

#: Seconds for a kernel to start and answer (papermill's default is 60; CI machines are slower).
START_TIMEOUT = 120
#: Seconds one cell may run: the test notebooks' cells take seconds on small ``n_sims``, and
#: a run that hits this limit and its repeat must fit in the 900 s a test may take (pyproject).
CELL_TIMEOUT = 240
#: What a kernel that does not answer raises: nbclient's timeouts (``CellTimeoutError`` is a
#: ``TimeoutError``), a dead or unstarted kernel (``DeadKernelError`` and jupyter_client's
#: "Kernel didn't respond" are ``RuntimeError``s), and nbclient's assertion when the language
#: request after the last cell times out (it has no cell to name).
UNANSWERED = (TimeoutError, RuntimeError, AssertionError)


def execute(notebook, out, **parameters):
    """Run ``notebook`` under papermill with ``parameters``, in its own directory, into ``out``.

    Parameters
    ----------
    notebook, out : path
        The notebook and where the executed copy is written.
    **parameters
        The notebook's parameters (papermill injects them after its ``parameters`` cell).

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook.
    """
    notebook = Path(notebook)
    kw = dict(parameters=parameters, kernel_name="python3", cwd=str(notebook.parent),
              progress_bar=False, start_timeout=START_TIMEOUT, execution_timeout=CELL_TIMEOUT)
    try:
        return pm.execute_notebook(str(notebook), str(out), **kw)
    except UNANSWERED as exc:
        first_line = (str(exc).strip().splitlines() or [""])[0]
        warnings.warn(f"{notebook.name}: the kernel did not answer ({type(exc).__name__}: "
                      f"{first_line}); running it once more in a fresh kernel", stacklevel=2)
        return pm.execute_notebook(str(notebook), str(out), **kw)
