/**
 * The SHA-256 of `text` (as UTF-8), in lower-case hex: how a consent record proves which text was
 * shown. Web Crypto, so it runs alike in browsers, workers and Node 20.
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
