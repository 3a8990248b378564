// The shared coercions (src/coerce.ts), the named validators (src/validators.ts), the organization/
// sphere field table (src/actions/group/fields.ts) and the LIKE escape (src/db/like.ts), unit by unit.
import t from 'tap';
import { nonEmptyText, refText, scalarText, stringOnly, trimmedText } from '../../src/coerce.ts';
import { email, failures, httpUrl, maxLength, oneOf, pattern } from '../../src/validators.ts';
import { EU_THEMES, groupTextFields } from '../../src/actions/group/fields.ts';
import { containsPattern, escapeLike } from '../../src/db/like.ts';
import { naiveUtc } from '../../src/packages/time.ts';

t.test('coercions: each rule on the same inputs', async (t) => {
  const inputs: unknown[] = ['a', '', '  b ', 7, true, null, undefined, {}, ['x']];
  t.same(inputs.map(scalarText), ['a', '', '  b ', '7', 'true', null, null, null, null]);
  t.same(inputs.map(nonEmptyText), ['a', null, '  b ', '7', 'true', null, null, null, null]);
  t.same(inputs.map(refText), ['a', null, '  b ', '7', null, null, null, null, null]);
  t.same(inputs.map(stringOnly), ['a', null, '  b ', null, null, null, null, null, null]);
  t.same(inputs.map(trimmedText), ['a', null, 'b', null, null, null, null, null, null]);
  t.equal(trimmedText('   '), null, 'blank is nothing');
});

t.test('validators return the CKAN message or null', async (t) => {
  t.equal(pattern(/^\d{3}$/, 'three digits')('001'), null);
  t.equal(pattern(/^\d{3}$/, 'three digits')('01'), 'three digits');
  t.equal(maxLength(3)('abc'), null);
  t.equal(maxLength(3)('abcd'), 'Must be a maximum of 3 characters long');
  t.equal(oneOf(['x', 'y'])('y'), null);
  t.equal(oneOf(['x', 'y'])('z'), 'Value must be one of: x, y');
  t.equal(httpUrl('https://stat.uz/a'), null);
  t.equal(httpUrl('ftp://stat.uz'), 'Must be an http(s) URL');
  t.equal(httpUrl('http://a b'), 'Must be an http(s) URL', 'no blanks in a URL');
  t.equal(email('info@stat.uz'), null);
  t.equal(email('not-an-email'), 'Email not-an-email is not a valid format');
  t.same(failures(null, [httpUrl]), [], 'a missing value passes (required-ness is not a check here)');
  t.same(failures('x', [maxLength(0), oneOf(['y'])]), [
    'Must be a maximum of 0 characters long',
    'Value must be one of: y',
  ]);
});

t.test('the organization/sphere field table', async (t) => {
  const errors: Record<string, string[]> = {};
  const push = (k: string, ...m: string[]) => {
    if (m.length) (errors[k] ??= []).push(...m);
  };
  const data: Record<string, string | null> = {
    code: '12',
    email: 'bad',
    phone: 'x'.repeat(51),
    website: 'stat.uz',
    eu_theme: 'econ',
  };
  const v = groupTextFields(
    (k) => k in data,
    (k) => data[k] ?? null,
    { icon_url: '/kept.png', code: '001' },
    push,
  );
  t.equal(v.eu_theme, 'ECON', 'normalised to upper case, then checked');
  t.equal(v.icon_url, '/kept.png', 'a field not sent keeps the stored value');
  t.equal(v.code, '12', 'a sent value replaces it, even when it fails a check');
  t.same(Object.keys(errors).sort(), ['code', 'email', 'phone', 'website']);
  t.same(errors.code, ['Must be a 3-digit code, such as 001']);
  const none = groupTextFields(
    () => false,
    () => null,
    null,
    push,
  );
  t.same(
    none,
    { code: null, email: null, phone: null, website: null, icon_url: null, eu_theme: null },
    'nothing stored, nothing sent',
  );
  t.ok(EU_THEMES.includes('OP_DATPRO'));
});

t.test('LIKE patterns and the timestamp form', async (t) => {
  t.equal(escapeLike('50%_a\\b'), '50\\%\\_a\\\\b');
  t.equal(containsPattern('x_y'), '%x\\_y%');
  t.equal(
    naiveUtc(new Date('2024-05-01T09:12:33.123Z')),
    '2024-05-01T09:12:33.123000',
    'naive UTC, six fraction digits',
  );
});
