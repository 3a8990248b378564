# Drives the endpoint with SPARQLWrapper (a real-world client). argv[1] = endpoint URL.
# Prints one JSON object with what each request returned; the tap test checks it.
import json
import sys

try:
    from SPARQLWrapper import SPARQLWrapper, JSON, XML, CSV, TURTLE, N3, POST, GET
except ImportError:
    print(json.dumps({"error": "python3-sparqlwrapper is not installed (apt-get install -y python3-sparqlwrapper)"}))
    sys.exit(3)

endpoint = sys.argv[1]
out = {}
PREFIX = "PREFIX dcat: <http://www.w3.org/ns/dcat#>\nPREFIX dct: <http://purl.org/dc/terms/>\n"
SELECT = PREFIX + 'SELECT ?d ?t WHERE { ?d a dcat:Dataset ; dct:identifier ?t } ORDER BY ?t LIMIT 3'

def client(method=GET):
    s = SPARQLWrapper(endpoint)
    s.setMethod(method)
    return s

s = client()
s.setQuery(SELECT)
s.setReturnFormat(JSON)
r = s.query().convert()
out["select_json"] = [b["t"]["value"] for b in r["results"]["bindings"]]

s = client(POST)
s.setQuery(SELECT)
s.setReturnFormat(XML)
doc = s.query().convert()  # xml.dom.minidom Document
out["select_xml"] = [n.firstChild.nodeValue for n in doc.getElementsByTagName("literal")]

s = client()
s.setQuery(SELECT)
s.setReturnFormat(CSV)
body = s.query().convert()
out["select_csv"] = body.decode("utf-8") if isinstance(body, bytes) else body

s = client()
s.setQuery(PREFIX + "ASK { ?d a dcat:Dataset }")
s.setReturnFormat(JSON)
out["ask"] = s.query().convert()["boolean"]

s = client()
s.setQuery(PREFIX + 'CONSTRUCT { ?d dct:identifier ?t } WHERE { ?d dct:identifier ?t } ORDER BY ?t LIMIT 2')
s.setReturnFormat(TURTLE)
body = s.query().convert()
out["construct_turtle"] = body.decode("utf-8") if isinstance(body, bytes) else str(body)

s = client()
s.setQuery(PREFIX + 'CONSTRUCT { ?d dct:identifier ?t } WHERE { ?d dct:identifier ?t } ORDER BY ?t LIMIT 2')
s.setReturnFormat(XML)  # RDF/XML, parsed by rdflib into a Graph when rdflib is present
g = s.query().convert()
out["construct_xml_triples"] = len(g) if hasattr(g, "__len__") and not isinstance(g, (str, bytes)) else None
if out["construct_xml_triples"] is None:
    out["construct_xml_raw"] = g.toxml() if hasattr(g, "toxml") else str(g)

s = client()
s.setQuery(PREFIX + 'CONSTRUCT { ?d dct:identifier ?t } WHERE { ?d dct:identifier ?t } ORDER BY ?t LIMIT 2')
s.setReturnFormat(N3)  # SPARQLWrapper sends format=n3: served as Turtle
body = s.query().convert()
out["construct_n3"] = body.decode("utf-8") if isinstance(body, bytes) else str(body)

s = client()
s.setQuery("SELECT * WHERE { ?s ?p }")
s.setReturnFormat(JSON)
try:
    s.query()
    out["malformed"] = "no error"
except Exception as e:  # SPARQLWrapper raises QueryBadFormed on 400
    out["malformed"] = type(e).__name__ + ": " + str(e)[:300]

print(json.dumps(out))
