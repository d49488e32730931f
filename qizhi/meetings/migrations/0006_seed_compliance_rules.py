# The rules that were a Python table (services.RULES) until they became data: the same rules, so every
# figure stays as it was.

from django.db import migrations

from qizhi.meetings import default_rules


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0005_compliance_rules'),
    ]

    operations = [migrations.RunPython(default_rules.load, migrations.RunPython.noop)]
