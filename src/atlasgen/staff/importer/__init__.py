"""``atlasgen import FILE.csv``: create or update member files from a spreadsheet.

A row is matched to a member by its id (the slug, the file name) when the sheet has an
id column and the cell is filled, else by its name, normalised as the duplicate-name
check normalises it (``duplicates.name_key``). A row that matches no member creates
``content/members/<slug>.md``, the slug derived from the name as ``atlasgen new`` derives
it (``project.slugify``).

Columns are recognised by name (``ALIASES``: the open data's ``members.csv``, the CRM
columns of ``atlasgen export --format csv`` and common German and English names; case,
spaces, ``_`` and ``-`` do not matter), by ``--map 'Column=field'`` or by a mapping file.

An update changes only the fields the row has a value for; everything else in the file –
other keys, comments, their order, quoting – stays as it was. A scalar is replaced inside
its line, a missing key is inserted where the format's field order puts it (or replaces a
commented-out placeholder ``# website: …`` as ``atlasgen new`` writes them), a list or a
nested value is replaced as a block. An existing description (the Markdown body) is only
replaced with ``--force``.

Ids and the labels of competences, member types and size classes (German or English,
any case) become ids (``labels``). Cells are cleaned of what spreadsheets do to values:
the apostrophe that the exports put before a formula (``spreadsheet_safe``), or any
apostrophe before ``= + - @``, is removed, lists are split at ``;`` (or
``,``), a four-digit postal code gets its leading zero back, ``15.01.2026`` becomes
``2026-01-15`` and ``49,14`` becomes ``49.14``. Every value stays text, as in the member
files (``load``).

Each written file must pass ``atlasgen validate``: a row is checked as the file it would
write, with the same checks, before anything is written, and the written files are
validated again afterwards (a file that fails is restored). Row problems are reported as
``members.csv:7: Email: 'x' is not an e-mail address`` plus a hint, every one at once.

The modules, in the order a sheet goes through them: ``table`` (the CSV file as rows),
``columns`` (which column gives which field), ``labels`` (ids from the labels people
write), ``values`` (cells as the files' values), ``members`` (which member a row
imports), ``yamltext`` and ``yamledit`` (a member file written anew or edited in place),
``rows`` (a row as a checked file) and ``command`` (the command itself, with ``options``:
its arguments, and ``messages``: what a dry run says per field). Nothing is imported here, so
that the command line is built without loading the importer.
"""
