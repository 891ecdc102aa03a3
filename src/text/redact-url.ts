/**
 * A connection URL with its password masked, for logs, messages and pages: `smtp://user:secret@host`
 * becomes `smtp://user:***@host`, and `smtp://:secret@host` (password without user name, as
 * Redis and some relays take it) `smtp://:***@host`. Every URL we log or show goes through this.
 * Password-like query options (`?pass=`) are masked too. Text that does not parse as a URL, or that parses
 * with an `@` after its host (a password holding `#`, `/` or `?` read as port and path), is masked from
 * the first `:` after `//` to the last `@` rather than shown.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return maskUserinfo(url);
  }
  if (`${parsed.pathname}${parsed.search}${parsed.hash}`.includes('@')) return maskUserinfo(url);
  // nodemailer and some drivers also take credentials as query options (?pass=…).
  const secretOptions = [...parsed.searchParams.keys()].filter((key) => /pass|secret|token|key/i.test(key));
  if (parsed.password === '' && secretOptions.length === 0) return url;
  if (parsed.password !== '') parsed.password = '***';
  for (const key of secretOptions) parsed.searchParams.set(key, '***');
  // '*' is outside the userinfo and query percent-encode sets, so '***' is written as it is.
  return parsed.toString();
}

/** The user name is kept; whatever follows its `:` up to the last `@` may be the password. */
function maskUserinfo(text: string): string {
  const start = text.indexOf('//') + 2;
  const end = text.lastIndexOf('@');
  const colon = text.indexOf(':', start);
  // Stryker disable next-line EqualityOperator: equivalent (`colon >= end`: text[colon] is ':' and text[end] '@', never one index)
  if (start === 1 || colon === -1 || colon > end) return text;
  return `${text.slice(0, colon)}:***${text.slice(end)}`;
}
