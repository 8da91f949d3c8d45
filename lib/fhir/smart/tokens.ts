import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createLocalJWKSet, decodeJwt, errors as joseErrors, jwtVerify, SignJWT, type JSONWebKeySet } from "jose";
import { z } from "zod";
import { auditActor, type RequestContext } from "@/lib/auth/access";
import type { Actor } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import { AppError } from "@/lib/http/app-error";
import { grantedScopes, scopeList } from "./scopes";

// SMART Backend Services: a registered client proves who it is with a JWT it
// signed with one of its registered keys (RS384 or ES384), and gets an access
// token for five minutes. Every attempt is audited; a wrong key, an expired or
// reused assertion, a revoked client or a scope it does not hold is refused.

export const ACCESS_TOKEN_SECONDS = 300;
/** How far ahead a client assertion may expire: the spec says no more than five minutes. */
const MAX_ASSERTION_LIFETIME_SECONDS = 300;
export const ASSERTION_ALGORITHMS = ["RS384", "ES384"] as const;
const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** An OAuth 2.0 error response (RFC 6749 §5.2). */
export class TokenRequestError extends AppError {
  override name = "TokenRequestError";
  constructor(
    readonly code: "invalid_request" | "invalid_client" | "invalid_grant" | "invalid_scope" | "unsupported_grant_type",
    readonly description: string,
    readonly status: 400 | 401 = code === "invalid_client" ? 401 : 400,
  ) {
    super(description);
  }

  override body() {
    return { error: this.code, error_description: this.description };
  }

  override headers(): Record<string, string> {
    return { "Cache-Control": "no-store" };
  }
}

export const tokenRequestInput = z.object(
  {
    grant_type: z.string(),
    scope: z.string().max(4000),
    client_assertion_type: z.string(),
    client_assertion: z.string().max(16_000),
  },
  "Send grant_type, scope, client_assertion_type and client_assertion as a form.",
);

export interface TokenResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  scope: string;
}

function accessTokenKey(): Uint8Array {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set.");
  return createHash("sha256").update(`fhir-access-token\0${secret}`).digest();
}

/** Exchanges a signed client assertion for an access token. `tokenUrl` is the audience the assertion must name. */
export async function issueAccessToken(
  db: Database,
  context: RequestContext,
  form: unknown,
  options: { tokenUrl: string; now?: Date },
): Promise<TokenResponse> {
  const parsed = tokenRequestInput.safeParse(form);
  const audit = (clientId: string | null, allowed: boolean, reason: string | null) =>
    recordAudit(db, {
      ...auditActor(context),
      ...(clientId ? { actorId: `integration:${clientId}` } : {}),
      action: "integration.token",
      patientId: null,
      resourceType: "integrationClient",
      resourceId: clientId,
      outcome: allowed ? "ALLOWED" : "DENIED",
      reason,
    });
  const refuse = async (clientId: string | null, error: TokenRequestError): Promise<never> => {
    await audit(clientId, false, error.description);
    throw error;
  };
  if (!parsed.success) return refuse(null, new TokenRequestError("invalid_request", parsed.error.issues[0]?.message ?? "The request is not valid."));
  const request = parsed.data;
  if (request.grant_type !== "client_credentials") return refuse(null, new TokenRequestError("unsupported_grant_type", "Only client_credentials is supported."));
  if (request.client_assertion_type !== CLIENT_ASSERTION_TYPE) return refuse(null, new TokenRequestError("invalid_request", `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}.`));

  let clientId: string;
  try {
    const claims = decodeJwt(request.client_assertion);
    clientId = typeof claims.iss === "string" && claims.iss.length <= 64 ? claims.iss : "";
  } catch {
    return refuse(null, new TokenRequestError("invalid_client", "The client assertion is not a JWT."));
  }
  const client = clientId ? await db.integrationClient.findUnique({ where: { id: clientId } }) : null;
  if (!client) return refuse(null, new TokenRequestError("invalid_client", "No registered client has that id."));
  if (client.revokedAt) return refuse(client.id, new TokenRequestError("invalid_client", "This client has been revoked."));

  const now = options.now ?? new Date();
  let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
  try {
    ({ payload } = await jwtVerify(request.client_assertion, createLocalJWKSet(client.jwks as unknown as JSONWebKeySet), {
      algorithms: [...ASSERTION_ALGORITHMS],
      issuer: client.id,
      subject: client.id,
      audience: options.tokenUrl,
      currentDate: now,
      requiredClaims: ["exp", "jti"],
    }));
  } catch (error) {
    const reason =
      error instanceof joseErrors.JWTExpired
        ? "The client assertion has expired."
        : error instanceof joseErrors.JWTClaimValidationFailed
          ? `The client assertion's ${error.claim} claim is wrong.`
          : "The client assertion is not signed by a key registered for this client.";
    return refuse(client.id, new TokenRequestError("invalid_client", reason));
  }
  if (payload.exp! - Math.floor(now.getTime() / 1000) > MAX_ASSERTION_LIFETIME_SECONDS) {
    return refuse(client.id, new TokenRequestError("invalid_client", "The client assertion must expire within five minutes."));
  }
  const jti = String(payload.jti).slice(0, 200);
  // The primary key refuses a second use of the same jti while it is remembered.
  const recorded = await db.integrationAssertion.createMany({
    data: [{ clientId: client.id, jti, expiresAt: new Date(payload.exp! * 1000) }],
    skipDuplicates: true,
  });
  if (recorded.count === 0) return refuse(client.id, new TokenRequestError("invalid_client", "This client assertion (its jti) has been used before."));
  await db.integrationAssertion.deleteMany({ where: { expiresAt: { lt: now } } });

  const scopes = grantedScopes(scopeList(request.scope), client.scopes);
  if (scopes.length === 0) return refuse(client.id, new TokenRequestError("invalid_scope", `This client may ask for: ${client.scopes.join(" ")}.`));

  const accessToken = await new SignJWT({ scope: scopes.join(" ") })
    .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
    .setSubject(client.id)
    .setAudience("fhir")
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + ACCESS_TOKEN_SECONDS)
    .setJti(randomUUID())
    .sign(accessTokenKey());
  await audit(client.id, true, `scopes: ${scopes.join(" ")}`);
  return { access_token: accessToken, token_type: "bearer", expires_in: ACCESS_TOKEN_SECONDS, scope: scopes.join(" ") };
}

/**
 * The integration an access token stands for, or anonymous when the token is
 * not ours, has expired or its client has since been revoked (so the policy
 * refuses, and audits, whatever is attempted with it).
 */
export async function integrationActorOf(db: Database, accessToken: string, now: Date = new Date()): Promise<Actor> {
  try {
    const { payload } = await jwtVerify(accessToken, accessTokenKey(), { algorithms: ["HS256"], audience: "fhir", currentDate: now });
    const client = await db.integrationClient.findUnique({ where: { id: String(payload.sub) }, select: { id: true, name: true, scopes: true, revokedAt: true } });
    if (!client || client.revokedAt) return { kind: "anonymous" };
    // A scope taken from the client since the token was issued no longer counts.
    const scopes = scopeList(String(payload.scope ?? "")).filter((scope) => grantedScopes([scope], client.scopes).length > 0);
    return { kind: "integration", clientId: client.id, name: client.name, scopes };
  } catch {
    return { kind: "anonymous" };
  }
}
