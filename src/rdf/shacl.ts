// DCAT-AP 3.0.1 SHACL validation with rdf-validate-shacl. Shape set (vocab/shacl/README.md):
// shapes.ttl (mandatory, Violation) + shapes_recommended.ttl (Warning) + the local date supplement
// that restores the date checks upstream's `sh:shape` typo disables. Shapes are parsed and the
// validator built once per process.
import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import factory from 'rdf-validate-shacl/src/defaultEnv.js';
import type { Quad, Term } from '@rdfjs/types';
import { VOCAB_DIR } from './tables.ts';

export const SHAPE_FILES = [
  'shacl/dcat-ap-3.0.1-shapes.ttl',
  'shacl/dcat-ap-3.0.1-shapes_recommended.ttl',
  'shacl/dcat-ap-3.0.1-date-supplement.ttl',
] as const;

export type Severity = 'Violation' | 'Warning' | 'Info';

export interface ShaclResult {
  focusNode: string;
  path: string | null;
  message: string;
  severity: Severity;
  value: string | null;
  sourceShape: string | null;
  constraint: string | null;
}

export interface ShaclReport {
  /** True when there is no sh:Violation (warnings are DCAT-AP recommendations, not failures). */
  conforms: boolean;
  violations: ShaclResult[];
  warnings: ShaclResult[];
  infos: ShaclResult[];
}

let shapesCache: Quad[] | null = null;
let validatorCache: SHACLValidator | null = null;

/** The vendored shapes, parsed once. */
export function shapesQuads(): Quad[] {
  if (!shapesCache) {
    shapesCache = [];
    for (const file of SHAPE_FILES) {
      const text = readFileSync(VOCAB_DIR + file, 'utf8');
      for (const q of new Parser({ format: 'text/turtle' }).parse(text)) shapesCache.push(q);
    }
  }
  return shapesCache;
}

function validator(): SHACLValidator {
  if (!validatorCache) {
    validatorCache = new SHACLValidator(
      factory.dataset(shapesQuads()) as never,
      {
        factory,
        // rdf-validate-shacl silently stops checking a (node, shape) pair after 50 checks, which
        // hides results when many datasets share one publisher; 0 disables that cap.
        maxNodeChecks: 0,
        // The vendored files carry no owl:imports; should one appear, never fetch it over the network.
        importGraph: () => factory.dataset(),
      } as never,
    );
  }
  return validatorCache;
}

const SH = 'http://www.w3.org/ns/shacl#';
const local = (iri: string) => iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);
const termString = (t: Term | null | undefined): string | null =>
  !t ? null : t.termType === 'BlankNode' ? `_:${t.value}` : t.value;

interface RawResult {
  focusNode: Term | null;
  path: Term | null;
  message: Term[];
  severity: Term | null;
  value: Term | null;
  sourceShape: Term | null;
  sourceConstraintComponent: Term | null;
}

function toResult(r: RawResult): ShaclResult {
  const severityIri = r.severity?.value ?? SH + 'Violation';
  const severity = (severityIri.startsWith(SH) ? local(severityIri) : 'Violation') as Severity;
  const path = termString(r.path);
  const constraint = termString(r.sourceConstraintComponent);
  const message =
    r.message.map((m) => m.value).join('; ') ||
    `${constraint ? local(constraint).replace(/ConstraintComponent$/, '') : 'constraint'} failed` +
      (path ? ` on ${path}` : '');
  return {
    focusNode: termString(r.focusNode) ?? '',
    path,
    message,
    severity,
    value: termString(r.value),
    sourceShape: termString(r.sourceShape),
    constraint,
  };
}

/**
 * Validates quads against DCAT-AP 3.0.1 (mandatory + recommended + date supplement).
 * `extraData` adds vocabulary graphs (e.g. EU tables) to the data graph, where sh:class and
 * skos:inScheme checks can see them; the shapes graph is never changed.
 */
export async function validateQuads(
  quads: Iterable<Quad>,
  opts: { extraData?: Iterable<Quad> } = {},
): Promise<ShaclReport> {
  const data = factory.dataset([...quads, ...(opts.extraData ?? [])] as never);
  const report = await validator().validate(data as never);
  const out: ShaclReport = { conforms: true, violations: [], warnings: [], infos: [] };
  for (const raw of report.results as unknown as RawResult[]) {
    const r = toResult(raw);
    if (r.severity === 'Warning') out.warnings.push(r);
    else if (r.severity === 'Info') out.infos.push(r);
    else out.violations.push(r);
  }
  out.conforms = out.violations.length === 0;
  return out;
}

/** One line per result, for logs and test failure messages. */
export function formatResults(results: ShaclResult[], max = 20): string {
  return results
    .slice(0, max)
    .map((r) => `${r.severity}: ${r.focusNode} ${r.path ?? ''} — ${r.message}${r.value ? ` (value ${r.value})` : ''}`)
    .join('\n');
}
