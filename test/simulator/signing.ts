// Signed, expiring video URLs, as an object store issues them: anyone holding the URL may
// download until it expires; a changed byte or a past expiry is refused with 403.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class UrlSigner {
  readonly #secret = randomBytes(32);

  sign(origin: string, taskId: string, ttlSeconds: number, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + ttlSeconds;
    const path = `/videos/${taskId}.mp4`;
    return `${origin}${path}?expires=${expires}&signature=${this.#mac(path, expires)}`;
  }

  /** Why the URL is refused, or undefined when it is valid. */
  check(path: string, query: URLSearchParams, now = Date.now()): 'expired' | 'bad-signature' | undefined {
    const expires = Number(query.get('expires'));
    const signature = query.get('signature') ?? '';
    // Exact format first: Buffer.from(hex) would quietly drop a trailing odd character.
    if (!/^[0-9a-f]{64}$/.test(signature)) return 'bad-signature';
    const given = Buffer.from(signature, 'hex');
    const wanted = Buffer.from(this.#mac(path, expires), 'hex');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return 'bad-signature';
    return now / 1000 > expires ? 'expired' : undefined;
  }

  #mac(path: string, expires: number): string {
    return createHmac('sha256', this.#secret).update(`${path}\n${expires}`).digest('hex');
  }
}
