import t from 'tap';
import { readFileSync } from 'node:fs';
import { checkDescriptor } from '../../src/descriptor/check-descriptor.ts';
import { descriptorSchema } from '../../src/descriptor/schema.ts';
import {
  SCHEMA_FILE,
  SCHEMA_FILE_LANGUAGES,
  SCHEMA_FILE_REQUIRED,
  schemaFileText,
} from '../../src/descriptor/schema-file.ts';
import { newAjv } from '../../src/descriptor/ajv.ts';
import { langSuffix } from '../../src/descriptor/languages.ts';
import type { Descriptor } from '../../src/descriptor/types.ts';
import { KZ_LANGUAGES, pharmacies, shifts } from './fixtures.ts';

const KZ = { requiredLanguages: ['kk', 'ru'] };
const check = (d: unknown) => checkDescriptor(d, KZ_LANGUAGES, KZ);
const withFields = (fields: unknown) => ({ ...pharmacies, fields }) as unknown as Descriptor;
const paths = (d: unknown) => [...new Set(check(d).map((p) => p.path))];

t.test('the checked-in schema is the generated one', async (t) => {
  t.equal(
    readFileSync(SCHEMA_FILE, 'utf8'),
    schemaFileText(),
    'regenerate with: npx tsx src/descriptor/schema-file.ts',
  );
  t.strictSame(SCHEMA_FILE_LANGUAGES, ['uz', 'uz-Cyrl', 'ru', 'en', 'kk']);
  t.strictSame(SCHEMA_FILE_REQUIRED, ['kk', 'ru']);
  // The file is usable by any ajv (draft 2020-12), not only through checkDescriptor.
  const ajv = newAjv({ strictRequired: false });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
  t.ok(validate({ meta: pharmacies, data: [] }), JSON.stringify(validate.errors));
  t.notOk(validate({ meta: { ...pharmacies, nameKk: undefined } }));
});

t.test('label keys follow the language list', async (t) => {
  t.equal(langSuffix('kk'), 'Kk');
  t.equal(langSuffix('uz-Cyrl'), 'UzCyrl');
  t.equal(langSuffix('en'), 'En');
  const s = descriptorSchema(['uz', 'uz-Cyrl', 'ru', 'en']) as any;
  t.strictSame(
    Object.keys(s.$defs.field.properties).filter((k) => k.startsWith('label')),
    ['labelUz', 'labelUzCyrl', 'labelRu', 'labelEn'],
  );
  t.strictSame(
    s.$defs.meta.required,
    ['apiUri', 'nameUz', 'descriptionUz', 'keywords', 'responsible', 'fields'],
    'default: the first (state) language is mandatory',
  );
  t.strictSame(s.$defs.meta.properties.responsible.required, ['fullnameUz', 'phone', 'email']);
  t.ok(s.$defs.meta.properties.nameUzCyrl);
  t.throws(() => descriptorSchema(['uz'], { requiredLanguages: ['kk'] }), /not one of/);
  // Uzbek portal: a descriptor in Uzbek only is valid; Kazakh keys are unknown there.
  const uz = {
    ...pharmacies,
    nameUz: 'Astana dorixonalari',
    descriptionUz: 'Dorixonalar',
    responsible: { fullnameUz: 'Akishev', phone: '1', email: 'a@b.uz' },
    fields: { id: { type: 'String', labelUz: 'ID', pkey: true } },
  } as any;
  delete uz.nameKk;
  delete uz.nameRu;
  delete uz.descriptionKk;
  delete uz.descriptionRu;
  t.strictSame(checkDescriptor(uz), []);
  const onUzPortal = checkDescriptor(pharmacies).map((p) => p.path);
  for (const p of [
    'nameUz',
    'descriptionUz',
    'responsible.fullnameUz',
    'fields.id.labelUz',
    'nameKk',
    'fields.id.labelKk',
  ])
    t.ok(onUzPortal.includes(p), p);
});

t.test('the pharmacies example and the referencing dataset are valid', async (t) => {
  t.strictSame(check(pharmacies), []);
  t.strictSame(check(shifts), []);
});

t.test('mandatory meta and lengths', async (t) => {
  const m = { ...pharmacies } as any;
  delete m.nameRu;
  delete m.keywords;
  delete m.descriptionKk;
  t.strictSame(paths(m).sort(), ['descriptionKk', 'keywords', 'nameRu']);
  t.strictSame(paths({ ...pharmacies, nameEn: 'x'.repeat(256) }), ['nameEn']);
  t.strictSame(paths({ ...pharmacies, apiUri: 'a'.repeat(101) }), ['apiUri']);
  t.strictSame(paths({ ...pharmacies, apiUri: '' }), ['apiUri']);
  t.strictSame(paths({ ...pharmacies, keywords: [] }), ['keywords']);
  t.strictSame(
    paths({
      ...pharmacies,
      responsible: { fullnameKk: 'x'.repeat(101), fullnameRu: 'y', phone: '1'.repeat(51), email: 'not-an-email' },
    }).sort(),
    ['responsible.email', 'responsible.fullnameKk', 'responsible.phone'],
  );
  t.strictSame(paths({ ...pharmacies, responsible: { fullnameKk: 'x', fullnameRu: 'y' } }).sort(), [
    'responsible.email',
    'responsible.phone',
  ]);
  t.strictSame(
    paths({
      ...pharmacies,
      responsible: { ...pharmacies.responsible, owner: { fullnameRu: 'Министерство', email: 'x@y.kz' } },
    }),
    [],
    'owner: same shape, nothing mandatory',
  );
  t.strictSame(paths({ ...pharmacies, responsible: { ...pharmacies.responsible, owner: { phone: 'x'.repeat(51) } } }), [
    'responsible.owner.phone',
  ]);
  t.strictSame(paths({ ...pharmacies, NameKk: 'typo' }), ['NameKk'], 'unknown keys are reported');
  t.strictSame(paths({ ...pharmacies, fields: {} }), ['fields']);
});

t.test('field rules', async (t) => {
  const l = { labelKk: 'a', labelRu: 'b' };
  t.strictSame(
    paths(withFields({ a: { type: 'Address', ...l }, b: { type: 'Text', ...l } })),
    [],
    'Address and Text are String aliases',
  );
  t.strictSame(paths(withFields({ a: { type: 'Integer', ...l } })), ['fields.a.type']);
  t.strictSame(paths(withFields({ a: { type: 'String', labelKk: 'a' } })), ['fields.a.labelRu']);
  t.strictSame(paths(withFields({ a: { type: 'Object', ...l } })), ['fields.a.fields']);
  t.strictSame(paths(withFields({ a: { type: 'List', ...l } })), ['fields.a.elementType']);
  t.strictSame(paths(withFields({ a: { type: 'List', elementType: 'Object', ...l } })), ['fields.a.fields']);
  t.strictSame(
    paths(withFields({ a: { type: 'List', elementType: 'Int', ...l, fields: { b: { type: 'Int', ...l } } } })),
    ['fields.a'],
    'fields on a list of scalars',
  );
  t.strictSame(paths(withFields({ a: { type: 'String', elementType: 'Int', ...l } })), ['fields.a']);
  t.strictSame(
    paths(withFields({ a: { type: 'List', elementType: 'List', ...l } })),
    [],
    'a list of lists without `element` holds any JSON values',
  );
  t.strictSame(
    paths(withFields({ a: { type: 'List', elementType: 'List', element: { elementType: 'Object' }, ...l } })),
    ['fields.a.element.fields'],
  );
  t.strictSame(
    paths(
      withFields({
        a: {
          type: 'List',
          elementType: 'List',
          element: { elementType: 'List', element: { elementType: 'Date' } },
          ...l,
        },
      }),
    ),
    [],
  );
  t.strictSame(
    paths(withFields({ a: { type: 'Object', ...l, pkey: true, fields: { b: { type: 'Int', ...l } } } })),
    ['fields.a.type'],
    'the pkey is a scalar',
  );
  t.strictSame(paths(withFields({ a: { type: 'Int', ...l, pkey: true }, b: { type: 'String', ...l, pkey: true } })), [
    'fields',
  ]);
  t.strictSame(paths(withFields({ a: { type: 'Object', ...l, fields: { b: { type: 'Int', ...l, pkey: true } } } })), [
    'fields.a.fields.b.pkey',
  ]);
  t.strictSame(paths(withFields({ a: { type: 'Int', ...l, datapath: 'no-dot' } })), ['fields.a.datapath']);
  t.strictSame(
    paths(withFields({ a: { type: 'Int', ...l, datapath: 'kz.gov.pharmacies.id' } })),
    [],
    'apiUri may contain dots',
  );
  t.strictSame(
    paths(withFields({ a: { type: 'Object', ...l, datapath: 'x.id', fields: { b: { type: 'Int', ...l } } } })),
    ['fields.a.type'],
  );
  t.strictSame(
    paths(withFields({ a: { type: 'List', elementType: 'String', ...l, datapath: 'x.id' } })),
    [],
    'a list of references',
  );
  t.strictSame(paths(withFields({ a: { type: 'String', ...l, maxLength: 10 } })), []);
  t.ok(
    paths(withFields({ a: { type: 'Int', ...l, maxLength: 10 } })).includes('fields.a.type'),
    'maxLength is for String-like types',
  );
  t.strictSame(
    paths(withFields({ _id: { type: 'Int', ...l }, 'a b': { type: 'Int', ...l } })).length > 0,
    true,
    'field names must be identifiers',
  );
});
