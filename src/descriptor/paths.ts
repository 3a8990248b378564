// Field paths as people read them: `schedule.days[2].open`, from ajv's JSON pointers.

/** `/schedule/days/2` -> `schedule.days[2]`, using the data to tell list indexes from field names. */
export function pointerToPath(pointer: string, data: unknown): string {
  if (!pointer) return '';
  let path = '';
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) path += `[${seg}]`;
    else path += path ? `.${seg}` : seg;
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return path;
}

export const joinPath = (base: string, child: string) => (base ? (child ? `${base}.${child}` : base) : child);
