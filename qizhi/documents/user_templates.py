"""User-editable Word templates (docxtpl) of the narrative documents: the 年度工作总结 and the 党建工作报告.

A unit uploads a .docx with Jinja tags (``{{ 单位 }}``, ``{%tr for 行 in 考核表 %}``); the download of the
document then fills it with ``context_for`` — the same figures and sentences as the built-in layout, read
from the same builders (``year_summary``, ``branch_report``), as plain strings, numbers, lists and dicts:
never a model instance, so a template reaches no database row. The template decides the layout.

One check (``check``) answers every door (the upload form, the API): the file type and size, the Jinja
syntax, unknown variables, loops and conditions that would break a table, and a trial render with sample
figures in the sandbox, which refuses ``{{ ''.__class__ }}`` and its kind.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from qizhi.accounts.roles import Action
from qizhi.core.models import StaleRecord
from qizhi.core.refusals import require, require_covers
from qizhi.documents.charts import WIDTH_MM, Chart
from qizhi.documents.choices import TemplateKind
from qizhi.documents.jinja_messages import chinese
from qizhi.documents.models import DocumentTemplate
from qizhi.documents.official import chinese_date
from qizhi.documents.template_variables import FIGURES, TABLES, names_of, sample_context, sample_values
from qizhi.org.models import Unit

MAX_MB = 5
MAX_INFLATED_MB = 50  # a .docx is a zip: what it unpacks to is bounded too (a zip bomb is small)


# --- The context: the builders' sections as plain values --------------------------------------------


def _sections(document, names: set[str], context: dict) -> None:
    """Each section's text under its heading, its figures and table under their names (``FIGURES``, ``TABLES``),
    and every section in ``各部分``; only the names the kind declares."""
    context["各部分"] = []
    for section in document.sections:
        header, rows = section.table or ([], [])
        context["各部分"].append(
            {"标题": section.heading, "段落": list(section.paragraphs), "表头": list(header),
             "表格": [[str(v) for v in row] for row in rows]}
        )  # fmt: skip
        if section.heading in names:
            context[section.heading] = "".join(section.paragraphs)  # Chinese sentences run on without a space
        if FIGURES.get(section.heading) in names:
            context[FIGURES[section.heading]] = dict(section.figures)
        table = TABLES.get(section.heading)
        if table and table[0] in names:
            context[table[0]] = [dict(zip(table[1], [str(v) for v in row], strict=True)) for row in rows]
    # A section with nothing to count (no plan, no organization) has no figures: each name is still there, as
    # "—", so that a template that passed its trial with the sample figures does not fail on a unit without them.
    shapes = sample_values()
    for name in set(FIGURES.values()) & names:
        figures = context.setdefault(name, {})
        for key, example in shapes[name].items():
            figures.setdefault(key, [] if isinstance(example, list) else "—")
    for table_name, _columns in TABLES.values():
        if table_name in names:
            context.setdefault(table_name, [])


def context_for(kind: str, subject, year: int, *, today: datetime.date, number: str | None = None) -> dict:
    """The named values a template of ``kind`` may use, for ``subject`` (a unit for the year summary, a party
    organization for the branch report) and ``year``, built by the document's own builder."""
    names = names_of(kind)
    if kind == TemplateKind.YEAR_SUMMARY:
        from qizhi.documents.year_summary import year_summary

        summary = year_summary(subject, year, today)
        parent = Unit.objects.get_parent(subject)
        context = {"单位": subject.name, "上级单位": parent.name if parent else "", "发文字号": number or ""}
        charts = {s.heading: s.chart for s in summary.sections}
        context["目标灯图"] = charts.get("目标管理工作")
        context["业务图"] = charts.get("业务工作")
        document = summary
    else:
        from qizhi.documents.branch_report import branch_report
        from qizhi.party.models import PartyOrg

        document = branch_report(subject, year, today)
        parent = PartyOrg.objects.get_parent(subject)
        context = {"党组织": subject.name, "上级党组织": parent.name if parent else ""}
    context.update(
        {"标题": document.title, "年度": year, "截至日期": document.as_of, "成文日期": today}
    )  # fmt: skip
    _sections(document, names, context)
    return {name: value for name, value in context.items() if name in names}


# --- The sandbox ------------------------------------------------------------------------------------


def _chinese_date(value) -> str:
    return chinese_date(value) if isinstance(value, datetime.date) else str(value)


class DocumentSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, narrowed to reading: a template reads the context's values and filters them,
    and calls nothing (no ``''.ljust(10**9)``, no ``range``, no ``lipsum``), makes no huge value with an operator
    (``"x" * 10**9``, ``"%999999999d" % 1``) or a padding filter, so an upload's trial render cannot hold the
    server's memory or time."""

    intercepted_binops = frozenset({"*", "**", "%", "//"})
    unsafe_filters = ("center", "indent", "wordwrap", "format")

    def __init__(self, **options):
        super().__init__(**options)
        self.globals.clear()
        for name in self.unsafe_filters:
            del self.filters[name]

    def is_safe_callable(self, obj) -> bool:
        return False

    def call_binop(self, context, operator, left, right):
        if operator == "**" or not all(isinstance(value, int | float) for value in (left, right)):
            raise SecurityError(f"the operator {operator!r} is not allowed here")
        return super().call_binop(context, operator, left, right)


def environment() -> ImmutableSandboxedEnvironment:
    """Jinja's sandbox (no ``__class__``, no unsafe calls, no changing a list or dict), escaping values for the
    XML as docxtpl needs (``autoescape``), strict about undefined names, with the
    Chinese date filter (2026年12月3日)."""
    env = DocumentSandbox(autoescape=True, undefined=StrictUndefined)
    env.filters["中文日期"] = env.filters["chinese_date"] = _chinese_date
    return env


def render(content: bytes, context: dict) -> bytes:
    """The template ``content`` filled with ``context``: a .docx. Charts named by the template are drawn
    (as the built-in layout draws them); an absent chart is empty."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    from qizhi.documents import charts

    template, env = DocxTemplate(io.BytesIO(content)), environment()
    named = (
        template.get_undeclared_template_variables(env) if any(isinstance(v, Chart) for v in context.values()) else ()
    )
    values = {}
    for name, value in context.items():
        if isinstance(value, Chart):  # drawn only when the template shows it (matplotlib takes a while)
            value = InlineImage(template, io.BytesIO(charts.png(value)), width=Mm(WIDTH_MM)) if name in named else None
        values[name] = "" if value is None else value
    template.render(values, jinja_env=env, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def render_template(template: DocumentTemplate, context: dict) -> bytes:
    with template.file.open("rb") as stored:
        return render(stored.read(), context)


def failure(exc: Exception) -> str:
    """Why a template failed to fill with a unit's own figures (Jinja's or Python's ``exc``), in Chinese."""
    if isinstance(exc, SecurityError):
        return _("模板使用了不允许的写法")
    message = exc.message if isinstance(exc, TemplateError) else str(exc)
    return chinese(message, otherwise=_("模板中的写法无法处理本单位的数据"))


# --- The check of an upload --------------------------------------------------------------------------

TAG = re.compile(r"\{%-?\s*(tr|tc|p|r)?\s*(for|endfor|if|endif)\b")


def check(name: str, content: bytes, kind: str) -> list[str]:
    """Every reason to refuse the upload ``name`` (its bytes ``content``) as a template of ``kind``, in
    Chinese; an empty list accepts it."""
    errors = _container_errors(name, content)
    if errors:
        return errors
    from docxtpl import DocxTemplate

    try:
        template = DocxTemplate(io.BytesIO(content))
        template.init_docx()
    except Exception:  # python-docx raises many kinds on a damaged package
        return [_("Word 无法读取该文件：文件已损坏或不是 Word 文档（.docx）。")]
    env = environment()
    errors += _syntax_and_names(template, env, kind)
    errors += loop_errors(template.docx)
    if errors:
        return errors
    return _trial_errors(content, kind)


def _container_errors(name: str, content: bytes) -> list[str]:
    if not name.lower().endswith(".docx"):
        return [_("“{name}”不是 Word 文档：只接受 .docx 文件（.doc、.wps 请先另存为 .docx）。").format(name=name)]
    if not content:
        return [_("“{name}”是空文件。").format(name=name)]
    if len(content) > MAX_MB * 1024 * 1024:
        return [_("“{name}”超过 {limit} MB。").format(name=name, limit=MAX_MB)]
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return [
            _("“{name}”不是有效的 .docx 文件：内容不是 zip 压缩包（可能是改了扩展名的其他文件）。").format(name=name)
        ]
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        return [_("“{name}”不是有效的 .docx 文件：压缩包已损坏。").format(name=name)]
    if "word/document.xml" not in {entry.filename for entry in entries}:
        return [_("“{name}”不是 Word 文档：压缩包中没有 word/document.xml。").format(name=name)]
    if sum(entry.file_size for entry in entries) > MAX_INFLATED_MB * 1024 * 1024:
        return [_("“{name}”解压后超过 {limit} MB。").format(name=name, limit=MAX_INFLATED_MB)]
    return []


def _parts(template) -> list[tuple[str, str]]:
    """(the part's name, its XML as docxtpl hands it to Jinja: one paragraph a line) of the body, headers and
    footers."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    parts = [(_("正文"), template.xml_to_string(template.docx._element.body))]
    for label, reltype in ((_("页眉"), RT.HEADER), (_("页脚"), RT.FOOTER)):
        for rel in template.docx._part.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                parts.append((label, template.get_part_xml(rel.target_part)))
    return [(label, re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))) for label, xml in parts]


def _syntax_and_names(template, env, kind: str) -> list[str]:
    errors, unknown = [], set()
    for label, xml in _parts(template):
        try:  # the names are found by compiling, which also refuses a filter that is not there
            unknown |= meta.find_undeclared_variables(env.parse(xml)) - names_of(kind)
        except TemplateSyntaxError as exc:
            lines = xml.splitlines()
            line = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1]).strip() if 0 < (exc.lineno or 0) <= len(lines) else ""
            message = chinese(exc.message, otherwise=_("模板语法有误，请对照上传页面的写法示例检查"))
            errors.append(
                _("{part}有 Jinja 语法错误：{message}（出错的段落：“{line}”）").format(
                    part=label, message=message, line=line[:80]
                )
            )
    if unknown:
        errors.append(
            _("模板中有未知变量：{names}。可用的变量见上传页面的变量表。").format(names="、".join(sorted(unknown)))
        )
    return errors


def _blocks(element, scope, found: list) -> None:
    """(scope, text) of every paragraph below ``element`` in order; a paragraph in a table cell has the scope
    ``(table, row, cell)`` of that cell (its innermost one), ``scope`` otherwise."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            found.append((scope, "".join(t.text or "" for t in child.iter(qn("w:t")))))
        elif child.tag == qn("w:tbl"):
            table = id(child)
            for row_index, row in enumerate(child.iterchildren(qn("w:tr"))):
                for cell_index, cell in enumerate(row.iterchildren(qn("w:tc"))):
                    _blocks(cell, (table, row_index, cell_index), found)
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            _blocks(child, scope, found)


def loop_errors(document) -> list[str]:
    """Loops and conditions that would break a table: a plain ``{% for %}`` (or ``{%p %}``, ``{% if %}``) must
    end in the cell where it starts; one that spans cells or rows needs ``{%tr … %}`` (rows, within one
    table) or ``{%tc … %}`` (cells, within one row)."""
    found: list = []
    _blocks(document.element.body, ("body",), found)
    errors, stack = [], []
    for scope, text in found:
        for match in TAG.finditer(text):
            prefix, word = match.group(1) or "", match.group(2)
            if word in ("for", "if"):
                if prefix in ("tr", "tc") and scope == ("body",):
                    errors.append(
                        _("“{{%{prefix} {word} %}}”只能写在表格中（出错的段落：“{text}”）。").format(
                            prefix=prefix, word=word, text=text[:60]
                        )
                    )
                stack.append((prefix, word, scope, text))
                continue
            if not stack:
                continue  # an end without a start is Jinja's syntax error, reported with the line
            start_prefix, start_word, start_scope, start_text = stack.pop()
            if not _same_place(start_prefix, start_scope, scope):
                what = _("循环") if start_word == "for" else _("条件")
                errors.append(
                    _(
                        "{what}“{start}”的开始和结束不在同一个表格单元格中，会破坏表格：表格中按行重复须写成"
                        "“{{%tr for … %}}”…“{{%tr endfor %}}”，按列重复写成“{{%tc for … %}}”…“{{%tc endfor %}}”。"
                    ).format(what=what, start=start_text.strip()[:60])
                )
    return errors


def _same_place(prefix: str, start, end) -> bool:
    if prefix == "tr":
        return start[0] == end[0]  # the same table
    if prefix == "tc":
        return start[:2] == end[:2]  # the same row
    return start == end


def _trial_errors(content: bytes, kind: str) -> list[str]:
    """A render with the sample figures: the XML must stay well-formed (docxtpl repairs broken XML silently,
    so it is parsed strictly here first), every table's rows as wide as each other, and the result a .docx
    python-docx opens."""
    from docx import Document
    from docxtpl import DocxTemplate

    context, trial = sample_context(kind), _("模板中的写法无法处理示例数据")
    try:
        template = DocxTemplate(io.BytesIO(content))
        template.render_init()
        values = {name: "" if value is None else value for name, value in context.items()}
        etree.fromstring(template.build_xml(values, environment()).encode("utf-8"))
        rendered = render(content, context)
        document = Document(io.BytesIO(rendered))
    except SecurityError:
        return [_("模板使用了不允许的写法（访问对象的内部属性或方法、修改数据或生成过大的内容），已拒绝。")]
    except UndefinedError as exc:
        message = chinese(exc.message, otherwise=_("变量或其属性不存在"))
        return [_("用示例数据试填时出错：{message}（变量或其属性不存在）。").format(message=message)]
    except TemplateError as exc:
        return [_("用示例数据试填时出错：{message}。").format(message=chinese(exc.message, otherwise=trial))]
    except etree.XMLSyntaxError:
        return [_("用示例数据试填后文档结构损坏：循环或条件标签跨越了表格的行、单元格或段落。")]
    except Exception as exc:  # docxtpl, python-docx and Python under a filter raise many kinds
        return [_("用示例数据试填失败：{message}。").format(message=chinese(str(exc), otherwise=trial))]
    for index, table in enumerate(document.element.body.iter(qn("w:tbl")), start=1):
        widths = {_row_width(row) for row in table.iterchildren(qn("w:tr"))}
        if len(widths) > 1:
            return [_("用示例数据试填后第{n}个表格各行的单元格数不一致，表格被循环破坏。").format(n=index)]
    return []


def _row_width(row) -> int:
    """The grid columns a ``w:tr`` spans: its cells' spans and the columns skipped before and after it."""
    width = 0
    for cell in row.iterchildren(qn("w:tc")):
        span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        width += int(span.get(qn("w:val"))) if span is not None else 1
    for skipped in ("w:gridBefore", "w:gridAfter"):
        found = row.find(f"{qn('w:trPr')}/{qn(skipped)}")
        width += int(found.get(qn("w:val"))) if found is not None else 0
    return width


def validate(upload, kind: str) -> None:
    """The check of an uploaded file (a Django ``UploadedFile``) as a ``ValidationError`` on ``file``: every
    reason at once. The form and the API call this (one rule, one place)."""
    upload.seek(0)
    content = upload.read(MAX_MB * 1024 * 1024 + 1)
    upload.seek(0)
    errors = check(upload.name, content, kind)
    if errors:
        raise ValidationError({"file": errors})


# --- Which template a document uses, and the moves of a template ----------------------------------


def template_for(unit: Unit, kind: str) -> DocumentTemplate | None:
    """The active template of ``kind`` of the nearest unit on ``unit``'s path — the unit itself, else its
    parent, and so on — or None (the built-in layout). One query on the ancestors' paths."""
    paths = [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return (
        DocumentTemplate.objects.filter(kind=kind, active=True, unit__path__in=paths)
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )


def _deactivate_others(unit_id: int, kind: str, keep: int | None, by) -> None:
    # The unit's row serializes activations: two at once each found no other active template to turn off, and
    # the second hit the one-active constraint (an IntegrityError, a 500). Now the second waits, then turns off
    # the first.
    list(Unit.objects.select_for_update().filter(pk=unit_id).values_list("pk", flat=True))
    others = DocumentTemplate.objects.select_for_update().filter(unit_id=unit_id, kind=kind, active=True)
    for other in others.exclude(pk=keep) if keep else others:
        other.active = False
        other.stamp(by)
        other._history_user = by
        other.save()


@transaction.atomic
def upload(template: DocumentTemplate, *, activate: bool, by) -> DocumentTemplate:
    """Save a new template (its file already checked by ``validate``); ``activate`` replaces the unit's active
    template of the kind, in the same transaction."""
    require_covers(by, Action.ADD, "documents", template.unit.path, _("您不能为该单位上传文书模板"))
    if activate:
        _deactivate_others(template.unit_id, template.kind, None, by)
    template.active = activate
    _stamp_file(template, by)
    template.stamp(by)
    template._history_user = by
    template.save()
    return template


def _stamp_file(template: DocumentTemplate, by) -> None:
    from django.utils import timezone

    template.file_name = template.file.name.rsplit("/", 1)[-1][:255] if template.file else ""
    template.uploaded_by = by
    template.uploaded_at = timezone.now()


@transaction.atomic
def replace_file(template: DocumentTemplate, *, by) -> DocumentTemplate:
    """Save an edit that brings a new file (checked by ``validate``): who uploaded it and when change too."""
    _stamp_file(template, by)
    template.stamp(by)
    template._history_user = by
    template.save()
    return template


@transaction.atomic
def set_active(template: DocumentTemplate, active: bool, *, version: int | None, by) -> DocumentTemplate:
    """Activate (replacing the unit's active template of the kind) or deactivate ``template``, from the
    ``version`` the user saw: the row is locked and its version re-checked in the transaction."""
    row = DocumentTemplate.objects.select_for_update().get(pk=template.pk)
    require(row, by=by, action=Action.CHANGE)
    if version is None or row.version != version:
        raise ValidationError(StaleRecord.message, code="stale")
    if row.active == active:
        return row
    if active:
        _deactivate_others(row.unit_id, row.kind, row.pk, by)
    row.active = active
    row.stamp(by)
    row._history_user = by
    row.save()
    return row
