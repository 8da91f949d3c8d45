-- The check-in's identity step counts wrong dates of birth per visit, on the
-- visit's check-in row: the portal and the visit link share one count, and it
-- goes with the visit (lib/checkin/step-rules.ts stops asking after five).

ALTER TABLE "VisitCheckIn" ADD COLUMN "dateOfBirthFailedTries" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "VisitCheckIn" ADD CONSTRAINT "VisitCheckIn_dateOfBirthFailedTries_check" CHECK ("dateOfBirthFailedTries" >= 0);
