"""The import service behind every app's upload–preview–confirm page.

An app supplies a django-import-export ``ModelResource`` whose constructor takes ``user`` (to
scope lookups) and whose fields carry Chinese column names. This module reads the .xlsx, checks
the header, runs a dry run, turns every failure into (row, column, reason) and, on confirmation,
imports everything in one transaction or nothing at all.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.resources import ModelResource
from openpyxl import load_workbook

XLSX_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
    "",
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not xlsx, too big, wrong header, empty)."""


@dataclass
class RowError:
    row: int  # the row number as Excel shows it (the header is row 1)
    column: str
    message: str


@dataclass
class ImportOutcome:
    total: int = 0
    new: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"total": self.total, "new": self.new, "updated": self.updated}

    def errors_as_json(self) -> list[dict]:
        return [asdict(e) for e in self.errors]


@dataclass
class ParsedFile:
    dataset: tablib.Dataset
    excel_rows: list[int]  # Excel row number of each dataset row


def check_upload(uploaded) -> bytes:
    """The uploaded file's bytes, if it is an .xlsx of acceptable size; else ``ImportFileError``."""
    name = (uploaded.name or "").lower()
    if not name.endswith(".xlsx"):
        raise ImportFileError(_("只能导入 Excel 文件（.xlsx），“{name}”不是 .xlsx 文件").format(name=uploaded.name))
    if uploaded.size > settings.QIZHI_IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("文件过大：最大 {limit} MB").format(limit=settings.QIZHI_IMPORT_MAX_BYTES // (1024 * 1024))
        )
    if getattr(uploaded, "content_type", "") not in XLSX_CONTENT_TYPES:
        raise ImportFileError(_("文件类型不是 Excel 工作簿"))
    content = uploaded.read()
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ImportFileError(_("文件内容不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后重试"))
    return content


def parse_xlsx(content: bytes, resource: ModelResource) -> ParsedFile:
    """Read the first sheet; check its header against the resource; drop blank rows."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(_("无法读取 Excel 文件：{error}").format(error=exc)) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, None)
    if not header_row:
        raise ImportFileError(_("工作表是空的"))
    header = [str(h).strip() if h is not None else "" for h in header_row]
    missing = [c for c in resource.required_columns() if c not in header]
    if missing:
        raise ImportFileError(_("缺少必需的列：{columns}").format(columns="、".join(missing)))
    dataset = tablib.Dataset(headers=header)
    excel_rows: list[int] = []
    for number, values in enumerate(rows, start=2):
        values = list(values)[: len(header)] + [None] * max(0, len(header) - len(values))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        dataset.append(values)
        excel_rows.append(number)
    workbook.close()
    if not excel_rows:
        raise ImportFileError(_("文件中没有数据行"))
    return ParsedFile(dataset, excel_rows)


def collect_errors(result, resource: ModelResource, excel_rows: list[int]) -> list[RowError]:
    """Every validation error and unexpected failure of an import result, in row order."""
    columns = resource.column_names()
    errors: list[RowError] = []
    for invalid in result.invalid_rows:
        row = excel_rows[invalid.number - 1]
        for attribute, messages in invalid.error_dict.items():
            column = "" if attribute == NON_FIELD_ERRORS else columns.get(attribute, attribute)
            errors.extend(RowError(row, column, str(m)) for m in messages)
    for number, row_errors in result.row_errors():
        for error in row_errors:
            errors.append(RowError(excel_rows[number - 1], "", str(error.error)))
    for error in result.base_errors:
        errors.append(RowError(0, "", str(error.error)))
    errors.sort(key=lambda e: (e.row, e.column))
    return errors


def run_import(
    resource: ModelResource,
    parsed: ParsedFile,
    *,
    dry_run: bool,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Import ``parsed`` all or nothing; with ``dry_run`` nothing is ever written."""
    resource.progress = progress
    resource.excel_rows = parsed.excel_rows
    outcome = ImportOutcome(total=len(parsed.excel_rows))
    try:
        with transaction.atomic():
            result = resource.import_data(
                parsed.dataset,
                dry_run=dry_run,
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
            )
            outcome.errors = collect_errors(result, resource, parsed.excel_rows)
            if outcome.errors or dry_run:
                transaction.set_rollback(True)
    finally:
        resource.progress = None
    totals = result.totals
    outcome.new = totals.get("new", 0)
    outcome.updated = totals.get("update", 0)
    if dry_run and not outcome.errors:
        outcome.preview = [dict(zip(parsed.dataset.headers, row, strict=False)) for row in parsed.dataset[:20]]
    return outcome


def progress_key(job_id: int) -> str:
    return f"qizhi:import-progress:{job_id}"


def report_progress(job_id: int) -> Callable[[int], None]:
    """A callback that publishes the number of processed rows to the shared cache."""

    def publish(done: int) -> None:
        cache.set(progress_key(job_id), done, timeout=3600)

    return publish
