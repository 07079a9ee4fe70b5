"""Reading an office's spreadsheet (.csv, or the first sheet of an .xlsx) one row at a time,
within the import's limits (domain/imports.py: MAX_ROWS rows, MAX_COLUMNS columns).

Nothing here holds a whole sheet: a row is handed on as soon as it is read, so memory is
the upload's bytes and a few rows. An .xlsx is a zip of XML parts, and each part is
unpacked as it is parsed, up to a limit of its own (a zip bomb unpacks a thousandfold); the
sheet goes through expat as it unpacks and is refused at its `<dimension>`, or at the first
row or cell past the limits, before any of it is held. (python-calamine, which read them
before, built the grid out to the last cell first: a 1.6 KB file with one cell at
XFD1048576 asked for ~550 GB and the process aborted.) A part with a DTD is refused
unread: a workbook has none, and entities are how an XML bomb expands.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
import zlib
from array import array
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import IO
from xml.parsers import expat

from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.imports import MAX_COLUMNS, MAX_ROWS, SpreadsheetTooLarge, check_extent

Cell = str | int | float | bool | date | datetime | None

MB = 1024 * 1024
# What a part of an .xlsx may unpack to. The sheet is parsed as it unpacks and never held:
# 256 MB is 100,001 rows of 50 cells with room to spare, and bounds the parsing time. The
# shared strings are held (as UTF-8, packed); the other parts are small.
SHEET_LIMIT = 256 * MB
SHARED_STRINGS_LIMIT = 64 * MB
PART_LIMIT = 16 * MB
MAX_SHARED_STRINGS = (MAX_ROWS + 1) * MAX_COLUMNS  # one per cell of the largest sheet
CELL_TEXT_LIMIT = 32_767  # characters: Excel's own limit on a cell
CSV_ROW_LIMIT = 1 * MB  # characters: far past any row of the offices' columns
CHUNK = 64 * 1024

# Built-in number formats that show a date (ECMA-376, 18.8.30; 27–36 and 50–58 are the
# East Asian locales' dates).
DATE_FORMATS = frozenset({14, 15, 16, 17, 22, *range(27, 37), *range(50, 59)})
# What a format code shows literally: quoted text, escaped characters, padding and fill
# characters, and bracketed colours, conditions and locales ([Red], [$Rp-421]).
_LITERALS = re.compile(r'"[^"]*"|\\.|[_*].|\[[^\]]*\]')
_CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
# The worksheet elements read, by their names as expat gives them ("namespace name"), in
# the transitional and strict namespaces or none: a dict look-up per element, where a
# sheet of 100,000 rows has millions of them.
_SHEET_ELEMENTS = {
    f"{namespace} {name}".lstrip(): name
    for namespace in ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                      "http://purl.oclc.org/ooxml/spreadsheetml/main", "")
    for name in ("c", "v", "t", "is", "rPh", "row", "dimension")
}
_LAST_ROW = MAX_ROWS + 1  # the header row and MAX_ROWS rows
_COLUMNS = {letters: number for number, letters in
            enumerate((chr(65 + n) for n in range(26)), start=1)}
_COLUMNS.update({f"A{chr(65 + n)}": 27 + n for n in range(26)})  # AA … AZ: past AX is refused


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # as the spreadsheet shows it: the first row is 1
    cells: Sequence[Cell]  # from column A; None where a cell is empty


def read_sheet(filename: str, file: IO[bytes]) -> Generator[Row, None, None]:
    """The rows of a .csv, or of the first sheet of an .xlsx, that hold anything, in order
    (the header row first). Lazy: it raises InvalidInput (an unreadable file) or
    SpreadsheetTooLarge as it meets them, after the rows before were handed on; closing it
    lets go of the file."""
    name = filename.lower()
    if name.endswith(".csv"):
        return _csv_rows(file)
    if name.endswith(".xlsx"):
        return _xlsx_rows(file)
    raise InvalidInput("file", "upload a .xlsx or .csv file", rule="choose_file")


def column_names(row: Row) -> list[str]:
    """A header row's names, trimmed and lower-cased."""
    return [str(cell).strip().lower() if cell is not None else "" for cell in row.cells]


def _filled(cells: Sequence[Cell]) -> bool:
    return any(cell is not None and str(cell).strip() for cell in cells)


def _csv_rows(file: IO[bytes]) -> Generator[Row, None, None]:
    # newline="": the csv module handles line ends itself, quoted ones included
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    lines = _CsvLines(text)
    try:
        for number, record in enumerate(csv.reader(lines), start=1):
            lines.taken = 0  # the reader reads no further than the row it returns
            check_extent(number, len(record), where="the CSV file")
            if _filled(record):
                yield Row(number, record)
    except UnicodeDecodeError as error:
        raise InvalidInput("file", "a CSV file must be UTF-8 text",
                           rule="csv_not_utf8") from error
    except csv.Error as error:  # a field past csv.field_size_limit(), a stray quote
        raise InvalidInput("file", f"not a readable CSV file ({error})",
                           rule="unreadable_csv") from error
    finally:
        text.detach()  # the upload is the caller's to close


@dataclass
class _CsvLines:
    """The file's lines for the csv module, refused once one row (a quoted field may span
    lines) runs past CSV_ROW_LIMIT: the module would build a row of any length, and a line
    of ten million commas is ten million fields."""

    text: io.TextIOWrapper
    taken: int = 0  # characters of the row being read

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.text.readline(CSV_ROW_LIMIT + 1)
        if not line:
            raise StopIteration
        self.taken += len(line)
        if self.taken > CSV_ROW_LIMIT:
            raise SpreadsheetTooLarge(f"A row of the CSV file runs past {CSV_ROW_LIMIT:,} "
                                      "characters")
        return line


def _xlsx_rows(file: IO[bytes]) -> Generator[Row, None, None]:
    try:
        with zipfile.ZipFile(file) as package:
            yield from _Workbook(package).rows()
    # What a damaged or foreign file raises from zipfile (RuntimeError: encrypted; also
    # NotImplementedError: a compression it lacks), zlib, expat, or the cells' values.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, expat.ExpatError, KeyError,
            ValueError, IndexError, EOFError, NotImplementedError, RuntimeError,
            OSError) as error:
        raise InvalidInput("file", f"not a readable .xlsx workbook ({str(error)[:200]})",
                           rule="unreadable_workbook") from error


def _local(tag: str) -> str:
    """An element's or attribute's name without its namespace (expat gives "uri name")."""
    return tag.rpartition(" ")[2]


def _no_dtd(*_: object) -> None:
    raise InvalidInput("file", "not a readable .xlsx workbook (a part declares a DTD)",
                       rule="unreadable_workbook")


Handler = Callable[..., None]


def _parse(package: zipfile.ZipFile, part: str, limit: int, *, start: Handler,
           end: Handler | None = None, text: Handler | None = None) -> Iterator[None]:
    """Feed `part` to expat as it unpacks, a chunk at a time, yielding after each so that
    a caller can take what the handlers gathered; refused past `limit` bytes unpacked."""
    info = package.getinfo(part)
    if info.file_size > limit:
        raise SpreadsheetTooLarge(f"The part {part} unpacks to more than {limit // MB} MB",
                                  part=part, unpacked_limit=limit)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True  # a cell's text in one call, not one per buffer boundary
    unpacked = 0
    # zipfile stops at the size the zip declares (and checks the CRC): the count is a guard
    with package.open(info) as stream:
        while chunk := stream.read(CHUNK):
            unpacked += len(chunk)
            if unpacked > limit:
                raise SpreadsheetTooLarge(f"The part {part} unpacks to more than "
                                          f"{limit // MB} MB", part=part,
                                          unpacked_limit=limit)
            parser.Parse(chunk, False)
            yield
    parser.Parse(b"", True)
    yield


def _parse_whole(package: zipfile.ZipFile, part: str, limit: int, *, start: Handler,
                 end: Handler | None = None, text: Handler | None = None) -> None:
    for _ in _parse(package, part, limit, start=start, end=end, text=text):
        pass


def _relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """`part`'s relationships: id → (the type's last word, the target's path)."""
    folder, _, name = part.rpartition("/")
    found: dict[str, tuple[str, str]] = {}

    def start(tag: str, attributes: dict[str, str]) -> None:
        if _local(tag) == "Relationship" and attributes.get("TargetMode") != "External":
            target = attributes["Target"]
            path = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target)))
            found[attributes["Id"]] = (attributes["Type"].rpartition("/")[2], path)

    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    _parse_whole(package, rels, PART_LIMIT, start=start)
    return found


class _Workbook:
    """The parts that say which sheet comes first and how to read its cells."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        self.package = package
        workbook = next((path for kind, path in _relationships(package, "").values()
                         if kind == "officeDocument"), None)
        if workbook is None:
            raise ValueError("the package holds no workbook")
        first_sheet, self.date1904 = self._first_sheet(workbook)
        related = _relationships(package, workbook)
        self.sheet = related[first_sheet][1]
        by_kind = {kind: path for kind, path in related.values()}
        self.strings = _SharedStrings()
        if "sharedStrings" in by_kind:
            _parse_whole(package, by_kind["sharedStrings"], SHARED_STRINGS_LIMIT,
                         start=self.strings.start, end=self.strings.end,
                         text=self.strings.text)
        self.date_styles: list[bool] = []
        if "styles" in by_kind:
            self.date_styles = _date_styles(package, by_kind["styles"])

    def _first_sheet(self, workbook: str) -> tuple[str, bool]:
        found: list[str] = []
        date1904 = [False]

        def start(tag: str, attributes: dict[str, str]) -> None:
            name = _local(tag)
            if name == "sheet" and not found:
                found.extend(value for key, value in attributes.items()
                             if _local(key) == "id" and " " in key)  # r:id, not sheetId
            elif name == "workbookPr":
                date1904[0] = attributes.get("date1904") in ("1", "true")

        _parse_whole(self.package, workbook, PART_LIMIT, start=start)
        if not found:
            raise ValueError("the workbook has no sheet")
        return found[0], date1904[0]

    def rows(self) -> Iterator[Row]:
        sheet = _Sheet(self.strings, self.date_styles, self.date1904)
        for _ in _parse(self.package, self.sheet, SHEET_LIMIT, start=sheet.start,
                        end=sheet.end, text=sheet.text):
            yield from sheet.done
            sheet.done.clear()


@dataclass
class _SharedStrings:
    """The workbook's table of strings, packed as UTF-8 with the end of each: a million
    short strings as Python objects would take ten times their text."""

    packed: bytearray = field(default_factory=bytearray)
    ends: array[int] = field(default_factory=lambda: array("I"))
    length: int = 0  # characters of the string being read
    taking: bool = False
    phonetic: bool = False  # <rPh> runs are reading aids, not the cell's text

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        name = _local(tag)
        if name == "si":
            self.length = 0
        elif name == "t" and not self.phonetic:
            self.taking = True
        elif name == "rPh":
            self.phonetic = True

    def end(self, tag: str) -> None:
        name = _local(tag)
        if name == "t":
            self.taking = False
        elif name == "rPh":
            self.phonetic = False
        elif name == "si":
            if len(self.ends) >= MAX_SHARED_STRINGS:
                raise SpreadsheetTooLarge(f"The workbook shares more than "
                                          f"{MAX_SHARED_STRINGS:,} strings")
            self.ends.append(len(self.packed))

    def text(self, data: str) -> None:
        if self.taking:
            self.length += len(data)
            if self.length > CELL_TEXT_LIMIT:
                raise ValueError(f"a shared string is longer than {CELL_TEXT_LIMIT:,} "
                                 "characters")
            self.packed += data.encode()

    def __getitem__(self, index: int) -> str:
        if not 0 <= index < len(self.ends):
            raise IndexError(f"no shared string {index}")
        first = self.ends[index - 1] if index else 0
        return self.packed[first:self.ends[index]].decode()


def _date_styles(package: zipfile.ZipFile, part: str) -> list[bool]:
    """For each cell style (`s` of a cell), whether its number format shows a date."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    inside = [False]  # within <cellXfs>: <cellStyleXfs> holds <xf> elements too

    def start(tag: str, attributes: dict[str, str]) -> None:
        name = _local(tag)
        if name == "numFmt":
            custom[int(attributes["numFmtId"])] = attributes.get("formatCode", "")
        elif name == "cellXfs":
            inside[0] = True
        elif name == "xf" and inside[0]:
            formats.append(int(attributes.get("numFmtId", 0)))

    def end(tag: str) -> None:
        if _local(tag) == "cellXfs":
            inside[0] = False

    _parse_whole(package, part, PART_LIMIT, start=start, end=end)
    return [number in DATE_FORMATS if number not in custom else _shows_date(custom[number])
            for number in formats]


def _shows_date(code: str) -> bool:
    """Whether a custom number format shows a date: a day, month or year in its first
    section, once its literal text is dropped (a time alone, h:mm:ss, is not a date)."""
    section = _LITERALS.sub("", code).split(";")[0].lower()
    return ("d" in section or "y" in section
            or ("m" in section and "h" not in section and "s" not in section))


def _cell_reference(reference: str) -> tuple[int, int]:
    """"XFD1048576" → (1048576, 16384)."""
    found = _CELL_REFERENCE.fullmatch(reference)
    if found is None:
        raise ValueError(f"{reference[:20]!r} is not a cell reference")
    column = 0
    for letter in found.group(1).upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(found.group(2)), column


class _Sheet:
    """expat's handlers for a worksheet: each row that holds anything goes to `done`."""

    def __init__(self, strings: _SharedStrings, date_styles: list[bool], date1904: bool
                 ) -> None:
        self.strings = strings
        self.date_styles = date_styles
        self.epoch = date(1904, 1, 1) if date1904 else None
        self.done: list[Row] = []
        self.row = 0
        self.cells: list[Cell] = []
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.value: list[str] = []
        self.length = 0
        self.taking = False
        self.inline = False  # within <is>, an inline string
        self.phonetic = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        name = _SHEET_ELEMENTS.get(tag)
        if name == "c":
            reference = attributes.get("r")
            if reference is None:  # cells without a reference follow one another
                row, self.column = self.row, self.column + 1
            else:
                digits = len(reference.rstrip("0123456789"))
                column = _COLUMNS.get(reference[:digits])
                row, self.column = ((int(reference[digits:]), column)
                                    if column is not None and digits < len(reference) < 12
                                    else _cell_reference(reference))
            if row > _LAST_ROW or self.column > MAX_COLUMNS:  # check_extent, made cheap
                check_extent(row, self.column,
                             where=f"cell {_column_letters(self.column)}{row}")
            self.kind = attributes.get("t", "n")
            self.style = int(attributes.get("s", 0))
            self.value = []
            self.length = 0
        elif name == "v" or (name == "t" and self.inline and not self.phonetic):
            self.taking = True
        elif name == "is":
            self.inline = True
        elif name == "rPh":
            self.phonetic = True
        elif name == "row":
            self.row = int(attributes["r"]) if "r" in attributes else self.row + 1
            if self.row < 1:
                raise ValueError(f"row {self.row}")
            check_extent(self.row, 0, where=f"row {self.row:,}")
            self.cells = []
            self.column = 0
        elif name == "dimension":
            reference = attributes.get("ref", "A1")
            last_row, last_column = _cell_reference(reference.rpartition(":")[2])
            check_extent(last_row, last_column, where=f"its dimension {reference[:40]}")

    def end(self, tag: str) -> None:
        name = _SHEET_ELEMENTS.get(tag)
        if name == "v" or name == "t":
            self.taking = False
        elif name == "c":
            value = self._value()
            if value is not None:
                self.cells.extend([None] * (self.column - len(self.cells)))
                self.cells[self.column - 1] = value
        elif name == "is":
            self.inline = False
        elif name == "rPh":
            self.phonetic = False
        elif name == "row" and _filled(self.cells):
            self.done.append(Row(self.row, self.cells))

    def text(self, data: str) -> None:
        if self.taking:
            self.length += len(data)
            if self.length > CELL_TEXT_LIMIT:
                raise ValueError(f"a cell holds more than {CELL_TEXT_LIMIT:,} characters")
            self.value.append(data)

    def _value(self) -> Cell:
        text = "".join(self.value)
        kind = self.kind
        if kind == "s":
            return self.strings[int(text)]
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":  # ISO 8601, as some writers store dates
            try:
                return datetime.fromisoformat(text.strip())
            except ValueError:
                return text
        if not text.strip():
            return None
        digits = text.strip().lstrip("-")
        # ASCII only: "²".isdigit() is True, yet int("²") raises
        number: int | float = int(text) if digits.isascii() and digits.isdigit() else float(text)
        if 0 <= self.style < len(self.date_styles) and self.date_styles[self.style]:
            return self._date(number)
        return number

    def _date(self, serial: float) -> Cell:
        """A date cell's serial number as the day (or moment) it shows."""
        if not 0 <= serial < 2_958_466:  # past 9999-12-31: not a day, leave it a number
            return serial
        # 1900 system: day 1 is 1900-01-01, and day 60 the 29 February 1900 that Lotus
        # 1-2-3 invented and Excel kept, so later days count from 30 December 1899.
        base = self.epoch or (date(1899, 12, 31) if serial < 60 else date(1899, 12, 30))
        moment = datetime(base.year, base.month, base.day) + timedelta(days=serial)
        return moment.date() if float(serial).is_integer() else moment


def _column_letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters

