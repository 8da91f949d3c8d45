import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";

// A SMART Backend Services client for tests: its key pair, its public JWK set
// to register, and signed client assertions (good ones, and ones to refuse).

export interface TestSmartClient {
  jwks: string;
  privateKey: CryptoKey;
  kid: string;
}

export async function createTestSmartKeys(alg: "RS384" | "ES384" = "RS384"): Promise<TestSmartClient> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { jwks: JSON.stringify({ keys: [jwk] }), privateKey, kid };
}

export async function clientAssertion(
  keys: TestSmartClient,
  clientId: string,
  tokenUrl: string,
  options: { expiresInSeconds?: number; jti?: string; alg?: "RS384" | "ES384" } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: options.alg ?? "RS384", kid: keys.kid, typ: "JWT" })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 240))
    .setJti(options.jti ?? randomUUID())
    .sign(keys.privateKey);
}

export function tokenForm(assertion: string, scope: string): string {
  return new URLSearchParams({
    grant_type: "client_credentials",
    scope,
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: assertion,
  }).toString();
}
