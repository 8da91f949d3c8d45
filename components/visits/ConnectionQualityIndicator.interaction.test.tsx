import { act, render, screen } from "@testing-library/react";
import { EventEmitter } from "node:events";
import { ConnectionQuality, RoomEvent, type Room } from "livekit-client";
import { describe, expect, it } from "vitest";
import type { Locale } from "@/lib/i18n/locales";
import { withMessages } from "@/lib/i18n/testing/messages";
import { ConnectionQualityIndicator } from "./ConnectionQualityIndicator";

// The status follows LiveKit's rating of this browser's link as it changes
// during the call, not only the rating the call screen first rendered with
// (e2e call-media.spec.ts waits for "poor" on a lossy link).

class FakeRoom extends EventEmitter {
  localParticipant = { connectionQuality: ConnectionQuality.Unknown };

  rate(quality: ConnectionQuality) {
    this.localParticipant.connectionQuality = quality;
    this.emit(RoomEvent.ConnectionQualityChanged, quality, this.localParticipant);
  }
}

function show(locale: Locale) {
  const room = new FakeRoom();
  render(withMessages(<ConnectionQualityIndicator room={room as unknown as Room} />, locale));
  return room;
}

describe("the call's connection status", () => {
  it("says what LiveKit rates the link each time the rating changes", () => {
    const room = show("en");
    expect(screen.getByRole("status")).toHaveTextContent("Connection: checking…");
    act(() => room.rate(ConnectionQuality.Excellent));
    expect(screen.getByRole("status")).toHaveTextContent("Connection: excellent");
    act(() => room.rate(ConnectionQuality.Good));
    expect(screen.getByRole("status")).toHaveTextContent("Connection: good");
    act(() => room.rate(ConnectionQuality.Poor));
    expect(screen.getByRole("status")).toHaveTextContent("Connection: poor");
    act(() => room.rate(ConnectionQuality.Lost));
    expect(screen.getByRole("status")).toHaveTextContent("Connection: lost");
  });

  it("in Spanish too", () => {
    const room = show("es");
    act(() => room.rate(ConnectionQuality.Good));
    expect(screen.getByRole("status")).toHaveTextContent("Conexión: buena");
    act(() => room.rate(ConnectionQuality.Poor));
    expect(screen.getByRole("status")).toHaveTextContent("Conexión: débil");
  });
});
