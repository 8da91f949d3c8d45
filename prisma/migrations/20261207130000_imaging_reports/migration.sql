-- Radiology reports on the imaging studies kept in the DICOM archive (the
-- chart's Imaging tab): the study's pixels stay in the archive, its report here.

CREATE TABLE "ImagingReport" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "studyInstanceUid" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "impression" TEXT NOT NULL,
    "radiologist" TEXT NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImagingReport_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ImagingReport_studyInstanceUid_key" ON "ImagingReport"("studyInstanceUid");
CREATE INDEX "ImagingReport_patientId_issuedAt_idx" ON "ImagingReport"("patientId", "issuedAt");

ALTER TABLE "ImagingReport" ADD CONSTRAINT "ImagingReport_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;
