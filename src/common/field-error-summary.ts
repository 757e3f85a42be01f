import type { FieldErrorDto } from './error-response';

/** At most this many details in one error response; the rest are counted in detailsOmitted. */
export const MAX_ERROR_DETAILS = 20;
/** The same error on up to this many array items is reported per item, with its index. */
export const MAX_ITEMS_BEFORE_COLLAPSE = 3;
/** Distinct messages kept per detail. */
export const MAX_MESSAGES_PER_DETAIL = 5;
/** Field names and messages are cut to this many characters (unknown keys come from the client). */
export const MAX_ERROR_TEXT = 200;

export interface FieldErrorSummary {
  details: FieldErrorDto[];
  /** Details left out beyond MAX_ERROR_DETAILS. */
  omitted: number;
}

function clip(text: string): string {
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT - 1)}…` : text;
}

/** stops.17.lat -> stops.*.lat: the same mistake in every item of an array is one detail. */
function itemPattern(field: string): string {
  return field
    .split('.')
    .map((segment) => (/^\d+$/.test(segment) ? '*' : segment))
    .join('.');
}

/**
 * Bounds what a validation error sends back: a 66 KB body with a 33,000-item array once got a
 * 6.1 MB answer. Errors on more than MAX_ITEMS_BEFORE_COLLAPSE array items that share a path
 * pattern (stops.*.lat) become one detail with a count; fewer keep their indices. At most MAX_ERROR_DETAILS details, each with at
 * most MAX_MESSAGES_PER_DETAIL messages, every text clipped; what is left out is counted.
 */
export function summariseFieldErrors(errors: FieldErrorDto[]): FieldErrorSummary {
  const groups = new Map<string, { fields: FieldErrorDto[]; count: number; messages: Set<string> }>();
  for (const error of errors) {
    const pattern = itemPattern(error.field);
    let group = groups.get(pattern);
    if (!group) {
      group = { fields: [], count: 0, messages: new Set() };
      groups.set(pattern, group);
    }
    group.count++;
    if (group.fields.length < MAX_ITEMS_BEFORE_COLLAPSE + 1) group.fields.push(error);
    for (const message of error.messages) {
      if (group.messages.size >= MAX_MESSAGES_PER_DETAIL) break;
      group.messages.add(clip(message));
    }
  }
  const all = [...groups.entries()].flatMap(([pattern, group]): FieldErrorDto[] =>
    group.count <= MAX_ITEMS_BEFORE_COLLAPSE
      ? group.fields.map((error) => ({ field: clip(error.field), messages: error.messages.slice(0, MAX_MESSAGES_PER_DETAIL).map(clip) }))
      : [{ field: clip(pattern), messages: [...group.messages], count: group.count }],
  );
  return { details: all.slice(0, MAX_ERROR_DETAILS), omitted: Math.max(0, all.length - MAX_ERROR_DETAILS) };
}
