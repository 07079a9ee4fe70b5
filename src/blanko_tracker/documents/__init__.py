"""Documents people file: the monthly report as an XLSX workbook and an A4 PDF."""
