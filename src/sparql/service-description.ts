// The SPARQL 1.1 Service Description a bare GET of the endpoint answers: what the endpoint speaks,
// and (only when federation is on) that it runs SERVICE clauses.
import { GRAPH_FORMATS, SOLUTION_FORMATS, type FormatName } from './formats.ts';

const FORMAT_IRI: Record<FormatName, string> = {
  json: 'http://www.w3.org/ns/formats/SPARQL_Results_JSON',
  xml: 'http://www.w3.org/ns/formats/SPARQL_Results_XML',
  csv: 'http://www.w3.org/ns/formats/SPARQL_Results_CSV',
  tsv: 'http://www.w3.org/ns/formats/SPARQL_Results_TSV',
  turtle: 'http://www.w3.org/ns/formats/Turtle',
  ntriples: 'http://www.w3.org/ns/formats/N-Triples',
  rdfxml: 'http://www.w3.org/ns/formats/RDF_XML',
  jsonld: 'http://www.w3.org/ns/formats/JSON-LD',
};

export function serviceDescription(endpoint: string, opts: { federation: boolean }): string {
  const results = [...SOLUTION_FORMATS, ...GRAPH_FORMATS];
  const features = ['sd:UnionDefaultGraph', ...(opts.federation ? ['sd:BasicFederatedQuery'] : [])];
  return `@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dct: <http://purl.org/dc/terms/> .

<${endpoint}#service> a sd:Service ;
  sd:endpoint <${endpoint}> ;
  dct:title "Pasport SPARQL endpoint"@en , "Паспорт SPARQL"@ru ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature ${features.join(' , ')} ;
  sd:resultFormat ${results.map((f) => `<${FORMAT_IRI[f]}>`).join(' , ')} ;
  sd:defaultDataset [
    a sd:Dataset ;
    sd:defaultGraph [ a sd:Graph ]
  ] .
`;
}
