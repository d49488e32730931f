"""A 党务干部 writes the bureau's own year-summary template from the starter: a broken one is refused with its
reason, the good one is enabled, and the year summary downloaded from the unit page is filled in it."""

from __future__ import annotations

import io

from docx import Document
from playwright.sync_api import Page, expect

MARK = "本局自定模板："


def with_paragraph(starter: bytes, text: str) -> bytes:
    document = Document(io.BytesIO(starter))
    document.add_paragraph(text)  # one run: the tag stays whole for docxtpl
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_bureau_writes_its_own_year_summary_template(page: Page, server, personas, login, snap, tmp_path):
    a = personas.a
    login(a.party_affairs)
    page.get_by_role("button", name="系统").click()
    page.get_by_role("link", name="文书模板").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="年度工作总结示例模板").click()
    starter = download.value.path().read_bytes()
    broken = tmp_path / "错误模板.docx"
    broken.write_bytes(with_paragraph(starter, "{{ 不存在的变量 }}"))
    good = tmp_path / "本局模板.docx"
    good.write_bytes(with_paragraph(starter, MARK + "{{ 单位 }}，{{ 年度 }}年"))

    page.get_by_role("link", name="上传模板").click()
    page.get_by_label("所属单位").select_option(label=a.unit.name)
    page.get_by_label("文书类别").select_option(label="年度工作总结")
    page.get_by_label("模板名称").fill("本局年度总结模板")
    page.get_by_label("模板文件").set_input_files(str(broken))
    page.get_by_label("上传后立即启用").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("不存在的变量")).to_be_visible()  # the reason names the unknown variable
    snap("01-refused")

    page.get_by_label("模板文件").set_input_files(str(good))
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="本局年度总结模板")).to_be_visible()
    expect(page.get_by_text("已启用", exact=True)).to_be_visible()
    snap("02-enabled")

    page.goto(f"{server}/org/units/{a.unit.pk}/")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 Word").first.click()
    text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    assert f"{MARK}{a.unit.name}，2026年" in text
