import { LinearWebhookClient } from '@linear/sdk/webhooks';

export type VerifyResult = { ok: true; body: unknown } | { ok: false; reason: 'signature' | 'not_json' };

/**
 * Verifies a Linear delivery on its raw bytes with the SDK's own verifier (hex HMAC-SHA256 in
 * constant time, `webhookTimestamp` within 60 s), against every configured secret so a secret
 * can be rotated without downtime.
 */
export class LinearWebhookVerifier {
  readonly #clients: LinearWebhookClient[];

  constructor(secrets: readonly string[]) {
    this.#clients = secrets.map((secret) => new LinearWebhookClient(secret));
  }

  get configured(): boolean {
    return this.#clients.length > 0;
  }

  verify(rawBody: Buffer, signature: string | undefined): VerifyResult {
    if (!signature) return { ok: false, reason: 'signature' };
    for (const client of this.#clients) {
      try {
        // The SDK checks the HMAC first and parses the body only when it matches.
        return { ok: true, body: client.parseData(rawBody, signature) };
      } catch (error) {
        if (error instanceof SyntaxError) return { ok: false, reason: 'not_json' };
      }
    }
    return { ok: false, reason: 'signature' };
  }
}
