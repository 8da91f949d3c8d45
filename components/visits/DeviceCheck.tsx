"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { focusOnMount } from "@/components/focusOnMount";
import { useBrowserSupport } from "./browserSupport";
import { problemOf, type MediaProblem } from "./mediaProblems";
import { MicrophoneLevelMeter } from "./MicrophoneLevelMeter";
import { visitFieldClassName, visitPanelClassName, visitPrimaryButtonClassName, visitSecondaryButtonClassName } from "./styles";
import { playTestSound } from "./testSound";
import { VideoVisitsUnsupported } from "./VideoVisitsUnsupported";

/** What the person chose before joining; the call starts with these devices in these states. */
export interface DeviceChoices {
  cameraId: string | undefined;
  microphoneId: string | undefined;
  speakerId: string | undefined;
  cameraEnabled: boolean;
  microphoneEnabled: boolean;
}

interface Preview {
  stream: MediaStream;
  cameraMissing: boolean;
  microphoneMissing: boolean;
}

const VIDEO_SIZE = { width: { ideal: 1280 }, height: { ideal: 720 } };

/**
 * The camera and microphone, falling back step by step when something is
 * missing: a chosen device that was unplugged gives way to the default, a
 * computer without a camera still gets its microphone (and the reverse).
 */
async function openPreview(cameraId: string | undefined, microphoneId: string | undefined, wantVideo: boolean): Promise<Preview> {
  const attempts: Array<{ constraints: MediaStreamConstraints; cameraMissing: boolean; microphoneMissing: boolean }> = [
    {
      constraints: {
        audio: microphoneId ? { deviceId: { exact: microphoneId } } : true,
        video: wantVideo ? (cameraId ? { deviceId: { exact: cameraId }, ...VIDEO_SIZE } : VIDEO_SIZE) : false,
      },
      cameraMissing: false,
      microphoneMissing: false,
    },
    { constraints: { audio: true, video: wantVideo ? VIDEO_SIZE : false }, cameraMissing: false, microphoneMissing: false },
    ...(wantVideo
      ? [
          { constraints: { audio: true, video: false }, cameraMissing: true, microphoneMissing: false },
          { constraints: { audio: false, video: VIDEO_SIZE }, cameraMissing: false, microphoneMissing: true },
        ]
      : []),
  ];
  let lastError: unknown;
  for (const attempt of attempts) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia(attempt.constraints);
      return { stream, cameraMissing: attempt.cameraMissing, microphoneMissing: attempt.microphoneMissing };
    } catch (error) {
      // Only "not found" is worth another try; a refusal or a busy device would fail the same way again.
      if (problemOf(error) !== "not-found") throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * Whether the call starts with the camera and the microphone on: as the person
 * left them, unless the preview found the device missing or the browser did not
 * allow them (the join hint then says nobody will see or hear them). The
 * preview takes a moment to open, longer on a busy machine; joining before it
 * has is no choice to join without them, so they start in the call, which says
 * so if they cannot.
 */
export function mediaToStart({
  cameraOff,
  preview,
  problem,
}: {
  cameraOff: boolean;
  preview: Pick<Preview, "cameraMissing" | "microphoneMissing"> | null;
  problem: MediaProblem | null;
}): Pick<DeviceChoices, "cameraEnabled" | "microphoneEnabled"> {
  return {
    cameraEnabled: !cameraOff && problem === null && preview?.cameraMissing !== true,
    microphoneEnabled: problem === null && preview?.microphoneMissing !== true,
  };
}

/**
 * Before joining: the camera preview, a microphone level meter, pickers for
 * camera, microphone and speaker, a test sound and "Join with camera off".
 * Explains what to do when the browser blocks the devices; a browser that
 * cannot make calls at all gets VideoVisitsUnsupported instead.
 */
export function DeviceCheck({
  joinLabel,
  joinHint,
  initialChoices,
  focusHeading,
  onJoin,
}: {
  joinLabel: string;
  joinHint: string;
  initialChoices: DeviceChoices | null;
  focusHeading: boolean;
  onJoin: (choices: DeviceChoices) => void;
}) {
  const t = useTranslations("deviceCheck");
  const headingId = useId();
  const cameraFieldId = useId();
  const microphoneFieldId = useId();
  const speakerFieldId = useId();
  const cameraOffId = useId();
  const support = useBrowserSupport();
  const videoRef = useRef<HTMLVideoElement>(null);

  const [cameraId, setCameraId] = useState(initialChoices?.cameraId);
  const [microphoneId, setMicrophoneId] = useState(initialChoices?.microphoneId);
  const [speakerId, setSpeakerId] = useState(initialChoices?.speakerId);
  const [cameraOff, setCameraOff] = useState(initialChoices ? !initialChoices.cameraEnabled : false);
  const [attempt, setAttempt] = useState(0);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<MediaProblem | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [sound, setSound] = useState<"idle" | "playing" | "played" | "failed">("idle");

  const canCall = support?.webRtc === true;

  useEffect(() => {
    if (!canCall) return;
    let cancelled = false;
    let opened: MediaStream | null = null;
    const refreshDevices = () =>
      navigator.mediaDevices
        .enumerateDevices()
        .then((list) => {
          if (!cancelled) setDevices(list.filter((device) => device.deviceId !== ""));
        })
        .catch(() => undefined);
    openPreview(cameraId, microphoneId, !cameraOff)
      .then((result) => {
        if (cancelled) {
          for (const track of result.stream.getTracks()) track.stop();
          return;
        }
        opened = result.stream;
        setPreview(result);
        setProblem(null);
        // Device names are only listed once the person has allowed access.
        void refreshDevices();
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        setPreview(null);
        setProblem(problemOf(error));
        void refreshDevices();
      });
    navigator.mediaDevices.addEventListener("devicechange", refreshDevices);
    return () => {
      cancelled = true;
      navigator.mediaDevices.removeEventListener("devicechange", refreshDevices);
      for (const track of opened?.getTracks() ?? []) track.stop();
    };
  }, [canCall, cameraId, microphoneId, cameraOff, attempt]);

  const videoTrack = preview?.stream.getVideoTracks()[0] ?? null;
  const audioTrack = preview?.stream.getAudioTracks()[0] ?? null;
  // The preview shows the camera only: the microphone must never play back through the speakers.
  const videoOnly = useMemo(() => (videoTrack ? new MediaStream([videoTrack]) : null), [videoTrack]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.muted = true;
    video.srcObject = videoOnly;
  }, [videoOnly]);

  const cameras = devices.filter((device) => device.kind === "videoinput");
  const microphones = devices.filter((device) => device.kind === "audioinput");
  const speakers = devices.filter((device) => device.kind === "audiooutput");
  const activeCameraId = videoTrack?.getSettings().deviceId;
  const activeMicrophoneId = audioTrack?.getSettings().deviceId;
  const offerSpeakers = support?.speakerSelection === true && speakers.length > 0;
  const cameraMissing = preview?.cameraMissing ?? false;

  async function testSound() {
    setSound("playing");
    try {
      await playTestSound(offerSpeakers ? speakerId : undefined);
      setSound("played");
    } catch {
      setSound("failed");
    }
  }

  function join() {
    onJoin({
      cameraId: cameraId ?? activeCameraId,
      microphoneId: microphoneId ?? activeMicrophoneId,
      speakerId: offerSpeakers ? speakerId : undefined,
      ...mediaToStart({ cameraOff, preview, problem }),
    });
  }

  /** The browser's name for a device, or "Camera 2" while it keeps names back. */
  const deviceLabel = (device: MediaDeviceInfo, index: number, kind: "camera" | "microphone" | "speaker") =>
    device.label || t("unnamedDevice", { kind, number: index + 1 });

  if (support?.webRtc === false) return <VideoVisitsUnsupported secureContext={support.secureContext} focusHeading={focusHeading} />;

  return (
    <section aria-labelledby={headingId} className={`${visitPanelClassName} space-y-5`}>
      <div className="space-y-1">
        <h2 id={headingId} ref={focusHeading ? focusOnMount : undefined} tabIndex={-1} className="text-xl font-semibold text-slate-900">
          {t("heading")}
        </h2>
        <p className="text-slate-700">{t("intro")}</p>
      </div>

      {support === null ? (
        <p className="text-slate-700">{t("checkingBrowser")}</p>
      ) : (
        <>
          {problem && <MediaProblemAlert problem={problem} onRetry={() => setAttempt((value) => value + 1)} />}

          <div className="grid gap-6 md:grid-cols-2">
            <div className="space-y-3">
              {videoTrack ? (
                <video
                  ref={videoRef}
                  aria-label={t("previewLabel")}
                  autoPlay
                  muted
                  playsInline
                  // Mirrored, as people expect to see themselves.
                  className="aspect-video w-full -scale-x-100 rounded-lg bg-slate-900 object-cover"
                />
              ) : (
                <div className="flex aspect-video w-full items-center justify-center rounded-lg bg-slate-800 p-4 text-center text-white">
                  {cameraOff ? t("cameraOff") : cameraMissing ? t("noCameraFound") : t("cameraNotOn")}
                </div>
              )}
              <MicrophoneLevelMeter track={audioTrack} />
            </div>

            <div className="space-y-4">
              <div className="space-y-1.5">
                <label htmlFor={cameraFieldId} className="block font-medium text-slate-900">
                  {t("camera")}
                </label>
                <select
                  id={cameraFieldId}
                  value={cameraId ?? activeCameraId ?? ""}
                  onChange={(event) => setCameraId(event.target.value || undefined)}
                  disabled={cameraOff || cameras.length === 0}
                  className={visitFieldClassName}
                >
                  {cameras.length === 0 && <option value="">{t("noCameraOption")}</option>}
                  {cameras.map((device, index) => (
                    <option key={device.deviceId} value={device.deviceId}>
                      {deviceLabel(device, index, "camera")}
                    </option>
                  ))}
                </select>
              </div>

              <div className="space-y-1.5">
                <label htmlFor={microphoneFieldId} className="block font-medium text-slate-900">
                  {t("microphone")}
                </label>
                <select
                  id={microphoneFieldId}
                  value={microphoneId ?? activeMicrophoneId ?? ""}
                  onChange={(event) => setMicrophoneId(event.target.value || undefined)}
                  disabled={microphones.length === 0}
                  className={visitFieldClassName}
                >
                  {microphones.length === 0 && <option value="">{t("noMicrophoneOption")}</option>}
                  {microphones.map((device, index) => (
                    <option key={device.deviceId} value={device.deviceId}>
                      {deviceLabel(device, index, "microphone")}
                    </option>
                  ))}
                </select>
              </div>

              {offerSpeakers && (
                <div className="space-y-1.5">
                  <label htmlFor={speakerFieldId} className="block font-medium text-slate-900">
                    {t("speaker")}
                  </label>
                  <select
                    id={speakerFieldId}
                    value={speakerId ?? ""}
                    onChange={(event) => setSpeakerId(event.target.value || undefined)}
                    className={visitFieldClassName}
                  >
                    <option value="">{t("systemDefault")}</option>
                    {speakers
                      .filter((device) => device.deviceId !== "default")
                      .map((device, index) => (
                        <option key={device.deviceId} value={device.deviceId}>
                          {deviceLabel(device, index, "speaker")}
                        </option>
                      ))}
                  </select>
                </div>
              )}

              <div className="space-y-1.5">
                <button type="button" onClick={testSound} disabled={sound === "playing"} className={visitSecondaryButtonClassName}>
                  {t("playTestSound")}
                </button>
                <p role="status" className="text-sm text-slate-700">
                  {sound === "playing" ? t("soundPlaying") : sound === "played" ? t("soundPlayed") : sound === "failed" ? t("soundFailed") : ""}
                </p>
              </div>

              <div className="flex min-h-11 items-center gap-3">
                <input
                  id={cameraOffId}
                  type="checkbox"
                  checked={cameraOff || cameraMissing}
                  disabled={cameraMissing}
                  onChange={(event) => setCameraOff(event.target.checked)}
                  className="size-5 accent-primary-700"
                />
                <label htmlFor={cameraOffId} className="font-medium text-slate-900">
                  {t("joinWithCameraOff")}
                </label>
              </div>
            </div>
          </div>

          <div className="space-y-2">
            <button type="button" onClick={join} className={visitPrimaryButtonClassName}>
              {joinLabel}
            </button>
            <p className="text-sm text-slate-700">
              {joinHint}
              {!preview && problem ? ` ${t("joinWithoutDevices")}` : ""}
            </p>
          </div>
        </>
      )}
    </section>
  );
}

function MediaProblemAlert({ problem, onRetry }: { problem: MediaProblem; onRetry: () => void }) {
  const t = useTranslations("deviceCheck");
  return (
    <div role="alert" className="space-y-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-900">
      {problem === "denied" ? (
        <>
          <p className="font-semibold">{t("denied")}</p>
          <ol className="list-decimal space-y-1 pl-6">
            <li>{t("deniedStep1")}</li>
            <li>{t("deniedStep2")}</li>
            <li>{t("deniedStep3")}</li>
          </ol>
          <p>{t("deniedPhone")}</p>
        </>
      ) : problem === "in-use" ? (
        <p className="font-semibold">{t("inUse")}</p>
      ) : problem === "not-found" ? (
        <p className="font-semibold">{t("notFound")}</p>
      ) : (
        <p className="font-semibold">{t("failed")}</p>
      )}
      <button type="button" onClick={onRetry} className={visitSecondaryButtonClassName}>
        {t("tryAgain")}
      </button>
    </div>
  );
}
