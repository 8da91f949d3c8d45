import "server-only";
import type { Database } from "@/lib/db/prisma";
import { DEMO_EMAILS } from "@/lib/db/seed/demo-clinic";
import { demoStudiesFor, DEMO_IMAGING_MRNS } from "./demo-studies";
import { writeDicomFile } from "./dicom-files";
import { dicomWebArchive, type DicomWebArchive } from "./dicomweb";

// The demo clinic's imaging: each demo study's radiology report into the chart
// and, when an archive is configured, the study itself into the archive through
// STOW-RS. Run after the clinic is seeded and on every start of the demo: it
// adds only what is missing, so an archive installed later gets its studies.

/** Instances per STOW-RS request: a few megabytes each. */
const STOW_BATCH = 25;

export async function seedDemoImaging(
  db: Database,
  options: { now: Date; log: (message: string) => void; archive?: DicomWebArchive | null },
): Promise<{ reports: number; studiesStored: number }> {
  const archive = options.archive === undefined ? dicomWebArchive() : options.archive;
  // Only into the demo clinic: a real clinic's MRN-000001 is someone else.
  const demo = await db.user.findUnique({ where: { email: DEMO_EMAILS.patient }, select: { id: true } });
  if (!demo) return { reports: 0, studiesStored: 0 };
  const patients = await db.patient.findMany({
    where: { mrn: { in: [...DEMO_IMAGING_MRNS] } },
    select: { id: true, mrn: true, givenName: true, familyName: true, dateOfBirth: true, sex: true },
  });
  let reports = 0;
  let studiesStored = 0;
  for (const patient of patients) {
    const studies = demoStudiesFor({ ...patient, dateOfBirth: patient.dateOfBirth.toISOString().slice(0, 10) }, options.now);
    const created = await db.imagingReport.createMany({
      data: studies.map((study) => ({
        patientId: patient.id,
        studyInstanceUid: study.studyInstanceUid,
        ...study.report,
        issuedAt: new Date(study.performedAt.getTime() + 3 * 3_600_000),
      })),
      skipDuplicates: true,
    });
    reports += created.count;
    if (!archive) continue;
    for (const study of studies) {
      if ((await archive.patientIdOf(study.studyInstanceUid)) !== null) continue;
      const files = study.instances().map(writeDicomFile);
      for (let start = 0; start < files.length; start += STOW_BATCH) await archive.store(files.slice(start, start + STOW_BATCH));
      studiesStored++;
    }
  }
  if (!archive) options.log("No DICOM archive (DICOMWEB_URL is not set): the demo imaging studies were not stored; their reports are in the chart.");
  else if (studiesStored > 0) options.log(`Stored ${studiesStored} demo imaging studies in the DICOM archive`);
  return { reports, studiesStored };
}
