from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm
from qizhi.publicity import services
from qizhi.publicity.models import Article, Bulletin, BulletinIssue


class BulletinForm(TrackedModelForm):
    class Meta:
        model = Bulletin
        fields = ["unit", "name", "issuer", "active"]


class BulletinIssueForm(ServiceFormMixin, TrackedModelForm):
    """A new issue takes the next number through the service; an edit keeps its number and year."""

    class Meta:
        model = BulletinIssue
        fields = ["bulletin", "title", "issued_on", "editor", "text"]
        widgets = {"issued_on": DATE, "text": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["bulletin"].disabled = True
        self.fields["bulletin"].queryset = self.fields["bulletin"].queryset.filter(active=True) | (
            Bulletin.objects.filter(pk=self.instance.bulletin_id) if self.instance.pk else Bulletin.objects.none()
        )

    def clean_issued_on(self):
        value = self.cleaned_data.get("issued_on")
        if self.instance.pk:
            try:
                services.check_issue_date(self.instance, value)
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.message_dict["issued_on"]) from exc
        return value

    def save_as(self, user):
        if self.instance.pk:
            return super().save_as(user)
        data = self.cleaned_data
        return self.run(
            services.issue_bulletin, data["bulletin"], title=data["title"], text=data["text"],
            issued_on=data["issued_on"], editor=data.get("editor", ""), by=user,
        )  # fmt: skip


class ArticleForm(TrackedModelForm):
    link = forms.URLField(label=_("网址（可不填）"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Article
        fields = ["unit", "title", "kind", "author", "outlet", "outlet_level", "published_on", "link"]
        widgets = {"published_on": DATE}
