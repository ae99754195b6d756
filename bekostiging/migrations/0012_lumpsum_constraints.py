"""R-BK-2, schema part 3 of 3: a verdeelsleutel row always has its year; one key per
network, insurer and year; one prestatie per function, route and start; one live lumpsum
line per network, function, insurer and term (0008 credited the duplicates)."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bekostiging", "0011_lumpsum_regional_amounts_data")]

    operations = [
        migrations.AlterField(
            model_name='verdeelsleutel',
            name='year',
            field=models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='jaar'),
        ),
        migrations.AddConstraint(
            model_name='declaratieregel',
            constraint=models.UniqueConstraint(condition=models.Q(('credit_of__isnull', True), ('credited', False), ('soort', 'lumpsum')), fields=('network', 'function', 'insurer', 'service_date'), name='regel_one_live_lumpsum_term_per_function'),
        ),
        migrations.AddConstraint(
            model_name='prestatie',
            constraint=models.UniqueConstraint(fields=('function', 'route', 'valid_from'), name='prestatie_unique_per_route'),
        ),
        migrations.AddConstraint(
            model_name='verdeelsleutel',
            constraint=models.UniqueConstraint(fields=('network', 'insurer', 'year'), name='verdeelsleutel_unique_per_year'),
        ),
    ]
