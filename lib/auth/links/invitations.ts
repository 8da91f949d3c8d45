import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import { sendMail } from "@/lib/mail/send";
import type { ClientInfo } from "../client-info";
import { checkPasswordPolicy, hashPassword } from "../sign-in/password";

const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;

export const INVITATION_UNUSABLE = "This invitation link has expired or was already used. Ask your administrator to send a new one.";

// 32 random bytes in base64url: what issueInvitation puts in the link.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

interface Invitee {
  email: string;
  name: string;
}

export type AcceptInvitationResult = { ok: true; email: string } | { ok: false; error: string };

// Only the hash is stored, so reading the table does not yield working links.
function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function invitationUrl(token: string): string {
  return new URL(`/invite/${token}`, process.env.APP_URL ?? "http://localhost:3000").toString();
}

/**
 * Creates a new invitation for the user, voiding any earlier one, and emails
 * them the link to set their password.
 */
export async function issueInvitation(db: Database, user: Invitee, now = new Date()): Promise<void> {
  const token = randomBytes(32).toString("base64url");
  await db.$transaction([
    db.verificationToken.deleteMany({ where: { identifier: user.email } }),
    db.verificationToken.create({
      data: {
        identifier: user.email,
        token: hashInvitationToken(token),
        expires: new Date(now.getTime() + INVITATION_TTL_MS),
      },
    }),
  ]);
  await sendMail({
    to: user.email,
    subject: "Set your password for Telemedicine Clinic",
    text: [
      `Hello ${user.name},`,
      "",
      "An administrator has created an account for you at Telemedicine Clinic.",
      "Choose your password with this link. It works once, for the next 72 hours:",
      "",
      invitationUrl(token),
      "",
      "If you were not expecting this, you can ignore this email.",
    ].join("\n"),
  });
}

async function findUsableInvitation(db: Database, token: string, now: Date) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const invitation = await db.verificationToken.findFirst({
    where: { token: hashInvitationToken(token), expires: { gt: now } },
  });
  if (!invitation) return null;
  const user = await db.user.findUnique({
    where: { email: invitation.identifier },
    select: { id: true, email: true, name: true, role: true, passwordHash: true, disabledAt: true },
  });
  // A password already set or a disabled account means the link must not work, whatever its expiry.
  if (!user || user.passwordHash !== null || user.disabledAt !== null) return null;
  return { invitation, user };
}

/** Whom a still-usable invitation is for, so the page can greet them; null when the link cannot be used. */
export async function describeInvitation(db: Database, token: string, now = new Date()): Promise<Invitee | null> {
  const found = await findUsableInvitation(db, token, now);
  return found && { email: found.user.email, name: found.user.name };
}

/** Sets the invited user's first password and spends the invitation. */
export async function acceptInvitation(
  db: Database,
  token: string,
  password: string,
  now = new Date(),
  client: ClientInfo = { ip: null, userAgent: null },
): Promise<AcceptInvitationResult> {
  const found = await findUsableInvitation(db, token, now);
  if (!found) return { ok: false, error: INVITATION_UNUSABLE };
  const { invitation, user } = found;

  const policy = checkPasswordPolicy(password, { email: user.email, name: user.name });
  if (!policy.ok) return { ok: false, error: policy.problem };
  const passwordHash = await hashPassword(password);

  const accepted = await db.$transaction(async (tx) => {
    // Deleting the token is what claims it: of two simultaneous submissions only one deletes a row.
    const { count } = await tx.verificationToken.deleteMany({
      where: { identifier: invitation.identifier, token: invitation.token, expires: { gt: now } },
    });
    if (count !== 1) return false;
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, passwordChangedAt: now, emailVerified: now },
    });
    await recordAudit(tx, {
      actorId: user.id,
      actorRole: user.role,
      action: "user.invite.accept",
      patientId: null,
      resourceType: "user",
      resourceId: user.id,
      outcome: "ALLOWED",
      ...client,
    });
    return true;
  });
  return accepted ? { ok: true, email: user.email } : { ok: false, error: INVITATION_UNUSABLE };
}
