import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { RequestValidationException } from './validation';

// Far deeper than a parsed body can be (the JSON parser stops at 32 levels); a guard, not a limit.
const MAX_WALK_DEPTH = 64;

/**
 * The dotted path of the first string (value or key) holding U+0000 in a body, query or params
 * object, or undefined. PostgreSQL refuses NUL in text and in jsonb, so such input would otherwise
 * reach the database and answer 500.
 */
export function findNulCharacter(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > MAX_WALK_DEPTH) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return childPath;
    const found = findNulCharacter(child, childPath, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Global, before validation: a NUL character anywhere in the body, the query string or a path
 * parameter answers 400 naming the field, whatever the DTO says about it.
 */
@Injectable()
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const found = findNulCharacter(value, metadata.data ?? '');
    if (found !== undefined) {
      const field = (found || metadata.type).replaceAll('\u0000', '\\u0000');
      throw new RequestValidationException([{ field, messages: [`${field} must not contain the NUL character (\\u0000)`] }]);
    }
    return value;
  }
}
