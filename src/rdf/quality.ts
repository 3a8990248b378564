// The dataset's metadata quality (the package dict's `quality`, scored by src/quality) as W3C DQV:
// one dqv:QualityMeasurement per metric of vocab/quality.ttl, each at a hash IRI under the dataset (no
// blank nodes, so replacing a dataset's graph replaces its measurements too). Mapped like everything
// else only for publishable datasets, so private ones never carry it out.
import type { NamedNode } from '@rdfjs/types';
import { QuadBuilder, dateTime, iri, str, typed } from './terms.ts';
import { namespace, xsd } from './namespaces.ts';
import type { Resolved } from './context.ts';
import type { PackageDict } from './types.ts';

export const dqv = namespace('http://www.w3.org/ns/dqv#');
export const prov = namespace('http://www.w3.org/ns/prov#');

const decimal = (n: number) => typed(String(Math.round(n * 100) / 100), xsd('decimal'));
/** Metric IRI of an indicator id in the deployment's vocabulary (`keyword` -> pas:metric-keyword). */
export const metricIri = (vocabNs: string, id: string) => `${vocabNs}metric-${id.replace(/_/g, '-')}`;

export function qualityInto(pkg: PackageDict, r: Resolved, b: QuadBuilder, ds: NamedNode): void {
  const q = pkg.quality;
  if (!q || typeof q.score !== 'number') return;
  const at = dateTime(q.computed ?? null);
  const measure = (id: string, value: ReturnType<typeof decimal>) => {
    const m = iri(`${ds.value}#quality-${id.replace(/_/g, '-')}`);
    b.iri(ds, dqv('hasQualityMeasurement'), m.value);
    b.type(m, dqv('QualityMeasurement'));
    b.iri(m, dqv('computedOn'), ds.value);
    b.iri(m, dqv('isMeasurementOf'), metricIri(r.vocabNs, id));
    b.add(m, dqv('value'), value);
    b.add(m, prov('generatedAtTime'), at);
  };
  measure('score', decimal(q.score));
  measure('rating', str(q.rating));
  measure('pasport_score', decimal(q.pasport_points));
  for (const [id, points] of Object.entries(q.indicators ?? {}))
    if (typeof points === 'number') measure(id, decimal(points));
}
