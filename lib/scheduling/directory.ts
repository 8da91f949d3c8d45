import "server-only";
import { getDb } from "@/lib/db/client";

/** Public, non-clinical facts about a physician, fit for the landing page. */
export interface PhysicianDirectoryEntry {
  id: string;
  name: string;
  specialty: string;
  timeZone: string;
  /** The active visit types they offer (PhysicianVisitType): booking forms list only these for them. */
  visitTypeIds: string[];
}

export async function listPhysicianDirectory(): Promise<PhysicianDirectoryEntry[]> {
  const physicians = await getDb().physician.findMany({
    // A disabled account is someone who has left the clinic; patients should not look for them.
    where: { user: { disabledAt: null } },
    select: {
      id: true,
      specialty: true,
      timeZone: true,
      user: { select: { name: true } },
      offeredVisitTypes: { where: { visitType: { isActive: true } }, select: { visitTypeId: true } },
    },
    orderBy: [{ user: { name: "asc" } }, { id: "asc" }],
  });
  return physicians.map(({ user, offeredVisitTypes, ...physician }) => ({
    ...physician,
    name: user.name,
    visitTypeIds: offeredVisitTypes.map((offered) => offered.visitTypeId),
  }));
}
