// Scores one dataset from its DCAT-AP description (the quads src/rdf maps it to: the same mapping the
// feeds and the SPARQL store publish), the link checker's answers and Pasport's update facts. Pure:
// no database, no clock. Every check reads a property of the mapped graph, as the MQA does of harvested
// metadata, so what is scored is what the catalogue publishes.
import type { Quad } from '@rdfjs/types';
import { EU_TABLE, PREFIXES, dcat, dct } from '../rdf/namespaces.ts';
import {
  INDICATORS,
  MACHINE_READABLE,
  MQA_MAX,
  NON_PROPRIETARY,
  PASPORT_MAX,
  ratingOf,
  type Dimension,
  type IndicatorDef,
  type Rating,
} from './indicators.ts';

export interface PasportFacts {
  /** Calendar days past the next due date; null when the passport has no update deadlines. */
  overdueDays: number | null;
  /** Deadlines of the last year met on time, out of those judged; null when none fell due. */
  onTime: { met: number; total: number } | null;
  /** Title and description in each required language: (language, field) pairs filled, out of total. */
  languages: { filled: number; total: number; missing: string[] };
  /** DataStore resources and how many of them carry a descriptor. */
  datastore: { active: number; described: number };
}

export interface ScoreInput {
  quads: Quad[];
  datasetIri: string;
  /** The link checker's latest answer for a URL: true reachable, false broken, null not checked yet. */
  linkOk(url: string): boolean | null;
  /** The dataset's graph passes the DCAT-AP SHACL shapes (no sh:Violation). */
  conforms: boolean;
  pasport: PasportFacts;
}

export interface IndicatorScore {
  id: string;
  dimension: Dimension;
  max: number;
  points: number;
  /** Share of the check passed: 0 or 1 for a dataset property, the passing share of distributions. */
  share: number;
  /** Counts behind the share (distributions passing / total, URLs not checked yet, ...). */
  detail?: Record<string, unknown>;
}

export interface QualityResult {
  /** MQA points, 0–405. */
  score: number;
  max: number;
  rating: Rating;
  /** Pasport's own dimension, 0–60, reported beside the MQA score. */
  pasport_points: number;
  pasport_max: number;
  indicators: IndicatorScore[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const IRI = (p: { value: string }) => p.value;
const P = {
  keyword: IRI(dcat('keyword')),
  theme: IRI(dcat('theme')),
  spatial: IRI(dct('spatial')),
  temporal: IRI(dct('temporal')),
  distribution: IRI(dcat('distribution')),
  accessURL: IRI(dcat('accessURL')),
  downloadURL: IRI(dcat('downloadURL')),
  format: IRI(dct('format')),
  mediaType: IRI(dcat('mediaType')),
  license: IRI(dct('license')),
  accessRights: IRI(dct('accessRights')),
  contactPoint: IRI(dcat('contactPoint')),
  publisher: IRI(dct('publisher')),
  rights: IRI(dct('rights')),
  byteSize: IRI(dcat('byteSize')),
  issued: IRI(dct('issued')),
  modified: IRI(dct('modified')),
};

type Props = Map<string, string[]>;

function index(quads: Quad[]): Map<string, Props> {
  const out = new Map<string, Props>();
  for (const q of quads) {
    let props = out.get(q.subject.value);
    if (!props) out.set(q.subject.value, (props = new Map()));
    const list = props.get(q.predicate.value);
    if (list) list.push(q.object.value);
    else props.set(q.predicate.value, [q.object.value]);
  }
  return out;
}

const has = (props: Props | undefined, p: string) => !!props?.get(p)?.length;
const first = (props: Props | undefined, p: string) => props?.get(p)?.[0];
const fileTypeCode = (iri: string | undefined) =>
  iri?.startsWith(EU_TABLE.fileType) ? iri.slice(EU_TABLE.fileType.length) : null;

/** Each distribution's checks, by indicator id (true = passes). */
function distributionChecks(
  props: Props | undefined,
  linkOk: ScoreInput['linkOk'],
  pending: Set<string>,
): Record<string, boolean> {
  const status = (url: string | undefined) => {
    if (!url) return false;
    const ok = linkOk(url);
    if (ok === null) pending.add(url);
    return ok === true;
  };
  const format = first(props, P.format);
  const media = first(props, P.mediaType);
  const code = fileTypeCode(format);
  const licence = first(props, P.license);
  return {
    access_url_status: status(first(props, P.accessURL)),
    download_url: has(props, P.downloadURL),
    download_url_status: status(first(props, P.downloadURL)),
    format: !!format,
    media_type: !!media,
    format_vocabulary: !!code || !!media?.startsWith(PREFIXES.iana),
    non_proprietary: !!code && NON_PROPRIETARY.has(code),
    machine_readable: !!code && MACHINE_READABLE.has(code),
    licence: !!licence,
    licence_vocabulary: !!licence?.startsWith(EU_TABLE.licence),
    rights: has(props, P.rights),
    byte_size: has(props, P.byteSize),
  };
}

function datasetChecks(ds: Props | undefined, conforms: boolean): Record<string, boolean> {
  const rights = first(ds, P.accessRights);
  return {
    keyword: has(ds, P.keyword),
    theme: has(ds, P.theme),
    spatial: has(ds, P.spatial),
    temporal: has(ds, P.temporal),
    dcat_ap_compliance: conforms,
    access_rights: !!rights,
    access_rights_vocabulary: !!rights?.startsWith(EU_TABLE.accessRight),
    contact_point: has(ds, P.contactPoint),
    publisher: has(ds, P.publisher),
    issued: has(ds, P.issued),
    modified: has(ds, P.modified),
  };
}

/** Pasport's dimension as shares: not applicable (no deadlines, no DataStore table) counts as met. */
function pasportShares(f: PasportFacts): Record<string, { share: number; detail: Record<string, unknown> }> {
  const overdue = f.overdueDays;
  return {
    timeliness_overdue: {
      share: overdue === null || overdue <= 0 ? 1 : overdue <= 30 ? 0.5 : 0,
      detail: { overdue_days: overdue },
    },
    timeliness_on_time: {
      share: f.onTime && f.onTime.total ? f.onTime.met / f.onTime.total : 1,
      detail: { on_time: f.onTime?.met ?? 0, deadlines: f.onTime?.total ?? 0 },
    },
    languages: {
      share: f.languages.total ? f.languages.filled / f.languages.total : 1,
      detail: { filled: f.languages.filled, required: f.languages.total, missing: f.languages.missing },
    },
    datastore_descriptor: {
      share: f.datastore.active ? f.datastore.described / f.datastore.active : 1,
      detail: { datastore: f.datastore.active, described: f.datastore.described },
    },
  };
}

const INTEROP = INDICATORS.filter((d) => d.level === 'best_distribution');

export function scoreDataset(input: ScoreInput): QualityResult {
  const byS = index(input.quads);
  const ds = byS.get(input.datasetIri);
  const dists = (ds?.get(P.distribution) ?? []).map((d) => byS.get(d));
  const pending = new Set<string>();
  const checks = dists.map((d) => distributionChecks(d, input.linkOk, pending));
  // MQA counts only the best distribution for interoperability (identical content in several formats).
  const interopOf = (c: Record<string, boolean>) => INTEROP.reduce((s, d) => s + (c[d.id] ? d.points : 0), 0);
  const best = checks.reduce<Record<string, boolean> | null>(
    (b, c) => (!b || interopOf(c) > interopOf(b) ? c : b),
    null,
  );
  const dsChecks = datasetChecks(ds, input.conforms);
  const own = pasportShares(input.pasport);

  const indicators = INDICATORS.map((def: IndicatorDef): IndicatorScore => {
    let share: number;
    let detail: Record<string, unknown> | undefined;
    if (def.dimension === 'pasport') ({ share, detail } = own[def.id]);
    else if (def.level === 'dataset') share = dsChecks[def.id] ? 1 : 0;
    else if (def.level === 'best_distribution') share = best?.[def.id] ? 1 : 0;
    else {
      const passing = checks.filter((c) => c[def.id]).length;
      share = checks.length ? passing / checks.length : 0;
      detail = { passing, distributions: checks.length };
    }
    if (def.id.endsWith('_url_status') && pending.size) detail = { ...detail, not_checked: pending.size };
    return {
      id: def.id,
      dimension: def.dimension,
      max: def.points,
      points: round2(def.points * share),
      share: round2(share),
      ...(detail ? { detail } : {}),
    };
  });
  const score = round2(indicators.filter((i) => i.dimension !== 'pasport').reduce((s, i) => s + i.points, 0));
  const pasport = round2(indicators.filter((i) => i.dimension === 'pasport').reduce((s, i) => s + i.points, 0));
  return {
    score,
    max: MQA_MAX,
    rating: ratingOf(score),
    pasport_points: pasport,
    pasport_max: PASPORT_MAX,
    indicators,
  };
}
