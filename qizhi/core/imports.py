"""The import service behind every app's upload–check–confirm page.

An app supplies a django-import-export ``ModelResource`` whose constructor takes ``user`` (to
scope lookups) and whose fields carry Chinese column names. The request only stores the upload
(``store_upload``: size counted while it streams in, the zip's directory read for the inflated
size); everything that reads the sheet runs in a background task (``core/tasks.py``):
``run_import`` opens the file within limits, streams its rows in chunks through the resource,
turns every failure into (row, column, reason) and writes all rows in one transaction or none.

Limits, each refused with a Chinese message naming it, before the part it guards is parsed:
- the upload's size (``QIZHI_IMPORT_MAX_BYTES``), counted while the request body streams in;
- the unzipped size of the whole file (``QIZHI_IMPORT_MAX_INFLATED_BYTES``) and of each part that
  openpyxl reads whole (shared strings, styles: ``PART_MAX_BYTES``), from the zip's directory.
  ``zipfile`` never inflates a member past the size its directory declares (the CRC check fails),
  so a zip bomb is refused without unpacking a byte of it;
- the number of rows (``QIZHI_IMPORT_MAX_ROWS``), of cells in a row (``MAX_COLUMNS``) and of distinct
  texts (``STRINGS_PER_ROW`` a row), counted by an expat scan that builds no tree, before openpyxl
  opens the workbook.
"""

from __future__ import annotations

import datetime
import logging
import posixpath
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.parsers import expat

import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.resources import ModelResource
from openpyxl import load_workbook

logger = logging.getLogger(__name__)

MB = 1024 * 1024
PART_MAX_BYTES = 32 * MB  # a part openpyxl reads whole (shared strings, styles, the workbook)
MAX_COLUMNS = 200  # cells in one row: a roster has a dozen; a crafted row of millions would fill memory
STRINGS_PER_ROW = 5  # distinct texts (shared strings) per row on average: openpyxl keeps each at ~200 bytes
CHUNK_ROWS = 1000  # rows handed to the resource at once: lookups are one query per chunk
PREVIEW_ROWS = 20


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not xlsx, too big, wrong header, empty)."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_inflated: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.QIZHI_IMPORT_MAX_BYTES,
            max_inflated=settings.QIZHI_IMPORT_MAX_INFLATED_BYTES,
            max_rows=settings.QIZHI_IMPORT_MAX_ROWS,
        )


@dataclass
class RowError:
    row: int  # the row number as Excel shows it (the header is row 1); 0 for the file as a whole
    column: str
    message: str


@dataclass
class ImportOutcome:
    total: int = 0
    new: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[list] = field(default_factory=list)  # the header, then the first rows

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"total": self.total, "new": self.new, "updated": self.updated}

    def errors_as_json(self) -> list[dict]:
        return [asdict(e) for e in self.errors]


@dataclass
class ParsedFile:
    """One chunk of the sheet's data rows, as the resource takes them."""

    dataset: tablib.Dataset
    excel_rows: list[int]  # Excel row number of each dataset row


def megabytes(size: int) -> str:
    return f"{size / MB:g}"


# --- In the request: the upload, counted while it streams in, then stored -------------------------


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes ``limit`` bytes (first among the handlers)."""

    def __init__(self, limit: int, request=None):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.refused = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # The body announced as larger than the file may be (plus room for the form fields).
        # Django reads StopUpload only while files arrive: the first chunk stops it.
        if content_length and content_length > self.limit + 64 * 1024:
            self.refused = True

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.refused or self.received > self.limit:
            self.refused = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def too_large_message(limits: Limits) -> str:
    return _("文件过大：导入文件最大 {limit} MB").format(limit=megabytes(limits.max_bytes))


def store_upload(uploaded, limits: Limits) -> Path:
    """Store an uploaded .xlsx under MEDIA_ROOT/imports after the checks that read no sheet."""
    name = (uploaded.name or "").lower()
    if not name.endswith(".xlsx"):
        raise ImportFileError(_("只能导入 Excel 文件（.xlsx），“{name}”不是 .xlsx 文件").format(name=uploaded.name))
    if uploaded.size > limits.max_bytes:
        raise ImportFileError(too_large_message(limits))
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.xlsx"
    with path.open("wb") as target:
        for chunk in uploaded.chunks():
            target.write(chunk)
    try:
        check_archive(path, limits)
    except ImportFileError:
        path.unlink(missing_ok=True)
        raise
    return path


def check_archive(path: Path, limits: Limits) -> None:
    """Refuse a file that is no .xlsx or would unzip too large, reading only the zip's directory."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(
            _("文件内容不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后重试")
        ) from exc
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportFileError(_("文件是一个压缩包而不是 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后重试"))
    if any(m.flag_bits & 0x1 for m in members):
        raise ImportFileError(_("文件已加密，请取消密码保护后重试"))
    inflated = sum(m.file_size for m in members)
    if inflated > limits.max_inflated:
        raise ImportFileError(
            _("文件解压后有 {size} MB，超过了 {limit} MB 的上限，不能导入").format(
                size=round(inflated / MB), limit=megabytes(limits.max_inflated)
            )
        )
    for member in members:
        read_whole = not member.filename.startswith(("xl/worksheets/", "xl/media/", "docProps/thumbnail"))
        if read_whole and member.file_size > PART_MAX_BYTES:
            raise ImportFileError(
                _("文件中的“{part}”解压后超过了 {limit} MB 的上限，不能导入").format(
                    part=member.filename, limit=megabytes(PART_MAX_BYTES)
                )
            )


# --- In the worker: the sheet, within limits, in chunks ----------------------------------------


class SheetShape:
    """Rows and cells of a sheet, counted by expat without building a tree (constant memory)."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.rows = 0  # rows with at least one cell, header included
        self.cells = 0  # cells in the current row

    def start(self, name: str, attrs) -> None:
        tag = name.rpartition(":")[2]
        if tag == "row":
            self.cells = 0
        elif tag == "c":
            self.cells += 1
            if self.cells == 1:
                self.rows += 1
                if self.rows > self.limits.max_rows + 1:
                    raise ImportFileError(
                        _("文件超过了 {limit} 行的上限，请分成几个文件导入").format(limit=self.limits.max_rows)
                    )
            if self.cells > MAX_COLUMNS:
                raise ImportFileError(_("第 {row} 行超过了 {limit} 列的上限").format(row=self.rows, limit=MAX_COLUMNS))


def expat_read(stream, start: Callable[[str, dict], None]) -> None:
    """Feed a part to expat a block at a time; ``start`` sees every element's name and attributes."""
    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    try:
        while block := stream.read(1024 * 1024):
            parser.Parse(block, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise ImportFileError(_("文件中的工作表已损坏，无法读取")) from exc


def local(name: str) -> str:
    return name.rpartition(":")[2]


def first_sheet_part(archive: zipfile.ZipFile) -> str:
    """The first sheet's part name, from workbook.xml and its relationships (as openpyxl finds it)."""
    ids: list[str] = []
    targets: dict[str, str] = {}

    def on_workbook(name, attrs):
        if local(name) == "sheet" and not ids:
            ids.extend(value for key, value in attrs.items() if local(key) == "id")

    def on_relationships(name, attrs):
        if local(name) == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    try:
        with archive.open("xl/workbook.xml") as stream:
            expat_read(stream, on_workbook)
        with archive.open("xl/_rels/workbook.xml.rels") as stream:
            expat_read(stream, on_relationships)
    except KeyError as exc:
        raise ImportFileError(_("文件中的工作表已损坏，无法读取")) from exc
    target = targets.get(ids[0], "") if ids else ""
    if not target:
        raise ImportFileError(_("工作簿中没有工作表"))
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")


def count_shared_strings(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse more distinct texts than the rows allow, before openpyxl loads them all into memory."""
    limit = max(1000, STRINGS_PER_ROW * limits.max_rows)
    count = 0

    def on_element(name, attrs):
        nonlocal count
        if local(name) == "si":
            count += 1
            if count > limit:
                raise ImportFileError(_("文件中不同的文字内容超过了 {limit} 条的上限，不能导入").format(limit=limit))

    for member in archive.namelist():
        if member.lower().endswith("sharedstrings.xml"):
            with archive.open(member) as stream:
                expat_read(stream, on_element)


def scan_first_sheet(path: Path, limits: Limits) -> int:
    """Rows of the first sheet (header included), counted within the limits before openpyxl opens it.

    openpyxl itself reads a sheet through once when it has no ``<dimension>`` (to size it), building
    every cell of a row: a crafted row of millions of cells would fill memory there.
    """
    with zipfile.ZipFile(path) as archive:
        count_shared_strings(archive, limits)
        part = first_sheet_part(archive)
        try:
            stream = archive.open(part)
        except KeyError as exc:
            raise ImportFileError(_("文件中的工作表已损坏，无法读取")) from exc
        with stream:
            shape = SheetShape(limits)
            expat_read(stream, shape.start)
    return shape.rows


def open_workbook(path: Path, limits: Limits):
    """The workbook in openpyxl's read-only mode, and its first sheet's row count (header included)."""
    check_archive(path, limits)
    rows = scan_first_sheet(path, limits)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl answers a broken file with many kinds of English errors
        raise ImportFileError(_("无法读取 Excel 文件，请用 Excel 或 WPS 打开后另存为 .xlsx 再导入")) from exc
    if not workbook.worksheets:
        workbook.close()
        raise ImportFileError(_("工作簿中没有工作表"))
    return workbook, rows


def is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_header(rows: Iterator[tuple], resource: ModelResource) -> list[str]:
    header_row = next(rows, None)
    if not header_row or is_blank(header_row):
        raise ImportFileError(_("工作表是空的"))
    header = [str(h).strip() if h is not None else "" for h in header_row]
    missing = [c for c in resource.required_columns() if c not in header]
    if missing:
        raise ImportFileError(_("缺少必需的列：{columns}").format(columns="、".join(missing)))
    return header


def read_chunks(workbook, resource: ModelResource, size: int = CHUNK_ROWS) -> Iterator[ParsedFile]:
    """The first sheet's data rows, blank rows dropped, ``size`` at a time."""
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = read_header(rows, resource)
    width = len(header)
    chunk = ParsedFile(tablib.Dataset(headers=header), [])
    for number, values in enumerate(rows, start=2):
        values = list(values[:width]) + [None] * max(0, width - len(values))
        if is_blank(values):
            continue
        chunk.dataset.append(values)
        chunk.excel_rows.append(number)
        if len(chunk.excel_rows) == size:
            yield chunk
            chunk = ParsedFile(tablib.Dataset(headers=header), [])
    if chunk.excel_rows:
        yield chunk


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
            logger.warning("import row %s failed: %r", excel_rows[number - 1], error.error)
            errors.append(RowError(excel_rows[number - 1], "", _("此行无法导入：{error}").format(error=error.error)))
    for error in result.base_errors:
        logger.warning("import batch failed: %r", error.error)
        errors.append(RowError(0, "", _("一批数据写入失败，未导入任何数据：{error}").format(error=error.error)))
    errors.sort(key=lambda e: (e.row, e.column))
    return errors


def preview_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
    return str(value) if not isinstance(value, int | float | str) else value


def run_import(
    resource: ModelResource,
    path: Path,
    *,
    dry_run: bool,
    limits: Limits | None = None,
    progress: Callable[[int], None] | None = None,
    started: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Import the stored file all or nothing; with ``dry_run`` (the check) nothing is ever written.

    The check runs every row through the resource inside a transaction it rolls back: rows written
    one by one are written (a row may refer to an earlier one), bulk writes are skipped (their rows
    were checked in full on the way). ``started`` is told
    the number of data rows once the sheet's shape is known; ``progress`` the rows done so far.
    """
    limits = limits or Limits.from_settings()
    workbook, rows = open_workbook(path, limits)
    outcome = ImportOutcome()
    if started is not None:
        started(max(0, rows - 1))
    try:
        with transaction.atomic():
            for chunk in read_chunks(workbook, resource):
                import_chunk(resource, chunk, outcome, dry_run=dry_run)
                if progress is not None:
                    progress(outcome.total)
            if outcome.errors or dry_run:
                transaction.set_rollback(True)
    finally:
        workbook.close()
    if not outcome.total:
        raise ImportFileError(_("文件中没有数据行"))
    return outcome


def import_chunk(resource: ModelResource, chunk: ParsedFile, outcome: ImportOutcome, *, dry_run: bool) -> None:
    resource.excel_rows = chunk.excel_rows
    resource.checking = dry_run
    # dry_run=False: the caller's transaction decides; a chunk with a bad row rolls back to its savepoint.
    result = resource.import_data(
        chunk.dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    outcome.errors.extend(collect_errors(result, resource, chunk.excel_rows))
    outcome.total += len(chunk.excel_rows)
    outcome.new += result.totals.get("new", 0)
    outcome.updated += result.totals.get("update", 0)
    if dry_run and len(outcome.preview) <= PREVIEW_ROWS:
        if not outcome.preview:
            outcome.preview.append(list(chunk.dataset.headers))
        for values in chunk.dataset[: PREVIEW_ROWS + 1 - len(outcome.preview)]:
            outcome.preview.append([preview_cell(v) for v in values])


def progress_key(job_id: int) -> str:
    return f"qizhi:import-progress:{job_id}"


def report_progress(job_id: int) -> Callable[[int], None]:
    """A callback that publishes the number of processed rows to the shared cache."""

    def publish(done: int) -> None:
        cache.set(progress_key(job_id), done, timeout=3600)

    return publish


def cleanup_stale_uploads(now=None) -> tuple[int, int]:
    """Delete the stored files nobody will import: checked files left unconfirmed longer than
    ``QIZHI_IMPORT_KEEP_HOURS`` (their job says so) and files no waiting job names (a worker that
    died, a job deleted). Answers ``(expired jobs, files deleted)``."""
    import datetime

    from qizhi.core.models import ImportJob

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.QIZHI_IMPORT_KEEP_HOURS)
    expired = 0
    for job in ImportJob.objects.filter(status=ImportJob.Status.PREVIEWED, created_at__lt=cutoff):
        Path(job.stored_path).unlink(missing_ok=True)
        message = _("检查后 {hours} 小时内未确认导入，文件已删除，请重新上传").format(
            hours=settings.QIZHI_IMPORT_KEEP_HOURS
        )
        job.status = ImportJob.Status.FAILED
        job.errors = [{"row": 0, "column": "", "message": str(message)}]
        job.finished_at = now
        job.save(update_fields=["status", "errors", "finished_at"])
        expired += 1
    folder = Path(settings.MEDIA_ROOT) / "imports"
    waiting = ImportJob.objects.exclude(status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED])
    kept = {Path(path).name for path in waiting.values_list("stored_path", flat=True)}
    deleted = expired
    for path in folder.glob("*.xlsx") if folder.exists() else ():
        modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
        if path.name not in kept and modified < cutoff:  # a fresh file may belong to an upload in progress
            path.unlink(missing_ok=True)
            deleted += 1
    return expired, deleted
