/**
 * The normal form of a company's web domain: lower case, without scheme, `www.`, port, path or
 * trailing dot, so that `https://www.Acme.com/about` and `acme.com` are the same company.
 * Returns `undefined` when what is left is not a plausible host name.
 *
 * @example
 * normalizeDomain('https://www.Acme.com/about'); // 'acme.com'
 */
export function normalizeDomain(input: string): string | undefined {
  let host = input.trim().toLowerCase();
  if (host.length === 0 || host.length > 2048) return undefined;
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, ''); // scheme
  host = host.replace(/^[^/@]*@/, ''); // user info
  host = host.split(/[/?#]/, 1)[0] ?? '';
  host = host.replace(/:\d*$/, '').replace(/\.$/, '').replace(/^www\d?\./, '');
  const labels = host.split('.');
  const valid =
    host.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) &&
    /[a-z]/.test(labels[labels.length - 1] ?? '');
  return valid ? host : undefined;
}
