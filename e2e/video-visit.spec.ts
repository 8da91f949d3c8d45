import path from "node:path";
import { devices, expect, test, type Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { showNote } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs } from "./support/sign-in";
import { endVisitForEveryone, expectLiveRemoteAudio, expectLiveVideo, passDeviceCheck, signedInPage } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// Two browser contexts (patient and physician) on the e2e server's real LiveKit
// server, each with Chromium's fake camera (a moving test pattern) and fake
// microphone (a beep), so what arrives on one side was sent by the other.

// Each test holds its own physician's half hour around now, so they do not clash.
const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";
const SECOND_PHYSICIAN_EMAIL = "samuel.okafor@demo.clinic";
const THIRD_PHYSICIAN_EMAIL = "lena.fischer@demo.clinic";
const LIVEKIT_CLIENT_BUNDLE = path.join(process.cwd(), "node_modules", "livekit-client", "dist", "livekit-client.umd.js");

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

// Media setup and the webhook round trips take longer than a page test.
test.setTimeout(120_000);

async function appointmentStatus(appointmentId: string) {
  return (await db.appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { status: true } })).status;
}

test("patient and physician see and hear each other, chat, and the visit is recorded from admission to end", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: PHYSICIAN_EMAIL,
    reason: "Video visit end-to-end",
  });
  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  const physician = await signedInPage(browser, PHYSICIAN_EMAIL);

  await patient.page.goto(`/patient/visits/${visit.appointmentId}`);
  await passDeviceCheck(patient.page, "Join the waiting room");
  await expect(patient.page.getByRole("heading", { name: "Waiting room" })).toBeVisible();
  await expect(patient.page.getByText(`Dr. ${visit.physicianName} will let you in shortly.`)).toBeVisible();
  await expectNoAxeViolations(patient.page);
  // LiveKit's participant_joined webhook checks the patient in.
  await expect.poll(() => appointmentStatus(visit.appointmentId), { timeout: 15_000 }).toBe("CHECKED_IN");

  // The physician learns of the waiting patient on any page.
  await physician.page.goto("/physician");
  const notice = physician.page.getByRole("status").filter({ hasText: `${visit.patientName} is in the waiting room` });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  await notice.getByRole("link", { name: "Open visit" }).click();
  await expect(physician.page).toHaveURL(new RegExp(`/physician/visits/${visit.appointmentId}$`));
  await passDeviceCheck(physician.page, "Start the visit");

  // The waiting patient sees nobody before admission.
  await expect(patient.page.locator("video[aria-label$=\"'s video\"]")).toHaveCount(0);
  await physician.page.getByRole("button", { name: `Admit ${visit.patientName}` }).click();

  await expectLiveVideo(patient.page.getByLabel(`${visit.physicianName}'s video`));
  await expectLiveVideo(physician.page.getByLabel(`${visit.patientName}'s video`));
  await expectLiveVideo(patient.page.getByLabel("Your video"));
  await expectLiveRemoteAudio(patient.page);
  await expectLiveRemoteAudio(physician.page);
  await expect.poll(() => appointmentStatus(visit.appointmentId)).toBe("IN_PROGRESS");
  await expect(patient.page.getByRole("status").filter({ hasText: /^Connection: (excellent|good)$/ })).toBeVisible({ timeout: 20_000 });

  await patient.page.getByRole("button", { name: "Mute microphone" }).click();
  await expect(physician.page.getByText(`${visit.patientName} is muted`)).toBeVisible();
  await patient.page.getByRole("button", { name: "Unmute microphone" }).click();
  await expect(physician.page.getByText(`${visit.patientName} is muted`)).toBeHidden();

  const chat = physician.page.getByRole("form", { name: "Chat" });
  await chat.getByLabel("Message").fill("Please hold the <b>pill bottle</b> up to the camera");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(patient.page.getByRole("log", { name: "Chat messages" })).toContainText(
    `${visit.physicianName}: Please hold the <b>pill bottle</b> up to the camera`,
  );
  // Kept with the visit, and under the physician's note (the after-visit summary shows it only when ticked: lib/visits/chat.int.test.ts).
  expect(await db.visitChatMessage.findMany({ where: { visit: { appointmentId: visit.appointmentId } }, select: { senderRole: true, text: true } })).toEqual([
    { senderRole: "physician", text: "Please hold the <b>pill bottle</b> up to the camera" },
  ]);
  await showNote(physician.page);
  const chatRecord = physician.page.getByRole("region", { name: "Chat from this visit" });
  await chatRecord.getByRole("button", { name: "Refresh chat" }).click();
  await expect(chatRecord.getByRole("listitem")).toContainText(["Please hold the <b>pill bottle</b> up to the camera"]);
  await expect(chatRecord.getByRole("checkbox", { name: "Include the chat in the after-visit summary" })).not.toBeChecked();
  await expectNoAxeViolations(patient.page);
  await expectNoAxeViolations(physician.page);

  await endVisitForEveryone(physician.page, patient.page);

  await expect.poll(() => appointmentStatus(visit.appointmentId)).toBe("COMPLETED");
  const record = await db.visit.findUniqueOrThrow({
    where: { appointmentId: visit.appointmentId },
    include: { events: { orderBy: { occurredAt: "asc" } } },
  });
  expect(record.startedAt).not.toBeNull();
  expect(record.endedAt!.getTime()).toBeGreaterThan(record.startedAt!.getTime());
  const types = record.events.map((event) => event.type);
  expect(types).toEqual(expect.arrayContaining(["JOINED", "ADMITTED"]));
  await expect
    .poll(async () => db.visitParticipantEvent.count({ where: { visitId: record.id, type: "ROOM_FINISHED" } }), { timeout: 20_000 })
    .toBe(1);

  await Promise.all([patient.context.close(), physician.context.close()]);
});

test("a patient who is not admitted receives no media even when using their token with LiveKit directly", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: SECOND_PHYSICIAN_EMAIL,
    reason: "Video visit: waiting room is enforced",
  });
  const physician = await signedInPage(browser, SECOND_PHYSICIAN_EMAIL);
  await physician.page.goto(`/physician/visits/${visit.appointmentId}`);
  await passDeviceCheck(physician.page, "Start the visit");
  await expectLiveVideo(physician.page.getByLabel("Your video"));

  // The patient skips the app's UI: the LiveKit SDK, loaded by hand (so the
  // page's CSP is bypassed), connects with the token the app issued.
  const patientContext = await browser.newContext({ bypassCSP: true });
  const patientPage = await patientContext.newPage();
  await signInAs(patientPage, DEMO_PATIENT_EMAIL);
  const tokenResponse = await patientPage.request.post(`/api/visits/${visit.appointmentId}/token`);
  expect(tokenResponse.status()).toBe(200);
  const credentials = (await tokenResponse.json()) as { serverUrl: string; token: string; admitted: boolean };
  expect(credentials.admitted).toBe(false);
  await patientPage.addScriptTag({ path: LIVEKIT_CLIENT_BUNDLE });

  const direct = await patientPage.evaluate(async ({ serverUrl, token }) => {
    const { Room, RoomEvent } = (window as unknown as { LivekitClient: typeof import("livekit-client") }).LivekitClient;
    const room = new Room();
    let subscribed = 0;
    room.on(RoomEvent.TrackSubscribed, () => (subscribed += 1));
    await room.connect(serverUrl, token, { autoSubscribe: true });
    (window as unknown as { directRoom: typeof room }).directRoom = room;
    const publicationsSeen = [...room.remoteParticipants.values()].flatMap((participant) => [
      ...participant.trackPublications.values(),
    ]);
    for (const publication of publicationsSeen) publication.setSubscribed(true);
    let publishRefused = false;
    try {
      await room.localParticipant.setMicrophoneEnabled(true);
    } catch {
      publishRefused = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    // Who the waiting client is told is in the room: the physician, named, and nobody else.
    const seen = [...room.remoteParticipants.values()].map((participant) => participant.name);
    return { subscribed, publishRefused, published: room.localParticipant.trackPublications.size, seen };
  }, credentials);
  expect(direct).toEqual({ subscribed: 0, publishRefused: true, published: 0, seen: [visit.physicianName] });
  // And the physician's call is not told of the waiting client: waiting participants are hidden.
  await expect(physician.page.getByText(`${visit.patientName}, patient`)).toHaveCount(0);

  // Once admitted, the same connection receives the physician's media: the
  // check above would have seen it had the server not withheld it.
  await physician.page.getByRole("button", { name: `Admit ${visit.patientName}` }).click();
  await expect
    .poll(
      () =>
        patientPage.evaluate(() => {
          const room = (window as unknown as { directRoom: import("livekit-client").Room }).directRoom;
          return [...room.remoteParticipants.values()].flatMap((participant) =>
            [...participant.trackPublications.values()].filter((publication) => publication.isSubscribed),
          ).length;
        }),
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);

  await Promise.all([patientContext.close(), physician.context.close()]);
});

test("the token endpoint refuses the wrong people and the wrong times, and the webhook refuses a bad signature", async ({
  browser,
  request,
}) => {
  const visit = await bookVisitStartingNow(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: THIRD_PHYSICIAN_EMAIL,
    reason: "Video visit: token refusals",
  });
  const tokenFor = (page: Page) => page.request.post(`/api/visits/${visit.appointmentId}/token`);

  const scheduler = await signedInPage(browser, "scheduler@demo.clinic");
  const schedulerResponse = await tokenFor(scheduler.page);
  expect(schedulerResponse.status()).toBe(403);
  expect((await schedulerResponse.json()).error).toEqual(expect.any(String));

  const unrelated = await signedInPage(browser, SECOND_PHYSICIAN_EMAIL);
  expect((await tokenFor(unrelated.page)).status()).toBe(403);

  const anonymous = await request.post(`/api/visits/${visit.appointmentId}/token`);
  expect(anonymous.status()).toBe(401);

  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  const inWindow = await tokenFor(patient.page);
  expect(inWindow.status()).toBe(200);

  const booked = await db.appointment.findUniqueOrThrow({ where: { id: visit.appointmentId } });
  const later = await db.appointment.create({
    data: {
      patientId: booked.patientId,
      physicianId: booked.physicianId,
      visitTypeId: booked.visitTypeId,
      bookedById: booked.bookedById,
      reason: "Video visit: too early",
      startsAt: new Date("2099-03-01T09:00:00Z"),
      endsAt: new Date("2099-03-01T09:30:00Z"),
    },
  });
  const tooEarly = await patient.page.request.post(`/api/visits/${later.id}/token`);
  expect(tooEarly.status()).toBe(409);
  expect((await tooEarly.json()).error).toMatch(/opens/);

  await db.appointment.update({ where: { id: visit.appointmentId }, data: { status: "COMPLETED" } });
  const afterEnd = await tokenFor(patient.page);
  expect(afterEnd.status()).toBe(409);
  expect((await afterEnd.json()).error).toMatch(/ended/);

  const malformed = await patient.page.request.post("/api/visits/not%20an%20id/token");
  expect(malformed.status()).toBe(400);

  const eventsBefore = await db.visitParticipantEvent.count();
  const forged = await request.post("/api/livekit/webhook", {
    headers: { "content-type": "application/webhook+json", authorization: "not-a-signature" },
    data: JSON.stringify({ event: "room_finished", id: "EV_forged", room: { name: "visit-anything" } }),
  });
  expect(forged.status()).toBe(401);
  expect(await db.visitParticipantEvent.count()).toBe(eventsBefore);

  await Promise.all([scheduler.context.close(), unrelated.context.close(), patient.context.close()]);
});

test("on a phone the patient joins at once, waits, and they see each other, with every control on screen", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: SECOND_PHYSICIAN_EMAIL,
    reason: "Video visit: on a phone",
  });
  const phone = await browser.newContext({ ...devices["Pixel 7"] });
  const patientPage = await phone.newPage();
  await signInAs(patientPage, DEMO_PATIENT_EMAIL);
  const physician = await signedInPage(browser, SECOND_PHYSICIAN_EMAIL);

  await patientPage.goto(`/patient/visits/${visit.appointmentId}`);
  // Tapping Join before the camera preview has opened still joins with camera and microphone on.
  await patientPage.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(patientPage.getByRole("heading", { name: "Waiting room" })).toBeVisible();
  await physician.page.goto(`/physician/visits/${visit.appointmentId}`);
  await passDeviceCheck(physician.page, "Start the visit");
  await physician.page.getByRole("button", { name: `Admit ${visit.patientName}` }).click();

  await expectLiveVideo(patientPage.getByLabel(`${visit.physicianName}'s video`));
  await expectLiveVideo(physician.page.getByLabel(`${visit.patientName}'s video`));
  for (const control of ["Mute microphone", "Turn camera off", "Leave"]) {
    await expect(patientPage.getByRole("button", { name: control })).toBeInViewport({ ratio: 1 });
  }
  const overflow = await patientPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "the call page scrolls sideways on a phone").toBeLessThanOrEqual(0);
  await expectNoAxeViolations(patientPage);

  await Promise.all([phone.close(), physician.context.close()]);
});

test("a patient waiting when the visit is cancelled is taken out of the waiting room and told the visit is over", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: THIRD_PHYSICIAN_EMAIL,
    reason: "Video visit: cancelled while waiting",
  });
  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  await patient.page.goto(`/patient/visits/${visit.appointmentId}`);
  await passDeviceCheck(patient.page, "Join the waiting room");
  await expect(patient.page.getByRole("heading", { name: "Waiting room" })).toBeVisible();

  const scheduler = await signedInPage(browser, "scheduler@demo.clinic");
  const cancelled = await scheduler.page.request.post(`/api/appointments/${visit.appointmentId}/cancel`, {
    data: { reason: "Physician called in sick" },
  });
  expect(cancelled.status()).toBe(200);

  await expect(patient.page.getByRole("heading", { name: "The visit has ended" })).toBeVisible({ timeout: 15_000 });
  await expect(patient.page.getByRole("heading", { name: "Waiting room" })).toHaveCount(0);
  expect(await appointmentStatus(visit.appointmentId)).toBe("CANCELLED");

  await Promise.all([patient.context.close(), scheduler.context.close()]);
});
