-- Database roles, a tamper-evident audit trail, and no visit links at rest.
--
-- Migrations run as the role that owns the tables (MIGRATION_DATABASE_URL); the
-- app connects as a login role that is a member of the group "clinic_runtime"
-- (DATABASE_URL), which may read and change data but not the schema: no DDL,
-- no TRUNCATE, no control over triggers, and on the audit trail only INSERT and
-- SELECT. So neither a bug nor an attacker holding the app's connection can
-- disable the append-only triggers, erase the trail or unlock a signed note.

-- The group is created by whoever prepares the server (README, Database); a
-- migrating role allowed to create roles (the embedded database's one role, a
-- developer's superuser) creates it here.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clinic_runtime') THEN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            RAISE EXCEPTION 'The role clinic_runtime does not exist and % may not create it', current_user
                USING HINT = 'As a superuser run CREATE ROLE clinic_runtime NOLOGIN, then migrate again (README, Database).';
        END IF;
        CREATE ROLE clinic_runtime NOLOGIN;
    END IF;
END
$$;

-- Only the owner creates objects: PostgreSQL 14 and older let every role create
-- tables in the public schema, and every version lets every role create
-- temporary tables. Where the migrating role does not own the schema or the
-- database (a database prepared by someone else), this is theirs to do.
DO $$
BEGIN
    IF pg_has_role(current_user, (SELECT nspowner FROM pg_namespace WHERE nspname = current_schema()), 'USAGE') THEN
        EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema());
    END IF;
    IF pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'USAGE') THEN
        EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO clinic_runtime', current_schema());

    -- Data rights on every table and sequence, now and in later migrations (as
    -- long as they run as this same owner role).
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO clinic_runtime', current_schema());
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO clinic_runtime', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO clinic_runtime', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON SEQUENCES TO clinic_runtime', current_schema());
END
$$;

-- The audit trail is written and read, never changed. The migration history is
-- read (a production start checks that nothing is pending), never written.
REVOKE UPDATE, DELETE ON "AuditEvent" FROM clinic_runtime;
REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM clinic_runtime;

-- The hash chain. Each event carries the hash of the event before it and
-- hash = sha256(previousHash || its fields), so changing, removing or inserting
-- an event anywhere but at the end breaks the chain at that point, which
-- `npm run audit:verify` finds (lib/audit/chain.ts recomputes it independently).
ALTER TABLE "AuditEvent" ADD COLUMN "previousHash" BYTEA, ADD COLUMN "hash" BYTEA;

-- The fields in a fixed order, each as S<UTF-8 byte length>:<text>, or N for
-- NULL, so no two different events serialize alike. lib/audit/chain.ts writes
-- the same bytes; a new AuditEvent column joins the chain in both places.
-- (PL/pgSQL rather than SQL: its cached plans make it cheaper per event.)
CREATE FUNCTION "audit_event_chain_input"(event "AuditEvent") RETURNS bytea
LANGUAGE plpgsql STABLE AS $$
DECLARE
    field text;
    input text := '';
BEGIN
    FOREACH field IN ARRAY ARRAY[
        event."id"::text,
        to_char(event."occurredAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        event."actorId",
        event."actorRole"::text,
        event."action",
        event."patientId",
        event."resourceType",
        event."resourceId",
        event."outcome"::text,
        event."breakGlass"::text,
        event."reason",
        event."ip",
        event."userAgent"
    ] LOOP
        input := input || coalesce('S' || octet_length(convert_to(field, 'UTF8')) || ':' || field, 'N');
    END LOOP;
    RETURN convert_to(input, 'UTF8');
END;
$$;

-- Events join the chain one transaction at a time: the advisory lock is held
-- until commit, so the next writer's "last event" is this one, committed. The
-- id is drawn under the lock too, so ids follow the chain (the column default
-- would be drawn before the lock, in arrival order). Batched inserts
-- (lib/audit/record.ts) take the lock once per statement in practice, since a
-- transaction re-acquires its own advisory lock at no cost. Under REPEATABLE
-- READ or SERIALIZABLE the last event would be the one in the transaction's
-- snapshot, which forks the chain, so those are refused.
CREATE FUNCTION "audit_event_chain"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'AuditEvent rows are chained in READ COMMITTED transactions only, not %', current_setting('transaction_isolation')
            USING ERRCODE = 'feature_not_supported';
    END IF;
    -- 1096107092 is 'AUDT' in ASCII; the two-key form keeps clear of the one-key locks of bookings and migrations.
    PERFORM pg_advisory_xact_lock(1096107092, 0);
    NEW."id" := nextval('"AuditEvent_id_seq"');
    NEW."previousHash" := coalesce(
        (SELECT "hash" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1),
        '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
    );
    NEW."hash" := sha256(NEW."previousHash" || "audit_event_chain_input"(NEW));
    RETURN NEW;
END;
$$;

-- Events written before this migration join the chain as they stand now.
ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only";
DO $$
DECLARE
    event "AuditEvent";
    previous bytea := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
BEGIN
    FOR event IN SELECT * FROM "AuditEvent" ORDER BY "id" LOOP
        UPDATE "AuditEvent"
        SET "previousHash" = previous, "hash" = sha256(previous || "audit_event_chain_input"(event))
        WHERE "id" = event."id"
        RETURNING "hash" INTO previous;
    END LOOP;
END
$$;
ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only";

ALTER TABLE "AuditEvent"
    ALTER COLUMN "id" DROP DEFAULT,
    ALTER COLUMN "previousHash" SET NOT NULL,
    ALTER COLUMN "hash" SET NOT NULL;

CREATE TRIGGER "AuditEvent_chain"
    BEFORE INSERT ON "AuditEvent"
    FOR EACH ROW EXECUTE FUNCTION "audit_event_chain"();

-- Queued appointment mail named the patient's whole visit link, a bearer
-- credential, and finished jobs were kept for ever. Jobs now carry the link's
-- id, signed when the mail is sent (lib/notifications/appointment-mail.ts);
-- existing jobs, finished or not, keep only the id from their link.
UPDATE "Job"
SET "payload" = ("payload" - 'visitUrl')
    || jsonb_build_object('visitLinkId', split_part(substring("payload"->>'visitUrl' FROM '/visit/([^/?#]+)'), '.', 1))
WHERE "payload" ? 'visitUrl';
