from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "qizhi.recruitment"
    label = "recruitment"
    verbose_name = _("发展党员")

    def ready(self):
        from qizhi.party.services import register_conversion_procedure
        from qizhi.party.signals import membership_transferred
        from qizhi.recruitment.services import convert_own_member, follow_transfer

        # 转正 on the member's own page goes through 发展党员's conversion step for its applicants.
        register_conversion_procedure(convert_own_member)
        # The application follows the member's confirmed transfer to the receiving branch.
        membership_transferred.connect(follow_transfer, dispatch_uid="recruitment.follow_transfer")
