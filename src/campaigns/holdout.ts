import { createHash } from 'node:crypto';

/**
 * Which members of a campaign are held out: pure, and stable by construction. A member's draw is a
 * uniform number in [0, 1) read from the SHA-256 of (campaign key, customer id): the same customer always
 * gets the same draw in the same campaign, and draws of different campaigns are independent (a customer
 * held out of one campaign is no likelier to be held out of the next), which a hash of the customer alone
 * or a random seed per run would not give.
 */
export type MemberGroup = 'target' | 'holdout';

export const DEFAULT_HOLDOUT_SHARE = 0.1;
export const DEFAULT_WINDOW_DAYS = 28;

/** A campaign's key: its segment and as-of, e.g. "champions@2011-12-10T00:00:00" (no database id, so a
 * campaign draws the same groups in any copy of the warehouse). */
export function campaignKey(segmentSlug: string, asOf: string): string {
  return `${segmentSlug}@${asOf}`;
}

/** The member's uniform draw in [0, 1): the hash's first 48 bits over 2^48 (exact in a double). */
export function holdoutDraw(key: string, customerId: number): number {
  const digest = createHash('sha256').update(`${key}\u0000${customerId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

export function memberGroup(key: string, customerId: number, holdoutShare: number): MemberGroup {
  return holdoutDraw(key, customerId) < holdoutShare ? 'holdout' : 'target';
}
