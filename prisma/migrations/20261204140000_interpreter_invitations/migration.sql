-- An interpreter the scheduler invites from the calendar gets their link by
-- email, with the visit's time in their own zone; the physician's invitations
-- from the call keep handing the link over and leave both empty.

ALTER TABLE "VisitGuest" ADD COLUMN "email" TEXT,
ADD COLUMN "timeZone" TEXT;
