-- CreateTable
CREATE TABLE "VisitGuest" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "relationship" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VisitGuest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VisitGuest_tokenHash_key" ON "VisitGuest"("tokenHash");

-- CreateIndex
CREATE INDEX "VisitGuest_appointmentId_idx" ON "VisitGuest"("appointmentId");

-- AddForeignKey
ALTER TABLE "VisitGuest" ADD CONSTRAINT "VisitGuest_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitGuest" ADD CONSTRAINT "VisitGuest_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
