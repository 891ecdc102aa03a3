/**
 * A connection URL with its password masked, for logs, messages and pages: `smtp://user:secret@host`
 * becomes `smtp://user:***@host`, and `smtp://:secret@host` (password without user name, as
 * Redis and some relays take it) `smtp://:***@host`. Every URL we log or show goes through this.
 * Password-like query options (`?pass=`) are masked too. Text that does not parse as a URL is masked from `//` to the last `@` rather than shown.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    // nodemailer and some drivers also take credentials as query options (?pass=…).
    const secretOptions = [...parsed.searchParams.keys()].filter((key) => /pass|secret|token|key/i.test(key));
    if (parsed.password === '' && secretOptions.length === 0) return url;
    if (parsed.password !== '') parsed.password = '***';
    for (const key of secretOptions) parsed.searchParams.set(key, '***');
    // '*' is outside the userinfo and query percent-encode sets, so '***' is written as it is.
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*:[^/]*@/, (match) => `//${match.slice(2, match.indexOf(':'))}:***@`);
  }
}
