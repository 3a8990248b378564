// The indicators of the metadata quality score: MQA's 20 (data.europa.eu methodology, five dimensions,
// 405 points; ../shared/reference/mqa.md) and Pasport's own dimension (timeliness, languages,
// descriptors; 60 points), which is reported beside the MQA score and never added to it, so the MQA
// figure and its rating stay comparable with the EU dashboard.
export type Dimension =
  | 'findability'
  | 'accessibility'
  | 'interoperability'
  | 'reusability'
  | 'contextuality'
  | 'pasport';
/** How a distribution-level indicator becomes a dataset's points: the share of its distributions that
 * pass, or (interoperability, per MQA) the best distribution alone. */
export type Level = 'dataset' | 'distributions' | 'best_distribution';

export interface IndicatorDef {
  id: string;
  dimension: Dimension;
  points: number;
  level: Level;
  /** The property checked, for documentation and the DQV metric's definition. */
  property: string;
}

const I = (id: string, dimension: Dimension, points: number, level: Level, property: string): IndicatorDef => ({
  id,
  dimension,
  points,
  level,
  property,
});

export const MQA_INDICATORS: IndicatorDef[] = [
  I('keyword', 'findability', 30, 'dataset', 'dcat:keyword'),
  I('theme', 'findability', 30, 'dataset', 'dcat:theme'),
  I('spatial', 'findability', 20, 'dataset', 'dct:spatial'),
  I('temporal', 'findability', 20, 'dataset', 'dct:temporal'),
  I('access_url_status', 'accessibility', 50, 'distributions', 'dcat:accessURL'),
  I('download_url', 'accessibility', 20, 'distributions', 'dcat:downloadURL'),
  I('download_url_status', 'accessibility', 30, 'distributions', 'dcat:downloadURL'),
  I('format', 'interoperability', 20, 'best_distribution', 'dct:format'),
  I('media_type', 'interoperability', 10, 'best_distribution', 'dcat:mediaType'),
  I('format_vocabulary', 'interoperability', 10, 'best_distribution', 'dct:format, dcat:mediaType'),
  I('non_proprietary', 'interoperability', 20, 'best_distribution', 'dct:format'),
  I('machine_readable', 'interoperability', 20, 'best_distribution', 'dct:format'),
  I('dcat_ap_compliance', 'interoperability', 30, 'dataset', 'DCAT-AP 3.0.1 SHACL shapes'),
  I('licence', 'reusability', 20, 'distributions', 'dct:license'),
  I('licence_vocabulary', 'reusability', 10, 'distributions', 'dct:license'),
  I('access_rights', 'reusability', 10, 'dataset', 'dct:accessRights'),
  I('access_rights_vocabulary', 'reusability', 5, 'dataset', 'dct:accessRights'),
  I('contact_point', 'reusability', 20, 'dataset', 'dcat:contactPoint'),
  I('publisher', 'reusability', 10, 'dataset', 'dct:publisher'),
  I('rights', 'contextuality', 5, 'distributions', 'dct:rights'),
  I('byte_size', 'contextuality', 5, 'distributions', 'dcat:byteSize'),
  I('issued', 'contextuality', 5, 'dataset', 'dct:issued'),
  I('modified', 'contextuality', 5, 'dataset', 'dct:modified'),
];

export const PASPORT_INDICATORS: IndicatorDef[] = [
  I('timeliness_overdue', 'pasport', 20, 'dataset', 'pas:overdueDays'),
  I('timeliness_on_time', 'pasport', 20, 'dataset', 'data update history against the deadlines'),
  I('languages', 'pasport', 10, 'dataset', 'dct:title, dct:description in each required language'),
  I('datastore_descriptor', 'pasport', 10, 'distributions', 'descriptor of DataStore resources'),
];

export const INDICATORS: IndicatorDef[] = [...MQA_INDICATORS, ...PASPORT_INDICATORS];
export const INDICATOR_BY_ID = new Map(INDICATORS.map((d) => [d.id, d]));
export const MQA_MAX = MQA_INDICATORS.reduce((s, d) => s + d.points, 0);
export const PASPORT_MAX = PASPORT_INDICATORS.reduce((s, d) => s + d.points, 0);

export type Rating = 'excellent' | 'good' | 'sufficient' | 'bad';
export const RATINGS: Rating[] = ['excellent', 'good', 'sufficient', 'bad'];

/** MQA's bands: excellent 351–405, good 221–350, sufficient 121–220, bad 0–120 (fractional points
 * fall into the band of the whole points they have passed). */
export function ratingOf(score: number): Rating {
  if (score >= 351) return 'excellent';
  if (score >= 221) return 'good';
  if (score >= 121) return 'sufficient';
  return 'bad';
}

// Formats by EU file-type code. Our own classification of the codes the mapping knows
// (vocab/eu/file-types.json): open specifications anyone may implement without a licence, and
// formats a program can parse into records without human interpretation.
export const NON_PROPRIETARY = new Set([
  'CSV',
  'TSV',
  'ODS',
  'ODT',
  'PARQUET',
  'JSON',
  'JSON_LD',
  'XML',
  'YAML',
  'RDF_TURTLE',
  'RDF_XML',
  'RDF_N_TRIPLES',
  'RDF_N_QUADS',
  'RDF_TRIG',
  'N3',
  'GEOJSON',
  'GML',
  'GPKG',
  'KML',
  'PDF',
  'HTML',
  'TXT',
  'PNG',
  'TIFF',
  'GEOTIFF',
  'ZIP',
  'TAR',
  'GZIP',
  'ATOM',
  'SPARQLQ',
  'WFS_SRVC',
]);
export const MACHINE_READABLE = new Set([
  'CSV',
  'TSV',
  'XLS',
  'XLSX',
  'ODS',
  'PARQUET',
  'JSON',
  'JSON_LD',
  'XML',
  'YAML',
  'RDF_TURTLE',
  'RDF_XML',
  'RDF_N_TRIPLES',
  'RDF_N_QUADS',
  'RDF_TRIG',
  'N3',
  'GEOJSON',
  'GML',
  'GPKG',
  'KML',
  'SHP',
  'ATOM',
  'SPARQLQ',
  'WFS_SRVC',
  'REST',
]);
