import { describe, expect, it } from "vitest";
import { decodeChatMessage, encodeChatMessage, MAX_CHAT_MESSAGE_LENGTH } from "./chatMessages";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("chat messages on the data channel", () => {
  it("round-trips text exactly, markup included (it is shown as text)", () => {
    const text = "Please hold the <b>pill bottle</b> up to the camera";
    expect(decodeChatMessage(encodeChatMessage(text))).toBe(text);
  });

  it("ignores payloads that are not chat messages", () => {
    expect(decodeChatMessage(bytes("not json"))).toBeNull();
    expect(decodeChatMessage(bytes("null"))).toBeNull();
    expect(decodeChatMessage(bytes(JSON.stringify({ text: 42 })))).toBeNull();
    expect(decodeChatMessage(bytes(JSON.stringify({ text: "   " })))).toBeNull();
  });

  it("trims and bounds what it shows", () => {
    expect(decodeChatMessage(bytes(JSON.stringify({ text: "  hello  " })))).toBe("hello");
    expect(decodeChatMessage(bytes(JSON.stringify({ text: "x".repeat(5000) })))).toHaveLength(MAX_CHAT_MESSAGE_LENGTH);
  });
});
