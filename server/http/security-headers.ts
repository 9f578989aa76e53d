// Headers on every answer that make the browser do less on an attacker's behalf:
// - Content-Security-Policy: scripts, styles, fonts and connections only from gridflow itself.
//   Styles also allow inline: bpmn-js and diagram-js set style attributes on the diagram's
//   elements. Fonts and images allow data: (the BPMN icon font and the bpmn.io logo are inlined).
//   frame-ancestors 'none' (and X-Frame-Options for old browsers): no page can frame gridflow.
// - Cache-Control: no-store on /api: answers carry session tokens (login) and personal data that
//   no shared or browser cache should keep.
// - Strict-Transport-Security when gridflow is reached over https (GRIDFLOW_PUBLIC_URL https, or
//   a TLS connection), so a browser never falls back to plain http.
import type { RequestHandler } from 'express';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const HSTS = 'max-age=31536000; includeSubDomains';

export function securityHeaders(opts: { https?: boolean }): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (opts.https || req.secure) res.setHeader('Strict-Transport-Security', HSTS);
    if (req.path === '/api' || req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
