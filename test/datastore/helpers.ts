// DataStore test fixtures: an organization with an editor, datasets made through the API, and multipart
// uploads to datastore_upload.
import type { TestServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';

export async function catalog(s: TestServer) {
  await makeStructure(s, '2');
  const org = await makeOrg(s, 'health', { code: '001', structure: '2' });
  const editor = await s.user('editor');
  const outsider = await s.user('outsider');
  await s.ok('member_create', { id: org.id, object: editor.name, object_type: 'user', capacity: 'editor' });
  return { org, editor, outsider };
}

/** A dataset with one (non-DataStore) resource; returns the dataset and that resource id. */
export async function dataset(s: TestServer, name: string, extra: Record<string, unknown> = {}) {
  const p = await s.ok('package_create', passport(name, 'health', extra));
  return { pkg: p, rid: p.resources[0].id as string };
}

/** A DataStore-only resource with fields, through datastore_create's `resource` dict. */
export async function dsResource(
  s: TestServer,
  packageId: string,
  fields: unknown[],
  extra: Record<string, unknown> = {},
  token?: string,
) {
  const r = await s.ok(
    'datastore_create',
    { resource: { package_id: packageId, name: 'table' }, fields, ...extra },
    token,
  );
  return r.resource_id as string;
}

export async function upload(
  s: TestServer,
  resourceId: string,
  filename: string,
  content: string | Buffer,
  fields: Record<string, string> = {},
  token: string | null = s.sysadmin.token,
) {
  const form = new FormData();
  form.append('resource_id', resourceId);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('upload', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), filename);
  const res = await fetch(`${s.url}/api/3/action/datastore_upload`, {
    method: 'POST',
    body: form,
    headers: token ? { Authorization: token } : {},
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

export async function get(s: TestServer, path: string, token: string | null = null) {
  const res = await fetch(`${s.url}${path}`, { headers: token ? { Authorization: token } : {} });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: Buffer.from(await res.arrayBuffer()),
  };
}
