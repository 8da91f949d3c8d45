-- Guarantees Prisma's schema language cannot express. They live in the database
-- so that no code path, present or future, can get around them.

-- No two active appointments of one physician may overlap. Cancelled and
-- no-show appointments release their time.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_ends_after_start" CHECK ("endsAt" > "startsAt");

ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_physician_no_overlap"
    EXCLUDE USING gist ("physicianId" WITH =, tstzrange("startsAt", "endsAt", '[)') WITH &&)
    WHERE ("status" NOT IN ('CANCELLED', 'NO_SHOW'));

ALTER TABLE "AvailabilityWindow" ADD CONSTRAINT "AvailabilityWindow_valid_hours"
    CHECK ("weekday" BETWEEN 1 AND 7 AND "startMinute" >= 0 AND "endMinute" <= 1440 AND "startMinute" < "endMinute");

ALTER TABLE "AvailabilityOverride" ADD CONSTRAINT "AvailabilityOverride_valid_hours"
    CHECK (
        ("startMinute" IS NULL AND "endMinute" IS NULL AND NOT "isAvailable")
        OR ("startMinute" >= 0 AND "endMinute" <= 1440 AND "startMinute" < "endMinute")
    );

ALTER TABLE "VisitType" ADD CONSTRAINT "VisitType_valid_duration"
    CHECK ("durationMinutes" > 0 AND "bufferMinutes" >= 0);

ALTER TABLE "Prescription" ADD CONSTRAINT "Prescription_valid_amounts"
    CHECK ("quantity" > 0 AND "refills" >= 0);

-- A signed consultation note is part of the legal record: its content is
-- locked. Corrections are addenda. Signing itself (DRAFT -> SIGNED) is allowed.
CREATE FUNCTION "consultation_note_locked_when_signed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD."status" = 'SIGNED' THEN
        RAISE EXCEPTION 'consultation note % is signed and cannot be changed; add an addendum instead', OLD."id"
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "ConsultationNote_locked_when_signed"
    BEFORE UPDATE OR DELETE ON "ConsultationNote"
    FOR EACH ROW EXECUTE FUNCTION "consultation_note_locked_when_signed"();

-- The audit trail and note addenda are append-only.
CREATE FUNCTION "refuse_change_to_append_only_table"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER "AuditEvent_append_only"
    BEFORE UPDATE OR DELETE ON "AuditEvent"
    FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only_table"();

CREATE TRIGGER "AuditEvent_no_truncate"
    BEFORE TRUNCATE ON "AuditEvent"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only_table"();

CREATE TRIGGER "NoteAddendum_append_only"
    BEFORE UPDATE OR DELETE ON "NoteAddendum"
    FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only_table"();

CREATE TRIGGER "NoteAddendum_no_truncate"
    BEFORE TRUNCATE ON "NoteAddendum"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only_table"();
