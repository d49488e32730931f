"""What the public may read of the director's mailbox: a letter's moderated question and answer, only
with the writer's consent — never the letter, the writer or a way to reach them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.core.publishing import PublicText, publishable
from qizhi.reception.choices import CaseKind, QAState
from qizhi.reception.models import Case


@publishable("reception.letterqa", gettext_lazy("局长信箱问答"), model=Case)
def letter_qa_text(case: Case) -> PublicText:
    if case.kind != CaseKind.LETTER:
        raise ValidationError(_("只有局长信箱来信的问答可以公开"))
    if not case.consent:
        raise ValidationError(_("来信人未同意公开，不能公开问答"))
    if case.qa_state != QAState.PUBLISHED or not case.public_question or not case.public_answer:
        raise ValidationError(_("问答须先经审核形成公开文本，才能提请公开"))
    question = " ".join(case.public_question.split())
    return PublicText(
        title=_("局长信箱：{question}").format(question=_clip(question, 40)),
        body=_("问：{question}\n答：{answer}").format(question=case.public_question, answer=case.public_answer),
        unit=case.unit,
        made_on=case.qa_published_on,
        summary=_("局长信箱答复：{question}").format(question=_clip(question, 60)),
    )


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
