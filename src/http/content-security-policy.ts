import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/**
 * The policy every HTML response is sent with: only this origin's stylesheet,
 * script and images, forms only to this origin, never framed. No inline style
 * or script is allowed, except a document's own `<style>` elements named by
 * their hashes, so even markup that slipped past escaping could not run.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "script-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The API's own page (Swagger UI at /docs) reads the OpenAPI document and sends
 * "Try it out" requests to this origin, and its React code sets style
 * attributes and style elements as it renders, which no hash can name: there,
 * and only there, inline style is allowed. Inline script stays forbidden.
 */
export const API_DOCS_POLICY = `${CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")}; connect-src 'self'`;

/** The policy for `document`, allowing its own `<style>` elements by their SHA-256 hashes (and nothing else inline). */
export function withInlineStyles(document: string, policy: string = CONTENT_SECURITY_POLICY): string {
  const hashes = [...document.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map(
    (match) => `'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`,
  );
  return hashes.length ? policy.replace("style-src 'self'", `style-src 'self' ${[...new Set(hashes)].join(' ')}`) : policy;
}

const isHtml = (contentType: unknown) => typeof contentType === 'string' && /^\s*text\/html\b/i.test(contentType);

/**
 * Every HTML response gets a Content-Security-Policy unless its route set one:
 * the web pages, the printable agenda, minutes and dossier, the API docs, an
 * error page. A page sent whole (`res.send`) is read for its `<style>` elements
 * so their hashes can be allowed; anything else HTML (a streamed file) gets the
 * plain policy when its headers are written.
 */
export function contentSecurityPolicyOnHtml(request: Request, response: Response, next: NextFunction): void {
  const docs = request.path === '/docs' || request.path.startsWith('/docs/');
  const base = docs ? API_DOCS_POLICY : CONTENT_SECURITY_POLICY;
  const send = response.send;
  response.send = function (this: Response, body?: unknown) {
    // Express types a string body without a Content-Type as HTML.
    const html = isHtml(this.getHeader('Content-Type')) || (typeof body === 'string' && this.getHeader('Content-Type') === undefined);
    if (html && !this.hasHeader('Content-Security-Policy')) {
      // A hash in style-src would switch 'unsafe-inline' off, so the docs' policy stays as it is.
      this.setHeader('Content-Security-Policy', typeof body === 'string' && !docs ? withInlineStyles(body, base) : base);
    }
    return send.call(this, body);
  } as Response['send'];
  const writeHead = response.writeHead;
  response.writeHead = function (this: Response, ...args: unknown[]) {
    const headers = args.find((arg) => typeof arg === 'object' && arg !== null && !Array.isArray(arg)) as Record<string, unknown> | undefined;
    const contentType = this.getHeader('Content-Type') ?? Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    if (isHtml(contentType) && !this.hasHeader('Content-Security-Policy')) this.setHeader('Content-Security-Policy', base);
    return (writeHead as (...values: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
  next();
}
