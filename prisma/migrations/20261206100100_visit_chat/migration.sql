-- The call's chat kept with the visit (lib/visits/chat.ts): each message's
-- sender, time and text, bounded in length; and whether the physician shows
-- the chat in the patient's after-visit summary (off unless ticked).

ALTER TABLE "Visit" ADD COLUMN "includeChatInSummary" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "VisitChatMessage" (
    "id" TEXT NOT NULL,
    "visitId" TEXT NOT NULL,
    "senderIdentity" TEXT NOT NULL,
    "senderName" TEXT NOT NULL,
    "senderRole" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VisitChatMessage_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "VisitChatMessage_text_check" CHECK (char_length("text") BETWEEN 1 AND 1000)
);

CREATE INDEX "VisitChatMessage_visitId_sentAt_idx" ON "VisitChatMessage"("visitId", "sentAt");

ALTER TABLE "VisitChatMessage" ADD CONSTRAINT "VisitChatMessage_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
