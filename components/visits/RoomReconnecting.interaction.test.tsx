import { act, render, screen } from "@testing-library/react";
import { EventEmitter } from "node:events";
import { ConnectionState, RoomEvent, type Room } from "livekit-client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { followResumes } from "./callRoom";
import { RoomReconnecting } from "./RoomReconnecting";

// A room as livekit-client drives it through a dropped connection: the state
// and events it emits, and the two facts of its engine the banner reads (the
// signal connection resumed, the peer connections' states). No event is
// emitted between the signal resuming and LiveKit's Reconnected 2 s later.

class FakeRoom extends EventEmitter {
  state = ConnectionState.Connected;
  engine = Object.assign(new EventEmitter(), {
    pcManager: { publisher: { getConnectionState: () => this.publisher }, subscriber: { getConnectionState: () => this.subscriber } },
  });
  publisher: RTCPeerConnectionState = "connected";
  subscriber: RTCPeerConnectionState = "connected";

  to(state: ConnectionState, event: RoomEvent) {
    this.state = state;
    this.emit(event);
    this.emit(RoomEvent.ConnectionStateChanged, state);
  }
}

function show(fake: FakeRoom) {
  const room = fake as unknown as Room;
  followResumes(room);
  render(
    <RoomReconnecting room={room}>
      <p role="alert">Reconnecting…</p>
    </RoomReconnecting>,
  );
}

const banner = () => screen.queryByRole("alert");

describe("Reconnecting… while LiveKit restores the connection", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("goes away as soon as the resumed signal connection and connected media carry the call, before LiveKit says Reconnected", () => {
    const room = new FakeRoom();
    show(room);
    expect(banner()).toBeNull();

    act(() => room.to(ConnectionState.SignalReconnecting, RoomEvent.SignalReconnecting));
    act(() => vi.advanceTimersByTime(1_000));
    expect(banner()).toHaveTextContent("Reconnecting…");

    act(() => {
      room.engine.emit("signalResumed");
      vi.advanceTimersByTime(100);
    });
    expect(banner()).toBeNull();
  });

  it("stays while the media's connection is not back, even with the signal resumed", () => {
    const room = new FakeRoom();
    show(room);
    room.subscriber = "disconnected";
    act(() => room.to(ConnectionState.SignalReconnecting, RoomEvent.SignalReconnecting));
    act(() => {
      room.engine.emit("signalResumed");
      vi.advanceTimersByTime(1_000);
    });
    expect(banner()).toHaveTextContent("Reconnecting…");

    act(() => {
      room.subscriber = "connected";
      vi.advanceTimersByTime(100);
    });
    expect(banner()).toBeNull();
  });

  it("shows again for the next drop, and throughout a full reconnect", () => {
    const room = new FakeRoom();
    show(room);
    act(() => room.to(ConnectionState.SignalReconnecting, RoomEvent.SignalReconnecting));
    act(() => room.engine.emit("signalResumed"));
    act(() => room.to(ConnectionState.Connected, RoomEvent.Reconnected));
    expect(banner()).toBeNull();

    act(() => room.to(ConnectionState.SignalReconnecting, RoomEvent.SignalReconnecting));
    act(() => vi.advanceTimersByTime(500));
    expect(banner()).toHaveTextContent("Reconnecting…");

    act(() => room.to(ConnectionState.Reconnecting, RoomEvent.Reconnecting));
    act(() => vi.advanceTimersByTime(500));
    expect(banner()).toHaveTextContent("Reconnecting…");
  });
});
