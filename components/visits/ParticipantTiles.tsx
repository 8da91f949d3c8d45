"use client";

import { Track, type LocalParticipant, type RemoteParticipant } from "livekit-client";
import { useLocale, useTranslations } from "next-intl";
import { languageName } from "@/lib/visits/interpreter-languages";
import { participantName, participantRole, type Roster } from "./participants";
import { TrackAudio, TrackVideo } from "./TrackMedia";

/**
 * Someone else in the call: their camera (or their shared screen, with the
 * camera small beside it), their name, whether they are muted, and their
 * sound. Reads the participant as it is now; the call re-renders it on every
 * room event.
 */
export function RemoteParticipantTile({ participant, roster, audioOnly }: { participant: RemoteParticipant; roster: Roster; audioOnly: boolean }) {
  const t = useTranslations("call.tile");
  const someone = useTranslations("call")("someone");
  const name = participantName(participant, roster) ?? someone;
  const role = participantRole(participant, roster);
  const locale = useLocale();
  const camera = participant.getTrackPublication(Track.Source.Camera);
  const screen = participant.getTrackPublication(Track.Source.ScreenShare);
  const microphone = participant.getTrackPublication(Track.Source.Microphone);
  const cameraTrack = camera?.track && !camera.isMuted ? camera.track : null;
  const screenTrack = screen?.track && !screen.isMuted ? screen.track : null;
  const muted = microphone?.isMuted === true;
  const sounds = [...participant.audioTrackPublications.values()].flatMap((publication) => (publication.track ? [publication.track] : []));
  const cameraAway = audioOnly ? t("videoPausedAudioOnly") : camera && !camera.isMuted ? t("videoStarting") : t("cameraOff", { name });

  return (
    <div className="relative overflow-hidden rounded-lg bg-slate-800">
      <div className="aspect-video">
        {screenTrack ? (
          <TrackVideo track={screenTrack} label={t("screen", { name })} fit="contain" />
        ) : cameraTrack ? (
          <TrackVideo track={cameraTrack} label={t("video", { name })} />
        ) : (
          <div className="flex h-full items-center justify-center p-4 text-center text-white">{cameraAway}</div>
        )}
      </div>
      {screenTrack && cameraTrack && (
        <div className="absolute top-2 right-2 w-1/4">
          <TrackVideo track={cameraTrack} label={t("video", { name })} />
        </div>
      )}
      <p className="absolute bottom-2 left-2 max-w-[calc(100%-1rem)] truncate rounded bg-slate-950/85 px-2 py-1 text-sm font-medium text-white">
        {role?.role === "interpreter" && role.language
          ? t("nameWithInterpreter", { name, language: languageName(role.language, locale) })
          : role
            ? t("nameWithRole", { name, role: role.role })
            : name}
      </p>
      {/* Always present, so the change is announced; text, not only an icon or a colour. */}
      <p
        aria-live="polite"
        className={muted ? "absolute top-2 left-2 rounded bg-slate-950/85 px-2 py-1 text-sm font-medium text-white" : "sr-only"}
      >
        {muted ? t("muted", { name }) : ""}
      </p>
      {sounds.map((track) => (
        <TrackAudio key={track.sid ?? track.mediaStreamTrack.id} track={track} identity={participant.identity} />
      ))}
    </div>
  );
}

/** This person's own camera, mirrored as people expect, or a note that it is off. */
export function SelfView({ participant }: { participant: LocalParticipant }) {
  const t = useTranslations("call.tile");
  const camera = participant.getTrackPublication(Track.Source.Camera);
  const track = camera?.track && !camera.isMuted ? camera.track : null;
  return (
    <div className="overflow-hidden rounded-lg border-2 border-white bg-slate-800 shadow-lg">
      <div className="aspect-video">
        {track ? (
          <TrackVideo track={track} label={t("yourVideo")} mirrored />
        ) : (
          <div className="flex h-full items-center justify-center p-2 text-center text-sm text-white">{t("yourCameraOff")}</div>
        )}
      </div>
    </div>
  );
}
