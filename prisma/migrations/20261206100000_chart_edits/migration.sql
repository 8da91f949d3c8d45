-- Chart editing during the visit (lib/chart/chart-edits.ts): allergies are
-- resolved rather than deleted, "no known allergies" is an attested state on
-- the patient, vital signs a physician records say where they were measured,
-- and every change is kept as a revision (before and after) in ChartRevision.

CREATE TYPE "ChartEntity" AS ENUM ('ALLERGY', 'NO_KNOWN_ALLERGIES', 'PROBLEM', 'VITAL');
CREATE TYPE "VitalSource" AS ENUM ('CLINIC', 'HOME_READING');

ALTER TABLE "Allergy" ADD COLUMN "resolvedAt" TIMESTAMPTZ(3);
ALTER TABLE "LabResult" ADD COLUMN "vitalSource" "VitalSource";
ALTER TABLE "Patient" ADD COLUMN "noKnownAllergiesAt" TIMESTAMPTZ(3);
ALTER TABLE "Patient" ADD COLUMN "noKnownAllergiesById" TEXT;

CREATE TABLE "ChartRevision" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "entityType" "ChartEntity" NOT NULL,
    "entityId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChartRevision_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ChartRevision_patientId_at_idx" ON "ChartRevision"("patientId", "at");

ALTER TABLE "ChartRevision" ADD CONSTRAINT "ChartRevision_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
