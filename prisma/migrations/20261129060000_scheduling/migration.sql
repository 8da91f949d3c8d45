-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "blockedUntil" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "runAt" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 8,
    "lastError" TEXT,
    "lockedAt" TIMESTAMPTZ(3),
    "lockedBy" TEXT,
    "completedAt" TIMESTAMPTZ(3),
    "failedAt" TIMESTAMPTZ(3),
    "dedupeKey" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Job_dedupeKey_key" ON "Job"("dedupeKey");

-- CreateIndex
CREATE INDEX "Job_completedAt_runAt_idx" ON "Job"("completedAt", "runAt");

-- Buffers are the database's to enforce too: an appointment holds its
-- physician from "startsAt" until "blockedUntil" ("endsAt" plus the visit
-- type's buffer), and no two active holds may overlap.

-- Existing appointments were booked before buffers were enforced, so an active
-- one gets only as much buffer as is free before its physician's next active
-- appointment; otherwise the constraint below could not be created.
UPDATE "Appointment" AS a
SET "blockedUntil" = GREATEST(
    a."endsAt",
    LEAST(
        a."endsAt" + make_interval(mins => v."bufferMinutes"),
        COALESCE(
            (SELECT min(later."startsAt")
             FROM "Appointment" AS later
             WHERE later."physicianId" = a."physicianId"
               AND later."id" <> a."id"
               AND later."startsAt" >= a."endsAt"
               AND later."status" NOT IN ('CANCELLED', 'NO_SHOW')
               AND a."status" NOT IN ('CANCELLED', 'NO_SHOW')),
            'infinity'::timestamptz
        )
    )
)
FROM "VisitType" AS v
WHERE v."id" = a."visitTypeId";

-- Code that inserts appointments without "blockedUntil" (the demo seed, tests,
-- raw SQL) still gets the buffer: the trigger fills it in, and recomputes it
-- when the end or the visit type changes and the update did not set it itself.
CREATE FUNCTION "appointment_fill_blocked_until"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."blockedUntil" IS NULL
       OR (TG_OP = 'UPDATE'
           AND NEW."blockedUntil" IS NOT DISTINCT FROM OLD."blockedUntil"
           AND (NEW."endsAt" IS DISTINCT FROM OLD."endsAt" OR NEW."visitTypeId" IS DISTINCT FROM OLD."visitTypeId")) THEN
        SELECT NEW."endsAt" + make_interval(mins => v."bufferMinutes")
        INTO NEW."blockedUntil"
        FROM "VisitType" AS v
        WHERE v."id" = NEW."visitTypeId";
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "Appointment_fill_blocked_until"
    BEFORE INSERT OR UPDATE ON "Appointment"
    FOR EACH ROW EXECUTE FUNCTION "appointment_fill_blocked_until"();

-- The column is nullable only so that inserts may omit it; after the trigger it
-- is always set. A NULL would make the range below unbounded.
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_blocked_until_after_end"
    CHECK ("blockedUntil" IS NOT NULL AND "blockedUntil" >= "endsAt");

ALTER TABLE "Appointment" DROP CONSTRAINT "Appointment_physician_no_overlap";

ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_physician_no_overlap"
    EXCLUDE USING gist ("physicianId" WITH =, tstzrange("startsAt", "blockedUntil", '[)') WITH &&)
    WHERE ("status" NOT IN ('CANCELLED', 'NO_SHOW'));
