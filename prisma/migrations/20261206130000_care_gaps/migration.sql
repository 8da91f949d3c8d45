-- Care-gap recommendations: the screenings the rules count, the patient's
-- smoking history, and the physician's accept-or-dismiss at each visit.

CREATE TYPE "ScreeningKind" AS ENUM ('MAMMOGRAPHY', 'COLONOSCOPY', 'FIT', 'CERVICAL_CYTOLOGY', 'HPV_TEST', 'LOW_DOSE_CT');
CREATE TYPE "CareGapOutcome" AS ENUM ('ACCEPTED', 'DISMISSED');

ALTER TABLE "Patient" ADD COLUMN "packYears" DOUBLE PRECISION;

CREATE TABLE "ScreeningRecord" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "kind" "ScreeningKind" NOT NULL,
    "performedOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScreeningRecord_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "CareGapDecision" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "ruleVersion" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "outcome" "CareGapOutcome" NOT NULL,
    "reason" TEXT,
    "decidedById" TEXT NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CareGapDecision_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ScreeningRecord_patientId_kind_performedOn_idx" ON "ScreeningRecord"("patientId", "kind", "performedOn");
CREATE UNIQUE INDEX "CareGapDecision_appointmentId_ruleId_key" ON "CareGapDecision"("appointmentId", "ruleId");
CREATE INDEX "CareGapDecision_patientId_decidedAt_idx" ON "CareGapDecision"("patientId", "decidedAt");

ALTER TABLE "ScreeningRecord" ADD CONSTRAINT "ScreeningRecord_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CareGapDecision" ADD CONSTRAINT "CareGapDecision_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CareGapDecision" ADD CONSTRAINT "CareGapDecision_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CareGapDecision" ADD CONSTRAINT "CareGapDecision_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
