"""Files with no tracker in sight: the raw cells every source yields (`cells`), workbooks and CSV read within their
limits (`tables`), a cell written into a workbook that never becomes a formula (`xlsxcells`), and whole files
written atomically, under a lock where two processes can meet (`atomic`), and a zip package's members written again at
the deflate level we choose (`zipped`).

Everything above imports from here; nothing here imports the tracker's models.
"""
