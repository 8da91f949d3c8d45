// The call's chat messages on the wire: JSON `{ "text": "…" }` over LiveKit's
// reliable data channel, under a topic of their own so nothing else sent in
// the room is mistaken for a message. Pure, so it is unit-tested.

export const CHAT_TOPIC = "visit-chat";
export const MAX_CHAT_MESSAGE_LENGTH = 1000;

/** One chat message as shown: "<sender>: <text>", always rendered as text, never as HTML. */
export interface ChatLine {
  id: number;
  sender: string;
  text: string;
}

let nextLineId = 0;

export function chatLine(sender: string, text: string): ChatLine {
  nextLineId += 1;
  return { id: nextLineId, sender, text };
}

export function encodeChatMessage(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify({ text }));
}

/** The text of a chat payload, trimmed and bounded, or null for anything else (which is ignored). */
export function decodeChatMessage(payload: Uint8Array): string | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(payload)) as { text?: unknown } | null;
    if (typeof value?.text !== "string") return null;
    const text = value.text.trim().slice(0, MAX_CHAT_MESSAGE_LENGTH);
    return text === "" ? null : text;
  } catch {
    return null;
  }
}
