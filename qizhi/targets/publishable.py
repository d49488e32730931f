"""What the public may read of target records: public commitments (公开承诺) and model posts (示范岗)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from qizhi.core.publishing import PublicText, publishable
from qizhi.targets.models import Commitment, ModelPost


def _public_only(record) -> None:
    if not record.public:
        raise ValidationError(_("该记录未设为公开，不能发布"))


@publishable("targets.commitment", _("公开承诺"), model=Commitment)
def commitment_text(commitment: Commitment) -> PublicText:
    _public_only(commitment)
    who = commitment.party_org or commitment.person
    return PublicText(
        title=f"{who}{commitment.year}年公开承诺",
        body=commitment.content,
        unit=commitment.unit,
        made_on=localdate(commitment.created_at),
    )


@publishable("targets.modelpost", _("示范岗（窗口）"), model=ModelPost)
def model_post_text(post: ModelPost) -> PublicText:
    _public_only(post)
    holders = "、".join(p.name for p in post.holders.all())
    body = post.pledge + (f"\n岗位党员：{holders}" if holders else "")
    return PublicText(
        title=f"{post.unit.name}{post.year}年{post.get_kind_display()}：{post.name}",
        body=body,
        unit=post.unit,
        made_on=localdate(post.created_at),
    )
