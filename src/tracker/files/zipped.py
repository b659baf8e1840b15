"""Members of a zip package written again, deflated at a level we choose.

An entry read from a package (`ZipFile.infolist()`) carries no compression level of its own, and `zipfile` deflates
one written from it at zlib's default, 6, whatever level the writing `ZipFile` was opened with. For a national
report.xlsx (a 160 MB activities sheet) level 6 cost 2.2 s of CPU against 0.5 s at FAST, for a file of 12.4 MB
against 14.6 MB; the two other levels of zlib's fast strategy were no quicker (1 gave 17.0 MB, 3 gave 14.1 MB in
0.6 s).
"""

from __future__ import annotations

import copy
import sys
import zipfile

FAST = 2
"""The deflate level of the packages we write again (report.xlsx, a workbook's cut copy)."""

# Python 3.13 made the level a public attribute; before, only the private one existed (no public way to set it on an
# entry that is not written by name).
_LEVEL = "compress_level" if sys.version_info >= (3, 13) else "_compresslevel"


def deflated(info: zipfile.ZipInfo, level: int = FAST) -> zipfile.ZipInfo:
    """A copy of `info` (name, time, attributes) to write a member with: deflated at `level`."""
    member = copy.copy(info)
    member.compress_type = zipfile.ZIP_DEFLATED
    setattr(member, _LEVEL, level)
    return member
