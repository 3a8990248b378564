// From a provider's claims to a person: which claim is the subject, the name, the e-mail, the national
// id; which values grant the operator and sysadmin roles; which claim lists the organizations the person
// represents (matched against organizations' external_id) and in which capacity. Paths are dot-separated
// and `[]` walks a list: `legal_info[].le_tin` is every tax number in OneID's legal_info list.
export interface RoleRule {
  claim: string;
  values: string[];
}

export interface ClaimMapping {
  subject: string;
  username: string[];
  fullname: string[];
  email: string;
  emailVerified: string | null;
  nationalId: string | null;
  /** A role is managed by the provider when it has a rule: each sign-in then grants or removes it. */
  roles: { operator: RoleRule | null; sysadmin: RoleRule | null };
  organizations: {
    claim: string;
    /** Path inside each item to its register id; '' when the items are the ids themselves. */
    externalId: string;
    capacity: { claim: string | null; values: Record<string, string>; default: string };
  } | null;
}

export interface MappedPerson {
  subject: string;
  username: string | null;
  fullname: string | null;
  email: string | null;
  nationalId: string | null;
  roles: { operator?: boolean; sysadmin?: boolean };
  /** null: the provider does not manage memberships. */
  organizations: { externalId: string; capacity: string }[] | null;
}

const CAPACITIES = ['member', 'editor', 'admin'];

/** Every value at `path` in `value`, lists flattened. */
export function pick(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const part of path.split('.').filter(Boolean)) {
    const key = part.endsWith('[]') ? part.slice(0, -2) : part;
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || typeof v !== 'object') continue;
      const got = key ? (v as Record<string, unknown>)[key] : v;
      if (part.endsWith('[]') || Array.isArray(got)) {
        if (Array.isArray(got)) next.push(...got);
      } else if (got !== undefined && got !== null) next.push(got);
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

const text = (v: unknown) =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
const first = (claims: unknown, path: string) => pick(claims, path).map(text).find(Boolean) ?? null;
const list = (v: unknown, dflt: string[]) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : dflt);

function role(v: unknown, what: string): RoleRule | null {
  if (v === undefined || v === null) return null;
  const r = v as Record<string, unknown>;
  if (typeof r.claim !== 'string' || !Array.isArray(r.values))
    throw new Error(`${what}: expected {"claim": "path", "values": [...]}`);
  return { claim: r.claim, values: r.values.map(String) };
}

export function parseMapping(raw: unknown, provider: string): ClaimMapping {
  const m = (raw ?? {}) as Record<string, unknown>;
  const orgs = m.organizations as Record<string, unknown> | undefined;
  let organizations: ClaimMapping['organizations'] = null;
  if (orgs) {
    if (typeof orgs.claim !== 'string')
      throw new Error(`provider ${provider}: mapping.organizations.claim is required`);
    const cap = (orgs.capacity ?? {}) as Record<string, unknown>;
    const values = (cap.values ?? {}) as Record<string, string>;
    const dflt = typeof cap.default === 'string' ? cap.default : 'editor';
    for (const c of [dflt, ...Object.values(values)]) {
      if (!CAPACITIES.includes(c))
        throw new Error(`provider ${provider}: capacity must be member, editor or admin: ${c}`);
    }
    organizations = {
      claim: orgs.claim,
      externalId: typeof orgs.externalId === 'string' ? orgs.externalId : '',
      capacity: { claim: typeof cap.claim === 'string' ? cap.claim : null, values, default: dflt },
    };
  }
  const roles = (m.roles ?? {}) as Record<string, unknown>;
  return {
    subject: typeof m.subject === 'string' ? m.subject : 'sub',
    username: list(m.username, ['preferred_username', 'nickname']),
    fullname: list(m.fullname, ['name']),
    email: typeof m.email === 'string' ? m.email : 'email',
    emailVerified:
      m.emailVerified === null ? null : typeof m.emailVerified === 'string' ? m.emailVerified : 'email_verified',
    nationalId: typeof m.nationalId === 'string' ? m.nationalId : null,
    roles: {
      operator: role(roles.operator, `provider ${provider}: mapping.roles.operator`),
      sysadmin: role(roles.sysadmin, `provider ${provider}: mapping.roles.sysadmin`),
    },
    organizations,
  };
}

function grants(claims: unknown, rule: RoleRule): boolean {
  return pick(claims, rule.claim)
    .map(text)
    .some((v) => rule.values.includes(v));
}

export function mapClaims(claims: Record<string, unknown>, m: ClaimMapping): MappedPerson {
  const subject = first(claims, m.subject);
  const fullnameParts = m.fullname.map((p) => first(claims, p)).filter(Boolean);
  const email = first(claims, m.email);
  const verified = m.emailVerified ? pick(claims, m.emailVerified)[0] : undefined;
  const roles: MappedPerson['roles'] = {};
  if (m.roles.operator) roles.operator = grants(claims, m.roles.operator);
  if (m.roles.sysadmin) roles.sysadmin = grants(claims, m.roles.sysadmin);
  let organizations: MappedPerson['organizations'] = null;
  if (m.organizations) {
    const o = m.organizations;
    const found = new Map<string, string>();
    for (const item of pick(claims, o.claim)) {
      const id = o.externalId ? first(item, o.externalId) : text(item);
      if (!id) continue;
      const capValue = o.capacity.claim ? first(item, o.capacity.claim) : null;
      const capacity = (capValue !== null && o.capacity.values[capValue]) || o.capacity.default;
      // Listed twice (e.g. as employee and as head): the higher capacity wins.
      const before = found.get(id);
      if (!before || CAPACITIES.indexOf(capacity) > CAPACITIES.indexOf(before)) found.set(id, capacity);
    }
    organizations = [...found].map(([externalId, capacity]) => ({ externalId, capacity }));
  }
  return {
    subject: subject ?? '',
    username: m.username.map((p) => first(claims, p)).find(Boolean) ?? null,
    // One claim is the full name; several (surname, given name, patronymic) are joined in order.
    fullname: fullnameParts.length ? fullnameParts.join(' ') : null,
    email: verified === false || verified === 'false' ? null : email,
    nationalId: m.nationalId ? first(claims, m.nationalId) : null,
    roles,
    organizations,
  };
}
