"""The application's runtime role cannot switch the access log off (R-PR-1).

The suite runs as the owner role (it migrates); these tests open a second connection
to the test database as ``DATABASE_RUNTIME_ROLE`` (``mgn_app``, made by
.ci/services.sh), which the post-migrate grants gave exactly what production's
runtime role gets.
"""

from django.conf import settings
from django.db import connection

import psycopg
import pytest
from psycopg import errors

from mgn.audit import partitions
from mgn.audit.roles import grant_runtime_privileges

INSERT = (
    "INSERT INTO audit_accesslogentry (occurred_at, event, action, outcome, user_identifier, "
    "user_name, user_roles, user_organisation, on_behalf_of, access_point, "
    "person_identifier_type, person_identifier, object_type, object_id, source_system, detail) "
    "VALUES ({occurred_at}, 'read', 'R', 'success', 'iemand@example.org', '', '', '', '', "
    "'192.0.2.1', 'bsn', '999996708', '', '', 'test', '') RETURNING id, occurred_at"
)


@pytest.fixture
def runtime(db):
    """A connection as the runtime role; every statement runs in a transaction rolled back."""
    assert settings.DATABASE_RUNTIME_ROLE == "mgn_app"
    params = connection.get_connection_params()
    conn = psycopg.connect(
        dbname=connection.settings_dict["NAME"],
        user=settings.DATABASE_RUNTIME_ROLE,
        host=params.get("host") or "localhost",
        port=params.get("port") or 5432,
    )
    yield conn
    conn.rollback()
    conn.close()


def _refused(conn, statement: str) -> Exception:
    with pytest.raises(psycopg.Error) as refused:
        conn.execute(statement)
    conn.rollback()
    return refused.value


def _current_month() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT (now() AT TIME ZONE 'UTC')::date")
        return partitions.partition_name(partitions.month_start(cursor.fetchone()[0]))


def test_r_pr_1_the_runtime_role_owns_nothing_and_is_no_superuser(runtime):
    row = runtime.execute(
        "SELECT rolsuper, rolcreaterole, rolcreatedb, "
        "(SELECT count(*) FROM pg_class WHERE relowner = r.oid), "
        "(SELECT count(*) FROM pg_proc WHERE proowner = r.oid) "
        "FROM pg_roles r WHERE rolname = current_user"
    ).fetchone()
    assert row == (False, False, False, 0, 0)


def test_r_pr_1_the_runtime_role_may_only_insert_and_read_the_log(runtime):
    entry_id, occurred_at = runtime.execute(INSERT.format(occurred_at="DEFAULT")).fetchone()
    assert entry_id > 0 and occurred_at is not None
    assert runtime.execute(
        "SELECT count(*) FROM audit_accesslogentry WHERE id = %s", [entry_id]
    ).fetchone() == (1,)
    assert runtime.execute(
        "SELECT has_table_privilege('audit_accesslogentry', 'UPDATE'), "
        "has_table_privilege('audit_accesslogentry', 'DELETE'), "
        "has_table_privilege('audit_accesslogentry', 'TRUNCATE'), "
        "has_table_privilege('audit_accesslogseal', 'UPDATE'), "
        "has_table_privilege('accounts_user', 'UPDATE')"
    ).fetchone() == (False, False, False, False, True)


def test_r_pr_1_the_runtime_role_cannot_update_delete_or_truncate_the_log(runtime):
    refusals = [
        _refused(runtime, "UPDATE audit_accesslogentry SET detail = 'x'"),
        _refused(runtime, "DELETE FROM audit_accesslogentry"),
        _refused(runtime, "TRUNCATE audit_accesslogentry"),
        _refused(runtime, f"UPDATE {_current_month()} SET detail = 'x'"),
        _refused(runtime, f"DELETE FROM {partitions.DEFAULT_PARTITION}"),
        _refused(runtime, "UPDATE audit_accesslogseal SET digest = 'x'"),
        _refused(runtime, "DELETE FROM audit_accesslogseal"),
        _refused(runtime, "TRUNCATE audit_accesslogseal"),
    ]
    assert all(isinstance(r, errors.InsufficientPrivilege) for r in refusals), refusals


def test_r_pr_1_the_runtime_role_cannot_switch_off_the_trigger_or_replace_its_function(runtime):
    disable = _refused(
        runtime,
        "ALTER TABLE audit_accesslogentry DISABLE TRIGGER audit_accesslogentry_append_only",
    )
    assert "must be owner" in str(disable)
    assert isinstance(
        _refused(runtime, "ALTER TABLE audit_accesslogentry DISABLE TRIGGER ALL"),
        errors.InsufficientPrivilege,
    )
    replace = _refused(
        runtime,
        "CREATE OR REPLACE FUNCTION audit_accesslogentry_append_only() RETURNS trigger "
        "AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql",
    )
    assert isinstance(replace, errors.InsufficientPrivilege)
    assert isinstance(
        _refused(runtime, "DROP TRIGGER audit_accesslogentry_append_only ON audit_accesslogentry"),
        errors.InsufficientPrivilege,
    )
    assert isinstance(
        _refused(runtime, f"ALTER TABLE audit_accesslogentry DETACH PARTITION {_current_month()}"),
        errors.InsufficientPrivilege,
    )
    assert isinstance(
        _refused(
            runtime,
            "CREATE TABLE audit_accesslogentry_y2099m01 PARTITION OF audit_accesslogentry "
            "FOR VALUES FROM ('2099-01-01') TO ('2099-02-01')",
        ),
        errors.InsufficientPrivilege,
    )


def test_r_pr_1_nobody_inserts_a_back_dated_entry(runtime):
    # A time in a month with a partition: the trigger writes the statement's time, which
    # lies in another partition, so PostgreSQL refuses the row.
    refused = _refused(runtime, INSERT.format(occurred_at="now() - interval '40 days'"))
    assert "partition" in str(refused)
    # A time before every partition lands in the default partition: refused alike.
    assert isinstance(
        _refused(runtime, INSERT.format(occurred_at="'2021-01-01T00:00:00Z'")), psycopg.Error
    )
    # A time within the same statement's month is simply replaced by the database's.
    _, occurred_at = runtime.execute(
        INSERT.format(occurred_at="now() - interval '1 second'")
    ).fetchone()
    statement_time = runtime.execute("SELECT statement_timestamp()").fetchone()[0]
    assert abs((statement_time - occurred_at).total_seconds()) < 60
    # The owner's own connection goes through the same trigger.
    with connection.cursor() as cursor:
        cursor.execute(INSERT.format(occurred_at="now()"))
        _, owner_time = cursor.fetchone()
        cursor.execute("SELECT statement_timestamp()")
        assert abs((cursor.fetchone()[0] - owner_time).total_seconds()) < 60


def test_granting_twice_changes_nothing_and_refuses_the_owner(db):
    assert grant_runtime_privileges() is True
    assert grant_runtime_privileges() is True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = %s AND table_name = 'audit_accesslogentry' ORDER BY 1",
            [settings.DATABASE_RUNTIME_ROLE],
        )
        assert [row[0] for row in cursor.fetchall()] == ["INSERT", "SELECT"]
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="owner"):
        grant_runtime_privileges(role=owner)
    with pytest.raises(ImproperlyConfigured, match="does not exist"):
        grant_runtime_privileges(role="mgn_no_such_role")
