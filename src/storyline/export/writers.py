"""Write a table's rows as JSON Lines, CSV or Parquet, one row at a time.

JSON Lines and Parquet keep nested fields nested. CSV has no nesting: lists and structs become
JSON text in their cell, null an empty cell, booleans `true`/`false`; a table with a `csv_row_per`
column (claims: their values) gets one CSV row per item of it. A CSV text cell that a spreadsheet
would take for a formula (`=HYPERLINK(...)`) starts with a `'`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any, Protocol

from storyline.errors import StorylineError
from storyline.export.records import ColumnType, Table
from storyline.untrusted import for_spreadsheet

__all__ = ["EXTENSIONS", "TableWriter", "open_table", "require_parquet", "table_file"]

EXTENSIONS = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet"}
PARQUET_BATCH = 1000  # rows held in memory before they are written as a Parquet row group


class TableWriter(Protocol):
    path: Path
    rows: int  # records in the file so far (for CSV, its lines after the header)

    def write(self, row: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


def table_file(format: str, folder: Path, table: Table) -> Path:
    """Where `table` goes in `folder`: `<table>.<format>`."""
    return folder / f"{table.name}.{EXTENSIONS[format]}"


def open_table(format: str, path: Path, table: Table) -> TableWriter:
    """A writer of `table` into the file `path`."""
    if format == "jsonl":
        return JsonLinesWriter(path, table)
    if format == "csv":
        return CsvWriter(path, table)
    return ParquetWriter(path, table)


class JsonLinesWriter:
    def __init__(self, path: Path, table: Table) -> None:
        self.path = path
        self.rows = 0
        self._file: IO[str] = path.open("w", encoding="utf-8")

    def write(self, row: dict[str, Any]) -> None:
        self._file.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.rows += 1

    def close(self) -> None:
        self._file.close()


class CsvWriter:
    def __init__(self, path: Path, table: Table) -> None:
        self.path = path
        self.rows = 0
        self._table = table
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file)
        self._csv.writerow(table.csv_columns())

    def write(self, row: dict[str, Any]) -> None:
        spread = self._table.csv_row_per
        if spread is None:
            self._csv.writerow([_cell(row[name]) for name in self._table.columns])
            self.rows += 1
        else:
            fields = self._table.columns[spread]
            assert isinstance(fields, list) and isinstance(fields[0], dict)
            # A row with an empty list still gets one line, its item's cells empty.
            for item in row[spread] or [dict.fromkeys(fields[0])]:
                cells = []
                for name in self._table.columns:
                    if name == spread:
                        cells += [_cell(item[field]) for field in fields[0]]
                    else:
                        cells.append(_cell(row[name]))
                self._csv.writerow(cells)
                self.rows += 1

    def close(self) -> None:
        self._file.close()


def _cell(value: Any) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return for_spreadsheet(value)
    assert isinstance(value, int | float)
    return value


class ParquetWriter:
    def __init__(self, path: Path, table: Table) -> None:
        pa, pq = _pyarrow()
        self.path = path
        self.rows = 0
        self._pa = pa
        self._schema = pa.schema([(name, _arrow_type(pa, kind)) for name, kind in table.columns.items()])
        self._writer = pq.ParquetWriter(str(path), self._schema)
        self._batch: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        self._batch.append(row)
        self.rows += 1
        if len(self._batch) >= PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self._writer.write_table(self._pa.Table.from_pylist(self._batch, schema=self._schema))
            self._batch = []

    def close(self) -> None:
        try:
            self._flush()
        finally:
            self._writer.close()


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise StorylineError("writing Parquet needs pyarrow: pip install 'storyline[parquet]'") from exc
    return pyarrow, pyarrow.parquet


def require_parquet() -> None:
    """Raise the install hint now, before anything is written, when pyarrow is missing."""
    _pyarrow()


def _arrow_type(pa: Any, kind: ColumnType) -> Any:
    if isinstance(kind, list):
        return pa.list_(_arrow_type(pa, kind[0]))
    if isinstance(kind, dict):
        return pa.struct([(name, _arrow_type(pa, inner)) for name, inner in kind.items()])
    return {
        "string": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "map<string,string>": pa.map_(pa.string(), pa.string()),
    }[kind]
