// Stable IRIs of everything Pasport publishes, all derived from one configurable base (SITE_URL).
// Datasets and organizations are keyed by their immutable `id`, never by the editable `name`, so
// an IRI survives a rename (the same choice as ckanext-dcat's `{catalog}/dataset/{id}`).

export interface Uris {
  base: string;
  catalog(): string;
  dataset(id: string): string;
  distribution(datasetId: string, resourceId: string): string;
  /** A CKAN DataStore record, by its primary key (for the later record-level RDF). */
  record(datasetId: string, pkey: string): string;
  catalogRecord(datasetId: string): string;
  organization(id: string): string;
  sphere(name: string): string;
  sphereScheme(): string;
  structure(code: string): string;
  structureScheme(): string;
  actionApi(): string;
  actionApiService(): string;
  actionApiDescription(): string;
  sparqlEndpoint(): string;
  sparqlService(): string;
  /** A contact point node of a dataset (`responsible`, `owner`) or of an organization (`contact`). */
  contact(ownerIri: string, role: string): string;
  externalApiDistribution(datasetId: string): string;
  externalApiService(datasetId: string): string;
  resourceService(datasetId: string, resourceId: string): string;
}

/** Path segments are percent-encoded so odd ids cannot break out of their segment. */
const seg = (s: string) => encodeURIComponent(String(s));

export function makeUris(baseUri: string): Uris {
  const base = baseUri.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(base)) throw new Error(`RDF base URI must be an absolute http(s) URL: ${baseUri}`);
  const u: Uris = {
    base,
    catalog: () => `${base}/catalog`,
    dataset: (id) => `${base}/dataset/${seg(id)}`,
    distribution: (id, rid) => `${base}/dataset/${seg(id)}/resource/${seg(rid)}`,
    record: (id, pkey) => `${base}/dataset/${seg(id)}/record/${seg(pkey)}`,
    catalogRecord: (id) => `${base}/catalog/record/${seg(id)}`,
    organization: (id) => `${base}/organization/${seg(id)}`,
    sphere: (name) => `${base}/sphere/${seg(name)}`,
    sphereScheme: () => `${base}/sphere`,
    structure: (code) => `${base}/structure/${seg(code)}`,
    structureScheme: () => `${base}/structure`,
    actionApi: () => `${base}/api/3/action/`,
    actionApiService: () => `${base}/catalog#action-api`,
    actionApiDescription: () => `${base}/api/3/action/help_show`,
    sparqlEndpoint: () => `${base}/sparql`,
    sparqlService: () => `${base}/catalog#sparql`,
    contact: (ownerIri, role) => `${ownerIri}#${role}`,
    externalApiDistribution: (id) => `${u.dataset(id)}#external-api`,
    externalApiService: (id) => `${u.dataset(id)}#external-api-service`,
    resourceService: (id, rid) => `${u.distribution(id, rid)}#service`,
  };
  return u;
}
