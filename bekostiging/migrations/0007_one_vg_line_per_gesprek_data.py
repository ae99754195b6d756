"""R-BK-1: one conversation, one ggz line; one held-back row per conversation.

Until now a line was keyed by (conversation, declaring organisation), so two ggz
organisations present at one conversation, both contracted, each declared a line. Before
the new constraint (one live VG line per conversation) the data is carried over:

- Declaration lines: of a conversation's live VG lines one is kept — the one furthest
  along with the insurer (geaccepteerd, geëxporteerd, afgewezen, klaar, concept), then the
  oldest (lowest pk, i.e. the first present ggz organisation, as the generation ran in
  that order). Each other one is credited as ``regel_correct`` does, without a new line:
  marked credited, with a credit line of the negative amount pointing at it. The credit of
  a line the insurer already received (geëxporteerd, geaccepteerd, afgewezen) is "klaar",
  to be sent; the credit of a line not yet received keeps that line's state (concept or
  klaar), so the insurer never sees a credit without its original. Nothing is deleted.
- Held-back rows: an open row of a conversation that has a live line is resolved (the
  conversation is declared); of several rows of one conversation, the oldest open one is
  kept (else the oldest) and the others are deleted. Their reasons are derived data: the
  next generation run writes the conversation's reason again by the new rule.

Not recoverable: which organisation a credited duplicate would have declared for in
future runs (the kept line is the conversation's only live line), and the deleted
held-back reasons of the other organisations (recomputed, not restored). Running it
backwards changes nothing: the credits stay. The constraints follow in 0008 (a migration
of their own, so the rows written here are committed before the indexes are built).
"""

from django.db import migrations
from django.db.models import Count
from django.utils import timezone

RANK = {"geaccepteerd": 0, "geexporteerd": 1, "afgewezen": 2, "klaar": 3, "concept": 4}
SENT = {"geexporteerd", "geaccepteerd", "afgewezen"}
COPIED = (
    "network_id",
    "soort",
    "function",
    "contract_id",
    "provider_id",
    "insurer_id",
    "uzovi",
    "provider_agb",
    "prestatiecode",
    "gesprek_id",
    "professional_id",
    "professional_agb",
    "professional_name",
    "bsn",
    "policy_number",
    "date_of_birth",
    "service_date",
    "period_end",
    "tariff",
)


def one_per_gesprek(apps, schema_editor):
    Declaratieregel = apps.get_model("bekostiging", "Declaratieregel")
    Tegengehouden = apps.get_model("bekostiging", "TegengehoudenDeclaratie")
    live = Declaratieregel.objects.filter(soort="vg", credit_of__isnull=True, credited=False)
    doubled = live.values("gesprek_id").annotate(n=Count("pk")).filter(n__gt=1).values("gesprek_id")
    for gesprek_id in [row["gesprek_id"] for row in doubled]:
        lines = sorted(live.filter(gesprek_id=gesprek_id), key=lambda r: (RANK[r.status], r.pk))
        for line in lines[1:]:
            line.credited = True
            line.save(update_fields=["credited"])
            Declaratieregel.objects.create(
                **{name: getattr(line, name) for name in COPIED},
                amount=-line.amount,
                credit_of=line,
                status="klaar" if line.status in SENT else line.status,
            )
    now = timezone.now()
    Tegengehouden.objects.filter(
        resolved_at__isnull=True, gesprek_id__in=live.values("gesprek_id")
    ).update(resolved_at=now)
    doubled = (
        Tegengehouden.objects.values("gesprek_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("gesprek_id")
    )
    for gesprek_id in [row["gesprek_id"] for row in doubled]:
        rows = sorted(
            Tegengehouden.objects.filter(gesprek_id=gesprek_id),
            key=lambda h: (h.resolved_at is not None, h.pk),
        )
        Tegengehouden.objects.filter(pk__in=[h.pk for h in rows[1:]]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bekostiging", "0006_declaratieregel_professional_as_declared"),
    ]

    operations = [
        migrations.RunPython(one_per_gesprek, migrations.RunPython.noop),
    ]
