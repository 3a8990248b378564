// A cached answer is sent as the bytes of its whole envelope, made on its first send (RawJson): those
// bytes must be the envelope of that answer, whatever action sent it, whatever language its text is in,
// and a write must replace them before it returns. In-process callers still get the dict back.
import t from 'tap';
import { RawJson } from '../../src/actions/types.ts';
import { startServer } from '../helpers/server.ts';

t.test('RawJson keeps its envelope bytes and gives its text back', async (t) => {
  const text = '{"title":"Маълумотлар тўплами","n":1}';
  const raw = new RawJson(text);
  t.equal(raw.size, text.length, 'before a send: counted in characters');
  const a = Buffer.from('{"help": "a", "success": true, "result": ');
  const bytesA = raw.enveloped(a);
  t.equal(bytesA.toString('utf8'), `${a}${text}}`, 'the envelope around the text, as UTF-8');
  t.equal(raw.enveloped(a), bytesA, 'the same head: the same bytes, not made again');
  t.equal(raw.json, text, 'the text decoded from the bytes');
  t.equal(raw.head(9), '{"title":', 'the ASCII head read off the bytes');
  t.equal(raw.size, bytesA.length, 'after a send: counted in bytes');
  const b = Buffer.from('{"help": "bb", "success": true, "result": ');
  t.equal(raw.enveloped(b).toString('utf8'), `${b}${text}}`, 'another action sending it: its own head');
  t.equal(raw.json, text, 'the text survives the change of head');
});

t.test('package_show over HTTP: cached bytes, JSONP, writes, in-process reads', async (t) => {
  const s = await startServer(t, { config: { operatorWorkflow: false } });
  await s.ok('structure_create', { code: '1', name_translated: { uz: 'Vazirliklar' } });
  await s.ok('organization_create', { name: 'env-org', title: 'Env', code: '001', structure: '1' });
  await s.ok('package_create', { name: 'env-ds', owner_org: 'env-org', title: 'Маълумотлар тўплами' });
  const url = `${s.url}/api/3/action/package_show?id=env-ds`;

  const first = await (await fetch(url)).text();
  const second = await (await fetch(url)).text();
  t.equal(second, first, 'a repeated read: the same bytes');
  const body = JSON.parse(first);
  t.equal(body.result.title, 'Маълумотлар тўплами', 'non-ASCII text intact');
  t.equal(body.help, `${s.url}/api/3/action/help_show?name=package_show`, 'the help URL of package_show');

  const jsonp = await (await fetch(`${url}&callback=cb`)).text();
  t.equal(jsonp, `cb(${first});`, 'JSONP wraps the same envelope');

  const inProcess = await s.pasport.runner.result<any>('package_show', { id: 'env-ds' }, { user: null });
  t.equal(inProcess.title, 'Маълумотлар тўплами', 'an in-process caller gets the dict from the sent answer');

  await s.ok('package_patch', { id: 'env-ds', title: 'Набор данных' });
  const after = JSON.parse(await (await fetch(url)).text());
  t.equal(after.result.title, 'Набор данных', 'the read right after the write shows it');
});
