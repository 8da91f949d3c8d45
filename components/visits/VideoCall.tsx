"use client";

import { ConnectionQuality, RoomEvent, Track, type Participant, type RemoteTrack, type RemoteTrackPublication, type Room } from "livekit-client";
import { useTranslations } from "next-intl";
import { useEffect, useEffectEvent, useRef, useState, type ReactNode } from "react";
import { CALL_ACTIVITY_EVENT } from "@/lib/auth/sessions/idle-warning";
import { focusOnMount } from "@/components/focusOnMount";
import { useShortcut } from "@/components/shortcuts/useShortcut";
import { audioOnlySuggestion, isPoor, type ConnectionSpell } from "./audioOnly";
import { useBrowserSupport } from "./browserSupport";
import { CallDeviceSettings } from "./CallDeviceSettings";
import { ChatPanel } from "./ChatPanel";
import type { ChatLine } from "./chatMessages";
import { ConnectionQualityIndicator } from "./ConnectionQualityIndicator";
import { isInCall, participantRole } from "./participants";
import { useRoster } from "./roster";
import { RemoteParticipantTile, SelfView } from "./ParticipantTiles";
import { SharedImage, sharedImageOf, useImageShareOffer } from "./SharedImage";
import { visitDangerButtonClassName, visitSecondaryButtonClassName } from "./styles";
import { useRoomUpdates } from "./roomUpdates";
import type { VisitRole, VisitRosterResponse } from "./visitApi";

/** The microphone and camera as the person left them, so a rejoin restores them. */
export interface MediaState {
  microphoneEnabled: boolean;
  cameraEnabled: boolean;
}

function setRemoteVideoReceived(room: Room, received: boolean) {
  for (const participant of room.remoteParticipants.values()) {
    for (const publication of participant.videoTrackPublications.values()) publication.setSubscribed(received);
  }
}

function isCancelledPicker(error: unknown): boolean {
  // Closing the browser's screen picker is a choice, not an error worth showing.
  return typeof error === "object" && error !== null && "name" in error && error.name === "NotAllowedError";
}

/**
 * The call: the others large, yourself small, your connection, the controls
 * (microphone, camera, screen, leave, and for the physician "End visit for
 * everyone"), and the chat. When the connection stays poor it suggests audio
 * only, which the person may switch to and back from (audioOnly.ts). Loaded
 * with the call's code (callCode.ts), not with the page, like everything else
 * that needs livekit-client's values.
 */
export function VideoCall({
  room,
  role,
  physicianName,
  loadRoster,
  focusHeading,
  startError,
  publishing,
  chat,
  onChatMessage,
  keepChatMessage,
  onMediaChange,
  onLeave,
  onEnd,
  lobby,
  headingId,
  stageId,
}: {
  room: Room;
  role: VisitRole;
  physicianName: string;
  /** Asks the app who is in the call (null when it could not say). */
  loadRoster: () => Promise<VisitRosterResponse["people"] | null>;
  focusHeading: boolean;
  /** Why the camera or microphone did not start on joining, if it did not. */
  startError: string | null;
  /** The camera or microphone has not reached the call yet and is being sent again. */
  publishing: boolean;
  chat: ChatLine[];
  onChatMessage: (line: ChatLine) => void;
  /** Saves the viewer's own message on the visit (lib/visits/chat.ts); false when it was not kept. */
  keepChatMessage: (text: string) => Promise<boolean>;
  onMediaChange: (state: MediaState) => void;
  onLeave: () => void;
  /** The physician's "End visit for everyone"; resolves to an error message, or null once ended. */
  onEnd?: () => Promise<string | null>;
  /** The physician's waiting list, right under the controls (see VisitRoom). */
  lobby?: ReactNode;
  /** The id of the call's heading, which VisitRoom focuses when the physician admits someone. */
  headingId: string;
  /** The id of the video stage, which VisitRoom scrolls into view when the physician admits someone. */
  stageId: string;
}) {
  const t = useTranslations("call");
  const support = useBrowserSupport();
  useRoomUpdates(room);
  const roster = useRoster(room, loadRoster);
  const [busy, setBusy] = useState<"microphone" | "camera" | "screen" | "end" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [audioOnly, setAudioOnly] = useState(false);
  const [suggestAudioOnly, setSuggestAudioOnly] = useState(false);
  const cameraBeforeAudioOnly = useRef(false);

  const local = room.localParticipant;
  const others = [...room.remoteParticipants.values()].filter(isInCall);
  // The physician may show the patient an image from the chart only while the patient is in the call.
  useImageShareOffer(room, role === "physician" && others.some((participant) => participantRole(participant, roster)?.role === "patient"));
  const sharedImage = role === "physician" ? null : sharedImageOf(others);

  // While audio only, video that starts arriving (someone turns their camera on) is declined too.
  const trackSubscribed = useEffectEvent((track: RemoteTrack, publication: RemoteTrackPublication) => {
    if (audioOnly && track.kind === Track.Kind.Video) publication.setSubscribed(false);
  });

  useEffect(() => {
    let timer: number | undefined;
    let connection: ConnectionSpell = { poor: false, since: 0 };
    const reconsider = () => {
      window.clearTimeout(timer);
      const { suggest, askAgainAt } = audioOnlySuggestion(connection, Date.now());
      setSuggestAudioOnly(suggest);
      if (askAgainAt !== null) timer = window.setTimeout(reconsider, Math.max(askAgainAt - Date.now(), 0));
    };
    const onQuality = (quality: ConnectionQuality, participant: Participant) => {
      if (participant !== room.localParticipant) return;
      const poor = isPoor(quality);
      if (poor !== connection.poor) connection = { poor, since: Date.now() };
      reconsider();
    };
    const onSubscribed = (track: RemoteTrack, publication: RemoteTrackPublication) => trackSubscribed(track, publication);
    room.on(RoomEvent.ConnectionQualityChanged, onQuality).on(RoomEvent.TrackSubscribed, onSubscribed);
    // The connection may already be poor when the call screen appears.
    onQuality(room.localParticipant.connectionQuality, room.localParticipant);
    return () => {
      window.clearTimeout(timer);
      room.off(RoomEvent.ConnectionQualityChanged, onQuality).off(RoomEvent.TrackSubscribed, onSubscribed);
    };
  }, [room]);

  // Keeps the idle sign-out away while the call is on: a consultation may run
  // for many minutes with nobody touching the keyboard.
  useEffect(() => {
    const interval = window.setInterval(() => window.dispatchEvent(new Event(CALL_ACTIVITY_EVENT)), 60_000);
    return () => window.clearInterval(interval);
  }, []);

  function switchToAudioOnly() {
    setAudioOnly(true);
    setRemoteVideoReceived(room, false);
    cameraBeforeAudioOnly.current = local.isCameraEnabled;
    if (cameraBeforeAudioOnly.current) void local.setCameraEnabled(false).catch(() => undefined);
  }

  async function turnVideoBackOn() {
    setAudioOnly(false);
    setRemoteVideoReceived(room, true);
    if (!cameraBeforeAudioOnly.current) return;
    try {
      await local.setCameraEnabled(true);
    } catch {
      setError(t("cameraRestartFailed"));
    }
  }

  async function toggle(device: "microphone" | "camera") {
    setBusy(device);
    setError(null);
    try {
      if (device === "microphone") await local.setMicrophoneEnabled(!local.isMicrophoneEnabled);
      else await local.setCameraEnabled(!local.isCameraEnabled);
      onMediaChange({ microphoneEnabled: local.isMicrophoneEnabled, cameraEnabled: local.isCameraEnabled });
    } catch {
      setError(
        device === "microphone" ? t("microphoneChangeFailed") : t("cameraChangeFailed"),
      );
    } finally {
      setBusy(null);
    }
  }

  // Alt+Shift+M and V, as the buttons (listed in the physician's shortcuts dialog).
  useShortcut(["microphone", "camera"], (action) => {
    if (busy === null) void toggle(action === "microphone" ? "microphone" : "camera");
  });

  async function toggleScreenShare() {
    setBusy("screen");
    setError(null);
    try {
      await local.setScreenShareEnabled(!local.isScreenShareEnabled, { audio: true });
    } catch (failure) {
      if (!isCancelledPicker(failure)) setError(t("screenShareFailed"));
    } finally {
      setBusy(null);
    }
  }

  async function end() {
    if (!onEnd) return;
    setBusy("end");
    setError(null);
    const failure = await onEnd();
    if (failure) {
      setError(failure);
      setBusy(null);
    }
  }

  const microphoneOn = local.isMicrophoneEnabled;
  const cameraOn = local.isCameraEnabled;
  const sharing = local.isScreenShareEnabled;
  const emptyStage = role === "physician" ? t("emptyStagePhysician") : t("emptyStage", { physicianName });

  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} ref={focusHeading ? focusOnMount : undefined} tabIndex={-1} className="sr-only">
        {t("heading")}
      </h2>

      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <ConnectionQualityIndicator room={room} />
        {sharing && <p className="text-sm font-medium text-slate-800">{t("sharingScreen")}</p>}
      </div>

      {/* The physician's wide workspace keeps the video and its controls on screen while the page
          scrolls to the waiting list or the chat beside the chart (phones and patients scroll as usual). */}
      <div className={role === "physician" ? "space-y-3 xl:sticky xl:top-0 xl:z-10 xl:bg-slate-50 xl:pt-2 xl:pb-2" : "space-y-3"}>
        {/* Phones: the others, then yourself below. Wider screens: yourself in the corner.
            Notices that come and go (a poor connection, sound paused) sit below it, so the
            video never moves down the page, out of sight (where adaptive stream stops it). */}
        <div id={stageId} className="relative rounded-xl bg-slate-900 p-2">
          {sharedImage && <SharedImage track={sharedImage} physicianName={physicianName} />}
          {others.length === 0 ? (
            <div className="flex aspect-video items-center justify-center p-4 text-center text-white">{emptyStage}</div>
          ) : (
            <div className={`grid gap-2 ${others.length > 1 ? "md:grid-cols-2" : ""}`}>
              {others.map((participant) => (
                <RemoteParticipantTile key={participant.identity} participant={participant} roster={roster} audioOnly={audioOnly} />
              ))}
            </div>
          )}
          <div className="mt-2 w-1/2 sm:absolute sm:right-4 sm:bottom-4 sm:mt-0 sm:w-1/4">
            <SelfView participant={local} />
          </div>
        </div>

        <div className="space-y-2">
          <p role="status" className={audioOnly || suggestAudioOnly ? "font-medium text-slate-900" : "sr-only"}>
            {audioOnly ? t("audioOnlyOn") : suggestAudioOnly ? t("poorConnection") : ""}
          </p>
          {audioOnly ? (
            <button type="button" onClick={turnVideoBackOn} className={visitSecondaryButtonClassName}>
              {t("turnVideoBackOn")}
            </button>
          ) : (
            suggestAudioOnly && (
              <button type="button" onClick={switchToAudioOnly} className={visitSecondaryButtonClassName}>
                {t("switchToAudioOnly")}
              </button>
            )
          )}
        </div>

        {!room.canPlaybackAudio && (
          <div className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950">
            <p className="font-medium">{t("soundPaused")}</p>
            <button type="button" onClick={() => void room.startAudio()} className={visitSecondaryButtonClassName}>
              {t("turnOnSound")}
            </button>
          </div>
        )}

        <p role="status" className={publishing ? "font-medium text-slate-900" : "sr-only"}>
          {publishing ? t("notReachingCall") : ""}
        </p>
        {(error ?? startError) && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 font-medium text-red-800">
            {error ?? startError}
          </p>
        )}

        <div className="flex flex-wrap gap-2" role="group" aria-label={t("controls")}>
          <button type="button" onClick={() => toggle("microphone")} disabled={busy === "microphone"} className={visitSecondaryButtonClassName}>
            {microphoneOn ? t("muteMicrophone") : t("unmuteMicrophone")}
          </button>
          <button type="button" onClick={() => toggle("camera")} disabled={busy === "camera"} className={visitSecondaryButtonClassName}>
            {cameraOn ? t("turnCameraOff") : t("turnCameraOn")}
          </button>
          {support?.screenShare && (
            <button type="button" onClick={toggleScreenShare} disabled={busy === "screen"} className={visitSecondaryButtonClassName}>
              {sharing ? t("stopSharing") : t("shareScreen")}
            </button>
          )}
          <button type="button" onClick={onLeave} className={visitSecondaryButtonClassName}>
            {t("leave")}
          </button>
          {onEnd && (
            <button type="button" onClick={end} disabled={busy === "end"} className={visitDangerButtonClassName}>
              {t("endForEveryone")}
            </button>
          )}
        </div>
      </div>
      <p className="text-sm text-slate-700">
        {microphoneOn ? t("microphoneIsOn") : t("microphoneIsMuted")} {cameraOn ? t("cameraIsOn") : t("cameraIsOff")}
      </p>

      {lobby}

      <CallDeviceSettings room={room} />

      <ChatPanel room={room} roster={roster} messages={chat} onMessage={onChatMessage} keepMessage={keepChatMessage} />
    </section>
  );
}
