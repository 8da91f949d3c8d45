import { expect, test } from "@playwright/test";
import { issueVisitLink } from "../lib/auth/links/visit-links";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { connectToE2eDatabase } from "./support/server-state";
import { expectLiveVideo, passDeviceCheck, signedInPage } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// One LiveKit identity per credential: the patient signed in to the portal and
// someone holding their visit link (an email forwarded to them) are two people
// in the waiting room, each admitted or declined on their own.

const PHYSICIAN_EMAIL = "lena.fischer@demo.clinic";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());
test.setTimeout(180_000);

test("a forwarded visit link waits on its own: the physician sees both entries, admits the patient, and the link holder never joins the call", async ({
  browser,
}) => {
  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: two credentials" });
  const { token } = await issueVisitLink(db, visit.appointmentId);

  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  await patient.page.goto(`/patient/visits/${visit.appointmentId}`);
  await passDeviceCheck(patient.page, "Join the waiting room");
  await expect(patient.page.getByRole("heading", { name: "Waiting room" })).toBeVisible();

  const forwarded = await browser.newContext();
  const linkPage = await forwarded.newPage();
  await linkPage.goto(`/visit/${token}`);
  await passDeviceCheck(linkPage, "Join the waiting room");
  await expect(linkPage.getByRole("heading", { name: "Waiting room" })).toBeVisible();

  const physician = await signedInPage(browser, PHYSICIAN_EMAIL);
  await physician.page.goto(`/physician/visits/${visit.appointmentId}`);
  await passDeviceCheck(physician.page, "Start the visit");
  const waitingList = physician.page.getByRole("region", { name: "Waiting room" });
  await expect(waitingList.getByText(/\(patient, signed in to the portal, waiting since/)).toBeVisible({ timeout: 15_000 });
  await expect(waitingList.getByText(/\(patient, with the visit link, waiting since/)).toBeVisible();

  await waitingList.getByRole("button", { name: `Admit ${visit.patientName}, signed in to the portal` }).click();
  // The click scrolled the page to the button; admitting brings the patient's video back into view, whole on a
  // 1280 × 720 screen, with the link holder still waiting: a waiting list above the call once pushed it off screen,
  // where the physician did not see it and LiveKit's adaptive stream stopped sending it.
  await expect(physician.page.getByLabel(`${visit.patientName}'s video`)).toBeInViewport({ ratio: 1, timeout: 30_000 });
  await expectLiveVideo(physician.page.getByLabel(`${visit.patientName}'s video`));
  await expectLiveVideo(patient.page.getByLabel(`${visit.physicianName}'s video`));

  // The link holder neither displaced the patient nor got into the call.
  await expect(linkPage.getByRole("heading", { name: "Waiting room" })).toBeVisible();
  await expect(linkPage.locator("video")).toHaveCount(0);
  await expect(physician.page.getByLabel(`${visit.patientName}'s video`)).toHaveCount(1);

  await waitingList.getByRole("button", { name: `Decline ${visit.patientName}, with the visit link` }).click();
  await expect(linkPage.getByRole("heading", { name: "The physician could not admit you" })).toBeVisible({ timeout: 15_000 });
  await expectLiveVideo(physician.page.getByLabel(`${visit.patientName}'s video`));
  await expect(patient.page.getByRole("button", { name: "Leave" })).toBeVisible();

  const events = await db.visitParticipantEvent.findMany({
    where: { visit: { appointmentId: visit.appointmentId }, type: { in: ["ADMITTED", "DECLINED"] } },
    orderBy: { occurredAt: "asc" },
    select: { type: true, participantIdentity: true },
  });
  expect(events.map((event) => event.type)).toEqual(["ADMITTED", "DECLINED"]);
  // Two credentials, two identities, neither saying whose it is.
  expect(events.map((event) => event.participantIdentity)).toEqual([expect.stringMatching(/^v-/), expect.stringMatching(/^v-/)]);
  expect(events[0]!.participantIdentity).not.toBe(events[1]!.participantIdentity);

  await Promise.all([patient.context.close(), forwarded.close(), physician.context.close()]);
});
