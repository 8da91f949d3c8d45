-- Which visit types each physician offers. Until now every physician offered
-- every type, so every existing physician starts with every active one.

CREATE TABLE "PhysicianVisitType" (
    "physicianId" TEXT NOT NULL,
    "visitTypeId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PhysicianVisitType_pkey" PRIMARY KEY ("physicianId","visitTypeId")
);

CREATE INDEX "PhysicianVisitType_visitTypeId_idx" ON "PhysicianVisitType"("visitTypeId");

ALTER TABLE "PhysicianVisitType" ADD CONSTRAINT "PhysicianVisitType_physicianId_fkey" FOREIGN KEY ("physicianId") REFERENCES "Physician"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PhysicianVisitType" ADD CONSTRAINT "PhysicianVisitType_visitTypeId_fkey" FOREIGN KEY ("visitTypeId") REFERENCES "VisitType"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "PhysicianVisitType" ("physicianId", "visitTypeId")
SELECT p."id", v."id" FROM "Physician" p CROSS JOIN "VisitType" v WHERE v."isActive";
