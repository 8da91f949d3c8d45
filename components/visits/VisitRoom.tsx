"use client";

// Types only: livekit-client itself loads when the person joins (callCode.ts).
import type { Room } from "livekit-client";
import { useTranslations } from "next-intl";
import { createHtmlPortalNode, InPortal, OutPortal } from "react-reverse-portal";
import { lazy, Suspense, useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { RoomEnding } from "./callRoom";
import { loadCallCode, VideoCall } from "./callCode";
import type { Device } from "./callRoom";
import type { ChatLine } from "./chatMessages";
import { DeviceCheck, type DeviceChoices } from "./DeviceCheck";
import { ReconnectingBanner } from "./ReconnectingBanner";
import { visitPrimaryButtonClassName, visitSecondaryButtonClassName } from "./styles";
import type { MediaState } from "./VideoCall";
import { refusalCode } from "@/lib/client/api";
import { callVisitApi, type VisitCredentials, type VisitRole, type VisitRosterResponse, type VisitTokenResponse } from "./visitApi";
import { VisitEnded } from "./VisitEnded";
import { VisitNoticePanel } from "./VisitNoticePanel";
import { WaitingList } from "./WaitingList";
import { WaitingRoom } from "./WaitingRoom";

// The check-in (its questions, the insurance card photos) shows only when the
// token is refused because the patient has not checked in: fetched then, out
// of the visit page's first load.
const CheckIn = lazy(() => import("@/components/checkin/CheckIn").then((module) => ({ default: module.CheckIn })));

type Phase =
  | { name: "closed" }
  | { name: "check" }
  | { name: "checkIn" }
  | { name: "joining" }
  | { name: "waiting"; room: Room }
  | { name: "call"; room: Room }
  | { name: "rejoining" }
  | { name: "left" }
  | { name: "ended"; durationSeconds: number | null }
  | { name: "declined" }
  | { name: "removed" }
  | { name: "replaced" }
  | { name: "failed"; message: string };

type CallCode = Awaited<ReturnType<typeof loadCallCode>>;

const noSubscription = () => () => {};

const NO_MEDIA = { cameraEnabled: false, microphoneEnabled: false };

/** The token's refusals that send a patient back to their check-in (lib/checkin/errors.ts). */
const CHECK_IN_REFUSALS: ReadonlySet<string> = new Set(["CHECK_IN_REQUIRED", "CONSENT_EXPIRED", "CONSENT_SUPERSEDED"]);

type StartProblem = "startProblemBoth" | "startProblemMicrophone" | "startProblemCamera";

/** What the person must fix when the browser would not start their camera or microphone in the call (a message of visit.room). */
function startProblem(devices: Device[]): StartProblem | null {
  const camera = devices.includes("camera");
  const microphone = devices.includes("microphone");
  if (camera && microphone) return "startProblemBoth";
  if (microphone) return "startProblemMicrophone";
  if (camera) return "startProblemCamera";
  return null;
}

/**
 * The physician clicked Admit in the waiting list under the call's controls:
 * the video they will talk over comes into view whole (the page had scrolled
 * to the button), and focus goes to the call for keyboard and screen-reader users.
 */
function showCallAfterAdmission(headingId: string, stageId: string) {
  document.getElementById(headingId)?.focus({ preventScroll: true });
  document.getElementById(stageId)?.scrollIntoView({ block: "nearest" });
}

// After a full disconnect we rejoin with a fresh token: at once, then backing
// off; after the last try the person decides (a network that is down stays down).
const REJOIN_DELAYS_MS = [0, 2_000, 4_000, 8_000, 15_000];
// Browsers clamp longer timeouts to fire at once; a page open for days just rechecks daily.
const MAX_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/**
 * A video visit from the browser's side, as one state machine: device check →
 * (patients and guests) waiting room → call → the end, or a refusal, a leave or
 * a lost connection. Tokens come from POST /api/visits/[id]/token with the
 * viewer's credentials; a new one is fetched for every (re)connection, so a
 * patient admitted meanwhile comes back with their media allowed.
 */
export function VisitRoom({
  appointmentId,
  role,
  credentials,
  physicianName,
  opensAt,
  opensAtText,
  initiallyOpen,
  summaryHref,
  homeHref,
  waitingListTimeZone,
}: {
  appointmentId: string;
  role: VisitRole;
  credentials: VisitCredentials;
  physicianName: string;
  /** ISO instant the room opens; until then the page says when. */
  opensAt: string;
  /** The same instant as the viewer reads it, e.g. "2:45 PM EST". */
  opensAtText: string;
  initiallyOpen: boolean;
  /** Patients: their visit page, where the after-visit summary appears. */
  summaryHref?: string;
  /**
   * Physicians: who is waiting (WaitingList), its times in this zone. Above
   * everything until the call starts, where a waiting patient is seen first; in
   * the call, under the video and its controls. Above the video, a few waiting
   * people and their check-ins pushed the patient's video off a laptop's
   * screen, where the physician did not see it and LiveKit's adaptive stream
   * stopped sending it. Admitting someone from the call brings the call back
   * into view.
   */
  waitingListTimeZone?: string;
  /** Physicians: where "Back to My day" goes. */
  homeHref?: string;
}) {
  const t = useTranslations("visit.room");
  const tCheckIn = useTranslations("checkin");
  const [phase, setPhase] = useState<Phase>(initiallyOpen ? { name: "check" } : { name: "closed" });
  // Focus follows the person's own actions only: not on page load, nor when the room opens by itself.
  const [moveFocus, setMoveFocus] = useState(false);
  const [choices, setChoices] = useState<DeviceChoices | null>(null);
  const [chat, setChat] = useState<ChatLine[]>([]);
  const [startError, setStartError] = useState<StartProblem | null>(null);
  const [publishing, setPublishing] = useState(false);
  // The lobby is rendered once and shown where the phase puts it, without
  // remounting (which would drop its announcement of an admission, or a reason
  // being typed). Its node is a DOM element, so it is made once hydrated.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const hasLobby = waitingListTimeZone !== undefined;
  const callHeadingId = useId();
  const callStageId = useId();
  const lobbyNode = useMemo(() => (hydrated && hasLobby ? createHtmlPortalNode() : null), [hydrated, hasLobby]);

  const roomRef = useRef<Room | null>(null);
  const choicesRef = useRef<DeviceChoices | null>(null);
  const connected = useRef(new WeakSet<Room>());
  const inCall = useRef(new WeakSet<Room>());
  const rejoinAttempts = useRef(0);
  const rejoinTimer = useRef<number | null>(null);
  // Bumped by every join, leave and unmount: a connection attempt that finds it
  // changed after an await was overtaken (the person left meanwhile) and stops.
  const attempt = useRef(0);

  const go = useCallback((next: Phase) => {
    setPhase(next);
    setMoveFocus(true);
  }, []);

  // Until the room opens: wait, then show the device check without a reload.
  useEffect(() => {
    if (phase.name !== "closed") return;
    const opens = Date.parse(opensAt);
    const wait = (): number =>
      window.setTimeout(
        () => {
          if (Date.now() >= opens) setPhase({ name: "check" });
          else timer = wait();
        },
        Math.min(Math.max(opens - Date.now(), 0), MAX_TIMEOUT_MS),
      );
    let timer = wait();
    return () => window.clearTimeout(timer);
  }, [phase.name, opensAt]);

  // Leaving the page leaves the call.
  useEffect(
    () => () => {
      attempt.current += 1;
      const room = roomRef.current;
      roomRef.current = null;
      if (rejoinTimer.current !== null) window.clearTimeout(rejoinTimer.current);
      void room?.disconnect();
    },
    [],
  );

  function enterCall(room: Room, callCode: CallCode) {
    if (roomRef.current !== room || inCall.current.has(room)) return;
    inCall.current.add(room);
    go({ name: "call", room });
    // Runs until the room disconnects (leaving, ending, a lost connection), whatever the phase shows meanwhile.
    callCode.publishChosenMedia(room, () => choicesRef.current ?? NO_MEDIA, (state) => {
      if (roomRef.current !== room) return;
      setStartError(startProblem(state.needsThePerson));
      setPublishing(state.retrying);
    });
  }

  function scheduleRejoin() {
    rejoinAttempts.current += 1;
    const delay = REJOIN_DELAYS_MS[rejoinAttempts.current - 1];
    if (delay === undefined) {
      go({ name: "failed", message: t("connectionLost") });
      return;
    }
    setPhase({ name: "rejoining" });
    rejoinTimer.current = window.setTimeout(() => {
      rejoinTimer.current = null;
      void connect("rejoin");
    }, delay);
  }

  function disconnected(room: Room, ending: RoomEnding) {
    // Rooms we left or replaced ourselves, and failed first connections, are handled where that happened.
    if (roomRef.current !== room || !connected.current.has(room)) return;
    roomRef.current = null;
    switch (ending) {
      case "left":
        go({ name: "left" });
        return;
      case "ended":
        go({ name: "ended", durationSeconds: null });
        return;
      case "removed":
        go({ name: inCall.current.has(room) ? "removed" : "declined" });
        return;
      case "replaced":
        go({ name: "replaced" });
        return;
      case "lost":
        scheduleRejoin();
    }
  }

  function unreachable(mode: "join" | "rejoin") {
    if (mode === "rejoin") scheduleRejoin();
    else go({ name: "failed", message: t("serviceUnreachable") });
  }

  async function connect(mode: "join" | "rejoin") {
    const thisAttempt = ++attempt.current;
    if (mode === "join") {
      rejoinAttempts.current = 0;
      go({ name: "joining" });
    }
    const [result, callCode] = await Promise.all([
      callVisitApi<VisitTokenResponse>(`/api/visits/${encodeURIComponent(appointmentId)}/token`, { method: "POST", credentials }),
      // Fetched alongside the token; already there on a rejoin. Null when the download failed (offline).
      loadCallCode().catch(() => null),
    ]);
    if (attempt.current !== thisAttempt) return;
    if (!result.ok) {
      const code = refusalCode(result);
      if (code === "ENDED") go({ name: "ended", durationSeconds: null });
      // The check-in is not done, or the consent ran out or was updated since: the check-in shows the step to do.
      else if (code !== null && CHECK_IN_REFUSALS.has(code)) go({ name: "checkIn" });
      // Offline, or LiveKit down for a moment: a lost call keeps trying; a first join says so and offers to try again.
      else if (mode === "rejoin" && (result.status === 0 || code === "LIVEKIT_UNAVAILABLE")) scheduleRejoin();
      else go({ name: "failed", message: result.error });
      return;
    }
    if (!callCode) {
      unreachable(mode);
      return;
    }

    const room: Room = callCode.createCallRoom(choicesRef.current, {
      ended: (ending) => disconnected(room, ending),
      // The physician admitted us: the server grants publishing on our open connection.
      // Until connected, publishing cannot start; the check after connecting covers that time.
      publishAllowed: () => {
        if (connected.current.has(room)) enterCall(room, callCode);
      },
    });
    roomRef.current = room;

    try {
      await room.connect(result.data.serverUrl, result.data.token);
    } catch {
      if (roomRef.current !== room) return;
      roomRef.current = null;
      void room.disconnect();
      unreachable(mode);
      return;
    }
    if (roomRef.current !== room) {
      // Left (or the page closed) while connecting.
      void room.disconnect();
      return;
    }
    connected.current.add(room);
    rejoinAttempts.current = 0;
    // An admission that arrived while connecting was passed over by publishAllowed,
    // but it set the permissions read here; from now on publishAllowed handles it.
    // enterCall runs once per room, whichever sees the admission first.
    if (result.data.admitted || role === "physician" || room.localParticipant.permissions?.canPublish) enterCall(room, callCode);
    else {
      callCode.prepareChosenMedia(room, choicesRef.current ?? NO_MEDIA);
      go({ name: "waiting", room });
    }
  }

  /** Keeps the viewer's own chat message with the visit before it goes out; false when the server did not. */
  async function keepChatMessage(text: string) {
    const result = await callVisitApi(`/api/visits/${encodeURIComponent(appointmentId)}/chat`, { method: "POST", body: { text }, credentials });
    return result.ok;
  }

  async function loadRoster() {
    const result = await callVisitApi<VisitRosterResponse>(`/api/visits/${encodeURIComponent(appointmentId)}/roster`, { credentials });
    return result.ok ? result.data.people : null;
  }

  function join(chosen: DeviceChoices) {
    choicesRef.current = chosen;
    setChoices(chosen);
    if (role === "patient") go({ name: "checkIn" });
    else void connect("join");
  }

  /** Rejoin with the devices already chosen, or check them first if there are none yet. */
  function joinAgain() {
    if (choicesRef.current) void connect("join");
    else go({ name: "check" });
  }

  function leave() {
    attempt.current += 1;
    const room = roomRef.current;
    roomRef.current = null;
    if (rejoinTimer.current !== null) window.clearTimeout(rejoinTimer.current);
    rejoinTimer.current = null;
    void room?.disconnect();
    go({ name: "left" });
  }

  async function endForEveryone(): Promise<string | null> {
    const result = await callVisitApi<{ status: "COMPLETED"; durationSeconds: number | null }>(
      `/api/visits/${encodeURIComponent(appointmentId)}/end`,
      { method: "POST", credentials },
    );
    if (!result.ok) return result.error;
    const room = roomRef.current;
    roomRef.current = null;
    void room?.disconnect();
    go({ name: "ended", durationSeconds: result.data.durationSeconds });
    return null;
  }

  const appendChat = useCallback((line: ChatLine) => setChat((lines) => [...lines, line].slice(-200)), []);

  const rememberMedia = useCallback((state: MediaState) => {
    if (choicesRef.current) choicesRef.current = { ...choicesRef.current, ...state };
  }, []);

  const liveRoom = phase.name === "waiting" || phase.name === "call" ? phase.room : null;
  const joinLabel = role === "physician" ? t("startVisit") : t("joinWaitingRoom");
  const joinHint = role === "physician" ? t("joinHintPhysician") : t("joinHint", { physicianName });

  return (
    <div className="space-y-4">
      <ReconnectingBanner room={liveRoom} rejoining={phase.name === "rejoining"} />
      {/* Announces the short steps that have no screen of their own. */}
      <p role="status" className={phase.name === "joining" || phase.name === "rejoining" ? "font-medium text-slate-900" : "sr-only"}>
        {phase.name === "joining" ? t("joining") : phase.name === "rejoining" ? t("rejoining") : ""}
      </p>

      {lobbyNode && waitingListTimeZone && (
        <InPortal node={lobbyNode}>
          <WaitingList
            appointmentId={appointmentId}
            timeZone={waitingListTimeZone}
            onAdmitted={phase.name === "call" ? () => showCallAfterAdmission(callHeadingId, callStageId) : undefined}
          />
        </InPortal>
      )}
      {phase.name !== "call" && lobbyNode && <OutPortal node={lobbyNode} />}

      {phase.name === "closed" && (
        <VisitNoticePanel title={t("notOpenTitle")} focusHeading={false}>
          <p className="text-slate-700">{t("notOpenText", { opensAt: opensAtText })}</p>
        </VisitNoticePanel>
      )}

      {phase.name === "check" && (
        <DeviceCheck joinLabel={joinLabel} joinHint={joinHint} initialChoices={choices} focusHeading={moveFocus} onJoin={join} />
      )}

      {phase.name === "checkIn" && (
        <Suspense
          fallback={
            <p role="status" className="font-medium text-slate-900">
              {tCheckIn("loading")}
            </p>
          }
        >
          <CheckIn appointmentId={appointmentId} credentials={credentials} focusHeading={moveFocus} onComplete={() => void connect("join")} />
        </Suspense>
      )}

      {phase.name === "waiting" && <WaitingRoom physicianName={physicianName} focusHeading={moveFocus} onLeave={leave} />}

      {phase.name === "call" && (
        // The call screen's code was fetched while connecting; this shows for a moment at most.
        <Suspense
          fallback={
            <p role="status" className="font-medium text-slate-900">
              {t("connecting")}
            </p>
          }
        >
          <VideoCall
            room={phase.room}
            role={role}
            physicianName={physicianName}
            loadRoster={loadRoster}
            focusHeading={moveFocus}
            startError={startError && t(startError)}
            publishing={publishing}
            chat={chat}
            onChatMessage={appendChat}
            keepChatMessage={keepChatMessage}
            onMediaChange={rememberMedia}
            onLeave={leave}
            onEnd={role === "physician" ? endForEveryone : undefined}
            lobby={lobbyNode && <OutPortal node={lobbyNode} />}
            headingId={callHeadingId}
            stageId={callStageId}
          />
        </Suspense>
      )}

      {phase.name === "rejoining" && (
        <button type="button" onClick={leave} className={visitSecondaryButtonClassName}>
          {t("leave")}
        </button>
      )}

      {phase.name === "ended" && (
        <VisitEnded
          role={role}
          physicianName={physicianName}
          summaryHref={summaryHref}
          homeHref={homeHref}
          durationSeconds={phase.durationSeconds}
          focusHeading={moveFocus}
        />
      )}

      {phase.name === "declined" && (
        <VisitNoticePanel title={t("declinedTitle")} focusHeading={moveFocus}>
          <p className="text-slate-700">{t("declinedText", { physicianName })}</p>
          <button type="button" onClick={joinAgain} className={visitSecondaryButtonClassName}>
            {t("joinAgain")}
          </button>
        </VisitNoticePanel>
      )}

      {phase.name === "removed" && (
        <VisitNoticePanel title={t("removedTitle")} focusHeading={moveFocus}>
          <p className="text-slate-700">{t("removedText", { physicianName })}</p>
        </VisitNoticePanel>
      )}

      {phase.name === "left" && (
        <VisitNoticePanel title={t("leftTitle")} focusHeading={moveFocus}>
          <p className="text-slate-700">{role === "physician" ? t("leftTextPhysician") : t("leftText")}</p>
          <button type="button" onClick={joinAgain} className={visitPrimaryButtonClassName}>
            {t("rejoin")}
          </button>
        </VisitNoticePanel>
      )}

      {phase.name === "replaced" && (
        <VisitNoticePanel title={t("replacedTitle")} focusHeading={moveFocus}>
          <p className="text-slate-700">{t("replacedText")}</p>
          <button type="button" onClick={joinAgain} className={visitPrimaryButtonClassName}>
            {t("rejoinHere")}
          </button>
        </VisitNoticePanel>
      )}

      {phase.name === "failed" && (
        <VisitNoticePanel title={t("failedTitle")} focusHeading={moveFocus}>
          <p role="alert" className="font-medium text-red-800">
            {phase.message}
          </p>
          <button type="button" onClick={joinAgain} className={visitPrimaryButtonClassName}>
            {t("tryAgain")}
          </button>
        </VisitNoticePanel>
      )}
    </div>
  );
}

