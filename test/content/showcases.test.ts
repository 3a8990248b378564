// The ckanext-showcase API over HTTP with the request shapes its documentation gives, translated
// titles, a picture upload, drafts hidden, private datasets kept private, and the dataset's DCAT
// description naming its showcases as related resources (dct:relation).
import t from 'tap';
import { Parser, type Quad } from 'n3';
import { startServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';
import { tempDir } from '../helpers/db.ts';
import { PNG, multipart } from './fixtures.ts';

const DCT = 'http://purl.org/dc/terms/';

t.test('showcases', async (t) => {
  const dir = tempDir('pasport-showcase-');
  t.teardown(dir.remove);
  const s = await startServer(t, { env: { PASPORT_UPLOAD_DIR: dir.dir } });
  const op = await s.user('editor', { operator: true });
  const plain = await s.user('citizen');
  await makeStructure(s, '1');
  await makeOrg(s, 'stat', { code: '001', structure: '1' });
  const pub = await s.ok('package_create', passport('population', 'stat'));
  const priv = await s.ok('package_create', passport('secret', 'stat', { private: true }));

  const ttlOf = async (id: string): Promise<Quad[]> => {
    const res = await fetch(`${s.url}/dataset/${id}.ttl`);
    t.equal(res.status, 200);
    return new Parser().parse(await res.text());
  };

  await t.test('create, show, list, update (CKAN request shapes)', async (t) => {
    t.equal((await s.call('ckanext_showcase_create', { name: 'x', title: 'x' }, { token: plain.token })).status, 403);
    const made = await s.ok(
      'ckanext_showcase_create',
      {
        name: 'bus-app',
        title: 'Avtobus',
        notes: 'Jamoat transporti',
        url: 'https://bus.example.uz',
        tags: [{ name: 'transport' }],
        title_translated: { ru: 'Автобус', en: 'Bus' },
        notes_translated: { ru: 'Общественный транспорт' },
      },
      op.token,
    );
    t.match(made, {
      name: 'bus-app',
      type: 'showcase',
      title: 'Avtobus',
      url: 'https://bus.example.uz',
      num_datasets: 0,
      state: 'active',
    });
    t.same(made.title_translated, { uz: 'Avtobus', ru: 'Автобус', en: 'Bus' }, 'title fills the default language');
    t.same(
      made.tags.map((x: any) => x.name),
      ['transport'],
    );
    t.equal(
      (await s.call('ckanext_showcase_create', { name: 'bus-app', title: 'again' }, { token: op.token })).body.error
        .name[0],
      'That URL is already in use.',
    );
    const bad = await s.call(
      'ckanext_showcase_create',
      { name: 'No Good', url: 'javascript:alert(1)' },
      { token: op.token },
    );
    t.match(bad.body.error, { name: [/lowercase/], title: ['Missing value'], url: [/valid URL/] });
    t.equal(
      (await s.call('ckanext_showcase_show', { id: 'bus-app' }, { get: true, token: null })).body.result.id,
      made.id,
    );
    const upd = await s.ok(
      'ckanext_showcase_update',
      { id: made.id, title: 'Avtobus 2', url: 'https://bus.example.uz', title_translated: { ru: 'Автобус 2' } },
      op.token,
    );
    t.same(upd.title_translated, { uz: 'Avtobus 2', ru: 'Автобус 2' });
    t.equal(upd.name, 'bus-app', 'the name is kept');
    t.equal(upd.notes, '', 'update clears what it was not given');
    t.same(
      (await s.ok('ckanext_showcase_list', {}, null)).map((x: any) => x.name),
      ['bus-app'],
    );
  });

  await t.test('a picture uploaded with the showcase', async (t) => {
    const r = await multipart(
      s.url,
      'ckanext_showcase_create',
      { name: 'map-app', title: 'Xarita', url: 'https://map.example.uz' },
      { image_upload: { name: 'map.png', type: 'image/png', content: PNG } },
      op.token,
    );
    t.equal(r.status, 200, JSON.stringify(r.body));
    t.equal(r.body.result.image_url, r.body.result.image_display_url);
    t.equal((await fetch(r.body.result.image_url)).status, 200);
  });

  await t.test('links to datasets, both directions, private datasets stay private', async (t) => {
    t.same(
      await s.ok(
        'ckanext_showcase_package_association_create',
        { package_id: 'population', showcase_id: 'bus-app' },
        op.token,
      ),
      { package_id: pub.id, showcase_id: (await s.ok('ckanext_showcase_show', { id: 'bus-app' })).id },
    );
    const dup = await s.call(
      'ckanext_showcase_package_association_create',
      { package_id: pub.id, showcase_id: 'bus-app' },
      { token: op.token },
    );
    t.equal(dup.status, 409);
    t.equal(
      (
        await s.call(
          'ckanext_showcase_package_association_create',
          { package_id: 'population', showcase_id: 'bus-app' },
          { token: plain.token },
        )
      ).status,
      403,
    );
    t.match(
      (
        await s.call(
          'ckanext_showcase_package_association_create',
          { package_id: 'nope', showcase_id: 'bus-app' },
          { token: op.token },
        )
      ).body.error.package_id,
      ['Not found: Dataset'],
    );
    await s.ok(
      'ckanext_showcase_package_association_create',
      { package_id: 'secret', showcase_id: 'bus-app' },
      op.token,
    );
    await s.ok(
      'ckanext_showcase_package_association_create',
      { package_id: 'population', showcase_id: 'map-app' },
      op.token,
    );

    const anonList = await s.call(
      'ckanext_showcase_package_list',
      { showcase_id: 'bus-app' },
      { get: true, token: null },
    );
    t.same(
      anonList.body.result.map((p: any) => p.name),
      ['population'],
      'the private dataset is not shown to anonymous',
    );
    t.same(
      (await s.ok('ckanext_showcase_package_list', { showcase_id: 'bus-app' })).map((p: any) => p.name),
      ['population', 'secret'],
      'a sysadmin sees both',
    );
    t.equal(
      (await s.ok('ckanext_showcase_show', { id: 'bus-app' }, null)).num_datasets,
      1,
      'counts only public datasets',
    );
    t.same(
      (await s.ok('ckanext_package_showcase_list', { package_id: 'population' }, null)).map((x: any) => x.name),
      ['bus-app', 'map-app'],
    );
    t.equal(
      (await s.call('ckanext_package_showcase_list', { package_id: 'secret' }, { token: null })).status,
      403,
      "a private dataset's showcases are not listed to anonymous",
    );
  });

  await t.test("the dataset's DCAT description names its showcases", async (t) => {
    const show = await s.ok('package_show', { id: 'population' }, null);
    t.same(
      show.showcases.map((x: any) => x.name),
      ['bus-app', 'map-app'],
    );
    const quads = await ttlOf(pub.id);
    const ds = `${s.url}/dataset/${pub.id}`;
    const related = quads
      .filter((q) => q.subject.value === ds && q.predicate.value === `${DCT}relation`)
      .map((q) => q.object.value)
      .sort();
    const bus = (await s.ok('ckanext_showcase_show', { id: 'bus-app' })).id;
    t.ok(related.includes(`${s.url}/showcase/${bus}`), 'dct:relation to the showcase');
    t.equal(related.length, 2);
    const titles = quads
      .filter((q) => q.subject.value === `${s.url}/showcase/${bus}` && q.predicate.value === `${DCT}title`)
      .map((q) => `${q.object.value}@${(q.object as any).language}`)
      .sort();
    t.same(titles, ['Avtobus 2@uz', 'Автобус 2@ru']);
    t.ok(
      quads.some(
        (q) =>
          q.subject.value === `${s.url}/showcase/${bus}` &&
          q.predicate.value === 'http://xmlns.com/foaf/0.1/page' &&
          q.object.value === 'https://bus.example.uz',
      ),
    );
    // package_update with the dict package_show returned (as ckanapi load does) keeps working.
    await s.ok('package_update', show);
  });

  await t.test('drafts are private; unlinking and deleting re-publish the dataset', async (t) => {
    await s.ok('ckanext_showcase_update', { id: 'map-app', title: 'Xarita', state: 'draft' }, op.token);
    t.equal((await s.call('ckanext_showcase_show', { id: 'map-app' }, { get: true, token: null })).status, 404);
    t.same(
      (await s.ok('ckanext_showcase_list', {}, null)).map((x: any) => x.name),
      ['bus-app'],
    );
    t.same((await s.ok('ckanext_showcase_list', {}, op.token)).map((x: any) => x.name).sort(), ['bus-app', 'map-app']);
    t.same(
      (await s.ok('ckanext_package_showcase_list', { package_id: 'population' }, null)).map((x: any) => x.name),
      ['bus-app'],
    );
    t.same(
      (await s.ok('package_show', { id: 'population' }, null)).showcases.map((x: any) => x.name),
      ['bus-app'],
      'a draft is not in the package dict',
    );
    t.equal((await ttlOf(pub.id)).filter((q) => q.predicate.value === `${DCT}relation`).length, 1, 'nor in DCAT');
    t.equal(
      await s.ok(
        'ckanext_showcase_package_association_delete',
        { package_id: 'population', showcase_id: 'bus-app' },
        op.token,
      ),
      null,
    );
    t.equal(
      (
        await s.call(
          'ckanext_showcase_package_association_delete',
          { package_id: 'population', showcase_id: 'bus-app' },
          { token: op.token },
        )
      ).status,
      404,
    );
    t.equal((await ttlOf(pub.id)).filter((q) => q.predicate.value === `${DCT}relation`).length, 0);
    t.equal(await s.ok('ckanext_showcase_delete', { id: 'bus-app' }, op.token), null);
    t.equal((await s.call('ckanext_showcase_show', { id: 'bus-app' }, { get: true })).status, 404);
    t.same(
      (await s.ok('ckanext_showcase_package_list', { showcase_id: 'map-app' }, op.token)).map((p: any) => p.name),
      ['population'],
    );
    t.equal(priv.private, true);
  });
});
