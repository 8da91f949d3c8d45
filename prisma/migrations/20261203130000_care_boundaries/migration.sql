-- Care boundaries: break-glass grants and the administrators' review queue.

-- CreateEnum
CREATE TYPE "BreakGlassReason" AS ENUM ('MEDICAL_EMERGENCY', 'COVERING_CLINICIAN', 'URGENT_RESULT', 'OTHER');

-- CreateEnum
CREATE TYPE "AccessReviewKind" AS ENUM ('BREAK_GLASS', 'CLINICAL_ACCOUNT_CREATED', 'CLINICAL_ACCOUNT_ENABLED');

-- CreateTable
CREATE TABLE "BreakGlassGrant" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "reasonCode" "BreakGlassReason" NOT NULL,
    "reasonText" TEXT NOT NULL,
    "grantedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BreakGlassGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessReview" (
    "id" TEXT NOT NULL,
    "kind" "AccessReviewKind" NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "subjectUserId" TEXT NOT NULL,
    "breakGlassGrantId" TEXT,
    "acknowledgedById" TEXT,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgement" TEXT,

    CONSTRAINT "AccessReview_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BreakGlassGrant_userId_patientId_expiresAt_idx" ON "BreakGlassGrant"("userId", "patientId", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "AccessReview_breakGlassGrantId_key" ON "AccessReview"("breakGlassGrantId");

-- CreateIndex
CREATE INDEX "AccessReview_acknowledgedAt_occurredAt_idx" ON "AccessReview"("acknowledgedAt", "occurredAt");

-- AddForeignKey
ALTER TABLE "AccessReview" ADD CONSTRAINT "AccessReview_breakGlassGrantId_fkey" FOREIGN KEY ("breakGlassGrantId") REFERENCES "BreakGlassGrant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A grant is open for a positive time, and a break-glass review names its grant.
ALTER TABLE "BreakGlassGrant" ADD CONSTRAINT "BreakGlassGrant_expires_after_grant" CHECK ("expiresAt" > "grantedAt");

ALTER TABLE "AccessReview" ADD CONSTRAINT "AccessReview_grant_for_break_glass"
    CHECK (("kind" = 'BREAK_GLASS') = ("breakGlassGrantId" IS NOT NULL));

-- Acknowledged means by whom, when and with what comment, all three.
ALTER TABLE "AccessReview" ADD CONSTRAINT "AccessReview_acknowledged_whole"
    CHECK (("acknowledgedById" IS NULL) = ("acknowledgedAt" IS NULL) AND ("acknowledgedAt" IS NULL) = ("acknowledgement" IS NULL));

-- The record of emergency access never changes: grants are append-only
-- (refuse_change_to_append_only_table is the audit trail's).
CREATE TRIGGER "BreakGlassGrant_append_only"
    BEFORE UPDATE OR DELETE ON "BreakGlassGrant"
    FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only_table"();

CREATE TRIGGER "BreakGlassGrant_no_truncate"
    BEFORE TRUNCATE ON "BreakGlassGrant"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only_table"();

-- A review is never removed, and is acknowledged once: the only change allowed
-- fills in the acknowledgement of an unacknowledged review.
CREATE FUNCTION "access_review_acknowledged_once"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD."acknowledgedAt" IS NOT NULL
       OR (NEW."id", NEW."kind", NEW."occurredAt", NEW."actorId", NEW."subjectUserId", NEW."breakGlassGrantId")
          IS DISTINCT FROM (OLD."id", OLD."kind", OLD."occurredAt", OLD."actorId", OLD."subjectUserId", OLD."breakGlassGrantId") THEN
        RAISE EXCEPTION 'access review % can only be acknowledged, once', OLD."id"
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "AccessReview_acknowledged_once"
    BEFORE UPDATE OR DELETE ON "AccessReview"
    FOR EACH ROW EXECUTE FUNCTION "access_review_acknowledged_once"();

CREATE TRIGGER "AccessReview_no_truncate"
    BEFORE TRUNCATE ON "AccessReview"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only_table"();
