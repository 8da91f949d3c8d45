-- Patient-education handouts the physician attaches to a note (keys of the
-- bundled list in lib/notes/handouts.ts), shown in the after-visit summary;
-- and the default payer rules every clinic starts from (admin-editable at
-- /admin/billing): modifier 95 for video, 93 for audio-only, and Medicare,
-- whose place of service 02/10 already says "telehealth", without 95.

ALTER TABLE "ConsultationNote" ADD COLUMN "handouts" TEXT[] DEFAULT ARRAY[]::TEXT[];

INSERT INTO "PayerRule" ("id", "payer", "modality", "modifier", "updatedAt") VALUES
  (gen_random_uuid()::text, '*', 'VIDEO', '95', CURRENT_TIMESTAMP),
  (gen_random_uuid()::text, '*', 'AUDIO_ONLY', '93', CURRENT_TIMESTAMP),
  (gen_random_uuid()::text, 'Medicare', 'VIDEO', NULL, CURRENT_TIMESTAMP),
  (gen_random_uuid()::text, 'Medicare', 'AUDIO_ONLY', '93', CURRENT_TIMESTAMP);
