"""atlasgen's default theme (templates, static files, interface strings).

Installed as the package ``atlasgen.default_theme``, so that an installed atlasgen
finds it; see ``atlasgen.theme``. A network's own theme folder needs no such file.
"""
