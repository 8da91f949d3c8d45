-- Lab orders (lib/orders): a physician orders a bundled LOINC panel with an
-- ICD-10 indication; results (imported or entered by hand) attach to it, the
-- physician signs them off from the inbox and may notify the patient.

CREATE TYPE "LabOrderStatus" AS ENUM ('PENDING', 'RESULTED', 'REVIEWED');

CREATE TABLE "LabOrder" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "physicianId" TEXT NOT NULL,
    "visitId" TEXT,
    "panelLoinc" TEXT NOT NULL,
    "panelName" TEXT NOT NULL,
    "indicationCode" TEXT NOT NULL,
    "indicationText" TEXT NOT NULL,
    "status" "LabOrderStatus" NOT NULL DEFAULT 'PENDING',
    "orderedAt" TIMESTAMPTZ(3) NOT NULL,
    "resultedAt" TIMESTAMPTZ(3),
    "reviewedAt" TIMESTAMPTZ(3),
    "reviewedByUserId" TEXT,
    "patientNotifiedAt" TIMESTAMPTZ(3),

    CONSTRAINT "LabOrder_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "LabOrder_physicianId_status_orderedAt_idx" ON "LabOrder"("physicianId", "status", "orderedAt");
CREATE INDEX "LabOrder_patientId_status_idx" ON "LabOrder"("patientId", "status");
CREATE INDEX "LabOrder_visitId_idx" ON "LabOrder"("visitId");

ALTER TABLE "LabOrder" ADD CONSTRAINT "LabOrder_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "LabOrder" ADD CONSTRAINT "LabOrder_physicianId_fkey" FOREIGN KEY ("physicianId") REFERENCES "Physician"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "LabOrder" ADD CONSTRAINT "LabOrder_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "LabResult" ADD COLUMN "orderId" TEXT;
CREATE INDEX "LabResult_orderId_idx" ON "LabResult"("orderId");
ALTER TABLE "LabResult" ADD CONSTRAINT "LabResult_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "LabOrder"("id") ON DELETE SET NULL ON UPDATE CASCADE;
