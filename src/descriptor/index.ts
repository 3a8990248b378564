// The descriptor library's public surface (what the DataStore actions import).
export type { Descriptor, FieldDef, FieldMap, FieldType, ElementSpec, Problem, DataRecord, Upload } from './types.ts';
export { FIELD_TYPES } from './types.ts';
export { DEFAULT_LANGUAGES, langSuffix } from './languages.ts';
export { descriptorSchema, type SchemaOptions } from './schema.ts';
export { checkDescriptor } from './check-descriptor.ts';
export { compileDescriptor, recordSchema, parseDatapath, pkeyOf } from './compile.ts';
export type {
  CompiledDescriptor,
  CompileOptions,
  BatchOptions,
  BatchResult,
  ResolveKeys,
  Reference,
} from './compile.ts';
export { columnsFor, toPgValue, fromPgValue, type ColumnSpec } from './columns.ts';
export { fieldSchemaQuads, recordQuads, recordIri, fieldIri, type DatasetIriResolver } from './rdf.ts';
export { UploadError } from './errors.ts';
export { parseUpload, formatOf, type UploadFormat } from './formats/upload.ts';
export { parseJson, writeJson } from './formats/json.ts';
export { parseXml, writeXml } from './formats/xml.ts';
export { parseCsv, csvTemplate } from './formats/csv.ts';
export { parseXlsx, xlsxTemplate } from './formats/xlsx.ts';
