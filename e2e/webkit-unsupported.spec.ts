import { expect, test } from "@playwright/test";
import { issueVisitLink } from "../lib/auth/links/visit-links";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { E2E_BASE_URL } from "./support/base-url";
import { connectToE2eDatabase } from "./support/server-state";
import { startTlsFront } from "./support/tls-proxy";
import { bookVisitStartingNow } from "./support/visit-now";
import { openWebKit, type WebKitSession } from "./support/webkit";

// Debian's WebKitGTK renders the app and offers a (mock) camera, but is built
// without WebRTC: the patient's link must end in a page that says so and what
// to do, never a spinner or a blank page. Playwright's own browser is not used;
// WebKit reaches the e2e server through an https front, as patients reach a clinic.

let db: Database;
let webKit: WebKitSession | null = null;
let front: Awaited<ReturnType<typeof startTlsFront>> | null = null;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());
test.afterEach(async () => {
  await webKit?.close();
  await front?.stop();
  webKit = null;
  front = null;
});

// Starting Xvfb and MiniBrowser on top of a page load.
test.setTimeout(120_000);

interface PageReading {
  hasPeerConnection: boolean;
  hasCamera: boolean;
  headings: string[];
  text: string;
}

const readPage = `return {
  hasPeerConnection: typeof RTCPeerConnection !== "undefined",
  hasCamera: typeof navigator.mediaDevices?.getUserMedia === "function",
  headings: [...document.querySelectorAll("h1, h2")].map((heading) => heading.textContent.trim()),
  text: document.body.innerText,
};`;

test("in WebKitGTK, which has no WebRTC, the patient's visit link says this browser cannot hold video visits and what to do", async () => {
  const visit = await bookVisitStartingNow(db, {
    patientEmail: DEMO_PATIENT_EMAIL,
    physicianEmail: "lena.fischer@demo.clinic",
    reason: "Video visit in WebKitGTK",
  });
  const { token } = await issueVisitLink(db, visit.appointmentId);
  front = await startTlsFront(E2E_BASE_URL);
  webKit = await openWebKit();
  await webKit.goto(`${front.origin}/visit/${token}`);

  const session = webKit;
  await expect
    .poll(async () => (await session.evaluate<PageReading>(readPage)).headings, { timeout: 60_000 })
    .toContain("This browser cannot hold video visits");
  const page = await session.evaluate<PageReading>(readPage);
  // The browser really lacks the call, though it has the camera: not a page that gave up early.
  expect(page).toMatchObject({ hasPeerConnection: false, hasCamera: true });
  expect(page.headings).toContain(`Hello, ${visit.patientName.split(" ")[0]}`);
  expect(page.headings).not.toContain("Check your camera and microphone");
  expect(page.text).toContain("Open this same link in a current version of Chrome, Edge, Firefox or Safari");
  expect(page.text).toContain("call the clinic before your visit starts and ask to have it by phone instead");
  expect(page.text).not.toContain("Checking your browser");
  expect(page.text).not.toContain("Join the waiting room");
});
