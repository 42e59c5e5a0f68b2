const allowed = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/**
 * The URL as an `href` only when its scheme is http(s), mailto or tel; otherwise `undefined`, so
 * that a `javascript:` or `data:` value stored in a record can never become a live link.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return allowed.has(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A `mailto:` link for an address, or `undefined` when the address is not plausible. */
export function mailtoHref(email: string): string | undefined {
  return /^[^\s@:/?#]+@[^\s@:/?#]+$/.test(email) ? safeHref(`mailto:${email}`) : undefined;
}

/** A `tel:` link for a phone number, keeping only what a dialler uses. */
export function telHref(phone: string): string | undefined {
  const digits = phone.replace(/[^\d+]/g, '');
  return digits.length >= 3 ? safeHref(`tel:${digits}`) : undefined;
}
