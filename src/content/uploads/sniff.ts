// What an upload really is, from its first bytes (file-type reads the magic numbers), never from the
// name or the Content-Type the client sent: a script renamed to logo.png is refused. SVG has no magic
// number; it is accepted for icons only, and only without scripts, event handlers or external links.
import { fileTypeFromBuffer } from 'file-type';

export type UploadKind = 'image' | 'icon' | 'document';

const IMAGES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const DOCUMENTS = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
  'application/x-cfb', // legacy .doc
];

export const ALLOWED: Record<UploadKind, string[]> = {
  image: IMAGES,
  icon: [...IMAGES, 'image/svg+xml'],
  document: [...DOCUMENTS, ...IMAGES],
};

const LABEL: Record<string, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'image/svg+xml': 'SVG',
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/x-cfb': 'DOC',
};

export const EXTENSION: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/x-cfb': 'doc',
};

export function allowedLabel(kind: UploadKind): string {
  return ALLOWED[kind].map((m) => LABEL[m] ?? m).join(', ');
}

const SVG_START = /^(?:\uFEFF)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i;
// Anything that can run or fetch from an SVG shown as a document.
const SVG_ACTIVE =
  /<script|<foreignObject|\bon[a-z]+\s*=|javascript:|<!ENTITY|(?:href|src)\s*=\s*["']\s*(?!#)[^"']*["']/i;

/** The detected MIME type, or a reason the bytes are not a file of an allowed type. */
export async function detectType(content: Buffer, kind: UploadKind): Promise<{ mime: string } | { error: string }> {
  if (!content.length) return { error: 'The file is empty' };
  const found = await fileTypeFromBuffer(content);
  let mime = found?.mime as string | undefined;
  // file-type names any document with an XML declaration application/xml; SVG is checked by its root.
  if ((!mime || mime === 'application/xml') && kind === 'icon') {
    const head = content.subarray(0, 4096).toString('utf8');
    if (SVG_START.test(head)) {
      if (SVG_ACTIVE.test(content.toString('utf8')))
        return { error: 'SVG with scripts, event handlers or external references is not allowed' };
      mime = 'image/svg+xml';
    }
  }
  if (!mime || !ALLOWED[kind].includes(mime)) {
    const what = mime ? `a ${mime} file` : 'not a recognised file type';
    return { error: `File type not allowed: the content is ${what}; allowed: ${allowedLabel(kind)}` };
  }
  return { mime };
}
