"""``atlasgen diff``: what a change to the content does, in words, for staff reviewing it.

Compares two git revisions of the project: every changed member file (with its
English file and logo), the competence taxonomy, ``atlas.yaml``, the free pages,
and counts everything else. File contents come from git objects, never from the
working tree: ``git diff --raw -M`` names the changed files (with rename
detection), ``git ls-tree`` gives every content file's blob id at both revisions
(logos are compared by blob id, never read) and ``git cat-file --batch`` reads the
blobs. Each blob is written to a scratch folder and read with the project's own
loader and models (``load``, ``messages.validate_model``), so values are compared
as the literal text the author wrote, exactly as validation sees them. A file that
does not parse or validate is reported as invalid, with its first located
problem, and never stops the diff.

The sentences are in the tools' catalogue, German and English
(``data/messages/<lang>/diff.yaml``, domain ``diff``), in the language in use
(``common.i18n``; ``semantic_diff(..., lang=...)`` chooses another). Everything quoted from
content (names, labels, ids, file names, problem messages) is escaped for the
output: control and invisible characters are written out for the terminal, and
for Markdown every ASCII punctuation character is backslash-escaped, so a member
name cannot add formatting, links or HTML to a job summary.

The package: ``sentences`` (what is said, in both languages), ``git`` (plumbing),
``sides`` (a revision's files, loaded), ``compare`` (value helpers), ``context``
(what the comparisons share), ``members`` and ``fields`` (members), ``taxonomy``,
``others`` (settings, pages, other files) and ``report`` (sections and output).
"""

from __future__ import annotations

from .git import BASE_CANDIDATES, DiffError
from .report import semantic_diff

__all__ = ["BASE_CANDIDATES", "DiffError", "semantic_diff"]
