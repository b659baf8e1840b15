"""Authoring: from a directive's text, or from the official registry of units, to a tracker YAML.

`reader` reads a directive's file (.docx, .pdf, scans by OCR), `draft` turns its text into a tracker draft,
`scaffold` starts a tracker from the registry of units (`registry`), and `yaml_writer` is the one writer of tracker
YAML. Nothing here is called by the weekly path, and nothing here calls it: the only meeting point is
`tracker.definition`, which validates what these modules write.
"""
