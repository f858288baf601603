/**
 * One Content-Security-Policy for both shells. No inline script, no eval, no remote anything:
 * the renderer loads only its own bundle and talks only to its own origin — plus, in the Electron
 * shell, the `locard-evidence:` scheme that streams an exhibit's stored bytes to <img>, <video> and
 * the previews (the browser shell serves the same bytes from its own origin, under 'self').
 */

/** Electron's privileged scheme for exhibit bytes: `locard-evidence://exhibit/<number>`. */
export const EVIDENCE_SCHEME = 'locard-evidence';
export const EVIDENCE_HOST = 'exhibit';

/** The URL the Electron renderer uses for an exhibit's bytes. */
export function evidenceSchemeUrl(number: number): string {
  return `${EVIDENCE_SCHEME}://${EVIDENCE_HOST}/${String(number)}`;
}

/** The browser shell's route for the same bytes (main/serve/content.ts). */
export function evidenceHttpPath(number: number): string {
  return `/api/exhibits/${String(number)}/content`;
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' data: blob: ${EVIDENCE_SCHEME}:`,
  `media-src 'self' blob: ${EVIDENCE_SCHEME}:`,
  "font-src 'self'",
  `connect-src 'self' ${EVIDENCE_SCHEME}:`,
  // pdf.js runs its parser in a module worker bundled with the renderer.
  "worker-src 'self' blob:",
  // Sandboxed HTML previews are srcdoc frames (they inherit this policy); nothing is framed by URL.
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
