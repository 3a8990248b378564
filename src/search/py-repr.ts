// CKAN prints search errors as `%r % e.args`, i.e. the repr of a one-string Python tuple; clients that
// compare messages see the same text from us.
export function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(q === "'" ? /'/g : /"/g, `\\${q}`);
  return `${q}${body}${q}`;
}

export function pyArgs(message: string): string {
  return `(${pyRepr(message)},)`;
}

export function pyList(items: string[]): string {
  return `[${items.map(pyRepr).join(', ')}]`;
}
