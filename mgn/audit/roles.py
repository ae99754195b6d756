"""The runtime role's privileges, granted by the owner after every ``migrate`` (PostgreSQL).

The application runs under a role that owns nothing (``DATABASE_RUNTIME_ROLE``): it
may read and write the app's tables and use their sequences, but on the access log
and its seals only SELECT and INSERT. Without ownership it cannot TRUNCATE, disable
the append-only trigger, replace its function or create and drop partitions; the
migrating role (the owner) keeps all of that. Idempotent: privileges are revoked and
granted anew each time, so a table that became part of the log loses what it had.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

# SELECT and INSERT only; the parent's privileges cover its partitions.
APPEND_ONLY_TABLES = ("audit_accesslogentry", "audit_accesslogseal")
# Read-only for the runtime role: only `migrate`, as the owner, writes these.
READ_ONLY_TABLES = ("django_migrations",)


def grant_runtime_privileges(*, using: str = "default", role: str | None = None) -> bool:
    """Grant ``role`` (default ``settings.DATABASE_RUNTIME_ROLE``) its privileges in the
    schema of the connection; False when there is nothing to do (no role, not PostgreSQL)."""
    role = settings.DATABASE_RUNTIME_ROLE if role is None else role
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return False
    quote = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        if row is None:
            raise ImproperlyConfigured(
                f"DATABASE_RUNTIME_ROLE {role!r} does not exist; create it (LOGIN, nothing else)."
            )
        cursor.execute("SELECT current_user, current_schema()")
        owner, schema = cursor.fetchone()
        if row[0] or role == owner:
            raise ImproperlyConfigured(
                f"DATABASE_RUNTIME_ROLE {role!r} must be neither a superuser nor the owner."
            )
        cursor.execute(
            "SELECT c.relname, c.relkind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'S') "
            "AND NOT c.relispartition AND pg_has_role(c.relowner, 'USAGE')"
        )
        relations = cursor.fetchall()
        grantee = quote(role)
        cursor.execute(f"GRANT USAGE ON SCHEMA {quote(schema)} TO {grantee}")
        for relation, kind in relations:
            if kind == "S":
                privileges = "USAGE, SELECT"
            elif relation in APPEND_ONLY_TABLES:
                privileges = "SELECT, INSERT"
            elif relation in READ_ONLY_TABLES:
                privileges = "SELECT"
            else:
                privileges = "SELECT, INSERT, UPDATE, DELETE"
            table = quote(relation)
            cursor.execute(f"REVOKE ALL ON {table} FROM {grantee}")
            cursor.execute(f"GRANT {privileges} ON {table} TO {grantee}")
    return True


def grant_after_migrate(sender, using="default", **kwargs) -> None:
    # `flush` sends post_migrate too (without a plan); privileges survive a flush.
    if "plan" in kwargs:
        grant_runtime_privileges(using=using)
