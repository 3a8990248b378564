// Small real files for upload tests, and a multipart POST helper (fetch's FormData, as a browser sends).
import crypto from 'node:crypto';

/** A valid 1x1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** A minimal PDF (file-type knows it by `%PDF-`). */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
export const SVG = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#2a6"/></svg>',
);
export const EVIL_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
);
export const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');

export const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

export async function multipart(
  url: string,
  action: string,
  fields: Record<string, unknown>,
  files: Record<string, { name: string; type: string; content: Buffer }>,
  token?: string,
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  for (const [k, f] of Object.entries(files))
    form.append(k, new Blob([new Uint8Array(f.content)], { type: f.type }), f.name);
  const res = await fetch(`${url}/api/3/action/${action}`, {
    method: 'POST',
    body: form,
    headers: token ? { Authorization: token } : {},
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}
