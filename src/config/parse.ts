// The small parsers every configuration section uses: one rule each for numbers, flags and counts.
export function int(v: string | undefined, dflt: number): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) && n > 0 ? Math.floor(n) : dflt;
}

export function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  return /^(1|true|yes|on)$/i.test(v);
}

export function nonNegative(v: string | undefined, dflt: number): number {
  const n = v === undefined || v === '' ? dflt : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : dflt;
}
