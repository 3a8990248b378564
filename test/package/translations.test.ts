// No lost edits: the one rule for plain/translated pairs (src/packages/field-input.ts reconcilePair).
// Every round trip is what a client does: *_show, edit one field, *_update with the whole dict.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';

t.test('plain/translated pairs keep every edit', async (t) => {
  const s = await startServer(t);
  const langs = s.config.languages;
  const def = s.config.defaultLanguage;
  await makeStructure(s, '3');
  const org = await makeOrg(s, 'pairs-org', {
    code: '001',
    structure: '3',
    title_translated: { ru: 'Орг', en: 'Org' },
    description: 'Tavsif',
  });
  const group = await s.ok('group_create', {
    name: 'pairs-group',
    title: 'Guruh',
    description: 'Guruh tavsifi',
    title_translated: { ru: 'Группа' },
  });

  t.test('create: the translation wins over a differing plain value', async (t) => {
    const p = await s.ok('package_create', {
      name: 'pair-create',
      owner_org: 'pairs-org',
      title: 'plain',
      title_translated: { [def]: 'translated' },
      notes: 'n-plain',
      notes_translated: { [def]: 'n-tr' },
    });
    t.equal(p.title, 'translated');
    t.equal(p.title_translated[def], 'translated');
    t.equal(p.notes, 'n-tr');
    const o = await s.ok('organization_create', {
      name: 'pair-org-create',
      title: 'plain',
      title_translated: { [def]: 'translated' },
    });
    t.equal(o.title, 'translated');
  });

  t.test('datasets: show, edit one member in one language, update with the whole dict', async (t) => {
    await s.ok(
      'package_create',
      passport('pair-ds', 'pairs-org', { notes_translated: Object.fromEntries(langs.map((l) => [l, `notes ${l}`])) }),
    );
    for (const [plain, tr] of [
      ['title', 'title_translated'],
      ['notes', 'notes_translated'],
    ] as const) {
      for (const lang of langs) {
        const shown = await s.ok('package_show', { id: 'pair-ds' });
        const edited = `${tr} ${lang} edited`;
        const updated = await s.ok('package_update', { ...shown, [tr]: { ...shown[tr], [lang]: edited } });
        t.equal(updated[tr][lang], edited, `${tr}.${lang} kept by package_update`);
        if (lang === def) t.equal(updated[plain], edited, `${plain} follows ${tr}.${lang}`);
        else t.equal(updated[plain], shown[plain], `${plain} unchanged by ${tr}.${lang}`);
        const reread = await s.ok('package_show', { id: 'pair-ds' });
        t.equal(reread[tr][lang], edited, `${tr}.${lang} stored`);
        // The same edit through package_patch, sending only the translation.
        const patched = await s.ok('package_patch', {
          id: 'pair-ds',
          [tr]: { ...reread[tr], [lang]: `${edited} again` },
        });
        t.equal(patched[tr][lang], `${edited} again`, `${tr}.${lang} kept by package_patch`);
      }
      const shown = await s.ok('package_show', { id: 'pair-ds' });
      const updated = await s.ok('package_update', { ...shown, [plain]: `${plain} plain edit` });
      t.equal(updated[tr][def], `${plain} plain edit`, `an edited ${plain} becomes ${tr}.${def}`);
      const clash = await s.call('package_update', {
        ...updated,
        [plain]: 'one',
        [tr]: { ...updated[tr], [def]: 'other' },
      });
      t.equal(clash.status, 409, `${plain} and ${tr}.${def} both changed, differently: 409`);
      t.equal(clash.body.error.__type, 'Validation Error');
      t.ok(clash.body.error[plain] && clash.body.error[tr], 'the error names both fields');
      const same = await s.ok('package_update', {
        ...updated,
        [plain]: 'both',
        [tr]: { ...updated[tr], [def]: 'both' },
      });
      t.equal(same[plain], 'both', 'both changed to the same value is fine');
    }
  });

  t.test('a dataset without title: the shown name comes back unchanged', async (t) => {
    const p = await s.ok('package_create', { name: 'no-title', owner_org: 'pairs-org' });
    t.equal(p.title, 'no-title');
    const updated = await s.ok('package_update', { ...p, title_translated: { ru: 'Без названия' } });
    t.equal(updated.title_translated.ru, 'Без названия');
    t.notOk(updated.title_translated[def], 'the name was not copied into the translations');
    t.equal(updated.title, 'no-title');
  });

  for (const [kind, obj] of [
    ['organization', org],
    ['group', group],
  ] as const) {
    t.test(`${kind}s: round trips for title and description in every language`, async (t) => {
      for (const [plain, tr] of [
        ['title', 'title_translated'],
        ['description', 'description_translated'],
      ] as const) {
        for (const lang of langs) {
          const shown = await s.ok(`${kind}_show`, { id: obj.id });
          const edited = `${kind} ${tr} ${lang}`;
          const updated = await s.ok(`${kind}_update`, { ...shown, [tr]: { ...shown[tr], [lang]: edited } });
          t.equal(updated[tr][lang], edited, `${tr}.${lang} kept by ${kind}_update`);
          if (lang === def) t.equal(updated[plain], edited, `${plain} follows`);
          else t.equal(updated[plain], shown[plain], `${plain} unchanged`);
          const patched = await s.ok(`${kind}_patch`, { id: obj.id, [tr]: { ...updated[tr], [lang]: `${edited} p` } });
          t.equal(patched[tr][lang], `${edited} p`, `${tr}.${lang} kept by ${kind}_patch`);
        }
        const shown = await s.ok(`${kind}_show`, { id: obj.id });
        const updated = await s.ok(`${kind}_update`, { ...shown, [plain]: 'plain edit' });
        t.equal(updated[tr][def], 'plain edit', `an edited ${plain} becomes ${tr}.${def}`);
        const clash = await s.call(`${kind}_update`, {
          ...updated,
          [plain]: 'one',
          [tr]: { ...updated[tr], [def]: 'other' },
        });
        t.equal(clash.status, 409);
        t.ok(clash.body.error[plain] && clash.body.error[tr], 'the error names both fields');
      }
    });
  }

  t.test('structures: name_translated round trips in every language', async (t) => {
    for (const lang of langs) {
      const shown = await s.ok('structure_show', { id: '3' });
      const updated = await s.ok('structure_update', {
        ...shown,
        name_translated: { ...shown.name_translated, [lang]: `S ${lang}` },
      });
      t.equal(updated.name_translated[lang], `S ${lang}`);
      t.same((await s.ok('structure_show', { id: '3' })).name_translated, updated.name_translated, 'stored');
    }
  });

  t.test('resources: show, edit one field, update with the whole dict', async (t) => {
    const p = await s.ok('package_create', passport('pair-res', 'pairs-org'));
    const r = await s.ok('resource_show', { id: p.resources[0].id });
    const updated = await s.ok('resource_update', { ...r, name: 'renamed', description: 'new description' });
    t.equal(updated.name, 'renamed');
    t.equal(updated.description, 'new description');
    t.equal(updated.url, r.url, 'the rest comes back unchanged');
    t.equal(updated.format, r.format);
  });
});
