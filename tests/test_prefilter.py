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
