-- Imaging studies imported from outside sources (FHIR ImagingStudy): the images
-- stay at the source's DICOMweb endpoint; this row lists the study in the chart.

CREATE TABLE "ImportedImagingStudy" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "importedResourceId" TEXT NOT NULL,
    "studyInstanceUid" TEXT NOT NULL,
    "description" TEXT,
    "modality" TEXT,
    "startedAt" TIMESTAMPTZ(3),
    "endpointBase" TEXT NOT NULL,
    "sourceLabel" TEXT NOT NULL,
    "importedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportedImagingStudy_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ImportedImagingStudy_importedResourceId_key" ON "ImportedImagingStudy"("importedResourceId");
CREATE INDEX "ImportedImagingStudy_patientId_studyInstanceUid_idx" ON "ImportedImagingStudy"("patientId", "studyInstanceUid");

ALTER TABLE "ImportedImagingStudy" ADD CONSTRAINT "ImportedImagingStudy_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ImportedImagingStudy" ADD CONSTRAINT "ImportedImagingStudy_importedResourceId_fkey" FOREIGN KEY ("importedResourceId") REFERENCES "ImportedResource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
