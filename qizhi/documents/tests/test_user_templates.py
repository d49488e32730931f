"""User-editable Word templates (docxtpl) of the narrative documents: the upload's check (every reason, in
Chinese, nothing saved), the sandbox, the nearest unit's template, scoping, the version of an edit, the API,
and the downloads filled with the builders' figures."""

from __future__ import annotations

import base64
import io
import re
import shutil
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.documents import charts, jinja_messages, starter, template_variables, user_templates
from qizhi.documents.charts import Chart, Series
from qizhi.documents.choices import TemplateKind
from qizhi.documents.models import DocumentTemplate
from qizhi.documents.testing import template_of
from qizhi.documents.tests.test_year_summary import rendered_by_libreoffice, words
from qizhi.documents.year_summary import year_summary
from qizhi.party import services as party
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db
YEAR = 2026
PNG = base64.b64decode(  # one transparent pixel
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def docx(paragraphs=(), table=None) -> bytes:
    """A small .docx written with python-docx: ``paragraphs``, then a ``table`` (rows of cell texts)."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload_data(bureau, content: bytes, *, name="本局年度总结模板", filename="模板.docx", activate=True) -> dict:
    data = {"unit": bureau.unit.pk, "kind": TemplateKind.YEAR_SUMMARY, "name": name,
            "file": SimpleUploadedFile(filename, content)}  # fmt: skip
    if activate:
        data["activate"] = "on"
    return data


FIGURES = (
    "{{ 单位 }}现有干警职工{{ 人员.总数 }}人，党员{{ 人员.党员 }}人。{{ 队伍基本情况 }}截至{{ 截至日期|中文日期 }}"
)


# --- The check: every reason, in Chinese, and nothing saved -------------------------------------------


@pytest.mark.parametrize(
    "filename,content,reason",
    [
        ("总结.docx", docx(["{{ 单位 }}", "{% if 单位 %}没有结束"]), "Jinja 语法错误"),
        ("总结.docx", docx(["{{ 单位名称 }}"]), "模板中有未知变量：单位名称"),
        ("总结.txt", b"plain text", "只接受 .docx 文件"),
        ("总结.docx", b"plain text renamed", "内容不是 zip 压缩包"),
        (
            "总结.docx",
            docx(["考核"], [["{% for 行 in 考核表 %}{{ 行.单位 }}", "名次"], ["{% endfor %}", ""]]),
            "开始和结束不在同一个表格单元格中，会破坏表格",
        ),
    ],
    ids=["syntax", "unknown-variable", "not-docx", "not-zip", "for-across-rows"],
)
def test_a_bad_template_is_refused_with_its_reason_and_nothing_saved(client, personas, filename, content, reason):
    client.force_login(personas.a.party_affairs)
    response = client.post(
        reverse("documents:documenttemplate_add"), upload_data(personas.a, content, filename=filename)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(reason in error for error in errors), errors
    assert not DocumentTemplate.objects.exists()


def test_the_syntax_error_names_the_paragraph():
    errors = user_templates.check("a.docx", docx(["第一段", "第二段{% if 单位 %}没有结束"]), TemplateKind.YEAR_SUMMARY)
    assert len(errors) == 1 and "第二段{% if 单位 %}没有结束" in errors[0]


def test_every_reason_is_given_at_once():
    content = docx(["{{ 未知甲 }}{{ 未知乙.x }}"], [["{% for 行 in 考核表 %}", "{% endfor %}"], ["x", "y"]])
    errors = user_templates.check("a.docx", content, TemplateKind.YEAR_SUMMARY)
    assert len(errors) == 2 and "未知乙、未知甲" in errors[0] and "会破坏表格" in errors[1], errors


def test_a_row_loop_written_with_tr_is_accepted_and_repeats_the_row():
    rows = [["{%tr for 行 in 考核表 %}", ""], ["{{ 行.单位 }}", "{{ 行.名次 }}"], ["{%tr endfor %}", ""]]
    content = docx(["考核"], rows)
    assert user_templates.check("a.docx", content, TemplateKind.YEAR_SUMMARY) == []
    table = [{"单位": "甲所", "名次": "1"}, {"单位": "乙所", "名次": "2"}]
    rendered = user_templates.render(content, {"考核表": table})
    rows = [[cell.text for cell in row.cells] for row in Document(io.BytesIO(rendered)).tables[0].rows]
    assert rows == [["甲所", "1"], ["乙所", "2"]]


# --- The reasons in Chinese: Jinja's English messages translated ---------------------------------------

_env = user_templates.environment()
JINJA_WORDS = set(_env.filters) | set(_env.tests) | {
    "for", "endfor", "if", "endif", "elif", "else", "in", "is", "not", "and", "or", "set", "endset", "with",
    "endwith", "raw", "endraw", "filter", "endfilter", "macro", "endmacro", "call", "endcall", "block", "endblock",
    "loop", "include", "extends", "import", "tr", "tc", "p", "r", "common", "ceil", "floor", "key", "value", "Jinja",
}  # fmt: skip


def latin(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text))


def assert_chinese(message: str, *own: str) -> None:
    """``message`` is Chinese: every run of Latin letters in it is a Jinja word (a tag, filter or test) or one of
    the template's ``own`` names."""
    english = latin(message) - JINJA_WORDS - set().union(*map(latin, own))
    assert re.search(r"[\u4e00-\u9fff]", message) and not english, (english, message)


TABLE_FOR_WITHOUT_END = [["{%tr for 行 in 考核表 %}", ""], ["{{ 行.单位 }}", ""]]
TABLE_FOR_ENDED_BY_ENDIF = [*TABLE_FOR_WITHOUT_END, ["{%tr endif %}", ""]]


@pytest.mark.parametrize(
    "paragraphs,table,names",
    [
        # Blocks left open, closed by the wrong end, or ends and elses without a start.
        (["{% for 行 in 考核表 %}{{ 行.单位 }}"], None, "“{% for %}”没有结束：到模板末尾也没有对应的“{% endfor %}”"),
        (["{% if 单位 %}没有结束"], None, "“{% if %}”没有结束"),
        (["考核"], TABLE_FOR_WITHOUT_END, "“{% for %}”没有结束"),
        (["{%p if 单位 %}", "中间"], None, "“{% if %}”没有结束"),
        (["{% for 行 in 考核表 %}{% if 单位 %}{% endfor %}"], None, "遇到“{% endfor %}”时，里层的“{% if %}”还没有结束"),
        (["{%p if 单位 %}", "中间", "{%p endfor %}"], None, "这里不能用“{% endfor %}”：“{% if %}”尚未结束"),
        (["考核"], TABLE_FOR_ENDED_BY_ENDIF, "这里不能用“{% endif %}”：“{% for %}”尚未结束"),
        (["{% for 行 in 考核表 %}{% break %}{% endfor %}"], None, "这里不能用“{% break %}”"),
        (["{% endfor %}"], None, "多余的“{% endfor %}”"),
        (["{{ 单位 }}{% endif %}"], None, "多余的“{% endif %}”"),
        (["{% else %}"], None, "“{% else %}”只能写在"),
        (["{% elif 单位 %}"], None, "“{% elif %}”只能写在“{% if %}”"),
        (["{% fore 行 in 考核表 %}"], None, "不认识的标签“{% fore %}”"),
        (["{% 单位 %}"], None, "不认识的标签“{% 单位 %}”"),
        (["{%tr for 行 in 考核表 %}"], None, "“{%tr … %}”只能写在表格中"),
        (["{% %}"], None, "“{%”之后缺少标签名"),
        (["{# 注释没有结束"], None, "注释“{#”缺少结束的“#}”"),
        # Tokens: a missing end sign, a missing or extra name, stray characters.
        (["{{ 单位"], None, "缺少结束的“}}”"),
        (["{% if 单位 %}是{% endif"], None, "标签没有结束：缺少标签结束符“%}”"),
        (["{{ }}"], None, "此处缺少变量或值（遇到了变量结束符“}}”）"),
        (["{{ 单位 人员 }}"], None, "此处应为变量结束符“}}”，却遇到了“人员”"),
        (["{{ 单位. }}"], None, "“.”之后缺少名字"),
        (["{{ 单位 ! 人员 }}"], None, "标签中不能使用字符“!”"),
        (["{{ 单位|default（'无'） }}"], None, "全角字符“（”"),
        (["{% for 行 考核表 %}{% endfor %}"], None, "此处应为“in”，却遇到了“考核表”"),
        (["{% for %}{% endfor %}"], None, "此处缺少变量或值（遇到了标签结束符“%}”）"),
        (["{% for 1 in 考核表 %}{% endfor %}"], None, "须是变量名"),
        (["{{ 单位|default('无) }}"], None, "引号没有配对"),
        (["{{ 单位 | }}"], None, "此处应为名字"),
        (["{{ 单位[ }}"], None, "括号没有配对：此处应为“]”，却遇到了“}”"),
        (["{{ 单位 == }}"], None, "写法不完整"),
        (["{{ 单位|不存在 }}"], None, "不能使用过滤器“不存在”"),
        (["{{ 单位 is 不存在 }}"], None, "不能使用检验“不存在”"),
        # The trial render with the sample figures.
        (["{{ 人员.不存在 }}"], None, "字典中没有“不存在”这一项"),
        (["{{ 单位.x }}"], None, "文字中没有“x”这一项"),
        (["{{ 考核表[100] }}"], None, "列表中没有“100”这一项"),
        (["{% for 行 in 考核表 %}{{ 行.不存在 }}{% endfor %}"], None, "字典中没有“不存在”这一项"),
        (["{{ 人员.党员 / 0 }}"], None, "除数为零"),
        (["{{ 人员.党员 % 0 }}"], None, "除数为零"),
        (["{{ 单位|join('、', 2, 3, 4) }}"], None, "过滤器“join”的参数不对"),
        (["{{ 考核表|length(1) }}"], None, "过滤器“length”的参数不对"),
        (["{{ 截至日期|中文日期(1) }}"], None, "过滤器“中文日期”的参数不对"),
        (["{{ 单位|default(x=1) }}"], None, "过滤器“default”的参数不对"),
        (["{{ 单位 + 1 }}"], None, "文字不能与整数相加"),
        (["{{ 人员.党员 > 单位 }}"], None, "整数和文字之间不能用“>”比较"),
        (["{{ 人员.党员|round(2, 'x') }}"], None, "过滤器 round 的取整方式"),
        (["{{ 考核表|map('不存在')|list }}"], None, "不能使用过滤器“不存在”"),
        (["{% include '其他模板' %}"], None, "不能引用其他模板"),
    ],
)  # fmt: skip
def test_every_reason_is_in_chinese_and_names_what_is_wrong(paragraphs, table, names):
    errors = user_templates.check("a.docx", docx(paragraphs, table), TemplateKind.YEAR_SUMMARY)
    assert errors and any(names in error for error in errors), errors
    for error in errors:
        assert_chinese(error, *paragraphs, *(cell for row in table or () for cell in row))


def test_the_stray_character_is_named_without_its_place_in_the_xml():
    [error] = user_templates.check("a.docx", docx(["{{ 单位 ! 人员 }}"]), TemplateKind.YEAR_SUMMARY)
    assert error == "正文有 Jinja 语法错误：标签中不能使用字符“!”（出错的段落：“{{ 单位 ! 人员 }}”）"


# Jinja's and Python's messages as the check met them (Jinja 3.1): each has its Chinese sentence.
MESSAGES = [
    "Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block"
    " that needs to be closed is 'for'.",
    "Unexpected end of template. Jinja was looking for the following tags: 'endset'.",
    "Unexpected end of template.",
    "Encountered unknown tag 'endfor'. You probably made a nesting mistake. Jinja is expecting this tag, but currently"
    " looking for 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
    "Encountered unknown tag 'elif'. Jinja was looking for the following tags: 'endfor'. The innermost block that"
    " needs to be closed is 'for'.",
    "Encountered unknown tag 'endfor'.", "Encountered unknown tag 'else'.", "Encountered unknown tag 'elif'.",
    "Encountered unknown tag 'tc'.", "Encountered unknown tag 'fore'.", "tag name expected",
    "Expected an expression, got 'end of statement block'", "expected token 'end of print statement', got '人员'",
    "expected token 'end of statement block', got '<'", "expected token 'name', got 'end of print statement'",
    "expected token ':', got 'integer'", "unexpected end of template, expected 'end of print statement'.",
    "unexpected '}', expected ')'", "unexpected '/'", "unexpected '<'", "unexpected 'end of print statement'",
    "unexpected ')'", "unexpected char \"'\" at 1194", "unexpected char '，' at 1196", "unexpected char '!' at 1197",
    "unexpected char '\\x0b' at 3", "expected name or number", "can't assign to 'const'",
    "Can't assign to special loop variable in for-loop target", "You cannot chain multiple tests with is",
    "invalid syntax for function call expression", "Invalid character in identifier",
    "truncated \\xXX escape", "unknown Unicode character name", "Missing end of comment tag",
    "Missing end of raw directive", "non-default argument follows default argument",
    "Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.",
    "block 'a' defined twice", "names starting with an underline can not be imported", "No filter named 'x'.",
    "No test named 'x'.", "'行' is undefined", "'dict object' has no attribute '不存在'",
    "'datetime.date object' has no attribute 'x'", "list object has no element 100", "str object has no element ()",
    "method must be common, ceil or floor", 'You can only sort by either "key" or "value"',
    "map requires a filter argument", "Unexpected keyword argument 'x'", "'x' is not a valid URI scheme prefix.",
    "division by zero", "integer division or modulo by zero", "integer modulo by zero",
    "sync_do_join() takes from 2 to 4 positional arguments but 6 were given",
    "len() takes exactly one argument (2 given)",
    "do_replace() missing 2 required positional arguments: 'old' and 'new'",
    "do_sort() got an unexpected keyword argument 'x'", "_chinese_date() takes 1 positional argument but 2 were given",
    "unsupported operand type(s) for -: 'str' and 'int'", 'can only concatenate str (not "int") to str',
    "'<' not supported between instances of 'dict' and 'dict'", "type str doesn't define __round__ method",
    "no loader for this environment specified", "keyword argument repeated: 单位 (<template>, line 19)",
]  # fmt: skip


def quoted_names(message: str) -> set[str]:
    """The names a message quotes (``'fore'``), not its token descriptions (``'end of print statement'``)."""
    quoted = re.findall(r"'(\w+)'", message)
    return {name for name in quoted if name not in jinja_messages.TOKENS}


@pytest.mark.parametrize("message", MESSAGES)
def test_each_message_jinja_gives_has_its_chinese_sentence(message):
    sentence = jinja_messages.chinese(message, otherwise="（未知）")
    assert sentence != "（未知）"
    assert_chinese(sentence, *quoted_names(message))


# The shapes whose sentence names what the message names (a tag, a token, a filter, a variable): any name.
NAMING = [
    "Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block"
    " that needs to be closed is 'for'.",
    "Encountered unknown tag 'endfor'. You probably made a nesting mistake. Jinja is expecting this tag, but currently"
    " looking for 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
    "Encountered unknown tag 'break'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost"
    " block that needs to be closed is 'for'.",
    "Encountered unknown tag 'endfor'.", "Encountered unknown tag 'fore'.",
    "expected token 'end of print statement', got '人员'", "expected token 'in', got '考核表'",
    "No filter named 'x'.", "No test named 'x'.", "'行' is undefined", "'dict object' has no attribute '不存在'",
    "block 'a' defined twice", "Unexpected keyword argument 'x'",
]  # fmt: skip


@given(message=st.sampled_from(NAMING), name=st.text(alphabet="单位人员考核表行甲abcxyz_", min_size=1, max_size=6))
def test_the_sentence_names_whatever_the_message_names(message, name):
    varied = re.sub(r"'(\w+)'", f"'{name}'", message)
    sentence = jinja_messages.chinese(varied, otherwise="（未知）")
    assert sentence != "（未知）" and name in sentence, (varied, sentence)
    assert_chinese(sentence.replace(f"end{name}", ""), name)


@given(st.text(max_size=80))
def test_any_other_message_gets_a_chinese_sentence(message):
    sentence = jinja_messages.chinese(message, otherwise="模板语法有误")
    assert_chinese(sentence, message)


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__ }}", "{{ 单位.__class__.__mro__ }}", "{{ 人员.clear() }}",
        "{{ 单位 * 100000000 }}", "{{ 9 ** 9 ** 9 }}", "{{ 单位.ljust(999999999) }}", "{{ '%999999999d' % 1 }}",
    ],
)  # fmt: skip
def test_the_sandbox_refuses_internal_attributes(expression):
    errors = user_templates.check("a.docx", docx([expression]), TemplateKind.YEAR_SUMMARY)
    assert errors == ["模板使用了不允许的写法（访问对象的内部属性或方法、修改数据或生成过大的内容），已拒绝。"]


def test_the_sandbox_refuses_them_at_download_too():
    with pytest.raises(Exception, match=r"unsafe|__class__"):
        user_templates.render(docx(["{{ 单位.__class__ }}"]), {"单位": "云溪县司法局"})


@pytest.mark.parametrize("function", ["range", "lipsum", "cycler"])
def test_jinjas_functions_are_not_there(function):
    errors = user_templates.check("a.docx", docx([f"{{{{ {function}(1000000) }}}}"]), TemplateKind.YEAR_SUMMARY)
    assert errors == [f"模板中有未知变量：{function}。可用的变量见上传页面的变量表。"]


@pytest.mark.parametrize("expression", ["{{ 单位|center(999999999) }}", "{{ '%999999999d'|format(1) }}"])
def test_the_padding_filters_are_not_there(expression):
    errors = user_templates.check("a.docx", docx([expression]), TemplateKind.YEAR_SUMMARY)
    assert len(errors) == 1 and "不能使用过滤器" in errors[0], errors


def test_the_filters_a_template_needs_still_work():
    content = docx(["{{ 人员.党支部|join('、') }}|{{ 考核表|length }}|{{ 单位|default('无') }}|{{ 人员.党员 * 2 }}"])
    assert user_templates.check("a.docx", content, TemplateKind.YEAR_SUMMARY) == []


def test_values_are_escaped_for_the_xml_and_dates_read_in_chinese():
    content = docx(["{{ 单位 }}：{{ 成文日期|中文日期 }}"])
    rendered = user_templates.render(content, {"单位": "A<b>&C", "成文日期": timezone.localdate()})
    assert Document(io.BytesIO(rendered)).paragraphs[0].text == "A<b>&C：2026年12月3日"


def test_a_chart_is_drawn_only_where_the_template_shows_it(monkeypatch):
    drawn = []
    monkeypatch.setattr(charts, "png", lambda chart: drawn.append(chart) or PNG)
    chart = Chart("pie", "红黄绿灯", ["绿灯"], [Series("目标任务", [3])])
    plain = user_templates.render(docx(["{{ 单位 }}"]), {"单位": "云溪", "目标灯图": chart})
    assert drawn == [] and not pictures(plain)
    shown = user_templates.render(docx(["{{ 目标灯图 }}"]), {"目标灯图": chart})
    assert drawn == [chart] and pictures(shown) == [PNG]


def pictures(content: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def test_the_starter_templates_pass_the_check_and_every_documented_name_has_a_sample():
    for kind in TemplateKind.values:
        assert user_templates.check("a.docx", starter.starter_docx(kind), kind) == []
        assert set(template_variables.sample_context(kind)) == template_variables.names_of(kind)


# --- Downloads filled with the builders' figures ------------------------------------------------------


def test_the_year_summary_is_filled_with_the_services_figures(client, personas):
    client.force_login(personas.a.party_affairs)
    response = client.post(reverse("documents:documenttemplate_add"), upload_data(personas.a, docx([FIGURES])))
    assert response.status_code == 302, response.context["form"].errors
    template = DocumentTemplate.objects.get()
    assert template.active and template.uploaded_by == personas.a.party_affairs and template.history.count() == 1

    client.force_login(personas.a.leader)
    content = client.get(reverse("documents:year_summary"), {"unit": personas.a.unit.pk, "year": YEAR}).content
    text = Document(io.BytesIO(content)).paragraphs[0].text
    figures = party.figures(unit=personas.a.unit)
    people = year_summary(personas.a.unit, YEAR).sections[0].paragraphs[0]
    assert text == (
        f"{personas.a.unit.name}现有干警职工{figures['staff']}人，党员{figures['members']}人。{people}截至2026年12月3日"
    )
    # The built-in layout is still there when asked for.
    standard = client.get(
        reverse("documents:year_summary"), {"unit": personas.a.unit.pk, "year": YEAR, "layout": "standard"}
    ).content
    assert people in words(standard) and f"{personas.a.unit.name}{YEAR}年工作总结" in words(standard)


def test_a_unit_without_a_plan_or_meetings_still_fills_every_figure(personas):
    every = "{{ 目标.综合得分 }}/{{ 目标.红灯 }}/{{ 会议.落实率 }}/{{ 人员.党支部|join('、') }}/{{ 考核表|length }}"
    content = docx([every])
    assert user_templates.check("a.docx", content, TemplateKind.YEAR_SUMMARY) == []
    context = user_templates.context_for(
        TemplateKind.YEAR_SUMMARY, personas.a.judicial_office, YEAR, today=timezone.localdate()
    )
    rendered = user_templates.render(content, context)
    assert Document(io.BytesIO(rendered)).paragraphs[0].text == "—/—/—//0"


def test_a_template_that_fails_on_the_units_own_figures_answers_why_in_chinese(client, personas):
    # The sample figures have rows in 考核表; a unit without a plan has none, so the first row is not there.
    template = DocumentTemplate(
        unit=personas.a.unit, kind=TemplateKind.YEAR_SUMMARY, name="首行模板",
        file=SimpleUploadedFile("t.docx", docx(["第一名：{{ 考核表[0].单位 }}"])),
    )  # fmt: skip
    assert user_templates.check("t.docx", template.file.read(), TemplateKind.YEAR_SUMMARY) == []
    user_templates.upload(template, activate=True, by=personas.a.party_affairs)
    client.force_login(personas.a.leader)
    url = reverse("documents:year_summary")
    response = client.get(url, {"unit": personas.a.judicial_office.pk, "year": YEAR})
    assert response.status_code == 422
    message = response.content.decode()
    assert "按模板“首行模板”生成文书失败：列表中没有“0”这一项。" in message
    assert_chinese(message, "layout=standard")


def test_the_branch_report_uses_the_template_of_its_units_nearest_ancestor(client, personas):
    second = party_of(personas.a)["second"]  # a branch of the judicial office, below the bureau
    template = DocumentTemplate(
        unit=personas.a.unit, kind=TemplateKind.BRANCH_REPORT, name="支部报告模板",
        file=SimpleUploadedFile("t.docx", docx(["{{ 党组织 }}：党员{{ 党员.总数 }}人。{{ 支部基本情况 }}"])),
    )  # fmt: skip
    user_templates.upload(template, activate=True, by=personas.a.party_affairs)
    client.force_login(personas.a.leader)
    content = client.get(reverse("documents:branch_report", args=[second.pk]), {"year": YEAR}).content
    figures = party.figures(party_org=second, today=timezone.localdate())
    assert Document(io.BytesIO(content)).paragraphs[0].text.startswith(f"{second.name}：党员{figures['members']}人。")


def test_the_nearest_units_template_wins_and_a_siblings_is_never_used(personas):
    kind = TemplateKind.YEAR_SUMMARY
    assert user_templates.template_for(personas.a.judicial_office, kind) is None
    bureau = template_of(personas.a)
    assert user_templates.template_for(personas.a.judicial_office, kind) == bureau  # the parent's
    assert user_templates.template_for(personas.a.unit, kind) == bureau
    own = template_of(personas.a, unit=personas.a.judicial_office)
    assert user_templates.template_for(personas.a.judicial_office, kind) == own
    assert user_templates.template_for(personas.a.unit, kind) == bureau  # the child's is not the parent's
    template_of(personas.b)
    assert user_templates.template_for(personas.a.office, kind) == bureau  # never the sibling bureau's
    bureau_b = DocumentTemplate.objects.get(unit=personas.b.unit)
    assert user_templates.template_for(personas.b.office, kind) == bureau_b
    user_templates.set_active(bureau, False, version=bureau.version, by=personas.a.party_affairs)
    assert user_templates.template_for(personas.a.office, kind) is None  # back to the built-in layout


def test_activating_replaces_the_active_template_and_checks_the_version(client, personas):
    first = template_of(personas.a, name="旧模板")
    second = template_of(personas.a, name="新模板", activate=False)
    client.force_login(personas.a.party_affairs)
    url = reverse("documents:documenttemplate_activate", args=[second.pk])
    stale = second.version
    assert client.post(url, {"version": stale}).status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert second.active and not first.active
    # The page the user saw was older than the row (someone switched it meanwhile): refused, nothing changed.
    response = client.post(reverse("documents:documenttemplate_deactivate", args=[second.pk]), {"version": stale})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.active
    assert "已被他人修改" in client.get(second.get_absolute_url()).content.decode()


def test_only_editors_see_the_switch_and_a_viewer_may_not_use_it(client, personas):
    template = template_of(personas.a)
    client.force_login(personas.a.leader)
    html = client.get(template.get_absolute_url()).content.decode()
    assert reverse("documents:documenttemplate_file", args=[template.pk]) in html
    for name in ("deactivate", "edit", "delete"):
        assert reverse(f"documents:documenttemplate_{name}", args=[template.pk]) not in html
    client.post(reverse("documents:documenttemplate_deactivate", args=[template.pk]), {"version": template.version})
    template.refresh_from_db()
    assert template.active
    client.force_login(personas.a.party_affairs)
    html = client.get(template.get_absolute_url()).content.decode()
    assert reverse("documents:documenttemplate_deactivate", args=[template.pk]) in html


def test_the_sibling_bureau_gets_the_same_404_as_a_missing_template(client, personas):
    template = template_of(personas.a)
    missing = DocumentTemplate.objects.order_by("-pk").first().pk + 1000
    client.force_login(personas.b.party_affairs)
    for name in ("detail", "file", "history", "edit"):
        foreign = client.get(reverse(f"documents:documenttemplate_{name}", args=[template.pk]))
        absent = client.get(reverse(f"documents:documenttemplate_{name}", args=[missing]))
        assert foreign.status_code == absent.status_code == 404, name
        assert without_csrf(foreign.content) == without_csrf(absent.content), name
    assert template.name not in client.get(reverse("documents:documenttemplate_list")).content.decode()


def without_csrf(content: bytes) -> bytes:
    return re.sub(rb"[A-Za-z0-9]{64}", b"", content)  # the page's masked CSRF token differs on every request


def test_the_download_of_the_file_is_the_uploaded_file(client, personas):
    template = template_of(personas.a)
    client.force_login(personas.a.branch_secretary)
    response = client.get(reverse("documents:documenttemplate_file", args=[template.pk]))
    assert response.status_code == 200 and response.content == starter.starter_docx(TemplateKind.YEAR_SUMMARY)
    assert "private/document-templates/" in template.file.name and not template.file.url.startswith("/static")


def test_the_upload_page_lists_the_variables_and_links_the_starters(client, personas):
    client.force_login(personas.a.party_affairs)
    html = client.get(reverse("documents:documenttemplate_add")).content.decode()
    assert "人员.党员" in html and "考核表" in html and "党费表" in html and "{%tr for" in html
    starter_url = reverse("documents:documenttemplate_starter")
    assert f"{starter_url}?kind=year_summary" in html
    response = client.get(starter_url, {"kind": "year_summary"})
    assert response.status_code == 200 and "{{ 队伍基本情况 }}" in words(response.content)
    assert client.get(starter_url, {"kind": "x"}).status_code == 400


# --- The API ------------------------------------------------------------------------------------------


def test_the_api_lists_only_visible_templates_and_uploads_through_the_same_check(client, personas):
    own, other = template_of(personas.a), template_of(personas.b)
    client.force_login(personas.a.party_affairs)
    url = reverse("documents-api:documenttemplate-list")
    ids = {row["id"] for row in client.get(url).json()["results"]}
    assert own.pk in ids and other.pk not in ids
    assert client.get(reverse("documents-api:documenttemplate-detail", args=[other.pk])).status_code == 404

    bad = client.post(url, {**upload_data(personas.a, docx(["{{ 未知变量 }}"]), activate=False)})
    assert bad.status_code == 400
    assert "模板中有未知变量：未知变量" in bad.json()["errors"]["file"][0]
    good = client.post(url, upload_data(personas.a, docx([FIGURES]), name="接口上传"))
    assert good.status_code == 201, good.json()
    assert good.json()["active"] is True
    own.refresh_from_db()
    assert not own.active  # replaced by the new active template
    client.force_login(personas.a.leader)  # may read, not upload
    assert client.post(url, upload_data(personas.a, docx([FIGURES]), name="领导上传")).status_code == 403


def test_an_api_edit_carries_its_version_and_keeps_the_kind(client, personas):
    template = template_of(personas.a)
    client.force_login(personas.a.party_affairs)
    url = reverse("documents-api:documenttemplate-detail", args=[template.pk])
    version = template.version
    assert client.patch(url, {"name": "改名", "version": version}, content_type="application/json").status_code == 200
    stale = client.patch(url, {"name": "再改", "version": version}, content_type="application/json")
    assert stale.status_code == 409
    moved = client.patch(
        url, {"kind": TemplateKind.BRANCH_REPORT, "version": version + 1}, content_type="application/json"
    )
    assert moved.status_code == 400 and "不能修改所属单位和文书类别" in moved.json()["errors"]["kind"][0]
    template.refresh_from_db()
    assert (template.name, template.kind) == ("改名", TemplateKind.YEAR_SUMMARY)


# --- LibreOffice opens a filled template ------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_the_filled_starter_template_renders_on_a4(client, personas, tmp_path):
    template_of(personas.a)
    client.force_login(personas.a.leader)
    content = client.get(reverse("documents:year_summary"), {"unit": personas.a.unit.pk, "year": YEAR}).content
    assert f"{personas.a.unit.name}{YEAR}年工作总结" in words(content)
    rendered_by_libreoffice(tmp_path, {"summary.docx": content}, pitch=False, margin_page=1)


# --- The declared CRUD tests ---------------------------------------------------------------------------


class TestDocumentTemplateCrud(ScopedCrudTests):
    url_base = "documents:documenttemplate"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return template_of(bureau)

    def create_data(self, bureau):
        return upload_data(bureau, docx([FIGURES]), name="新上传的模板", activate=False)

    def edit_data(self, obj):
        return {"name": obj.name + "（修订）", "version": obj.version}


def test_the_unit_and_branch_pages_offer_the_standard_layout(client, personas):
    client.force_login(personas.a.leader)
    for page in (personas.a.unit.get_absolute_url(), party_of(personas.a)["branch"].get_absolute_url()):
        html = client.get(page).content.decode()
        assert 'name="layout"' in html and '<option value="standard">标准版式</option>' in html, page


def test_the_starters_copy_line_is_left_out_for_a_unit_with_no_parent():
    def body(content: bytes) -> str:
        return zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()

    for kind, parent in ((TemplateKind.YEAR_SUMMARY, "上级单位"), (TemplateKind.BRANCH_REPORT, "上级党组织")):
        context = template_variables.sample_context(kind)
        assert context[parent] and f"抄送：{context[parent]}。" in body(
            user_templates.render(starter.starter_docx(kind), context)
        )
        alone = body(user_templates.render(starter.starter_docx(kind), {**context, parent: ""}))
        assert "抄送" not in alone and "印发" in alone  # the 印发 line stays


def test_the_service_refuses_an_upload_for_a_unit_outside_the_uploaders_scope(personas):
    from qizhi.core.refusals import Refused

    with pytest.raises(Refused):
        template_of(personas.a, unit=personas.b.unit)  # a's 党务干部 uploading for the sibling bureau
    assert not DocumentTemplate.objects.exists()
