// Pictures of organizations and icons of spheres, uploaded as CKAN does it: a multipart file in
// `image_upload` (organizations and spheres) or `icon_upload` (spheres) on the group's own
// create/update/patch action sets `image_url` / `icon_url`. PNG, JPEG, GIF, WebP or script-free SVG.
import type { ActionContext } from '../actions/types.ts';
import { applyUploads, type UploadTarget } from './uploads/files.ts';

export async function acceptGroupUploads(
  ctx: ActionContext,
  organization: boolean,
  data: Record<string, unknown>,
  groupId: string | null,
): Promise<Record<string, unknown>> {
  const targets: UploadTarget[] = [{ field: 'image_upload', urlField: 'image_url', kind: 'icon' }];
  if (!organization) targets.push({ field: 'icon_upload', urlField: 'icon_url', kind: 'icon' });
  const asked =
    Object.keys(ctx.files).length ||
    targets.some((t) => data[t.field] !== undefined) ||
    data.clear_upload !== undefined;
  return asked ? applyUploads(ctx, data, targets, { kind: 'group', id: groupId }) : data;
}
