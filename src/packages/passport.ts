// The passport's enumerated fields, defined once: the JSON Schema enums (package input, OpenAPI), the
// TypeScript unions (package dict, deadline calculator, RDF mapping) and the checks derive from this table.
export const PASSPORT_ENUMS = {
  priority: ['high', 'medium', 'low'],
  relevance: ['high', 'medium', 'low'],
  provision: ['manual', 'automatic', 'external'],
  update_frequency: ['daily', 'monthly', 'quarterly', 'annual', 'irregular'],
} as const;

export type PassportEnumField = keyof typeof PASSPORT_ENUMS;
export type Priority = (typeof PASSPORT_ENUMS.priority)[number];
export type Relevance = (typeof PASSPORT_ENUMS.relevance)[number];
export type Provision = (typeof PASSPORT_ENUMS.provision)[number];
export type Frequency = (typeof PASSPORT_ENUMS.update_frequency)[number];

/** Frequencies with a due date (every one but `irregular`): what update control watches. */
export const PLANNED_FREQUENCIES = PASSPORT_ENUMS.update_frequency.filter(
  (f): f is Exclude<Frequency, 'irregular'> => f !== 'irregular',
);
const PLANNED: ReadonlySet<unknown> = new Set(PLANNED_FREQUENCIES);

/** Whether `value` is a frequency with due dates (the deadline calculator computes them). */
export function isPlannedFrequency(value: unknown): value is (typeof PLANNED_FREQUENCIES)[number] {
  return PLANNED.has(value);
}

/** Whether `value` is one of the field's allowed values. */
export function isPassportValue<K extends PassportEnumField>(
  field: K,
  value: unknown,
): value is (typeof PASSPORT_ENUMS)[K][number] {
  return (PASSPORT_ENUMS[field] as readonly unknown[]).includes(value);
}
