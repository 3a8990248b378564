// Token scopes: what an API token may do, chosen when it is created (api_token_create `scope`). Every
// action has ONE scope class, derived here and nowhere else: an explicit `scope` on its definition, else
// `read` for side-effect-free actions, else a class from the family its name belongs to. Actions added
// later get a class from their name; a write whose family is unknown needs `admin`, the strictest.
import type { ActionDef, AuthUser } from '../actions/types.ts';
import { NotAuthorized, ValidationError } from '../errors.ts';

export const SCOPES = ['read', 'datasets:write', 'datastore:write', 'content:write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Name families of write actions, first match wins. */
const FAMILIES: [RegExp, Scope][] = [
  [/^datastore_/, 'datastore:write'],
  [/^(package|resource|dataset|descriptor|tag|vocabulary)_|^member_(create|delete)$/, 'datasets:write'],
  // What people write on the portal besides datasets: site content, showcases, comments, requests,
  // feedback, votes, surveys, their own notification marks.
  [
    /^(ckanext_showcase|showcase|page|news|faq|glossary_term|glossary|instruction|legal_act|content|comment|request|feedback|vote|survey|notification|issue|rating)_/,
    'content:write',
  ],
];

export function actionScope(def: Pick<ActionDef, 'name' | 'sideEffectFree' | 'scope'>): Scope {
  if (def.scope) return def.scope;
  if (def.sideEffectFree) return 'read';
  for (const [re, scope] of FAMILIES) if (re.test(def.name)) return scope;
  return 'admin';
}

/** `read` is in every token; `admin` includes every scope. */
export function scopeAllows(granted: readonly string[] | null | undefined, needed: Scope): boolean {
  if (!granted) return true;
  return needed === 'read' || granted.includes('admin') || granted.includes(needed);
}

/** The runner's check for the action a request called (nested calls inherit the decision). */
export function checkScope(user: AuthUser | null, def: ActionDef): void {
  if (!user?.scopes) return;
  const needed = actionScope(def);
  if (!scopeAllows(user.scopes, needed)) {
    throw new NotAuthorized(
      `This API token's scope (${user.scopes.join(' ') || 'read'}) does not allow ${def.name}: it needs ${needed}`,
    );
  }
}

/** api_token_create's `scope` (string, space/comma-separated, or list) -> stored text; null = every scope. */
export function parseScopes(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const list = (Array.isArray(value) ? value : String(value).split(/[\s,]+/))
    .map((s) => String(s).trim())
    .filter(Boolean);
  const unknown = list.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length)
    throw new ValidationError({ scope: [`Unknown scope: ${unknown.join(', ')} (known: ${SCOPES.join(', ')})`] });
  if (!list.length) throw new ValidationError({ scope: ['Name at least one scope'] });
  const set = new Set(['read', ...list]);
  return SCOPES.filter((s) => set.has(s)).join(' ');
}

export function scopesOf(stored: string | null | undefined): string[] | null {
  return stored ? stored.split(' ').filter(Boolean) : null;
}
