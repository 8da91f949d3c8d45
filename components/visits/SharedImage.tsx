"use client";

import { Track, type RemoteParticipant, type RemoteTrack, type Room } from "livekit-client";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { IMAGE_TRACK_PREFIX, useOfferImageShare, type PublishImage } from "./imageShare";
import { TrackVideo } from "./TrackMedia";

// The image the physician shows from the chart's viewer, both ends of it: the
// physician's call offers to publish it (a named video track of its own, not
// the screen share), and the patient's call shows it full-size above the tiles.

/** The physician's call offers the chart's viewer to publish an image while `patientInCall`. */
export function useImageShareOffer(room: Room, patientInCall: boolean) {
  const publish = useCallback<PublishImage>(
    async (track, what) => {
      const publication = await room.localParticipant.publishTrack(track, { name: `${IMAGE_TRACK_PREFIX}${what}`, source: Track.Source.Unknown, simulcast: false });
      return async () => {
        await room.localParticipant.unpublishTrack(publication.track ?? track, true);
      };
    },
    [room],
  );
  useOfferImageShare(patientInCall ? publish : null);
}

/** The image a participant is showing (their track named as an image), or null. */
export function sharedImageOf(participants: readonly RemoteParticipant[]): RemoteTrack | null {
  for (const participant of participants) {
    for (const publication of participant.videoTrackPublications.values()) {
      if (publication.trackName.startsWith(IMAGE_TRACK_PREFIX) && publication.track && !publication.isMuted) return publication.track;
    }
  }
  return null;
}

/** The shared image, as large as the screen allows (a phone's whole width, and never taller than the screen). */
export function SharedImage({ track, physicianName }: { track: RemoteTrack; physicianName: string }) {
  const t = useTranslations("call.sharedImage");
  return (
    <figure className="mb-2 space-y-2">
      <figcaption className="px-2 text-lg font-medium text-white">{t("showing", { physicianName })}</figcaption>
      <div className="mx-auto aspect-square max-h-[80dvh] w-full max-w-[80dvh]">
        <TrackVideo track={track} label={t("label", { physicianName })} fit="contain" />
      </div>
    </figure>
  );
}
