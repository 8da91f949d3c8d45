import "server-only";
import { importJWK, type JWK } from "jose";
import { z } from "zod";
import { authorize, type RequestContext } from "@/lib/auth/access";
import type { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { ASSERTION_ALGORITHMS } from "./tokens";
import { scopeList, SUPPORTED_SCOPES } from "./scopes";

// Registering and revoking SMART Backend Services clients: an administrator's
// work (audited through the policy as managing the clinic's accounts).

const MAX_KEYS = 10;

/** A public JWK set: every key RSA or EC, for RS384 or ES384, with no private part. */
export const jwkSetInput = z
  .string("Paste the client's public JWK set.")
  .trim()
  .min(1, "Paste the client's public JWK set.")
  .max(40_000, "That JWK set is too large.")
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "The JWK set is not valid JSON." });
      return z.NEVER;
    }
  })
  .pipe(
    z.object(
      {
        keys: z
          .array(
            z.looseObject({
              kty: z.enum(["RSA", "EC"], "Each key must be an RSA or EC key."),
              alg: z.enum(ASSERTION_ALGORITHMS, "Each key's alg must be RS384 or ES384.").optional(),
              kid: z.string().max(200).optional(),
              d: z.never("Register the public key only: this key has a private part (d).").optional(),
            }),
            "The JWK set needs a keys array.",
          )
          .min(1, "The JWK set has no keys.")
          .max(MAX_KEYS, `Register at most ${MAX_KEYS} keys.`),
      },
      "The JWK set must be a JSON object with a keys array.",
    ),
  );

export const registerClientInput = z.strictObject({
  name: z.string("Name the client.").trim().min(1, "Name the client.").max(200, "Keep the name to 200 characters."),
  jwks: jwkSetInput,
  scopes: z
    .string("Choose at least one scope.")
    .transform(scopeList)
    .pipe(
      z
        .array(z.enum(SUPPORTED_SCOPES as [string, ...string[]], "That scope is not one the API grants."))
        .min(1, "Choose at least one scope."),
    ),
});

export type RegisterClientInput = z.input<typeof registerClientInput>;

export const clientReference = z.strictObject({ clientId: recordIdOf("client") });

export interface IntegrationClientView {
  id: string;
  name: string;
  scopes: string[];
  keyIds: string[];
  createdAt: Date;
  createdByName: string;
  revokedAt: Date | null;
}

const CLIENT_SELECT = { id: true, name: true, scopes: true, jwks: true, createdAt: true, revokedAt: true, createdBy: { select: { name: true } } } as const;

export async function registerClient(db: Database, context: RequestContext, input: RegisterClientInput): Promise<IntegrationClientView> {
  const { name, jwks, scopes } = registerClientInput.parse(input);
  await authorize(db, context, "users.manage", { type: "clinic" });
  for (const [index, key] of jwks.keys.entries()) {
    try {
      await importJWK(key as JWK, key.alg ?? (key.kty === "RSA" ? "RS384" : "ES384"));
    } catch {
      throw new z.ZodError([{ code: "custom", path: ["jwks", "keys", index], message: `Key ${index + 1} is not a usable ${key.kty} public key.`, input: key }]);
    }
  }
  const userId = context.actor.kind === "user" ? context.actor.userId : "";
  const client = await db.integrationClient.create({ data: { name, jwks: jwks as Prisma.InputJsonObject, scopes, createdById: userId }, select: CLIENT_SELECT });
  return view(client);
}

export async function revokeClient(db: Database, context: RequestContext, input: z.input<typeof clientReference>): Promise<IntegrationClientView | null> {
  const { clientId } = clientReference.parse(input);
  await authorize(db, context, "users.manage", { type: "clinic" });
  const existing = await db.integrationClient.findUnique({ where: { id: clientId }, select: { revokedAt: true } });
  if (!existing) return null;
  const client = await db.integrationClient.update({ where: { id: clientId }, data: { revokedAt: existing.revokedAt ?? new Date() }, select: CLIENT_SELECT });
  return view(client);
}

export async function listClients(db: Database, context: RequestContext): Promise<IntegrationClientView[]> {
  await authorize(db, context, "users.manage", { type: "clinic" });
  const clients = await db.integrationClient.findMany({ orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }], select: CLIENT_SELECT });
  return clients.map(view);
}

function view(client: { id: string; name: string; scopes: string[]; jwks: unknown; createdAt: Date; revokedAt: Date | null; createdBy: { name: string } }): IntegrationClientView {
  const keys = ((client.jwks as { keys?: { kid?: string; kty?: string }[] }).keys ?? []);
  return {
    id: client.id,
    name: client.name,
    scopes: client.scopes,
    keyIds: keys.map((key, index) => key.kid ?? `${key.kty ?? "key"} ${index + 1}`),
    createdAt: client.createdAt,
    createdByName: client.createdBy.name,
    revokedAt: client.revokedAt,
  };
}
