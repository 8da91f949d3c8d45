import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from "@playwright/test";
import { signInAs } from "./sign-in";

// Shared steps of the tests that hold a video visit in two browser contexts.

/** A new browser context signed in as `email`; `options.baseURL` signs in to another app instance. */
export async function signedInPage(
  browser: Browser,
  email: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signInAs(page, email);
  return { context, page };
}

/** Waits until the video shows real frames: a size, and five new frames painted within 1.5 s. */
export async function expectLiveVideo(video: Locator): Promise<void> {
  // The element appears once the track is subscribed, which a busy machine may take seconds to do.
  await expect(video).toBeVisible({ timeout: 30_000 });
  // Not scrolled to first: LiveKit's adaptive stream pauses video that is out of
  // view, so a video the layout pushes off screen fails here, as it should.
  await expect
    .poll(
      () =>
        video.evaluate(
          (element: HTMLVideoElement) =>
            new Promise<string>((resolve) => {
              let frames = 0;
              const count = () => {
                frames += 1;
                if (frames < 5) element.requestVideoFrameCallback(count);
              };
              element.requestVideoFrameCallback(count);
              setTimeout(() => resolve(`${element.videoWidth > 0 ? "sized" : "no size"}, ${frames} frames`), 1_500);
            }),
        ),
      { timeout: 30_000 },
    )
    .toBe("sized, 5 frames");
}

/**
 * Waits until the video is decoding: it has a size and its count of decoded
 * frames rises over a second. Laxer than expectLiveVideo about the frame rate,
 * which sags when the machine is busy, and waits as long as it is told; a
 * timeout reports what the page shows instead (no element, no size, no frames)
 * and the call's status lines (e.g. audio only).
 */
export async function expectVideoDecoding(video: Locator, { timeout }: { timeout: number }): Promise<void> {
  await expect
    .poll(
      async () =>
        (await video.count()) === 0
          ? `no video element; the page says: ${(await video.page().getByRole("status").allTextContents()).filter(Boolean).join(" | ")}`
          : video.evaluate(
              (element: HTMLVideoElement) =>
                new Promise<string>((resolve) => {
                  const before = element.getVideoPlaybackQuality().totalVideoFrames;
                  setTimeout(() => {
                    const decoded = element.getVideoPlaybackQuality().totalVideoFrames - before;
                    resolve(element.videoWidth > 0 && decoded > 0 ? "decoding" : `${element.videoWidth > 0 ? "sized" : "no size"}, ${decoded} new frames`);
                  }, 1_000);
                }),
            ),
      { timeout },
    )
    .toBe("decoding");
}

/** Waits until a remote participant's audio is playing from a live, unmuted track. */
export async function expectLiveRemoteAudio(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() =>
          [...document.querySelectorAll<HTMLAudioElement>("audio[data-remote-audio]")].some((audio) => {
            const stream = audio.srcObject;
            return (
              stream instanceof MediaStream &&
              stream.getAudioTracks().some((track) => track.readyState === "live" && !track.muted) &&
              !audio.paused
            );
          }),
        ),
      { timeout: 30_000 },
    )
    .toBe(true);
}

export async function passDeviceCheck(page: Page, joinButton: "Join the waiting room" | "Start the visit"): Promise<void> {
  await expect(page.getByRole("heading", { name: "Check your camera and microphone" })).toBeVisible();
  await expectLiveVideo(page.getByLabel("Your camera preview"));
  await expect(page.getByRole("meter", { name: "Microphone level" })).toBeVisible();
  await expect(page.getByLabel("Camera", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Microphone", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: joinButton }).click();
}

/** The device check as a patient whose pages speak Spanish sees it, then on to the check-in or the waiting room. */
export async function passDeviceCheckInSpanish(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { name: "Revise su cámara y su micrófono" })).toBeVisible();
  await expectLiveVideo(page.getByLabel("Vista previa de su cámara"));
  await expect(page.getByRole("meter", { name: "Nivel del micrófono" })).toBeVisible();
  await page.getByRole("button", { name: "Entrar a la sala de espera" }).click();
}

/**
 * The patient joins the waiting room, the physician starts the visit and
 * admits them, and each sees the other's live video.
 */
export async function admitIntoCall(
  patient: Page,
  physician: Page,
  visit: { appointmentId: string; patientName: string; physicianName: string },
): Promise<void> {
  await patient.goto(`/patient/visits/${visit.appointmentId}`);
  await passDeviceCheck(patient, "Join the waiting room");
  await expect(patient.getByRole("heading", { name: "Waiting room" })).toBeVisible();
  await physician.goto(`/physician/visits/${visit.appointmentId}`);
  await passDeviceCheck(physician, "Start the visit");
  await physician.getByRole("button", { name: `Admit ${visit.patientName}` }).click();
  await expectLiveVideo(patient.getByLabel(`${visit.physicianName}'s video`));
  await expectLiveVideo(physician.getByLabel(`${visit.patientName}'s video`));
}

/** The physician ends the visit for everyone, and the other page shows that it has ended. */
export async function endVisitForEveryone(physician: Page, other: Page, { timeout = 15_000 }: { timeout?: number } = {}): Promise<void> {
  await physician.getByRole("button", { name: "End visit for everyone" }).click();
  await expect(other.getByRole("heading", { name: "The visit has ended" })).toBeVisible({ timeout });
}
