// The field tables and small validators of the package input (src/packages/input/), unit by unit: no
// server, no database. Each assertion pins a message, a default or an order that CKAN clients see.
import t from 'tap';
import { CORE_CHECKS, coreValues, versionLength } from '../../src/packages/input/core-fields.ts';
import {
  PASSPORT_BAG,
  PASSPORT_ENUM_DEFAULTS,
  contact,
  httpScheme,
  isoDateText,
  keywordLists,
  passportBag,
  passportFields,
} from '../../src/packages/input/passport-fields.ts';
import {
  RESOURCE_FIELDS,
  byteSize,
  isoDate,
  normaliseFormat,
  resourceInput,
  resourceList,
  textValue,
} from '../../src/packages/input/resources.ts';
import { RESERVED_EXTRA_KEYS, extraKeyError, extrasList, tagNames } from '../../src/packages/input/tags-extras.ts';
import { SCHEDULE_KEYS, updateSchedule } from '../../src/packages/input/update-schedule.ts';
import {
  PASSPORT_ENUMS,
  PLANNED_FREQUENCIES,
  isPassportValue,
  isPlannedFrequency,
} from '../../src/packages/passport.ts';
import { failures } from '../../src/validators.ts';

type Errors = Record<string, unknown>;

t.test('passport enums: one table, planned frequencies derived from it', async (t) => {
  t.same(PLANNED_FREQUENCIES, ['daily', 'monthly', 'quarterly', 'annual']);
  t.ok(isPlannedFrequency('quarterly'));
  t.notOk(isPlannedFrequency('irregular'));
  t.notOk(isPlannedFrequency(null));
  t.ok(isPassportValue('provision', 'external'));
  t.notOk(isPassportValue('priority', 'urgent'));
  t.same(Object.keys(PASSPORT_ENUM_DEFAULTS), Object.keys(PASSPORT_ENUMS), 'every enum field has a default');
  t.same(Object.keys(SCHEDULE_KEYS).sort(), [...PASSPORT_ENUMS.update_frequency].sort());
});

t.test('core fields: text, then the checks in CKAN order', async (t) => {
  const errors: Errors = {};
  const core = coreValues({ name: 'n', title: { a: 1 }, notes: '', version: 3, url: true }, errors);
  t.same(errors, { title: ['Must be a string'] });
  t.equal(core.title, null);
  t.equal(core.notes, null, 'an empty string is no value');
  t.equal(core.version, '3');
  t.equal(core.url, 'true');
  t.equal(core.license_id, null);
  t.same(
    CORE_CHECKS.map((c) => c.key),
    ['author_email', 'maintainer_email', 'version', 'title'],
  );
  t.equal(versionLength('v'.repeat(100)), null);
  t.equal(versionLength('v'.repeat(101)), 'Version must be a maximum of 100 characters long');
  const title = CORE_CHECKS.find((c) => c.key === 'title')!;
  t.same(failures('x'.repeat(501), title.checks), ['Must be a maximum of 500 characters long']);
  const mail = CORE_CHECKS.find((c) => c.key === 'author_email')!;
  t.same(failures('bad', mail.checks), ['Email bad is not a valid format']);
  t.same(failures(null, mail.checks), []);
});

t.test('passport fields: defaults, allowed values, the external API', async (t) => {
  let errors: Errors = {};
  let p = passportFields({ priority: 'urgent', provision: '', update_frequency: 'weekly' }, errors);
  t.same(errors, {
    priority: ['Value must be one of: high, medium, low'],
    update_frequency: ['Value must be one of: daily, monthly, quarterly, annual, irregular'],
  });
  t.equal(p.priority, null);
  t.equal(p.provision, 'manual', 'provision defaults to manual');
  t.equal(p.update_frequency, null);

  errors = {};
  p = passportFields({ provision: 'external', external_api: 'https://api.example.kz' }, errors);
  t.same(errors, {});
  t.equal(p.provision, 'external');
  t.equal(p.external_api, 'https://api.example.kz');
  errors = {};
  passportFields({ provision: 'external' }, errors);
  t.same(errors, { external_api: ['Missing value'] });
  errors = {};
  passportFields({ provision: 'automatic', external_api: 'ftp://x' }, errors);
  t.same(errors, { external_api: ['Must be an http(s) URL'] });

  t.equal(httpScheme('http://'), null, 'only the scheme is checked');
  t.equal(httpScheme('HTTPS://api.example.kz/v1'), null);
  t.equal(httpScheme('api.example.kz'), 'Must be an http(s) URL');
});

t.test('update schedule: keys by frequency, ranges, text forms', async (t) => {
  let errors: Errors = {};
  t.same(updateSchedule('quarterly', { month: '2', day: 31 }, errors), { month: 2, day: 31 });
  t.same(errors, {});
  t.equal(updateSchedule('quarterly', { month: 4 }, errors), null);
  t.same(errors, { update_schedule: ['month must be an integer from 1 to 3'] });

  errors = {};
  t.same(updateSchedule('annual', '{"every_years": 2, "day": 1.5}', errors), { every_years: 2 });
  t.same(errors, { update_schedule: ['day must be an integer from 1 to 31'] });

  errors = {};
  updateSchedule('monthly', JSON.parse('{"__proto__": 1, "toString": 2, "month": 1}'), errors);
  t.same(errors, {
    update_schedule: [
      '"__proto__" does not apply to update_frequency monthly',
      '"toString" does not apply to update_frequency monthly',
      '"month" does not apply to update_frequency monthly',
    ],
  });

  errors = {};
  updateSchedule(null, { day: 1 }, errors);
  t.same(errors, { update_schedule: ['"day" does not apply to update_frequency (none)'] });

  for (const bad of ['{bad', '[]', 5, 'null']) {
    errors = {};
    t.equal(updateSchedule('daily', bad, errors), null);
    t.same(errors, { update_schedule: ['Must be an object'] }, String(bad));
  }
  errors = {};
  t.equal(updateSchedule('daily', '', errors), null);
  t.same(errors, {}, 'an empty schedule is none');
});

t.test('passport bag: kept when not empty, each value checked for shape in table order', async (t) => {
  const languages = ['kk', 'ru'];
  t.same(keywordLists({ kk: ['a', 'b'], ru: [] }, languages), []);
  t.same(keywordLists({ en: ['a'] }, languages), ['Must be an object of language code -> list of strings']);
  t.same(keywordLists({ kk: [1] }, languages), ['Must be an object of language code -> list of strings']);
  t.same(contact({ email: 'x@y.kz' }, languages), []);
  t.same(contact({ email: 'nope' }, languages), ['Email nope is not a valid format']);
  t.same(contact([], languages), ['Must be an object {fullname_translated, phone, email}']);
  t.same(isoDateText('2024-02-29', languages), []);
  t.same(isoDateText(20240229, languages), ['Date format incorrect']);
  t.same(
    PASSPORT_BAG.map((f) => f.key),
    ['keywords_translated', 'responsible', 'owner', 'spatial_uri', 'temporal_start', 'temporal_end'],
  );

  const errors: Errors = {};
  const bag = passportBag(
    { temporal_end: 'x', owner: 'x', spatial_uri: '', responsible: { email: 'a@b.kz' }, keywords_translated: null },
    languages,
    errors,
  );
  t.same(Object.keys(bag), ['responsible', 'owner', 'temporal_end']);
  t.same(Object.keys(errors), ['owner', 'temporal_end'], 'errors in the order of the table, not of the dict');
});

t.test('tags and extras', async (t) => {
  let errors: Errors = {};
  t.same(tagNames({ tags: [{ name: 'alpha' }, ' beta ', 'alpha'], tag_string: 'gamma, ,beta' }, errors), [
    'alpha',
    'beta',
    'gamma',
  ]);
  t.same(errors, {});
  errors = {};
  tagNames({ tags: [{}, 'x'] }, errors);
  t.same(errors, { tags: ['Missing value', 'Tag "x" length is less than minimum 2'] });
  errors = {};
  tagNames({ tags: 'alpha' }, errors);
  t.same(errors, { tags: ['Must be a list of dictionaries'] });

  t.ok(RESERVED_EXTRA_KEYS.has('update_frequency'), 'passport enum fields are schema fields');
  t.ok(RESERVED_EXTRA_KEYS.has('maintainer_email'));
  t.notOk(RESERVED_EXTRA_KEYS.has('spatial_uri'));
  t.equal(extraKeyError(null, new Set()), 'Missing value');
  t.equal(extraKeyError('k', new Set(['k'])), 'Duplicate key "k"');
  t.equal(extraKeyError('priority', new Set()), 'There is a schema field with the same name');
  t.equal(extraKeyError('k', new Set()), null);

  errors = {};
  const extras = extrasList(
    {
      extras: [{ key: 'a', value: { x: 1 } }, { key: 'a', value: 'again' }, { key: 'b' }],
    },
    errors,
  );
  t.same(extras, [
    { key: 'a', value: '{"x":1}' },
    { key: 'b', value: '' },
  ]);
  t.same(errors, { extras: [{}, { key: ['Duplicate key "a"'] }, {}] }, 'errors nested at each position');
});

t.test('resources: readers, format, extras, ids', async (t) => {
  t.same(textValue({}), { value: null, error: 'Must be a string' });
  t.same(textValue(12), { value: '12' });
  t.same(byteSize('007'), { value: 7 });
  t.same(byteSize(-1), { error: 'Invalid integer' });
  t.same(byteSize(''), { value: null });
  t.same(isoDate('bad'), { value: null, error: 'Date format incorrect' });
  t.equal(RESOURCE_FIELDS[0].key, 'url', 'url is read first (its errors come first)');

  t.equal(normaliseFormat(' geojson ', null), 'GeoJSON');
  t.equal(normaliseFormat('csv', 'http://x/a.json'), 'CSV', 'a given format wins');
  t.equal(normaliseFormat(null, 'http://x/a.XLSX?download=1#top'), 'XLSX');
  t.equal(normaliseFormat('', 'http://x/a.unknown'), null);

  let errors: Errors = {};
  const r = resourceInput({ url: 'http://x/d.csv', size: '12', colour: 'red', position: 3, id: 'r1' }, errors, true);
  t.same(errors, {}, 'an update may name any id');
  t.equal(r.fields.format, 'CSV');
  t.equal(r.fields.size, 12);
  t.same(r.extras, { colour: 'red' }, 'unknown keys are extras, server-set ones are not');
  t.equal(r.datastore_active, undefined);

  errors = {};
  const bad = resourceInput({ size: 1.5, created: 5, id: 'r1', datastore_active: 'true' }, errors);
  t.same(errors, { size: ['Invalid integer'], created: ['Date format incorrect'], id: ['Invalid id'] });
  t.notOk('size' in bad.fields, 'a bad size is left out');
  t.equal(bad.fields.url, '', 'a missing url is empty');
  t.equal(bad.datastore_active, true);

  errors = {};
  const list = resourceList({ resources: [{ url: 'a' }, 5, { url: {} }] }, false, errors);
  t.equal(list.length, 3);
  t.same(errors, { resources: [{}, { url: ['Must be a dictionary'] }, { url: ['Must be a string'] }] });
  errors = {};
  resourceList({ resources: 'x' }, false, errors);
  t.same(errors, { resources: ['Must be a list of dictionaries'] });
});
