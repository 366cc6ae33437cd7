"""The text pass that decides which files are parsed."""

from __future__ import annotations

from pathlib import Path

from ai21lint.analysis.project import Project
from ai21lint.prefilter import candidates
from tests.harness import write_project


def test_candidates_are_ai21_files_and_their_importers(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/llm.py": "from ai21 import AI21Client\n",
            "pkg/views.py": "from .llm import ask\n",
            "web/routes.py": "from pkg.views import page\n",
            "unrelated.py": "import os\nprint(os.getcwd())\n",
            "models.py": "MODEL = 'ai21.j2-ultra-v1'\n",
            "wrapper_user.py": "from company import complete_text\ncomplete_text('x')\n",
        },
    )
    files = sorted(tmp_path.rglob("*.py"))
    project = Project(tmp_path, files)
    found = candidates(project, list(project.paths), ["complete_text"])
    assert sorted(found) == ["models.py", "pkg/llm.py", "pkg/views.py", "web/routes.py", "wrapper_user.py"]


def test_every_import_form_finds_its_importer(tmp_path: Path) -> None:
    importers = {
        "a.py": "import pkg.llm\n",
        "b.py": "from pkg import llm\n",
        "c.py": "    from pkg.llm import ask  # indented, in a function\n",
        "d.py": "import pkg.llm.sub as s\n",
        "e.py": "from pkg import (\n    views, llm)\n",  # the name is not on the `from` line: not followed
        "f.py": "import pkg.llmx\n",  # another module whose name starts alike
        "pkg/g.py": "from .llm import ask\n",
        "pkg/h.py": "from . import llm\n",
        "pkg/i.py": "import llm\n",  # a bare name resolves beside the importer
        "pkg/j.py": "from .modèle import x\n",  # a non-ASCII module name
        "k.py": "import pkg.j\n",  # through pkg/j
    }
    write_project(
        tmp_path,
        {"pkg/__init__.py": "", "pkg/llm.py": "from ai21 import AI21Client\n", "pkg/modèle.py": "x = 'AI21'\n"}
        | importers,
    )
    project = Project(tmp_path, sorted(tmp_path.rglob("*.py")))
    found = set(candidates(project, list(project.paths)))
    imported = {"a.py", "b.py", "c.py", "d.py", "pkg/g.py", "pkg/h.py", "pkg/i.py", "pkg/j.py", "k.py"}
    assert found - {"pkg/llm.py", "pkg/modèle.py"} == imported
