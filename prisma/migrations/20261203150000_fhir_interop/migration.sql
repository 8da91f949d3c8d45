-- FHIR R4 interoperability: outside records and their sources, other
-- identifiers of patients, possible duplicates awaiting a person, SMART Backend
-- Services clients, and asynchronous bulk exports.

-- CreateEnum
CREATE TYPE "BulkExportStatus" AS ENUM ('IN_PROGRESS', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "identifierSystem" TEXT,
    "identifierValue" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportedResource" (
    "id" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "patientId" TEXT,
    "organizationId" TEXT,
    "sourceKey" TEXT NOT NULL,
    "source" TEXT,
    "resource" JSONB NOT NULL,
    "importedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportedResource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatientIdentifier" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "PatientIdentifier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PossibleDuplicatePatient" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "matchedPatientId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PossibleDuplicatePatient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrationClient" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "jwks" JSONB NOT NULL,
    "scopes" TEXT[],
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "IntegrationClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrationAssertion" (
    "clientId" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IntegrationAssertion_pkey" PRIMARY KEY ("clientId","jti")
);

-- CreateTable
CREATE TABLE "BulkExportJob" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "status" "BulkExportStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "resourceTypes" TEXT[],
    "since" TIMESTAMPTZ(3),
    "transactionTime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "BulkExportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkExportFile" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "part" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "content" TEXT NOT NULL,

    CONSTRAINT "BulkExportFile_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "Allergy" ADD COLUMN "importedResourceId" TEXT;
ALTER TABLE "Problem" ADD COLUMN "codeSystem" TEXT, ADD COLUMN "importedResourceId" TEXT;
ALTER TABLE "Medication" ADD COLUMN "importedResourceId" TEXT;
ALTER TABLE "LabResult" ADD COLUMN "importedResourceId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Organization_identifierSystem_identifierValue_key" ON "Organization"("identifierSystem", "identifierValue");
CREATE UNIQUE INDEX "ImportedResource_sourceKey_key" ON "ImportedResource"("sourceKey");
CREATE INDEX "ImportedResource_resourceType_id_idx" ON "ImportedResource"("resourceType", "id");
CREATE INDEX "ImportedResource_patientId_resourceType_idx" ON "ImportedResource"("patientId", "resourceType");
CREATE UNIQUE INDEX "PatientIdentifier_system_value_key" ON "PatientIdentifier"("system", "value");
CREATE INDEX "PatientIdentifier_patientId_idx" ON "PatientIdentifier"("patientId");
CREATE UNIQUE INDEX "PossibleDuplicatePatient_patientId_matchedPatientId_key" ON "PossibleDuplicatePatient"("patientId", "matchedPatientId");
CREATE INDEX "IntegrationAssertion_expiresAt_idx" ON "IntegrationAssertion"("expiresAt");
CREATE UNIQUE INDEX "BulkExportFile_jobId_resourceType_part_key" ON "BulkExportFile"("jobId", "resourceType", "part");
CREATE UNIQUE INDEX "Allergy_importedResourceId_key" ON "Allergy"("importedResourceId");
CREATE UNIQUE INDEX "Problem_importedResourceId_key" ON "Problem"("importedResourceId");
CREATE UNIQUE INDEX "Medication_importedResourceId_key" ON "Medication"("importedResourceId");
CREATE INDEX "LabResult_importedResourceId_idx" ON "LabResult"("importedResourceId");

-- AddForeignKey
ALTER TABLE "ImportedResource" ADD CONSTRAINT "ImportedResource_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ImportedResource" ADD CONSTRAINT "ImportedResource_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "PatientIdentifier" ADD CONSTRAINT "PatientIdentifier_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PossibleDuplicatePatient" ADD CONSTRAINT "PossibleDuplicatePatient_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PossibleDuplicatePatient" ADD CONSTRAINT "PossibleDuplicatePatient_matchedPatientId_fkey" FOREIGN KEY ("matchedPatientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "IntegrationClient" ADD CONSTRAINT "IntegrationClient_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "IntegrationAssertion" ADD CONSTRAINT "IntegrationAssertion_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "IntegrationClient"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "BulkExportJob" ADD CONSTRAINT "BulkExportJob_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "IntegrationClient"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "BulkExportFile" ADD CONSTRAINT "BulkExportFile_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "BulkExportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Allergy" ADD CONSTRAINT "Allergy_importedResourceId_fkey" FOREIGN KEY ("importedResourceId") REFERENCES "ImportedResource"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Problem" ADD CONSTRAINT "Problem_importedResourceId_fkey" FOREIGN KEY ("importedResourceId") REFERENCES "ImportedResource"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Medication" ADD CONSTRAINT "Medication_importedResourceId_fkey" FOREIGN KEY ("importedResourceId") REFERENCES "ImportedResource"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "LabResult" ADD CONSTRAINT "LabResult_importedResourceId_fkey" FOREIGN KEY ("importedResourceId") REFERENCES "ImportedResource"("id") ON DELETE SET NULL ON UPDATE CASCADE;
