"""The content stages: read, validate, link (files → Atlas)."""
