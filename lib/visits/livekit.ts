import "server-only";
import { ParticipantInfo_State, RoomServiceClient, ServerError, WebhookReceiver } from "livekit-server-sdk";
import { AppError } from "@/lib/http/app-error";

// The app's one door to LiveKit: configuration from the environment, and the
// few room operations the visit functions need behind a small interface, so
// their database logic is tested without a media server and the real client
// is swapped in everywhere else.

export interface LiveKitConfig {
  /** What browsers connect to (ws:// or wss://). */
  serverUrl: string;
  /** The same server for the HTTP API the server SDK speaks (http:// or https://). */
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
}

/** The server has no LiveKit settings: video visits cannot run here (503), whatever the request. */
export class LiveKitNotConfiguredError extends AppError {
  override name = "LiveKitNotConfiguredError";
  readonly status = 503;
  readonly code = "VIDEO_NOT_CONFIGURED";
}

/** LiveKit is configured but does not answer (down, restarting, a proxy in front of it failing): 503, worth trying again. */
export class LiveKitUnavailableError extends AppError {
  override name = "LiveKitUnavailableError";
  readonly status = 503;
  readonly code = "LIVEKIT_UNAVAILABLE";
  constructor() {
    super("The video service is not reachable; try again in a minute.");
  }

  override headers(): Record<string, string> {
    return { "Retry-After": "60" };
  }
}

/** LiveKit's settings from LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET; throws naming what is missing. */
export function liveKitConfig(env: Record<string, string | undefined> = process.env): LiveKitConfig {
  const names = ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"] as const;
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new LiveKitNotConfiguredError(
      `Video visits need ${missing.join(", ")}. \`npm run dev\` and \`npm start\` start a local LiveKit server and set them when LIVEKIT_URL is not given; otherwise set all three to your LiveKit server's URL (ws:// or wss://) and API key.`,
    );
  }
  const serverUrl = env.LIVEKIT_URL!;
  return { serverUrl, apiUrl: toApiUrl(serverUrl), apiKey: env.LIVEKIT_API_KEY!, apiSecret: env.LIVEKIT_API_SECRET! };
}

/** The server SDK needs http(s) where browsers use ws(s). */
export function toApiUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.protocol === "ws:") url.protocol = "http:";
  else if (url.protocol === "wss:") url.protocol = "https:";
  else if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new LiveKitNotConfiguredError(`LIVEKIT_URL must be a ws://, wss://, http:// or https:// URL, not ${serverUrl}.`);
  }
  return url.toString().replace(/\/$/, "");
}

export interface RoomParticipant {
  identity: string;
  name: string;
  metadata: string;
  joinedAt: Date;
  /** Whether the participant may send and receive media: false in the waiting room. */
  canPublish: boolean;
  canSubscribe: boolean;
}

/** How long LiveKit keeps a visit's room open with nobody in it; a token for the open visit creates it again. */
const EMPTY_ROOM_TIMEOUT_SECONDS = 10 * 60;

/** The room operations the visit functions use. Absent rooms and participants are not errors here. */
export interface VisitRoomService {
  /** Opens the room if it is not open (LiveKit creates no room on a join: the app decides when a visit's room exists). */
  createRoom(room: string): Promise<void>;
  /** Everyone connected to the room; empty when the room does not exist (yet or any more). */
  listParticipants(room: string): Promise<RoomParticipant[]>;
  /** Lets a waiting participant publish, subscribe and send data, and shows them to the others: the client sees its permissions change. */
  admitParticipant(room: string, identity: string): Promise<void>;
  /** Disconnects the participant (the client is told it was removed); nothing when they are gone. */
  removeParticipant(room: string, identity: string): Promise<void>;
  /** Disconnects everyone and closes the room; nothing when it is gone. */
  deleteRoom(room: string): Promise<void>;
}

export function liveKitRoomService(config: LiveKitConfig = liveKitConfig()): VisitRoomService {
  const client = new RoomServiceClient(config.apiUrl, config.apiKey, config.apiSecret);
  return {
    async createRoom(room) {
      await reachable(() => client.createRoom({ name: room, emptyTimeout: EMPTY_ROOM_TIMEOUT_SECONDS }));
    },
    async listParticipants(room) {
      const participants = await reachable(() => ignoreNotFound(() => client.listParticipants(room), []));
      return participants
        .filter((participant) => participant.state !== ParticipantInfo_State.DISCONNECTED)
        .map((participant) => ({
          identity: participant.identity,
          name: participant.name,
          metadata: participant.metadata,
          // joinedAtMs is newer; older servers send only seconds.
          joinedAt: new Date(participant.joinedAtMs > 0n ? Number(participant.joinedAtMs) : Number(participant.joinedAt) * 1000),
          canPublish: participant.permission?.canPublish ?? false,
          canSubscribe: participant.permission?.canSubscribe ?? false,
        }));
    },
    async admitParticipant(room, identity) {
      await reachable(() =>
        client.updateParticipant(room, identity, {
          permission: { canPublish: true, canSubscribe: true, canPublishData: true, hidden: false },
        }),
      );
    },
    async removeParticipant(room, identity) {
      await reachable(() => ignoreNotFound(() => client.removeParticipant(room, identity), undefined));
    },
    async deleteRoom(room) {
      await reachable(() => ignoreNotFound(() => client.deleteRoom(room), undefined));
    },
  };
}

export function liveKitWebhookReceiver(config: LiveKitConfig = liveKitConfig()): WebhookReceiver {
  return new WebhookReceiver(config.apiKey, config.apiSecret);
}

async function ignoreNotFound<T>(call: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ServerError && (error.status === 404 || error.code === "not_found")) return fallback;
    throw error;
  }
}

/**
 * A call that could not reach LiveKit (the connection refused or timed out, or
 * a proxy in front of it answering 502 to 504) becomes a 503 the person can act
 * on; LiveKit's own refusals stay what they are.
 */
async function reachable<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isUnreachable(error)) throw new LiveKitUnavailableError();
    throw error;
  }
}

function isUnreachable(error: unknown): boolean {
  if (error instanceof ServerError) return error.status >= 502 && error.status <= 504;
  // fetch reports a refused, reset or unresolvable connection as "fetch failed", and its timeout as a TimeoutError.
  return error instanceof Error && ((error instanceof TypeError && error.message === "fetch failed") || error.name === "TimeoutError");
}
