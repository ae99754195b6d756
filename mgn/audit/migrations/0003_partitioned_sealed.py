"""Partition the access log by month, let the database set each entry's time, add seals.

On PostgreSQL the table becomes ``PARTITION BY RANGE (occurred_at)`` with the primary
key ``(id, occurred_at)`` (a partitioned table's keys must hold the partition column;
Django keeps ``id`` as the model's key). Existing rows are copied into monthly
partitions from the oldest row's month to a year ahead, plus a default partition. The
append-only trigger now also writes ``statement_timestamp()`` into every new row, so
nobody inserts a back-dated entry; the seals get a trigger that refuses UPDATE and
DELETE. SQLite (the embedded demo) keeps a plain table; the model guards there.
"""

from datetime import UTC, datetime

import django.db.models.functions.datetime
from django.db import migrations, models

from mgn.audit import partitions

TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_accesslogentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- The database says when, never the caller: no back-dated entries.
        NEW.occurred_at := statement_timestamp();
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit_accesslogentry is append-only: UPDATE refused'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' AND OLD.occurred_at >= now() - interval '5 years' THEN
        RAISE EXCEPTION 'audit_accesslogentry is append-only: DELETE within retention refused'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
"""

SEAL_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_accesslogseal_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_accesslogseal is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accesslogseal_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslogseal
    FOR EACH ROW EXECUTE FUNCTION audit_accesslogseal_append_only();
"""

# Index names as Django made them on the plain table, so the model state still matches.
INDEXES = {
    "audit_accesslogentry_occurred_at_94de96ea": "(occurred_at)",
    "audit_acces_person__ba7888_idx": "(person_identifier, occurred_at)",
    "audit_accesslogentry_user_id_df6d7662": "(user_id)",
}
OLD = "audit_accesslogentry_unpartitioned"


def _create_indexes(cursor) -> None:
    for name, columns in INDEXES.items():
        cursor.execute(f"CREATE INDEX {name} ON audit_accesslogentry {columns}")


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("LOCK TABLE audit_accesslogentry IN ACCESS EXCLUSIVE MODE")
        cursor.execute(
            "DROP TRIGGER IF EXISTS audit_accesslogentry_append_only ON audit_accesslogentry"
        )
        cursor.execute(f"ALTER TABLE audit_accesslogentry RENAME TO {OLD}")
        cursor.execute(f"ALTER TABLE {OLD} ALTER COLUMN id DROP IDENTITY IF EXISTS")
        cursor.execute(f"ALTER TABLE {OLD} DROP CONSTRAINT audit_accesslogentry_pkey")
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute(f"SELECT max(id), min(occurred_at) FROM {OLD}")
        max_id, oldest = cursor.fetchone()
        cursor.execute(
            f"CREATE TABLE audit_accesslogentry (LIKE {OLD} INCLUDING DEFAULTS "
            "INCLUDING CONSTRAINTS) PARTITION BY RANGE (occurred_at)"
        )
        cursor.execute("CREATE SEQUENCE audit_accesslogentry_id_seq OWNED BY audit_accesslogentry.id")
        cursor.execute(
            "ALTER TABLE audit_accesslogentry "
            "ALTER COLUMN id SET DEFAULT nextval('audit_accesslogentry_id_seq')"
        )
        cursor.execute(
            "SELECT setval('audit_accesslogentry_id_seq', %s, false)", [(max_id or 0) + 1]
        )
        cursor.execute(
            "ALTER TABLE audit_accesslogentry "
            "ADD CONSTRAINT audit_accesslogentry_pkey PRIMARY KEY (id, occurred_at)"
        )
        _create_indexes(cursor)
        now = datetime.now(UTC).date()
        partitions.create_default(cursor)
        partitions.ensure_months(
            cursor,
            first=(oldest.date() if oldest else now),
            last=partitions.add_months(now, partitions.MONTHS_AHEAD),
        )
        cursor.execute(f"INSERT INTO audit_accesslogentry SELECT * FROM {OLD}")
        cursor.execute(f"DROP TABLE {OLD}")
        cursor.execute(TRIGGER_FUNCTION)
        cursor.execute(
            "CREATE TRIGGER audit_accesslogentry_append_only "
            "BEFORE INSERT OR UPDATE OR DELETE ON audit_accesslogentry "
            "FOR EACH ROW EXECUTE FUNCTION audit_accesslogentry_append_only()"
        )
        cursor.execute(SEAL_TRIGGER)


def unpartition(apps, schema_editor):
    """Back to one plain table with an identity key and 0002's trigger; rows kept."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER audit_accesslogseal_append_only ON audit_accesslogseal")
        cursor.execute("DROP FUNCTION audit_accesslogseal_append_only()")
        cursor.execute("DROP TRIGGER audit_accesslogentry_append_only ON audit_accesslogentry")
        cursor.execute(f"ALTER TABLE audit_accesslogentry RENAME TO {OLD}")
        cursor.execute(f"ALTER TABLE {OLD} DROP CONSTRAINT audit_accesslogentry_pkey")
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute(f"ALTER TABLE {OLD} ALTER COLUMN id DROP DEFAULT")
        cursor.execute("DROP SEQUENCE audit_accesslogentry_id_seq")
        cursor.execute(
            f"CREATE TABLE audit_accesslogentry (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
        )
        cursor.execute(
            "ALTER TABLE audit_accesslogentry ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY"
        )
        cursor.execute(f"INSERT INTO audit_accesslogentry SELECT * FROM {OLD}")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('audit_accesslogentry', 'id'), "
            "COALESCE(max(id), 0) + 1, false) FROM audit_accesslogentry"
        )
        cursor.execute("ALTER TABLE audit_accesslogentry ADD PRIMARY KEY (id)")
        _create_indexes(cursor)
        cursor.execute(f"DROP TABLE {OLD} CASCADE")
        cursor.execute(TRIGGER_FUNCTION.replace(
            """    IF TG_OP = 'INSERT' THEN
        -- The database says when, never the caller: no back-dated entries.
        NEW.occurred_at := statement_timestamp();
        RETURN NEW;
    END IF;
""", ""))
        cursor.execute(
            "CREATE TRIGGER audit_accesslogentry_append_only "
            "BEFORE UPDATE OR DELETE ON audit_accesslogentry "
            "FOR EACH ROW EXECUTE FUNCTION audit_accesslogentry_append_only()"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_trigger'),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessLogSeal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period_start', models.DateField(unique=True, verbose_name='dag (UTC)')),
                ('entry_count', models.PositiveBigIntegerField(verbose_name='aantal regels')),
                ('entries_digest', models.CharField(max_length=64, verbose_name='hash van de regels')),
                ('previous_digest', models.CharField(max_length=64, verbose_name='vorige zegel')),
                ('digest', models.CharField(max_length=64, verbose_name='zegel')),
                ('sealed_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), verbose_name='verzegeld op')),
            ],
            options={
                'verbose_name': 'zegel toegangslog',
                'verbose_name_plural': 'zegels toegangslog',
                'ordering': ['period_start'],
                'default_permissions': ('view',),
            },
        ),
        migrations.AlterField(
            model_name='accesslogentry',
            name='occurred_at',
            field=models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), db_index=True, verbose_name='tijdstip'),
        ),
        migrations.AlterField(
            model_name='accesslogentry',
            name='person_identifier',
            field=models.CharField(blank=True, max_length=128, verbose_name='identificatie persoon'),
        ),
        migrations.RunPython(partition, unpartition),
    ]
