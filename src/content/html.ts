// Rich text of site content. HTML from the operator's editor goes through sanitize-html (a maintained
// allow-list parser: scripts, event handlers, javascript: URLs and unknown tags are dropped, never
// escaped into view); Markdown is rendered by markdown-it with raw HTML off and then sanitized the
// same way, so both formats end as the same safe subset. Hand-rolled regex sanitizers miss too much.
import sanitizeHtml from 'sanitize-html';
import MarkdownIt from 'markdown-it';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags,
    'img',
    'h1',
    'h2',
    'figure',
    'figcaption',
    'picture',
    'source',
    'u',
    's',
    'sub',
    'sup',
  ],
  allowedAttributes: {
    a: ['href', 'name', 'target', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    source: ['srcset', 'type', 'media'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    ol: ['start', 'type'],
    '*': ['lang', 'dir'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // A link that opens a new tab must not hand the portal's window to the target page.
  transformTags: {
    a: (tagName, attribs) =>
      attribs.target === '_blank'
        ? { tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }
        : { tagName, attribs },
  },
};

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

export type BodyFormat = 'html' | 'markdown';

export function sanitize(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** The safe HTML of a body in either format. */
export function renderBody(text: string, format: BodyFormat): string {
  return sanitize(format === 'markdown' ? markdown.render(text) : text);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** Plain text of safe HTML, for search and feed summaries. */
export function plainText(html: string): string {
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ENTITIES[e])
    .replace(/\s+/g, ' ')
    .trim();
}
