"""Decision trees for the "Choosing the right model" guide.

Loads tree files written in YAML, checks them (JSON Schema plus graph checks)
with every error located at ``PATH:LINE:COL``, and turns them into what the
site renders. Knows nothing of MkDocs.
"""

from .diagnostics import Diagnostic, TreeError
from .loader import TREES_DIR, check_file, find_trees, load_tree
from .model import Option, Outcome, Question, Resource, Tree, slugify

__all__ = [
    "TREES_DIR",
    "Diagnostic",
    "Option",
    "Outcome",
    "Question",
    "Resource",
    "Tree",
    "TreeError",
    "check_file",
    "find_trees",
    "load_tree",
    "slugify",
]
