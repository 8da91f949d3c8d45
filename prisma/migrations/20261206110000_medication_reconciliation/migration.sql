-- Medication reconciliation at a visit (each medication taking, not taking,
-- taking differently or stopped, with the reason), and the prescriber's
-- attestation that they checked the state's prescription drug monitoring
-- program before prescribing a controlled substance.

-- CreateEnum
CREATE TYPE "ReconciliationStatus" AS ENUM ('TAKING', 'NOT_TAKING', 'TAKING_DIFFERENTLY', 'STOPPED');

-- AlterTable
ALTER TABLE "Prescription" ADD COLUMN "pdmpCheckedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "MedicationReconciliation" (
    "id" TEXT NOT NULL,
    "visitId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "physicianId" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MedicationReconciliation_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "MedicationReconciliationItem" (
    "id" TEXT NOT NULL,
    "reconciliationId" TEXT NOT NULL,
    "medicationId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "dose" TEXT NOT NULL,
    "outside" BOOLEAN NOT NULL DEFAULT false,
    "checkInResponse" TEXT,
    "status" "ReconciliationStatus" NOT NULL,
    "reason" TEXT,
    "note" TEXT,

    CONSTRAINT "MedicationReconciliationItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MedicationReconciliation_visitId_recordedAt_idx" ON "MedicationReconciliation"("visitId", "recordedAt");
CREATE INDEX "MedicationReconciliation_patientId_idx" ON "MedicationReconciliation"("patientId");
CREATE INDEX "MedicationReconciliationItem_medicationId_idx" ON "MedicationReconciliationItem"("medicationId");
CREATE UNIQUE INDEX "MedicationReconciliationItem_reconciliationId_position_key" ON "MedicationReconciliationItem"("reconciliationId", "position");

-- AddForeignKey
ALTER TABLE "MedicationReconciliation" ADD CONSTRAINT "MedicationReconciliation_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "MedicationReconciliation" ADD CONSTRAINT "MedicationReconciliation_physicianId_fkey" FOREIGN KEY ("physicianId") REFERENCES "Physician"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "MedicationReconciliationItem" ADD CONSTRAINT "MedicationReconciliationItem_reconciliationId_fkey" FOREIGN KEY ("reconciliationId") REFERENCES "MedicationReconciliation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "MedicationReconciliationItem" ADD CONSTRAINT "MedicationReconciliationItem_medicationId_fkey" FOREIGN KEY ("medicationId") REFERENCES "Medication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
