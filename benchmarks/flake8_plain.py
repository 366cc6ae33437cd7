"""Run flake8 with its default plugins only, leaving out ai21lint's flake8 plugin.

ai21lint registers a flake8 plugin (`flake8 --select AIS`), and flake8 runs every installed plugin whatever
--select says, so a plain `flake8` in an environment where ai21lint is installed would also analyse the whole
project in every flake8 worker. The benchmark wants flake8 as a baseline, so this wrapper hides that one plugin
from flake8's plugin discovery and then runs flake8's normal command line: `python flake8_plain.py [flake8 args]`.

The patch is applied at import time, so flake8's worker processes get it too whatever the multiprocessing start
method (spawn and forkserver import this main module again as `__mp_main__`).
"""

import sys

from flake8.plugins import finder

_find_importlib_plugins = getattr(finder, "_find_importlib_plugins", None)

if _find_importlib_plugins is None:
    print("flake8_plain: this flake8 has no _find_importlib_plugins; running it with every plugin", file=sys.stderr)
else:

    def _without_ai21lint():  # type: ignore[no-untyped-def]
        return (plugin for plugin in _find_importlib_plugins() if plugin.package != "ai21lint")

    finder._find_importlib_plugins = _without_ai21lint


if __name__ == "__main__":
    from flake8.main.cli import main

    sys.exit(main())
