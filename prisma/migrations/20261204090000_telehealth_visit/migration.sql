-- The telehealth visit: the patient's check-in (location, consent, identity,
-- language, intake, uploads), versioned consents, physicians' licences and the
-- clinic's licensure rule, interpreters as guests, the visit's modality, and
-- the note's telehealth block and billing codes.

-- CreateEnum
CREATE TYPE "VisitModality" AS ENUM ('VIDEO', 'AUDIO_ONLY');
CREATE TYPE "ConsentKind" AS ENUM ('TELEHEALTH', 'RECORDING');
CREATE TYPE "PatientLocationKind" AS ENUM ('HOME', 'OTHER');
CREATE TYPE "VisitUploadKind" AS ENUM ('ID_PHOTO', 'CONDITION_PHOTO');
CREATE TYPE "GuestRole" AS ENUM ('GUEST', 'INTERPRETER');
CREATE TYPE "LicensureMode" AS ENUM ('WARN', 'BLOCK');

-- AlterTable
ALTER TABLE "Patient" ADD COLUMN "preferredLanguage" TEXT,
ADD COLUMN "usualState" TEXT,
ADD COLUMN "payer" TEXT;

ALTER TABLE "VisitGuest" ADD COLUMN "role" "GuestRole" NOT NULL DEFAULT 'GUEST',
ADD COLUMN "language" TEXT;

ALTER TABLE "Visit" ADD COLUMN "modality" "VisitModality" NOT NULL DEFAULT 'VIDEO',
ADD COLUMN "audioOnlyReason" TEXT;

ALTER TABLE "ConsultationNote" ADD COLUMN "telehealth" JSONB,
ADD COLUMN "cptCode" TEXT,
ADD COLUMN "diagnosisCodes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "ConsentVersion" (
    "id" TEXT NOT NULL,
    "kind" "ConsentKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "bodyEn" TEXT NOT NULL,
    "bodyEs" TEXT NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" TEXT NOT NULL,

    CONSTRAINT "ConsentVersion_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ConsentSignature" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "consentVersionId" TEXT NOT NULL,
    "appointmentId" TEXT,
    "accepted" BOOLEAN NOT NULL,
    "typedName" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "ipAddress" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "ConsentSignature_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "TelehealthStatePolicy" (
    "state" TEXT NOT NULL,
    "consentExpiryMonths" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TelehealthStatePolicy_pkey" PRIMARY KEY ("state")
);

CREATE TABLE "ClinicSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "licensureMode" "LicensureMode" NOT NULL DEFAULT 'WARN',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ClinicSettings_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "VisitCheckIn" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "country" TEXT,
    "state" TEXT,
    "addressLine" TEXT,
    "city" TEXT,
    "postalCode" TEXT,
    "locationKind" "PatientLocationKind",
    "callbackPhone" TEXT,
    "locationConfirmedAt" TIMESTAMPTZ(3),
    "dateOfBirthConfirmedAt" TIMESTAMPTZ(3),
    "preferredLanguage" TEXT,
    "interpreterNeeded" BOOLEAN NOT NULL DEFAULT false,
    "interpreterLanguage" TEXT,
    "languageConfirmedAt" TIMESTAMPTZ(3),
    "telehealthConsentId" TEXT,
    "recordingConsentId" TEXT,
    "intakeQuestionnaireId" TEXT,
    "intakeAnswers" JSONB,
    "intakeCompletedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "identityVerifiedAt" TIMESTAMPTZ(3),
    "identityVerifiedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VisitCheckIn_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "IntakeQuestionnaire" (
    "id" TEXT NOT NULL,
    "visitTypeId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "questions" JSONB NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" TEXT NOT NULL,

    CONSTRAINT "IntakeQuestionnaire_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "VisitUpload" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "kind" "VisitUploadKind" NOT NULL,
    "contentType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "caption" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VisitUpload_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "PhysicianLicense" (
    "id" TEXT NOT NULL,
    "physicianId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "licenseNumber" TEXT NOT NULL,
    "expiresOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PhysicianLicense_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "LicensureOverride" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "physicianId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LicensureOverride_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "PayerRule" (
    "id" TEXT NOT NULL,
    "payer" TEXT NOT NULL,
    "modality" "VisitModality" NOT NULL,
    "modifier" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PayerRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsentVersion_kind_version_key" ON "ConsentVersion"("kind", "version");
CREATE INDEX "ConsentSignature_patientId_signedAt_idx" ON "ConsentSignature"("patientId", "signedAt");
CREATE UNIQUE INDEX "VisitCheckIn_appointmentId_key" ON "VisitCheckIn"("appointmentId");
CREATE UNIQUE INDEX "VisitCheckIn_telehealthConsentId_key" ON "VisitCheckIn"("telehealthConsentId");
CREATE UNIQUE INDEX "VisitCheckIn_recordingConsentId_key" ON "VisitCheckIn"("recordingConsentId");
CREATE INDEX "VisitCheckIn_patientId_createdAt_idx" ON "VisitCheckIn"("patientId", "createdAt");
CREATE UNIQUE INDEX "IntakeQuestionnaire_visitTypeId_version_key" ON "IntakeQuestionnaire"("visitTypeId", "version");
CREATE INDEX "VisitUpload_appointmentId_kind_idx" ON "VisitUpload"("appointmentId", "kind");
CREATE UNIQUE INDEX "PhysicianLicense_physicianId_state_key" ON "PhysicianLicense"("physicianId", "state");
CREATE INDEX "LicensureOverride_appointmentId_idx" ON "LicensureOverride"("appointmentId");
CREATE UNIQUE INDEX "PayerRule_payer_modality_key" ON "PayerRule"("payer", "modality");

-- AddForeignKey
ALTER TABLE "ConsentVersion" ADD CONSTRAINT "ConsentVersion_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ConsentSignature" ADD CONSTRAINT "ConsentSignature_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ConsentSignature" ADD CONSTRAINT "ConsentSignature_consentVersionId_fkey" FOREIGN KEY ("consentVersionId") REFERENCES "ConsentVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ConsentSignature" ADD CONSTRAINT "ConsentSignature_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "VisitCheckIn" ADD CONSTRAINT "VisitCheckIn_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "VisitCheckIn" ADD CONSTRAINT "VisitCheckIn_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "VisitCheckIn" ADD CONSTRAINT "VisitCheckIn_telehealthConsentId_fkey" FOREIGN KEY ("telehealthConsentId") REFERENCES "ConsentSignature"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "VisitCheckIn" ADD CONSTRAINT "VisitCheckIn_recordingConsentId_fkey" FOREIGN KEY ("recordingConsentId") REFERENCES "ConsentSignature"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "VisitCheckIn" ADD CONSTRAINT "VisitCheckIn_intakeQuestionnaireId_fkey" FOREIGN KEY ("intakeQuestionnaireId") REFERENCES "IntakeQuestionnaire"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "VisitCheckIn" ADD CONSTRAINT "VisitCheckIn_identityVerifiedById_fkey" FOREIGN KEY ("identityVerifiedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "IntakeQuestionnaire" ADD CONSTRAINT "IntakeQuestionnaire_visitTypeId_fkey" FOREIGN KEY ("visitTypeId") REFERENCES "VisitType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "IntakeQuestionnaire" ADD CONSTRAINT "IntakeQuestionnaire_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "VisitUpload" ADD CONSTRAINT "VisitUpload_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PhysicianLicense" ADD CONSTRAINT "PhysicianLicense_physicianId_fkey" FOREIGN KEY ("physicianId") REFERENCES "Physician"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "LicensureOverride" ADD CONSTRAINT "LicensureOverride_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "LicensureOverride" ADD CONSTRAINT "LicensureOverride_physicianId_fkey" FOREIGN KEY ("physicianId") REFERENCES "Physician"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
