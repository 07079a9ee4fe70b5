"""Reading an office's spreadsheet (.xlsx via python-calamine, or .csv) into rows."""

from __future__ import annotations

import csv
import io
from typing import Any

from blanko_tracker.domain.errors import InvalidInput


def read_rows(filename: str, content: bytes) -> tuple[list[str], list[list[Any]]]:
    """The header (lower-cased, trimmed) and the data rows, blank rows dropped."""
    name = filename.lower()
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidInput("file", "a CSV file must be UTF-8 text",
                               rule="csv_not_utf8") from error
        table = list(csv.reader(io.StringIO(text)))
    elif name.endswith(".xlsx"):
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(content))
            table = book.get_sheet_by_index(0).to_python()
        except Exception as error:  # calamine raises its own types for any damaged file
            raise InvalidInput("file", f"not a readable .xlsx workbook ({error})",
                               rule="unreadable_workbook") from error
    else:
        raise InvalidInput("file", "upload a .xlsx or .csv file", rule="choose_file")
    table = [row for row in table if any(str(cell).strip() for cell in row)]
    if not table:
        raise InvalidInput("file", "the file is empty: a header row is expected",
                           rule="empty_file")
    header = [str(cell).strip().lower() for cell in table[0]]
    return header, table[1:]
